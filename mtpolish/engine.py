"""`Engine`: rule packs compiled once, then run over any number of documents."""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import regex

from . import fixing, lexicon, literals, loader, prefilter, selection, suppression
from .checks import Check, compile_rule
from .checks.base import PATTERNS
from .checks.existence import PatternCheck
from .document import Document, LineIndex
from .issue import Edit, Fix, FixResult, Issue, Severity, built, severity_rank
from .pack import RulePack
from .scan import Scanner

UNUSED_SUPPRESSION = "mtpolish/unused-suppression"

# Plain texts longer than this are checked in chunks of about CHUNK characters (see `check`):
# small enough to share a text between processes evenly (measured on 1 MB with two: 125 kB
# chunks finish 15 % sooner than 250 kB ones), large enough that a chunk (~20,000 words) is
# still a long document to rules that count per document.
LARGE_TEXT = 250_000
CHUNK = 125_000
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")

# Fixes can uncover further fixes ("the the the"); passes stop at a fixpoint or after this many.
MAX_FIX_PASSES = 8


class RuleTimeoutWarning(UserWarning):
    """A rule's pattern ran out of time on a document; the rule was skipped there."""


class CompiledRule(NamedTuple):
    # A tuple, not a dataclass: a thousand of them are unpickled at each start (engine cache),
    # and a tuple is restored in C where a slotted dataclass calls Python per instance.
    id: str
    rule: Any
    check: Check[Any]
    rank: int  # of the rule's severity, compared with a run's floor


def bundled_rules_dir() -> Path:
    """The packs shipped with mtpolish: inside the installed package, or `rules/` in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_rules"
    return installed if installed.is_dir() else here.parent / "rules"


@cache
def _load_bundled() -> tuple[RulePack, ...]:
    return tuple(loader.load_paths([bundled_rules_dir()]))


def bundled_packs(names: Sequence[str] | None = None) -> list[RulePack]:
    """The bundled packs (all, or those named), read once per process."""
    packs = list(_load_bundled())
    if names is None:
        return packs
    unknown = set(names) - {p.name for p in packs}
    if unknown:
        raise ValueError(f"no bundled pack named {', '.join(sorted(unknown))}")
    return [p for p in packs if p.name in names]


class Engine:
    """Compiled rules. Thread-safe (checks keep no state) and picklable, compiled state included
    (process pools and the engine cache restore it without compiling again)."""

    def __init__(
        self,
        packs: Sequence[RulePack],
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        accept: Sequence[str] = (),
    ) -> None:
        loader.check_unique(packs)
        self.packs = list(packs)
        self.select = list(select) if select else None
        self.ignore = list(ignore) if ignore else None
        # Phrases accepted project-wide (a vocabulary): issues on exactly them are dropped.
        self.accept = list(accept)
        self._accepted = frozenset(_normal(p) for p in accept)
        self.rules = [
            CompiledRule(pack.rule_id(rule), rule, compile_rule(rule), severity_rank(rule.severity))
            for pack in self.packs
            for rule in pack.rules
            if selection.selected(pack.rule_id(rule), self.select, self.ignore)
        ]
        self.scanner = _scanner(self.rules)
        self._position = {id(r.check): i for i, r in enumerate(self.rules)}
        # Rules the scanner narrows run on a document only if one of their literals occurs in
        # it; the others always run. Both lists keep the rules' order.
        known = self.scanner.owners() if self.scanner is not None else set()
        self._always = [r for r in self.rules if id(r.check) not in known]
        # Checks with an expression are also narrowed by one Hyperscan pass, where the package
        # is installed. Where it runs, the literal scan is needed only for the checks it cannot
        # narrow: a much smaller scan (the full one costs more than the Hyperscan pass).
        self.prefilter = prefilter.build(
            [r.check for r in self.rules if r.check.expression() is not None]
        )
        narrowed = {id(o) for o in self.prefilter.owners} if self.prefilter is not None else set()
        self.rest_scanner = _scanner([r for r in self.rules if id(r.check) not in narrowed])
        scanned = self.rest_scanner.owners() if self.rest_scanner is not None else set()
        # By position in `rules` (ids change when an engine is unpickled): the rules the rest
        # scan narrows, and those neither pass narrows.
        self._rest_scanned = [i for i, r in enumerate(self.rules) if id(r.check) in scanned]
        self._never_narrowed = [
            i for i, r in enumerate(self.rules) if id(r.check) not in scanned | narrowed
        ]

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str | Path],
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> Engine:
        """An engine for the rule files and folders given (and nothing else)."""
        return cls(loader.load_paths(paths), select=select, ignore=ignore)

    @classmethod
    def bundled(
        cls,
        packs: Sequence[str] | None = None,
        *,
        extra: Iterable[str | Path] = (),
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> Engine:
        """The bundled packs (all, or those named), plus any extra rule files or folders."""
        from . import enginecache

        extra = list(extra)

        def build() -> Engine:
            return cls(
                [*bundled_packs(packs), *loader.load_paths(extra)], select=select, ignore=ignore
            )

        recipe = {"bundled": packs and list(packs), "select": select, "ignore": ignore}
        if cls is not Engine:  # a subclass may build differently: not cached
            return build()
        return enginecache.get_or_build([bundled_rules_dir(), *extra], recipe, build)

    def precompile(self) -> None:
        """Build now what every document needs, so that a pickled engine carries it: the literal
        scan's automaton and the patterns of the rules that run on every text. (Other patterns
        compile when their literals occur; `warm` does everything, language profiles included.)"""
        for scanner in (self.scanner, self.rest_scanner):
            if scanner is not None:
                scanner.build()
        for compiled in self._always:
            if isinstance(compiled.check, PatternCheck):
                compiled.check.prepare()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_position"]  # keyed by id(): rebuilt for the unpickled checks
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._position = {id(r.check): i for i, r in enumerate(self.rules)}

    def _origin(self, rule_id: str) -> str:
        pack_name, _, name = rule_id.partition("/")
        pack = next((p for p in self.packs if p.name == pack_name), None)
        return pack.origins.get(name, "?") if pack else "?"

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def check(
        self,
        text: str,
        *,
        markup: str = "text",
        path: str = "-",
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        min_severity: Severity = "info",
        report_unused_suppressions: bool = False,
        map_chunks: ChunkMapper | None = None,
    ) -> list[Issue]:
        """Issues in `text`, sorted by start, then end, then rule id.

        Suppression comments in the text and the accepted vocabulary are applied; with
        `report_unused_suppressions`, a comment that suppressed nothing is itself an issue.
        A plain text longer than `LARGE_TEXT` is checked in chunks of about `CHUNK` characters
        cut at blank lines, so memory stays a small multiple of the text and the chunks can be
        checked in parallel: rules whose scope is the document (`density`, `pairing` with
        `scope: document`) then see one chunk at a time. Suppression comments reach across
        chunks as across paragraphs. `map_chunks` may check chunks elsewhere: see `check_stream`.
        """
        found = list(
            self.check_stream(
                [text],
                markup=markup,
                path=path,
                select=select,
                ignore=ignore,
                min_severity=min_severity,
                report_unused_suppressions=report_unused_suppressions,
                map_chunks=map_chunks,
            )
        )
        if report_unused_suppressions:  # a chunked text's come last (see `check_stream`)
            found.sort(key=_order)
        return found

    def check_stream(
        self,
        pieces: Iterable[str],
        *,
        markup: str = "text",
        path: str = "-",
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        min_severity: Severity = "info",
        report_unused_suppressions: bool = False,
        map_chunks: ChunkMapper | None = None,
    ) -> Iterator[Issue]:
        """The issues `check` finds in the text `"".join(pieces)`, in the same order, without
        holding that text whole: a plain text is checked chunk by chunk as `check` cuts it,
        reading `pieces` (of any size, cut anywhere) only a few chunks ahead. Other markups
        are joined and checked whole.

        `map_chunks(chunks, options)` may check the chunks elsewhere (other processes): it must
        yield, in order, `check_document(chunk, **options)` for each chunk, reading `chunks` only
        a few ahead of what it has yielded.

        In a chunked text, whether a suppression comment was used is known only at the end:
        with `report_unused_suppressions`, those issues come after all others.
        """
        options: dict[str, Any] = {
            "markup": markup,
            "path": path,
            "select": select,
            "ignore": ignore,
            "min_severity": min_severity,
            "report_unused_suppressions": report_unused_suppressions,
        }
        pieces = iter(pieces)
        head: list[str] = []
        size = 0
        if markup == "text":
            # As `check`: up to LARGE_TEXT characters, one document.
            for piece in pieces:
                head.append(piece)
                size += len(piece)
                if size > LARGE_TEXT:
                    chunks = _Remembered(_rechunk(chain(head, pieces)))
                    # Suppression comments are applied across chunks, as they are placed.
                    each = {**options, "report_unused_suppressions": False, "suppress": False}
                    if map_chunks is None:
                        checked = (self.check_document(c, **each) for c in chunks)
                    else:
                        checked = map_chunks(chunks, each)
                    yield from _placed(chunks, checked, path, report_unused_suppressions)
                    return
        yield from self.check_document("".join(chain(head, pieces)), **options)

    def check_document(
        self,
        text: str,
        *,
        markup: str = "text",
        path: str = "-",
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        min_severity: Severity = "info",
        report_unused_suppressions: bool = False,
        suppress: bool = True,
    ) -> list[Issue]:
        """The issues in `text` as one document, however long (`check` cuts a large plain text
        into chunks and checks each with this). With `suppress` false, the text's suppression
        comments are left to the caller (a chunk's comments reach into the next chunks)."""
        doc = Document(text, markup)
        if self.prefilter is not None and self.prefilter.wanted(doc.prose):
            doc.ends = self.prefilter.scan(doc.prose)
        rest = doc.ends is not None and not self.prefilter.refused  # type: ignore[union-attr]
        scanner = self.rest_scanner if rest else self.scanner
        if scanner is not None:
            doc.hits = scanner.scan(doc.prose)
        issues: dict[tuple[str, int, int], Issue] = {}
        floor = severity_rank(min_severity)
        for compiled in self._candidates(doc, rest):
            if compiled.rank < floor:
                continue
            if compiled.rule.markups and markup not in compiled.rule.markups:
                continue
            if not selection.selected(compiled.id, select, ignore):
                continue
            try:
                matches = list(compiled.check.find(doc))
            except TimeoutError:
                origin = self._origin(compiled.id)  # which rule file to look at
                warnings.warn(
                    RuleTimeoutWarning(
                        f"{path}: rule {compiled.id} ({origin}) timed out and was skipped"
                    ),
                    stacklevel=2,
                )
                continue
            for match in matches:
                if match.end <= match.start or doc.in_skipped(match.start, match.end):
                    continue
                key = (compiled.id, match.start, match.end)
                if key not in issues:
                    issues[key] = _issue(doc, path, compiled, match)
        found = [i for i in issues.values() if _normal(i.text) not in self._accepted]
        if suppress:
            directives = suppression.directives(text)
            found = suppression.apply(found, directives)
            if report_unused_suppressions:
                found += [
                    _unused_issue(text, doc.lines, path, d) for d in suppression.unused(directives)
                ]
        return sorted(found, key=_order)

    def warm(self) -> None:
        """Do now what is otherwise done on first use (compiling patterns, loading language
        profiles), so that processes forked for a large run share it instead of each paying."""
        for compiled in self.rules:
            compiled.check.prepare()
        flush_caches()

    def _candidates(self, doc: Document, rest: bool) -> list[CompiledRule]:
        """The rules that can match `doc`, in the rules' order. With `rest`, the prefilter
        narrowed the checks it knows and the rest scan the others: those it found, those with a
        literal found and those neither narrows. Otherwise, those the full scan does not narrow,
        those with a literal found, less those the prefilter (if it ran) rules out."""
        if rest:
            position = self._position.__getitem__
            numbers = set(self._never_narrowed)
            numbers.update(map(position, doc.ends.found))  # type: ignore[union-attr]
            if doc.hits is None:
                numbers.update(self._rest_scanned)
            else:
                numbers.update(map(position, doc.hits.active()))
            return [self.rules[i] for i in sorted(numbers)]
        if doc.hits is None:
            rules = self.rules
        else:
            active = [self.rules[self._position[owner]] for owner in doc.hits.active()]
            rules = self._always
            if active:
                rules = sorted([*rules, *active], key=lambda r: self._position[id(r.check)])
        if doc.ends is None:
            return rules
        known, found = doc.ends.known, doc.ends.found
        return [r for r in rules if id(r.check) not in known or id(r.check) in found]

    def fix(
        self,
        text: str,
        *,
        unsafe: bool = False,
        markup: str = "text",
        path: str = "-",
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        min_severity: Severity = "info",
        map_chunks: ChunkMapper | None = None,
    ) -> FixResult:
        """Apply safe fixes (and the first suggestion of unsafe ones if `unsafe`) until none is
        left. `applied` holds the issues fixed, with offsets into the text of the pass that
        fixed them; `remaining` holds the issues of the returned text. `map_chunks`: as for
        `check`."""
        check = partial(
            self.check,
            markup=markup,
            path=path,
            select=select,
            ignore=ignore,
            min_severity=min_severity,
            map_chunks=map_chunks,
        )
        applied: list[Issue] = []
        issues = check(text)
        for _ in range(MAX_FIX_PASSES):
            chosen = fixing.choose(issues, unsafe)
            if not chosen:
                break
            edits = [e for _, issue_edits in chosen for e in issue_edits]
            fixed = fixing.apply(text, edits)
            fixing.verify(text, fixed, edits)
            if fixed == text:
                break
            applied += [issue for issue, _ in chosen]
            text = fixed
            issues = check(text)
        return FixResult.model_construct(text=text, applied=applied, remaining=issues)


def flush_caches() -> None:
    """Keep what this process compiled (patterns) in the cache folder for the next run."""
    PATTERNS.flush()


def _scanner(rules: Sequence[CompiledRule]) -> Scanner | None:
    """One automaton over the literals of every check that has some (see `scan`)."""
    scanner = Scanner()
    for compiled in rules:
        found = compiled.check.literals()
        leading, required = _selective(found.leading), _selective(found.required)
        if leading and compiled.check.leading_allowed():
            # Both kinds narrow: try at leading literals, in paragraphs with a required one.
            also = required if required and required != leading else None
            scanner.add(compiled.check, leading, "leading", also)
        elif required or leading:
            scanner.add(compiled.check, required or leading or (), "required")
    literals.MEMO.flush()
    return scanner if len(scanner) else None


def _selective(literals: frozenset[str] | None) -> frozenset[str] | None:
    """None for sets holding a function word ("the", "with"): it occurs every few words, so
    looking it up costs more than running the pattern (measured: `the` ~30,000 hits per MB)."""
    if literals is None or any(lexicon.is_frequent(w) for w in literals):
        return None
    return literals


def _issue(doc: Document, path: str, compiled: CompiledRule, match: Any) -> Issue:
    rule = compiled.rule
    line, column = doc.lines.position(match.start)
    end_line, end_column = doc.lines.position(match.end)
    flagged = doc.text[match.start : match.end]
    suggestions = [s for s in match.suggestions if s != flagged]
    fix = None
    if suggestions:
        edit = built(Edit, start=match.start, end=match.end, replacement=suggestions[0])
        fix = built(Fix, safe=rule.safe, edits=[edit])
    return built(
        Issue,
        path=path,
        rule=compiled.id,
        severity=rule.severity,
        category=rule.category,
        message=match.message or rule.format_message(match=flagged),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        start=match.start,
        end=match.end,
        text=flagged,
        suggestions=suggestions,
        fix=fix,
    )


# Checks chunks of a text, perhaps elsewhere: see `Engine.check_stream`.
ChunkMapper = Callable[[Iterable[str], dict[str, Any]], Iterable[list[Issue]]]


class _Remembered:
    """An iterator of chunks that keeps those handed out until taken back, oldest first: the
    issues found in a chunk are placed with its text, and a mapper may read ahead."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = iter(chunks)
        self._kept: deque[str] = deque()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        chunk = next(self._chunks)
        self._kept.append(chunk)
        return chunk

    def take_oldest(self) -> str:
        return self._kept.popleft()


def _placed(
    chunks: _Remembered, checked: Iterable[list[Issue]], path: str, report_unused: bool
) -> Iterator[Issue]:
    """The issues found in each chunk (`checked`, in order), less those its suppression
    comments (or those carried from earlier chunks) suppress, placed in the text the chunks
    make up; then, with `report_unused`, the comments that suppressed nothing."""
    offset = lines_before = shift = 0
    memo: dict[str, str] = {}
    comments = suppression.Chunked()
    unused: list[tuple[suppression.Directive, Issue]] = []
    for issues in checked:
        chunk = chunks.take_oldest()  # the mapper read it to give its issues
        lines = LineIndex(chunk)
        own, applying = comments.add(chunk)
        for issue in suppression.apply(issues, applying):
            yield _shifted(issue, offset, lines_before, shift, memo)
        if report_unused:
            for d in own:
                if d.kind != "enable":
                    issue = _unused_issue(chunk, lines, path, d)
                    unused.append((d, _shifted(issue, offset, lines_before, shift, memo)))
        offset += len(chunk)
        lines_before += len(lines.starts) - 1
        # A chunk cut inside an over-long line starts mid-line: its first line's columns shift.
        newline = chunk.rfind("\n")
        shift = len(chunk) - newline - 1 if newline >= 0 else shift + len(chunk)
    yield from (issue for d, issue in unused if not d.used)


def _shifted(
    issue: Issue, offset: int, lines_before: int, shift: int, memo: dict[str, str]
) -> Issue:
    """An issue found in a chunk starting at `offset`, after `lines_before` line breaks and
    `shift` characters into its line, placed in the whole text. `memo` interns strings: on a
    large text with 100,000s of issues, sharing them saves about half the issues' memory."""
    if not (offset or lines_before or shift):
        return issue  # the first chunk's are in place
    fix = issue.fix
    if fix:
        edits = [
            built(
                Edit,
                start=e.start + offset,
                end=e.end + offset,
                replacement=memo.setdefault(e.replacement, e.replacement),
            )
            for e in fix.edits
        ]
        fix = built(Fix, safe=fix.safe, edits=edits)
    return built(
        Issue,
        path=issue.path,
        rule=issue.rule,
        severity=issue.severity,
        category=issue.category,
        message=memo.setdefault(issue.message, issue.message),
        line=issue.line + lines_before,
        column=issue.column + shift if issue.line == 1 else issue.column,
        end_line=issue.end_line + lines_before,
        end_column=issue.end_column + shift if issue.end_line == 1 else issue.end_column,
        start=issue.start + offset,
        end=issue.end + offset,
        text=memo.setdefault(issue.text, issue.text),
        suggestions=[memo.setdefault(s, s) for s in issue.suggestions],
        fix=fix,
    )


def _rechunk(pieces: Iterable[str]) -> Iterator[str]:
    """The text `pieces` make up, in the chunks `_chunks` cuts it into, read only as far ahead
    as a cut looks (2 * CHUNK characters)."""
    pieces = iter(pieces)
    text, start, more = "", 0, True
    while True:
        while more and len(text) - start <= 2 * CHUNK:
            piece = next(pieces, None)
            if piece is None:
                more = False
            else:
                text, start = text[start:] + piece, 0
        if start >= len(text):
            return
        end = _cut(text, start)
        yield text[start:end]
        start = end


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of about CHUNK characters covering `text` (see `_cut`)."""
    start = 0
    while start < len(text):
        end = _cut(text, start)
        yield start, end
        start = end


def _cut(text: str, start: int) -> int:
    """The end of the chunk of `text` at `start`: about CHUNK characters on, after a blank line
    (failing that, a line break; in an over-long line, a sentence or a space), so that no
    paragraph is cut in two where it can be helped. Reads no further than `start + 2 * CHUNK`."""
    end = start + CHUNK
    if end >= len(text):
        return len(text)
    brk = _BLANK_LINE.search(text, end, end + CHUNK)
    if brk:
        return brk.end()
    newline = text.find("\n", end, end + CHUNK)
    if newline >= 0:
        return newline + 1
    # An over-long line: cut after a sentence, or at least between words.
    stop = text.rfind(". ", start, end)
    stop = stop + 2 if stop > start else text.rfind(" ", start, end) + 1
    return stop if stop > start else end


def _normal(phrase: str) -> str:
    return " ".join(phrase.casefold().replace("’", "'").split())


def _order(issue: Issue) -> tuple[int, int, str]:
    return issue.start, issue.end, issue.rule


def _unused_issue(
    text: str, lines: LineIndex, path: str, directive: suppression.Directive
) -> Issue:
    line, column = lines.position(directive.start)
    end_line, end_column = lines.position(directive.end)
    return built(
        Issue,
        path=path,
        rule=UNUSED_SUPPRESSION,
        severity="minor",
        category="design/markup",
        message="This suppression comment suppresses nothing; remove it.",
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        start=directive.start,
        end=directive.end,
        text=text[directive.start : directive.end],
        suggestions=[],
        fix=None,
    )
