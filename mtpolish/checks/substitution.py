"""`substitution`: a pattern with a better rendering (case kept, groups allowed).

It matches like `existence`; the difference is that a suggestion is required.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from . import existence


class Rule(existence.Rule):
    kind: Literal["substitution"]  # type: ignore[assignment]
    suggestions: list[str] = Field(min_length=1)
