"""Example corpora (tests/corpus/*.toml) run as a test suite, Duckling style.

Every ``[[case]]`` in every corpus file becomes one test, named
``<file>: <case name>``.  For a case, ``soefacts.extract(text, ref_date=...)``
is called and:

1. the multiset of (value, unit) of the predictions must equal the multiset of
   the expected (value, unit): no missing and no extra record (values compared
   with a relative tolerance of 1e-9, units as exact strings);
2. every prediction must satisfy ``text[start:end] == fact.text``;
3. expected facts are paired, in order, with the predictions of the same value
   and unit (predictions ordered by ``start``), and only the fields the case
   gives are checked:

   ``qualifier``  / ``date``   exact string; the string "null" means must be null
   ``metric``     / ``subject`` list of key terms; the predicted field must
                                contain at least one (a bare string is one term)
   ``text``                    the exact mention text
   ``sentence_contains``       string or list: substrings of the predicted sentence
   ``sentence_lacks``          string or list: must NOT occur in the predicted sentence
   ``metric_lacks``            string or list: must NOT occur in the predicted metric

See tests/corpus/README.md for the file format.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).parent / "corpus"
CASE_KEYS = {"name", "text", "ref_date", "facts", "note"}
FACT_KEYS = {"value", "unit", "qualifier", "date", "metric", "subject", "text",
             "sentence_contains", "sentence_lacks", "metric_lacks", "note"}
QUALIFIERS = {"approx", "over", "under", "at_least", "at_most", "null"}
REL_TOL = 1e-9


def _load_corpus() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CORPUS_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for case in data.get("case", []):
            cases.append((path.stem, case))
    return cases


CASES = _load_corpus()
IDS = [f"{stem}: {case.get('name', '?')}" for stem, case in CASES]


# --------------------------------------------------------------------------
# helpers


def _same_value(a: float, b: float) -> bool:
    if a == b:
        return True
    return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)


def _key(fact_value, fact_unit) -> tuple[float, str]:
    return (fact_value, str(fact_unit))


def _as_list(x) -> list[str]:
    if x is None:
        return []
    return [x] if isinstance(x, str) else list(x)


def _field(obj, name):
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _fmt_expected(f: dict) -> str:
    keys = ["value", "unit", "qualifier", "date", "metric", "subject", "text",
            "sentence_contains", "sentence_lacks", "metric_lacks"]
    return "{" + ", ".join(f"{k}={f[k]!r}" for k in keys if k in f) + "}"


def _fmt_pred(p) -> str:
    keys = ["value", "unit", "qualifier", "date", "metric", "subject", "text",
            "start", "end", "sentence", "rule"]
    parts = []
    for k in keys:
        v = _field(p, k)
        if k == "sentence" and isinstance(v, str) and len(v) > 60:
            v = v[:57] + "..."
        parts.append(f"{k}={v!r}")
    return "{" + ", ".join(parts) + "}"


def _report(case: dict, preds, problems: list[str]) -> str:
    lines = [f"case {case['name']!r}", f"  text:     {case['text']!r}"]
    if case.get("ref_date"):
        lines.append(f"  ref_date: {case['ref_date']}")
    lines.append("  expected:")
    lines += [f"    {_fmt_expected(f)}" for f in case.get("facts", [])] or ["    (no record)"]
    lines.append("  got:")
    lines += [f"    {_fmt_pred(p)}" for p in preds] or ["    (no record)"]
    lines.append("  problems:")
    lines += [f"    - {m}" for m in problems]
    return "\n".join(lines)


def _unmatched(expected: list[tuple[float, str]], got: list[tuple[float, str]]):
    """Greedy multiset difference with value tolerance: (missing, extra)."""
    rest = list(got)
    missing = []
    for e in expected:
        for i, g in enumerate(rest):
            if g[1] == e[1] and _same_value(g[0], e[0]):
                del rest[i]
                break
        else:
            missing.append(e)
    return missing, rest


def _check_fact(i: int, exp: dict, pred) -> list[str]:
    out = []
    tag = f"fact #{i} ({exp['value']!r} {exp['unit']})"
    for name in ("qualifier", "date"):
        if name in exp:
            want = None if exp[name] == "null" else exp[name]
            got = _field(pred, name)
            if got != want:
                out.append(f"{tag}: {name} expected {want!r}, got {got!r}")
    for name in ("metric", "subject"):
        if name in exp:
            terms = _as_list(exp[name])
            got = _field(pred, name)
            if not got or not any(t in got for t in terms):
                out.append(f"{tag}: {name} {got!r} contains none of {terms!r}")
    metric = _field(pred, "metric") or ""
    for s in _as_list(exp.get("metric_lacks")):
        if s in metric:
            out.append(f"{tag}: metric {metric!r} should not contain {s!r}")
    if "text" in exp and _field(pred, "text") != exp["text"]:
        out.append(f"{tag}: text expected {exp['text']!r}, got {_field(pred, 'text')!r}")
    sentence = _field(pred, "sentence") or ""
    for s in _as_list(exp.get("sentence_contains")):
        if s not in sentence:
            out.append(f"{tag}: sentence {sentence!r} lacks {s!r}")
    for s in _as_list(exp.get("sentence_lacks")):
        if s in sentence:
            out.append(f"{tag}: sentence {sentence!r} should not contain {s!r}")
    return out


# --------------------------------------------------------------------------
# the corpus itself is well formed (independent of the extractor)


def test_corpus_files_parse_and_are_well_formed():
    files = sorted(CORPUS_DIR.glob("*.toml"))
    assert files, f"no corpus files in {CORPUS_DIR}"
    errors = []
    seen = Counter(IDS)
    errors += [f"duplicate case id {k!r}" for k, n in seen.items() if n > 1]
    for (stem, case), cid in zip(CASES, IDS):
        if not isinstance(case.get("name"), str) or not case["name"]:
            errors.append(f"{cid}: missing name")
        if not isinstance(case.get("text"), str) or not case["text"]:
            errors.append(f"{cid}: missing text")
            continue
        if "facts" not in case:
            errors.append(f"{cid}: missing facts (use facts = [] for no record)")
        errors += [f"{cid}: unknown case key {k!r}" for k in set(case) - CASE_KEYS]
        for j, f in enumerate(case.get("facts", [])):
            errors += [f"{cid}: fact #{j} unknown key {k!r}" for k in set(f) - FACT_KEYS]
            if not isinstance(f.get("value"), (int, float)) or isinstance(f.get("value"), bool):
                errors.append(f"{cid}: fact #{j} value must be a number")
            elif isinstance(f["value"], float) and f["value"].is_integer():
                errors.append(f"{cid}: fact #{j} integral value should be written as an integer")
            if not isinstance(f.get("unit"), str) or not f["unit"]:
                errors.append(f"{cid}: fact #{j} unit must be a non-empty string")
            if "date" in f and not isinstance(f["date"], str):
                errors.append(f"{cid}: fact #{j} date must be a quoted string (or \"null\")")
            if "qualifier" in f and f["qualifier"] not in QUALIFIERS:
                errors.append(f"{cid}: fact #{j} bad qualifier {f['qualifier']!r}")
            if "text" in f and f["text"] not in case["text"]:
                errors.append(f"{cid}: fact #{j} text {f['text']!r} is not in the case text")
            for name in ("metric", "subject"):
                for t in _as_list(f.get(name)):
                    if not 2 <= len(t) <= 6:
                        errors.append(f"{cid}: fact #{j} {name} key term {t!r} should be 2-6 chars")
    assert not errors, "\n".join(errors)


# --------------------------------------------------------------------------
# one test per case


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=IDS)
def test_case(case: dict):
    from soefacts import extract

    text = case["text"]
    ref_date = case.get("ref_date")
    if ref_date is not None:
        ref_date = str(ref_date)  # tolerate an unquoted TOML date
    preds = sorted(extract(text, ref_date=ref_date), key=lambda p: (p.start, p.end))
    expected = case.get("facts", [])
    problems: list[str] = []

    for p in preds:
        if text[p.start:p.end] != p.text:
            problems.append(
                f"offsets: text[{p.start}:{p.end}] = {text[p.start:p.end]!r} != fact.text {p.text!r}")

    exp_keys = [_key(f["value"], f["unit"]) for f in expected]
    got_keys = [_key(p.value, p.unit) for p in preds]
    missing, extra = _unmatched(exp_keys, got_keys)
    problems += [f"missing record: {v!r} {u}" for v, u in missing]
    problems += [f"extra record:   {v!r} {u}" for v, u in extra]

    # Field checks on every expected fact that has a partner, so that one
    # missing record does not hide the other diffs.
    used = [False] * len(preds)
    for i, exp in enumerate(expected):
        k = exp_keys[i]
        for j, p in enumerate(preds):
            if not used[j] and got_keys[j][1] == k[1] and _same_value(got_keys[j][0], k[0]):
                used[j] = True
                problems += _check_fact(i, exp, p)
                break

    if problems:
        pytest.fail(_report(case, preds, problems), pytrace=False)
