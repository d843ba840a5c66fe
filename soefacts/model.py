"""The fact record (SPEC §1) as a pydantic model.

Every record the library or the CLI emits passes through `Fact` (a piece's
records in one call, before any is returned), so a record that breaks the
contract (unknown unit, bad date, infinite value, offsets that do not fit the
mention) fails loudly instead of reaching a user.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .units import is_canonical_unit

Qualifier = Literal["approx", "over", "under", "at_least", "at_most"]

# YYYY, YYYY-MM, YYYY-MM-DD, or an interval of two days.
_DAY = r"\d{4}-\d{2}-\d{2}"
DATE_RE = re.compile(rf"\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?|{_DAY}/{_DAY}")


class Fact(BaseModel):
    """One mention of a quantity that measures something."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    metric: str | None = Field(None, description="what is measured, a short noun phrase (<= 20 chars)")
    value: int | float = Field(description="value in base units, magnitude words multiplied out")
    unit: str = Field(description="canonical unit: 元, %, 百分点, 倍, 户, 吨, 元/人 ...")
    date: str | None = Field(None, description="ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD or DAY/DAY")
    qualifier: Qualifier | None = Field(None, description="approx, over, under, at_least, at_most")
    sentence: str = Field(description="the source sentence, line breaks inside it joined")
    text: str = Field(description="the mention exactly as in the source")
    start: int = Field(ge=0, description="offset of text in the decoded document")
    end: int = Field(ge=0, description="end offset: doc[start:end] == text")
    source: str = Field("-", description="input path, or - for standard input")
    # Extra fields (SPEC §1 welcomes them; they never replace the ones above).
    subject: str | None = Field(None, description="who the figure belongs to: 中央企业, 江苏 ...")
    direction: Literal["up", "down"] | None = Field(
        None, description="for a change: up (增长, 增加) or down (下降, 减少)")
    target: bool = Field(False, description="a goal or plan (力争, 目标, 将) rather than an actual figure")
    rule: str = Field("", description="name of the rule that produced the record")

    @field_validator("value")
    @classmethod
    def _finite_and_integral(cls, v: int | float) -> int | float:
        if isinstance(v, float):
            if not math.isfinite(v):
                raise ValueError("value must be finite")
            if v.is_integer() and abs(v) < 2**63:
                return int(v)
        return v

    @field_validator("unit")
    @classmethod
    def _canonical_unit(cls, u: str) -> str:
        if not is_canonical_unit(u):
            raise ValueError(f"unit {u!r} is not in canonical form")
        return u

    @field_validator("date")
    @classmethod
    def _iso_date(cls, d: str | None) -> str | None:
        if d is not None and not DATE_RE.fullmatch(d):
            raise ValueError(f"date {d!r} is not YYYY, YYYY-MM, YYYY-MM-DD or DAY/DAY")
        return d

    @field_validator("metric")
    @classmethod
    def _short_metric(cls, m: str | None) -> str | None:
        if m is not None and (not m or len(m) > 20):
            raise ValueError("metric must be 1 to 20 characters")
        return m

    @model_validator(mode="after")
    def _offsets_fit_text(self) -> "Fact":
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        return self
