#!/usr/bin/env python3
"""Check the mtpolish lexicon files and print counts.  Python 3.11, standard library only.

    python3 check_lexicon.py [LEXICON_DIR] [--refs TSV]

With --refs, also runs the verbless recall check on a TSV with a `reference` column (e.g. the WMT21 zh-en
human references): sentences ending in . ! ? with 3+ words that contain no verb form (verbs.txt,
[auxiliaries], or any word ending in -ed) are counted and printed. On well-formed human text this should be ~0.

Checks:
  * function-words.txt: every entry is inside a known [section]; one lower-case word per line
    (letters, optional internal apostrophe/hyphen, or a leading-apostrophe clitic like 'll); no duplicate
    within a section; all expected sections present and non-empty.
  * verbs.txt: 5 tab-separated fields per line (exactly 4 tabs), lower case, no empty field, no duplicate
    line; a base may repeat only with different forms (variants), which is reported, not an error.
  * common-words.txt: one lower-case word per line, no duplicates, and none of the words listed as
    excluded in its header comment.
Exit status 0 when no error was found, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

SECTIONS = [
    "determiners",
    "pronouns-subject",
    "pronouns-object",
    "prepositions",
    "conjunctions-coordinating",
    "conjunctions-subordinating",
    "auxiliaries",
    "quantifiers",
    "other",
]
WORD = re.compile(r"^(?:'[a-z]+|[a-z]+(?:['-][a-z]+)*'?)$")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def content_lines(path: Path):
    """Yield (line number, text) with comments and blank lines removed."""
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.split("#", 1)[0].rstrip()
        if text.strip():
            yield n, text


def check_function_words(path: Path, rep: Report) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for n, text in content_lines(path):
        s = text.strip()
        m = re.fullmatch(r"\[([a-z-]+)\]", s)
        if m:
            current = m.group(1)
            if current not in SECTIONS:
                rep.error(f"{path.name}:{n}", f"unknown section [{current}]")
            if current in sections:
                rep.error(f"{path.name}:{n}", f"section [{current}] repeated")
            sections.setdefault(current, [])
            continue
        if current is None:
            rep.error(f"{path.name}:{n}", f"word outside any section: {s!r}")
            continue
        if s != text or not WORD.match(s):
            rep.error(f"{path.name}:{n}", f"not a single lower-case word: {text!r}")
        if s in sections[current]:
            rep.error(f"{path.name}:{n}", f"duplicate {s!r} in [{current}]")
        sections[current].append(s)
    for name in SECTIONS:
        if not sections.get(name):
            rep.error(path.name, f"section [{name}] missing or empty")
    return sections


def check_verbs(path: Path, rep: Report) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[str] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        where = f"{path.name}:{n}"
        if raw.count("\t") != 4:
            rep.error(where, f"expected 4 tabs, found {raw.count(chr(9))}: {raw!r}")
            continue
        fields = raw.split("\t")
        if any(not f or not WORD.match(f) for f in fields):
            rep.error(where, f"empty, non-lower-case or malformed field: {raw!r}")
        if raw in seen:
            rep.error(where, f"duplicate line: {raw!r}")
        seen.add(raw)
        rows.append(fields)
    return rows


def check_common(path: Path, rep: Report) -> list[str]:
    text = path.read_text(encoding="utf-8")
    excluded: set[str] = set()
    in_excl = False
    for line in text.splitlines():
        if line.startswith("# EXCLUDED"):
            in_excl = True
        elif in_excl and line.startswith("#   "):
            excluded.update(line[1:].split())
        elif not line.startswith("#"):
            in_excl = False
    words: list[str] = []
    seen: set[str] = set()
    for n, t in content_lines(path):
        where = f"{path.name}:{n}"
        if t != t.strip() or not WORD.match(t):
            rep.error(where, f"not a single lower-case word: {t!r}")
        if t in seen:
            rep.error(where, f"duplicate {t!r}")
        if t in excluded:
            rep.error(where, f"{t!r} is listed as excluded in the header")
        seen.add(t)
        words.append(t)
    if not excluded:
        rep.error(path.name, "no exclusion list found in the header comment")
    return words


def verbless_check(tsv: Path, verb_forms: set[str], show: int = 20) -> int:
    import csv

    csv.field_size_limit(10**7)
    checked = 0
    hits: list[str] = []
    with tsv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text = (row.get("reference") or "").replace("\u2019", "'")
            for sent in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d')]))\s+", text):
                sent = sent.strip()
                if not re.search(r"[.!?][\"\u201d')]?$", sent):
                    continue
                toks = re.findall(r"[a-z]+(?:['-][a-z]+)*", sent.lower())
                if len(toks) < 3:
                    continue
                checked += 1
                parts = [p for t in toks for p in [t, *t.split("-")]]
                if not any(p in verb_forms or p.endswith("ed") for p in parts):
                    hits.append(sent)
    print(
        f"verbless check on {tsv.name}: {checked} sentences of 3+ words, {len(hits)} without a verb form"
    )
    for s in hits[:show]:
        print("  " + s[:160])
    return len(hits)


def main(argv: list[str]) -> int:
    refs = None
    if "--refs" in argv:
        i = argv.index("--refs")
        refs = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    folder = (
        Path(argv[1])
        if len(argv) > 1
        else Path(__file__).resolve().parents[2] / "mtpolish" / "data"
    )
    rep = Report()
    fw = check_function_words(folder / "function-words.txt", rep)
    verbs = check_verbs(folder / "verbs.txt", rep)
    common = check_common(folder / "common-words.txt", rep)

    print("function-words.txt")
    for name in SECTIONS:
        print(f"  [{name}] {len(fw.get(name, []))}")
    print(f"  distinct words: {len({w for ws in fw.values() for w in ws})}")
    bases = Counter(r[0] for r in verbs)
    forms = {f for r in verbs for f in r}
    print("verbs.txt")
    print(
        f"  lines: {len(verbs)}  distinct bases: {len(bases)}  bases with variant lines: "
        f"{sum(1 for c in bases.values() if c > 1)}  distinct forms: {len(forms)}"
    )
    irregular = {r[0] for r in verbs if r[1] != r[0] + "ed" and not r[1].endswith("ed")}
    print(f"  bases with a non -ed past: {len(irregular)}")
    print("common-words.txt")
    print(f"  words: {len(common)}  ending in -ly: {sum(w.endswith('ly') for w in common)}")
    if refs is not None:
        print()
        verbless_check(refs, forms | set(fw.get("auxiliaries", [])))
    if rep.errors:
        print(f"\n{len(rep.errors)} error(s):")
        for e in rep.errors[:200]:
            print("  " + e)
        return 1
    print("\nOK: no format errors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
