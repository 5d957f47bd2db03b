"""Checking (and fixing) many files: read, check or fix, write, in order or across processes.

Knows the engine and file handling, not the command line: the CLI builds `Task`s and formats
the `Outcome`s.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import textio
from .engine import ChunkMapper, Engine, flush_caches
from .errors import MtpolishError
from .issue import Issue, Severity
from .issuerows import IssueRows

# Below this many files a process pool costs more than it saves.
PARALLEL_MIN_FILES = 16
# Plain-text files larger than this (bytes) are read and checked a chunk at a time, never held
# whole. Smaller ones are read whole, even those checked in chunks: their issues are kept as
# they come, cheaper than compact rows for a few thousand.
STREAM_ABOVE = 4_000_000


@dataclass(frozen=True)
class Mode:
    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    report_unused_suppressions: bool = False

    @property
    def rewriting(self) -> bool:
        return self.fix or self.diff


@dataclass(frozen=True)
class Task:
    index: int
    name: str
    path: Path | None  # None: the text comes with the task (stdin)
    markup: str
    engine: Hashable  # key into the engines given to `run`
    min_severity: Severity = "minor"
    source: textio.SourceText | None = None


@dataclass
class Outcome:
    index: int
    name: str
    text: str = ""  # the text the issues point into (after fixing, the fixed text)
    # For a file checked in pieces, whose text is not kept: reads its pieces again.
    source: Callable[[], Iterable[str]] | None = None
    issues: Sequence[Issue] = field(default_factory=list)
    fixed: int = 0  # issues fixed
    output: str = ""  # for stdout: a diff, or the fixed text of stdin
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def check_one(
    engine: Engine, task: Task, mode: Mode, map_chunks: ChunkMapper | None = None
) -> Outcome:
    """Check (or fix) one file; `map_chunks` may check a large text's chunks in other processes
    (see `Engine.check_stream`)."""
    outcome = Outcome(task.index, task.name)
    try:
        options: dict[str, Any] = {
            "markup": task.markup,
            "path": task.name,
            "min_severity": task.min_severity,
            "map_chunks": map_chunks,
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if _streams(task, mode):
                _check_streamed(engine, task, mode, options, outcome)
            else:
                _check_whole(engine, task, mode, options, outcome)
        outcome.warnings = [str(w.message) for w in caught]
    except MtpolishError as e:
        outcome.error = str(e)
    return outcome


def _streams(task: Task, mode: Mode) -> bool:
    """Whether the file is large enough to be worth checking without holding it whole: only
    plain text is cut into chunks, and only checking needs no whole text to rewrite."""
    if mode.rewriting or task.path is None or task.source is not None or task.markup != "text":
        return False
    try:
        return task.path.stat().st_size > STREAM_ABOVE
    except OSError:
        return False  # reading it reports why


def _check_streamed(
    engine: Engine, task: Task, mode: Mode, options: dict[str, Any], outcome: Outcome
) -> None:
    """Read, decode and check the file a piece at a time; the outcome keeps no text, only the
    way to read it again (for the source lines of a report)."""
    path: Path = task.path  # type: ignore[assignment]
    pieces = textio.stream(path, task.name)
    unused = mode.report_unused_suppressions
    found = engine.check_stream(pieces, report_unused_suppressions=unused, **options)
    rows = IssueRows(found)
    if unused:
        rows.sort()  # the unused comments of a chunked text come last
    outcome.issues = rows
    outcome.source = partial(textio.stream, path, task.name)


def _check_whole(
    engine: Engine, task: Task, mode: Mode, options: dict[str, Any], outcome: Outcome
) -> None:
    source = task.source or textio.read(task.path, task.name)  # type: ignore[arg-type]
    if mode.rewriting:
        result = engine.fix(source.text, unsafe=mode.unsafe, **options)
        text, outcome.fixed = result.text, len(result.applied)
        issues = result.remaining
        if mode.report_unused_suppressions:
            issues = engine.check(text, report_unused_suppressions=True, **options)
    else:
        text = source.text
        unused = mode.report_unused_suppressions
        issues = engine.check(text, report_unused_suppressions=unused, **options)
    if mode.diff:
        outcome.output = diff(task.name, source.text, text)
    elif mode.fix and task.path is None:
        outcome.output = text
    elif mode.fix and text != source.text:
        textio.write(task.path, source, text)  # type: ignore[arg-type]
    outcome.text, outcome.issues = text, issues


def diff(name: str, before: str, after: str) -> str:
    import difflib  # here, not at the top: only --diff needs it (start-up)

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(
        line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        for line in lines
    )


# Each worker process receives the engines once, not once per file: inherited when forked, or
# pickled once (and recompiled) where processes are spawned.
_worker_engines: Mapping[Hashable, Engine] = {}


def _init_worker(engines: Mapping[Hashable, Engine]) -> None:
    global _worker_engines
    _worker_engines = engines


def _check_chunk(tasks: Sequence[Task], mode: Mode) -> list[Outcome]:
    return [check_one(_worker_engines[task.engine], task, mode) for task in tasks]


def _check_document(
    key: Hashable, chunk: str, options: dict[str, Any]
) -> tuple[list[Issue], list[tuple[type[Warning], str]]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        issues = _worker_engines[key].check_document(chunk, **options)
    return issues, [(w.category, str(w.message)) for w in caught]


@dataclass
class _Queued:
    chunk: str
    future: Any = None  # when sent to a worker
    issues: list[Issue] | None = None  # when checked here

    @property
    def unassigned(self) -> bool:
        return self.future is None and self.issues is None


class ChunkPool:
    """`jobs - 1` worker processes, started when a large text first needs them, that check its
    chunks while this process checks those no worker has (see `_map`). Where processes cannot
    be started, or a worker dies, this process checks the chunks itself."""

    def __init__(self, engines: Mapping[Hashable, Engine], jobs: int) -> None:
        self._engines = engines
        self._jobs = jobs
        self._pool: Any = None
        self._failed = False

    def mapper(self, key: Hashable) -> ChunkMapper:
        return partial(self._map, key)

    def _workers(self) -> Any:
        """The process pool, started on first use; None if it cannot be used."""
        if self._pool is None and not self._failed:
            from concurrent.futures import ProcessPoolExecutor  # only large texts need it

            try:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._jobs - 1,
                    initializer=_init_worker,
                    initargs=(dict(self._engines),),
                )
            except (OSError, NotImplementedError):  # no semaphores here (some sandboxes)
                self._failed = True
        return None if self._failed else self._pool

    def _map(
        self, key: Hashable, chunks: Iterable[str], options: dict[str, Any]
    ) -> Iterator[list[Issue]]:
        """Each chunk's issues, in order. Chunks are read a few ahead (a large file is never
        held whole). The workers are kept busy with two chunks each, the one they check and the
        next: a process pool's own queue would hand them every chunk before this process could
        take one. Meanwhile this process checks the oldest chunk that no worker has."""
        from concurrent.futures import BrokenExecutor

        engine = self._engines[key]
        workers = self._jobs - 1
        chunks = iter(chunks)
        queued: deque[_Queued] = deque()  # oldest first
        while True:
            while len(queued) < 2 * workers + 6 and (chunk := next(chunks, None)) is not None:
                queued.append(_Queued(chunk))
            if not queued:
                return
            pool = self._workers()
            if pool is not None:
                busy = sum(1 for q in queued if q.future is not None and not q.future.done())
                waiting = [q for q in queued if q.unassigned]
                try:
                    for q in waiting[: max(0, 2 * workers - busy)]:
                        q.future = pool.submit(_check_document, key, q.chunk, options)
                except (OSError, RuntimeError):  # no process could be started, or one died
                    self._failed = True
            oldest = queued[0]
            if oldest.issues is None and (oldest.future is None or not oldest.future.done()):
                mine = next((q for q in queued if q.unassigned), None)
                if mine is not None:
                    mine.issues = engine.check_document(mine.chunk, **options)
                    continue
            queued.popleft()
            if oldest.issues is None:
                try:
                    oldest.issues, caught = oldest.future.result()  # type: ignore[union-attr]
                except BrokenExecutor:  # a worker died (killed, out of memory): go on here
                    self._failed = True
                    for q in queued:
                        q.future = None
                    oldest.issues, caught = engine.check_document(oldest.chunk, **options), []
                for category, message in caught:
                    warnings.warn(message, category, stacklevel=1)
            yield oldest.issues

    def close(self) -> None:
        if self._pool is not None:
            # Not waiting: the workers wind down while the report is written (joined at exit).
            self._pool.shutdown(wait=False, cancel_futures=True)


def run(
    engines: Mapping[Hashable, Engine],
    tasks: Sequence[Task],
    mode: Mode,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Outcome]:
    """Outcomes in task order. With `jobs` > 1, `jobs` processes do the work, this one and a
    pool of `jobs` - 1 workers: with many files, each checks whole files; with fewer, the
    chunks of a large text are shared among them."""
    total = len(tasks)
    pool = ChunkPool(engines, jobs)
    try:
        if jobs <= 1 or total < PARALLEL_MIN_FILES:
            # One file after another; a large one's chunks are checked by `jobs` processes.
            outcomes: Iterator[Outcome] = (
                check_one(engines[t.engine], t, mode, pool.mapper(t.engine) if jobs > 1 else None)
                for t in tasks
            )
        else:
            outcomes = _run_parallel(engines, tasks, mode, jobs)
        for done, outcome in enumerate(outcomes, 1):
            yield outcome
            if progress:
                progress(done, total)
    finally:
        pool.close()
    flush_caches()  # what this process compiled, for the next run


def chunk_size(total: int, jobs: int) -> int:
    # Small enough that no process waits long for the last chunks, large enough that passing
    # tasks and outcomes between processes stays a small share of the work.
    return max(1, min(16, total // (jobs * 32)))


def _run_parallel(
    engines: Mapping[Hashable, Engine], tasks: Sequence[Task], mode: Mode, jobs: int
) -> Iterator[Outcome]:
    """Chunks of tasks are queued for the workers; meanwhile this process takes, in order, the
    chunks that no worker has started (a queued future can still be cancelled), and yields
    every chunk's outcomes in order.

    Nothing is compiled before the fork: each process compiles the patterns its files need, in
    parallel (measured on 2,000 small files: compiling every pattern first costs the run more
    than each process compiling its share). Checking in this process too saves a worker's fork
    and passing half the outcomes between processes."""
    size = chunk_size(len(tasks), jobs)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    mine: dict[int, list[Outcome]] = {}  # chunks this process checked, until their turn
    # Only many files need these (start-up).
    from concurrent.futures import BrokenExecutor, ProcessPoolExecutor

    def here(chunk: Sequence[Task]) -> list[Outcome]:
        return [check_one(engines[t.engine], t, mode) for t in chunk]

    try:
        pool = ProcessPoolExecutor(
            max_workers=jobs - 1, initializer=_init_worker, initargs=(dict(engines),)
        )
    except (OSError, NotImplementedError):  # no semaphores here (some sandboxes): no workers
        for chunk in chunks:
            yield from here(chunk)
        return
    with pool:
        futures: list[Any] = []
        # A worker that cannot be started leaves the chunks not yet queued to this process.
        with contextlib.suppress(OSError, RuntimeError):
            for chunk in chunks:
                futures.append(pool.submit(_check_chunk, chunk, mode))
        try:
            ahead = 0  # chunks before it are checked here, or started by a worker
            for i, chunk in enumerate(chunks):
                if i >= len(futures):
                    yield from here(chunk)
                    continue
                future = futures[i]
                while i not in mine and not future.done() and ahead < len(futures):
                    if futures[ahead].cancel():
                        mine[ahead] = here(chunks[ahead])
                    ahead += 1
                if i in mine:
                    yield from mine.pop(i)
                    continue
                try:
                    outcomes = future.result()
                except BrokenExecutor:  # a worker died (killed, out of memory): go on here
                    outcomes = here(chunk)
                yield from outcomes
        finally:
            for future in futures:
                future.cancel()  # a consumer that stops early leaves nothing running


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def progress_printer(stream=sys.stderr) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        stream.write(f"\rmtpolish: {done}/{total} files" + ("\r\033[K" if done == total else ""))
        stream.flush()

    return show
