"""Large plain-text files are checked in pieces: the issues, positions, word counts, reports and
errors must be those of checking the whole text."""

from __future__ import annotations

import codecs
import json
import pickle
import random

import pytest
from conftest import break_workers

from mtpolish import Engine, runner, textio
from mtpolish import engine as engine_module
from mtpolish.cli import main
from mtpolish.errors import InputError
from mtpolish.issue import Issue
from mtpolish.issuerows import IssueRows

PARAGRAPH = (
    "Some netizens said the province , which is famous for 四千精神, became a hot search.\r\n"
    "Gathered a large number of old customers 😀.\r\n\r\n"
    "Trade grew , fast. (Finish)\n\n"
)
LONG_LINE = "Trade grew and exports rose. " * 120 + "Brother provinces , too.\n"
TEXT = PARAGRAPH * 30 + LONG_LINE + PARAGRAPH * 5


@pytest.fixture(scope="module")
def bundled() -> Engine:
    # Rules whose scope is a whole document or paragraph may differ by design when a text is cut.
    return Engine.bundled(ignore=["zh-en/scare-quotes", "zh-en/untranslated-passage"])


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(runner, "STREAM_ABOVE", 1000)
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 700)
    monkeypatch.setattr(textio, "STREAM_BLOCK", 500)


def pieces(text: str, seed: int) -> list[str]:
    """`text` cut at random places, some inside a CRLF or a paragraph break."""
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 60)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def test_check_stream_gives_the_issues_of_a_whole_text_check(bundled, monkeypatch):
    whole = bundled.check(TEXT)  # one document: no chunks
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 700)
    assert len(list(engine_module._chunks(TEXT))) > 10
    assert len({i.line for i in whole}) > 60
    for seed in range(5):
        streamed = list(bundled.check_stream(pieces(TEXT, seed)))
        assert streamed == whole
        assert [i.model_dump() for i in streamed] == [i.model_dump() for i in whole]


def test_check_stream_cuts_where_check_cuts(bundled, monkeypatch):
    # Cut inside a line without spaces: chunks differ from the whole text by design, but the
    # stream must give exactly what `check` gives for the same chunks.
    text = PARAGRAPH * 10 + "x" * 1500 + " netizens , ok\n" + PARAGRAPH * 3
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 300)
    chunked = bundled.check(text)
    assert [i.model_dump() for i in bundled.check_stream(pieces(text, 7))] == [
        i.model_dump() for i in chunked
    ]


def test_small_and_markdown_streams_are_checked_whole(bundled, monkeypatch):
    monkeypatch.setattr(engine_module, "CHUNK", 10)  # would cut if it were used
    assert list(bundled.check_stream(pieces(PARAGRAPH, 1))) == bundled.check(PARAGRAPH)
    markdown = "# Title\n\n" + PARAGRAPH * 3
    streamed = list(bundled.check_stream(pieces(markdown, 2), markup="markdown"))
    assert streamed == bundled.check(markdown, markup="markdown")


ENCODINGS = {
    "utf-8": b"",
    "utf-8 BOM": codecs.BOM_UTF8,
    "utf-16-le BOM": codecs.BOM_UTF16_LE,
    "utf-16-be BOM": codecs.BOM_UTF16_BE,
}


@pytest.mark.parametrize("kind", ENCODINGS)
@pytest.mark.parametrize("block", [1, 7, 500, None])
def test_stream_decodes_as_read_does(tmp_path, kind, block):
    path = tmp_path / "a.txt"
    bom = ENCODINGS[kind]
    path.write_bytes(bom + TEXT.encode(kind.split()[0]))
    parts = list(textio.stream(path, block=block))
    assert "".join(parts) == textio.read(path).text == TEXT
    assert all(p.endswith(("\n", " ")) for p in parts[:-1])  # never inside a word


@pytest.mark.parametrize(
    ("tail", "line"),
    [
        (b"ok\nbad \xc3\x28 here\n", 2),  # an invalid continuation byte
        (b"cut short \xe5\x9b", 1),  # the file ends inside a character
        (b"one\ntwo \x00 three", 2),
    ],
)
@pytest.mark.parametrize("block", [3, 64, None])
def test_stream_reports_a_late_bad_byte_as_read_does(tmp_path, tail, line, block):
    path = tmp_path / "bad.txt"
    path.write_bytes(TEXT.encode() + tail)
    with pytest.raises(InputError) as whole:
        textio.read(path)
    with pytest.raises(InputError) as streamed:
        "".join(textio.stream(path, block=block))
    assert str(streamed.value) == str(whole.value)
    assert f", line {TEXT.count(chr(10)) + line}" in str(whole.value)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--min-severity", "info", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kind", ENCODINGS)
def test_cli_streams_a_large_file_with_the_same_report(tmp_path, capsys, monkeypatch, kind):
    path = tmp_path / "big.txt"
    path.write_bytes(ENCODINGS[kind] + TEXT.encode(kind.split()[0]))
    whole_json = run(capsys, "--format", "json", str(path))
    whole_text = run(capsys, str(path))
    # Now large: streamed and chunked; reading it whole would fail.
    monkeypatch.setattr(runner, "STREAM_ABOVE", 1000)
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 700)
    monkeypatch.setattr(textio, "STREAM_BLOCK", 500)
    monkeypatch.setattr(textio, "read", lambda *a: pytest.fail("read whole"))
    assert run(capsys, "--format", "json", str(path)) == whole_json
    # Same source lines under each issue (read again), same word count in the summary.
    assert run(capsys, str(path)) == whole_text
    assert whole_json[0] == 1 and len(json.loads(whole_json[1])) > 100
    assert "    | Some netizens said the province" in whole_text[1]


def test_cli_reports_a_bad_byte_late_in_a_streamed_file(tmp_path, capsys, small_chunks):
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() + b"fine\nbad \xff here\n")
    lines = TEXT.count("\n")
    code, out, err = run(capsys, "--format", "json", str(path))
    assert code == 2 and json.loads(out or "[]") == []
    byte = len(TEXT.encode()) + 9
    assert f"{path}: cannot decode as UTF-8 at byte {byte}, line {lines + 2}: " in err


def test_fix_and_diff_still_read_the_whole_file(tmp_path, capsys, small_chunks):
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode())
    code, out, _ = run(capsys, "--diff", str(path))
    assert code == 1 and "+Trade grew, fast. (Finish)" in out
    assert path.read_bytes() == TEXT.encode()


def test_issue_rows_give_back_the_issues(bundled):
    issues = bundled.check(TEXT, path="a.txt")
    assert any(i.fix for i in issues) and any(not i.suggestions for i in issues)
    rows = IssueRows(issues)
    assert len(rows) == len(issues) and rows == issues
    assert [i.model_dump() for i in rows] == [i.model_dump() for i in issues]
    assert rows[3] == issues[3] and rows[-2:] == issues[-2:]
    assert pickle.loads(pickle.dumps(rows)) == issues  # sent back by pool workers
    assert all(isinstance(i, Issue) for i in rows)
    # What is read is a copy: changing it does not change the rows.
    rows[0].suggestions.append("x")
    assert rows[0] == issues[0]


SUPPRESSED = (
    "<!-- mtpolish-disable zh-en/netizens -->\n\n"
    + PARAGRAPH * 12
    + "<!-- mtpolish-disable zh-en/hot-search -->\n\n"  # used: hot search below
    + PARAGRAPH * 6
    + "<!-- mtpolish-enable zh-en/netizens -->\n\n"
    + PARAGRAPH * 6
    + "<!-- mtpolish-disable zh-en/no-such-rule -->\n\n"  # unused
    + PARAGRAPH * 3
)


@pytest.mark.parametrize("seed", [0, 1])
def test_suppression_comments_reach_across_chunks(bundled, monkeypatch, seed):
    whole = bundled.check(SUPPRESSED, report_unused_suppressions=True)

    def starts(rule: str) -> list[int]:
        return [i.start for i in whole if i.rule == rule]

    hot_search_off = SUPPRESSED.index("zh-en/hot-search")
    assert starts("zh-en/hot-search") and max(starts("zh-en/hot-search")) < hot_search_off
    assert starts("zh-en/netizens")
    assert min(starts("zh-en/netizens")) > SUPPRESSED.index("mtpolish-enable")
    assert starts("mtpolish/unused-suppression") == [
        SUPPRESSED.index("<!-- mtpolish-disable zh-en/no")
    ]
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 300)
    assert len(list(engine_module._chunks(SUPPRESSED))) > 10
    chunked = bundled.check(SUPPRESSED, report_unused_suppressions=True)
    assert [i.model_dump() for i in chunked] == [i.model_dump() for i in whole]
    streamed = list(bundled.check_stream(pieces(SUPPRESSED, seed), report_unused_suppressions=True))
    assert streamed[-1].rule == "mtpolish/unused-suppression"  # known only at the end
    assert sorted(streamed, key=lambda i: (i.start, i.end, i.rule)) == chunked


def test_chunks_checked_by_other_processes_give_the_same_issues(bundled, monkeypatch):
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 300)
    serial = bundled.check(SUPPRESSED, report_unused_suppressions=True)
    pool = runner.ChunkPool({"k": bundled}, jobs=3)
    here: list[str] = []
    check_document = bundled.check_document
    monkeypatch.setattr(
        bundled, "check_document", lambda text, **o: here.append(text) or check_document(text, **o)
    )
    try:
        parallel = list(
            bundled.check_stream(
                pieces(SUPPRESSED, 3), report_unused_suppressions=True, map_chunks=pool.mapper("k")
            )
        )
    finally:
        pool.close()
    assert sorted(parallel, key=lambda i: (i.start, i.end, i.rule)) == serial
    chunks = len(list(engine_module._chunks(SUPPRESSED)))
    assert 0 < len(here) < chunks  # this process checked some chunks, the workers the rest


@pytest.mark.parametrize("source", ["streamed file", "file read whole", "stdin"])
def test_cli_checks_a_large_text_with_two_processes_as_with_one(
    tmp_path, capsys, monkeypatch, small_chunks, source
):
    if source == "file read whole":
        monkeypatch.setattr(runner, "STREAM_ABOVE", 10**9)  # still checked in chunks
    path = tmp_path / "big.txt"
    path.write_text(SUPPRESSED + TEXT, encoding="utf-8")
    args = ["--report-unused-suppressions", "--format", "json"]
    if source == "stdin":
        monkeypatch.setattr("sys.stdin", open(path, encoding="utf-8"))  # noqa: SIM115
        args.append("-")
    else:
        args.append(str(path))
    serial = run(capsys, "-j", "1", *args)
    if source == "stdin":
        monkeypatch.setattr("sys.stdin", open(path, encoding="utf-8"))  # noqa: SIM115
    assert run(capsys, "-j", "2", *args) == serial
    issues = json.loads(serial[1])
    assert len(issues) > 100 and issues[-1]["rule"] != "mtpolish/unused-suppression"
    assert [i["start"] for i in issues] == sorted(i["start"] for i in issues)
    assert sum(i["rule"] == "mtpolish/unused-suppression" for i in issues) == 1


@pytest.mark.parametrize("failure", ["worker dies", "no processes"])
def test_chunks_are_checked_here_when_workers_fail(bundled, monkeypatch, failure):
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 700)
    serial = bundled.check(TEXT)
    break_workers(monkeypatch, failure, "_check_document")
    pool = runner.ChunkPool({"k": bundled}, jobs=2)
    try:
        assert bundled.check(TEXT, map_chunks=pool.mapper("k")) == serial
    finally:
        pool.close()


def test_fix_of_a_large_file_with_two_processes_as_with_one(tmp_path, capsys, small_chunks):
    fixed = []
    for jobs in ("1", "2"):
        path = tmp_path / f"big{jobs}.txt"
        path.write_text(TEXT, encoding="utf-8")
        run(capsys, "-j", jobs, "--fix", str(path))
        fixed.append(path.read_text(encoding="utf-8"))
    assert fixed[0] == fixed[1] != TEXT
    assert "province , which" not in fixed[0] and "province, which" in fixed[0]
