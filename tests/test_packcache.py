"""The cache of validated rule files: same packs as a fresh read, refreshed when a file changes."""

from __future__ import annotations

import os

import pytest
from conftest import write_pack

from mtpolish import RuleError, loader

RULE = """
pack: c
rules:
  - id: cat
    kind: existence
    category: style/awkward
    severity: minor
    message: {message}
    phrases: [cat]
"""


def test_cached_read_equals_fresh_read_and_follows_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(tmp_path / "cache"))
    path = write_pack(tmp_path, RULE.format(message="first"))
    fresh = loader.load_paths([path])
    assert list((tmp_path / "cache").glob("*.pickle"))
    assert loader.load_paths([path]) == fresh
    path.write_text(RULE.format(message="second, longer"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert loader.load_paths([path])[0].rules[0].message == "second, longer"


def test_bad_files_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(tmp_path / "cache"))
    path = write_pack(tmp_path, RULE.format(message="x").replace("minor", "tiny"))
    for _ in range(2):
        with pytest.raises(RuleError, match="severity"):
            loader.load_paths([path])
    assert not list((tmp_path / "cache").glob("*.pickle"))


def test_compiled_patterns_come_back_from_the_cache_with_their_code(tmp_path, monkeypatch):
    import regex

    from mtpolish import packcache

    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(tmp_path / "cache"))
    memo = packcache.Memo("patterns-test")
    source = r"\bhot[- ]search(?:es)?\b(?!\s+engine)"
    compiled = memo.get(source, lambda s: regex.compile(s, regex.IGNORECASE))
    memo.flush()

    again = packcache.Memo("patterns-test")  # as in the next process
    calls: list[str] = []
    loaded = again.get(source, lambda s: calls.append(s) or regex.compile(s))
    assert calls == []  # read back, not compiled again
    text = "Hot search, HOT-SEARCHES, hot search engine, hotsearch."
    assert [m.span() for m in loaded.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert loaded.flags & regex.IGNORECASE


def test_memo_keeps_at_most_its_limit(tmp_path, monkeypatch):
    from mtpolish import packcache

    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(tmp_path / "cache"))
    memo = packcache.Memo("limited", limit=2)
    assert [memo.get(k, str.upper) for k in "abc"] == ["A", "B", "C"]
    memo.flush()
    computed: list[str] = []
    again = packcache.Memo("limited", limit=2)
    assert [again.get(k, lambda k: computed.append(k) or k.upper()) for k in "abc"] == list("ABC")
    assert computed == ["c"]  # "a" and "b" were kept, "c" was not


def test_memos_of_processes_running_together_all_reach_the_cache(tmp_path, monkeypatch):
    from mtpolish import packcache

    monkeypatch.setenv("MTPOLISH_CACHE_DIR", str(tmp_path / "cache"))
    parent, worker = packcache.Memo("shared"), packcache.Memo("shared")
    parent.get("a", str.upper), worker.get("b", str.upper)  # each reads the file, then adds
    worker.flush()
    parent.flush()  # last, but it keeps what the worker stored
    computed: list[str] = []
    later = packcache.Memo("shared")
    assert [later.get(k, lambda k: computed.append(k) or k) for k in "ab"] == ["A", "B"]
    assert computed == []


def test_workers_store_what_they_compiled(monkeypatch):
    from mtpolish import Engine, runner

    flushed: list[str] = []
    monkeypatch.setattr(runner, "flush_caches", lambda: flushed.append("flushed"))
    monkeypatch.setattr(runner, "_worker_engines", {None: Engine.bundled()})
    runner._check_document(None, "Netizens said so.", {})
    runner._check_chunk([], runner.Mode())
    assert flushed == ["flushed", "flushed"]
