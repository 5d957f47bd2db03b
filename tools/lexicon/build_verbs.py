#!/usr/bin/env python3
"""Build verbs.txt from src/regular-bases.txt (generated forms) and src/irregular.tsv (hand-written).

Standard library only. Run:  python3 build_verbs.py
Output line format (tab separated):  base  past  past-participle  third-singular  present-participle
A base may occur on several lines when it has variant forms (dreamed/dreamt, US traveled / UK travelled,
-ize / -ise); consumers must take the union of all lines for a base.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
# The generated files live in the package, which reads them at run time.
DATA = HERE.parent.parent / "mtpolish" / "data"
VOWELS = set("aeiou")

# Multi-syllable verbs whose final consonant doubles in both US and UK spelling (stress on last syllable,
# plus a few conventional cases such as kidnap, program, format, worship in UK-leaning news copy is a variant).
DOUBLE = set(
    """
abet abhor acquit admit allot annul appal befit beget commit compel concur confer control debug defer deter
dispel distil embed emit enrol enthral equip excel expel extol format fulfil handicap impel incur infer
instil kidnap occur omit outbid outfit outwit overlap overstep patrol permit prefer program propel rebel
rebut recap recur refer refit regret remit repel retrofit sidestep submit transfer transmit underpin unpin
unplug unwrap unzip zigzag corral input outstrip unclog befit leapfrog horsewhip
""".split()
)

# Bases that never double even though they look like a one-syllable CVC.
NO_DOUBLE = set(
    """
""".split()
)

# Irregular verbs that also have a regular line (learned/learnt, hanged/hung, lighted/lit ...).
ALSO_REGULAR = set(
    """
abide burn bust dream dive dwell fit forecast hang hew input kneel knit lean leap learn lie light misspell
mow plead prove quit saw sew shear shine smell sneak sow speed spell spill spoil strew strive thrive wed wet
broadcast
""".split()
)

# 3rd person singular special cases
THIRD_SPECIAL = {"stomach": "stomachs", "quiz": "quizzes", "whiz": "whizzes", "zero": "zeroes"}
# British -our spellings of US -or verbs
OUR = set(
    "favor honor labor color harbor flavor endeavor savor humor rumor clamor discolor neighbor".split()
)
# Other one-off British spellings: US base -> UK base
UK_OTHER = {
    "center": "centre",
    "practice": "practise",
    "mold": "mould",
    "plow": "plough",
    "smolder": "smoulder",
    "maneuver": "manoeuvre",
    "outmaneuver": "outmanoeuvre",
    "catalog": "catalogue",
    "fulfill": "fulfil",
    "instill": "instil",
    "distill": "distil",
    "enroll": "enrol",
    "enthrall": "enthral",
    "appall": "appal",
    "analyze": "analyse",
    "paralyze": "paralyse",
    "catalyze": "catalyse",
    "program": "programme",
}
UK_DOUBLE_VARIANT = {"worship", "combat", "focus", "bias"}
NOT_ISE = {"size", "seize", "prize", "capsize", "downsize", "resize"}


def vowel_groups(w: str) -> int:
    w = w.replace("qu", "q")
    return len(
        re.findall(
            r"[aeiou]+|(?<![aeiou])y(?![aeiou])", w[:-1] + ("" if w.endswith("y") else w[-1])
        )
    )


def doubles(base: str) -> bool:
    if base in DOUBLE:
        return True
    if base in NO_DOUBLE:
        return False
    w = base.replace("qu", "q")
    if len(w) < 3:
        return False
    c, v, p = w[-1], w[-2], w[-3]
    if c in VOWELS or c in "wxy" or v not in VOWELS or p in VOWELS:
        return False
    return vowel_groups(w) == 1


def uk_l_double(base: str) -> bool:
    """travel -> travelled (UK); multi-syllable, ending consonant + single vowel + l, not already in DOUBLE."""
    w = base
    return (
        len(w) >= 4
        and w.endswith("l")
        and w[-2] in VOWELS
        and w[-3] not in VOWELS
        and base not in DOUBLE
        and vowel_groups(w) > 1
    )


def forms(base: str, double: bool | None = None) -> tuple[str, str, str, str, str]:
    if double is None:
        double = doubles(base)
    b = base
    # third singular
    if b in THIRD_SPECIAL:
        s = THIRD_SPECIAL[b]
    elif re.search(r"(s|x|z|ch|sh)$", b):
        s = b + "es"
    elif re.search(r"[^aeiouy]y$", b):
        s = b[:-1] + "ies"
    elif re.search(r"[^aeiou]o$", b):
        s = b + "es"
    else:
        s = b + "s"
    # past and -ing
    if b.endswith("ie"):
        past, ing = b + "d", b[:-2] + "ying"
    elif re.search(r"(ee|ye|oe)$", b) or b == "singe":
        past, ing = b + "d", b + "ing"
    elif b.endswith("e"):
        past, ing = b + "d", b[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", b):
        past, ing = b[:-1] + "ied", b + "ing"
    elif b.endswith("c") and vowel_groups(b) > 1:
        past, ing = b + "ked", b + "king"
    elif double:
        past, ing = b + b[-1] + "ed", b + b[-1] + "ing"
    else:
        past, ing = b + "ed", b + "ing"
    return (b, past, past, s, ing)


def read_words(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        out.extend(line.split())
    return out


def main() -> None:
    irregular: list[tuple[str, ...]] = []
    for line in (SRC / "irregular.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = tuple(line.split())
        assert len(parts) == 5, line
        irregular.append(parts)
    irregular_bases = {p[0] for p in irregular}

    rows: list[tuple[str, ...]] = list(irregular)
    regular = sorted(set(read_words(SRC / "regular-bases.txt")))
    for base in sorted(ALSO_REGULAR):
        if base not in regular:
            regular.append(base)
    for base in regular:
        if base in irregular_bases and base not in ALSO_REGULAR:
            continue
        rows.append(forms(base))
        if uk_l_double(base):
            rows.append(forms(base, double=True))  # UK travelled, cancelled
        if base in UK_DOUBLE_VARIANT:  # worshipped, combatted, focussed, biassed
            rows.append(forms(base, double=True))
        if base.endswith("ize") and base not in NOT_ISE:
            rows.append(forms(base[:-3] + "ise"))
        if base in OUR:
            rows.append(forms(base[:-2] + "our"))
        if base in UK_OTHER:
            rows.append(forms(UK_OTHER[base]))
    seen = set()
    unique = []
    for r in sorted(rows):
        if r not in seen:
            seen.add(r)
            unique.append(r)
    header = (
        "# mtpolish verb lexicon: base<TAB>past<TAB>past-participle<TAB>3rd-singular<TAB>present-participle\n"
        "# Generated by build_verbs.py from src/regular-bases.txt and src/irregular.tsv; do not edit by hand.\n"
        "# A base can appear on more than one line (variant forms); take the union.\n"
    )
    (DATA / "verbs.txt").write_text(
        header + "".join("\t".join(r) + "\n" for r in unique), encoding="utf-8"
    )
    print(f"wrote {len(unique)} lines, {len({r[0] for r in unique})} distinct bases")


if __name__ == "__main__":
    main()
