"""Quantity mentions: one combined pattern pass, then the not-a-fact rules.

A mention is [qualifier] number [magnitude] [多/余] [magnitude] unit [qualifier],
or 百分之X, or X成. The pattern is built once from the data files; every
candidate then passes the rules of SPEC §1 "What is not a fact". Each rule that
drops a candidate is a named function, so the reason can be told.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .lexicon import load
from .numbers import chinese_chars, parse_arabic, parse_chinese, scale, tidy
from .units import denominators, spellings

ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?"
_MAGS = "十百千万亿兆"


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(slots=True)
class Mention:
    start: int           # view offsets of the whole mention, qualifier words included
    end: int
    num_start: int       # where the number itself starts
    value: int | float
    unit: str
    kind: str            # money, ratio, count, measure, duration
    qualifier: str | None
    rule: str
    chinese: bool = False


@cache
def _qualifier_words() -> dict[str, dict[str, str]]:
    """position -> word -> qualifier."""
    out: dict[str, dict[str, str]] = {}
    for position, table in load("qualifiers").items():
        if position == "range":
            continue
        out[position] = {w: q for q, words in table.items() for w in words}
    return out


@cache
def pattern() -> regex.Pattern:
    q = _qualifier_words()
    cn = regex.escape(chinese_chars())
    cn_digits = regex.escape("".join(load("numerals")["digits"]))
    # Each alternative carries its own look-behind, so a number is only tried from
    # its first digit: without it a long digit run backtracks quadratically.
    num = rf"(?<![\d.])(?:{ARABIC})|(?<![{cn}])[{cn}]+(?:点[{cn_digits}]+)?"
    units = _alt(spellings())
    dens = _alt(denominators())
    return regex.compile(
        rf"""
        (?:(?P<pre>{_alt(q['prefix'])})了?)?
        (?:
            (?P<pct>百分之|千分之)(?P<pnum>{num})
          | (?P<num>{num})(?P<mag1>[{_MAGS}]+)?(?:(?<=[万亿])(?P<rest>\d{{1,4}}))?
            (?P<mid>{_alt(q['middle'])})?(?P<mag2>[万亿]+)?
            (?:
                (?P<unit>{units})(?:(?:/|每)(?P<den>{dens}))?
              | (?P<cheng>成)(?P<half>半)?
              | (?<=亿)
            )
        )
        (?P<suf>{_alt(q['suffix'])})?
        """,
        regex.VERBOSE,
    )


@cache
def _stop() -> dict:
    return load("stoplist")


@cache
def _stop_phrases() -> regex.Pattern:
    phrases = [p for group in _stop()["phrases"].values() for p in group]
    return regex.compile(_alt(phrases))


# URLs and e-mail addresses (ASCII; the look-behind keeps the scan linear).
_URL = regex.compile(r"(?:https?://|www\.)[\x21-\x7e]+|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")


def blocked_spans(view: str) -> list[tuple[int, int]]:
    """Spans no fact may touch: plan names, idioms, names with numerals, URLs."""
    spans = [m.span() for m in _stop_phrases().finditer(view)]
    spans += [m.span() for m in _URL.finditer(view)]
    return sorted(spans)


def _value(m: regex.Match) -> tuple[float, bool] | None:
    text = m.group("pnum") if m.group("pct") else m.group("num")
    chinese = not text[0].isdigit()
    if chinese and text[0] in "万亿兆":
        return None  # 万众, 亿万: a magnitude with no number before it
    base = parse_chinese(text) if chinese else parse_arabic(text)
    if base is None:
        return None
    if m.group("rest"):  # 1亿2000万元, 3万4000元
        return base * scale(m.group("mag1") or "") + int(m.group("rest")) * scale(m.group("mag2") or ""), chinese
    if not m.group("pct"):
        base *= scale((m.group("mag1") or "") + (m.group("mag2") or ""))
    return base, chinese


def _unit(m: regex.Match) -> tuple[str, str, str] | None:
    """(canonical unit, kind, rule) for a candidate."""
    if m.group("pct"):
        return ("%", "ratio", "percent_words") if m.group("pct") == "百分之" else ("‰", "ratio", "permille_words")
    if m.group("cheng"):
        return "%", "ratio", "cheng"
    written = m.group("unit")
    if written is None:
        return "元", "money", "bare_yi_money"  # 208亿: 亿 alone is money in news
    canonical, kind = spellings()[written]
    if m.group("den"):
        canonical = f"{canonical}/{denominators()[m.group('den')]}"
    return canonical, kind, kind


def _qualifier(m: regex.Match) -> str | None:
    q = _qualifier_words()
    if m.group("pre"):
        return q["prefix"][m.group("pre")]
    if m.group("suf"):
        return q["suffix"][m.group("suf")]
    if m.group("mid"):
        return q["middle"][m.group("mid")]
    return None


# -- not-a-fact rules: each returns a reason, or None to keep the candidate ----

def _ordinal(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    ns = m.start("num") if m.group("num") else m.start()
    if view[ns - 1: ns] in _stop()["context"]["ordinal_before"]:
        return "ordinal"
    return None


def _article_one(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    """一 + classifier is "a"/"one" (一批, 一种, 一个时期), not a measurement."""
    if m.group("num") in ("一", "壹", "幺") and not (m.group("mag1") or m.group("mag2")) and kind == "count":
        return "article_one"
    return None


def _vague(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    n = m.group("num")
    if n and n[0] in "十百千万亿" and not m.group("pre"):
        before = view[max(0, m.start() - 2): m.start()]
        if any(before.endswith(w) for w in _stop()["context"]["vague_before"]):
            return "vague"
    return None


def _formula(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    marks = _stop()["context"]["formula_marks"]
    if view[m.start() - 1: m.start()] in marks or view[m.end(): m.end() + 1] in marks:
        return "formula"
    return None


def _not_unit(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    unit_at, written = m.start("unit"), m.group("unit")
    if written and any(len(w) > len(written) and view.startswith(w, unit_at)
                       for w in _stop()["units"]["not_unit_words"]):
        return "not_a_unit"
    if m.group("cheng"):
        n = _value(m)
        if n is None or not 0 < n[0] <= 10 or view[m.end("cheng"): m.end("cheng") + 1] in _stop()["units"]["cheng_not_before"]:
            return "not_a_unit"
    return None


def _time_frame(view: str, m: regex.Match, unit: str, kind: str) -> str | None:
    """Durations that are time frames (3年来, 未来3年), and calendar years (2023年)."""
    if kind != "duration":
        return None
    d = _stop()["durations"]
    ns = m.start("num")
    before = view[max(0, ns - 2): ns]
    after = view[m.end(): m.end() + 2]
    if any(before.endswith(w) for w in d["frame_before"]) and not m.group("pre"):
        return "time_frame"
    if any(after.startswith(w) for w in d["frame_after"]):
        return "time_frame"
    if unit == "年":
        cue = view[max(0, m.start() - 6): m.start()]
        if not any(w in cue for w in d["year_cues"]):
            return "calendar_or_frame"
    return None


_RULES = (_ordinal, _article_one, _vague, _formula, _not_unit, _time_frame)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def find_mentions(view: str) -> list[Mention]:
    """All quantity mentions in the view, in order, not-facts removed."""
    blocked = blocked_spans(view)
    out: list[Mention] = []
    for m in pattern().finditer(view):
        u = _unit(m)
        if u is None:
            continue
        unit, kind, rule = u
        if any(r(view, m, unit, kind) for r in _RULES):
            continue
        if blocked and _overlaps(blocked, m.start(), m.end()):
            continue
        v = _value(m)
        if v is None:
            continue
        value, chinese = v
        if m.group("cheng"):
            value = value * 10 + (5 if m.group("half") else 0)
        num_start = m.start("pnum") if m.group("pct") else m.start("num")
        out.append(Mention(m.start(), m.end(), num_start, tidy(value), unit, kind,
                           _qualifier(m) or _qualifier_over_phrase(view, m.start()), rule, chinese))
    return _expand_ranges_and_lists(view, out)


@cache
def _phrase_qualifier() -> regex.Pattern:
    """不低于营业收入的3%: a prefix qualifier over a short 的-phrase still binds the number."""
    return regex.compile(rf"(?P<pre>{_alt(_qualifier_words()['prefix'])})[^，,。；;、\d]{{1,8}}的$")


def _qualifier_over_phrase(view: str, start: int) -> str | None:
    m = _phrase_qualifier().search(view, max(0, start - 14), start)
    return _qualifier_words()["prefix"][m.group("pre")] if m else None


# -- ranges and lists sharing one unit ------------------------------------------

@cache
def _left_number() -> regex.Pattern:
    """A bare number (no unit) just before a mention, joined by a range or list sign."""
    seps = _alt(load("qualifiers")["range"]["separators"])
    return regex.compile(rf"(?P<num>{ARABIC}|[{regex.escape(chinese_chars())}]+)(?P<mag>[万亿]+)?(?P<sep>{seps}|、|和|及|与)$")


def _expand_ranges_and_lists(view: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    range_seps = set(load("qualifiers")["range"]["separators"])
    prev: Mention | None = None
    for men in mentions:
        # 1.2个和0.8个百分点: the first value shares the unit written last.
        if prev is not None and prev.unit == "个" and men.unit == "百分点" and view[prev.end:men.start] in ("和", "、", "与", "及"):
            prev.unit, prev.kind, prev.rule = "百分点", "ratio", "list_shared_unit"
        # Two mentions joined by a range sign: 10%至15%.
        if prev is not None and prev.unit == men.unit and view[prev.end:men.start] in range_seps:
            if prev.qualifier is None and men.qualifier is None:
                prev.qualifier, men.qualifier = "at_least", "at_most"
                prev.rule, men.rule = "range_low", "range_high"
            out.append(men)
            prev = men
            continue
        left = None if men.start != men.num_start else _left_number().search(view, max(0, men.start - 24), men.start)
        if left is not None:
            out.extend(_shared_unit(view, men, left, range_seps))
        out.append(men)
        prev = men
    return out


def _shared_unit(view: str, men: Mention, left: regex.Match, range_seps: set[str]) -> list[Mention]:
    """3至5家 -> 3 (at_least) and 5 (at_most); 17.6、20.6和20.4% -> three records."""
    text = left.group("num")
    if text[0].isdigit():
        value = parse_arabic(text)
    else:
        value = parse_chinese(text)
        if value is None or text in ("一",):
            return []
    num_s, num_e = left.span("num")
    if view[num_s - 1: num_s].isdigit() or view[num_s - 1: num_s] in "第.":
        return []
    if left.group("mag"):
        value *= scale(left.group("mag"))
    else:
        # share the right-hand magnitude: 3至5万户
        mag = view[men.num_start:men.end]
        value *= _right_magnitude(mag)
    sep = left.group("sep")
    if sep in range_seps:
        if men.qualifier is not None:
            return []
        men.qualifier, men.rule = "at_most", "range_high"
        return [Mention(num_s, left.end("mag") if left.group("mag") else num_e, num_s, tidy(value),
                        men.unit, men.kind, "at_least", "range_low", not text[0].isdigit())]
    if not text[0].isdigit():
        return []
    return [Mention(num_s, left.end("mag") if left.group("mag") else num_e, num_s, tidy(value),
                    men.unit, men.kind, None, "list_shared_unit")]


def _right_magnitude(mention_text: str) -> int:
    m = regex.match(rf"(?:{ARABIC}|[{regex.escape(chinese_chars())}]+?)(?P<mag>[万亿]*)", mention_text)
    return scale(m.group("mag")) if m and m.group("mag") else 1
