"""Checking (and fixing) many files: read, check or fix, write, in order or across processes.

Knows the engine and file handling, not the command line: the CLI builds `Task`s and formats
the `Outcome`s.
"""

from __future__ import annotations

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
    outcomes = [check_one(_worker_engines[task.engine], task, mode) for task in tasks]
    flush_caches()  # what this worker compiled (nothing, once the cache holds what runs need)
    return outcomes


def _check_document(
    key: Hashable, chunk: str, options: dict[str, Any]
) -> tuple[list[Issue], list[tuple[type[Warning], str]]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        issues = _worker_engines[key].check_document(chunk, **options)
    flush_caches()
    return issues, [(w.category, str(w.message)) for w in caught]


_END = object()  # no more items


@dataclass
class _Queued:
    work: Any
    future: Any = None  # when sent to a worker
    done: bool = False  # when done here
    result: Any = None

    @property
    def unassigned(self) -> bool:
        return self.future is None and not self.done


def _shared(
    items: Iterable[Any],
    workers: int,
    pool: Callable[[], Any],
    submit: Callable[[Any, Any], Any],
    here: Callable[[Any], Any],
) -> Iterator[Any]:
    """`here(item)` for each item, in order, computed by this process and `workers` others.

    Items are read a few ahead. Each worker holds two (the one it works on and the next), sent
    with `submit(pool, item)` (a future); meanwhile this process does the oldest item that no
    worker has. A process pool's own queue would hand the workers every item at once, and
    taking one back (cancelling its future) races with the pool when a worker dies. `pool()`
    gives the process pool, or None where none can be used; if a worker dies, or none can be
    started, this process does the rest."""
    from concurrent.futures import BrokenExecutor

    items = iter(items)
    queued: deque[_Queued] = deque()  # oldest first
    failed = False
    while True:
        while len(queued) < 2 * workers + 6 and (item := next(items, _END)) is not _END:
            queued.append(_Queued(item))
        if not queued:
            return
        executor = None if failed else pool()
        if executor is not None:
            busy = sum(1 for q in queued if q.future is not None and not q.future.done())
            waiting = [q for q in queued if q.unassigned]
            try:
                for q in waiting[: max(0, 2 * workers - busy)]:
                    q.future = submit(executor, q.work)
            except (OSError, RuntimeError):  # no process could be started, or one died
                failed = True
        oldest = queued[0]
        if not oldest.done and (oldest.future is None or not oldest.future.done()):
            mine = next((q for q in queued if q.unassigned), None)
            if mine is not None:
                mine.result, mine.done = here(mine.work), True
                continue
        queued.popleft()
        if not oldest.done:
            try:
                oldest.result = oldest.future.result()
            except BrokenExecutor:  # a worker died (killed, out of memory): go on here
                failed = True
                for q in queued:
                    q.future = None
                oldest.result = here(oldest.work)
        yield oldest.result


class ChunkPool:
    """`jobs - 1` worker processes, started when work first needs them, that take chunks of it
    (a large text's, or files) while this process does those no worker has (see `_shared`).
    Where processes cannot be started, or a worker dies, this process does the work itself."""

    def __init__(self, engines: Mapping[Hashable, Engine], jobs: int) -> None:
        self._engines = engines
        self._jobs = jobs
        self._pool: Any = None
        self._failed = False

    def mapper(self, key: Hashable) -> ChunkMapper:
        return partial(self._map, key)

    def share(
        self,
        items: Iterable[Any],
        submit: Callable[[Any, Any], Any],
        here: Callable[[Any], Any],
    ) -> Iterator[Any]:
        """`here(item)` for each item, in order, shared with the workers (see `_shared`)."""
        return _shared(items, self._jobs - 1, self._workers, submit, here)

    def _workers(self) -> Any:
        """The process pool, started on first use; None if it cannot be used."""
        if self._pool is None and not self._failed:
            from concurrent.futures import ProcessPoolExecutor  # only large runs need it

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
        engine = self._engines[key]

        def here(chunk: str) -> tuple[list[Issue], list[tuple[type[Warning], str]]]:
            return engine.check_document(chunk, **options), []

        def submit(pool: Any, chunk: str) -> Any:
            return pool.submit(_check_document, key, chunk, options)

        for issues, caught in self.share(chunks, submit, here):
            for category, message in caught:  # warnings raised in a worker
                warnings.warn(message, category, stacklevel=1)
            yield issues

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
            outcomes = _run_parallel(engines, tasks, mode, jobs, pool)
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
    engines: Mapping[Hashable, Engine],
    tasks: Sequence[Task],
    mode: Mode,
    jobs: int,
    pool: ChunkPool,
) -> Iterator[Outcome]:
    """Chunks of tasks shared between this process and the pool's workers, the outcomes in
    order.

    Nothing is compiled before the fork: each process compiles the patterns its files need, in
    parallel (measured on 2,000 small files: compiling every pattern first costs the run more
    than each process compiling its share). Checking in this process too saves a worker's fork
    and passing half the outcomes between processes."""
    size = chunk_size(len(tasks), jobs)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]

    def here(chunk: Sequence[Task]) -> list[Outcome]:
        return [check_one(engines[t.engine], t, mode) for t in chunk]

    def submit(executor: Any, chunk: Sequence[Task]) -> Any:
        return executor.submit(_check_chunk, chunk, mode)

    for outcomes in pool.share(chunks, submit, here):
        yield from outcomes


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def progress_printer(stream=sys.stderr) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        stream.write(f"\rmtpolish: {done}/{total} files" + ("\r\033[K" if done == total else ""))
        stream.flush()

    return show
