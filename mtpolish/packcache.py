"""A cache of what start-up would otherwise rebuild on every run: validated rule files, built
engines (see `enginecache`) and memoised analyses (`Memo`).

Reading and validating the bundled packs (PyYAML's composer and pydantic) takes seconds, and
building an engine from them tens of milliseconds. Values are pickled under the user's cache
folder, keyed by what they are made from (a rule file's path, size and modification time) and
by a fingerprint of the code that made them: mtpolish's modules and data, and the versions of
pydantic, `regex` and pyahocorasick, whose objects the pickles hold. Anything that does not
match is rebuilt. What fails to load is never cached, so errors are always reported from the
files themselves.

`MTPOLISH_CACHE_DIR` moves the cache; `MTPOLISH_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

VERSION = "2"


def folder() -> Path | None:
    if os.environ.get("MTPOLISH_NO_CACHE"):
        return None
    if os.environ.get("MTPOLISH_CACHE_DIR"):
        return Path(os.environ["MTPOLISH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtpolish"


@functools.cache
def _code_fingerprint() -> str:
    """mtpolish's own code and data, and the versions of what pickles hold (pydantic models,
    `regex` patterns as compiled code, pyahocorasick automata): anything pickled by other code
    is never read back."""
    import ahocorasick
    import pydantic
    import regex

    from . import __version__

    package = Path(__file__).resolve().parent
    stats = [__version__, pydantic.VERSION, regex.__version__, sys.implementation.cache_tag]
    for file in [Path(str(ahocorasick.__file__)), *_package_files(package)]:
        info = file.stat()
        where = file.relative_to(package) if file.is_relative_to(package) else file
        stats.append(f"{where}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("|".join(stats).encode()).hexdigest()[:16]


def _package_files(package: Path) -> list[Path]:
    # The modules, and the data (the lexicon) that building an engine reads.
    return sorted([*package.rglob("*.py"), *(package / "data").glob("*")])


def stamp(files: Iterable[Path]) -> str | None:
    """What identifies the files' contents in a key (path, size, modification time), or None
    if one cannot be read."""
    parts = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            return None
        parts.append(f"{path.resolve()}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def fetch(key: str) -> Any | None:
    """The value stored under `key` by this very code, or None."""
    file = _file(key)
    if file is None:
        return None
    gc.disable()  # unpickling thousands of objects would trigger many needless collections
    try:
        with file.open("rb") as f:
            stored_key, value = pickle.load(f)
    except Exception:  # missing, truncated or from another version: build afresh
        return None
    finally:
        gc.enable()
    return value if stored_key == (VERSION, _full(key)) else None


def store(key: str, value: Any) -> None:
    file = _file(key)
    if file is not None and _write(file, ((VERSION, _full(key)), value)):
        _prune(file.parent)


def _write(file: Path, value: Any) -> bool:
    import tempfile  # only when writing: most runs only read (start-up)

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)  # atomic: concurrent runs never read half a file
        return True
    except OSError:
        return False  # a read-only home is fine: the cache is only an optimisation


# Entries are written once and never updated: those older than this are most likely left over
# from code or rule files since changed (each change makes new entries, an engine ~2 MB).
MAX_AGE_SECONDS = 30 * 24 * 3600


def _prune(where: Path) -> None:
    import time

    limit = time.time() - MAX_AGE_SECONDS
    for old in where.glob("*.pickle"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass


def _full(key: str) -> str:
    return f"{key}|{_code_fingerprint()}"


def _file(key: str) -> Path | None:
    where = folder()
    if where is None:
        return None
    return where / f"{hashlib.sha256(_full(key).encode()).hexdigest()[:32]}.pickle"


def derived(name: str, sources: Sequence[Path], compute: Callable[[], T]) -> T:
    """`compute()`, a pure function of the files `sources`, stored until one of them changes."""
    key = stamp(sources)
    if key is None:
        return compute()
    value = fetch(f"{name}|{key}")
    if value is None:
        value = compute()
        store(f"{name}|{key}", value)
    return value


def get(path: Path) -> Any | None:
    """The validated form of a rule file, if stored since it last changed."""
    key = stamp([path])
    return fetch(f"file|{key}") if key is not None else None


def put(path: Path, value: Any) -> None:
    key = stamp([path])
    if key is not None:
        store(f"file|{key}", value)


class Memo:
    """A persistent memo of one pure, slow function of a string (such as the literal analysis
    of a pattern): read once per process from the cache folder, written back when it grew.
    Keyed like the rule files by mtpolish's own code, so an edited function starts afresh.

    Each value is stored pickled on its own and unpickled only when asked for: a run that needs
    a few of a thousand compiled patterns pays for those few (~0.1 ms against ~15 ms for all)."""

    def __init__(self, name: str, limit: int | None = None) -> None:
        self.name = name
        self.limit = limit  # past this many values, new ones are computed but not kept
        self.values: dict[str, Any] = {}  # this process's, computed or read back
        self._stored: dict[str, bytes] | None = None  # the cache file's, still pickled
        self.dirty = False

    def _file(self) -> Path | None:
        where = folder()
        return where / f"{self.name}-{_code_fingerprint()}.pickle" if where else None

    def _load(self) -> dict[str, bytes]:
        if self._stored is None:
            file = self._file()
            self._stored = _read_memo(file) if file is not None else {}
        return self._stored

    def get(self, key: str, compute: Callable[[str], Any]) -> Any:
        if key in self.values:
            return self.values[key]
        stored = self._load()
        try:
            value = pickle.loads(stored[key])
        except Exception:  # not stored (KeyError), or unreadable: compute it
            value = compute(key)
            if self.limit is None or len(stored) < self.limit:
                stored[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                self.dirty = True
        self.values[key] = value
        return value

    def flush(self) -> None:
        """Store what this process added, with what others stored since it read the file
        (the processes of a parallel run each compile patterns: none of them is lost)."""
        file = self._file()
        if not self.dirty or file is None or self._stored is None:
            return
        merged = {**_read_memo(file), **self._stored}
        if _write(file, merged):
            self._stored = merged
            self.dirty = False


def _read_memo(file: Path) -> dict[str, bytes]:
    try:
        with file.open("rb") as f:
            loaded = pickle.load(f)
    except Exception:  # missing or unreadable: start empty
        return {}
    return loaded if isinstance(loaded, dict) else {}
