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
