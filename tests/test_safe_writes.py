"""Fixes never lose text: atomic writes that keep the file as it was in every other respect."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from mtpolish import textio
from mtpolish.cli import main
from mtpolish.engine import Engine

DIRTY = "Trade grew , fast."
FIXED = "Trade grew, fast."


def fix(*paths, extra=()):
    return main(["check", "--fix", "-q", *extra, *map(str, paths)])


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n"])
def test_trailing_newline_or_its_absence_is_kept(tmp_path, ending):
    path = tmp_path / "t.txt"
    path.write_bytes((DIRTY + ending).encode())
    assert fix(path) == 0
    assert path.read_bytes() == (FIXED + ending).encode()


def test_bom_mode_and_owner_are_kept(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(codecs.BOM_UTF8 + DIRTY.encode())
    path.chmod(0o604)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    assert fix(path) == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + FIXED.encode()
    info = path.stat()
    assert info.st_mode & 0o7777 == 0o604
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (65534, 65534)


def test_write_is_a_rename_of_a_synced_temporary_in_the_same_folder(tmp_path, monkeypatch):
    path = tmp_path / "t.txt"
    path.write_text(DIRTY)
    calls = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))

    def replace(src, dst):
        calls.append("replace")
        assert os.path.dirname(src) == str(tmp_path)
        assert Path(src).read_text() == FIXED  # complete before it takes the file's place
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert fix(path) == 0
    assert calls[:2] == ["fsync", "replace"]
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_file_changed_between_read_and_write_is_not_overwritten(tmp_path, monkeypatch, capsys):
    path = tmp_path / "t.txt"
    other = tmp_path / "u.txt"
    path.write_text(DIRTY)
    other.write_text(DIRTY)
    real_fix = Engine.fix

    def fix_while_someone_edits(self, text, **options):
        if options["path"] == str(path):
            path.write_text("Someone else's edit , saved.")
        return real_fix(self, text, **options)

    monkeypatch.setattr(Engine, "fix", fix_while_someone_edits)
    assert fix(path, other) == 2
    assert f"{path}: changed on disk while being checked; not rewritten" in capsys.readouterr().err
    assert path.read_text() == "Someone else's edit , saved."
    assert other.read_text() == FIXED  # the other file is still fixed


def test_change_during_the_write_itself_is_caught(tmp_path, monkeypatch, capsys):
    """The second look, just before the rename: an edit saved while the temporary was written."""
    path = tmp_path / "t.txt"
    path.write_text(DIRTY)
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        path.write_text("Saved meanwhile.")

    monkeypatch.setattr(os, "fsync", fsync)
    assert fix(path) == 2
    assert "changed on disk" in capsys.readouterr().err
    assert path.read_text() == "Saved meanwhile."
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_diff_writes_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "t.txt"
    path.write_text(DIRTY)
    before = path.stat()
    monkeypatch.setattr(textio, "write", lambda *a: pytest.fail("--diff wrote a file"))
    assert main(["check", "--diff", str(path)]) == 1
    assert "+" + FIXED in capsys.readouterr().out
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_failed_verification_writes_nothing(tmp_path, monkeypatch, capsys):
    from mtpolish import fixing

    path = tmp_path / "t.txt"
    path.write_text(DIRTY)
    monkeypatch.setattr(fixing, "apply", lambda text, edits: "lost " + text)
    assert fix(path) == 2
    assert "changed outside the edited spans" in capsys.readouterr().err
    assert path.read_text() == DIRTY


def test_symlinked_file_is_rewritten_through_the_link(tmp_path):
    target = tmp_path / "real.txt"
    link = tmp_path / "link.txt"
    target.write_text(DIRTY)
    link.symlink_to(target)
    assert fix(link) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == FIXED


def test_read_only_file_is_not_rewritten(tmp_path, capsys):
    path = tmp_path / "t.txt"
    other = tmp_path / "u.txt"
    path.write_text(DIRTY)
    other.write_text(DIRTY)
    path.chmod(0o444)
    assert fix(path, other) == 2
    assert f"{path}: read-only file; not rewritten" in capsys.readouterr().err
    assert path.read_text() == DIRTY
    assert other.read_text() == FIXED


def test_unwritable_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    """As root any folder is writable, so the OS refusal is simulated where it would happen."""
    path = tmp_path / "t.txt"
    path.write_text(DIRTY)

    def mkstemp(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(textio.tempfile, "mkstemp", mkstemp)
    assert fix(path) == 2
    assert f"{path}: cannot write: Permission denied" in capsys.readouterr().err
    assert path.read_text() == DIRTY
