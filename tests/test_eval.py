"""Scoring (SPEC §4) on small hand-made gold and hand-made predictions.

Every expected figure below was worked out by hand from the SPEC, not by running the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from soefacts.evaluate import Pred, evaluate, evaluate_dir
from soefacts.gold import load_gold_dir

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ARTICLE = ("到今天，全省国资国企欠薪约54.6亿元，拖欠社保118亿元。\n"
           "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。\n"
           "设立总规模3000\n亿元的基金。人均产值69.4万元/人。")


def gold_line(quote, value, unit, metric, *, doc="a", date=None, qualifier=None, required=True):
    return {"doc": doc, "quote": quote, "value": value, "unit": unit, "metric": metric,
            "date": date, "qualifier": qualifier, "required": required, "note": ""}


def make_gold(tmp: Path, golds: list[dict], text: str = ARTICLE, doc: str = "a",
              published: str | None = "2017-02-10") -> Path:
    root = tmp / "gold"
    root.mkdir(exist_ok=True)
    (root / f"{doc}.txt").write_text(text, encoding="utf-8")
    (root / "docs.jsonl").write_text(json.dumps(
        {"doc": doc, "url": None, "published": published, "title": None, "notes": "test"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "gold.jsonl").write_text(
        "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in golds), encoding="utf-8")
    return root


def P(value, unit, sentence, metric=None, date=None, qualifier=None, doc="a", text=None):
    return Pred(doc=doc, value=value, unit=unit, sentence=sentence, metric=metric, date=date,
                qualifier=qualifier, text=text)


def score(tmp_path, golds, preds, **kw):
    gs = load_gold_dir(make_gold(tmp_path, golds, **kw))
    return evaluate(gs, {"a": preds}).overall


S1 = "到今天，全省国资国企欠薪约54.6亿元，拖欠社保118亿元。"
G_WAGES = gold_line("约54.6亿元", 5460000000, "元", ["欠薪"], date="2017-02-10",
                    qualifier="approx")


# ----------------------------------------------------------------- quantity match

def test_value_within_relative_tolerance(tmp_path):
    r = score(tmp_path, [G_WAGES], [P(5460000001, "元", S1, "欠薪", qualifier="approx")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (1, 0, 0)


def test_value_outside_tolerance(tmp_path):
    # 5460010000 differs by 1.8e-6 relative: no match -> one FP and one FN
    r = score(tmp_path, [G_WAGES], [P(5460010000, "元", S1, "欠薪")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (0, 1, 1)
    assert r.quantity.precision == 0 and r.quantity.recall == 0 and r.quantity.f1 == 0


def test_float_value_equal_to_int_gold(tmp_path):
    g = gold_line("44.18%", 44.18, "%", ["持股"])
    r = score(tmp_path, [g], [P(44.180000001, "%", "国资持股平均比例达到44.18%。", "持股比例")])
    assert r.fact.tp == 1


def test_unit_compared_before_slash(tmp_path):
    g = gold_line("69.4万元/人", 694000, "元", ["产值"])
    s = "人均产值69.4万元/人。"
    assert score(tmp_path, [g], [P(694000, "元/人", s, "人均产值")]).fact.tp == 1
    g2 = gold_line("69.4万元/人", 694000, "元/人", ["产值"])
    assert score(tmp_path, [g2], [P(694000, "元", s, "人均产值")]).fact.tp == 1
    assert score(tmp_path, [g2], [P(694000, "元/年", s, "人均产值")]).fact.tp == 1
    assert score(tmp_path, [g], [P(694000, "美元", s, "人均产值")]).quantity.tp == 0


def test_quote_matched_without_whitespace(tmp_path):
    g = gold_line("3000亿元", 300000000000, "元", ["基金", "总规模"])
    # the sentence keeps the line break and an ideographic space; the gold quote has none
    r = score(tmp_path, [g], [P(300000000000, "元", "设立总规模3000\n亿元\u3000的基金。", "基金总规模")])
    assert r.fact.tp == 1
    g2 = gold_line("3000 亿元", 300000000000, "元", ["基金"])
    r = score(tmp_path, [g2], [P(300000000000, "元", "设立总规模3000亿元的基金。", "基金")])
    assert r.fact.tp == 1


def test_quote_must_be_in_predicted_sentence(tmp_path):
    r = score(tmp_path, [G_WAGES], [P(5460000000, "元", "拖欠社保118亿元。", "欠薪")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (0, 1, 1)


# ----------------------------------------------------------------- one-to-one matching

def test_duplicate_predictions_one_tp_one_fp(tmp_path):
    p = P(5460000000, "元", S1, "欠薪", qualifier="approx")
    r = score(tmp_path, [G_WAGES], [p, P(5460000000, "元", S1, "欠薪", qualifier="approx")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (1, 1, 0)
    assert (r.fact.tp, r.fact.fp, r.fact.fn) == (1, 1, 0)
    assert r.fact.precision == 0.5 and r.fact.recall == 1.0
    assert r.fact.f1 == pytest.approx(2 / 3)


def test_two_gold_mentions_two_predictions(tmp_path):
    s = "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。"
    g = gold_line("18家", 18, "家", ["上市公司"])
    r = score(tmp_path, [g, g], [P(18, "家", s, "上市公司"), P(18, "家", s, "上市公司")])
    assert (r.fact.tp, r.fact.fp, r.fact.fn) == (2, 0, 0)


def test_optional_gold_neither_rewarded_nor_punished(tmp_path):
    opt = gold_line("118亿元", 11800000000, "元", ["社保"], required=False)
    p_wages = P(5460000000, "元", S1, "欠薪", qualifier="approx")
    p_social = P(11800000000, "元", S1, "社保")
    with_it = score(tmp_path, [G_WAGES, opt], [p_wages, p_social])
    without = score(tmp_path, [G_WAGES, opt], [p_wages])
    for r in (with_it, without):
        assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (1, 0, 0)
        assert (r.fact.tp, r.fact.fp, r.fact.fn) == (1, 0, 0)
    # a prediction absorbed by an optional fact does not enter the shares either
    assert with_it.qualifier.n == 1 and with_it.date_exact.n == 1


def test_required_gold_served_first(tmp_path):
    # The optional fact comes first in the file; the only prediction fits both.
    # Required first: it goes to the required fact -> TP 1, FN 0 (else TP 0, FN 1).
    s = "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。"
    opt = gold_line("18家", 18, "家", ["上市公司"], required=False)
    req = gold_line("18家", 18, "家", ["上市公司"], required=True)
    r = score(tmp_path, [opt, req], [P(18, "家", s, "上市公司")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (1, 0, 0)
    assert (r.fact.tp, r.fact.fp, r.fact.fn) == (1, 0, 0)


def test_augmenting_path_finds_maximum(tmp_path):
    # gold A fits p1 and p2, gold B fits only p1. Greedy A->p1 would leave B unmatched;
    # the maximum matching is A->p2, B->p1.
    s = "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。"
    ga = gold_line("18家", 18, "家", ["上市公司", "企业"])
    gb = gold_line("18家", 18, "家", ["国有控股"])
    p1 = P(18, "家", s, "国有控股上市公司")
    p2 = P(18, "家", s, "省属企业")
    r = score(tmp_path, [ga, gb], [p1, p2])
    assert (r.fact.tp, r.fact.fp, r.fact.fn) == (2, 0, 0)


def test_candidates_with_the_gold_date_first(tmp_path):
    # Same mention twice, gold dates 09 and 10; the predictions come in the other order.
    s = "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。"
    g9 = gold_line("18家", 18, "家", ["上市公司"], date="2017-02-09")
    g10 = gold_line("18家", 18, "家", ["上市公司"], date="2017-02-10")
    r = score(tmp_path, [g9, g10], [P(18, "家", s, "上市公司", date="2017-02-10"),
                                    P(18, "家", s, "上市公司", date="2017-02-09")])
    assert r.fact.tp == 2
    assert (r.date_exact.ok, r.date_exact.n) == (2, 2)


# ----------------------------------------------------------------- fact level

def test_metric_contains_a_key_term(tmp_path):
    g = gold_line("44.18%", 44.18, "%", ["持股"])
    s = "国资持股平均比例达到44.18%。"
    assert score(tmp_path, [g], [P(44.18, "%", s, "国资持股平均比例")]).fact.tp == 1
    r = score(tmp_path, [g], [P(44.18, "%", s, "平均比例")])
    assert (r.quantity.tp, r.fact.tp, r.fact.fp, r.fact.fn) == (1, 0, 1, 1)
    r = score(tmp_path, [g], [P(44.18, "%", s, None)])
    assert (r.quantity.tp, r.fact.tp) == (1, 0)


def test_metric_longer_than_20_characters_fails(tmp_path):
    g = gold_line("44.18%", 44.18, "%", ["持股"])
    s = "国资持股平均比例达到44.18%。"
    m20 = "国资持股平均比例" + "甲" * 12          # 20 characters
    m21 = m20 + "乙"                            # 21 characters
    assert len(m20) == 20 and len(m21) == 21
    assert score(tmp_path, [g], [P(44.18, "%", s, m20)]).fact.tp == 1
    r = score(tmp_path, [g], [P(44.18, "%", s, m21)])
    assert (r.quantity.tp, r.fact.tp) == (1, 0)


# ----------------------------------------------------------------- shares

def test_date_exact_and_year(tmp_path):
    s = "目前省属企业中共有18家国有控股的上市公司，国资持股平均比例达到44.18%。"
    golds = [gold_line("18家", 18, "家", ["上市公司"], date="2017-02-10"),
             gold_line("44.18%", 44.18, "%", ["持股"], date="2017-02-10"),
             gold_line("3000亿元", 300000000000, "元", ["基金"], date="2023"),
             gold_line("118亿元", 11800000000, "元", ["社保"], date=None)]
    preds = [P(18, "家", s, "上市公司", date="2017-02-10"),     # exact
             P(44.18, "%", s, "持股比例", date="2017-02"),       # year only
             P(300000000000, "元", "设立总规模3000\n亿元的基金。", "基金", date=None),  # neither
             P(11800000000, "元", S1, "社保", date="2017")]      # gold null: not counted
    r = score(tmp_path, golds, preds)
    assert r.fact.tp == 4
    assert (r.date_exact.ok, r.date_exact.n) == (1, 3)
    assert (r.date_year.ok, r.date_year.n) == (2, 3)


def test_date_shares_only_over_fact_matches(tmp_path):
    r = score(tmp_path, [G_WAGES], [P(5460000000, "元", S1, "工资", date="2017-02-10",
                                      qualifier="approx")])
    assert r.fact.tp == 0 and r.date_exact.n == 0 and r.date_exact.value is None


def test_qualifier_accuracy_null_equals_null(tmp_path):
    golds = [G_WAGES, gold_line("118亿元", 11800000000, "元", ["社保"])]
    r = score(tmp_path, golds, [P(5460000000, "元", S1, "欠薪", qualifier="approx"),
                                P(11800000000, "元", S1, "社保", qualifier=None)])
    assert (r.qualifier.ok, r.qualifier.n) == (2, 2)
    r = score(tmp_path, golds, [P(5460000000, "元", S1, "欠薪", qualifier=None),
                                P(11800000000, "元", S1, "社保", qualifier="over")])
    assert (r.qualifier.ok, r.qualifier.n) == (0, 2)


def test_qualifier_counted_over_quantity_matches(tmp_path):
    # wrong metric: no fact match, but the quantity match still counts for the qualifier
    r = score(tmp_path, [G_WAGES], [P(5460000000, "元", S1, "工资", qualifier="approx")])
    assert (r.qualifier.ok, r.qualifier.n) == (1, 1)


def test_errors_name_each_kind(tmp_path):
    golds = [G_WAGES, gold_line("118亿元", 11800000000, "元", ["社保"], date="2017-02-10"),
             gold_line("44.18%", 44.18, "%", ["持股"])]
    preds = [P(5460000000, "元", S1, "工资", qualifier="approx"),          # wrong metric
             P(11800000000, "元", S1, "拖欠社保", date="2016"),              # wrong date
             P(54.6, "%", S1, "欠薪", text="54.6")]                         # spurious
    r = score(tmp_path, golds, preds)
    kinds = sorted(e["kind"] for e in r.errors)
    assert kinds == ["missed", "spurious", "wrong_date", "wrong_metric"]
    missed = next(e for e in r.errors if e["kind"] == "missed")
    assert "【44.18%】" in missed["gold"]["context"]


def test_nothing_to_find_nothing_found(tmp_path):
    r = score(tmp_path, [], [])
    assert r.fact.f1 == 1.0 and r.quantity.precision == 1.0


# ----------------------------------------------------------------- seeds and --pred

def oracle_records(gold_dir: Path, by: str = "source") -> list[dict]:
    """A perfect prediction per gold fact, written from the gold lines themselves."""
    out = []
    for line in (gold_dir / "gold.jsonl").read_text("utf-8").splitlines():
        g = json.loads(line)
        rec = {"metric": g["metric"][0], "value": g["value"], "unit": g["unit"],
               "date": g["date"], "qualifier": g["qualifier"], "sentence": g["quote"],
               "text": g["quote"], "start": 0, "end": len(g["quote"])}
        if by == "source":
            rec["source"] = f"/somewhere/else/{g['doc']}.txt"
        else:
            rec["doc"] = g["doc"]
            rec["source"] = "-"
        out.append(rec)
    return out


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def test_seeds_gold_loads():
    gs = load_gold_dir(SEEDS)
    assert set(gs.docs) == {"000_ab18294d1347ebb5", "003_6810bb8643cd91ff"}
    assert len(gs.facts) == 29
    assert sum(g.required for g in gs.facts) == 25


@pytest.mark.parametrize("by", ["source", "doc"])
def test_pred_file_perfect_on_seeds(tmp_path, by):
    pred = write_jsonl(tmp_path / "pred.jsonl", oracle_records(SEEDS, by))
    o = evaluate_dir(SEEDS, pred).overall
    assert (o.quantity.tp, o.quantity.fp, o.quantity.fn) == (25, 0, 0)
    assert (o.fact.tp, o.fact.fp, o.fact.fn) == (25, 0, 0)
    assert o.date_exact.value == 1.0 and o.qualifier.value == 1.0


def test_pred_file_json_array(tmp_path):
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(oracle_records(SEEDS), ensure_ascii=False), "utf-8")
    assert evaluate_dir(SEEDS, pred).overall.fact.tp == 25


# ----------------------------------------------------------------- the command line

def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", "from soefacts.cli import main; main()", *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


def test_cli_json_keys_with_pred(tmp_path):
    recs = oracle_records(SEEDS)
    recs.append(dict(recs[0], value=1, text="1"))  # one spurious record
    pred = write_jsonl(tmp_path / "pred.jsonl", recs)
    r = run_cli("eval", str(SEEDS), "--pred", str(pred), "--json", "--per-doc")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    for key in ("quantity", "fact", "date_exact", "date_year", "qualifier_acc", "per_doc"):
        assert key in d
    for level in ("quantity", "fact"):
        assert set(d[level]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert (d["fact"]["tp"], d["fact"]["fp"], d["fact"]["fn"]) == (25, 1, 0)
    assert d["fact"]["precision"] == pytest.approx(25 / 26)
    assert set(d["per_doc"]) == {"000_ab18294d1347ebb5", "003_6810bb8643cd91ff"}


def test_cli_table_and_errors(tmp_path):
    recs = [r for r in oracle_records(SEEDS) if r["text"] != "22万人"]
    recs.append(dict(recs[0], value=7, unit="个", text="7个"))
    pred = write_jsonl(tmp_path / "pred.jsonl", recs)
    r = run_cli("eval", str(SEEDS), "--pred", str(pred), "--per-doc", "--errors")
    assert r.returncode == 0, r.stderr
    assert "quantity" in r.stdout and "fact" in r.stdout
    assert "003_6810bb8643cd91ff" in r.stdout
    assert "MISSED" in r.stdout and "22万人" in r.stdout
    assert "SPURIOUS" in r.stdout and "7个" in r.stdout


def test_cli_unknown_doc_in_pred_is_ignored_with_warning(tmp_path):
    recs = oracle_records(SEEDS) + [dict(oracle_records(SEEDS)[0], source="x/zzz.txt")]
    pred = write_jsonl(tmp_path / "pred.jsonl", recs)
    r = run_cli("eval", str(SEEDS), "--pred", str(pred), "--json")
    assert r.returncode == 0
    assert "zzz" in r.stderr and json.loads(r.stdout)["fact"]["fp"] == 0


@pytest.mark.parametrize("content,expect", [
    ('{"value": 1, "unit": "元", "sentence": "x", "source": "a.txt"\n', "pred.jsonl:1: bad JSON"),
    ('{"value": "1", "unit": "元", "sentence": "x", "doc": "000_ab18294d1347ebb5"}\n',
     "pred.jsonl:1: value '1'"),
    ('{"unit": "元", "sentence": "x", "doc": "000_ab18294d1347ebb5"}\n', "pred.jsonl:1: missing field value"),
    ('{"value": 1, "unit": "元", "sentence": "x", "source": "-"}\n', "pred.jsonl:1: no doc"),
])
def test_cli_bad_pred_file(tmp_path, content, expect):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(content, "utf-8")
    r = run_cli("eval", str(SEEDS), "--pred", str(pred))
    assert r.returncode == 2
    assert expect in r.stderr and "Traceback" not in r.stderr


def test_cli_missing_pred_file(tmp_path):
    r = run_cli("eval", str(SEEDS), "--pred", str(tmp_path / "nope.jsonl"))
    assert r.returncode == 2 and "nope.jsonl: file not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_missing_gold_dir(tmp_path):
    r = run_cli("eval", str(tmp_path / "nothing"))
    assert r.returncode == 2 and "not a folder" in r.stderr and "Traceback" not in r.stderr


def test_cli_bad_gold_one_line(tmp_path):
    g = dict(G_WAGES, quote="约99亿元")
    root = make_gold(tmp_path, [G_WAGES, g])
    r = run_cli("eval", str(root))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "gold.jsonl:2: quote '约99亿元' not in article a" in lines[0]
    assert lines[0].startswith("soefacts: ") and "Traceback" not in r.stderr


def test_cli_runs_extractor_on_seeds():
    # whatever the extractor finds today, eval runs it and exits 0 with the JSON keys
    r = run_cli("eval", str(SEEDS), "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["fact"]["tp"] + d["fact"]["fn"] == 25


# ----------------------------------------------------------------- running the extractor

def test_extractor_gets_text_published_date_and_source(tmp_path, monkeypatch):
    import soefacts.pipeline
    from soefacts.model import Fact

    seen = []

    def fake_extract(text, ref_date=None, *, source="-", base_offset=0):
        seen.append((text, ref_date, source))
        i = text.index("约54.6亿元")
        return [Fact(metric="欠薪", value=5460000000, unit="元", date="2017-02-10",
                     qualifier="approx", sentence=S1, text="约54.6亿元", start=i, end=i + 7,
                     source=source)]

    monkeypatch.setattr(soefacts.pipeline, "extract", fake_extract)
    root = make_gold(tmp_path, [G_WAGES], text="\ufeff" + ARTICLE)
    rep = evaluate_dir(root)
    assert seen == [(ARTICLE, "2017-02-10", str(root / "a.txt"))]  # BOM stripped
    o = rep.overall
    assert (o.fact.tp, o.fact.fp, o.fact.fn) == (1, 0, 0) and o.date_exact.value == 1.0


def test_extractor_crash_is_reported_per_doc(tmp_path, monkeypatch):
    import soefacts.pipeline

    def boom(text, ref_date=None, *, source="-", base_offset=0):
        raise RuntimeError("boom")

    monkeypatch.setattr(soefacts.pipeline, "extract", boom)
    rep = evaluate_dir(make_gold(tmp_path, [G_WAGES], published=None))
    assert rep.failed_docs == {"a": "RuntimeError: boom"}
    assert rep.overall.fact.fn == 1


def test_optional_gold_with_wrong_metric_is_a_fact_level_fp(tmp_path):
    # The record fits the optional fact's quantity (no FP at that level) but not its
    # metric: at the fact level it matches no gold fact at all, so it is a false positive,
    # and --errors lists it as a wrong metric so that every FP has a line.
    opt = gold_line("118亿元", 11800000000, "元", ["社保"], required=False)
    r = score(tmp_path, [G_WAGES, opt], [P(5460000000, "元", S1, "欠薪", date="2017-02-10",
                                           qualifier="approx"),
                                         P(11800000000, "元", S1, "工资")])
    assert (r.quantity.tp, r.quantity.fp, r.quantity.fn) == (1, 0, 0)
    assert (r.fact.tp, r.fact.fp, r.fact.fn) == (1, 1, 0)
    assert [e["kind"] for e in r.errors] == ["wrong_metric"]
    assert r.errors[0]["gold"]["required"] is False
