"""Markdown's skipped regions are found with less parsing than a full markdown-it parse (inline
parsing only where it can find something, the plain-text pattern only where it can match), and
must be exactly what the full parse finds."""

from __future__ import annotations

import sys

from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mtpolish import markdown, markup
from mtpolish.document import LineIndex
from mtpolish.segment import Span

sys.path.insert(0, str(ROOT / "bench"))
import corpus


def full_parse_regions(text: str) -> list[Span]:
    """The regions as found before: every block parsed inline, the plain pattern over all."""
    regions: list[Span] = []
    front = markdown._FRONT_MATTER.match(text)
    if front:
        regions.append(Span(0, front.end()))
    body = markup.blank_out(text, regions)
    starts = [*LineIndex(text).starts, len(text)]

    def line_span(first: int, last: int) -> Span:
        return Span(starts[min(first, len(starts) - 1)], starts[min(last, len(starts) - 1)])

    for token in MarkdownIt("commonmark").parse(body):
        if token.map is None:
            continue
        if token.type in markdown._CODE_BLOCKS:
            regions.append(line_span(*token.map))
        elif token.type == "inline":
            regions += markdown._inline_regions(body, line_span(*token.map), token.children or [])
    regions += markup.skipped_regions(text, "text")
    return markdown._merge(regions)


def test_sample_fixture_regions():
    text = (FIXTURES / "markdown-sample.md").read_text(encoding="utf-8")
    regions = markdown.skipped_regions(text)
    assert regions == full_parse_regions(text)
    skipped = [text[s:e] for s, e in regions]
    assert skipped[0].startswith("---\ntitle:")  # front matter
    for piece in (
        "`mtpolish check --select zh-en/hot-search`",
        "(https://example.com/hot-search)",
        "<https://example.com/hot-search>",
        "a hot search inside a fenced code block",
        "a hot search inside an indented code block",
        "a hot search inside an HTML block",
        "<!-- mtpolish-disable-next-line zh-en/hot-search -->",
    ):
        assert any(piece in s for s in skipped), piece
    assert not any("accepted here on purpose" in s for s in skipped)


def test_benchmark_pages_regions():
    import random

    rng = random.Random(7)
    stream = corpus.paragraphs(8)
    for _ in range(40):
        text = corpus.markdown_file(rng, stream)
        assert markdown.skipped_regions(text) == full_parse_regions(text)


def test_reference_link_and_plain_url_without_inline_marks_elsewhere():
    text = (
        "Intro with no marks.\n\n"
        "See [the list][ref] and ![pic](a.png 'x').\n\n"
        "Mail me@example.com or visit www.example.com today.\n\n"
        "[ref]: https://example.com/list\n"
    )
    assert markdown.skipped_regions(text) == full_parse_regions(text)
    skipped = [text[s:e] for s, e in markdown.skipped_regions(text)]
    assert "me@example.com" in skipped
    assert "www.example.com" in skipped


# Random Markdown-ish text: pieces of every construct that makes a region, and plain words.
PIECES = st.sampled_from(
    [
        "`",
        "``",
        "<",
        ">",
        "[",
        "]",
        "(",
        ")",
        "](",
        "!",
        "\\",
        "*",
        "_",
        "<b>",
        "</b>",
        "<!--",
        "-->",
        "<https://e.com/x>",
        "https://e.com/a",
        "www.e.com",
        "a@b.co",
        "```\n",
        "~~~\n",
        "    code\n",
        "\tcode\n",
        "  \tcode\n",
        "\n",
        "\n\n",
        "\r\n",
        "---\n",
        "# ",
        "- ",
        "> ",
        "1. ",
        "[r]: /url\n",
        "<div>\n",
        "hot search",
        " ",
        "word",
        "&amp;",
        "://",
        "@",
    ]
)
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
@example("-     code\n")  # indented code inside a list item
# Link targets are not normalised (`markdown._Locating`): which ones make links must not change.
@example("[a](javascript:x) [b](<java script:x>) [c](JAVASCRIPT:x) <https://bücher.de/ä> [d](ä%)")
@example("[r]: <data:image/png;base64,x>\n\n[e][r] ![i](vbscript:x) <mailto:a@b.c>")
@example(">\tcode\n")
def test_random_markdown_regions_match_a_full_parse(text):
    assert markdown.skipped_regions(text) == full_parse_regions(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_plain_patterns_need_their_marks(text):
    # Each plain-text pattern runs only on texts holding one of its marks: if a pattern learns
    # to find something else, this fails and its marks must be extended.
    for pattern, marks in markup._NOT_PROSE:
        for m in pattern.finditer(text):
            assert any(mark in m.group() for mark in marks), m.group()
