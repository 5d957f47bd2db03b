"""Built engines, cached whole, so that a run on a small file skips loading the packs, compiling
the rules and building the literal scan.

An engine is stored with its compiled checks, the scanner's automaton and the patterns of the
rules that run on every text (pickled `regex` patterns are their compiled code, restored without
parsing). Its key is everything it is built from: the stat of each rule file (so an edited,
added or removed file makes a new key), a recipe naming the rest (packs, severities, selection,
vocabulary...), and the code fingerprint that every cache entry carries. Only engines that were
built without error are stored, so a bad rule or configuration file is reported on every run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import loader, packcache
from .errors import MtpolishError

if TYPE_CHECKING:
    from .engine import Engine


def get_or_build(
    sources: Sequence[str | Path],
    recipe: object,
    build: Callable[[], Engine],
    *,
    data_files: Iterable[Path] = (),
) -> Engine:
    """The engine `build` makes from the rule files and folders `sources` (and `data_files`, such
    as vocabulary lists) with `recipe` (JSON-serialisable), from the cache if it holds one."""
    from .engine import Engine

    key = _key(sources, recipe, data_files)
    if key is not None:
        cached = packcache.fetch(key)
        if isinstance(cached, Engine):
            return cached
    engine = build()
    if key is not None:
        engine.precompile()
        packcache.store(key, engine)
    return engine


def _key(sources: Sequence[str | Path], recipe: object, data_files: Iterable[Path]) -> str | None:
    """None if the sources cannot be listed: then `build` runs and reports the problem."""
    if packcache.folder() is None:
        return None
    try:
        files = loader.rule_files(sources)
    except (MtpolishError, OSError):
        return None
    stamp = packcache.stamp([*files, *data_files])
    if stamp is None:
        return None
    given = [str(s) for s in sources]  # as given: rule origins in messages quote them
    return "engine|" + json.dumps([given, recipe], sort_keys=True, default=str) + "|" + stamp
