"""Real workflows: configuration files, suppression comments, vocabulary, many files."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from mtpolish import Engine, config
from mtpolish.cli import main

DIRTY = "Officials from brother provinces said it , loudly.\n"


@pytest.fixture(autouse=True)
def fresh_config_cache():
    config.load.cache_clear()
    config._config_in.cache_clear()
    yield


def rules_of(capsys):
    return sorted({i["rule"] for i in json.loads(capsys.readouterr().out)})


# configuration --------------------------------------------------------------------------------


def test_config_found_by_walking_up(tmp_path, capsys):
    (tmp_path / ".mtpolish.toml").write_text('ignore = ["zh-en/brother-provinces"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "x.txt").write_text(DIRTY)
    assert main(["check", "--format", "json", str(deep / "x.txt")]) == 1
    assert rules_of(capsys) == ["zh-en/space-before-punctuation"]


def test_mtpolish_toml_wins_over_pyproject_and_pyproject_needs_its_table(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.mtpolish]\nselect = ["zh-en/brother-*"]\n')
    (tmp_path / "x.txt").write_text(DIRTY)
    main(["check", "--format", "json", str(tmp_path / "x.txt")])
    assert rules_of(capsys) == ["zh-en/brother-provinces"]
    (tmp_path / ".mtpolish.toml").write_text('select = ["zh-en/space-*"]\n')
    config._config_in.cache_clear()
    main(["check", "--format", "json", str(tmp_path / "x.txt")])
    assert rules_of(capsys) == ["zh-en/space-before-punctuation"]
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.mtpolish]
    (sub / "y.txt").write_text(DIRTY)
    main(["check", "--format", "json", str(sub / "y.txt")])
    assert rules_of(capsys) == ["zh-en/space-before-punctuation"]


def test_config_severity_fail_on_min_severity_and_vocabulary(tmp_path, capsys):
    (tmp_path / ".mtpolish.toml").write_text(
        'fail-on = "major"\nmin-severity = "info"\nvocabulary-files = ["accept.txt"]\n'
        '[severity]\n"zh-en/brother-provinces" = "info"\n'
    )
    (tmp_path / "accept.txt").write_text("# accepted\nnetizens\n")
    (tmp_path / "x.txt").write_text("Netizens and brother provinces said it , loudly.\n")
    assert main(["check", "--format", "json", str(tmp_path / "x.txt")]) == 0  # nothing major
    issues = json.loads(capsys.readouterr().out)
    assert {(i["rule"], i["severity"]) for i in issues} == {
        ("zh-en/brother-provinces", "info"),
        ("zh-en/space-before-punctuation", "minor"),
    }


def test_config_extra_rules_relative_to_config(tmp_path, capsys):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "style.yaml").write_text(
        "pack: house\nrules:\n  - id: utilise\n    kind: substitution\n"
        "    category: style/wordiness\n    severity: minor\n    message: Prefer use.\n"
        "    pattern: '\\butilise\\b'\n    suggestions: [use]\n"
    )
    (tmp_path / ".mtpolish.toml").write_text('rules = ["house"]\nselect = ["house"]\n')
    (tmp_path / "x.txt").write_text("We utilise it.\n")
    assert main(["check", "--format", "json", str(tmp_path / "x.txt")]) == 1
    assert rules_of(capsys) == ["house/utilise"]


def test_config_language(tmp_path, capsys):
    german = "Die Regierung hat heute neue Maßnahmen beschlossen, um den Außenhandel zu stärken.\n"
    (tmp_path / "x.txt").write_text(german)
    command = [
        "check",
        "--format",
        "json",
        "--select",
        "zh-en/untranslated-passage",
        str(tmp_path / "x.txt"),
    ]
    assert main(command) == 1
    capsys.readouterr()
    (tmp_path / ".mtpolish.toml").write_text('language = ["en", "de"]\n')
    config._config_in.cache_clear()  # the lookup is cached per process
    assert main(command) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fail-on = "huge"\n', "key 'fail-on'"),
        ("colour = 1\n", "key 'colour': Extra inputs are not permitted"),
        ("select = [\n", "invalid TOML"),
        ('packs = ["klingon"]\n', "key 'packs': no bundled pack named klingon"),
        ('ignore = ["zh-en/nope"]\n', "--ignore 'zh-en/nope' matches no rule"),
    ],
)
def test_bad_config_names_file_and_key_and_exits_2(tmp_path, capsys, content, message):
    (tmp_path / ".mtpolish.toml").write_text(content)
    (tmp_path / "x.txt").write_text(DIRTY)
    assert main(["check", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert message in err
    if "matches no rule" not in message:
        assert str(tmp_path / ".mtpolish.toml") in err


def test_explicit_config_option(tmp_path, capsys):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('select = ["zh-en/space-*"]\n')
    (tmp_path / "x.txt").write_text(DIRTY)
    main(["check", "--format", "json", "--config", str(cfg), str(tmp_path / "x.txt")])
    assert rules_of(capsys) == ["zh-en/space-before-punctuation"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_nested_configs_each_apply_to_their_folder_in_one_walk(tmp_path, capsys, jobs):
    # The lookup is made once per folder in a run: each folder must still get its own nearest.
    (tmp_path / ".mtpolish.toml").write_text('ignore = ["zh-en/brother-provinces"]\n')
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / ".mtpolish.toml").write_text('select = ["zh-en/brother-*"]\n')
    for folder in ["", "inner", "inner/deeper", "other"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        for n in range(5):  # 20 files: enough for the process pool with --jobs 2
            (tmp_path / folder / f"f{n}.txt").write_text(DIRTY)
    main(["check", "--format", "json", "--jobs", jobs, str(tmp_path)])
    found: dict[str, set[str]] = {}
    for issue in json.loads(capsys.readouterr().out):
        folder = os.path.dirname(os.path.relpath(issue["path"], tmp_path))
        found.setdefault(folder, set()).add(issue["rule"])
    outer, inner = {"zh-en/space-before-punctuation"}, {"zh-en/brother-provinces"}
    assert found == {"": outer, "other": outer, "inner": inner, "inner/deeper": inner}


def test_finder_looks_each_folder_up_once(tmp_path, monkeypatch):
    (tmp_path / ".mtpolish.toml").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.mtpolish]\n")
    calls = []
    real_find = config.find
    monkeypatch.setattr(config, "find", lambda start: calls.append(start) or real_find(start))
    finder = config.Finder()
    for _ in range(3):
        assert finder.find(tmp_path) == tmp_path / ".mtpolish.toml"
        assert finder.find(tmp_path / "sub") == tmp_path / "sub" / "pyproject.toml"
    assert calls == [tmp_path, tmp_path / "sub"]


# folders --------------------------------------------------------------------------------------


def test_include_exclude_and_gitignore(tmp_path, capsys):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.md\n")
    (tmp_path / ".mtpolish.toml").write_text('exclude = ["drafts/"]\ninclude = ["*.md", "*.rst"]\n')
    for name in [
        "a.md",
        "b.txt",
        "c.rst",
        "x.tmp.md",
        "build/d.md",
        "drafts/e.md",
        "docs/f.md",
        ".hidden/g.md",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY)
    main(["check", "--format", "json", str(tmp_path)])
    paths = sorted(
        {os.path.relpath(i["path"], tmp_path) for i in json.loads(capsys.readouterr().out)}
    )
    assert paths == ["a.md", "c.rst", "docs/f.md"]
    # an excluded file named on the command line (as pre-commit does) is still excluded
    assert main(["check", "--format", "json", str(tmp_path / "drafts" / "e.md")]) == 0


def test_gitignores_above_and_below_a_walked_folder(tmp_path, capsys):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("sub/ignored.md\n*.tmp.md\n")
    (tmp_path / ".mtpolish.toml").write_text('exclude = ["sub/deep/excluded.md"]\n')
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / ".gitignore").write_text("local.md\n/anchored.md\nskipped/\n")
    names = ["ignored.md", "local.md", "deep/local.md", "anchored.md", "deep/anchored.md"]
    names += ["deep/excluded.md", "x.tmp.md", "keep.md", "skipped/a.md", "deep/skipped/b.md"]
    for name in names:
        path = tmp_path / "sub" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY)
    main(["check", "--format", "json", str(tmp_path / "sub")])
    paths = sorted(
        {os.path.relpath(i["path"], tmp_path) for i in json.loads(capsys.readouterr().out)}
    )
    assert paths == ["sub/deep/anchored.md", "sub/keep.md"]


def test_parallel_run_matches_serial_run(tmp_path, capsys):
    for n in range(40):
        (tmp_path / f"f{n:02}.txt").write_text(DIRTY if n % 3 else "Clean text, written well.\n")
    main(["check", "--format", "json", "--jobs", "1", str(tmp_path)])
    serial = capsys.readouterr().out
    main(["check", "--format", "json", "--jobs", "2", str(tmp_path)])
    assert capsys.readouterr().out == serial
    assert len(json.loads(serial)) == 2 * 26


# suppression ----------------------------------------------------------------------------------

SUPPRESSED = """\
<!-- mtpolish-disable zh-en/brother-provinces -->
Officials from brother provinces said it.
<!-- mtpolish-enable -->
Officials from brother provinces said it.
<!-- mtpolish-disable-next-line -->
Officials from brother provinces said it , loudly.
Officials from brother provinces said it , loudly.
<!-- mtpolish-disable zh-en/netizens -->
"""


@pytest.mark.parametrize("markup", ["text", "markdown"])
def test_suppression_comments(markup):
    engine = Engine.bundled()
    issues = engine.check(SUPPRESSED, markup=markup, min_severity="minor")
    assert [(i.line, i.rule) for i in issues] == [
        (4, "zh-en/brother-provinces"),
        (7, "zh-en/brother-provinces"),
        (7, "zh-en/space-before-punctuation"),
    ]
    unused = engine.check(SUPPRESSED, markup=markup, report_unused_suppressions=True)
    assert [(i.line, i.rule) for i in unused if i.rule.startswith("mtpolish/")] == [
        (8, "mtpolish/unused-suppression")
    ]


def test_report_unused_suppressions_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "x.md"
    path.write_text(SUPPRESSED)
    main(["check", "--format", "json", "--report-unused-suppressions", str(path)])
    assert "mtpolish/unused-suppression" in rules_of(capsys)
