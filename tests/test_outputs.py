"""Each output format against a reviewed golden file; SARIF against the official schema.

Regenerate after a reviewed change: `MTPOLISH_UPDATE_GOLDEN=1 python -m pytest tests/test_outputs.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mtpolish.cli import main

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github"}


def render(fmt: str, capsys, monkeypatch, *extra: str) -> str:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    main(["check", "--format", fmt, "--min-severity", "info", *extra, "input.txt"])
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt, capsys, monkeypatch):
    out = render(fmt, capsys, monkeypatch)
    golden = GOLDEN / f"expected.{FORMATS[fmt]}"
    if os.environ.get("MTPOLISH_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_validates_against_the_official_schema(capsys, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.exists():
        pytest.skip(
            f"the SARIF schema is not at {SCHEMA} (it lives in ../shared, beside the project)"
        )
    log = json.loads(render("sarif", capsys, monkeypatch))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert log["runs"][0]["results"]


def test_colour_only_when_asked(capsys, monkeypatch):
    assert "\033[" not in render("text", capsys, monkeypatch)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.chdir(GOLDEN)
    main(["check", "input.txt"])
    coloured = capsys.readouterr().out
    assert "\033[31m[major]\033[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", "input.txt"])
    assert "\033[" not in capsys.readouterr().out


def test_statistics_and_quiet(capsys, monkeypatch):
    stats = render("text", capsys, monkeypatch, "--statistics").splitlines()
    assert "1  zh-en/hot-search [major]" in stats
    assert len(stats) == 8 and stats[-1].startswith("Found 7 issues")
    assert not any(line.startswith("input.txt:") for line in stats)
    quiet = render("text", capsys, monkeypatch, "--quiet")
    assert all(line.startswith("input.txt:") for line in quiet.splitlines())


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("texts", [["Clean text."], ["Netizens said.", "A hot search.\nOk."]])
def test_json_reports_written_in_pieces_are_laid_out_as_one_dump(fmt, texts, tmp_path, capsys):
    # The report is written issue by issue; the bytes must be those of `json.dumps` of it whole.
    paths = []
    for n, text in enumerate(texts):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    main(["check", "--format", fmt, "--min-severity", "info", "--exit-zero", *map(str, paths)])
    out = capsys.readouterr().out
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    found = json.loads(out)
    issues = found if fmt == "json" else found["runs"][0]["results"]
    assert len(issues) == (0 if texts == ["Clean text."] else 2)
