"""The rule kinds: each maps a pydantic rule model to the `Check` that runs it.

A new kind is a module with a `Rule` model (its `kind` a `Literal`) and a `Check` subclass,
registered here; the loader's schema and the engine both read this table.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field

from ..rule import RuleBase
from . import (
    balance,
    density,
    existence,
    fragment,
    language,
    mojibake,
    pairing,
    repetition,
    script,
    substitution,
)
from .base import Check, Match

KINDS: dict[str, tuple[type[RuleBase], type[Check[Any]]]] = {
    "substitution": (substitution.Rule, existence.PatternCheck),
    "existence": (existence.Rule, existence.PatternCheck),
    "repetition": (repetition.Rule, repetition.RepetitionCheck),
    "pairing": (pairing.Rule, pairing.PairingCheck),
    "density": (density.Rule, density.DensityCheck),
    "fragment": (fragment.Rule, fragment.FragmentCheck),
    "script": (script.Rule, script.ScriptCheck),
    "language": (language.Rule, language.LanguageCheck),
    "balance": (balance.Rule, balance.BalanceCheck),
    "mojibake": (mojibake.Rule, mojibake.MojibakeCheck),
}

# The type of any rule, told apart by its `kind`.
AnyRule = Annotated[
    Union[tuple(model for model, _ in KINDS.values())],  # noqa: UP007
    Field(discriminator="kind"),
]


def compile_rule(rule: RuleBase) -> Check[Any]:
    return KINDS[rule.kind][1](rule)


__all__ = ["KINDS", "AnyRule", "Check", "Match", "compile_rule"]
