"""Score extracted facts against gold facts, exactly as SPEC §4 says.

Matching (per document, done twice: once at the quantity level, once at the fact level)
-------------------------------------------------------------------------------------
An *edge* joins gold fact g and prediction p when

* quantity level: p.value equals g.value within relative tolerance 1e-6, the part of
  p.unit before ``/`` equals the part of g.unit before ``/``, and g.quote with all
  whitespace removed occurs in p.sentence with all whitespace removed;
* fact level: the quantity edge holds and p.metric is a string of at most 20 characters
  that contains at least one of g's metric key terms.

Pairs are chosen one to one by augmenting paths (Kuhn's algorithm). Gold facts are
processed required first, then optional, each group in file order; a gold fact tries its
candidates in the order: same date as the gold first, then (at the quantity level) those
whose metric also matches, then document order. A gold fact that is matched stays
matched when later ones augment, so the number of matched *required* facts is the
maximum possible, and the total matching is maximum too (every unmatched prediction has
no augmenting path), which keeps false positives minimal. The candidate order is a
preference, not a global optimum over dates.

Counting: a true positive is a matched required gold fact, a false negative an unmatched
required gold fact, a false positive a prediction matched to no gold fact. A prediction
paired with an optional gold fact counts nowhere. Date exact / date year are taken over
the fact-level true positives whose gold date is not null, qualifier accuracy over the
quantity-level true positives (null equals null). Pairs with optional gold facts are left
out of these shares as well ("neither rewarded nor punished").

Precision with no prediction and recall with no required gold fact are 0, except that a
document with nothing to find and nothing found scores 1 everywhere.

Exit status of `soefacts eval`: 0 when scored (whatever the figures), 2 when the input is
refused (gold folder missing or breaking the format, unreadable or malformed --pred file),
1 when the extractor raised on some article (the others are still scored).
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, Callable, Iterable

from .gold import GoldError, GoldFact, GoldSet, load_gold_dir, read_text, squash

REL_TOL = 1e-6
METRIC_MAX = 20


# --------------------------------------------------------------------------- records

@dataclass
class Pred:
    """A predicted fact, reduced to what scoring looks at."""

    doc: str
    value: float
    unit: str
    sentence: str
    metric: str | None = None
    date: str | None = None
    qualifier: str | None = None
    text: str | None = None
    start: int | None = None
    line: int | None = None  # line in the --pred file, when read from one
    flat: str = ""           # sentence without whitespace

    def __post_init__(self) -> None:
        self.flat = squash(self.sentence)

    def brief(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "unit": self.unit, "metric": self.metric,
                "date": self.date, "qualifier": self.qualifier, "sentence": self.sentence,
                **({"line": self.line} if self.line is not None else {})}


class PredError(Exception):
    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def pred_from_record(rec: dict, doc: str, line: int | None = None) -> Pred:
    """Turn a SPEC fact record (dict) into a Pred; ValueError says what is wrong."""
    missing = [k for k in ("value", "unit", "sentence") if k not in rec]
    if missing:
        raise ValueError(f"missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if not _num(rec["value"]):
        raise ValueError(f"value {rec['value']!r} is not a finite number")
    for k in ("unit", "sentence"):
        if not isinstance(rec[k], str):
            raise ValueError(f"{k} {rec[k]!r} is not a string")
    for k in ("metric", "date", "qualifier", "text"):
        if rec.get(k) is not None and not isinstance(rec[k], str):
            raise ValueError(f"{k} {rec[k]!r} is not a string or null")
    start = rec.get("start")
    return Pred(doc=doc, value=rec["value"], unit=rec["unit"], sentence=rec["sentence"],
                metric=rec.get("metric"), date=rec.get("date"), qualifier=rec.get("qualifier"),
                text=rec.get("text"), start=start if isinstance(start, int) else None, line=line)


def doc_of_record(rec: dict) -> str | None:
    """The gold doc a record belongs to: its `doc` field, else the stem of its `source`."""
    if isinstance(rec.get("doc"), str) and rec["doc"]:
        return rec["doc"]
    src = rec.get("source")
    if not isinstance(src, str) or src in ("", "-"):
        return None
    return PurePath(src.replace("\\", "/")).stem or None


def load_predictions(path: Path, gold: GoldSet, warn: Callable[[str], None] | None = None
                     ) -> dict[str, list[Pred]]:
    """Read fact records (JSON Lines, or one JSON array) and group them by gold doc."""
    try:
        raw = read_text(path)
    except FileNotFoundError:
        raise PredError([f"{path}: file not found"])
    except UnicodeDecodeError as e:
        raise PredError([f"{path}: not UTF-8 ({e.reason} at byte {e.start})"])
    except OSError as e:
        raise PredError([f"{path}: cannot read ({e.strerror})"])
    rows: list[tuple[int | None, Any]] = []
    errors: list[str] = []
    if raw.lstrip().startswith("["):
        try:
            arr = json.loads(raw)
        except json.JSONDecodeError as e:
            raise PredError([f"{path}:{e.lineno}: bad JSON ({e.msg}, column {e.colno})"])
        rows = [(None, r) for r in arr]
    else:
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                errors.append(f"{path}:{n}: bad JSON ({e.msg}, column {e.colno})")
    out: dict[str, list[Pred]] = {d: [] for d in gold.docs}
    for i, (n, rec) in enumerate(rows):
        where = f"{path}:{n}" if n is not None else f"{path}: record {i + 1}"
        if not isinstance(rec, dict):
            errors.append(f"{where}: expected a JSON object")
            continue
        doc = doc_of_record(rec)
        if doc is None:
            errors.append(f"{where}: no doc (give a `doc` field or a `source` path)")
            continue
        try:
            p = pred_from_record(rec, doc, n)
        except ValueError as e:
            errors.append(f"{where}: {e}")
            continue
        if doc not in out:
            if warn:
                warn(f"{where}: doc {doc!r} is not in the gold; record ignored")
            continue
        out[doc].append(p)
    if errors:
        raise PredError(errors)
    return out


# --------------------------------------------------------------------------- matching

def base_unit(unit: str) -> str:
    return unit.split("/", 1)[0]


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)


def quantity_ok(g: GoldFact, p: Pred) -> bool:
    return (same_value(p.value, g.value) and base_unit(p.unit) == base_unit(g.unit)
            and squash(g.quote) in p.flat)


def metric_ok(g: GoldFact, p: Pred) -> bool:
    m = p.metric
    return isinstance(m, str) and 0 < len(m) <= METRIC_MAX and any(t in m for t in g.metric)


def fact_ok(g: GoldFact, p: Pred) -> bool:
    return quantity_ok(g, p) and metric_ok(g, p)


def match(golds: list[GoldFact], preds: list[Pred],
          edge: Callable[[GoldFact, Pred], bool]) -> dict[int, int]:
    """One-to-one maximum matching {gold index: pred index}; see the module docstring."""
    cands: dict[int, list[int]] = {}
    for i, g in enumerate(golds):
        js = [j for j, p in enumerate(preds) if edge(g, p)]
        js.sort(key=lambda j: (preds[j].date != g.date, not metric_ok(g, preds[j]), j))
        cands[i] = js
    owner: dict[int, int] = {}  # pred index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in cands[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    order = sorted(range(len(golds)), key=lambda i: (not golds[i].required, i))
    for i in order:
        if cands[i]:
            augment(i, set())
    return {i: j for j, i in owner.items()}


# --------------------------------------------------------------------------- scoring

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, o: "Counts") -> None:
        self.tp += o.tp
        self.fp += o.fp
        self.fn += o.fn

    @property
    def empty(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float:
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Share:
    ok: int = 0
    n: int = 0

    def add(self, o: "Share") -> None:
        self.ok += o.ok
        self.n += o.n

    @property
    def value(self) -> float | None:
        return self.ok / self.n if self.n else None


@dataclass
class Result:
    """Figures for one document or for the whole gold set."""

    quantity: Counts = field(default_factory=Counts)
    fact: Counts = field(default_factory=Counts)
    date_exact: Share = field(default_factory=Share)
    date_year: Share = field(default_factory=Share)
    qualifier: Share = field(default_factory=Share)
    errors: list[dict[str, Any]] = field(default_factory=list)
    n_gold: int = 0      # gold facts, required and optional
    n_pred: int = 0      # predictions scored
    n_optional: int = 0  # predictions absorbed by optional gold facts (quantity level)

    def add(self, o: "Result") -> None:
        self.n_gold += o.n_gold
        self.n_pred += o.n_pred
        self.n_optional += o.n_optional
        self.quantity.add(o.quantity)
        self.fact.add(o.fact)
        self.date_exact.add(o.date_exact)
        self.date_year.add(o.date_year)
        self.qualifier.add(o.qualifier)
        self.errors.extend(o.errors)

    def as_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity.as_dict(), "fact": self.fact.as_dict(),
                "date_exact": self.date_exact.value, "date_year": self.date_year.value,
                "qualifier_acc": self.qualifier.value,
                "counts": {"date_n": self.date_exact.n, "qualifier_n": self.qualifier.n,
                           "gold": self.n_gold, "pred": self.n_pred,
                           "optional_matched": self.n_optional}}


@dataclass
class Report:
    overall: Result
    per_doc: dict[str, Result]
    failed_docs: dict[str, str] = field(default_factory=dict)  # doc -> extractor error

    def as_dict(self, per_doc: bool = False, errors: bool = False) -> dict[str, Any]:
        d = self.overall.as_dict()
        d["docs"] = len(self.per_doc)
        if per_doc:
            d["per_doc"] = {k: r.as_dict() for k, r in self.per_doc.items()}
        if errors:
            d["errors"] = self.overall.errors
        if self.failed_docs:
            d["failed_docs"] = self.failed_docs
        return d


def _gold_brief(g: GoldFact, context: str) -> dict[str, Any]:
    return {"quote": g.quote, "value": g.value, "unit": g.unit, "metric": g.metric,
            "date": g.date, "qualifier": g.qualifier, "required": g.required,
            "line": g.line, "context": context}


def quote_context(text: str, quote: str, width: int = 24) -> str:
    """The quote in its surroundings (whitespace removed), marked with 【】."""
    flat, q = squash(text), squash(quote)
    i = flat.find(q) if q else -1
    if i < 0:
        return flat[: 3 * width] + ("…" if len(flat) > 3 * width else "")
    a, b = max(0, i - width), min(len(flat), i + len(q) + width)
    return (("…" if a else "") + flat[a:i] + "【" + q + "】" + flat[i + len(q):b]
            + ("…" if b < len(flat) else ""))


def score_doc(doc: str, text: str, golds: list[GoldFact], preds: list[Pred]) -> Result:
    res = Result(n_gold=len(golds), n_pred=len(preds))
    qm = match(golds, preds, quantity_ok)
    fm = match(golds, preds, fact_ok)
    res.n_optional = sum(1 for i in qm if not golds[i].required)
    for level, m, counts in (("quantity", qm, res.quantity), ("fact", fm, res.fact)):
        used = set(m.values())
        for i, g in enumerate(golds):
            if g.required:
                if i in m:
                    counts.tp += 1
                else:
                    counts.fn += 1
        counts.fp += sum(1 for j in range(len(preds)) if j not in used)

    for i, g in enumerate(golds):
        if not g.required:
            continue
        ctx = quote_context(text, g.quote)
        if i in qm:
            p = preds[qm[i]]
            ok = p.qualifier == g.qualifier
            res.qualifier.n += 1
            res.qualifier.ok += ok
            if not ok:
                res.errors.append({"kind": "wrong_qualifier", "doc": doc,
                                   "gold": _gold_brief(g, ctx), "pred": p.brief()})
        if i in fm:
            p = preds[fm[i]]
            if g.date is not None:
                res.date_exact.n += 1
                res.date_year.n += 1
                exact = p.date == g.date
                res.date_exact.ok += exact
                res.date_year.ok += bool(p.date) and p.date[:4] == g.date[:4]
                if not exact:
                    res.errors.append({"kind": "wrong_date", "doc": doc,
                                       "gold": _gold_brief(g, ctx), "pred": p.brief()})
        elif i in qm:
            res.errors.append({"kind": "wrong_metric", "doc": doc,
                               "gold": _gold_brief(g, ctx), "pred": preds[qm[i]].brief()})
        else:
            q = squash(g.quote)
            near = [preds[j].brief() for j in range(len(preds))
                    if q in preds[j].flat and j not in qm.values()][:3]
            res.errors.append({"kind": "missed", "doc": doc, "gold": _gold_brief(g, ctx),
                               "near": near})
    # Every fact-level false positive is listed: the quantity-level spurious records, and
    # records that matched a gold quantity but lost at the fact level (wrong metric, also
    # when the gold fact is optional or got another record at the fact level).
    fact_used = set(fm.values())
    listed = {qm[i] for i, g in enumerate(golds) if g.required and i in qm and i not in fm}
    for i, j in qm.items():
        if j not in fact_used and j not in listed:
            res.errors.append({"kind": "wrong_metric", "doc": doc,
                               "gold": _gold_brief(golds[i], quote_context(text, golds[i].quote)),
                               "pred": preds[j].brief()})
    used = set(qm.values())
    for j, p in enumerate(preds):
        if j not in used:
            res.errors.append({"kind": "spurious", "doc": doc, "pred": p.brief()})
    return res


def evaluate(gold: GoldSet, predictions: dict[str, list[Pred]]) -> Report:
    """Score predictions (grouped by doc) against a loaded gold set."""
    overall = Result()
    per: dict[str, Result] = {}
    for doc, d in gold.docs.items():
        r = score_doc(doc, d.text, gold.facts_of(doc), predictions.get(doc, []))
        per[doc] = r
        overall.add(r)
    return Report(overall=overall, per_doc=per)


def run_extractor(gold: GoldSet) -> tuple[dict[str, list[Pred]], dict[str, str]]:
    """Run soefacts.extract on every article with its publication date as ref_date."""
    from .pipeline import extract

    preds: dict[str, list[Pred]] = {}
    failed: dict[str, str] = {}
    for doc, d in gold.docs.items():
        path = gold.root / f"{doc}.txt"
        try:
            facts = extract(d.text, ref_date=d.published, source=str(path))
            preds[doc] = [pred_from_record(f.model_dump(), doc) for f in facts]
        except Exception as e:  # noqa: BLE001 - an extractor bug must not hide the other docs
            failed[doc] = f"{type(e).__name__}: {e}"
            preds[doc] = []
    return preds, failed


def evaluate_dir(gold_dir: Path | str, pred: Path | str | None = None,
                 warn: Callable[[str], None] | None = None) -> Report:
    """Load GOLD_DIR, get predictions (extractor or --pred file), score them.

    Raises GoldError / PredError when the input is refused.
    """
    gold = load_gold_dir(gold_dir)
    if pred is not None:
        return evaluate(gold, load_predictions(Path(pred), gold, warn))
    preds, failed = run_extractor(gold)
    rep = evaluate(gold, preds)
    rep.failed_docs = failed
    return rep


# --------------------------------------------------------------------------- output

def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def render(report: Report, *, per_doc: bool, errors: bool, console: Any) -> None:
    from rich.table import Table

    o = report.overall
    t = Table(title=f"soefacts eval — {len(report.per_doc)} documents", title_justify="left")
    for col in ("level", "precision", "recall", "F1", "TP", "FP", "FN"):
        t.add_column(col, justify="left" if col == "level" else "right")
    for name, c in (("quantity", o.quantity), ("fact", o.fact)):
        t.add_row(name, _pct(c.precision), _pct(c.recall), _pct(c.f1),
                  str(c.tp), str(c.fp), str(c.fn))
    console.print(t)
    s = Table(show_header=True)
    s.add_column("share")
    s.add_column("value", justify="right")
    s.add_column("of", justify="right")
    s.add_row("date exact", _pct(o.date_exact.value), str(o.date_exact.n))
    s.add_row("date year", _pct(o.date_year.value), str(o.date_year.n))
    s.add_row("qualifier", _pct(o.qualifier.value), str(o.qualifier.n))
    console.print(s)

    if per_doc:
        d = Table(title="per document", title_justify="left")
        for col in ("doc", "gold", "pred", "qty F1", "fact F1", "TP", "FP", "FN",
                    "date", "qual."):
            d.add_column(col, justify="left" if col == "doc" else "right")
        for doc, r in report.per_doc.items():
            c = r.fact
            d.add_row(doc, str(r.n_gold), str(r.n_pred), _pct(r.quantity.f1), _pct(c.f1),
                      str(c.tp), str(c.fp), str(c.fn),
                      _pct(r.date_exact.value), _pct(r.qualifier.value))
        console.print(d)

    if errors:
        _render_errors(o.errors, console)
    for doc, msg in report.failed_docs.items():
        console.print(f"[red]extractor failed on {doc}: {_esc(msg)}[/red]")


def _esc(s: Any) -> str:
    from rich.markup import escape

    return escape(str(s))


def _fmt_value(v: Any, unit: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v} {unit}"


def _render_errors(errs: list[dict[str, Any]], console: Any) -> None:
    kinds = [("missed", "MISSED"), ("wrong_metric", "WRONG METRIC"), ("wrong_date", "WRONG DATE"),
             ("wrong_qualifier", "WRONG QUALIFIER"), ("spurious", "SPURIOUS")]
    counts = {k: sum(1 for e in errs if e["kind"] == k) for k, _ in kinds}
    console.print("\n[bold]errors[/bold]: " + ", ".join(f"{lab.lower()} {counts[k]}"
                                                         for k, lab in kinds))
    for kind, label in kinds:
        group = [e for e in errs if e["kind"] == kind]
        if not group:
            continue
        console.print(f"\n[bold]{label}[/bold] ({len(group)})")
        for e in group:
            g, p = e.get("gold"), e.get("pred")
            if kind == "spurious":
                console.print(f"  {e['doc']}: [red]{_esc(p['text'])}[/red] → "
                              f"{_esc(_fmt_value(p['value'], p['unit']))} "
                              f"metric={_esc(p['metric'])} date={_esc(p['date'])}")
                console.print(f"      in: {_esc(quote_context(p['sentence'], p['text'] or ''))}",
                              style="dim")
                continue
            opt = "" if g["required"] else " (optional)"
            head = (f"  {e['doc']}:{g['line']}{opt} {_esc(g['quote'])} = "
                    f"{_esc(_fmt_value(g['value'], g['unit']))} metric∋{_esc('/'.join(g['metric']))}")
            if kind == "missed":
                console.print(head)
                console.print(f"      in: {_esc(g['context'])}", style="dim")
                for n in e.get("near", []):
                    console.print(f"      near: {_esc(n['text'])} → "
                                  f"{_esc(_fmt_value(n['value'], n['unit']))}", style="yellow")
            elif kind == "wrong_metric":
                console.print(f"{head}  got metric={_esc(p['metric'])}")
                console.print(f"      in: {_esc(g['context'])}", style="dim")
            elif kind == "wrong_date":
                console.print(f"{head}  date: gold {g['date']}  got {_esc(p['date'])}")
                console.print(f"      in: {_esc(g['context'])}", style="dim")
            else:
                console.print(f"{head}  qualifier: gold {g['qualifier']}  got {_esc(p['qualifier'])}")
                console.print(f"      in: {_esc(g['context'])}", style="dim")


def cli_eval(gold_dir: Path, *, pred: Path | None, per_doc: bool, errors: bool,
             as_json: bool) -> int:
    """`soefacts eval`: print the figures; return the exit status (see module docstring)."""
    def warn(msg: str) -> None:
        print(f"soefacts: {msg}", file=sys.stderr)

    try:
        report = evaluate_dir(gold_dir, pred, warn=warn)
    except (GoldError, PredError) as e:
        for m in e.messages[:20]:
            print(f"soefacts: {m}", file=sys.stderr)
        if len(e.messages) > 20:
            print(f"soefacts: … and {len(e.messages) - 20} more problems", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - e.g. the extractor cannot be imported
        print(f"soefacts: eval failed: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    for doc, msg in report.failed_docs.items():
        warn(f"{doc}: extractor failed: {msg}")
    if as_json:
        print(json.dumps(report.as_dict(per_doc=per_doc, errors=errors), ensure_ascii=False,
                         indent=2))
    else:
        from rich.console import Console

        render(report, per_doc=per_doc, errors=errors, console=Console())
    return 1 if report.failed_docs else 0


def iter_errors(report: Report, kinds: Iterable[str] | None = None) -> Iterable[dict[str, Any]]:
    ks = set(kinds) if kinds else None
    return (e for e in report.overall.errors if ks is None or e["kind"] in ks)
