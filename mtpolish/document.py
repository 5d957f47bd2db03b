"""`Document`: a text to check, with its line index, segments and the regions rules must skip."""

from __future__ import annotations

import bisect
from functools import cached_property, partial
from itertools import accumulate, chain, compress
from typing import TYPE_CHECKING

import regex

from . import markup, segment
from .segment import Span

if TYPE_CHECKING:
    from .prefilter import Ends
    from .scan import Hits

_NEWLINE = regex.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps code-point offsets to 1-based (line, column), by bisection over line starts."""

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        else:  # "\n" alone ends lines: their starts are summed in C (3x faster)
            self.starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
            self.starts.pop()  # past the end: the last line has no break after it

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


class Document:
    """The text as decoded, and `prose`: the same text with skipped regions blanked out.

    `prose` has the same length as `text`, so offsets found in it point into the original text;
    rules search `prose` and never see code, URLs or markup.
    """

    def __init__(self, text: str, markup_kind: str = "text") -> None:
        self.text = text
        self.markup = markup_kind
        self.skipped: list[Span] = markup.skipped_regions(text, markup_kind)
        self.prose = markup.blank_out(text, self.skipped)
        # Set by the engine: where its literal scan found each check's literals (`scan.Hits`);
        # None means every check searches the whole prose.
        self.hits: Hits | None = None
        # Set by the engine too: where its Hyperscan prefilter says matches may end.
        self.ends: Ends | None = None

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def paragraphs(self) -> list[Span]:
        return segment.paragraphs(self.prose)

    @cached_property
    def sentences(self) -> list[Span]:
        return [s for p in self.paragraphs for s in segment.sentences(self.prose, p)]

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where each paragraph starts, ascending (for bisection)."""
        return [p.start for p in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        """The number of the paragraph at or before `offset` (-1 before the first)."""
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def paragraphs_at(self, offsets: list[int]) -> list[Span]:
        """The paragraphs holding the sorted `offsets` of non-space characters (every one is in
        a paragraph), in order, each once."""
        # Bisection mapped in C, then deduplicated in order by a dict: no per-offset Python.
        numbers = dict.fromkeys(map(partial(bisect.bisect_right, self.paragraph_starts), offsets))
        return [self.paragraphs[n - 1] for n in numbers if n > 0]

    def in_paragraphs_of(self, offsets: list[int], anchors: list[int]) -> list[int]:
        """The `offsets` that lie in a paragraph holding one of `anchors` (all in C)."""
        locate = partial(bisect.bisect_right, self.paragraph_starts)
        held = set(map(locate, anchors))
        return list(compress(offsets, map(held.__contains__, map(locate, offsets))))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """The number of the sentence holding `offset`, or -1 outside every sentence."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        return i if i >= 0 and offset < self.sentences[i].end else -1

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding `offset`; outside every sentence, the whole text."""
        i = self.sentence_index(offset)
        return self.sentences[i] if i >= 0 else Span(0, len(self.prose))

    def words(self, span: Span) -> list[str]:
        """The words inside `span`, as text (one C-level pass: no per-word Python objects)."""
        return segment.find_words(self.prose, span.start, span.end)

    def tokens(self, span: Span) -> list[Span]:
        """The words inside `span`, as offsets; dearer than `words`, for the few places that
        need to know where each word is."""
        return segment.words(self.prose, span.start, span.end)

    def word_count(self, span: Span) -> int:
        """The number of words in `span`, which must hold whole sentences (a paragraph, the
        whole text): counted from the sentences' word lists, not by scanning again."""
        return sum(map(len, self.sentence_words[self.sentences_in(span)]))

    @cached_property
    def sentence_words_lower(self) -> list[list[str]]:
        """`sentence_words` in lower case; a word holds no space, so a join and a split lower
        a whole sentence in C."""
        return [
            " ".join(words).lower().split(" ") if words else [] for words in self.sentence_words
        ]

    @cached_property
    def paragraph_words(self) -> list[list[str]]:
        """The words of each paragraph (parallel to `paragraphs`), from its sentences'."""
        words = self.sentence_words
        return [list(chain.from_iterable(words[self.sentences_in(p)])) for p in self.paragraphs]

    def sentences_in(self, span: Span) -> slice:
        """Which sentences start inside `span`."""
        starts = self._sentence_starts
        return slice(bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end))

    @cached_property
    def sentence_words(self) -> list[list[str]]:
        """The words of each sentence (parallel to `sentences`), as text."""
        return [self.words(s) for s in self.sentences]

    def in_skipped(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a skipped region."""
        i = bisect.bisect_right(self.skipped, (start, len(self.text) + 1)) - 1
        for region in self.skipped[max(i, 0) :]:
            if region.start >= max(end, start + 1):
                break
            if region.end > start:
                return True
        return False
