"""Rule files: what loads, and errors that name the file, the line and the cause."""

from __future__ import annotations

import pytest
from conftest import ONE_RULE, load_pack, write_pack

from mtpolish import Engine, RuleError

GOOD_RULE = ONE_RULE
load = load_pack


def test_loads_a_pack_with_defaults(tmp_path):
    engine = load(
        tmp_path,
        """
        pack: p
        defaults: {kind: existence, category: style/unidiomatic, severity: major}
        rules:
          - id: cat
            message: no cats
            pattern: cat
          - id: dog
            severity: minor
            message: no dogs
            phrases: [dog]
        """,
    )
    assert [(r.id, r.rule.severity) for r in engine.rules] == [
        ("p/cat", "major"),
        ("p/dog", "minor"),
    ]


@pytest.mark.parametrize(
    ("body", "line", "cause"),
    [
        (GOOD_RULE + "    colour: red\n", 9, "colour: Extra inputs are not permitted"),
        (GOOD_RULE.replace("pattern: cat", "pattern: 'ca(t'"), 8, "bad regular expression"),
        (GOOD_RULE.replace("    severity: minor\n", ""), 3, "severity: Field required"),
        (GOOD_RULE.replace("severity: minor", "severity: huge"), 6, "severity: Input should be"),
        (
            GOOD_RULE.replace("kind: existence", "kind: magic"),
            3,
            "does not match any of the expected tags",
        ),
        (GOOD_RULE.replace("id: cat", "id: Cat Rule"), 3, "id: String should match pattern"),
        (GOOD_RULE.replace("category: style/unidiomatic", "category: vibes"), 5, "category"),
        (GOOD_RULE + GOOD_RULE, 9, "duplicate rule id 't/cat' (first defined at"),
        (
            GOOD_RULE.replace("pattern: cat", "pattern: cat\n    pattern: dog"),
            9,
            "key 'pattern' is given twice",
        ),
        (GOOD_RULE + "  - !!python/object/apply:os.system ['echo hacked']\n", 9, "refused"),
        (GOOD_RULE.replace("pattern: cat", "pattern: [unclosed"), 9, "invalid YAML"),
        (
            GOOD_RULE.replace("kind: existence", "kind: substitution")
            + "    suggestions: ['\\2']\n",
            3,
            "refers to group '2'",
        ),
    ],
)
def test_errors_name_file_line_and_cause(tmp_path, body, line, cause):
    with pytest.raises(RuleError) as error:
        load(tmp_path, "pack: t\nrules:\n" + body)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'pack.yaml'}:{line}:"), message
    assert cause in message


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "hacked"
    body = f"pack: t\nrules: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(RuleError):
        load(tmp_path, body)
    assert not marker.exists()


def test_same_pack_across_files_and_duplicates_across_files(tmp_path):
    write_pack(tmp_path, "pack: t\nrules:\n" + GOOD_RULE, "a.yaml")
    write_pack(tmp_path, "pack: t\nrules:\n" + GOOD_RULE.replace("id: cat", "id: dog"), "b.yaml")
    assert Engine.from_paths([tmp_path]).rule_ids == ["t/cat", "t/dog"]
    write_pack(tmp_path, "pack: t\nrules:\n" + GOOD_RULE, "c.yaml")
    with pytest.raises(RuleError, match=r"c\.yaml:3: duplicate rule id 't/cat'"):
        Engine.from_paths([tmp_path])


def test_missing_rule_path(tmp_path):
    with pytest.raises(RuleError, match="no such rule file"):
        Engine.from_paths([tmp_path / "nope.yaml"])


def test_top_level_must_be_a_mapping(tmp_path):
    with pytest.raises(RuleError, match=r"pack\.yaml:1: a rule file is a mapping"):
        load(tmp_path, "- just\n- a list\n")


def test_bundled_pack_names_cannot_be_loaded_twice():
    from mtpolish.engine import bundled_rules_dir

    with pytest.raises(RuleError, match="already loaded"):
        Engine.bundled(extra=[bundled_rules_dir() / "zh-en" / "idioms.yaml"])
