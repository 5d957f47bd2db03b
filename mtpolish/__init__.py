"""mtpolish: find and fix machine-translation artifacts in English text.

import mtpolish
issues = mtpolish.check(text)          # list[Issue], sorted by start
result = mtpolish.fix(text)            # result.text, result.applied, result.remaining
engine = mtpolish.Engine.from_paths(["rules/", "my-rules.yaml"])
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Engine, RuleTimeoutWarning
    from .errors import FixVerificationError, InputError, MtpolishError, RuleError
    from .issue import Edit, Fix, FixResult, Issue, Severity
    from .pack import RulePack

__version__ = "0.1.0"

__all__ = [
    "Edit",
    "Engine",
    "Fix",
    "FixResult",
    "FixVerificationError",
    "InputError",
    "Issue",
    "MtpolishError",
    "RuleError",
    "RulePack",
    "RuleTimeoutWarning",
    "__version__",
    "check",
    "fix",
]

# The API's names, imported on first use: `import mtpolish` alone imports nothing heavy, so the
# program (`mtpolish.startup`) decides how its own imports happen.
_HOMES = {
    "Engine": "engine",
    "RuleTimeoutWarning": "engine",
    "FixVerificationError": "errors",
    "InputError": "errors",
    "MtpolishError": "errors",
    "RuleError": "errors",
    "Edit": "issue",
    "Fix": "issue",
    "FixResult": "issue",
    "Issue": "issue",
    "Severity": "issue",
    "RulePack": "pack",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


_engines: dict[tuple[str, ...] | None, Engine] = {}
_engines_lock = threading.Lock()


def _bundled(packs: Sequence[str] | None) -> Engine:
    """Bundled engines are compiled once per process and shared."""
    from .engine import Engine

    key = tuple(packs) if packs is not None else None
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine.bundled(packs)
        return _engines[key]


def check(
    text: str,
    *,
    packs: Sequence[str] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    markup: str = "text",
    path: str = "-",
    min_severity: Severity = "minor",
) -> list[Issue]:
    """Issues in `text` from the bundled packs (all, or those named in `packs`).

    As on the command line, `info` rules (picky hints) run only with `min_severity="info"`.
    """
    return _bundled(packs).check(
        text, markup=markup, path=path, select=select, ignore=ignore, min_severity=min_severity
    )


def fix(
    text: str,
    *,
    unsafe: bool = False,
    packs: Sequence[str] | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    markup: str = "text",
    path: str = "-",
    min_severity: Severity = "minor",
) -> FixResult:
    """Apply the bundled packs' safe fixes (and unsafe ones' first suggestions if `unsafe`)."""
    return _bundled(packs).fix(
        text,
        unsafe=unsafe,
        markup=markup,
        path=path,
        select=select,
        ignore=ignore,
        min_severity=min_severity,
    )
