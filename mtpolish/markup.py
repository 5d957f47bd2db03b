"""Regions of a text that are not prose, per markup kind, and blanking them out."""

from __future__ import annotations

import regex

from .segment import Span

MARKUPS = ("text", "markdown")

# Plain text: URLs, e-mail addresses and HTML comments (which hold suppression directives).
# Three patterns, not one alternation: alone, each lets the regex engine jump to its fixed
# characters ("@", "<!--"); together they are tried at every word (measured: 60 ms a MB vs 6).
# Each runs only on a text holding what every match of it holds (a substring search, ~0.1 ms a
# MB): the URL pattern is tried at every word (5 ms a MB), and most texts hold no URL.
_NOT_PROSE = (
    (
        regex.compile(r"""\b(?:https?://|ftp://|www\.)[^\s<>"'“”]+[^\s<>"'“”.,;:!?)\]]"""),
        ("://", "www."),
    ),
    (regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), ("@",)),
    (regex.compile(r"<!--.*?-->", regex.S), ("<!--",)),
)


def skipped_regions(text: str, kind: str) -> list[Span]:
    if kind == "markdown":
        from . import markdown  # markdown-it-py is imported only for Markdown input

        return markdown.skipped_regions(text)
    if kind != "text":
        raise ValueError(f"unknown markup {kind!r}; expected one of {', '.join(MARKUPS)}")
    found = sorted(
        (m.start(), order, m.end())
        for order, (pattern, marks) in enumerate(_NOT_PROSE)
        if any(mark in text for mark in marks)
        for m in pattern.finditer(text)
    )
    # As one alternation would: the leftmost match wins, the earlier pattern on a tie, and a
    # match overlapping one kept is dropped.
    spans: list[Span] = []
    for start, _, end in found:
        if not spans or start >= spans[-1].end:
            spans.append(Span(start, end))
    return spans


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
