"""Deterministic benchmark corpora, built from the repository itself (nothing is downloaded).

MT-style news text mixes three kinds of sentence: the sample article's, every bundled rule's
example texts (bad and good, so each rule has something to find), and filler news sentences
assembled from the bundled lexicon, so most of the text is ordinary prose as in real articles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "zhejiang-charter-flights.txt"
SEED = 20240501

_SUBJECTS = [
    "The provincial government",
    "Local officials",
    "The company",
    "Exporters in the city",
    "The ministry",
    "Researchers at the university",
    "The delegation",
    "Residents of the district",
]
_VERBS = ["said", "announced", "expected", "reported", "noted", "planned", "confirmed"]
_TAILS = [
    "that trade would grow by {n} percent this year.",
    "that {n} new flights to Europe would start in {month}.",
    "a plan to support {word} and {word2} markets.",
    "that the {word} sector had recovered after the pandemic.",
    "on {month} {n} that orders for {word} goods had doubled.",
]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def _lexicon_words() -> list[str]:
    path = ROOT / "mtpolish" / "data" / "common-words.txt"
    words = [w.split("#", 1)[0].strip() for w in path.read_text(encoding="utf-8").splitlines()]
    return [w for w in words if w.isalpha() and len(w) > 3]


def _example_sentences() -> list[str]:
    from mtpolish import loader
    from mtpolish.engine import bundled_rules_dir

    out: list[str] = []
    for pack in loader.load_paths([bundled_rules_dir()]):
        for rule in pack.rules:
            for example in rule.examples:
                text = example.bad if example.bad is not None else example.good
                if text and "\n" not in text:
                    out.append(text)
    return out


def _sample_sentences() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    parts = regex.split(r"(?<=[.!?\"”])\s+", text)
    return [p.strip() for p in parts if len(p.strip()) > 20]


def _filler(rng: random.Random, words: list[str]) -> str:
    tail = rng.choice(_TAILS).format(
        n=rng.randint(2, 90),
        month=rng.choice(_MONTHS),
        word=rng.choice(words),
        word2=rng.choice(words),
    )
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {tail}"


def paragraphs(seed: int = SEED) -> Iterator[str]:
    """An endless stream of news paragraphs: about one sentence in eight is an MT artifact."""
    rng = random.Random(seed)
    words = _lexicon_words()
    examples = _example_sentences()
    sample = _sample_sentences()
    while True:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            roll = rng.random()
            if roll < 0.08:
                sentences.append(rng.choice(examples))
            elif roll < 0.2:
                sentences.append(rng.choice(sample))
            else:
                sentences.append(_filler(rng, words))
        yield " ".join(sentences)


def news_text(size: int, seed: int = SEED) -> str:
    """About `size` characters of MT-style news, paragraphs separated by blank lines."""
    out: list[str] = []
    total = 0
    for paragraph in paragraphs(seed):
        out.append(paragraph)
        total += len(paragraph) + 2
        if total >= size:
            break
    return "\n\n".join(out) + "\n"


def markdown_file(rng: random.Random, stream: Iterator[str]) -> str:
    """A small Markdown page: a title, a few paragraphs, now and then a list, code or a link."""
    parts = [f"# Report {rng.randint(1, 9999)}", ""]
    for _ in range(rng.randint(2, 5)):
        parts += [next(stream), ""]
        roll = rng.random()
        if roll < 0.2:
            parts += ["```", "netizens = load('hot search')", "```", ""]
        elif roll < 0.4:
            parts += ["- see [the source](https://example.com/old-customers)", ""]
    return "\n".join(parts)


def write_markdown_tree(folder: Path, count: int, seed: int = SEED) -> list[Path]:
    rng = random.Random(seed)
    stream = paragraphs(seed + 1)
    paths = []
    for i in range(count):
        path = folder / f"d{i % 20:02d}" / f"page{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown_file(rng, stream), encoding="utf-8")
        paths.append(path)
    return paths
