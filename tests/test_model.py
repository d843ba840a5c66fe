"""The record model enforces the contract of SPEC §1 wherever a record is made."""

import math

import pytest
from pydantic import ValidationError

from soefacts import Fact

GOOD = dict(metric="欠薪", value=5460000000, unit="元", date="2017-02-10", qualifier="approx",
            sentence="到今天，全省国资国企欠薪约54.6亿元。", text="约54.6亿元", start=10, end=17)


def test_a_good_record_passes_and_keeps_its_fields():
    f = Fact(**GOOD)
    assert (f.metric, f.value, f.unit, f.date, f.qualifier, f.source) == (
        "欠薪", 5460000000, "元", "2017-02-10", "approx", "-")


def test_integral_floats_become_integers_and_others_stay():
    assert type(Fact(**{**GOOD, "value": 5460000000.0}).value) is int
    assert Fact(**{**GOOD, "value": 44.18}).value == 44.18


@pytest.mark.parametrize("unit", ["元", "%", "百分点", "户", "元/人", "港元", "吨/年"])
def test_canonical_units_and_rates_pass(unit):
    assert Fact(**{**GOOD, "unit": unit}).unit == unit


@pytest.mark.parametrize("date", ["2017", "2017-02", "2017-02-10", "2024-01-01/2024-06-30", None])
def test_iso_dates_and_intervals_pass(date):
    assert Fact(**{**GOOD, "date": date}).date == date


@pytest.mark.parametrize("field, bad", [
    ("unit", "亿元"),                 # a magnitude belongs in the value
    ("unit", "元/"),                  # a rate needs its denominator
    ("unit", "bananas"),
    ("date", "2017-2-10"),
    ("date", "2017年"),
    ("date", "2017-02-10/"),
    ("value", math.inf),
    ("value", math.nan),
    ("metric", ""),
    ("metric", "很" * 21),            # metrics are short noun phrases
    ("qualifier", "about"),
    ("start", -1),
    ("end", 18),                      # end - start must be len(text)
    ("direction", "sideways"),
])
def test_records_that_break_the_contract_are_refused(field, bad):
    with pytest.raises(ValidationError):
        Fact(**{**GOOD, field: bad})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Fact(**GOOD, confidence=0.9)
