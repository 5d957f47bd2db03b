"""Properties over random rule sets and random text, and short fuzz runs of the rule loader and
the Markdown path. Example counts are modest so the suite stays fast."""

from __future__ import annotations

import concurrent.futures
import pickle

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtpolish import Engine, RuleError
from mtpolish.document import Document, LineIndex

# Patterns match words over "abc"; suggestions use other letters, so one fix never creates the
# match of another and fixing reaches its fixpoint.
WORD = st.text(alphabet="abc", min_size=1, max_size=3)
SUGGESTION = st.text(alphabet="XYZxyz", min_size=1, max_size=4)
SEVERITY = st.sampled_from(["info", "minor", "major", "critical"])


@st.composite
def rules(draw):
    kind = draw(
        st.sampled_from(["substitution", "existence", "repetition", "script", "density", "pairing"])
    )
    rule = {
        "kind": kind,
        "category": "style/x",
        "severity": draw(SEVERITY),
        "message": "m {match}",
        "safe": draw(st.booleans()),
    }
    if kind in ("substitution", "existence", "density"):
        if draw(st.booleans()):
            rule["phrases"] = draw(st.lists(WORD, min_size=1, max_size=3))
        else:
            rule["pattern"] = draw(
                st.sampled_from([r"\b{w}\b", "{w}", r"{w}\s+{w}", "[{w}]+"])
            ).format(w=draw(WORD))
        rule["ignore_case"] = draw(st.booleans())
    if kind == "substitution":
        rule["suggestions"] = draw(st.lists(SUGGESTION, min_size=1, max_size=2))
    if kind == "density":
        rule["max"] = draw(st.sampled_from([1, 5, 20]))
        rule["min_count"] = draw(st.integers(1, 3))
    if kind == "repetition":
        rule["scope"] = draw(st.sampled_from(["adjacent", "sentence", "paragraph"]))
        rule["max_words"] = draw(st.integers(1, 2))
        rule["skip_function_words"] = False
    if kind == "script":
        rule["chars"] = "，。"
        rule["replacements"] = draw(st.sampled_from([{}, {"，": ", ", "。": "."}]))
    if kind == "pairing":
        rule["first"], rule["second"] = draw(WORD), draw(WORD)
        rule["scope"] = draw(st.sampled_from(["sentence", "paragraph", "document"]))
    return rule


PACKS = st.lists(rules(), min_size=1, max_size=5).map(
    lambda rs: {"pack": "r", "rules": [{**r, "id": f"r{i}"} for i, r in enumerate(rs)]}
)
TEXT = st.lists(
    st.one_of(
        WORD, st.sampled_from([" ", "  ", ", ", ". ", "\n", "\r\n", "\n\n", "，", "。", "é", "中"])
    ),
    max_size=40,
).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def engine_for(tmp_path_factory, pack) -> Engine:
    path = tmp_path_factory.mktemp("r") / "r.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    return Engine.from_paths([path])


@SETTINGS
@given(PACKS, TEXT, st.booleans(), st.sampled_from(["text", "markdown"]))
def test_random_rules_on_random_text(tmp_path_factory, pack, text, unsafe, markup):
    engine = engine_for(tmp_path_factory, pack)
    index = LineIndex(text)
    for issue in engine.check(text, markup=markup):
        assert 0 <= issue.start < issue.end <= len(text)
        assert text[issue.start : issue.end] == issue.text
        assert index.position(issue.start) == (issue.line, issue.column)
        assert index.position(issue.end) == (issue.end_line, issue.end_column)
        for edit in issue.fix.edits if issue.fix else []:
            assert issue.start <= edit.start <= edit.end <= issue.end  # confined to its span
    once = engine.fix(text, unsafe=unsafe, markup=markup)
    assert engine.fix(once.text, unsafe=unsafe, markup=markup).text == once.text
    again = engine.check(once.text, markup=markup)
    assert not [i for i in again if i.fix and (i.fix.safe or unsafe)]


VALID = {
    "pack": "f",
    "defaults": {"category": "style/x", "severity": "minor"},
    "rules": [
        {
            "id": "a",
            "kind": "substitution",
            "message": "m",
            "pattern": r"\bab(c)\b",
            "suggestions": [r"x\1"],
        },
        {"id": "b", "kind": "pairing", "message": "m", "first": "one", "second": "two"},
        {"id": "c", "kind": "density", "message": "{count}", "phrases": ["a b"], "max": 1},
        {
            "id": "d",
            "kind": "script",
            "message": "m",
            "scripts": ["Han"],
            "replacements": {"，": ","},
        },
    ],
}
ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated(draw):
    """The valid pack with one value, anywhere in it, replaced by anything."""
    data = pickle.loads(pickle.dumps(VALID))
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], dict | list) and draw(st.booleans()):
            node = node[key]
            continue
        node[key] = draw(ANY)
        break
    return yaml.safe_dump(data, allow_unicode=True)


YAMLISH = st.text(alphabet=" \n-:[]{}&*!|>'\"#,?%@`abc01\t", max_size=80)
TEXT_MUTATION = st.tuples(st.integers(0, 2000), st.integers(0, 5), st.text(max_size=5))


def load_text(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("f") / "f.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        Engine.from_paths([path])
    except RuleError as e:
        assert str(e).startswith(str(path)), e  # every loader error names the file


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(YAMLISH, mutated()))
def test_fuzz_loader_never_crashes(tmp_path_factory, text):
    load_text(tmp_path_factory, text)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(TEXT_MUTATION, max_size=3))
def test_fuzz_loader_on_byte_mutations_of_a_valid_pack(tmp_path_factory, mutations):
    text = yaml.safe_dump(VALID)
    for at, cut, insert in mutations:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
    load_text(tmp_path_factory, text)


MARKDOWN = st.lists(
    st.sampled_from(
        [
            "`",
            "``",
            "```",
            "\n",
            "\n\n",
            "    ",
            "[",
            "]",
            "(",
            ")",
            "](",
            "<",
            ">",
            "<b>",
            "</b>",
            "---",
            "+++",
            "# ",
            "> ",
            "- ",
            "1. ",
            "*",
            "_",
            "\\",
            "!",
            "http://x.org/a",
            "a@b.co",
            "word",
            "hot search",
            " , ",
            "\r\n",
            "|",
            "~~~",
            "<!--",
            "-->",
            "&amp;",
            "中",
        ]
    )
    | st.text(max_size=4),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(MARKDOWN)
def test_fuzz_markdown_path(text):
    doc = Document(text, "markdown")
    assert len(doc.prose) == len(text)
    for start, end in doc.skipped:
        assert 0 <= start < end <= len(text)
    for issue in BUNDLED.check(text, markup="markdown"):
        assert text[issue.start : issue.end] == issue.text
        assert not doc.in_skipped(issue.start, issue.end)
    fixed = BUNDLED.fix(text, markup="markdown", unsafe=True)
    assert BUNDLED.fix(fixed.text, markup="markdown", unsafe=True).text == fixed.text


BUNDLED = Engine.bundled()


def _check(engine: Engine, text: str) -> list:
    return [i.model_dump() for i in engine.check(text)]


def test_engine_in_a_process_pool():
    """The engine is sent to worker processes (pickled, rebuilt there) and gives the same
    issues as in this process."""
    texts = [f"Netizens made it a hot search , number {n}." for n in range(6)]
    expected = [_check(BUNDLED, t) for t in texts]
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(_check, [BUNDLED] * len(texts), texts))
    assert got == expected and expected[0]


def test_engine_shared_by_threads_for_check_and_fix():
    texts = [f"Netizens made it a hot search , number {n}.\n\n```\nx , y\n```\n" for n in range(16)]
    expected = [(BUNDLED.check(t, markup="markdown"), BUNDLED.fix(t).text) for t in texts]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        got = list(
            pool.map(lambda t: (BUNDLED.check(t, markup="markdown"), BUNDLED.fix(t).text), texts)
        )
    assert got == expected
