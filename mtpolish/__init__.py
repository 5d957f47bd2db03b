"""mtpolish: find and fix machine-translation artifacts in English text.

import mtpolish
issues = mtpolish.check(text)          # list[Issue], sorted by start
result = mtpolish.fix(text)            # result.text, result.applied, result.remaining
engine = mtpolish.Engine.from_paths(["rules/", "my-rules.yaml"])
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence

# Importing mtpolish and its dependencies (pydantic above all) creates many objects and hardly
# any garbage: the cyclic collector, paused meanwhile, would only cost start-up time (~9 ms).
_collecting = gc.isenabled()
gc.disable()
try:
    from .engine import Engine, RuleTimeoutWarning
    from .errors import FixVerificationError, InputError, MtpolishError, RuleError
    from .issue import Edit, Fix, FixResult, Issue, Severity
    from .pack import RulePack
finally:
    if _collecting:
        gc.enable()

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

_engines: dict[tuple[str, ...] | None, Engine] = {}
_engines_lock = threading.Lock()


def _bundled(packs: Sequence[str] | None) -> Engine:
    """Bundled engines are compiled once per process and shared."""
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
