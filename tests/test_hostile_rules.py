"""Rule files are data: a pack written by someone else can match text and do nothing else.

Each test here fails (hangs, crashes, runs code or lets a bad pattern in) without the
protection it names.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time

import pytest
import regex
from conftest import ONE_RULE, load_pack, write_pack
from hypothesis import given, settings
from hypothesis import strategies as st

from mtpolish import Engine, RuleError, redos, yamlsafe
from mtpolish.checks.base import check_regex

RULE = ONE_RULE
load = load_pack


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!custom {{a: 1}}",
    ],
)
def test_tags_that_build_objects_are_refused(tmp_path, tagged):
    marker = tmp_path / "hacked"
    body = "pack: t\nrules:\n" + RULE + "    explain: " + tagged.format(marker=marker) + "\n"
    with pytest.raises(RuleError, match=r"pack\.yaml:\d+: "):
        load(tmp_path, body)
    assert not marker.exists()


def test_message_placeholders_never_reach_attributes(tmp_path):
    """`{match}` is filled by name only: no str.format, so no attribute or index access."""
    message = "{match} {match.__class__.__mro__} {match!r} {0} {match[0]} {__import__}"
    engine = load(
        tmp_path,
        "pack: t\nrules:\n" + RULE.replace("message: no cats", f"message: '{message}'"),
    )
    (issue,) = engine.check("a cat")
    assert issue.message == "cat {match.__class__.__mro__} {match!r} {0} {match[0]} {__import__}"


def test_suggestions_only_insert_groups(tmp_path):
    body = "pack: t\nrules:\n" + RULE.replace("existence", "substitution").replace(
        "pattern: cat", "pattern: '(c)at'\n    suggestions: ['{match.__class__} \\1 \\g<0> %s']"
    )
    (issue,) = load(tmp_path, body).check("a cat")
    assert issue.suggestions == ["{match.__class__} c cat %s"]


def test_billion_laughs_is_refused_quickly(tmp_path):
    """PyYAML shares aliased nodes, but every later walk would expand 9**9 of them."""
    lol = "".join(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    body = "pack: t\ndefaults:\n  l0: &l0 [lol]\n" + lol + "rules:\n" + RULE
    started = time.monotonic()
    with pytest.raises(RuleError, match=r"pack\.yaml:\d+: aliases expand to more than"):
        load(tmp_path, body)
    assert time.monotonic() - started < 5


def test_recursive_alias_is_refused(tmp_path):
    with pytest.raises(RuleError, match=r"pack\.yaml:2: an alias refers to a collection"):
        load(tmp_path, "pack: t\nrules: &r [*r]\n")
    with pytest.raises(RuleError, match="a cycle"):
        load(tmp_path, "pack: t\ndefaults: &d {x: *d}\nrules: []\n")


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    with pytest.raises(RuleError, match=r"pack\.yaml:2: invalid YAML: nested deeper than"):
        load(tmp_path, "pack: t\nrules: " + "[" * 5000 + "]" * 5000 + "\n")


def test_reasonable_aliases_still_work(tmp_path):
    body = (
        "pack: t\n"
        "defaults: {kind: existence}\n"
        "rules:\n"
        "  - &cat {id: cat, category: style/x, severity: minor, message: m, pattern: cat}\n"
        "  - {<<: *cat, id: dog, pattern: dog}\n"
    )
    assert load(tmp_path, body).rule_ids == ["t/cat", "t/dog"]


def test_huge_rule_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:  # sparse: 1 GB on paper, nothing on disk
        f.write(b"pack: t\nrules: []\n# ")
        f.truncate(1 << 30)
    with pytest.raises(RuleError, match=r"huge\.yaml: rule file is larger than 16 MB"):
        Engine.from_paths([path])


def test_rule_file_not_utf8_names_line_and_byte(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"pack: t\nrules: []\ndescription: caf\xe9\n")
    with pytest.raises(RuleError, match=r"latin\.yaml:3: .*not UTF-8 at byte 34"):
        Engine.from_paths([path])


CATASTROPHIC = [
    r"(a+)+$",
    r"(a|aa)+$",
    r"(\w+\s?)*$",
    r"(?:\w|\d)+!",
    r"(?:x?(?:\s*\w+)y?)*z",
    r"(?i)(?:Hot|hot)+ search",
    r"(a+){20}b",
    r"(a*)*b",
    r"(a|ab|b)+$",
    r"\w*\w*\w*\d",
    r"\w+\s*\w+\s?\w+!",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused_naming_file_line_and_pattern(tmp_path, pattern):
    body = "pack: t\nrules:\n" + RULE.replace("pattern: cat", f"pattern: '{pattern}'")
    with pytest.raises(RuleError) as error:
        load(tmp_path, body)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'pack.yaml'}:8: rule 'cat': pattern: "), message
    assert repr(pattern) in message and "catastrophic backtracking" in message


def test_catastrophic_pairing_patterns_are_refused(tmp_path):
    body = (
        "pack: t\nrules:\n  - id: pair\n    kind: pairing\n    category: style/x\n"
        "    severity: minor\n    message: m\n    first: 'one'\n    second: '(\\s*\\w+)+'\n"
    )
    with pytest.raises(RuleError, match=r"pack\.yaml:9: rule 'pair': second: refused"):
        load(tmp_path, body)


def test_compiler_memory_bomb_is_refused_before_compiling(tmp_path):
    """Compiling this makes the regex module allocate until the process is killed."""
    body = "pack: t\nrules:\n" + RULE.replace("pattern: cat", "pattern: '((a{1000}){1000}){1000}'")
    with pytest.raises(RuleError, match=r"pack\.yaml:8: .*expand to 1000000000 copies"):
        load(tmp_path, body)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bhot[- ]?search(?:es)?\b",
        r"(?:\s*,\s*\w+)*",
        r"(?:\w+\s+)*x",
        r"(?:the|this)+",
        r"(a|ab)+c",
        r"(?>a+)+b",
        r"(a++)+b",
        r"(?=(a+)+)x",
        r"[(a+)+]",
        r"\(a+\)+",
        r"\p{Han}+",
        r"a{1,4294967294}",
        r"(a{2}){3}",
        r"(?x) ( a + ) # a comment (b+)+",
    ],
)
def test_ordinary_patterns_are_accepted(pattern):
    assert redos.problem(pattern) is None, pattern


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(a|aa)+$", "a" * 60 + "!"),
        (r"(a|ab|b)+$", "ab" * 40 + "!"),
        (r"(?i)(?:hot|HOT)+$", "hot" * 40 + "!"),
        (r"\w*\w*\w*\d", "a" * 3000 + "!"),
    ],
)
def test_refused_patterns_really_hang(pattern, text):
    """Some refused patterns do hang the regex module: the check is not refusing harmless ones.
    (Its guards spare nested repeats such as (a+)+ in many cases; those are refused anyway, as
    any change around them can defeat the guards.)"""
    assert redos.problem(pattern)
    with pytest.raises(TimeoutError):
        regex.search(pattern, text, timeout=0.2)


REGEXISH = st.text(alphabet="ab\\wdsp{}()[]|*+?.^$:<>=!#,-PRL01289 ", max_size=40)


@settings(max_examples=400, deadline=None)
@given(REGEXISH)
def test_pattern_check_never_crashes(pattern):
    """Whatever the text, the check answers; `check_regex` only raises ValueError."""
    redos.problem(pattern)
    with contextlib.suppress(ValueError):
        check_regex(pattern)


def test_slow_rule_is_reported_and_skipped_end_to_end(tmp_path):
    """A pattern that passes the load-time check but runs out of time on a file: the command
    names the rule and its file on stderr, skips it there, and reports the other rules."""
    rules = write_pack(
        tmp_path,
        "pack: slow\nrules:\n"
        + RULE.replace("id: cat", "id: poly").replace("pattern: cat", "pattern: '\\w*\\w*\\d'"),
        "slow.yaml",
    )
    text = tmp_path / "t.txt"
    # A digit first: else the Hyperscan prefilter (where installed) rightly skips the rule.
    text.write_text("It grew 1 , fast. " + "a" * 3000 + "!\n")
    proc = subprocess.run(
        [sys.executable, "-m", "mtpolish", "check", "--rules", str(rules), "-q", str(text)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert (
        f"mtpolish: warning: {text}: rule slow/poly ({rules}:3) timed out and was skipped"
        in proc.stderr
    )
    assert "zh-en/space-before-punctuation" in proc.stdout
    assert "slow/poly" not in proc.stdout


def test_yaml_limits_are_generous_for_the_bundled_packs():
    from mtpolish.engine import bundled_rules_dir

    for path in sorted(bundled_rules_dir().glob("*/*.yaml")):
        assert path.stat().st_size < yamlsafe.MAX_RULE_FILE_BYTES // 10
        yamlsafe.compose(path, yamlsafe.read_text(path))


def test_control_characters_are_a_rule_error(tmp_path):
    """Found by fuzzing (tests/test_random_rules.py): PyYAML checks characters when the loader
    is made, which was outside the error handling, so this was a traceback."""
    with pytest.raises(RuleError, match=r"pack\.yaml:2: invalid YAML: special characters"):
        load(tmp_path, "pack: t\nrules: [\x08]\n")
