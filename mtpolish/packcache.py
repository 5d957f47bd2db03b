"""A cache of validated rule files, so start-up skips YAML parsing and validation.

Reading and validating the bundled packs is most of a small run's start-up (PyYAML's composer
and pydantic, ~0.2 s for 120 rules, growing with the packs). A file's validated form is pickled
under the user's cache folder, keyed by its path, size and modification time, by the versions
of mtpolish and pydantic, and by the size and time of mtpolish's own modules (a rule model
changed by an upgrade or an edit must not meet objects pickled from the old one); anything that
does not match is read afresh. Files that fail
to load are never cached, so errors are always reported from the file itself.

`MTPOLISH_CACHE_DIR` moves the cache; `MTPOLISH_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = "1"


def folder() -> Path | None:
    if os.environ.get("MTPOLISH_NO_CACHE"):
        return None
    if os.environ.get("MTPOLISH_CACHE_DIR"):
        return Path(os.environ["MTPOLISH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtpolish"


@functools.cache
def _code_fingerprint() -> str:
    package = Path(__file__).resolve().parent
    stats = []
    # The bundled lexicon (data/) steers the literal analysis, so it counts as code here.
    for module in sorted([*package.rglob("*.py"), *package.glob("data/*.txt")]):
        info = module.stat()
        stats.append(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("|".join(stats).encode()).hexdigest()[:16]


def _entry(path: Path) -> tuple[Path, str] | None:
    where = folder()
    if where is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    import pydantic

    from . import __version__

    key = (
        f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{__version__}|{pydantic.VERSION}"
        f"|{_code_fingerprint()}"
    )
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    return where / f"{name}.pickle", key


def get(path: Path) -> Any | None:
    entry = _entry(path)
    if entry is None:
        return None
    file, key = entry
    try:
        with file.open("rb") as f:
            stored_key, value = pickle.load(f)
    except Exception:  # missing, truncated or from another version: read the file instead
        return None
    return value if stored_key == (VERSION, key) else None


def put(path: Path, value: Any) -> None:
    entry = _entry(path)
    if entry is None:
        return
    file, key = entry
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(((VERSION, key), value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)  # atomic: concurrent runs never read half a file
    except OSError:
        pass  # a read-only home is fine: the cache is only an optimisation


class Memo:
    """A persistent memo of one pure, slow function of a string (such as the literal analysis
    of a pattern): read once per process from the cache folder, written back when it grew.
    Keyed like the rule files by mtpolish's own code, so an edited function starts afresh."""

    def __init__(self, name: str, limit: int | None = None) -> None:
        self.name = name
        self.limit = limit  # past this many values, new ones are computed but not kept
        self.values: dict[str, Any] | None = None
        self.dirty = False

    def _file(self) -> Path | None:
        where = folder()
        return where / f"{self.name}-{_code_fingerprint()}.pickle" if where else None

    def _load(self) -> dict[str, Any]:
        if self.values is None:
            self.values = {}
            file = self._file()
            if file is not None:
                try:
                    with file.open("rb") as f:
                        loaded = pickle.load(f)
                    if isinstance(loaded, dict):
                        self.values = loaded
                except Exception:  # missing or unreadable: start empty
                    pass
        return self.values

    def get(self, key: str, compute: Callable[[str], Any]) -> Any:
        values = self._load()
        if key not in values:
            if self.limit is not None and len(values) >= self.limit:
                return compute(key)
            values[key] = compute(key)
            self.dirty = True
        return values[key]

    def flush(self) -> None:
        file = self._file()
        if not self.dirty or file is None or self.values is None:
            return
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(self.values, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
            self.dirty = False
        except OSError:
            pass
