"""The `mtpolish` program's entry point (the console script and `python -m mtpolish`).

Importing the command line (pydantic above all) creates some 200,000 objects that live as long
as the process, and next to no garbage; the cyclic collector would walk them again and again
(~15 ms of a run). So they are imported with the collector paused, then frozen: moved out of
its sight. A check then makes millions of short-lived objects and next to no cycles, so the
collector runs a hundred times less often than by default (measured: ~4 % of a 1 MB run).
Only the program does this; `import mtpolish` in someone else's process does not.

Nor does it tear that heap down at the end: freeing the engine, the issues and the modules one
object at a time costs ~10 ms after a 1 MB run, for nothing, as the process ends. The program
flushes its output, waits for its worker processes and leaves with `os._exit`, as mypy does.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn


def run() -> NoReturn:
    """The console script and `python -m mtpolish`."""
    leave(program())


def program() -> int:
    """The command line's exit code."""
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.set_threshold(70_000, 10, 10)
        gc.enable()
    return main()


def leave(code: int) -> NoReturn:
    """Ends the process with `code` once its output is written and its workers are gone."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        # By now a worker has nothing left to do that anyone will read, and one left waiting
        # on its queue after this process is gone would wait for ever.
        for child in multiprocessing.active_children():
            child.terminate()
            child.join()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe, a full disk: as Python itself would, on its way out
        raise SystemExit(code) from None
    os._exit(code)
