"""The fact record's contract (SPEC §1) as a pydantic-core schema over plain dicts.

Every record the command line writes passes `validate` first, so a record that breaks
the contract (unknown unit, bad date, infinite value, offsets that do not fit the mention)
fails loudly instead of reaching a user. The library's `extract` checks its records with
the pydantic model `Fact` (model.py) instead, which declares the same fields and runs the
same checks, stated once here.

Why two declarations: pydantic's model layer takes about 0.12 s to import and build,
half a cold start's budget (issue #5), while pydantic-core alone loads in a third of it.
tests/test_record.py holds the two to the same fields, defaults and verdicts.
"""

from __future__ import annotations

import math
import re
from functools import cache

from pydantic_core import SchemaValidator, ValidationError, core_schema as cs

from .units import is_canonical_unit

__all__ = ["FIELDS", "ValidationError", "validate"]

QUALIFIERS = ("approx", "over", "under", "at_least", "at_most")
DIRECTIONS = ("up", "down")

# YYYY, YYYY-MM, YYYY-MM-DD, or an interval of two days.
_DAY = r"\d{4}-\d{2}-\d{2}"
DATE_RE = re.compile(rf"\d{{4}}(?:-\d{{2}}(?:-\d{{2}})?)?|{_DAY}/{_DAY}")


# --------------------------------------------------------------------------- the checks
# Shared with model.Fact's validators: one statement of each rule.

def finite_value(v: int | float) -> int | float:
    """A finite number; an integral float becomes an int (3.8万 -> 38000)."""
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("value must be finite")
        if v.is_integer() and abs(v) < 2**63:
            return int(v)
    return v


def canonical_unit(u: str) -> str:
    if not is_canonical_unit(u):
        raise ValueError(f"unit {u!r} is not in canonical form")
    return u


def iso_date(d: str | None) -> str | None:
    if d is not None and not DATE_RE.fullmatch(d):
        raise ValueError(f"date {d!r} is not YYYY, YYYY-MM, YYYY-MM-DD or DAY/DAY")
    return d


def short_metric(m: str | None) -> str | None:
    if m is not None and (not m or len(m) > 20):
        raise ValueError("metric must be 1 to 20 characters")
    return m


def offsets_fit(start: int, end: int, text: str) -> None:
    if end - start != len(text):
        raise ValueError("end - start must equal len(text)")


# --------------------------------------------------------------------------- the schema

def _checked(schema: cs.CoreSchema, check) -> cs.CoreSchema:
    return cs.no_info_after_validator_function(check, schema)


def _optional(schema: cs.CoreSchema) -> cs.CoreSchema:
    return cs.nullable_schema(schema)


# name -> (schema, default); a field with no default (...) is required. model.Fact
# declares the same names, in the same order, with the same defaults.
FIELDS: dict[str, tuple[cs.CoreSchema, object]] = {
    "metric": (_checked(_optional(cs.str_schema()), short_metric), None),
    "value": (_checked(cs.union_schema([cs.int_schema(), cs.float_schema()]), finite_value), ...),
    "unit": (_checked(cs.str_schema(), canonical_unit), ...),
    "date": (_checked(_optional(cs.str_schema()), iso_date), None),
    "qualifier": (_optional(cs.literal_schema(list(QUALIFIERS))), None),
    "sentence": (cs.str_schema(), ...),
    "text": (cs.str_schema(), ...),
    "start": (cs.int_schema(ge=0), ...),
    "end": (cs.int_schema(ge=0), ...),
    "source": (cs.str_schema(), "-"),
    "subject": (_optional(cs.str_schema()), None),
    "direction": (_optional(cs.literal_schema(list(DIRECTIONS))), None),
    "target": (cs.bool_schema(), False),
    "rule": (cs.str_schema(), ""),
}


def _field(schema: cs.CoreSchema, default: object) -> cs.TypedDictField:
    if default is ...:
        return cs.typed_dict_field(schema, required=True)
    return cs.typed_dict_field(cs.with_default_schema(schema, default=default), required=False)


def _whole(record: dict) -> dict:
    offsets_fit(record["start"], record["end"], record["text"])
    return record


@cache
def _validator() -> SchemaValidator:
    fields = {name: _field(schema, default) for name, (schema, default) in FIELDS.items()}
    record = cs.typed_dict_schema(fields, extra_behavior="forbid")
    return SchemaValidator(cs.list_schema(_checked(record, _whole)))


def validate(records: list[dict]) -> list[dict]:
    """The records checked against the contract, with defaults filled in and integral
    floats made ints; raises ValidationError naming the record and field that break it."""
    return _validator().validate_python(records)
