#!/usr/bin/env python3
"""Run the peer test suites (/work/shared/peer/*.jsonl) through soefacts.extract.

    python benchmarks/peer_suites.py                 # ../shared/peer beside the repo
    python benchmarks/peer_suites.py PATH --json     # one JSON object
    python benchmarks/peer_suites.py --failures      # every failing case: input, expected, got
    python benchmarks/peer_suites.py --excluded      # every case left out, with its reason

Suites in scope (SPEC facts: a number with a unit):
  recognizers/CurrencyModel, PercentModel, DimensionModel; jionlp/parse_money, extract_money.

A case passes when every expected value comes out among the extracted records' values
(relative tolerance 1e-6; each expected value takes its own record):
  * Currency: value, and the unit when the spec names a currency we can spell
    (CNY -> 元, USD -> 美元 ...); `$` and Bitcoin check the value only. Entities with no
    value (a bare 人民币) are dropped; a case left with none expects no record at all.
  * Percent: value with unit % (a ‰ record counts as value/10 %), or 百分点 when the
    expected text says 个百分点. X成 is X*10 % (SPEC).
  * Dimension: value, and unit when the spec's unit has a SPEC spelling (Kilogram -> 千克).
  * An empty expectation (recognizers) means no record at all may come out.
  * jionlp/parse_money: a record with the value (a range: both ends) and the currency as
    our canonical unit. JioNLP gives X多 as [X, next step]; SPEC reads it as X with
    qualifier `over`, so only X is checked there.
  * jionlp/extract_money: each expected span overlaps a money record; an empty
    expectation means no money record (counts such as 9000台 may come out).

Left out, each with a stated reason (see EXCLUSIONS below); --excluded lists them.
Exit status 0 (figures are information, not a gate), also when the folder is absent
(it lives outside the repository), which is said on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "peer"
TARGET = 0.90

# suite name in the files -> name in our report
IN_SCOPE = {
    "recognizers/CurrencyModel": "currency",
    "recognizers/PercentModel": "percent",
    "recognizers/DimensionModel": "dimension",
    "jionlp/parse_money": "jionlp parse_money",
    "jionlp/extract_money": "jionlp extract_money",
}

R_BARE = "bare numbers / numeral conversion (SPEC §1: a number with no unit is not a fact)"
R_ORDINAL = "ordinals (SPEC §1: not a fact)"
R_DISCOUNT = "discount in 折 (a price factor, not a share; SPEC has no 折 unit)"
R_NEGATIVE = "negative numbers (负/-: SPEC keeps values as written, no sign rule)"
R_URL = "URL (SPEC §1: numbers in URLs are not facts; the case only probes URL parsing)"
R_LATIN_K = "Latin magnitude suffix k/w (15k, 30w: informal, not a SPEC number form)"
R_VAGUE = ("vague numeral (二三十, 八九亿, 几十万, 数十亿): SPEC has no value for it; "
           "the peers disagree (Recognizers: nothing, JioNLP: a range)")
R_NO_CURRENCY = "no currency word (三百万, 小于40万: a bare number; JioNLP assumes 元)"
R_UNIT_OUT = ("unit outside SPEC's domain (bits/bytes, Hz, kcal; upstream also keeps the kilo "
              "in the unit: 三千比特 -> 3 Kilobit)")
R_LIANG = "两 as a weight (Liang): collides with the numeral 两 (两万两), not a SPEC unit"
R_INCONSISTENT = ("upstream expectation contradicts the suite's own rule "
                  "(八到九百亿 read as 8亿–900亿 while 两到三万 gives 2万–3万)")

CURRENCY_UNITS = {"CNY": {"元"}, "USD": {"美元"}, "EUR": {"欧元"}, "HKD": {"港元"},
                  "JPY": {"日元"}, "TWD": {"新台币"}, "CHF": {"瑞士法郎"},
                  "NGN": {"奈拉", "尼日利亚奈拉"}, "GBP": {"英镑"}}
DIMENSION_UNITS = {"Mu": {"亩"}, "Kilogram": {"千克"}, "Centimeter": {"厘米"}, "Ton": {"吨"},
                   "Meter": {"米"}, "Jin": {"斤"}, "Kilometer": {"公里"}, "Gram": {"克"},
                   "Kilowatt": {"千瓦"}, "Microgram": {"微克"}}
OUT_UNITS = {"Kilobit", "Megabyte", "Kilobyte", "Bit", "Hertz", "Megahertz", "Kilocalorie"}
INCONSISTENT_INPUTS = {"八到九百亿泰铢"}

_VAGUE = re.compile(r"[一二三四五六七八九两][一二三四五六七八九][十百千万亿]|[几数][十百千万亿]|十几")
_LATIN_K = re.compile(r"[0-9０-９]\s*[kKｋＫwW]")
_CURRENCY_WORD = re.compile(r"[元圆圓块塊钱錢]|币|幣|镑|鎊|铢|銖|卢布|美金")
_NEGATIVE = re.compile(r"负|[-－][0-9０-９]")


@dataclass
class Expect:
    value: float | None = None          # None: a span check (extract_money)
    units: set[str] | None = None       # accepted base units; None: any
    percent: bool = False               # compare ‰ records as value/10 %
    span: tuple[int, int] | None = None
    label: str = ""


@dataclass
class Case:
    suite: str
    line: int
    input: str
    expects: list[Expect] = field(default_factory=list)
    negative: str | None = None         # "any": no record at all; "money": no money record
    reason: str | None = None           # excluded when set
    adapted: bool = False


def classify(raw: dict, line: int) -> Case:
    suite, text = raw["suite"], raw["input"]
    name = IN_SCOPE.get(suite, suite)
    c = Case(suite=name, line=line, input=text)
    if suite in ("recognizers/NumberModel",) or suite.startswith("cn2an/"):
        c.reason = R_BARE
        return c
    if suite == "recognizers/OrdinalModel":
        c.reason = R_ORDINAL
        return c
    if suite.startswith("recognizers/"):
        return _classify_recognizers(c, raw)
    if suite == "jionlp/parse_money":
        return _classify_parse_money(c, raw)
    if suite == "jionlp/extract_money":
        return _classify_extract_money(c, raw)
    c.reason = f"unknown suite {suite}"
    return c


def _classify_recognizers(c: Case, raw: dict) -> Case:
    text, exp = raw["input"], raw["expected"]
    texts = "".join(e["text"] for e in exp)
    if "http" in text or "www." in text:
        c.reason = R_URL
    elif "折" in text and c.suite == "percent":
        c.reason = R_DISCOUNT
    elif _NEGATIVE.search(text) and (not exp or any((e["value"] or 0) < 0 for e in exp)):
        c.reason = R_NEGATIVE
    elif _LATIN_K.search(texts) and c.suite == "percent":
        c.reason = R_LATIN_K
    elif _VAGUE.search("".join(text.split())):
        c.reason = R_VAGUE
    elif any(e["unit"] in OUT_UNITS for e in exp):
        c.reason = R_UNIT_OUT
    elif any(e["unit"] == "Liang" for e in exp):
        c.reason = R_LIANG
    if c.reason:
        return c
    for e in exp:
        if e["value"] is None:
            continue  # a currency name alone: not a quantity
        if c.suite == "currency":
            units = CURRENCY_UNITS.get(e["iso"] or "")
            c.expects.append(Expect(value=e["value"], units=units, label=e["text"]))
        elif c.suite == "percent":
            pts = any(w in "".join(e["text"].split()) for w in ("百分点", "百分點"))
            c.expects.append(Expect(value=e["value"], units={"百分点"} if pts else {"%"},
                                    percent=not pts, label=e["text"]))
        else:
            c.expects.append(Expect(value=e["value"], units=DIMENSION_UNITS.get(e["unit"]),
                                    label=e["text"]))
    if not c.expects:
        c.negative = "any"
    return c


def _classify_parse_money(c: Case, raw: dict) -> Case:
    text, exp = raw["input"], raw["expected"]
    if text in INCONSISTENT_INPUTS:
        c.reason = R_INCONSISTENT
    elif _LATIN_K.search(text):
        c.reason = R_LATIN_K
    elif not _CURRENCY_WORD.search(text):
        c.reason = R_NO_CURRENCY
    elif _VAGUE.search(text):
        c.reason = R_VAGUE
    if c.reason:
        return c
    nums = exp["num"] if isinstance(exp["num"], list) else [exp["num"]]
    if len(nums) == 2 and ("多" in text or "余" in text):
        nums = nums[:1]  # SPEC: X多 is X with qualifier over
        c.adapted = True
    for n in nums:
        c.expects.append(Expect(value=float(n), units={exp["case"]}, label=f"{n} {exp['case']}"))
    return c


def _classify_extract_money(c: Case, raw: dict) -> Case:
    exp = raw["expected"]
    if any(_LATIN_K.search(e["text"]) for e in exp):
        c.reason = R_LATIN_K
        return c
    for e in exp:
        c.expects.append(Expect(span=(e["offset"][0], e["offset"][1]), label=e["text"]))
    if not exp:
        c.negative = "money"
    return c


# --------------------------------------------------------------------------- running

def _kind(unit: str) -> str | None:
    from soefacts.units import kind_of

    return kind_of(unit)


def _satisfies(ex: Expect, r: Any) -> bool:
    base = r.unit.split("/", 1)[0]
    if ex.span is not None:
        return _kind(r.unit) == "money" and r.start < ex.span[1] and ex.span[0] < r.end
    value = r.value
    if ex.percent and base == "‰":
        value, base = value / 10, "%"
    if ex.units is not None and base not in ex.units:
        return False
    if ex.units is None and ex.percent is False and not math.isfinite(value):
        return False
    return math.isclose(value, ex.value, rel_tol=1e-6, abs_tol=1e-12)


def run_case(c: Case, extract) -> tuple[bool, list[dict], str | None]:
    try:
        recs = extract(c.input)
    except Exception as e:  # noqa: BLE001 - an extractor crash is a failing case
        return False, [], f"{type(e).__name__}: {e}"
    got = [{"text": r.text, "value": r.value, "unit": r.unit} for r in recs]
    if c.negative == "any":
        return not recs, got, None
    if c.negative == "money":
        return not any(_kind(r.unit) == "money" for r in recs), got, None
    free = list(recs)
    for ex in c.expects:
        hit = next((r for r in free if _satisfies(ex, r)), None)
        if hit is None:
            return False, got, None
        free.remove(hit)
    return True, got, None


def load_cases(folder: Path) -> list[tuple[str, Case]]:
    out = []
    for f in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(f.read_text("utf-8").splitlines(), 1):
            if line.strip():
                out.append((f.name, classify(json.loads(line), n)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT,
                    help=f"folder of peer suites (default: {DEFAULT})")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--failures", action="store_true", help="list failing cases")
    ap.add_argument("--excluded", action="store_true", help="list every excluded case")
    ap.add_argument("--suite", help="only suites whose name contains this")
    a = ap.parse_args(argv)
    if not a.path.is_dir() or not list(a.path.glob("*.jsonl")):
        print(f"peer_suites: no peer suites (*.jsonl) at {a.path}; nothing to run",
              file=sys.stderr)
        return 0
    sys.path.insert(0, str(REPO))
    from soefacts import extract

    cases = load_cases(a.path)
    if a.suite:
        cases = [(f, c) for f, c in cases if a.suite in c.suite]
    per: dict[str, Counter] = defaultdict(Counter)
    excluded: Counter = Counter()
    excluded_cases: list[dict] = []
    failures: list[dict] = []
    for fname, c in cases:
        if c.reason:
            excluded[c.reason] += 1
            excluded_cases.append({"file": fname, "line": c.line, "suite": c.suite,
                                   "input": c.input, "reason": c.reason})
            continue
        ok, got, err = run_case(c, extract)
        per[c.suite]["cases"] += 1
        per[c.suite]["passed"] += ok
        per[c.suite]["adapted"] += c.adapted
        if not ok:
            failures.append({"suite": c.suite, "file": fname, "line": c.line, "input": c.input,
                             "expected": ("nothing" if c.negative == "any" else
                                          "no money record" if c.negative == "money" else
                                          [x.label if x.span else
                                           f"{_fmt(x.value)} {'/'.join(sorted(x.units)) if x.units else '(any unit)'}"
                                           for x in c.expects]),
                             "got": got, **({"error": err} if err else {})})
    suites = {s: {"cases": n["cases"], "passed": n["passed"],
                  "pass_rate": n["passed"] / n["cases"] if n["cases"] else None,
                  "adapted": n["adapted"]} for s, n in sorted(per.items())}
    target_suites = [s for s in suites if s in IN_SCOPE.values()]
    tot = sum(suites[s]["cases"] for s in target_suites)
    passed = sum(suites[s]["passed"] for s in target_suites)
    summary = {"suites": suites,
               "in_scope": {"cases": tot, "passed": passed,
                            "pass_rate": passed / tot if tot else None, "target": TARGET},
               "excluded": dict(excluded.most_common()),
               "excluded_total": sum(excluded.values())}
    if a.failures:
        summary["failures"] = failures
    if a.excluded:
        summary["excluded_cases"] = excluded_cases
    if a.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    _render(summary, failures if a.failures else None, excluded_cases if a.excluded else None)
    return 0


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _render(s: dict, failures: list[dict] | None, excluded_cases: list[dict] | None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    con = Console()
    t = Table(title="peer suites through soefacts.extract", title_justify="left")
    for col in ("suite", "cases", "passed", "pass rate"):
        t.add_column(col, justify="left" if col == "suite" else "right")
    for name, r in s["suites"].items():
        t.add_row(name, str(r["cases"]), str(r["passed"]),
                  "—" if r["pass_rate"] is None else f"{100 * r['pass_rate']:.1f}%")
    ins = s["in_scope"]
    rate = "—" if ins["pass_rate"] is None else f"{100 * ins['pass_rate']:.1f}%"
    t.add_row("[bold]all in scope[/bold]", str(ins["cases"]), str(ins["passed"]),
              f"[bold]{rate}[/bold] (target {100 * TARGET:.0f}%)")
    con.print(t)
    e = Table(title=f"left out: {s['excluded_total']} cases", title_justify="left")
    e.add_column("cases", justify="right")
    e.add_column("reason")
    for reason, n in s["excluded"].items():
        e.add_row(str(n), escape(reason))
    con.print(e)
    if excluded_cases is not None:
        for x in excluded_cases:
            if x["reason"] != R_BARE:
                con.print(f"  {x['suite']} {x['file']}:{x['line']} {escape(repr(x['input']))}"
                          f" — {escape(x['reason'].split(' (')[0])}")
    if failures is not None:
        con.print(f"\n[bold]failures[/bold] ({len(failures)})")
        for f in failures:
            got = ", ".join(f"{g['text']}={_fmt(g['value'])} {g['unit']}" for g in f["got"]) or "nothing"
            exp = f["expected"] if isinstance(f["expected"], str) else "; ".join(f["expected"])
            con.print(f"  [cyan]{f['suite']}[/cyan] {f['file']}:{f['line']}  {escape(repr(f['input']))}")
            con.print(f"      expected: {escape(exp)}")
            con.print(f"      got:      {escape(got)}" + (f"  [red]{escape(f['error'])}[/red]"
                                                            if f.get("error") else ""))


if __name__ == "__main__":
    sys.exit(main())
