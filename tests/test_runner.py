"""The parallel runner: this process and a pool of workers check chunks of files, and the
outcomes come back in task order, exactly as a serial run gives them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import break_workers

from mtpolish import Engine, runner

TEXTS = [
    "Officials from brother provinces said it , loudly.\n",
    "Clean text, written well.\n",
    "# Title\n\nNetizens made it a hot search. See `hot search` and [x](https://e.com/hot).\n",
]


@pytest.fixture(scope="module")
def engines():
    return {None: Engine.bundled()}


def make_tasks(folder: Path, count: int) -> list[runner.Task]:
    tasks = []
    for n in range(count):
        path = folder / f"f{n:03}.md"
        if n % 17 == 5:
            path.write_bytes(b"bad \xff byte\n")  # undecodable: an error outcome
        elif n % 23 == 7:
            pass  # missing: an error outcome
        else:
            path.write_text(TEXTS[n % len(TEXTS)], encoding="utf-8")
        tasks.append(runner.Task(n, str(path), path, "markdown", None, "info"))
    return tasks


def summary(outcome: runner.Outcome) -> tuple:
    return (
        outcome.index,
        outcome.name,
        outcome.error,
        [(i.rule, i.start, i.end) for i in outcome.issues],
    )


@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_outcomes_are_the_serial_ones_in_order(tmp_path, engines, jobs):
    tasks = make_tasks(tmp_path, 150)
    serial = [summary(o) for o in runner.run(engines, tasks, runner.Mode(), jobs=1)]
    seen = []
    parallel = [
        summary(o)
        for o in runner.run(
            engines, tasks, runner.Mode(), jobs=jobs, progress=lambda d, t: seen.append((d, t))
        )
    ]
    assert parallel == serial
    assert [o[0] for o in parallel] == list(range(150))
    assert sum(1 for o in serial if o[2]) == 9 + 7  # bad files reported, the others checked
    assert seen == [(d, 150) for d in range(1, 151)]


def test_this_process_checks_chunks_too(tmp_path, engines, monkeypatch):
    checked_here = []
    real = runner.check_one
    parent = os.getpid()

    def spy(engine, task, mode):
        if os.getpid() == parent:  # a forked worker appends to its own copy of the list
            checked_here.append(task.index)
        return real(engine, task, mode)

    monkeypatch.setattr(runner, "check_one", spy)
    tasks = make_tasks(tmp_path, 200)
    outcomes = list(runner.run(engines, tasks, runner.Mode(), jobs=2))
    assert [o.index for o in outcomes] == list(range(200))
    assert checked_here
    assert checked_here == sorted(set(checked_here))  # each chunk once, taken in order


def test_a_consumer_that_stops_early_does_not_hang(tmp_path, engines):
    tasks = make_tasks(tmp_path, 120)
    outcomes = runner.run(engines, tasks, runner.Mode(), jobs=2)
    first = [next(outcomes) for _ in range(5)]
    outcomes.close()
    assert [o.index for o in first] == [0, 1, 2, 3, 4]


def test_chunk_size():
    assert runner.chunk_size(2000, 2) == 16
    assert runner.chunk_size(40, 2) == 1
    assert runner.chunk_size(100_000, 8) == 16


@pytest.mark.parametrize("failure", ["worker dies", "no processes"])
def test_files_are_checked_here_when_workers_fail(tmp_path, engines, monkeypatch, failure):
    tasks = make_tasks(tmp_path, 60)
    serial = [summary(o) for o in runner.run(engines, tasks, runner.Mode(), jobs=1)]
    break_workers(monkeypatch, failure, "_check_chunk")
    parallel = [summary(o) for o in runner.run(engines, tasks, runner.Mode(), jobs=2)]
    assert parallel == serial
