"""Fields every rule has, whatever its kind, and the rule's examples."""

from __future__ import annotations

from typing import Annotated, Literal

import regex
from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from .issue import Severity

RuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
# MQM top-level branches; the leaf is free (fluency/punctuation, style/unidiomatic, ...).
Category = Annotated[
    str,
    StringConstraints(
        pattern=r"^(?:accuracy|fluency|style|terminology|locale|design)/[a-z]+(?:-[a-z]+)*$"
    ),
]

_PLACEHOLDER = regex.compile(r"\{(\w+)\}")


class Example(BaseModel):
    """Bad text the rule must flag (optionally with the fixed text or the flagged span), or good
    text it must leave alone."""

    # Built on first validation (reading a rule file), not at import: runs from the pack cache
    # never validate a rule, and building every kind's schema is most of a small run's start-up.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    bad: str | None = None
    fixed: str | None = None
    flagged: str | None = None
    good: str | None = None

    @model_validator(mode="after")
    def _one_side(self) -> Example:
        if (self.bad is None) == (self.good is None):
            raise ValueError("an example has either 'bad' or 'good', not both or neither")
        if self.good is not None and (self.fixed is not None or self.flagged is not None):
            raise ValueError("'fixed' and 'flagged' belong to a 'bad' example")
        return self


class RuleBase(BaseModel):
    # Inherited by every kind's model: see `Example`.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: RuleId
    kind: str
    category: Category
    severity: Severity
    message: Annotated[str, StringConstraints(min_length=1)]
    explain: str | None = None
    zh: str | None = None
    source: str | None = None
    link: str | None = None
    safe: bool = False
    # Where the rule applies; None: every markup. Leading spaces, say, mean nothing in
    # Markdown, where indentation is syntax.
    markups: list[Literal["text", "markdown"]] | None = None
    examples: list[Example] = []

    def format_message(self, **values: object) -> str:
        """Fill `{match}`-style placeholders; unknown names stay as written."""

        def fill(m: regex.Match[str]) -> str:
            name = m.group(1)
            return str(values[name]) if name in values else m.group()

        return _PLACEHOLDER.sub(fill, self.message)
