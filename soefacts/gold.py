"""Load and validate a gold folder (SPEC §4, corpus GUIDE).

A gold folder holds ``docs.jsonl`` (one article per line), ``gold.jsonl`` (one fact
per line) and ``<doc>.txt`` for every article. Everything is checked before any
scoring happens, because a broken gold line silently skews every figure computed
from it. Problems are collected as one-line messages that name the file and the
line (``gold.jsonl:12: quote '…' not in article a02``); `load_gold_dir` raises
`GoldError` carrying all of them.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .units import is_canonical_unit, spellings

_MAGNITUDES = "十百千万亿兆"


def canonical_gold_unit(unit: str) -> bool:
    """A unit SPEC §1 calls canonical: one of the unit table's, or one of the open classes
    SPEC leaves open ("the classifier as written", "…" among the measures: 基, 千伏),
    which must then be a short Chinese word, not another spelling of a listed unit and
    not a magnitude before a unit (万吨, 千吨, 亿元)."""
    if is_canonical_unit(unit):
        return True
    base, slash, denominator = unit.partition("/")
    if not _chinese_word(base) or base in spellings() or (slash and not _chinese_word(denominator)):
        return False
    bare = base.lstrip(_MAGNITUDES)  # 十亿元, 百万吨: magnitudes before a unit
    return base[0] not in "万亿兆" and (bare == base or (bool(bare) and bare not in spellings()))


def _chinese_word(word: str) -> bool:
    return 0 < len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word)

QUALIFIERS = frozenset({"approx", "over", "under", "at_least", "at_most"})
METRIC_MAX = 20  # SPEC §1: a metric is at most 20 characters

DOC_FIELDS = {"doc": True, "url": True, "published": True, "title": True, "notes": True}
# field -> required?  (`note` is optional: some dev gold lines have none)
GOLD_FIELDS = {"doc": True, "quote": True, "value": True, "unit": True, "metric": True,
               "date": True, "qualifier": True, "required": True, "note": False}

_DOC_ID = re.compile(r"[^/\\\s]+")
_YEAR = re.compile(r"([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class GoldError(Exception):
    """The gold folder breaks the format; `messages` are one line each."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Doc:
    doc: str
    published: str | None
    text: str
    url: str | None = None
    title: str | None = None
    notes: str | None = None
    line: int = 0


@dataclass
class GoldFact:
    doc: str
    quote: str
    value: int | float
    unit: str
    metric: list[str]
    date: str | None
    qualifier: str | None
    required: bool
    note: str | None = None
    line: int = 0  # line number in gold.jsonl (1-based), for messages


@dataclass
class GoldSet:
    root: Path
    docs: dict[str, Doc] = field(default_factory=dict)   # in file order
    facts: list[GoldFact] = field(default_factory=list)  # in file order

    def facts_of(self, doc: str) -> list[GoldFact]:
        return [g for g in self.facts if g.doc == doc]


def squash(s: str) -> str:
    """Remove all whitespace (what str.split() splits on, U+3000 included)."""
    return "".join(s.split())


def read_text(path: Path) -> str:
    """Read an article as UTF-8, dropping a byte-order mark."""
    text = path.read_bytes().decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def date_problem(d: object) -> str | None:
    """None when `d` is a valid gold date string, else what is wrong with it."""
    if not isinstance(d, str):
        return f"date {d!r} is not a string or null"
    parts = d.split("/")
    if len(parts) == 2:
        days = []
        for p in parts:
            m = _DAY.fullmatch(p)
            day = _real_day(m) if m else None
            if day is None:
                return f"date {d!r}: an interval needs two real days YYYY-MM-DD/YYYY-MM-DD"
            days.append(day)
        if days[0] > days[1]:
            return f"date {d!r}: interval ends before it starts"
        return None
    if len(parts) == 1:
        if _YEAR.fullmatch(d):
            return None
        m = _MONTH.fullmatch(d)
        if m:
            return None if 1 <= int(m.group(2)) <= 12 else f"date {d!r}: no month {m.group(2)}"
        m = _DAY.fullmatch(d)
        if m:
            return None if _real_day(m) else f"date {d!r} is not a calendar day"
    return f"date {d!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/YYYY-MM-DD"


def _real_day(m: re.Match) -> _dt.date | None:
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _str_or_null(v: object) -> bool:
    return v is None or isinstance(v, str)


def _short(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _read_jsonl(path: Path, errors: list[str]) -> list[tuple[int, dict]]:
    """Parse a JSON Lines file; blank lines are skipped, problems appended to `errors`."""
    try:
        raw = read_text(path)
    except FileNotFoundError:
        errors.append(f"{path}: file not found")
        return []
    except UnicodeDecodeError as e:
        errors.append(f"{path}: not UTF-8 ({e.reason} at byte {e.start})")
        return []
    except OSError as e:
        errors.append(f"{path}: cannot read ({e.strerror})")
        return []
    rows = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{path}:{n}: bad JSON ({e.msg}, column {e.colno})")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}")
            continue
        rows.append((n, obj))
    return rows


def _check_fields(obj: dict, spec: dict[str, bool], where: str, errors: list[str]) -> bool:
    ok = True
    missing = [k for k, req in spec.items() if req and k not in obj]
    extra = [k for k in obj if k not in spec]
    if missing:
        errors.append(f"{where}: missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        ok = False
    if extra:
        errors.append(f"{where}: unknown field{'s' if len(extra) > 1 else ''} {', '.join(extra)}")
        ok = False
    return ok


def load_gold_dir(root: Path | str) -> GoldSet:
    """Load and validate GOLD_DIR; raise GoldError listing every problem found."""
    root = Path(root)
    if not root.is_dir():
        raise GoldError([f"{root}: not a folder"])
    errors: list[str] = []
    gs = GoldSet(root=root)

    docs_path = root / "docs.jsonl"
    for n, obj in _read_jsonl(docs_path, errors):
        where = f"{docs_path}:{n}"
        if not _check_fields(obj, DOC_FIELDS, where, errors):
            continue
        doc = obj["doc"]
        if not isinstance(doc, str) or not _DOC_ID.fullmatch(doc):
            errors.append(f"{where}: doc {doc!r} is not a plain file stem")
            continue
        if doc in gs.docs:
            errors.append(f"{where}: doc {doc} listed twice (first on line {gs.docs[doc].line})")
            continue
        bad = [k for k in ("url", "title", "notes", "published") if not _str_or_null(obj[k])]
        if bad:
            errors.append(f"{where}: {', '.join(bad)} must be a string or null")
            continue
        pub = obj["published"]
        if pub is not None and (not _DAY.fullmatch(pub) or date_problem(pub)):
            errors.append(f"{where}: published {pub!r} is not a calendar day YYYY-MM-DD")
            continue
        art = root / f"{doc}.txt"
        try:
            text = read_text(art)
        except FileNotFoundError:
            errors.append(f"{where}: article {art.name} not found for doc {doc}")
            continue
        except UnicodeDecodeError:
            errors.append(f"{where}: article {art.name} is not UTF-8")
            continue
        except OSError as e:
            errors.append(f"{where}: cannot read article {art.name} ({e.strerror})")
            continue
        gs.docs[doc] = Doc(doc=doc, published=pub, text=text, url=obj["url"],
                           title=obj["title"], notes=obj["notes"], line=n)

    squashed = {d: squash(x.text) for d, x in gs.docs.items()}
    gold_path = root / "gold.jsonl"
    for n, obj in _read_jsonl(gold_path, errors):
        where = f"{gold_path}:{n}"
        if not _check_fields(obj, GOLD_FIELDS, where, errors):
            continue
        problems = _gold_problems(obj, squashed)
        if problems:
            errors.extend(f"{where}: {p}" for p in problems)
            continue
        gs.facts.append(GoldFact(
            doc=obj["doc"], quote=obj["quote"], value=obj["value"], unit=obj["unit"],
            metric=list(obj["metric"]), date=obj["date"], qualifier=obj["qualifier"],
            required=obj["required"], note=obj.get("note"), line=n))

    if errors:
        raise GoldError(errors)
    return gs


def _gold_problems(obj: dict, squashed: dict[str, str]) -> list[str]:
    out = []
    doc = obj["doc"]
    if not isinstance(doc, str):
        return [f"doc {doc!r} is not a string"]
    if doc not in squashed:
        out.append(f"unknown doc {doc} (not in docs.jsonl)")
    quote = obj["quote"]
    if not isinstance(quote, str) or not squash(quote):
        out.append(f"quote {quote!r} must be a non-empty string")
    elif doc in squashed and squash(quote) not in squashed[doc]:
        out.append(f"quote '{_short(quote)}' not in article {doc}")
    if not _is_number(obj["value"]):
        out.append(f"value {obj['value']!r} is not a finite number")
    unit = obj["unit"]
    if not isinstance(unit, str) or not canonical_gold_unit(unit):
        out.append(f"unit {unit!r} is not canonical")
    metric = obj["metric"]
    if (not isinstance(metric, list) or not metric
            or not all(isinstance(t, str) and t.strip() for t in metric)):
        out.append(f"metric {metric!r} must be a non-empty list of key terms")
    else:
        long = [t for t in metric if len(t) > METRIC_MAX]
        if long:
            out.append(f"metric key term '{_short(long[0])}' is longer than {METRIC_MAX} "
                       "characters and can never match")
    if obj["date"] is not None:
        p = date_problem(obj["date"])
        if p:
            out.append(p)
    q = obj["qualifier"]
    if q is not None and q not in QUALIFIERS:
        out.append(f"qualifier {q!r} is not one of {', '.join(sorted(QUALIFIERS))} or null")
    if not isinstance(obj["required"], bool):
        out.append(f"required {obj['required']!r} is not true or false")
    if not _str_or_null(obj.get("note")):
        out.append("note must be a string or null")
    return out
