"""The fact record (SPEC §1) as a pydantic model: what the library's `extract` returns.

The same contract, field for field, is the pydantic-core schema in record.py, which
checks every record the pipeline makes; `Fact` runs the same checks (one statement of
each, in record.py) on records built by hand.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import record

# The allowed words, stated once in record.py.
Qualifier = Literal[record.QUALIFIERS]
Direction = Literal[record.DIRECTIONS]


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
    direction: Direction | None = Field(
        None, description="for a change: up (增长, 增加) or down (下降, 减少)")
    target: bool = Field(False, description="a goal or plan (力争, 目标, 将) rather than an actual figure")
    rule: str = Field("", description="name of the rule that produced the record")

    @field_validator("value")
    @classmethod
    def _finite_and_integral(cls, v: int | float) -> int | float:
        return record.finite_value(v)

    @field_validator("unit")
    @classmethod
    def _canonical_unit(cls, u: str) -> str:
        return record.canonical_unit(u)

    @field_validator("date")
    @classmethod
    def _iso_date(cls, d: str | None) -> str | None:
        return record.iso_date(d)

    @field_validator("metric")
    @classmethod
    def _short_metric(cls, m: str | None) -> str | None:
        return record.short_metric(m)

    @model_validator(mode="after")
    def _offsets_fit_text(self) -> "Fact":
        record.offsets_fit(self.start, self.end, self.text)
        return self
