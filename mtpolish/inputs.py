"""Which files a command line names: files as given, folders walked, `-` for stdin.

Folders are walked in sorted order, skipping hidden entries, files that the include/exclude
patterns (gitignore syntax) rule out, and, unless turned off, what `.gitignore` files ignore.
Symlinked folders are not followed, so symlink loops cannot trap the walk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a file given by name needs no patterns (start-up)
    import pathspec

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Input:
    name: str  # as reported: the argument, or the folder joined with the path below it
    path: Path | None  # None for stdin


@dataclass(frozen=True)
class Filters:
    include: Sequence[str]
    exclude: Sequence[str]
    gitignore: bool
    root: Path  # include/exclude patterns are relative to it (the configuration's folder)

    def keeps(self, relative: str) -> bool:
        """Whether the include patterns take, and the exclude patterns leave, the file at
        `relative`: its path below the root, with "/" between parts, or its name alone
        outside the root."""
        if not matches(tuple(self.include), relative):
            return False
        return not (self.exclude and matches(tuple(self.exclude), relative))

    def excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        # Not resolve(): a link loop must not raise here.
        absolute = os.path.abspath(path)
        below = _below(os.path.dirname(absolute), os.path.abspath(self.root))
        return matches(tuple(self.exclude), path.name if below is None else below + path.name)


def _below(absolute: str, base: str) -> str | None:
    """The path of the folder `absolute` below `base` (both absolute and normalised), ending
    in "/" ("" for `base` itself); None outside it."""
    if absolute == base:
        return ""
    base = base.rstrip(os.sep) + os.sep  # the file-system root ends in a separator already
    if not absolute.startswith(base):
        return None
    return absolute[len(base) :].replace(os.sep, "/") + "/"


def matches(patterns: tuple[str, ...], relative: str) -> bool:
    """Whether the gitignore-style `patterns` match the file at `relative`."""
    suffixes = _suffixes(patterns)
    if suffixes is not None:
        # As gitignore matches such a pattern: against every part of the path (a folder that
        # matches holds matching files), without importing pathspec (~15 ms) or running it.
        return any(part.endswith(suffixes) for part in relative.split("/"))
    return _spec(patterns).match_file(relative)


@cache
def _suffixes(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """The suffixes, if every pattern is "*" then a suffix ("*.md", the defaults); else None."""
    if all(_SUFFIX_PATTERN.fullmatch(p) for p in patterns):
        return tuple(p[1:] for p in patterns)
    return None


_SUFFIX_PATTERN = re.compile(r"\*\.[\w.-]+")


@cache
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def expand(argument: str, filters: Filters) -> Iterator[Input | str]:
    """Inputs for one argument (folders sorted inside); a string is an error message."""
    if argument == "-":
        yield Input("-", None)
    elif os.path.isdir(argument):
        yield from _walk(argument, filters)
    elif os.path.exists(argument) or os.path.islink(argument):
        # A broken or looping link goes on to reading, which says which it is.
        if not filters.excluded(Path(argument)):
            yield Input(argument, Path(argument))
    else:
        yield f"{argument}: no such file or folder"


def _walk(folder: str, filters: Filters) -> Iterator[Input | str]:
    found: list[str] = []
    errors: list[str] = []
    ignores = _GitIgnores(Path(folder)) if filters.gitignore else None

    def on_error(e: OSError) -> None:
        errors.append(f"{e.filename}: cannot read folder: {e.strerror}")

    top = os.path.abspath(filters.root)
    for root, dirs, files in os.walk(folder, onerror=on_error):
        # Paths are worked out once a folder, as strings: per file, pathlib costs ~15 µs.
        absolute = os.path.abspath(root)
        if ignores is not None:
            ignores.enter(absolute)
        # Most walks meet no .gitignore: then nothing is tested per file.
        ignored = ignores.ignored if ignores is not None and ignores.specs else None
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not (ignored and ignored(absolute, d, True))
        )
        below = _below(absolute, top)
        for name in files:
            if name.startswith(".") or (ignored and ignored(absolute, name, False)):
                continue
            if filters.keeps(name if below is None else below + name):
                found.append(os.path.join(root, name))
    yield from errors
    for name in sorted(found):
        yield Input(name, Path(name))


class _GitIgnores:
    """The `.gitignore` files that apply inside a walked folder: those of the folders above it
    up to the repository root, and those met on the way down."""

    def __init__(self, top: Path) -> None:
        self.specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        absolute = Path(os.path.abspath(top))
        repository = next((p for p in (absolute, *absolute.parents) if (p / ".git").exists()), None)
        if repository is not None and repository != absolute:
            between = [
                p for p in reversed(absolute.parents) if p == repository or repository in p.parents
            ]
            for folder in between:
                self.enter(str(folder))

    def enter(self, folder: str) -> None:
        """Take the `.gitignore` of the (absolute) `folder`, if any."""
        path = os.path.join(folder, ".gitignore")
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
            except OSError:
                return
            import pathspec

            self.specs.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, folder: str, name: str, is_folder: bool) -> bool:
        """Whether `name` in the (absolute) `folder` is ignored."""
        for base, spec in self.specs:
            below = _below(folder, base)
            if below is not None and spec.match_file(below + name + ("/" if is_folder else "")):
                return True
        return False


def markup_for(name: str) -> str:
    return "markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text"
