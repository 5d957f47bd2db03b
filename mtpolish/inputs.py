"""Which files a command line names: files as given, folders walked, `-` for stdin."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Files looked at inside folders (a file named on the command line is always checked).
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Input:
    name: str  # as reported: the argument, or the folder joined with the path below it
    path: Path | None  # None for stdin


def expand(arguments: list[str]) -> Iterator[Input | str]:
    """Inputs in command-line order (folders sorted inside); a string is an error message."""
    for argument in arguments:
        if argument == "-":
            yield Input("-", None)
        elif os.path.isdir(argument):
            yield from _walk(argument)
        elif os.path.exists(argument) or os.path.islink(argument):
            # A broken or looping link goes on to reading, which says which it is.
            yield Input(argument, Path(argument))
        else:
            yield f"{argument}: no such file or folder"


def _walk(folder: str) -> Iterator[Input | str]:
    found: list[str] = []
    errors: list[str] = []

    def on_error(e: OSError) -> None:
        errors.append(f"{e.filename}: cannot read folder: {e.strerror}")

    # Not following symlinked folders avoids loops; symlinked files are checked.
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            os.path.join(root, f)
            for f in files
            if f.endswith(TEXT_SUFFIXES) and not f.startswith(".")
        ]
    yield from errors
    for name in sorted(found):
        yield Input(name, Path(name))


def markup_for(name: str) -> str:
    return "markdown" if name.lower().endswith(MARKDOWN_SUFFIXES) else "text"
