"""An optional Hyperscan pass that says, per pattern rule, where a match may end.

Every pattern of an `existence`/`substitution` rule (and the first phrase of a `pairing` rule)
is translated into a Hyperscan expression that matches at least wherever the `regex` pattern
does, and all of them are compiled into one database (prefilter mode: constructs Hyperscan
lacks, such as look-arounds and back-references, are widened, never narrowed; the translation
itself widens case flags and conditional groups). One scan of a document's prose then gives
each rule the end offsets of its possible matches; the rule's own pattern runs only in the
paragraphs holding them, and not at all where there are none. Like the literal scan, this only
narrows where patterns run: every match still comes from the rule's own regular expression.

The translation keeps Hyperscan out of Unicode mode, whose tables make the database take ~20 s
to compile (against ~2 s): the prose is scanned one byte a character (see `_BUCKETS`), each
class becomes the bytes of the characters it matches, and assertions whose Unicode or
paragraph-end meaning bytes cannot give (`\\b`, `$`, `\\Z`) are dropped. A pattern it cannot
translate, or that Hyperscan refuses, keeps the literal scan alone; a text holding a character
`regex` folds to an ASCII letter (`ſ`) is not prefiltered. Without the `hyperscan` package (no
wheel for the platform) nothing changes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

import regex

from . import packcache

_ASCII = "".join(map(chr, range(128)))
_CLASS_ESCAPES = frozenset("wWsSdD")
_DROPPED = frozenset("bBAZz")  # zero-width: dropping them only widens
_KEPT_ESCAPES = frozenset("ntrfvae")


class Untranslatable(Exception):
    pass


# Hyperscan scans one byte per character: Latin-1 as itself, a few frequent characters
# beyond it (curly quotes, dashes, full-width punctuation, spaces) in C1 control bytes of their
# own, and everything else in one. An expression's class then takes each byte one of whose
# characters it matches (`regex` decides), so it stays a superset; in Hyperscan's Unicode mode
# the same database takes ~20 s to compile instead of ~2 s, and offsets would need mapping.
OTHER = 0x80
HAN = 0x82
_HAN = range(0x4E00, 0xA000)  # CJK ideographs
_BUCKETS: dict[int, int] = {
    **dict.fromkeys(map(ord, "\u1680\u2028\u2029\u202f\u205f"), 0x81),
    **dict.fromkeys(range(0x2000, 0x200B), 0x81),
    **{ord(c): 0x86 + i for i, c in enumerate("…\u3000，。、：；！？（）《》「」‘’“”–—")},
}


class _Bucket(dict):
    def __missing__(self, key: int) -> int:
        return HAN if key in _HAN else OTHER


_BUCKET_OF = _Bucket(_BUCKETS)


def _bucket(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    return error.object[error.start : error.end].translate(_BUCKET_OF), error.end


@cache
def _encoding_errors() -> str:
    import codecs

    codecs.register_error("mtpolish-prefilter", _bucket)
    return "mtpolish-prefilter"


@cache
def _members() -> dict[int, str]:
    """Byte → the characters scanned as it (above ASCII)."""
    out = {b: chr(b) for b in range(0x80, 0x100)}
    for c, b in _BUCKETS.items():
        out[b] += chr(c)
    out[HAN] += "".join(map(chr, _HAN))
    rest = (c for c in range(0x100, 0x110000) if c not in _BUCKETS and c not in _HAN)
    out[OTHER] += "".join(chr(c) for c in rest if not 0xD800 <= c < 0xE000)
    return out


@cache
def _class(token: str, ignore_case: bool) -> str:
    """A class of the bytes holding a character that the one-character `token` matches."""
    flags = regex.IGNORECASE if ignore_case else 0
    pattern = regex.compile(token, flags)
    members = [ord(c) for c in pattern.findall(_ASCII)]
    members += [b for b, chars in _members().items() if pattern.search(chars)]
    if not members:
        raise Untranslatable(f"empty class {token}")
    return "[" + "".join(map(_code, members)) + "]"


def _code(byte: int) -> str:
    return f"\\x{byte:02x}"


def _class_end(pattern: str, i: int) -> int:
    """The index just past the character class that starts at `pattern[i]` ("[")."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
        elif c == "[":  # `[:alpha:]` inside a class; nested sets are not V0 syntax
            if pattern.startswith("[:", j):
                end = pattern.find(":]", j + 2)
                if end < 0:
                    raise Untranslatable("unclosed POSIX class")
                j = end + 2
            else:
                j += 1
        elif c == "]":
            return j + 1
        else:
            j += 1
    raise Untranslatable("unclosed class")


def _literal(c: str, ignore_case: bool) -> str:
    if c.isascii():
        return c if c.isalnum() else _code(ord(c))
    return _class(regex.escape(c), ignore_case)  # its byte, and its other cases' (`é`, `É`)


@cache
def _syntax() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled only to build an engine: not on the path of a run with a cached one."""
    return (
        re.compile(r"\{(\d*)(?:(,)(\d*))?\}"),  # a quantifier
        re.compile(  # an escape that names a character
            r"\\(?:x\{(?P<braced>[0-9a-fA-F]+)\}|x(?P<x>[0-9a-fA-F]{2})|"
            r"u(?P<u>[0-9a-fA-F]{4})|U(?P<U>[0-9a-fA-F]{8})|N\{(?P<name>[^}]+)\})"
        ),
        re.compile(r"\(\?([a-zA-Z-]+)([:)])"),  # inline flags
        re.compile(r"\(\?\((?:\w+|<\w+>|'\w+')\)"),  # a conditional group, to its condition
    )


def translate(pattern: str, ignore_case: bool) -> str:
    """A Hyperscan expression (UTF-8, no Unicode properties) matching at least wherever the
    `regex` pattern matches inside a paragraph; raises `Untranslatable`."""
    quantifier, code_escape, inline_flags, condition_start = _syntax()
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise Untranslatable("trailing backslash")
            e = pattern[i + 1]
            if e in _DROPPED:
                i += 2
            elif e in _CLASS_ESCAPES:
                out.append(_class(pattern[i : i + 2], ignore_case))
                i += 2
            elif e in "pP":
                end = pattern.find("}", i) + 1 if pattern.startswith("{", i + 2) else i + 3
                if end <= i:
                    raise Untranslatable("unclosed property")
                out.append(_class(pattern[i:end], ignore_case))
                i = end
            elif e in _KEPT_ESCAPES or e in "123456789":
                out.append(pattern[i : i + 2])
                i += 2
            elif e in "xuUN":
                m = code_escape.match(pattern, i)
                if m is None:
                    raise Untranslatable("bad escape")
                name, code = (
                    m.group("name"),
                    m.group("x") or m.group("u") or m.group("U") or m.group("braced"),
                )
                if name:
                    import unicodedata

                    char = unicodedata.lookup(name)
                else:
                    char = chr(int(code, 16))
                out.append(_literal(char, ignore_case))
                i = m.end()
            elif e.isalnum():
                raise Untranslatable(f"escape \\{e}")
            else:
                out.append(_literal(e, ignore_case))
                i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            out.append(_class(pattern[i:end], ignore_case))
            i = end
        elif c == "^":
            # `regex` matches `^` where Hyperscan does: at the start of the prose, and with
            # (?m) after "\n" only (the patterns run on the whole prose, from offsets after
            # which `^` never matches unless a line starts there).
            out.append(c)
            i += 1
        elif c == "$":  # the end of a paragraph too, where a check stops its search
            i += 1
        elif c == "{":
            m = quantifier.match(pattern, i)
            if m is None or not (m.group(1) or m.group(3)):
                raise Untranslatable("brace that is not a quantifier")
            low, comma, high = m.groups()
            out.append(f"{{{low or 0}{comma or ''}{high or ''}}}")
            i = m.end()
        elif c == "(" and pattern.startswith("(?", i):
            m = inline_flags.match(pattern, i)
            condition = condition_start.match(pattern, i)
            if m is not None:
                out.append(_flags(m.group(1), m.group(2), ignore_case))
                i = m.end()
            elif condition is not None:
                # A conditional group matches its yes branch or its no branch, either of which
                # may be missing (empty): so does "(?:|yes|no)".
                out.append("(?:|")
                i = condition.end()
            elif pattern.startswith(("(?#", "(?|", "(?&", "(?R", "(?P>", "(?("), i):
                raise Untranslatable("construct")
            else:
                out.append("(?")
                i += 2
        elif c.isascii():
            out.append(c)
            i += 1
        else:
            out.append(_literal(c, ignore_case))
            i += 1
    return "".join(out)


def _flags(flags: str, end: str, ignore_case: bool) -> str:
    """Inline flags (`(?s:`, `(?-i)`...) as Hyperscan takes them. A case flag is dropped: the
    expression is then caseless throughout (see `changes_case`), which only widens it."""
    on, _, off = flags.partition("-")
    if "i" in on + off and not ignore_case:
        raise Untranslatable("case flag in a case-sensitive translation")
    on, off = on.replace("i", ""), off.replace("i", "")
    if off or set(on) - set("ms"):
        raise Untranslatable("inline flags")  # verbose mode, or flags turned off
    if on:
        return f"(?{on}{end}"
    return "(?:" if end == ":" else ""


def changes_case(pattern: str) -> bool:
    """Whether `pattern` turns case-insensitivity on or off anywhere (`(?i:...)`, `(?-i)`):
    it is then translated as caseless throughout."""
    return any("i" in m.group(1) for m in _syntax()[2].finditer(pattern))


# Non-ASCII characters that `regex` IGNORECASE matches with an ASCII letter (`İ`, `ſ`, the
# Kelvin sign): Hyperscan folds ASCII only, so a text holding one is not prefiltered (the
# tests check the list against `regex`).
CASE_FOLDED_ASCII = ("\u0130", "\u017f", "\u212a")


# Characters of prose a process checks before it loads the database (see `Prefilter.wanted`).
LOAD_AFTER = 64_000


def _expression(owner: Any) -> tuple[bytes, bool]:
    pattern, ignore_case = owner.expression()
    ignore_case = ignore_case or changes_case(pattern)
    return translate(pattern, ignore_case).encode(), ignore_case


# A process's databases, by key: engines over the same rules (tests, `select`) share one.
_DATABASES: dict[str, tuple[Any, frozenset[int]]] = {}


class Prefilter:
    """One Hyperscan database over the patterns of many checks (see the module's docstring),
    compiled or read back from the cache folder on first use. A pickled prefilter keeps only
    the checks and the database's key: their expressions (~0.8 MB) are made again only to
    compile it."""

    def __init__(self, owners: Sequence[Any]) -> None:
        """`owners`: the checks to narrow, each giving its `expression()`."""
        self.owners: list[Any] = []
        self.untranslated = 0  # patterns left to the literal scan alone
        import hashlib  # building an engine only, not on a cached run's path

        digest = hashlib.sha256()
        for owner in owners:
            try:
                expression, caseless = _expression(owner)
            except Untranslatable:
                self.untranslated += 1
                continue
            self.owners.append(owner)
            digest.update(b"%d:%s\0" % (caseless, expression))
        self.key = digest.hexdigest()[:32]
        self._database: Any = None
        self._refused: frozenset[int] = frozenset()  # numbers Hyperscan would not compile
        self._known: frozenset[int] | None = None
        self.checked = 0  # characters of prose this process checked (see `wanted`)

    def __getstate__(self) -> dict[str, Any]:
        # The database and the owners' ids belong to this process: made again on first use.
        return {**self.__dict__, "_database": None, "_known": None, "checked": 0}

    def wanted(self, prose: str) -> bool:
        """Whether to scan `prose`: not before the process has checked enough text for the
        database to pay for itself (loading it and Hyperscan takes ~15 ms, against ~0.3 ms
        saved on a page of 1,300 characters), so that checking one small file is no slower."""
        self.checked += len(prose)  # racing threads may undercount: it only delays the use
        return self._database is not None or self.checked >= LOAD_AFTER

    def _built(self) -> Any:
        if self._database is None:
            import hyperscan  # here, not at start-up: ~9 ms, and only a checked text needs it

            key = f"hyperscan-{hyperscan.__version__}-{self.key}"
            if key not in _DATABASES:
                stored = packcache.fetch(key)
                if stored is not None and stored[0] is None:
                    _DATABASES[key] = None, stored[1]
                elif stored is not None:
                    database = hyperscan.loadb(stored[0], hyperscan.HS_MODE_BLOCK)
                    _DATABASES[key] = database, stored[1]
                else:
                    database, refused = self._compile()
                    stored = hyperscan.dumpb(database) if database is not None else None
                    packcache.store(key, (stored, refused))
                    _DATABASES[key] = database, refused
            self._database, self._refused = _DATABASES[key]
        return self._database

    def _compile(self) -> tuple[Any, frozenset[int]]:
        """A database of the expressions that compile, and the numbers of those that do not
        (found by halving: Hyperscan's error does not say which expression failed)."""
        import hyperscan

        expressions, flags = [], []
        for owner in self.owners:
            expression, caseless = _expression(owner)
            expressions.append(expression)
            flags.append(hyperscan.HS_FLAG_PREFILTER | (caseless and hyperscan.HS_FLAG_CASELESS))
        numbers = list(range(len(expressions)))
        refused: set[int] = set()

        def attempt(part: list[int]) -> Any:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(
                expressions=[expressions[k] for k in part],
                ids=part,
                elements=len(part),
                flags=[flags[k] for k in part],
            )
            return database

        def find_refused(part: list[int]) -> None:
            if not part:
                return
            try:
                attempt(part)
            except hyperscan.error:
                if len(part) == 1:
                    refused.update(part)
                else:
                    find_refused(part[: len(part) // 2])
                    find_refused(part[len(part) // 2 :])

        try:
            return attempt(numbers), frozenset()
        except hyperscan.error:
            find_refused(numbers)
            rest = [k for k in numbers if k not in refused]
            return (attempt(rest) if rest else None), frozenset(refused)

    @property
    def refused(self) -> frozenset[int]:
        """The numbers of the owners whose expression Hyperscan would not compile (known once
        the database is built or read: a scan has returned)."""
        return self._refused

    def known(self) -> frozenset[int]:
        """The ids of the owners the prefilter narrows (those whose patterns compiled)."""
        if self._known is None:
            self._built()
            self._known = frozenset(
                id(o) for k, o in enumerate(self.owners) if k not in self._refused
            )
        return self._known

    def scan(self, prose: str) -> Ends | None:
        """Where the possible matches of each pattern end in `prose`, or None if the prefilter
        cannot tell (then the literal scan alone narrows)."""
        if not prose.isascii() and any(c in prose for c in CASE_FOLDED_ASCII):
            return None
        data = prose.encode("latin-1", _encoding_errors())  # one byte a character
        database = self._built()
        if database is None:  # no pattern compiled
            return None
        found: dict[int, list[int]] = {}

        def on_match(number: int, start: int, end: int, flags: int, context: object) -> None:
            found.setdefault(number, []).append(end)

        database.scan(data, match_event_handler=on_match, scratch=_scratch(database))
        owners = self.owners
        return Ends(self.known(), {id(owners[k]): ends for k, ends in found.items()})


class Ends:
    """What one prefilter scan found: for each owner it narrows, where its matches may end."""

    def __init__(self, known: frozenset[int], found: dict[int, list[int]]) -> None:
        self.known = known  # owner ids
        self.found = found  # owner id → end offsets in the prose (any order)

    def lookup(self, owner: object) -> list[int] | None:
        """The offsets of the last characters of the owner's possible matches, ascending (none:
        it cannot match), or None for an owner the prefilter does not narrow."""
        key = id(owner)
        if key not in self.known:
            return None
        return sorted({end - 1 for end in self.found.get(key, ())})


# Scratch space: one per thread and database, as Hyperscan requires for concurrent scans.
_THREADS = threading.local()


def _scratch(database: Any) -> Any:
    import hyperscan

    scratches: dict[int, Any] = _THREADS.__dict__.setdefault("scratches", {})
    if id(database) not in scratches:  # databases live as long as the process (`_DATABASES`)
        scratches[id(database)] = hyperscan.Scratch(database)
    return scratches[id(database)]


def build(owners: Sequence[Any]) -> Prefilter | None:
    """A prefilter for `owners` (see `Prefilter`), or None without Hyperscan or owners."""
    import importlib.util

    if not owners or importlib.util.find_spec("hyperscan") is None:
        return None
    return Prefilter(owners)
