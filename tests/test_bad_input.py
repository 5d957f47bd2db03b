"""Bad input: each gets a clear message and exit code 2, and never stops the rest of a run."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from mtpolish import textio
from mtpolish.cli import main

DIRTY = "Trade grew , fast.\n"


def check(capsys, *args):
    code = main(["check", "--format", "json", *map(str, args)])
    captured = capsys.readouterr()
    return code, json.loads(captured.out or "[]"), captured.err


def test_missing_file(tmp_path, capsys):
    code, _, err = check(capsys, tmp_path / "nope.txt")
    assert code == 2 and f"{tmp_path / 'nope.txt'}: no such file or folder" in err


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ok\nbad \xc3\x28 here", "cannot decode as UTF-8 at byte 7, line 2"),
        (b"one\ntwo \x00 three", "NUL character at byte 8, line 2; is this a binary file?"),
        (
            "Hi".encode("utf-16-le"),
            "NUL character at byte 1, line 1; is this UTF-16 without a BOM?",
        ),
        (codecs.BOM_UTF16_LE + b"\x00\xd8x\x00", "cannot decode as UTF-16-LE at byte 2"),
    ],
)
def test_undecodable_and_nul_name_file_and_byte(tmp_path, capsys, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    code, _, err = check(capsys, path)
    assert code == 2 and f"{path}: {message}" in err


def test_bad_files_are_reported_and_the_rest_are_checked(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"\xff")
    (tmp_path / "b.txt").write_text(DIRTY)
    (tmp_path / "c.txt").write_bytes(b"x\x00")
    code, issues, err = check(capsys, tmp_path)
    assert code == 2
    assert {i["path"] for i in issues} == {os.path.join(str(tmp_path), "b.txt")}
    assert "a.txt: cannot decode" in err and "c.txt: NUL character" in err


def test_too_large_file_is_refused_without_reading_it(tmp_path, capsys):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # 200 MB on paper, sparse on disk: instant
        f.write(b"Trade grew , fast.\n")
        f.truncate(200 * 1000 * 1000)
    (tmp_path / "ok.txt").write_text(DIRTY)
    code, issues, err = check(capsys, tmp_path)
    assert code == 2
    # Refused on its size, before reading: a refusal after reading would give the bytes read
    # (128.0 MB and one byte), not the file's size.
    assert f"{big}: too large to check (200.0 MB; the limit is 128.0 MB)" in err
    assert [i["path"] for i in issues] == [str(tmp_path / "ok.txt")]


def test_too_large_stdin_is_refused(monkeypatch):
    monkeypatch.setattr(textio, "MAX_INPUT_BYTES", 10)
    with pytest.raises(textio.InputError, match="-: too large to check"):
        textio.read_limited(__import__("io").BytesIO(b"x" * 11), "-")


@pytest.mark.parametrize(
    ("data", "size", "read"),
    [
        (b"abc", 3, b"abc"),  # as it was looked at
        (b"abcdef", 3, b"abcdef"),  # grew since: read to its end
        (b"", 0, b""),
        (b"xyz", 0, b"xyz"),  # no size known (stdin)
        (b"x" * 11, 3, None),  # grew past the limit
        (b"x" * 10, 10, b"x" * 10),
    ],
)
def test_reads_are_sized_to_the_file_and_limited(monkeypatch, data, size, read):
    monkeypatch.setattr(textio, "MAX_INPUT_BYTES", 10)
    stream = __import__("io").BytesIO(data)
    if read is None:
        with pytest.raises(textio.InputError, match="too large to check"):
            textio.read_limited(stream, "f", size)
    else:
        assert textio.read_limited(stream, "f", size) == read


def test_fifo_is_refused_not_waited_on(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(DIRTY)
    code, issues, err = check(capsys, tmp_path)
    assert code == 2 and "pipe.txt: not a regular file (a FIFO, socket or device)" in err
    assert len(issues) == 1


def test_symlink_loops_and_broken_links(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "ok.txt").write_text(DIRTY)
    (folder / "self").symlink_to(folder, target_is_directory=True)  # a folder loop: not followed
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    code, issues, err = check(capsys, folder, folder / "loop.txt")
    assert code == 2
    assert [i["path"] for i in issues] == [os.path.join(str(folder), "ok.txt")]
    assert err.count("loop.txt: symbolic link loop") == 2
    assert "gone.txt: broken symbolic link" in err


def test_unreadable_folder_is_reported(tmp_path, capsys, monkeypatch):
    """Works as root too: the walk's error is simulated where the OS would raise it."""
    (tmp_path / "ok.txt").write_text(DIRTY)
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os, "scandir", scandir)
    code, issues, err = check(capsys, tmp_path)
    assert code == 2 and "locked: cannot read folder: Permission denied" in err
    assert len(issues) == 1


def test_unreadable_file_and_folder_for_a_real_user(tmp_path):
    """The real thing: as root, run the command as `nobody`, who cannot read them."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run the command as another user")
    base = tempfile.mkdtemp(dir="/tmp")
    try:
        os.chmod(base, 0o755)
        for name in ("locked", "open"):
            os.mkdir(os.path.join(base, name), 0o755)
        with open(os.path.join(base, "locked", "a.txt"), "w") as f:
            f.write(DIRTY)
        with open(os.path.join(base, "open", "secret.txt"), "w") as f:
            f.write(DIRTY)
        with open(os.path.join(base, "open", "b.txt"), "w") as f:
            f.write(DIRTY)
        os.chmod(os.path.join(base, "locked"), 0o000)
        os.chmod(os.path.join(base, "open", "secret.txt"), 0o000)
        try:
            probe = subprocess.run(
                [sys.executable, "-c", "import mtpolish"], user=65534, capture_output=True, cwd=base
            )
        except OSError as e:
            pytest.skip(f"user nobody cannot run this Python: {e}")
        if probe.returncode != 0:
            pytest.skip(f"user nobody cannot import mtpolish: {probe.stderr.decode()[-200:]}")
        proc = subprocess.run(
            [sys.executable, "-m", "mtpolish", "check", "-q", base],
            user=65534,
            capture_output=True,
            text=True,
            cwd=base,
            timeout=120,
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert proc.returncode == 2
    assert "locked: cannot read folder: Permission denied" in proc.stderr
    assert "secret.txt: permission denied" in proc.stderr
    assert "b.txt:1:11: zh-en/space-before-punctuation" in proc.stdout


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert main(["check", str(path)]) == 0
    assert "No issues in 1 file" in capsys.readouterr().out
    assert main(["check", "--fix", str(path)]) == 0
    assert path.read_bytes() == b""


def test_mixed_line_endings_positions_and_fix(tmp_path, capsys):
    path = tmp_path / "mixed.txt"
    raw = b"One.\r\nTwo , three.\nFour , five.\rSix , seven."
    path.write_bytes(raw)
    code, issues, _ = check(capsys, path)
    assert code == 1
    assert [(i["line"], i["column"]) for i in issues] == [(2, 4), (3, 5), (4, 4)]
    assert main(["check", "--fix", "-q", str(path)]) == 0
    assert path.read_bytes() == b"One.\r\nTwo, three.\nFour, five.\rSix, seven."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_checked_and_fixed_in_place(tmp_path, capsys, codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "u16.txt"
    path.write_bytes(bom + "Zhè: trade grew , fast.\r\n".encode(codec))
    code, issues, _ = check(capsys, path)
    assert code == 1 and issues[0]["column"] == 16
    assert main(["check", "--fix", "-q", str(path)]) == 0
    assert path.read_bytes() == bom + "Zhè: trade grew, fast.\r\n".encode(codec)


def test_one_megabyte_line(tmp_path, capsys, monkeypatch):
    """A 1 MB line is checked (the sample article's prose, repeated on one line), and the text
    output shows a bounded excerpt of it, not the line."""
    from mtpolish.checks import base

    monkeypatch.setattr(base, "PATTERN_TIMEOUT", 30.0)
    sentence = "Trade grew , fast and the market grew as well. "
    path = tmp_path / "line.txt"
    path.write_text((sentence * (1_000_000 // len(sentence)))[:1_000_000] + "\n")
    assert main(["check", "--select", "zh-en/space-before-punctuation", str(path)]) == 1
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 300
    assert f"{path}:1:11: zh-en/space-before-punctuation" in out
