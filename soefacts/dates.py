"""Time expressions: find them, resolve them to ISO strings, find the publication date.

One combined pattern finds every time expression in a document's view; each
match resolves against the reference date and the year in context: the last
explicit year (or 今年) earlier in the same paragraph; for 全年 right after 去年,
last year; for a period with no year (年末, 一季度), else the year the article's
title names (title_year). Which expression dates which quantity is decided in
`attach.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .lexicon import alternation as _alt, load
from .record import DATE_RE
from .numbers import parse_chinese

_YEARNUM = r"(?:1[89]|20)\d{2}|[〇零一二三四五六七八九]{4}"
_ROC = r"(?<![\d.,])1[0-2]\d"  # 民國113年: the Republic's calendar, year 1 = 1912
ROC_OFFSET = 1911
_NUMC = r"[\d一二三四五六七八九十两]{1,3}"
_RANGE_SEP = r"(?:-|—|－|~|～|至|到)"


@dataclass(slots=True)
class DateExpr:
    start: int
    end: int
    value: str | None        # resolved ISO string (for a range: its end)
    kind: str                # year, period, day, status, span (a plan), range, frame (3年来), deadline,
                             # base (较2022年末的: the time of a comparison's base figure)
    low: str | None = None   # for a year range (从2018年到2020年): its start
    year: int | None = None  # the explicit year it names, if any


@cache
def _data() -> dict:
    return load("dates")


@cache
def pattern() -> re.Pattern:
    d = _data()
    rel = _alt(d["relative_years"])
    periods = _alt(d["periods"])
    bare_periods = _alt(k for k in d["periods"] if len(k) > 1)
    # Every expression starts with one of these characters; testing it first lets
    # the scan skip most positions at the cost of one set lookup.
    words = [*d["relative_years"], *d["relative_days"], *d["periods"], *d["status"]["words"], *d["plans"],
             *d["year_words"]["words"], "截至", "截止", "从", "自", "这", "近", "过去", "最近", "前", "两", "三", "四", "五"]
    first = re.escape("".join(sorted({w[0] for w in words}))) + r"\d〇零一二三四五六七八九十"
    # Then, as most such positions start no time (年 of 年轻, 上 of 以上, a digit of an
    # amount), a second look: a word above, or numerals before 年, 月, 日 or a range.
    second = rf"[\d〇零一二三四五六七八九十两]{{1,4}}[年月日号]|[\d〇零一二三四五六七八九十两]{{1,4}}{_RANGE_SEP}|{_alt(words)}"
    return re.compile(  # stdlib re: see quantities.pattern
        rf"""
        (?=[{first}])(?={second})
        (?P<asof>截至|截止到|截止)?
        (?:
            (?P<plan>{_alt(d['plans'])})(?:(?P<since>[”"’」]?(?:以来|至今))|(?P<planend>[”"’」]?(?:末|期末)))?
          | (?P<hy>{_YEARNUM})年(?P<hm>\d{{1,2}})月(?P<hd>\d{{1,2}})日止(?:(?P<hn>{_NUMC})个月|(?P<hfy>年度))
          | (?:从|自)?(?P<ya>{_YEARNUM})年?{_RANGE_SEP}(?P<yb>{_YEARNUM})年
          | (?:从|自)?(?P<ys>{_YEARNUM})年(?:以来|至今(?!年))
          | (?:从|自)(?P<ys2>{_YEARNUM})年(?:{_alt(d['since']['verbs'])})以来
          | (?P<spanpre>这|近|过去|最近)(?P<spann>{_NUMC})年(?:来|以来|间)?
          | (?P<spann2>{_NUMC})年(?:来|以来)
          | (?P<avgn>两|三|四|五|[2-9])年平均
          | (?:(?P<year>{_YEARNUM})年(?:度(?![\d假])|全年)?|(?P<roc>{_ROC})年(?:度(?!\d))?|(?P<rel>{rel}))
            (?:
                (?P<m1>\d{{1,2}})月?{_RANGE_SEP}(?P<m2>\d{{1,2}})月份?
              | 前(?P<nm>{_NUMC})个?月
              | (?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})[日号]|(?P<mend>底|末)|(?P<xun>[上中下]旬)|份)?(?P<msince>以来)?
              | (?P<per>{periods})
            )?
          | (?P<relday>{_alt(d['relative_days'])})
          | (?P<status>{_alt(d['status']['words'])})
          | (?P<yw>{_alt(d['year_words']['words'])})
          | (?<![\d月])(?P<bm1>\d{{1,2}})月?{_RANGE_SEP}(?P<bm2>\d{{1,2}})月份?
          | 前(?P<bnm>{_NUMC})个?月
          | (?<![\d.])(?P<bm>\d{{1,2}})月(?:(?P<bd>\d{{1,2}})[日号]|(?P<bmend>底|末)|(?P<bxun>[上中下]旬)|份)?(?P<bmsince>以来)?
          | (?P<bper>{bare_periods})
          | (?<![\d月.])(?P<bday>\d{{1,2}})[日号]
        )
        """,
        re.VERBOSE,
    )


class _NotAYear(ValueError):
    """二〇二〇 is a year; 〇〇二〇 is not."""


def _year_of(text: str) -> int:
    y = int(text) if text.isdigit() else int("".join(str(int(parse_chinese(c) or 0)) for c in text))
    if not 1900 <= y <= 2099:
        raise _NotAYear(text)
    return y


# The thirds of a month: 上旬 1-10, 中旬 11-20, 下旬 21 to its end.
_XUN = {"上": (1, 10), "中": (11, 20), "下": (21, None)}


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _interval(y: int, m1: int, m2: int) -> str | None:
    if not (1 <= m1 <= m2 <= 12):
        return None
    return f"{y:04d}-{m1:02d}-01/{_month_end(y, m2)}"


def year_before(value: str) -> str:
    """The same time a year earlier: 2024-01-01/2024-06-30 -> 2023-01-01/2023-06-30; a
    month's last day stays its last day (2024-02-29 -> 2023-02-28)."""
    out = []
    for part in value.split("/"):
        y = int(part[:4]) - 1
        if len(part) == 10:
            mo, day = int(part[5:7]), int(part[8:10])
            last = calendar.monthrange(y + 1, mo)[1]
            part = _month_end(y, mo) if day == last else f"{y:04d}{part[4:]}"
        else:
            part = f"{y:04d}{part[4:]}"
        out.append(part)
    return "/".join(out)


def _period(y: int, name: str, asof: bool) -> str:
    start, end = _data()["periods"][name]
    if end == "02-28":
        end = _month_end(y, 2)[5:]
    if start == end or asof:
        return f"{y:04d}-{end}"
    return f"{y:04d}-{start}/{y:04d}-{end}"


def _small(n: str) -> int | None:
    v = int(n) if n.isdigit() else parse_chinese(n)
    return int(v) if v else None


@cache
def _context(key: str) -> tuple[str, ...]:
    """A list of context words, as a tuple for str.startswith / str.endswith."""
    return tuple(_data()["context"][key])


def _skip(view: str, m: re.Match) -> bool:
    """Times that do not date a fact: comparison bases, starts of actions, datelines."""
    start, end = m.span()
    before = view[max(0, start - 3): start].rstrip("“\"‘「")
    if before.endswith(_context("comparison_before")) or view.startswith("同期", end):
        return True
    if before.endswith(_context("comparison_with")) and view.startswith(_context("comparison_after"), end):
        return True  # 与上年基本持平: the base of a comparison
    if view.startswith(_context("start_after"), end) and not m.group("asof"):
        return True
    if view.startswith(_context("started_after"), end) and before.endswith(("于", "在")):
        return True  # 电站于2022年11月开工: the day one thing started
    if view.endswith(_context("founding_before"), max(0, start - 3), start):
        return True  # 成立于2008年: the year of a founding
    if _in_a_title(view, start):
        return True  # 《…实施方案（2023—2025年）》: part of a document's name
    if (view.startswith("的", end) or before.endswith(("是", "为", "相当于"))) \
            and _MULTIPLE_BASE.match(view, end) is not None:
        return True  # 是2019年的1.6倍, 是2021年新增规模的3倍多: the base of a multiple
    return view.startswith(_context("dateline_after"), end) and any(m.group("bday", "bd", "d"))


def _in_a_title(view: str, pos: int) -> bool:
    """Inside 《…》 (a short way before and after pos, within its paragraph)."""
    lo = max(0, pos - TITLE_REACH, view.rfind("\n", 0, pos) + 1)
    hi = view.find("\n", pos, pos + TITLE_REACH)
    opened = view.rfind("《", lo, pos)
    return opened >= 0 and view.rfind("》", opened, pos) < 0 and \
        view.find("》", pos, hi if hi >= 0 else pos + TITLE_REACH) >= 0


TITLE_REACH = 40  # a document's name in 《》 is at most this long on either side of a time


# Words that open a change's from-value: 由55.2%提高到70%, 从34家减至21家.
FROM_WORDS = "由从"

# ...的1.6倍 within the clause after a time: the time is the base of a multiple
_MULTIPLE_BASE = re.compile(r"[^，,。！？；;\n]{0,6}的[^，,。！？；;\n]{0,8}?倍")


def from_value_time(view: str, start: int, end: int) -> bool:
    """由2022年末的34家, 由2018年的不到一成: a time that dates a from-value only."""
    return start > 0 and view[start - 1] in FROM_WORDS and figure_follows(view, end)


def taiwan_from(view: str) -> tuple[bool | None, int, int]:
    """Is this Taiwan's press, and which paragraph (its view span) shows it? Decided by the
    first paragraph that names a currency or a calendar: 新台币 or a year of the Republic
    (民国113年) say yes, 人民币 says no (a Taiwan report on the mainland gives both). (None,
    0, 0) when no paragraph has decided yet. Decided paragraph by paragraph, so that a text
    read in pieces reads as when whole. (The caller checks the paragraph is written in
    traditional characters: Xinhua names 新台币 too.)"""
    m = _CURRENCY_OR_CALENDAR.search(view)
    if m is None:
        return None, 0, 0
    start = view.rfind("\n", 0, m.start()) + 1
    end = view.find("\n", m.end())
    end = len(view) if end < 0 else end
    return "人民币" not in view[start:end], start, end


_CURRENCY_OR_CALENDAR = re.compile(r"新台币|人民币|民国1[0-2]\d年")


def _sets_the_scene(view: str, m: re.Match) -> bool:
    """去年，省属企业……全年退出412人: a bare relative year that opens a sentence sets
    the year for what follows, as 2023年， does."""
    start, end = m.span()
    return view.startswith(("，", ","), end) and (start == 0 or view[start - 1] in "。！？；\n")


def _base_value_time(view: str, m: re.Match) -> bool:
    """较2022年末的4.21万亿元, 较2022年4.6%的增速: the time of a comparison's base,
    followed by its figure."""
    start, end = m.span()
    return figure_follows(view, end) and view.endswith(_context("base_before"), max(0, start - 2), start)


def figure_follows(view: str, end: int) -> bool:
    """A figure right after a time, or after its 的 (较2022年末的4.21万亿元, 由2018年的不到一成)."""
    if view.startswith("的", end):
        end += 1
    return view[end: end + 1].isdigit() or view.startswith(_figure_starts(), end)


@cache
def _figure_starts() -> tuple[str, ...]:
    """What a figure starts with besides a digit: a Chinese numeral, or a qualifier
    word before the number (data/qualifiers.toml)."""
    return (*"零〇一二三四五六七八九十两百千万",
            *(w for words in load("qualifiers")["prefix"].values() for w in words))


def _resolve(m: re.Match, ref: dt.date | None, ctx_year: int | None,
             title_year: int | None = None) -> DateExpr | None:
    g = m.group
    asof = bool(g("asof"))
    s, e = m.span()
    if g("plan"):
        a, b = _data()["plans"][g("plan")]
        if g("planend"):  # “十四五”末: the plan's last day
            return DateExpr(s, e, f"{b}-12-31", "day", year=b)
        if g("since"):  # “十四五”以来: from the plan's start until now
            return DateExpr(s, e, f"{a}-01-01/{ref.isoformat()}" if ref and ref.year >= a else None, "frame")
        return DateExpr(s, e, f"{a}-01-01/{b}-12-31", "span")
    if g("hfy"):  # 截至2024年12月31日止年度: the financial year that ends that day
        y = _year_of(g("hy"))
        try:
            end = dt.date(y, int(g("hm")), int(g("hd")))
        except ValueError:
            return None
        if (end.month, end.day) == (12, 31):
            return DateExpr(s, e, str(y), "year", year=y)
        start = end.replace(year=y - 1) + dt.timedelta(days=1) if (end.month, end.day) != (2, 29) \
            else dt.date(y - 1, 3, 1)
        return DateExpr(s, e, f"{start.isoformat()}/{end.isoformat()}", "period", year=y)
    if g("hy"):  # 截至2024年6月30日止六个月: Hong Kong's reporting period
        y, mo, n = _year_of(g("hy")), int(g("hm")), _small(g("hn"))
        first = mo - (n or 0) + 1
        if not n or not 1 <= first <= mo <= 12:
            return None
        try:
            end = dt.date(y, mo, int(g("hd"))).isoformat()
        except ValueError:
            return None
        return DateExpr(s, e, f"{y:04d}-{first:02d}-01/{end}", "period", year=y)
    if g("ya"):
        a, b = _year_of(g("ya")), _year_of(g("yb"))
        return DateExpr(s, e, str(b), "range", low=str(a), year=b) if a < b else None
    if g("ys") or g("ys2"):
        y = _year_of(g("ys") or g("ys2"))
        return DateExpr(s, e, f"{y}-01-01/{ref.isoformat()}" if ref and ref.year >= y else None, "frame")
    if g("spann") or g("spann2"):
        n = _small(g("spann") or g("spann2"))
        if not n or ref is None or n > 50:
            return None
        if n == 1 and g("spanpre") == "这" and not m.group().endswith(("来", "间")):
            return None  # 2019年，……。这一年，营收增至312亿元: the year just named, which goes on
        # 三年来, 这三年 in December count this year in (2021—2023 in 2023-12); earlier, and
        # 近三年 (the completed years of a disclosure), the years before it
        late = ref.month >= LATE_MONTH and (m.group().endswith("来") or g("spanpre") == "这")
        last = ref.year if late else ref.year - 1
        if n == 1 and g("spanpre") == "过去":
            # 过去一年，集团…: the year just ended, whose results follow
            return DateExpr(s, e, str(last), "year", year=last)
        return DateExpr(s, e, f"{last - n + 1}-01-01/{last}-12-31", "frame")
    if g("avgn"):
        n = _small(g("avgn"))
        y = ctx_year or (ref.year if ref else None)
        return DateExpr(s, e, f"{y - n + 1}-01-01/{y}-12-31" if y and n else None, "frame")
    if g("relday"):
        day = ref + dt.timedelta(days=_data()["relative_days"][g("relday")]) if ref else None
        return DateExpr(s, e, day.isoformat() if day else None, "day")
    if g("status"):
        return DateExpr(s, e, ref.isoformat() if ref else None, "status")
    if g("yw"):  # 全年: the year in context; attach.py may know it better (a section's)
        y = ctx_year or (ref.year if ref else None)
        return DateExpr(s, e, str(y) if y else None, "year" if ctx_year else "whole_year")
    # A year, explicit or relative, with what follows it.
    explicit = None
    if g("year"):
        y = explicit = _year_of(g("year"))
    elif g("roc"):
        y = explicit = int(g("roc")) + ROC_OFFSET
    elif g("rel"):
        y = ref.year + _data()["relative_years"][g("rel")] if ref else None
    elif g("bper"):  # 年末, 一季度 with no year: the paragraph's, else the article's title's
        y = ctx_year or title_year or (ref.year if ref else None)
    else:
        y = ctx_year or (ref.year if ref else None)
    if y is None:
        return DateExpr(s, e, None, "period")
    m1, m2 = g("m1") or g("bm1"), g("m2") or g("bm2")
    nm, mon, day = g("nm") or g("bnm"), g("m") or g("bm"), g("d") or g("bd")
    mend, per = g("mend") or g("bmend"), g("per") or g("bper")
    if m1:
        v = _interval(y, int(m1), int(m2))
    elif nm:
        n = _small(nm)
        v = _interval(y, 1, n) if n else None
    elif mon:
        mo = int(mon)
        if not 1 <= mo <= 12:
            return None
        if day:
            try:
                v = dt.date(y, mo, int(day)).isoformat()
            except ValueError:
                return None
        elif g("xun") or g("bxun"):  # 3月中旬: days 11 to 20; 截至10月中旬: the 20th
            first, last = _XUN[(g("xun") or g("bxun"))[0]]
            end = f"{y:04d}-{mo:02d}-{last:02d}" if last else _month_end(y, mo)
            v = end if asof else f"{y:04d}-{mo:02d}-{first:02d}/{end}"
        elif mend or asof:
            v = _month_end(y, mo)
        else:
            v = f"{y:04d}-{mo:02d}"
    elif per:
        v = _period(y, per, asof)
    elif g("bday"):
        if ref is None:
            return DateExpr(s, e, None, "day")
        try:
            v = dt.date(ref.year, ref.month, int(g("bday"))).isoformat()
        except ValueError:
            return None
        return DateExpr(s, e, v, "day")
    else:
        v = f"{y:04d}-12-31" if asof and explicit else f"{y:04d}"
    if (g("msince") or g("bmsince")) and v and ref is not None:
        since = v.split("/")[0]  # 3月份以来, 11月20日以来: from then until now
        since = since if len(since) == 10 else f"{since}-01"
        return DateExpr(s, e, f"{since}/{ref.isoformat()}" if since < ref.isoformat() else None, "frame")
    kind = "year" if (g("year") or g("roc") or g("rel")) and not (m1 or nm or mon or per) else "period"
    if v and len(v) == 10:
        kind = "day"  # 截至9月末, 2024年底: a point in time, not a period
    return DateExpr(s, e, v, kind, year=explicit)


def find_dates(view: str, ref: dt.date | None, title_year: int | None = None,
               roc_from: int | None = None) -> list[DateExpr]:
    """Every time expression in the view, resolved, in order. `title_year`: the year the
    article's title names (title_year()), for periods written without a year; `roc_from`:
    where the text shows itself Taiwan's (taiwan_from()), from which 113年 is 2024."""
    out: list[DateExpr] = []
    ctx_year: int | None = None
    ctx_end = last_end = 0
    deadline_before, deadline_after = _context("deadline_before"), _context("deadline_after")
    rel_end, rel_year = -1, None  # where the last relative year (去年) ended, and its year
    for m in pattern().finditer(view):
        if m.group("roc") and (roc_from is None or m.start() < roc_from):
            continue  # 113年 outside Taiwan's press is no year
        if view.find("\n", last_end, m.start()) >= 0:
            ctx_year = None  # the year in context does not cross a paragraph
        last_end = m.end()
        if _skip(view, m):
            if _base_value_time(view, m):
                expr = _resolve(m, ref, None, title_year) if m.group("year", "roc", "rel") != (None, None, None) else None
                if expr is not None and expr.value:
                    expr.kind = "base"  # 较2022年末的4.21万亿元: dates that figure alone
                    out.append(expr)
            continue
        day = m.group("bm") and m.group("bd")
        # A month and day (截至3月22日) take the year of their own sentence, else the
        # reference year: an earlier sentence's year is too far away.
        year = None if day and _SENTENCE_END.search(view, ctx_end, m.start()) else ctx_year
        if m.group("yw") and m.start() == rel_end:
            year = rel_year
        try:
            expr = _resolve(m, ref, year, title_year)
        except _NotAYear:
            continue
        if expr is None:
            continue
        if expr.value is not None and not DATE_RE.fullmatch(expr.value):
            expr.value = None  # e.g. a span before year 1 from an odd reference date
        deadline = (view.endswith(deadline_before, max(0, m.start() - 4), m.start())
                    or view.startswith(deadline_after, m.end()))
        if expr.year and deadline:
            expr.kind = "deadline"  # 到2025年: a target's deadline; lends no year to 全年, 3月
        elif expr.year and from_value_time(view, m.start(), m.end()):
            pass  # 由2018年的87%降至9月末的64.5%: the from-value's year is not the year in context
        elif expr.year and m.start() > 0 and view[m.start() - 1] in "（(":
            pass  # 3068家（2023年末：3035家）: an aside's year is not the year in context
        elif expr.year:
            ctx_year, ctx_end = expr.year, m.end()
        elif m.group("rel") and expr.value and not deadline and expr.kind != "frame":
            if _data()["relative_years"][m.group("rel")] == 0 or _sets_the_scene(view, m):
                # 2023年……今年以来，一季度 is this year's first quarter (but after
                # 去年12月以来 or 与去年相比, 上半年 is still this year's half)
                ctx_year, ctx_end = int(expr.value[:4]), m.end()
            rel_end, rel_year = m.end(), int(expr.value[:4])  # 去年全年: last year's whole
        out.append(expr)
    return _join_ranges(view, out)


_RANGE_WORDS = "-—－~～至到"
_JOINABLE = frozenset(("period", "day", "deadline"))


def _join_ranges(view: str, dates: list[DateExpr]) -> list[DateExpr]:
    """9月下旬至10月上旬, 3月15日至4月10日, 2024年9月至2025年3月: two times of a month or
    finer joined by 至 (or a dash) are one interval, from the first's start to the
    second's end. (A range of whole years, 2021—2023年, is one match already.)"""
    out: list[DateExpr] = []
    for d in dates:
        a = out[-1] if out else None
        if (a is not None and d.start == a.end + 1 and view[a.end] in _RANGE_WORDS and a.kind in _JOINABLE
                and d.kind in _JOINABLE and a.value and d.value
                and len(a.value) >= 7 and len(d.value) >= 7):
            first, last = _first_day(a.value), _last_day(d.value)
            day = _BARE_DAY.fullmatch(view, d.start, d.end)
            if day and len(a.value) == 10:  # 5月20日至22日: the second day is in the first's month
                last = _day_in(a.value, int(day.group(1))) or last
            if first < last:
                out[-1] = DateExpr(a.start, d.end, f"{first}/{last}", "period", year=d.year or a.year)
                continue
        out.append(d)
    return out


_BARE_DAY = re.compile(r"(\d{1,2})[日号]")


def _day_in(day: str, n: int) -> str | None:
    """Day n of the month of `day` (an ISO day), if there is one."""
    try:
        return dt.date(int(day[:4]), int(day[5:7]), n).isoformat()
    except ValueError:
        return None


def _first_day(value: str) -> str:
    """The first day of a month (2024-09) or an interval, or the day itself."""
    day = value.split("/")[0]
    return day if len(day) == 10 else f"{day}-01"


def _last_day(value: str) -> str:
    day = value.split("/")[-1]
    return day if len(day) == 10 else _month_end(int(day[:4]), int(day[5:7]))


_SENTENCE_END = re.compile("[。！？!?；;]")
EARLY_MONTHS = 4  # until April, 过去一年 and a whole year's results are last year's
LATE_MONTH = 11  # from November, a year's span (三年来) counts the year it is written in
_TITLE_CHARS = 60  # a title line is at most this long
# (not the year of a full date: 新闻稿 即时发布 2025年3月26日 is a dateline joined to the title)
# (nor a year things started from: 2023年以来…综述, 2023年投产的…一周年)
_TITLE_YEAR = re.compile(r"(?<![自从])((?:19|20)\d{2})年(?!\d{1,2}月\d{1,2}日|以来|起|至今|投产|成立|开工|建成|启动)")


def title_year(first_paragraph: str, ref: dt.date | None = None) -> int | None:
    """The one year an article's title names (临江市国资委2024年工作总结, 中电装备去年纯利
    增12%): the year the article reports on, which its year-less 全年, 年末 and 一季度
    mean, though it is published in the next one. None for a first paragraph that is no
    title (long, or a sentence), names no year or several, names a deadline (力争到2027年)
    or a year far from the reference date's (从1958年走来): those are not the year reported."""
    text = first_paragraph.strip()
    if ref is None or not text or not is_title(text):
        return None
    years = set()
    for m in _TITLE_YEAR.finditer(text):
        if not (text.endswith(_context("deadline_before"), 0, m.start())
                or text.startswith(_context("deadline_after"), m.end())):
            years.add(int(m.group(1)))
    offsets = _data()["relative_years"]
    years.update(ref.year + offsets[w] for w in _relative_year_words().findall(text))
    years = {y for y in years if abs(y - ref.year) <= 1 and 1 <= y <= 9999}
    return years.pop() if len(years) == 1 else None


# 《青岚县年鉴（2024）》, 2024年鉴: a yearbook is named for the year after the one it records.
_YEARBOOK = re.compile(r"年鉴\s*[（(]?\s*((?:19|20)\d{2})|((?:19|20)\d{2})年?年鉴")
YEARBOOK_HEAD = 300  # a yearbook's name stands in a page's first characters


def yearbook_year(head: str, ref: dt.date | None = None) -> int | None:
    """The year a yearbook page records (2023 in 年鉴（2024）, 2024年鉴), near the reference
    date. `head` is the page's head block (title, source line), not its body, where a
    yearbook may merely be mentioned."""
    m = _YEARBOOK.search(head)
    if m is None or ref is None:
        return None
    year = int(m.group(1) or m.group(2)) - 1
    return year if abs(year - ref.year) <= 1 else None


def is_title(text: str) -> bool:
    """A line that can be a title: short, and no sentence in it."""
    return len(text) <= _TITLE_CHARS and _SENTENCE_END.search(text) is None


@cache
def _relative_year_words() -> re.Pattern:
    return re.compile(_alt(_data()["relative_years"]))


# -- publication date ----------------------------------------------------------------

_PUB_LABELLED = re.compile(
    r"(?:发布|發布|发表|發表|更新|日期|时间|時間|来源|來源)[^\d\n]{0,6}"
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_PUB_FIRST = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})日?(?!\d)")
# (on a source line: not 已于2022年6月出版 in a sentence about another book)
_PUB_MONTH = re.compile(r"^[^\n。]*?(?<![于在])(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:出版|出刊|刊印|印刷)(?![^\n]*。)", re.M)
_HEAD_CHARS = 600


def find_publication_date(text: str) -> dt.date | None:
    """The article's publication date when its header states one.

    A labelled date (发布时间：2017-02-10) anywhere near the top wins; else the first
    full date among the first lines (a web page's timestamp line).
    """
    head = text[:_HEAD_CHARS]
    for rx in (_PUB_LABELLED, _PUB_FIRST):
        m = rx.search(head)
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    m = _PUB_MONTH.search(head)  # 2023年12月出版 (a yearbook, a journal): the month's last day
    if m and 1 <= int(m["m"]) <= 12:
        return dt.date.fromisoformat(_month_end(int(m["y"]), int(m["m"])))
    return None


def parse_ref_date(value: dt.date | str | None) -> dt.date | None:
    """Accept a date or an ISO string; raise ValueError on anything else."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
