"""mtpolish beside a raw Aho-Corasick scan and proselint, on corpora built here. Not run in CI.

    python bench/run.py                 # everything; about five minutes
    python bench/run.py --big-mb 10     # a smaller "big" file
    python bench/run.py --skip-big

Each tool runs as its own process, as a user would run it; times are the best of --repeat runs.
Throughput on 1 MB is the time on the 1 MB file minus the time on an empty file, so start-up
does not count; the 2,000-file run counts it. Peak memory is the child's maximum resident set.
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

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
MB = 1_000_000

# The raw baseline: the literals mtpolish's scan looks for (every phrase of every phrase rule,
# every literal a pattern rule is narrowed by), found in the lower-cased text in one pass.
RAW_SCAN = r"""
import sys, time
import ahocorasick
from mtpolish import Engine
engine = Engine.bundled()
keys = list(engine.scanner._numbers) if engine.scanner else []
automaton = ahocorasick.Automaton()
for i, key in enumerate(keys):
    automaton.add_word(key, i)
automaton.make_automaton()
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
hits = sum(1 for _ in automaton.iter(text.lower()))
print(time.perf_counter() - start, len(keys), hits)
"""


def run(command: list[str], repeat: int = 1) -> tuple[float, int]:
    """Best wall time (s) and the peak resident memory (bytes) of the command."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss * 1024)
    return best, peak


def mtpolish(*paths: Path) -> list[str]:
    # Every bundled rule, info hints included; --quiet keeps output formatting out of the time.
    return [
        PYTHON,
        "-m",
        "mtpolish",
        "check",
        "--min-severity",
        "info",
        "--quiet",
        *map(str, paths),
    ]


def proselint(config: Path, *paths: Path) -> list[str] | None:
    exe = shutil.which("proselint", path=str(Path(PYTHON).parent)) or shutil.which("proselint")
    if exe is None:
        return None
    return [exe, "check", "--config", str(config), "-o", "json", *map(str, paths)]


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--big-mb", type=int, default=100)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the corpora folder")
    args = parser.parse_args()
    installed.byte_compile()

    work = Path(tempfile.mkdtemp(prefix="mtpolish-bench-"))
    # proselint stops at max_errors findings (1,000 by default): raise it so it does all the work.
    config = work / "proselintrc.json"
    config.write_text(json.dumps({"max_errors": 10**9}), encoding="utf-8")
    empty = work / "empty.txt"
    empty.write_text("", encoding="utf-8")
    one = work / "news-1mb.txt"
    one.write_text(corpus.news_text(MB), encoding="utf-8")
    small = work / "small"
    corpus.write_markdown_tree(small, args.files)
    small_bytes = sum(p.stat().st_size for p in small.rglob("*.md"))
    has_proselint = proselint(config, empty) is not None

    out: list[str] = []
    ratios: list[tuple[str, str, str]] = [("target", "measured", "goal")]

    # Start-up.
    base, _ = run([PYTHON, "-c", "import regex"], args.repeat)
    ours_empty, _ = run(mtpolish(empty), args.repeat)
    rows = [("start-up (empty file)", "wall s", "over `import regex`")]
    rows.append(("python -c 'import regex'", f"{base:.3f}", ""))
    rows.append(("mtpolish", f"{ours_empty:.3f}", f"+{(ours_empty - base) * 1000:.0f} ms"))
    theirs_empty = None
    if has_proselint:
        theirs_empty, _ = run(proselint(config, empty), args.repeat)  # type: ignore[arg-type]
        rows.append(("proselint", f"{theirs_empty:.3f}", f"+{(theirs_empty - base) * 1000:.0f} ms"))
    out += [table(rows), ""]
    ratios.append(
        ("start-up over import regex", f"{(ours_empty - base) * 1000:.0f} ms", "<= 150 ms")
    )

    # 1 MB of news with every bundled rule.
    size = one.stat().st_size / MB
    ours_one, ours_mem = run(mtpolish(one), args.repeat)
    ours_tp = ours_one - ours_empty
    raw = subprocess.run([PYTHON, "-c", RAW_SCAN, str(one)], capture_output=True, text=True)
    raw_time, raw_keys, _hits = raw.stdout.split()
    raw_tp = float(raw_time)
    rows = [("1 MB news, every rule", "wall s", "throughput s", "MB/s", "peak MB")]
    rows.append(
        (f"raw Aho-Corasick ({raw_keys} literals)", "", f"{raw_tp:.3f}", f"{size / raw_tp:.1f}", "")
    )
    rows.append(
        (
            "mtpolish",
            f"{ours_one:.3f}",
            f"{ours_tp:.3f}",
            f"{size / ours_tp:.1f}",
            f"{ours_mem / MB:.0f}",
        )
    )
    if has_proselint:
        theirs_one, theirs_mem = run(proselint(config, one), 1)  # type: ignore[arg-type]
        theirs_tp = theirs_one - (theirs_empty or 0)
        rows.append(
            (
                "proselint (max_errors raised)",
                f"{theirs_one:.3f}",
                f"{theirs_tp:.3f}",
                f"{size / theirs_tp:.2f}",
                f"{theirs_mem / MB:.0f}",
            )
        )
        ratios.append(
            ("1 MB throughput vs proselint", f"{theirs_tp / ours_tp:.1f}x faster", ">= 10x")
        )
    ratios.append(("1 MB throughput vs raw scan", f"{ours_tp / raw_tp:.1f}x slower", "<= 4x"))
    out += [table(rows), ""]

    # Many small Markdown files, start-up included; best of --repeat runs, as the rest (proselint
    # at most 3: ~6 s a run).
    ours_many, _ = run(mtpolish(small), args.repeat)
    rows = [(f"{args.files} Markdown files ({small_bytes / MB:.1f} MB)", "wall s", "files/s")]
    rows.append(("mtpolish", f"{ours_many:.2f}", f"{args.files / ours_many:.0f}"))
    if has_proselint:
        files = sorted(small.rglob("*.md"))
        theirs_many, _ = run(proselint(config, *files), min(args.repeat, 3))  # type: ignore[arg-type]
        rows.append(("proselint", f"{theirs_many:.2f}", f"{args.files / theirs_many:.0f}"))
        ratios.append(
            (f"{args.files} files vs proselint", f"{theirs_many / ours_many:.1f}x faster", ">= 10x")
        )
    out += [table(rows), ""]

    # One big file: peak memory.
    if not args.skip_big:
        big = work / "big.txt"
        block = corpus.news_text(MB, seed=corpus.SEED + 2)
        with big.open("w", encoding="utf-8") as f:
            for _ in range(args.big_mb):
                f.write(block)
        big_size = big.stat().st_size
        big_time, big_mem = run(mtpolish(big), 1)
        rows = [(f"one {big_size / MB:.0f} MB file", "wall s", "MB/s", "peak MB", "peak / size")]
        rows.append(
            (
                "mtpolish",
                f"{big_time:.1f}",
                f"{big_size / MB / big_time:.2f}",
                f"{big_mem / MB:.0f}",
                f"{big_mem / big_size:.1f}x",
            )
        )
        ratios.append(
            (f"peak memory on {big_size / MB:.0f} MB", f"{big_mem / big_size:.1f}x input", "< 5x")
        )
        out += [table(rows), ""]

    out += ["ratios", table(ratios)]
    print("\n".join(out))
    if args.keep:
        print(f"corpora kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
