"""Start-up: engines come from the cache only while nothing they are built from has changed, and
give the same output as engines built afresh; a cached run validates and imports nothing extra."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap

import pytest
from conftest import ONE_RULE, write_pack

from mtpolish import Engine, cli, config, lexicon, packcache
from mtpolish.checks.existence import PatternCheck
from mtpolish.cli import main

GOLDEN_INPUT = os.path.join(os.path.dirname(__file__), "golden", "input.txt")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(folder))
    return folder


def _engine_entries(folder) -> int:
    return sum(1 for f in folder.glob("*.pickle") if _stored_key(f).startswith("engine|"))


def _stored_key(file) -> str:
    with file.open("rb") as f:
        stored = pickle.load(f)
    return stored[0][1] if isinstance(stored, tuple) else ""  # memos are plain dicts


def _refuse(*args, **kwargs):
    raise AssertionError("built afresh although the cache holds this engine")


def test_cached_engine_gives_the_same_json_as_a_fresh_build(cache, capsys, monkeypatch):
    args = ["check", "--format", "json", "--min-severity", "info", GOLDEN_INPUT]
    assert main(args) == 1  # builds and stores
    built = capsys.readouterr().out
    assert _engine_entries(cache) == 1
    with monkeypatch.context() as m:  # from the cache: nothing is loaded or compiled
        m.setattr(cli, "bundled_packs", _refuse)
        m.setattr(Engine, "__init__", _refuse)
        assert main(args) == 1
    assert capsys.readouterr().out == built
    monkeypatch.setenv("MTPOLISH_NO_CACHE", "1")
    assert main(args) == 1
    assert capsys.readouterr().out == built


def _check(path, rules, capsys, *extra: str) -> tuple[int, str, str]:
    config.load.cache_clear()  # read once per process otherwise: here each run is a new one
    config._config_in.cache_clear()
    code = main(["check", "--rules", str(rules), "--select", "t", *extra, str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_engine_cache_follows_rule_files(tmp_path, cache, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    pack = write_pack(rules, "pack: t\nrules:\n" + ONE_RULE)
    text = tmp_path / "a.txt"
    text.write_text("A cat and a dog.\n")
    assert "no cats" in _check(text, rules, capsys)[1]
    assert "no cats" in _check(text, rules, capsys)[1]  # from the cache
    # An edit, even one that keeps the size and the modification time's second.
    pack.write_text(pack.read_text().replace("no cats", "no kats"))
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 1000))
    assert "no kats" in _check(text, rules, capsys)[1]
    # A file added to the folder.
    dog = ONE_RULE.replace("id: cat", "id: dog").replace("pattern: cat", "pattern: dog")
    write_pack(rules, "pack: t\nrules:\n" + dog, name="more.yaml")
    out = _check(text, rules, capsys)[1]
    assert "t/cat" in out and "t/dog" in out
    # A broken file is reported, every time, naming file and line.
    pack.write_text(pack.read_text().replace("severity: minor", "severity: tiny"))
    for _ in range(2):
        code, _, err = _check(text, rules, capsys)
        assert code == 2 and f"{pack}:6: rule 'cat': severity" in err
    # A file removed.
    pack.unlink()
    out = _check(text, rules, capsys)[1]
    assert "t/dog" in out and "t/cat" not in out


def test_engine_cache_follows_the_configuration(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = write_pack(tmp_path, "pack: t\nrules:\n" + ONE_RULE)
    text = tmp_path / "a.txt"
    text.write_text("A cat sat.\n")
    assert "t/cat [minor]" in _check(text, rules, capsys)[1]
    (tmp_path / ".mtpolish.toml").write_text('[severity]\n"t/cat" = "major"\n')
    assert "t/cat [major]" in _check(text, rules, capsys)[1]
    (tmp_path / ".mtpolish.toml").write_text('vocabulary-files = ["words.txt"]\n')
    (tmp_path / "words.txt").write_text("# nothing yet\n")
    assert _check(text, rules, capsys)[0] == 1
    (tmp_path / "words.txt").write_text("cat\n")
    assert _check(text, rules, capsys)[0] == 0
    assert _check(text, rules, capsys, "--ignore", "t/cat")[0] == 0


def test_a_pickled_engine_keeps_its_compiled_state():
    engine = Engine.bundled()
    engine.precompile()
    clone = pickle.loads(pickle.dumps(engine))
    always = [r.check for r in clone._always if isinstance(r.check, PatternCheck)]
    assert always and all(check._pattern is not None for check in always)
    assert clone.scanner is not None and clone.scanner._automaton is not None
    text = "Netizens made it a hot search , he said.\n\nThe the end."
    assert clone.check(text, min_severity="info") == engine.check(text, min_severity="info")
    only = ["zh-en/hot-search"]
    assert [i.rule for i in clone.check(text, select=only)] == only


def test_cache_keys_hold_the_code_fingerprint(tmp_path, cache):
    packcache.store("some key", 42)
    assert packcache.fetch("some key") == 42
    assert packcache.fetch("another key") is None
    (file,) = cache.glob("*.pickle")
    assert _stored_key(file) == f"some key|{packcache._code_fingerprint()}"


def test_derived_values_follow_their_files(tmp_path, cache):
    source = tmp_path / "data.txt"
    source.write_text("a")
    calls = []

    def compute() -> str:
        calls.append(1)
        return source.read_text()

    assert packcache.derived("t", [source], compute) == "a"
    assert packcache.derived("t", [source], compute) == "a" and len(calls) == 1
    source.write_text("bb")
    assert packcache.derived("t", [source], compute) == "bb" and len(calls) == 2


def test_cached_word_sets_equal_the_parsed_ones(cache):
    lexicon._sets.cache_clear()
    first = lexicon._sets()  # parsed and stored
    lexicon._sets.cache_clear()
    try:
        assert lexicon._sets() == first == lexicon._derive()
    finally:
        lexicon._sets.cache_clear()
    assert first.verb_forms["went"] == {"past"}
    assert {"don't", "don’t", "went", "the"} <= lexicon.english_words()


def test_the_cached_language_table_is_read_back_whole(cache):
    import os

    from langdetect import detector_factory

    from mtpolish.checks import language

    folder = detector_factory.PROFILES_DIRECTORY
    stored = language._table(folder)  # read and stored
    again = language._table(folder)  # read back
    names = [n for n in os.listdir(folder) if not n.startswith(".")]
    assert again == stored == language._pack([os.path.join(folder, n) for n in names])
    assert again[0] == names  # langdetect's own order of languages
    assert list((cache).glob("*.pickle"))


# In a fresh interpreter: what a run from a warm cache imports and builds.
PROBE = textwrap.dedent(
    """
    import sys
    from mtpolish.startup import program
    sys.argv = ["mtpolish", "check", "--min-severity", "info", sys.argv[1]]
    program()
    import pydantic
    built = []
    todo = [pydantic.BaseModel]
    while todo:
        model = todo.pop()
        todo += model.__subclasses__()
        if model.__module__.startswith("mtpolish") and model.__pydantic_complete__:
            built.append(model.__qualname__)
    heavy = ["yaml", "pathspec", "importlib.metadata", "concurrent.futures", "langdetect", "tomllib"]
    heavy += ["ftfy"]  # clean typography and untranslated Chinese cannot be mojibake
    heavy += ["mtpolish.regex_syntax", "mtpolish.literal_analysis", "mtpolish.redos"]
    print(sorted(built), [m for m in heavy if m in sys.modules])
    """
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Netizens made it a hot search , he said.\n",
        "“Netizens” made it a hot search (热搜) – at 18°C… he said.\n",
    ],
)
def test_a_cached_run_validates_nothing_and_imports_only_what_it_needs(tmp_path, cache, text):
    path = tmp_path / "a.txt"
    path.write_text(text)
    for _ in range(2):  # the first run fills the cache
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=120
        )
    assert probe.stdout.splitlines()[-1] == "[] []", probe.stderr


def test_import_mtpolish_is_lazy():
    code = "import sys, mtpolish; print('pydantic' in sys.modules, mtpolish.Issue.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "Issue"], out.stderr


# The program leaves with os._exit: its output must be written, its code kept, and no worker
# left behind (one would hold the output pipe open, and this test's read would time out).
LEAVE = textwrap.dedent(
    """
    import sys, time
    from concurrent.futures import ProcessPoolExecutor
    from mtpolish.startup import leave
    pool = ProcessPoolExecutor(max_workers=1)
    pool.submit(time.sleep, 0)
    busy = pool.submit(time.sleep, 300)  # a run cut short: work nobody will read
    pool.shutdown(wait=False, cancel_futures=True)
    print("written", end="")
    print("and this", end="", file=sys.stderr)
    leave(3)
    """
)


def test_the_program_leaves_with_its_output_written_and_no_worker_left():
    proc = subprocess.run([sys.executable, "-c", LEAVE], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "written", "and this")


def test_a_parallel_run_ends_with_every_line_written(tmp_path):
    for n in range(20):  # enough files to be shared among the processes
        (tmp_path / f"{n:02}.txt").write_text(f"Netizens said it , loudly. {n}\n")
    command = [sys.executable, "-m", "mtpolish", "check", "--format", "json", str(tmp_path)]
    runs = [
        subprocess.run([*command, "--jobs", jobs], capture_output=True, text=True, timeout=120)
        for jobs in ("1", "2")
    ]
    assert [r.returncode for r in runs] == [1, 1]
    issues = json.loads(runs[1].stdout)
    assert runs[0].stdout == runs[1].stdout
    assert len({issue["path"] for issue in issues}) == 20  # " , " in each file
