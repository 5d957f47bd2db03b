"""Choosing rules by id: exact ids, pack names and globs (`zh-en`, `zh-en/hot-*`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase


def matches(selector: str, rule_id: str) -> bool:
    selector = selector.strip().rstrip("/")
    return (
        rule_id == selector or rule_id.startswith(selector + "/") or fnmatchcase(rule_id, selector)
    )


def selected(rule_id: str, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    if select and not any(matches(s, rule_id) for s in select):
        return False
    return not (ignore and any(matches(s, rule_id) for s in ignore))


def unmatched(selectors: Iterable[str], rule_ids: Sequence[str]) -> list[str]:
    """Selectors that name no rule (most likely typos)."""
    return [s for s in selectors if not any(matches(s, r) for r in rule_ids)]
