"""Many small Markdown files: mtpolish with one and two processes beside proselint, same run.

    python bench/many_files.py                  # 2,000 files, 3 rounds
    python bench/many_files.py --rounds 5 --jobs 1 2 4

The tools run in turns within each round (so a noisy neighbour slows them all alike) and the
best wall time per tool is kept; CPU is the child's user + system time in that best round.
Start-up is included: each run is one process over the whole folder, as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus
import installed

PYTHON = sys.executable


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, children included) of the command, in seconds."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--folder", type=Path, help="use this folder instead of a new corpus")
    args = parser.parse_args()
    installed.byte_compile()

    work = Path(tempfile.mkdtemp(prefix="mtpolish-many-"))
    folder = args.folder or work / "small"
    if args.folder is None:
        corpus.write_markdown_tree(folder, args.files)
    files = sorted(str(p) for p in folder.rglob("*.md"))
    config = work / "proselintrc.json"
    config.write_text(json.dumps({"max_errors": 10**9}), encoding="utf-8")

    check = [PYTHON, "-m", "mtpolish", "check", "--min-severity", "info", "--quiet"]
    commands = {f"mtpolish -j {j}": [*check, "-j", str(j), str(folder)] for j in args.jobs}
    exe = shutil.which("proselint", path=str(Path(PYTHON).parent)) or shutil.which("proselint")
    if exe:
        commands["proselint"] = [exe, "check", "--config", str(config), "-o", "json", *files]

    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.rounds):
        for name, command in commands.items():
            wall, cpu = timed(command)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu)

    print(f"{len(files)} Markdown files, best of {args.rounds} rounds")
    print(f"{'':16}{'wall s':>8}{'cpu s':>8}{'files/s':>9}{'vs proselint':>14}")
    theirs = best.get("proselint", (0.0, 0.0))[0]
    for name, (wall, cpu) in best.items():
        ratio = f"{theirs / wall:.1f}x" if theirs and name != "proselint" else ""
        print(f"{name:16}{wall:8.2f}{cpu:8.2f}{len(files) / wall:9.0f}{ratio:>14}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
