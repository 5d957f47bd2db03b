from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from mtpolish import Engine

# The suite keeps its rule-file cache to itself, not in the user's ~/.cache.
os.environ.setdefault("MTPOLISH_CACHE_DIR", tempfile.mkdtemp(prefix="mtpolish-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
# The keys of an issue's JSON object, in order (DESIGN.md, Contract 2).
CONTRACT_KEYS = (
    "path",
    "rule",
    "severity",
    "category",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "start",
    "end",
    "text",
    "suggestions",
    "fix",
)
FIXTURES = ROOT / "fixtures"


def write_pack(folder: Path, body: str, name: str = "pack.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


# One valid rule, as YAML list item lines, for tests that vary it.
ONE_RULE = """\
  - id: cat
    kind: existence
    category: style/unidiomatic
    severity: minor
    message: no cats
    pattern: cat
"""


def load_pack(tmp_path: Path, body: str) -> Engine:
    return Engine.from_paths([write_pack(tmp_path, body)])


def engine_for(tmp_path: Path, rules_yaml: str) -> Engine:
    """An engine holding one pack `t` with the rules given as YAML (indented list items)."""
    body = "pack: t\nrules:\n" + textwrap.indent(textwrap.dedent(rules_yaml).strip("\n"), "  ")
    path = tmp_path / "t.yaml"
    path.write_text(body + "\n", encoding="utf-8")
    return Engine.from_paths([path])


@pytest.fixture
def make_engine(tmp_path):
    return lambda rules_yaml: engine_for(tmp_path, rules_yaml)


def worker_dies(*args):
    os._exit(3)  # as a worker killed for want of memory


def break_workers(monkeypatch, failure: str, worker_function: str) -> None:
    """Make `mtpolish.runner`'s workers fail: the one running `worker_function` dies, or no
    process can be started at all (as in sandboxes without semaphores)."""
    import concurrent.futures

    from mtpolish import runner

    if failure == "worker dies":
        monkeypatch.setattr(runner, worker_function, worker_dies)
        return

    def refuse(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
