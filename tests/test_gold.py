"""Gold validation: every way a gold folder can break the format is refused, with the
file and line named, as one line, and `soefacts eval` exits 2 without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from soefacts.gold import GoldError, date_problem, load_gold_dir

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TEXT = "到今天，全省国资国企欠薪约54.6亿元，拖欠社保118亿元。\n设立总规模3000\n亿元的基金。"
DOC = {"doc": "a01", "url": None, "published": "2017-02-10", "title": None, "notes": ""}
GOOD = {"doc": "a01", "quote": "约54.6亿元", "value": 5460000000, "unit": "元",
        "metric": ["欠薪"], "date": "2017-02-10", "qualifier": "approx", "required": True,
        "note": "ok"}


def write(root: Path, docs: list | str, gold: list | str, texts: dict[str, str] | None = None):
    root.mkdir(exist_ok=True)
    for name, content in (("docs.jsonl", docs), ("gold.jsonl", gold)):
        if isinstance(content, list):
            content = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in content)
        (root / name).write_text(content, encoding="utf-8")
    for doc, text in (texts if texts is not None else {"a01": TEXT}).items():
        (root / f"{doc}.txt").write_text(text, encoding="utf-8")
    return root


def errors_of(root: Path) -> list[str]:
    with pytest.raises(GoldError) as e:
        load_gold_dir(root)
    return e.value.messages


def test_good_gold_loads(tmp_path):
    second = dict(GOOD, quote="3000亿元", value=300000000000, metric=["基金"], date="2023",
                  qualifier=None)
    del second["note"]  # note is optional
    gs = load_gold_dir(write(tmp_path / "g", [DOC], [GOOD, second]))
    assert [g.line for g in gs.facts] == [1, 2]
    assert gs.docs["a01"].published == "2017-02-10"


@pytest.mark.parametrize("unit", ["基", "千伏", "艘", "元/人", "吨/年"])
def test_units_spec_leaves_open_are_canonical(tmp_path, unit):
    """SPEC §1: a count's classifier as written, and measures beyond those listed (…)."""
    root = write(tmp_path / "g", [DOC], [dict(GOOD, unit=unit)], {"a01": TEXT})
    assert load_gold_dir(root).facts[0].unit == unit


def test_seeds_gold_is_valid():
    load_gold_dir(SEEDS)


def test_bom_and_blank_lines_are_fine(tmp_path):
    root = write(tmp_path / "g", [DOC], [GOOD], {"a01": "\ufeff" + TEXT})
    (root / "gold.jsonl").write_text("\ufeff" + json.dumps(GOOD, ensure_ascii=False) + "\n\n",
                                     encoding="utf-8")
    assert len(load_gold_dir(root).facts) == 1


BAD_GOLD = [
    (dict(GOOD, quote="约99亿元"), "gold.jsonl:2: quote '约99亿元' not in article a01"),
    (dict(GOOD, unit="亿元"), "gold.jsonl:2: unit '亿元' is not canonical"),
    (dict(GOOD, unit="RMB"), "gold.jsonl:2: unit 'RMB' is not canonical"),
    (dict(GOOD, unit="千吨"), "gold.jsonl:2: unit '千吨' is not canonical"),     # a magnitude before 吨
    (dict(GOOD, unit="万千瓦"), "gold.jsonl:2: unit '万千瓦' is not canonical"),
    (dict(GOOD, unit="噸"), "gold.jsonl:2: unit '噸' is not canonical"),       # traditional spelling of 吨
    (dict(GOOD, unit="个百分点"), "gold.jsonl:2: unit '个百分点' is not canonical"),
    (dict(GOOD, date="2017-02-30"), "gold.jsonl:2: date '2017-02-30' is not a calendar day"),
    (dict(GOOD, date="2017-13"), "gold.jsonl:2: date '2017-13': no month 13"),
    (dict(GOOD, date="2017/02/10"), "gold.jsonl:2: date '2017/02/10'"),
    (dict(GOOD, date="2017-2-1"), "gold.jsonl:2: date '2017-2-1' is not YYYY"),
    (dict(GOOD, date="2017-02-01/2017-02-30"), "gold.jsonl:2: date '2017-02-01/2017-02-30': an interval"),
    (dict(GOOD, date="2017-03-01/2017-02-01"), "gold.jsonl:2: date '2017-03-01/2017-02-01': interval ends"),
    (dict(GOOD, date="2017-01/2017-03"), "gold.jsonl:2: date '2017-01/2017-03': an interval"),
    (dict(GOOD, date=2017), "gold.jsonl:2: date 2017 is not a string"),
    (dict(GOOD, doc="zz"), "gold.jsonl:2: unknown doc zz"),
    (dict(GOOD, value="5460000000"), "gold.jsonl:2: value '5460000000' is not a finite number"),
    (dict(GOOD, value=True), "gold.jsonl:2: value True"),
    (dict(GOOD, metric="欠薪"), "gold.jsonl:2: metric '欠薪' must be a non-empty list"),
    (dict(GOOD, metric=[]), "gold.jsonl:2: metric [] must be a non-empty list"),
    (dict(GOOD, metric=["欠薪", 3]), "gold.jsonl:2: metric ['欠薪', 3]"),
    (dict(GOOD, metric=["欠" * 21]), "gold.jsonl:2: metric key term"),
    (dict(GOOD, qualifier="about"), "gold.jsonl:2: qualifier 'about' is not one of"),
    (dict(GOOD, required="yes"), "gold.jsonl:2: required 'yes' is not true or false"),
    (dict(GOOD, note=5), "gold.jsonl:2: note must be a string or null"),
    (dict(GOOD, quote=""), "gold.jsonl:2: quote '' must be a non-empty string"),
    ({k: v for k, v in GOOD.items() if k != "unit"}, "gold.jsonl:2: missing field unit"),
    ({k: v for k, v in GOOD.items() if k not in ("unit", "date")},
     "gold.jsonl:2: missing fields unit, date"),
    (dict(GOOD, qualifer="approx"), "gold.jsonl:2: unknown field qualifer"),
]


@pytest.mark.parametrize("bad,message", BAD_GOLD, ids=[m.split(": ", 1)[1][:40] for _, m in BAD_GOLD])
def test_bad_gold_line_is_named(tmp_path, bad, message):
    msgs = errors_of(write(tmp_path / "g", [DOC], [GOOD, bad]))
    assert len(msgs) == 1, msgs
    assert message in msgs[0]


@pytest.mark.parametrize("raw,message", [
    ('{"doc": "a01", "quote": \n', "gold.jsonl:2: bad JSON"),
    ("[1, 2]\n", "gold.jsonl:2: expected a JSON object, got list"),
    ("null\n", "gold.jsonl:2: expected a JSON object"),
])
def test_bad_json_line_is_named(tmp_path, raw, message):
    gold = json.dumps(GOOD, ensure_ascii=False) + "\n" + raw
    msgs = errors_of(write(tmp_path / "g", [DOC], gold))
    assert len(msgs) == 1 and message in msgs[0]


@pytest.mark.parametrize("doc,message", [
    (dict(DOC, published="2017-02-30"), "docs.jsonl:1: published '2017-02-30'"),
    (dict(DOC, published="2017"), "docs.jsonl:1: published '2017'"),
    (dict(DOC, title=3), "docs.jsonl:1: title must be a string or null"),
    ({k: v for k, v in DOC.items() if k != "url"}, "docs.jsonl:1: missing field url"),
    (dict(DOC, lang="zh"), "docs.jsonl:1: unknown field lang"),
    (dict(DOC, doc="a/01"), "docs.jsonl:1: doc 'a/01' is not a plain file stem"),
    (dict(DOC, doc="b01"), "docs.jsonl:1: article b01.txt not found for doc b01"),
])
def test_bad_docs_line_is_named(tmp_path, doc, message):
    msgs = errors_of(write(tmp_path / "g", [doc], []))
    assert len(msgs) == 1 and message in msgs[0]


def test_duplicate_doc(tmp_path):
    msgs = errors_of(write(tmp_path / "g", [DOC, DOC], [GOOD]))
    assert msgs == [f"{tmp_path / 'g' / 'docs.jsonl'}:2: doc a01 listed twice (first on line 1)"]


def test_missing_files(tmp_path):
    root = tmp_path / "g"
    root.mkdir()
    msgs = errors_of(root)
    assert any("docs.jsonl: file not found" in m for m in msgs)
    assert any("gold.jsonl: file not found" in m for m in msgs)


def test_article_not_utf8(tmp_path):
    root = write(tmp_path / "g", [DOC], [], {})
    (root / "a01.txt").write_bytes(TEXT.encode("gb18030"))
    msgs = errors_of(root)
    assert len(msgs) == 1 and "docs.jsonl:1: article a01.txt is not UTF-8" in msgs[0]


def test_all_problems_reported(tmp_path):
    msgs = errors_of(write(tmp_path / "g", [DOC], [dict(GOOD, unit="亿元"), GOOD,
                                                    dict(GOOD, date="2017-02-29")]))
    assert [m.split("gold.jsonl:")[1].split(":")[0] for m in msgs] == ["1", "3"]


def test_quote_matched_without_whitespace(tmp_path):
    # "3000\n亿元" in the article, "3000 亿元" in the gold: both squash to 3000亿元
    g = dict(GOOD, quote="3000 亿元", value=300000000000, metric=["基金"])
    assert len(load_gold_dir(write(tmp_path / "g", [DOC], [g])).facts) == 1


@pytest.mark.parametrize("d", ["2017", "2017-02", "2017-02-28", "2016-02-29",
                               "2016-01-01/2016-06-30", "2022-01-01/2022-01-01"])
def test_good_dates(d):
    assert date_problem(d) is None


@pytest.mark.parametrize("d", ["17", "2017-00", "2017-02-29", "2017-1", "2017-02-10/",
                               "2017-02-10/2017-02", "2017-02-10T00:00", "", "二〇一七", "２０１７"])
def test_bad_dates(d):
    assert date_problem(d)


def test_cli_refuses_bad_gold(tmp_path):
    root = write(tmp_path / "g", [DOC], [GOOD, GOOD, dict(GOOD, unit="万元")])
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    r = subprocess.run([sys.executable, "-c", "from soefacts.cli import main; main()",
                        "eval", str(root)], capture_output=True, text=True, encoding="utf-8",
                       env=env, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"soefacts: {root / 'gold.jsonl'}:3: unit '万元' is not canonical"]
    assert r.stdout == ""
