"""Which files a command line names: files as given, folders walked, `-` for stdin.

Folders are walked in sorted order, skipping hidden entries, files that the include/exclude
patterns (gitignore syntax) rule out, and, unless turned off, what `.gitignore` files ignore.
Symlinked folders are not followed, so symlink loops cannot trap the walk.
"""

from __future__ import annotations

import os
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

    def _relative(self, path: Path) -> str:
        absolute = Path(os.path.abspath(path))  # not resolve(): a link loop must not raise here
        try:
            return absolute.relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return path.name

    def included(self, path: Path) -> bool:
        return _spec(tuple(self.include)).match_file(self._relative(path))

    def excluded(self, path: Path) -> bool:
        return bool(self.exclude) and _spec(tuple(self.exclude)).match_file(self._relative(path))


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

    for root, dirs, files in os.walk(folder, onerror=on_error):
        here = Path(root)
        if ignores:
            ignores.enter(here)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not (ignores and ignores.ignored(here / d, folder=True))
        )
        for name in files:
            path = here / name
            if name.startswith(".") or (ignores and ignores.ignored(path, folder=False)):
                continue
            if filters.included(path) and not filters.excluded(path):
                found.append(os.path.join(root, name))
    yield from errors
    for name in sorted(found):
        yield Input(name, Path(name))


class _GitIgnores:
    """The `.gitignore` files that apply inside a walked folder: those of the folders above it
    up to the repository root, and those met on the way down."""

    def __init__(self, top: Path) -> None:
        self.specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
        absolute = Path(os.path.abspath(top))
        repository = next((p for p in (absolute, *absolute.parents) if (p / ".git").exists()), None)
        if repository is not None and repository != absolute:
            between = [
                p for p in reversed(absolute.parents) if p == repository or repository in p.parents
            ]
            for folder in between:
                self._add(folder)

    def _add(self, folder: Path) -> None:
        path = folder / ".gitignore"
        if path.is_file():
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            import pathspec

            self.specs.append(
                (Path(os.path.abspath(folder)), pathspec.GitIgnoreSpec.from_lines(lines))
            )

    def enter(self, folder: Path) -> None:
        self._add(folder)

    def ignored(self, path: Path, folder: bool) -> bool:
        absolute = Path(os.path.abspath(path))
        for base, spec in self.specs:
            try:
                relative = absolute.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + ("/" if folder else "")):
                return True
        return False


def markup_for(name: str) -> str:
    return "markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text"
