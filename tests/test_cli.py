"""The command line (Contract 3): formats, exit codes, stdin, fixes written faithfully."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pytest
from conftest import CONTRACT_KEYS, FIXTURES

from mtpolish.cli import main

SAMPLE = FIXTURES / "zhejiang-charter-flights.txt"
CLEAN = "The province organised charter flights so that exporters could meet customers abroad.\n"
DIRTY = "Officials from brother provinces said it , loudly.\n"


def run(*args, stdin: bytes | None = None, cwd=None):
    """The real command, in a child process, as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "mtpolish", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_sample_has_issues_and_exits_1(tmp_path):
    code, out, _ = run("check", str(SAMPLE), cwd=tmp_path)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(str(SAMPLE) + ":")]
    assert any(": zh-en/hot-search [major] " in line for line in lines)
    assert out.rstrip().splitlines()[-1].startswith("Found ")
    assert "per 1000 words" in out


def test_clean_text_exits_0(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN)
    assert main(["check", str(path)]) == 0
    assert "No issues" in capsys.readouterr().out


def test_json_contract(tmp_path, capsys):
    (tmp_path / "b.txt").write_text(DIRTY)
    (tmp_path / "a.txt").write_text("x\n" + DIRTY)
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    issues = json.loads(capsys.readouterr().out)
    assert [(i["path"], i["start"]) for i in issues] == sorted(
        (i["path"], i["start"]) for i in issues
    )
    assert issues[0]["path"] == os.path.join(str(tmp_path), "a.txt")
    text = (tmp_path / "a.txt").read_text()
    for issue in issues:
        if issue["path"].endswith("a.txt"):
            assert text[issue["start"] : issue["end"]] == issue["text"]
        assert tuple(issue) == CONTRACT_KEYS


def test_text_lines_are_parseable(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    main(["check", str(path)])
    out = capsys.readouterr().out.splitlines()
    issue_lines = [line for line in out if line.startswith(f"{path}:")]
    assert issue_lines[0] == (
        f"{path}:1:16: zh-en/brother-provinces [major] "
        '"brother provinces" calques 兄弟省份; English says "other provinces".'
    )
    assert '    = suggestion: "other provinces", "neighbouring provinces" (unsafe fix)' in out
    assert "    |                ^^^^^^^^^^^^^^^^^" in out
    assert len(issue_lines) == 2


def test_stdin(capsys, monkeypatch):
    code, out, _ = run("check", "--format", "json", "-", stdin=DIRTY.encode())
    assert code == 1
    assert {i["path"] for i in json.loads(out)} == {"-"}


def test_fail_on(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("It grew , fast.\n")  # minor only
    assert main(["check", "--quiet", "--fail-on", "major", str(path)]) == 0
    assert main(["check", "--quiet", "--fail-on", "minor", str(path)]) == 1


def test_min_severity_shows_picky_hints_on_request(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text("Some netizens said so.\n")  # an info rule only
    assert main(["check", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["check", "--format", "json", "--min-severity", "info", str(path)]) == 0
    assert [i["rule"] for i in json.loads(capsys.readouterr().out)] == ["zh-en/netizens"]


def test_select_ignore_and_unknown_selector(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    assert main(["check", "--select", "zh-en/brother-*", "--format", "json", str(path)]) == 1
    assert {i["rule"] for i in json.loads(capsys.readouterr().out)} == {"zh-en/brother-provinces"}
    assert main(["check", "--ignore", "zh-en", str(path)]) == 0
    assert main(["check", "--select", "zh-en/no-such-rule", str(path)]) == 2
    assert "matches no rule" in capsys.readouterr().err


def test_fix_writes_atomically_keeping_bom_line_endings_and_mode(tmp_path):
    path = tmp_path / "d.txt"
    original = codecs.BOM_UTF8 + b"Its brother provinces said it , loudly .\r\nNext line\r\n"
    path.write_bytes(original)
    path.chmod(0o640)
    assert main(["check", "--fix", "--quiet", str(path)]) == 1  # brother provinces: unsafe
    expected = b"Its brother provinces said it, loudly.\r\nNext line\r\n"
    assert path.read_bytes() == codecs.BOM_UTF8 + expected
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]  # no temporary file left


def test_fix_keeps_utf16(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Trade grew , fast.\n".encode("utf-16-le"))
    assert main(["check", "--fix", "--quiet", str(path)]) == 0
    assert path.read_bytes() == codecs.BOM_UTF16_LE + "Trade grew, fast.\n".encode("utf-16-le")


def test_unsafe_fixes(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    main(["check", "--fix", "--unsafe-fixes", "--quiet", str(path)])
    assert path.read_text() == "Officials from other provinces said it, loudly.\n"


def test_diff_writes_nothing(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    assert main(["check", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        "-Officials from brother provinces said it , loudly.\n+Officials from brother provinces said it, loudly.\n"
        in out
    )
    assert path.read_text() == DIRTY


def test_fix_report_shows_the_fixed_text(tmp_path, capsys):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    assert main(["check", "--fix", str(path)]) == 1
    out = capsys.readouterr().out
    assert "    | Officials from brother provinces said it, loudly." in out
    assert out.rstrip().splitlines()[-1].startswith("Fixed 1 issue. Found 1 issue (1 major)")


def test_fix_on_stdin_prints_the_fixed_text():
    code, out, _ = run("check", "--fix", "-", stdin=b"It grew , fast.\n")
    assert (code, out) == (0, "It grew, fast.\n")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Hot search \xff\xfe broken", "cannot decode as UTF-8 at byte 11, line 1"),
        (b"ok\nbad \xc3\x28 here", "cannot decode as UTF-8 at byte 7, line 2"),
        (b"nul \x00 byte", "NUL character"),
        (codecs.BOM_UTF32_LE + "x".encode("utf-32-le"), "UTF-32 is not supported"),
    ],
)
def test_undecodable_input_exits_2_and_is_untouched(tmp_path, capsys, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert main(["check", "--fix", str(path)]) == 2
    assert f"{path}: " in capsys.readouterr().err
    assert path.read_bytes() == data
    code, _, err = run("check", str(path))
    assert code == 2 and message in err


def test_one_bad_file_does_not_stop_the_rest(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe\xfd")
    (tmp_path / "b.txt").write_text(DIRTY)
    assert main(["check", "--format", "json", str(tmp_path), str(tmp_path / "missing.txt")]) == 2
    captured = capsys.readouterr()
    assert {i["path"] for i in json.loads(captured.out)} == {os.path.join(str(tmp_path), "b.txt")}
    assert "missing.txt: no such file or folder" in captured.err


def test_bad_rule_file_exits_2(tmp_path, capsys):
    rules = tmp_path / "r.yaml"
    rules.write_text("pack: mine\nrules:\n  - id: x\n    kind: existence\n")
    assert main(["check", "--rules", str(rules), str(SAMPLE)]) == 2
    assert f"{rules}:3:" in capsys.readouterr().err


def test_rules_list_show_and_test(tmp_path, capsys):
    assert main(["rules"]) == 0
    assert "zh-en/hot-search" in capsys.readouterr().out
    assert main(["rules", "show", "zh-en/hot-search"]) == 0
    shown = capsys.readouterr().out
    assert "热搜" in shown and "bad:" in shown and "fixed:" in shown
    assert main(["rules", "show", "zh-en/nope"]) == 2
    own = tmp_path / "own.yaml"
    own.write_text(
        "pack: own\nrules:\n  - id: cat\n    kind: existence\n    category: style/x\n"
        "    severity: minor\n    message: cat\n    pattern: cat\n"
        "    examples:\n      - bad: a dog\n      - good: a cat\n"
    )
    assert main(["rules", "test", str(own)]) == 1
    out = capsys.readouterr().out
    assert "own/cat: does not flag bad text 'a dog'" in out
    assert "0 passed, 1 failed" in out


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("mtpolish ")
    code, out, _ = run("check", "--help")
    assert code == 0 and "--unsafe-fixes" in out


def test_rule_reference_is_up_to_date(capsys):
    """docs/rules.md is generated; regenerate with `mtpolish rules doc > docs/rules.md`."""
    assert main(["rules", "doc"]) == 0
    assert (FIXTURES.parent / "docs" / "rules.md").read_text(
        encoding="utf-8"
    ) == capsys.readouterr().out


def test_undecodable_stdin_is_reported_and_the_other_files_checked(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(DIRTY)
    code, out, err = run("check", "--quiet", "-", str(path), stdin=b"bad \xff\n")
    assert code == 2
    assert "-: cannot decode as UTF-8 at byte 4" in err
    assert f"{path}:1:16: zh-en/brother-provinces" in out


def test_summary_counts_the_words_of_every_file(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("The council met on Monday.\n\nIt approved the budget.\n")
    (tmp_path / "b.md").write_text("# Budget\n\nThe plan costs 35 million yuan.\n")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "No issues in 2 files (16 words)."
