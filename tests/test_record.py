"""The record contract is declared twice: record.FIELDS (pydantic-core, what the pipeline
and the command line check records with) and model.Fact (the library's pydantic model).
These tests hold the two to the same fields, defaults and verdicts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError as ModelError

from soefacts import record
from soefacts.model import Fact

GOOD = dict(metric="欠薪", value=5460000000, unit="元", date="2017-02-10", qualifier="approx",
            sentence="全省国资国企欠薪约54.6亿元。", text="约54.6亿元", start=8, end=15)


def test_the_same_fields_in_the_same_order_with_the_same_defaults():
    assert list(record.FIELDS) == list(Fact.model_fields)
    for name, (_, default) in record.FIELDS.items():
        field = Fact.model_fields[name]
        assert field.is_required() == (default is ...), name
        if default is not ...:
            assert field.default == default, name


@pytest.mark.parametrize("fields", [
    {},
    dict(value=3.0),  # an integral float is an int
    dict(value=0.5, unit="%", qualifier=None, date=None, metric=None),
    dict(value=-2.4, unit="百分点", date="2023-01-01/2023-06-30"),
    dict(unit="元/人", date="2024-03", subject="江苏", direction="down", target=True, rule="r"),
    dict(source="a.txt", date="2024"),
])
def test_a_good_record_comes_out_the_same_both_ways(fields):
    rec = {**GOOD, **fields}
    checked = record.validate([rec])[0]
    assert checked == Fact(**rec).model_dump()
    assert type(checked["value"]) is type(Fact(**rec).value)


@pytest.mark.parametrize("field, bad", [
    ("unit", "亿元"),            # not canonical
    ("unit", "元/"),             # a rate with no denominator
    ("value", float("inf")),
    ("value", float("nan")),
    ("value", "很多"),
    ("date", "2024/01"),
    ("date", "去年"),
    ("metric", ""),
    ("metric", "很" * 21),
    ("qualifier", "about"),
    ("direction", "sideways"),
    ("start", -1),
    ("end", 99),                 # does not fit the text
    ("extra", 1),                # no field outside the contract
    ("text", None),
])
def test_a_bad_record_is_refused_both_ways(field, bad):
    rec = {**GOOD, field: bad}
    with pytest.raises(record.ValidationError):
        record.validate([rec])
    with pytest.raises(ModelError):
        Fact(**rec)


def test_a_missing_field_is_refused_both_ways():
    rec = {k: v for k, v in GOOD.items() if k != "text"}
    with pytest.raises(record.ValidationError):
        record.validate([rec])
    with pytest.raises(ModelError):
        Fact(**rec)


def test_the_error_names_the_record_and_its_field():
    with pytest.raises(record.ValidationError) as err:
        record.validate([GOOD, {**GOOD, "unit": "亿元"}])
    assert err.value.errors()[0]["loc"][:2] == (1, "unit")


def test_the_command_line_runs_without_pydantics_model_layer(tmp_path):
    # The point of the second declaration: start-up without pydantic's model layer.
    article = tmp_path / "a.txt"
    article.write_text("全省国资国企欠薪约54.6亿元。", encoding="utf-8")
    script = ("import atexit, sys\n"
              "atexit.register(lambda: print('pydantic.main' in sys.modules, file=sys.stderr))\n"
              "from soefacts.cli import main\n"
              "main()\n")
    res = subprocess.run([sys.executable, "-c", script, "extract", str(article), "--jsonl",
                          "--ref-date", "2017-02-10"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert '"value": 5460000000' in res.stdout
    assert res.stderr.strip() == "False"
