"""Regions of a Markdown file that are not prose, found with markdown-it-py.

Blocks (fenced and indented code, HTML blocks) come with line ranges from the parser's block
pass; only the blocks that can hold an inline region are then parsed inline. Inline constructs
(code spans, link and image targets, autolinks, inline HTML) are located by walking the
parser's inline tokens in order with a cursor through the block's source, so each is found
after the previous one and never by searching the whole text again.
"""

from __future__ import annotations

from functools import cache

import regex
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .document import LineIndex
from .markup import blank_out
from .markup import skipped_regions as plain_regions
from .segment import Span

_FRONT_MATTER = regex.compile(
    r"\A(?:---|\+\+\+)[^\S\r\n]*(?:\r\n|\r|\n).*?^(?:---|\.\.\.|\+\+\+)[^\S\r\n]*$",
    regex.S | regex.M,
)
_CODE_BLOCKS = ("fence", "code_block", "html_block")


# Only a block holding one of these can have inline regions: a code span needs a backtick,
# inline HTML and autolinks a "<", links and images a "[". Other blocks are not parsed inline.
_INLINE_MARKS = regex.compile(r"[`<\[]")
# Without any of these (a fence's backticks or tildes, a "<" or a "[", or the four columns of
# indentation that indented code needs, in a list item or quote too: "-     code"), a text has
# no block or inline region: the parse is skipped.
_ANY_MARK = regex.compile(r"[`<\[\t]|~~~| {4}")


class _Locating(MarkdownIt):
    """A parser whose link targets are located, never rendered: they are not normalised
    (percent-encoding, punycode: a tenth of a page's parse). Whether a target makes a link
    still goes by the same test, which percent-encoding cannot change (a scheme's letters)."""

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


@cache
def _parser() -> MarkdownIt:
    # Block structure only: inline parsing is done below where it can find something.
    return _Locating("commonmark").disable(["inline", "text_join"])


def skipped_regions(text: str) -> list[Span]:
    regions: list[Span] = []
    front = _FRONT_MATTER.match(text)
    if front:
        regions.append(Span(0, front.end()))
    # The parser sees front matter as blank lines, so its line numbers stay those of the file.
    body = blank_out(text, regions)
    starts = [*LineIndex(text).starts, len(text)]

    def line_span(first: int, last: int) -> Span:
        return Span(starts[min(first, len(starts) - 1)], starts[min(last, len(starts) - 1)])

    md = _parser()
    env: dict = {}  # link reference definitions, found by the block parse
    tokens = md.parse(body, env) if _ANY_MARK.search(body) else []
    for token in tokens:
        if token.map is None:
            continue
        if token.type in _CODE_BLOCKS:
            regions.append(line_span(*token.map))
        elif token.type == "inline" and _INLINE_MARKS.search(token.content):
            children: list[Token] = []
            md.inline.parse(token.content, md, env, children)
            regions += _inline_regions(body, line_span(*token.map), children)
    regions += plain_regions(text, "text")  # bare URLs and e-mail addresses in prose
    return _merge(regions)


def _inline_regions(text: str, block: Span, children: list[Token]) -> list[Span]:
    regions: list[Span] = []
    cursor = block.start

    def find(needle: str, start: int) -> int:
        return text.find(needle, start, block.end) if needle else -1

    for token in children:
        if token.type == "code_inline":
            open_at = find(token.markup, cursor)
            close_at = find(token.markup, open_at + len(token.markup)) if open_at >= 0 else -1
            if close_at >= 0:
                cursor = close_at + len(token.markup)
                regions.append(Span(open_at, cursor))
        elif token.type == "html_inline":
            at = find(token.content, cursor)
            if at >= 0:
                cursor = at + len(token.content)
                regions.append(Span(at, cursor))
        elif token.type == "link_open" and token.markup == "autolink":
            at = find("<", cursor)
            end = find(">", at) if at >= 0 else -1
            if end >= 0:
                cursor = end + 1
                regions.append(Span(at, cursor))
        elif token.type in ("link_close", "image"):
            # An inline target follows the link text: "](target "title")".
            at = find("](", cursor)
            if at >= 0 and token.markup != "autolink":
                end = _closing_paren(text, at + 1, block.end)
                if end > at:
                    cursor = end
                    regions.append(Span(at + 1, end))
    return regions


def _closing_paren(text: str, open_at: int, limit: int) -> int:
    """Offset just past the `)` that closes the `(` at `open_at` (targets may nest parens)."""
    depth = 0
    i = open_at
    while i < limit:
        c = text[i]
        if c == "\\":
            i += 1  # an escaped character counts for nothing
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _merge(regions: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(end, merged[-1].end))
        elif end > start:
            merged.append(Span(start, end))
    return merged
