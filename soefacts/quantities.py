"""Quantity mentions: one combined pattern pass, then the not-a-fact rules.

A mention is [qualifier] [currency] number [magnitude] [多/余] [magnitude] unit
[fraction of the unit] [qualifier], or 百分之X (千分之, 万分之 ...), or X成. The
pattern is built once from the data files; every candidate then passes the
rules of SPEC §1 "What is not a fact". Each rule that drops a candidate is a
named function, so the reason can be told.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from .lexicon import HAN, alternation as _alt, load
from .numbers import chinese_chars, parse_arabic, parse_chinese, scale, tidy
from .units import denominators, spellings

# Thousands may be separated by a comma, a Chinese comma, or (OCR) a space: 5 126.7亿元.
ARABIC = r"\d{1,3}(?:[,， ]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?"
_MAGS = "十百千万亿兆拾佰仟"
_BIG = "万亿兆"
_SMALL = "十百千拾佰仟"
_CN_DIGITS = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"


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
    base: float = 0.0    # the number before magnitudes: 3.8 in 3.8万, 三十 in 三十万
    small: int = 1       # a lone small unit of the number: 千 in 三千万
    big: int = 1         # trailing big magnitudes: 万 in 3.8万


@cache
def _qualifier_words() -> dict[str, dict[str, str]]:
    """position -> word -> qualifier."""
    out: dict[str, dict[str, str]] = {}
    for position, table in load("qualifiers").items():
        if position in ("range", "after_unit", "prefix_not_after"):
            continue
        out[position] = {w: q for q, words in table.items() for w in words}
    return out


@cache
def _units() -> dict:
    return load("units")


def _magnitude_run(chars: str = _MAGS) -> str:
    """Magnitude characters, except one that begins a unit: 千 in 12千米, 兆 in 5兆瓦,
    亿 in 1032亿度."""
    starts: dict[str, list[str]] = {}
    for form in spellings():
        if form[0] in chars and len(form) > 1:
            starts.setdefault(form[0], []).append(form[1:])
    parts = [f"{re.escape(c)}(?!{_alt(starts[c])})" if c in starts else re.escape(c) for c in chars]
    return f"(?:{'|'.join(parts)})+"


@cache
def pattern() -> re.Pattern:
    q = _qualifier_words()
    cn = re.escape(chinese_chars())
    cn_digits = re.escape(_CN_DIGITS)
    # Each alternative carries its own look-behind, so a number is only tried from
    # its first digit: without it a long digit run backtracks quadratically.
    num = rf"(?<![\d.])(?:{ARABIC})|(?<![{cn}])[{cn}]+(?:点[{cn_digits}]+)?"
    after = load("qualifiers")["after_unit"]
    after_units = re.escape("".join(after["units"]))
    sub = _units()["subunits"]
    sub_digit = rf"[0-9{cn_digits}]"
    # A mention starts with a qualifier, a currency sign, a digit, a numeral or a
    # fraction word: test that one character before trying the alternatives.
    starts = [*q["prefix"], *_units()["currency_prefixes"], *load("numerals")["fraction_words"], "半"]
    first = re.escape("".join(sorted({w[0] for w in starts}))) + r"\d" + cn
    # Then, as many such positions start no mention (新 of 新的, 大 of 大力), a second
    # look: a numeral, or one of those words in full.
    second = rf"[\d{cn}]|{_alt(starts)}"
    # Compiled with the standard library's re: it skips positions by their first
    # character, twice as fast as regex on this pattern (benchmarks/speed.py).
    return re.compile(
        rf"""
        (?=[{first}])(?={second})
        (?:(?P<pre>{_alt(q['prefix'], not_after=load('qualifiers')['prefix_not_after'])})了?)?
        (?:
            (?<![{cn_digits}])(?P<pct>{_alt(load('numerals')['fraction_words'])})(?P<pnum>{num})
          | (?P<halfcheng>半成)
          | (?P<cur>{_alt(_units()['currency_prefixes'])})?
            (?P<num>{num})(?:个(?=[万亿]))?(?P<mag1>{_magnitude_run()})?(?:(?<=[万亿])(?P<rest>\d{{1,4}}))?
            (?P<mid>{_alt(q['middle'])})?(?P<mag2>{_magnitude_run("万亿")})?
            (?:
                (?P<unit>{_alt(spellings())})(?:{_alt(_units()['complements']['words'])})?(?:(?:/|每)(?P<den>{_alt(denominators())}))?
                (?P<half>半(?:(?=[的了左多])|(?!{HAN})))?
                (?P<sub>(?:又|零)?(?:(?P<jiao>{sub_digit})(?:{_alt(sub['jiao'])})(?:(?P<fen>{sub_digit})(?:{_alt(sub['fen'])}))?
                                  |(?P<fen2>{sub_digit}{{1,2}})(?:{_alt(sub['fen'])}))钱?)?
              | (?P<cheng>成)(?:(?P<cheng2>[1-9一二三四五六七八九])|(?P<chenghalf>半))?
              | (?<=亿)
              | (?(cur)|(?!))
            )
        )
        (?P<more>(?<=[{after_units}]){after['over']}(?!{_alt(after['not_before'])}))?
        (?P<suf>{_alt(q['suffix'])})?
        """,
        re.VERBOSE,
    )


@cache
def _stop() -> dict:
    return load("stoplist")


@cache
def _words(section: str, key: str) -> tuple[str, ...]:
    """A stop-list entry as a tuple, for str.startswith / str.endswith."""
    return tuple(_stop()[section][key])


@cache
def _stop_phrases() -> re.Pattern:
    phrases = [p for group in _stop()["phrases"].values() for p in group]
    return re.compile(_alt(phrases))


# URLs and e-mail addresses (ASCII; the look-behind keeps the scan linear). A text
# without an @ has no address: its scan looks for URLs alone, which start with a
# literal the engine skips to.
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_URL_OR_EMAIL = re.compile(_URL.pattern + r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")


_TITLE = re.compile(r"《[^《》\n]{1,80}》")


@cache
def _related_links() -> tuple[re.Pattern, re.Pattern]:
    """A related-links block (its header line, then short or bulleted lines), and the
    rest of one that began in the previous piece of a document."""
    f = _stop()["furniture"]
    bullets = re.escape(f["bullets"])
    item = rf"(?:[{bullets}][^\n]*|[^\n。！？!?]{{1,40}}(?=\n|\Z))"
    return (re.compile(rf"(?m)^(?:{_alt(f['related_headers'])})[^\n]*(?:\n{item})*"),
            re.compile(rf"{item}(?:\n{item})*"))


def _links(view: str, links_open: bool) -> list[tuple[int, int]]:
    block, rest = _related_links()
    spans = [m.span() for m in block.finditer(view)]
    if links_open:  # the previous piece ended inside a block: it goes on here
        m = rest.match(view)
        if m and m.end():
            spans.insert(0, m.span())
    return spans


def links_open_at_end(view: str, links_open: bool = False) -> bool:
    """Does a related-links block run to the end of this piece (and so maybe on into
    the next)? A piece with no text leaves the answer as it was."""
    if not view:
        return links_open
    spans = _links(view, links_open)
    return bool(spans) and spans[-1][1] == len(view)


# A short term in quotation marks with a Chinese numeral is a name or a slogan (“新国九条”,
# “两利四率”, “三个一批”), not a measurement; those not in the stop list are caught here.
SLOGAN_CHARS = 8
_SLOGAN = re.compile(rf"“(?=[^“”\n]{{0,{SLOGAN_CHARS - 1}}}[{_CN_DIGITS}十百千万双])[^“”\n\d]{{1,{SLOGAN_CHARS}}}”")


def _quoted_figure(term: str) -> bool:
    """“一百多家”, “下降了两成”, “破千亿”: a figure alone in quotation marks, after at most a
    verb of change (stoplist.toml [quoted]), is a measurement; “新国九条” is not."""
    for m in pattern().finditer(term):
        if m.end() == len(term):
            return term[:m.start()] in _quoted_verbs()
    return False


@cache
def _quoted_verbs() -> frozenset[str]:
    return frozenset(["", *_stop()["quoted"]["figure_after"]])


def blocked_spans(view: str, links_open: bool = False) -> list[tuple[int, int]]:
    """Spans no fact may touch: plan names, idioms, names with numerals, slogans in
    quotation marks, names in 《》, URLs, related-links blocks (`links_open`: one began
    in the previous piece)."""
    spans = [m.span() for m in _stop_phrases().finditer(view)]
    if "《" in view:  # 《…根治拖欠农民工工资十条措施》: a document's name
        spans += [m.span() for m in _TITLE.finditer(view)]
    if "“" in view:
        spans += [m.span() for m in _SLOGAN.finditer(view) if not _quoted_figure(m.group()[1:-1])]
    spans += [m.span() for m in (_URL_OR_EMAIL if "@" in view else _URL).finditer(view)]
    spans += _links(view, links_open)
    return sorted(spans)


def _parse(text: str) -> float | None:
    if text[0].isdigit():
        return parse_arabic(text)
    if text[0] in _BIG:
        return None  # 万众, 亿万: a magnitude with no number before it
    return parse_chinese(text)


def _split_number(text: str, mags: str) -> tuple[float | None, int, int]:
    """(base, small, big) with base x big the value: 三千万 -> (3000, 1000, 10^4),
    3.8万 -> (3.8, 1, 10^4), 四十九兆九千亿 -> (its value, 1, 1)."""
    if not text[0].isdigit():  # Chinese numerals carry their magnitudes inside
        stripped = text.rstrip(_BIG)
        if any(c in _BIG for c in stripped):  # 四十九兆九千亿: no single trailing magnitude
            stripped = text
        mags = text[len(stripped):] + mags
        text = stripped
    big_part = mags.lstrip(_SMALL)
    small_part = mags[: len(mags) - len(big_part)]
    base = _parse(text) if text else None
    if base is None:
        return None, 1, 1
    written_small = scale(small_part) if small_part else 1
    small = written_small
    if small == 1 and len(text) == 2 and text[0] in _CN_DIGITS and text[1] in _SMALL:
        small = scale(text[1])  # 三千: a digit and one unit
    return base * written_small, small, scale(big_part) if big_part else 1


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """What the candidate rules look up, as sets, tuples and tables, built once:
    every candidate consults them, so no look-up goes through the data files."""
    fraction_words: dict[str, float]
    currencies: dict[str, str]
    scaled: dict[str, float]
    spellings: dict[str, tuple[str, str]]
    denominators: dict[str, str]
    prefix: dict[str, str]
    suffix: dict[str, str]
    middle: dict[str, str]
    ordinal_before: frozenset[str]
    per_before: frozenset[str]
    rank_before: frozenset[str]
    rank_units: frozenset[str]
    vague_before: tuple[str, ...]
    formula_marks: frozenset[str]
    not_unit_words: re.Pattern
    not_unit_first: frozenset[str]
    cheng_not_before: frozenset[str]
    session_unit: str
    session_count_before: tuple[str, ...]
    session_sitting_after: tuple[str, ...]
    frame_before: tuple[str, ...]
    frame_after: tuple[str, ...]
    year_cues: tuple[str, ...]


@cache
def _lex() -> _Lexicon:
    stop, units, q = _stop(), _units(), _qualifier_words()
    context = stop["context"]
    not_unit = stop["units"]["not_unit_words"]
    return _Lexicon(
        fraction_words=load("numerals")["fraction_words"], currencies=units["currency_prefixes"],
        scaled=units["scaled_spellings"], spellings=spellings(), denominators=denominators(),
        prefix=q["prefix"], suffix=q["suffix"], middle=q["middle"],
        ordinal_before=frozenset(context["ordinal_before"]), per_before=frozenset(context["per_before"]),
        rank_before=frozenset(context["rank_before"]), rank_units=frozenset(context["rank_units"]),
        vague_before=_words("context", "vague_before"), formula_marks=frozenset(context["formula_marks"]),
        not_unit_words=re.compile(_alt(not_unit)), not_unit_first=frozenset(w[0] for w in not_unit),
        cheng_not_before=frozenset(stop["units"]["cheng_not_before"]),
        session_unit=context["session_unit"], session_count_before=_words("context", "session_count_before"),
        session_sitting_after=_words("context", "session_sitting_after"),
        frame_before=_words("durations", "frame_before"), frame_after=_words("durations", "frame_after"),
        year_cues=_words("durations", "year_cues"))


def _unit(m: re.Match, lx: _Lexicon) -> tuple[str, str, str, float]:
    """(canonical unit, kind, rule, factor) for a candidate."""
    written, pct = m.group("unit", "pct")
    if pct:
        return "%", "ratio", "percent_words", lx.fraction_words[pct]
    if written is None:
        if m.group("cheng") or m.group("halfcheng"):
            return "%", "ratio", "cheng", 10
        cur = m.group("cur")
        if cur:
            return lx.currencies[cur], "money", "currency_prefix", 1
        return "元", "money", "bare_yi_money", 1  # 208亿: 亿 alone is money in news
    canonical, kind = lx.spellings[written]
    cur, den = m.group("cur", "den")
    if cur and kind == "money" and canonical == "元":
        canonical = lx.currencies[cur]  # 港币2960元 is Hong Kong dollars
    if den:
        canonical = f"{canonical}/{lx.denominators[den]}"
    return canonical, kind, kind, lx.scaled.get(written, 1)


def _qualifier(m: re.Match, lx: _Lexicon) -> str | None:
    pre, suf, mid = m.group("pre", "suf", "mid")
    if pre:
        return lx.prefix[pre]
    if suf:
        return lx.suffix[suf]
    if mid:
        return lx.middle[mid]
    if m.group("more"):
        return "over"  # 增长3倍多
    written = m.group("unit")
    if written and len(written) > 2 and written[1] in lx.middle:
        return lx.middle[written[1]]  # 3个多月: 多 inside the unit's spelling
    return None


# -- not-a-fact rules: each returns a reason, or None to keep the candidate ----

_RANGE_TO = "至到—-~～"
_ORDINAL_RANGE = re.compile(rf"第[\d{_CN_DIGITS}十百]+$")


def _ordinal(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    ns = m.start("num")
    if ns < 0:
        ns = m.start()
    before = view[ns - 1] if ns > 0 else ""
    if before in lx.ordinal_before or (before in _RANGE_TO and _ORDINAL_RANGE.search(view, max(0, ns - 8), ns - 1)):
        return "ordinal"  # 第三名, and 第三至五位: the range's end is an ordinal too
    if before in lx.per_before:
        return "per_base"  # 每10股派发红利22.6元: 10股 is the base of a rate
    if before in lx.rank_before and m.group("unit") in lx.rank_units:
        return "rank"
    if unit == lx.session_unit:
        if not view.endswith(lx.session_count_before, max(0, ns - 2), ns):
            return "session"  # 二十届三中全会: the twentieth, not twenty terms
    elif unit == "次" and (view[ns - 1: ns] == lx.session_unit or (
            view.startswith(lx.session_sitting_after, m.end()) and _session_named(view, ns, lx))):
        return "session"  # 三届五次职代会, 十四届全国人大二次会议: a sitting
    return None


def _session_named(view: str, ns: int, lx: _Lexicon) -> bool:
    """十四届全国人大二次会议: a session named a few characters before, with only its
    body between (not 本届董事会召开8次会议, not 届时将召开3次会议)."""
    at = view.rfind(lx.session_unit, max(0, ns - 8), ns)
    if at < 0 or view.startswith("时", at + 1):
        return False
    between = view[at + 1: ns]
    return not any(w in between for w in lx.session_count_before) and "召开" not in between


def _article_one(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    """一 + classifier is "a"/"one" (一批, 一种, 一个时期), not a measurement."""
    if m.group("num") in ("一", "壹", "幺") and kind in ("count", "measure") \
            and not any(m.group("mag1", "mag2", "half", "pre")):
        return "article_one"  # 一批, 一亩地一年收入: "a", "one (per)"
    return None


def _vague(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    """数十家, 上百家: vague. 过千亿元的企业, 百亿级: a round number with no digit that
    labels a class of things, not a measurement."""
    n = m.group("num")
    if n and n[0] in "十百千万亿" and not m.group("pre"):
        if view.endswith(lx.vague_before, max(0, m.start() - 2), m.start()):
            return "vague"
        if not any(c in _CN_DIGITS for c in n) and view.startswith(("的", "级"), m.end()):
            return "class_label"
    return None


def _formula(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    s, e = m.span()
    marks = lx.formula_marks
    if (s and view[s - 1] in marks) or view[e: e + 1] in marks:
        return "formula"
    return None


def _not_unit(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    written = m.group("unit")
    if written:
        at, end = m.span("unit")
        if view[at] in lx.not_unit_first:
            word = lx.not_unit_words.match(view, at)
            if word is not None and len(word.group()) > len(written):
                return "not_a_unit"
        after = view[end: end + 1]
        if written in ("块", "塊") and "\u4e00" <= after <= "\u9fff" and after not in _CN_DIGITS + "钱":
            return "not_a_unit"  # 两块屏幕: 块 counts things here, it is no 元
        if written.isascii() and written.isalpha() and after.isascii() and after.isalnum():
            return "not_a_unit"  # 5min, 3ms: a Latin word, not the unit m
    elif m.group("cheng"):
        n = _parse(m.group("num"))
        nxt = view[m.end("cheng"): m.end("cheng") + 1]
        if n is None or not 0 < n <= 10 or (nxt and not m.group("cheng2") and not m.group("chenghalf")
                                               and nxt in lx.cheng_not_before):
            return "not_a_unit"
    return None


def _time_frame(view: str, m: re.Match, unit: str, kind: str, lx: _Lexicon) -> str | None:
    """Durations that are time frames (3年来, 未来3年), and calendar years (2023年)."""
    if kind != "duration":
        return None
    ns = m.start("num")
    if not m.group("pre") and view.endswith(lx.frame_before, max(0, ns - 2), ns):
        return "time_frame"
    if view.startswith(lx.frame_after, m.end()):
        return "time_frame"
    if unit == "年":
        num = m.group("num") or ""
        if len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100 and m.group("mag1", "mid") == (None, None):
            return "calendar_year"  # 提前到2026年: a year, whatever cue comes before
        cue = view[max(0, m.start() - 6): m.start()]
        after = view[m.end(): m.end() + 5] if view.startswith("的", m.end()) else ""
        if not any(w in cue or w in after for w in lx.year_cues):
            return "calendar_or_frame"  # but 为期3年, 3至5年的任期制 measure a duration
    return None


# Any rule that fires drops the candidate; the ones that fire most often (years read
# as durations, 一 as "a") are asked first.
_RULES = (_time_frame, _article_one, _ordinal, _vague, _formula, _not_unit)


def _merge(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted spans -> starts and ends of their non-overlapping union."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _overlaps(blocked: tuple[list[int], list[int]], s: int, e: int) -> bool:
    starts, ends = blocked
    i = bisect_right(starts, e - 1) - 1  # the last blocked span starting before e
    return i >= 0 and ends[i] > s


def _subunit_value(m: re.Match) -> float:
    """Jiao and fen after a currency unit: 123元1角1分 -> 0.11."""
    if not m.group("sub"):
        return 0.0
    digit = lambda g: _parse(m.group(g)) or 0 if m.group(g) else 0  # noqa: E731
    return digit("jiao") * 0.1 + digit("fen") * 0.01 + digit("fen2") * 0.01


@cache
def _foreign_after_yuan() -> re.Pattern:
    """三万元欧元, 9000元日币: a currency named right after 元 is the currency."""
    money = [f for f, (c, k) in spellings().items() if k == "money" and c != "元"]
    return re.compile(_alt(money))


def _candidate(view: str, m: re.Match, lx: _Lexicon) -> Mention | None:
    unit, kind, rule, factor = _unit(m, lx)
    for reject in _RULES:
        if reject(view, m, unit, kind, lx):
            return None
    end = m.end()
    num, pnum = m.group("num", "pnum")
    if pnum:
        base, small, big = _split_number(pnum, "")
        value = base * factor if base is not None else None
    elif m.group("halfcheng"):
        base, small, big, value = 5, 1, 1, 5
    else:
        mag1, mag2, rest = m.group("mag1", "mag2", "rest")
        base, small, big = _split_number(num, (mag1 or "") + (mag2 or ""))
        if base is None:
            return None
        value = base * big
        if rest:  # 1亿2000万元, 3万4000元
            head = _parse(num)
            if head is None:
                return None
            value = head * scale(mag1 or "") + int(rest) * scale(mag2 or "")
        if m.group("cheng"):  # 三成 = 30%, 七成六 = 76%, 三成半 = 35%
            tenth = _parse(m.group("cheng2")) / 10 if m.group("cheng2") else (0.5 if m.group("chenghalf") else 0)
            value = (value + tenth) * factor
        else:
            half = m.group("half") or HALF in (m.group("unit") or "")  # 3年半, 一个半小时
            value = value * factor + (0.5 if half else 0)
            if kind == "money":
                value += _subunit_value(m)
                if unit == "元" and not m.group("suf"):
                    f = _foreign_after_yuan().match(view, end)
                    if f:
                        unit, end = lx.spellings[f.group()][0], f.end()
    if value is None:
        return None
    start = m.start()
    num_start = m.start("pnum") if pnum else (m.start("num") if num else start)
    if num_start == start and kind in ("money", "ratio") and _signed(view, start):
        value, start = -value, start - 1  # 现金流量净额为-86.47亿元: a negative figure, as written
        num_start = start
    qualifier = _qualifier(m, lx) or _qualifier_over_phrase(view, start)
    return Mention(start, end, num_start, tidy(value), unit, kind, qualifier, rule,
                   not (num or pnum or "0")[0].isdigit(), base, small, big)


HALF = "半"
MINUS = "-－−"  # minus signs (also a table cell's: pipeline._read_tables)
# A minus sign is a sign after these (为-86.47亿元, （-2.4%）), not a range's dash (10%-15%).
_SIGN_AFTER = "为是：:（(，,；;、"  # (not a line's start: - there is a bullet)


def _signed(view: str, start: int) -> bool:
    return start > 1 and view[start - 1] in MINUS and view[start - 2] in _SIGN_AFTER


def find_mentions(view: str, links_open: bool = False) -> list[Mention]:
    """All quantity mentions in the view, in order, not-facts removed (`links_open`: the
    previous piece of the document ended inside a related-links block)."""
    blocked = _merge(blocked_spans(view, links_open))
    out: list[Mention] = []
    lx = _lex()
    for m in pattern().finditer(view):
        men = _candidate(view, m, lx)
        if men is None or (blocked[0] and _overlaps(blocked, men.start, men.end)):
            continue
        out.append(men)
    return _expand_ranges_and_lists(view, out)


@cache
def _phrase_qualifier() -> re.Pattern:
    """不低于营业收入的3%: a prefix qualifier over a short 的-phrase still binds the number."""
    return re.compile(rf"(?P<pre>{_alt(_qualifier_words()['prefix'])})[^，,。；;、\d\n]{{1,8}}的$")


def _qualifier_over_phrase(view: str, start: int) -> str | None:
    if view[start - 1: start] != "的":
        return None
    m = _phrase_qualifier().search(view, max(0, start - 14), start)
    return _qualifier_words()["prefix"][m.group("pre")] if m else None


# -- ranges and lists sharing one unit ------------------------------------------

@cache
def _range_seps() -> frozenset[str]:
    return frozenset(load("qualifiers")["range"]["separators"])


_JOINERS = frozenset("至到-~～—－、和及与")


@cache
def _left_number() -> re.Pattern:
    """A number with no unit just before a mention, joined by a range or list sign:
    3至5家, 两到三万港元, 1万(含)-5万元, 17.6、20.6和20.4%."""
    seps = _alt(_range_seps())
    cn = re.escape(chinese_chars())
    return re.compile(
        rf"(?:从|由)?(?P<num>(?<![\d.])(?:{ARABIC})|(?<![{cn}])[{cn}]+)(?P<mag>[{_MAGS}]+)?"
        rf"(?:[(（]含[)）])?(?P<sep>{seps}|、|和|及|与)$")


def _expand_ranges_and_lists(view: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    prev: Mention | None = None
    for men in mentions:
        gap = view[prev.end:men.start] if prev is not None else None
        # 1.2个和0.8个百分点: the first value shares the unit written last.
        if prev is not None and prev.unit == "个" and men.unit == "百分点" and gap in ("和", "、", "与", "及"):
            prev.unit, prev.kind, prev.rule = "百分点", "ratio", "list_shared_unit"
        if prev is not None and prev.unit == men.unit and gap in _range_seps():
            # Two mentions joined by a range sign: 10%至15%.
            if prev.qualifier is None and men.qualifier is None:
                prev.qualifier, men.qualifier = "at_least", "at_most"
                prev.rule, men.rule = "range_low", "range_high"
        elif (men.start == men.num_start or men.rule == "currency_prefix") and \
                view[men.start - 1: men.start] in _JOINERS:
            left = _left_number().search(view, max(0, men.start - 24), men.start)
            shared: list[Mention] = []
            while left is not None:
                more = _shared_unit(view, men, left)
                shared[:0] = more
                # 17.6、20.6和20.4%: a list goes on to the left, one joined number at a time
                if not more or more[0].rule != "list_shared_unit" or view[more[0].start - 1: more[0].start] not in ("、", "，"):
                    break
                left = _left_number().search(view, max(0, more[0].start - 24), more[0].start)
            while shared and out and out[-1].end > shared[0].start:
                out.pop()  # 486亿和812亿千瓦时: a left number was read alone, as 亿元
            out.extend(shared)
        out.append(men)
        prev = men
    for i in range(len(out) - 2, -1, -1):
        # 3920亿、486亿和812亿千瓦时: bare 亿 amounts share the unit the list ends with
        men, nxt = out[i], out[i + 1]
        if men.unit == "元" and view[men.end - 1] in "万亿" and nxt.kind in ("measure", "count") \
                and view[men.end:nxt.start] in LIST_JOINERS:
            men.unit, men.kind, men.rule = nxt.unit, nxt.kind, "list_shared_unit"
    _share_list_qualifier(view, out)
    return out


def _share_list_qualifier(view: str, out: list[Mention]) -> None:
    """分别不低于2.36亿元、2.78亿元和3.15亿元: a qualifier between 分别 and the first item
    bounds every item of the list."""
    for i, men in enumerate(out):
        if men.qualifier is None or men.num_start == men.start or \
                not view.endswith("分别", 0, men.start) or i + 1 == len(out):
            continue
        for prev, nxt in zip(out[i:], out[i + 1:]):
            if nxt.qualifier is not None or nxt.unit != men.unit or view[prev.end:nxt.start] not in LIST_JOINERS:
                break
            nxt.qualifier = men.qualifier


LIST_JOINERS = ("、", "和", "及", "与")  # what joins the items of a list (also of times)


def _shared_unit(view: str, men: Mention, left: re.Match) -> list[Mention]:
    """3至5家 -> 3 (at_least) and 5 (at_most); 17.6、20.6和20.4% -> three records."""
    text = left.group("num")
    num_s = left.start("num")
    if num_s > 0 and (view[num_s - 1].isdigit() or view[num_s - 1] in "第."):
        return []
    if text in ("一", "壹") and left.group("sep") not in _range_seps():
        return []
    base, small, own_big = _split_number(text, left.group("mag") or "")
    if base is None:
        return []
    value = base * own_big
    own_magnitude = bool(left.group("mag")) or (not text[0].isdigit() and text[-1] in _BIG)
    if not own_magnitude:
        # Share the right-hand magnitude when the left number is the smaller one:
        # 两到三万 = 2万至3万, 一千到两千万 = 1000万至2000万, but 从8500到3万 = 8500至30000.
        has_small = any(c in _SMALL for c in text)
        right_base = men.base if has_small else men.base / men.small
        if base < right_base:
            value = base * men.big * (1 if has_small else men.small)
    end = left.end("mag") if left.group("mag") else left.end("num")
    if left.group("sep") in _range_seps():
        if men.qualifier is not None:
            return []
        men.qualifier, men.rule = "at_most", "range_high"
        return [Mention(num_s, end, num_s, tidy(value), men.unit, men.kind, "at_least", "range_low",
                        not text[0].isdigit(), base)]
    if not text[0].isdigit():
        return []
    return [Mention(num_s, end, num_s, tidy(value), men.unit, men.kind, None, "list_shared_unit", False, base)]
