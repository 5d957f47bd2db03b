"""`RulePack`: the validated rules of one pack, from one or more files."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .checks import AnyRule
from .rule import RuleId


class PackFile(BaseModel):
    """The top level of a rule file."""

    # Deferred like every rule model (see `rule.Example`): built when a rule file is read.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    pack: RuleId
    description: str = ""
    source: str | None = None
    defaults: dict[str, Any] = {}
    rules: list[AnyRule] = Field(default_factory=list)  # type: ignore[valid-type]


class PackPart(BaseModel):
    """One file of a pack: its own description and the ids of its rules, for the reference."""

    model_config = ConfigDict(defer_build=True)

    file: str
    description: str = ""
    source: str | None = None
    rule_ids: list[str] = []


class RulePack(BaseModel):
    model_config = ConfigDict(defer_build=True)

    name: str
    rules: list[AnyRule] = Field(default_factory=list)  # type: ignore[valid-type]
    parts: list[PackPart] = []
    # Where each rule was defined ("path:line"), by rule id, for messages.
    origins: dict[str, str] = {}

    def rule_id(self, rule: Any) -> str:
        return f"{self.name}/{rule.id}"
