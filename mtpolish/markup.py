"""Regions of a text that are not prose, per markup kind, and blanking them out."""

from __future__ import annotations

import regex

from .segment import Span

MARKUPS = ("text", "markdown")

# Plain text: URLs, e-mail addresses and HTML comments (which hold suppression directives).
_NOT_PROSE = regex.compile(
    r"""\b(?:https?://|ftp://|www\.)[^\s<>"'“”]+[^\s<>"'“”.,;:!?)\]]"""
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|<!--.*?-->",
    regex.S,
)


def skipped_regions(text: str, kind: str) -> list[Span]:
    if kind == "markdown":
        from . import markdown  # markdown-it-py is imported only for Markdown input

        return markdown.skipped_regions(text)
    if kind != "text":
        raise ValueError(f"unknown markup {kind!r}; expected one of {', '.join(MARKUPS)}")
    return [Span(m.start(), m.end()) for m in _NOT_PROSE.finditer(text)]


def blank_out(text: str, regions: list[Span]) -> str:
    """Replace each region's characters by spaces, keeping line breaks (offsets stay valid)."""
    if not regions:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in regions:
        parts.append(text[pos:start])
        parts.append(regex.sub(r"[^\r\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
