"""Which time dates which quantity (SPEC §1 "Dates").

A quantity takes, in order: a time in its own clause (before it, else after
it); the nearest time in an earlier clause of its sentence; a time in a later
clause that dates no other quantity (……2022年底，随着…); the time that governs
its paragraph (carried from earlier sentences, or from a list's lead-in ending
in ：); a change against a period (同比, 环比, 按年) with none of these takes the
last period the article named; a figure reported after a lead that opens with a
part of a year (据统计，2024年1—9月，……) takes that period; else the reference
date, as a present-tense status. A frame (3年来, 两年平均, 自2014年以来) dates
only what follows it. 全年 takes the year of its section's heading, else of the
article's title (or the year a yearbook page records).

Special cases, each a rule of the language: early in a year (January to April) a
paragraph reporting a whole year's results reports last year's; a figure of a
meeting itself holds on the day it was held; a time in brackets dates only the
brackets; a time after 由 dates the from-value alone; a comparison's base (较2022年
末的…) holds at its own time; a list of times pairs with a 分别 list of figures.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache

from .dates import EARLY_MONTHS, FROM_WORDS, DateExpr, from_value_time, is_title, year_before
from .lexicon import alternation, load
from .metrics import goal_words
from .quantities import LIST_JOINERS, Mention
from .text import Doc

HEADING_CHARS = 30  # a heading is at most this long
LEAD_CHARS = 60  # a lead's opening time stands within its first characters
EVENT_VERB_CHARS = 60  # 召开 within this many characters after a day: the event's day
ASOF_OPENS = 10  # 截至 within this many characters of a paragraph's start opens it
_ENUMERATED = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十]+[部章节]")
_CLAUSE = re.compile(r"[，,：:]|……|——")
_AS_OF = ("截至", "截止")
_LIST_CONTINUES = ("：", ":", "；", ";", "…")
_SENTENCE_ENDS = "。！？!?”」』）)"
# A change against the same period of another year holds over a period, not a day.
_PERIOD_CHANGE = re.compile("同比|环比|按年|按季|年增|年减|较上年同期|比上年同期|较去年同期")
_PERIOD_KINDS = ("year", "period", "span", "range")
# The figure of the same period a year before, given as the base of a comparison.
_SAME_PERIOD_BASE = re.compile(r"同期(?:为|是|的|：|:)?$")
_NO_BASE_UNITS = ("百分点", "倍")  # a difference or a multiple holds now, not at the base


def in_year(d: DateExpr, year: int | str | None) -> DateExpr:
    """全年 in a text about `year` is that year (a section headed 2023年工作回顾, an
    article titled 2024年工作总结), not the reference year; other times stand."""
    if not year or d.kind != "whole_year":
        return d
    return DateExpr(d.start, d.end, f"{int(year):04d}", "year", year=int(year))


def _value(d: DateExpr, view: str, men: Mention) -> str | None:
    if d.kind == "range" and d.low and d.value:
        before = view[men.start - 1] if men.start > 0 else ""
        if before in FROM_WORDS:
            return d.low  # 由55.2%提高到70%: the baseline is the range's start
        if before in _TO_WORDS and not view.endswith("达到", 0, men.start):
            return d.value  # …增长到5800亿元: the level the range ends at
        return f"{d.low}-01-01/{d.value}-12-31"  # 2019—2023年，累计实现营业收入5172亿元
    return d.value


_TO_WORDS = "到至"


@dataclass(frozen=True, slots=True)
class PieceState:
    """What one piece of a document passes to the next (mostly about its times: the
    governing frame, the last period, the section, the title's year, the lead's period;
    and an open related-links block), so that a document read piece by piece (huge
    files) is read as when whole."""
    inherited: DateExpr | None = None    # the frame the next paragraph inherits
    last_period: DateExpr | None = None  # the article's most recent period (上半年, 2023年)
    section: DateExpr | None = None      # the time of the current section's heading
    started: bool = False                # a piece with text was read (and its title)
    title_year: int | None = None        # the year the article's title names
    links_open: bool = False             # the piece ended inside a related-links block
    lead_seen: bool = False              # the article's lead paragraph has been read
    article: DateExpr | None = None      # the period the lead opens with (2024年1—9月，…)
    last_time: str | None = None         # the last time named, for a table in a later piece
    event_day: str | None = None         # the day a meeting was held (1月15日，…召开…会议)
    last_day: DateExpr | None = None     # the last day named (for 当天, 当日)
    taiwan: bool | None = None           # Taiwan's press (元 is 新台币, 113年 is 2024)? dates.taiwan_from


def date_mentions(doc: Doc, mentions_by_sentence: list[list[Mention]], dates: list[DateExpr],
                  ref: dt.date | None, state: PieceState = PieceState(),
                  ) -> tuple[list[list[str | None]], PieceState]:
    """The date of every mention, a list per sentence, and the state the next piece needs."""
    reader = _Reader(doc, dates, ref, state)
    out = [reader.sentence(k, sent, mentions)
           for k, (sent, mentions) in enumerate(zip(doc.sentences, mentions_by_sentence))]
    return out, reader.finish()


class _Reader:
    """Reads a piece's sentences in order and keeps the times in force (the module's
    docstring says which wins): the paragraph's, the section's, the lead's period, the
    last period and day named, the day of the article's event."""

    def __init__(self, doc: Doc, dates: list[DateExpr], ref: dt.date | None, state: PieceState):
        self.doc, self.view, self.dates, self.ref, self.state = doc, doc.view, dates, ref, state
        self.default = ref.isoformat() if ref else None
        self.carry: DateExpr | None = None  # the time that governs the paragraph so far
        self.inherited, self.last_period, self.section = state.inherited, state.last_period, state.section
        self.lead_seen, self.article, self.last_day = state.lead_seen, state.article, state.last_day
        self.event_day = state.event_day  # the day the article's meeting was held (14日召开…推进会)
        self.lead_para = -1  # the lead's paragraph, when the lead is in this piece
        self.lead_figures = False  # the lead has named a figure
        self.reviewing = False  # the paragraph reports on last year (early in the year: 全年, 年末)
        self.event_para = False  # the paragraph opens at the event (会上，活动现场，)
        self.para = -1
        self.di = 0  # the first time at or after the sentence

    def sentence(self, k: int, sent, mentions: list[Mention]) -> list[str | None]:
        view = self.view
        if sent.para != self.para:
            self._new_paragraph(k, sent)
        while self.di < len(self.dates) and self.dates[self.di].start < sent.start:
            self.di += 1
        exprs, bases, aside = _sentence_times(view, sent.start, sent.end, self.dates, self.di, mentions)
        frame = self._frame(sent)
        exprs, bases = self._in_context(sent, exprs, bases)
        self._read_lead(sent, mentions, exprs)
        fallback = self._fallback(sent, mentions)
        self.event_day = _held_on(view, exprs, sent.end) or self.event_day
        if self.last_day is not None and not exprs and view.startswith(_same_day(), sent.start):
            frame = self.carry = self.last_day  # 当天，双方还签署了12个项目协议: the day just named, from here on
        dated = _date_sentence(view, sent.start, mentions, exprs, frame, fallback, bases) if mentions else []
        if dated:
            dated = _refined(view, sent.start, sent.end, mentions, exprs, aside, dated, self.event_day,
                             self.event_para)
        if exprs:
            self._remember(exprs)
        return dated

    def finish(self) -> PieceState:
        if self.para >= 0:
            self._end_paragraph()
        return replace(self.state, inherited=self.inherited, last_period=self.last_period,
                       section=self.section, lead_seen=self.lead_seen, article=self.article,
                       event_day=self.event_day, last_day=self.last_day)

    def _new_paragraph(self, k: int, sent) -> None:
        if self.para >= 0:
            self._end_paragraph()
            article = self.article
            if article is not None and article.value and "/" in article.value:
                # a release on 1—9月: a month's aside in one paragraph (9月份，…) ends with it
                self.last_period = article
        self.carry, self.para = None, sent.para
        self.reviewing = self.section is None and _reviews_last_year(self.doc, k, self.ref,
                                                                     self.state.title_year)
        self.event_para = self.view.startswith(_event_openers(), sent.start)  # 活动现场，…: tells of the event

    def _end_paragraph(self) -> None:
        para = self.doc.paragraphs[self.para]
        self.inherited = _passed_on(self.view, para, self.carry, self.inherited)
        if _heading(self.view, para):
            self.section = self.carry  # 一、2023年工作回顾: the section's time, until the next heading

    def _frame(self, sent) -> DateExpr | None:
        """The time in force before the sentence's own."""
        view, carry = self.view, self.carry
        frame = carry or self.inherited or self.section
        continued = carry is not None and (view[sent.start - 1: sent.start] in "；;"
                                           or _opens_with_asof(view, self.doc.paragraphs[self.para], carry))
        if self.last_period is not None and (frame is None or frame.kind not in _PERIOD_KINDS) \
                and not continued and _PERIOD_CHANGE.search(view, sent.start, sent.end):
            # A 同比 change holds over a period, not on a day; but after ； the
            # sentence goes on, and its as-of day (5月末…；资产负债率…) still stands,
            # as a 截至 day stands for the rest of its paragraph (截至9月末，…。资产总计…同比增长5.8%).
            frame = self.last_period
        return frame

    def _in_context(self, sent, exprs: list[DateExpr], bases: list[DateExpr]
                    ) -> tuple[list[DateExpr], list[DateExpr]]:
        """The sentence's times in the year of the section, the title or the year reviewed."""
        view, ref, section = self.view, self.ref, self.section
        year = section.value[:4] if section is not None and section.value else self.state.title_year
        if self.reviewing and not _plans(view, sent.start, sent.end) and not _this_year(view, exprs, ref):
            year = ref.year - 1
            exprs = [_last_year(view, d, ref.year) for d in exprs]
            bases = [_last_year(view, d, ref.year) for d in bases]
        if year:
            exprs = [in_year(d, year) for d in exprs]
        return exprs, bases

    def _read_lead(self, sent, mentions: list[Mention], exprs: list[DateExpr]) -> None:
        """The lead: a period it opens with frames the whole article."""
        view, para = self.view, self.doc.paragraphs[sent.para]
        if not self.lead_seen and not is_title(view[slice(*para)]) and not _byline().match(view, para[0]):
            self.lead_seen = True
            self.article = _lead_period(view, para[0], sent.end, mentions, exprs)
            self.lead_para, self.lead_figures = sent.para, bool(mentions)
        elif sent.para == self.lead_para and self.article is None and not self.lead_figures:
            # 今年以来，……态势。1—9月，主要指标如下：a lead with no figure yet names its period
            # later, in a sentence that introduces figures (not 一季度，集团入选…名单), or
            # that opens its first figures with it (今年以来，……。一季度，省属企业实现营收…)
            if _introduces(view, sent.start, sent.end):
                self.article = _lead_period(view, para[0], sent.end, mentions, exprs)
            elif mentions:
                self.article = _lead_period(view, sent.start, sent.end, mentions, exprs)
            self.lead_figures = bool(mentions)

    def _fallback(self, sent, mentions: list[Mention]) -> str | None:
        """The date of a figure with no time of its own in force."""
        article, ref, title_year = self.article, self.ref, self.state.title_year
        if article is not None:
            over = sent.para != self.lead_para  # 增加值分别增长9.6%, 投资分别为…: over the lead's period
            period = article.value
        else:
            over = bool(ref and title_year and title_year < ref.year)
            period = str(title_year)  # 央企2023年“成绩单”出炉: its results are that year's
        if over and mentions and _holds_over_period(self.view, sent.start, sent.end):
            return period
        return self.default

    def _remember(self, exprs: list[DateExpr]) -> None:
        """The sentence's times, for the sentences after it."""
        view = self.view
        self.event_para = False  # 会上，…。报告指出，2023年…: from here on the paragraph's time rules
        anchoring = [d for d in exprs if d.kind != "frame" and not from_value_time(view, d.start, d.end)]
        for d in anchoring:
            if not _aside_in_frame(view, d, self.carry):
                self.carry = d
        days = [d for d in anchoring if d.kind == "day" and not view.startswith(_AS_OF, d.start)]
        if days:
            self.last_day = days[-1]
        periods = [d for d in exprs if d.kind in _PERIOD_KINDS]
        if periods:
            self.last_period = periods[-1]


@cache
def _byline() -> re.Pattern:
    """来源：…, 【发布时间：…】, 2025-10-28 17:05: a page's byline (data/dates.toml [lead])."""
    words = alternation(load("dates")["lead"]["byline"])
    return re.compile(rf"[【\[(（<]?(?:(?:{words})[:：]|(?:19|20)\d{{2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})")


@cache
def _state_words() -> re.Pattern:
    """Words of a standing state (维持, 仍, 持股): data/dates.toml [lead]."""
    return re.compile(alternation(load("dates")["lead"]["state"]))


def _holds_over_period(view: str, start: int, end: int) -> bool:
    """Does a sentence with figures and no time of its own report on the lead's period:
    not a standing state (which holds at the reference date) or a goal (which dates
    itself)?"""
    return (_state_words().search(view, start, end) is None
            and goal_words().search(view, start, end) is None)


def _reviews_last_year(doc: Doc, first: int, ref: dt.date | None, title_year: int | None) -> bool:
    """Does the paragraph that opens with sentence `first`, in an article of January to
    April, report last year's results (全年完成发电量…, 年末资产总额…), even in an article
    titled with this year (2025年工作会议)? Yes when one of its sentences names the whole
    year or its end with no year of its own, and plans nothing (力争全年, 不少于 are this
    year's)."""
    if ref is None or ref.month > EARLY_MONTHS or title_year not in (None, ref.year):
        return False
    view, sentences = doc.view, doc.sentences
    para = sentences[first].para
    a, b = doc.paragraphs[para]
    if not any(view.find(w, a, b) >= 0 for w in _YEAR_WHOLE_OR_END):
        return False
    for sent in sentences[first:]:
        if sent.para != para:
            break
        if any(view.find(w, sent.start, sent.end) >= 0 for w in _YEAR_WHOLE_OR_END) \
                and not _plans(view, sent.start, sent.end):
            return True
    return False


_YEAR_WHOLE_OR_END = ("全年", "年末", "年底")
_LAST_YEAR_WORDS = ("上年", "上一年")


def _this_year(view: str, exprs: list[DateExpr], ref: dt.date) -> bool:
    """1月份，集团完成发电量30亿千瓦时，占全年的8%: a part of this year (a month, a
    quarter; not the year's end, which is the question) in the sentence."""
    return any(d.kind in ("period", "day") and d.year is None and d.value
               and d.value.startswith(str(ref.year))
               and view[d.start:d.end].lstrip("截至止到") not in _YEAR_WHOLE_OR_END for d in exprs)


def _plans(view: str, start: int, end: int) -> bool:
    """A goal word (力争, 目标) or a requirement (不少于, 控制在) makes a sentence a plan."""
    return goal_words().search(view, start, end) is not None or \
        any(w in view[start:end] for w in _requirements())


def _last_year(view: str, d: DateExpr, this_year: int) -> DateExpr:
    """In a review of last year: its year-less end (年末) is last year's, and 上年 the
    year before it (较上年末的4571.8亿元)."""
    text = view[d.start:d.end].lstrip("截至止到")
    if d.year is None and d.value and text in ("年末", "年底") and d.value.startswith(str(this_year)):
        return replace(d, value=f"{this_year - 1}{d.value[4:]}")
    if d.value and view.startswith(_LAST_YEAR_WORDS, d.start) and d.value.startswith(str(this_year - 1)):
        return replace(d, value=year_before(d.value))
    return d


@cache
def _requirements() -> tuple[str, ...]:
    return tuple(load("dates")["last_year"]["requirements"])


def _trimmed(view: str, para: tuple[int, int]) -> tuple[int, int]:
    """A paragraph's span without trailing whitespace (seldom any in the view)."""
    a, b = para
    if b > a and view[b - 1].isspace():
        b = a + len(view[a:b].rstrip())
    return a, b


def _heading(view: str, para: tuple[int, int]) -> bool:
    """An enumerated section heading (一、2023年工作回顾, （二）2024年工作安排):
    short, numbered, ending no sentence. A title is not one: it names the article."""
    a, b = _trimmed(view, para)
    return (0 < b - a <= HEADING_CHARS and view[b - 1] not in _SENTENCE_ENDS
            and _ENUMERATED.match(view, a, b) is not None)


def _aside_in_frame(view: str, d: DateExpr, carry: DateExpr | None) -> bool:
    """过去一年，…；年末资产总额突破5800亿元…。一是完成重组4组: a year-end named inside a
    paragraph about that year is an aside; the year still governs what follows. Not one
    that sets the scene (年末，资产总额…；负债总额…), as 截至 does. So is a part of the
    period in force named after 其中 (上半年，毛利率…，其中二季度单季毛利率12.30%。…)."""
    if carry is None or not d.value or not carry.value:
        return False
    if view.endswith(_AMONG, max(0, d.start - 3), d.start) and _within(d.value, carry.value):
        return True
    return (carry.kind == "year" and d.kind == "day" and d.year is None  # a bare 年末, not 2023年末
            and d.value.endswith("-12-31") and d.value[:4] == carry.value
            and not view.startswith(_AS_OF, d.start) and not view.startswith(("，", ","), d.end))


_AMONG = ("其中", "其中，", "其中,")


def _within(inner: str, outer: str) -> bool:
    """Does the time `inner` lie within `outer` (ISO forms, intervals included)?"""
    lo, _, hi = outer.partition("/")
    if not hi:
        return inner.startswith(outer)  # 2024-04-01/2024-06-30 within 2024
    a, _, b = inner.partition("/")
    return lo <= a and (b or a) <= hi


def _passed_on(view: str, para: tuple[int, int], carry: DateExpr | None,
               inherited: DateExpr | None) -> DateExpr | None:
    """The frame a paragraph hands to the next one, if any."""
    if _continues(view, para, carry):
        return carry
    return inherited if _continues(view, para, inherited) else None


def _continues(view: str, para: tuple[int, int] | None, frame: DateExpr | None) -> bool:
    """Does a paragraph's time govern the next one? Yes after a list's lead-in
    (……的基础：), a list item (；, ……), or a paragraph cut mid-sentence (an OCR
    column break: 推动两大国企改革 / 专项工程——…)."""
    if frame is None or para is None:
        return False
    a, b = _trimmed(view, para)
    return view.endswith(_LIST_CONTINUES, a, b) or (b - a > 12 and view[b - 1] not in _SENTENCE_ENDS)


def _sentence_times(view: str, s0: int, s1: int, dates: list[DateExpr], first: int,
                    mentions: list[Mention]) -> tuple[list[DateExpr], list[DateExpr], list[DateExpr]]:
    """A sentence's times from dates[first:]: those that date its figures, the bases of
    its comparisons (较2022年末的…), and the asides in brackets (（2023年12月31日：69.5%）),
    which date only what the brackets hold."""
    exprs: list[DateExpr] = []
    bases: list[DateExpr] = []
    j = first
    while j < len(dates) and dates[j].start < s1:
        (bases if dates[j].kind == "base" else exprs).append(dates[j])
        j += 1
    aside = _asides(view, s0, s1, exprs, mentions) if exprs and mentions else []
    if aside:
        exprs = [d for d in exprs if d not in aside]
    if exprs and mentions:
        exprs = [d for d in exprs if not _in_a_note(view, s0, s1, d, mentions)]
    return exprs, bases, aside


def _in_a_note(view: str, s0: int, s1: int, d: DateExpr, mentions: list[Mention]) -> bool:
    """2021—2023年（2023年为预计数，下同）: a time in brackets that say something of their
    own, with no figure, is a note's subject; it dates nothing outside them."""
    around = _bracket(view, s0, s1, d.start)
    if not around or any(around[0] < m.start < around[1] for m in mentions):
        return False
    if any(view.find(w, around[0], around[1]) >= 0 for w in _DATA_NOTE):
        return False  # （统计数据截至2024年9月末）: a note that says when the figures hold
    return (around[1] - around[0] - 1) - (d.end - d.start) > 2


_DATA_NOTE = ("截至", "截止", "统计", "数据", "时间")


def _introduces(view: str, start: int, end: int) -> bool:
    """…主要经济指标运行情况如下：: a sentence that introduces what follows."""
    return view.endswith(("：", ":"), start, end) or view.find("如下", start, end) >= 0


def _lead_period(view: str, a: int, s1: int, mentions: list[Mention], exprs: list[DateExpr]) -> DateExpr | None:
    """The period a lead opens with: a part of a year (2024年1—9月, 上半年), not a year,
    a span or a range, which a lead also opens with when it tells a story (2019年，某集团
    启动混改); near its start (after a dateline and a source, 新华社北京11月25日电（记者…）
    记者25日从国资委获悉，1—10月，…) and before any figure. A lead with no figure at all
    (…公布截至2024年6月30日止六個月之中期業績) is about its period wherever it names it."""
    first_figure = mentions[0].start if mentions else s1
    reach = LEAD_CHARS if mentions else s1 - a
    opening = [d for d in exprs if d.start - a <= reach and d.start < first_figure
               and d.kind == "period" and d.value and not _in_a_name(view, d)]
    return opening[0] if opening else None


def _refined(view: str, s0: int, s1: int, mentions: list[Mention], exprs: list[DateExpr],
             aside: list[DateExpr], dated: list[str | None], event_day: str | None,
             event_para: bool) -> list[str | None]:
    """A sentence's dates after the special cases: figures in brackets, a list of times
    paired with a 分别 list, figures of an event itself."""
    if aside:
        dated = _bracketed_dates(view, s0, s1, mentions, aside, dated)
    if len(exprs) > 1:
        dated = _paired_times(view, s1, mentions, exprs, dated)
    elif exprs:
        dated = _paired_range(view, s1, mentions, exprs, dated)
    if event_day and (event_para or _at_the_event(view, s0, s1)) and not _plans_by_word(view, s0, s1):
        dated = _on_event_day(view, s0, s1, mentions, exprs, dated, event_day, event_para)
    return dated


def _asides(view: str, s0: int, s1: int, exprs: list[DateExpr], mentions: list[Mention]) -> list[DateExpr]:
    """Times inside brackets that hold a figure of their own (（2023年12月31日：69.5%）),
    not a bracket that only gives the sentence its time (报告期内（2024年1—6月），…)."""
    if view.find("（", s0, s1) < 0 and view.find("(", s0, s1) < 0:
        return []
    out = []
    for d in exprs:
        around = _bracket(view, s0, s1, d.start)
        if around and any(around[0] < m.start < around[1] for m in mentions):
            out.append(d)
    return out


def _bracket(view: str, s0: int, s1: int, pos: int) -> tuple[int, int] | None:
    """The span of the brackets around pos within its sentence, if any."""
    opened = max(view.rfind("（", s0, pos), view.rfind("(", s0, pos))
    if opened < 0 or max(view.rfind("）", opened, pos), view.rfind(")", opened, pos)) >= 0:
        return None
    closes = [c for c in (view.find("）", pos, s1), view.find(")", pos, s1)) if c >= 0]
    return (opened, min(closes)) if closes else None


def _bracketed_dates(view: str, s0: int, s1: int, mentions: list[Mention], aside: list[DateExpr],
                     dated: list[str | None]) -> list[str | None]:
    """A figure inside brackets with a time before it there takes that time."""
    out = []
    for men, date in zip(mentions, dated):
        around = _bracket(view, s0, s1, men.start)
        inside = [d for d in aside if around and around[0] < d.start and d.end <= men.start]
        out.append(inside[-1].value if inside and inside[-1].value else date)
    return out


def _paired_times(view: str, s1: int, mentions: list[Mention], exprs: list[DateExpr],
                  dated: list[str | None]) -> list[str | None]:
    """2022年、2023年，公司归母净利润分别为4.86亿元、5.44亿元: a list of times and a 分别
    list of as many figures pair up in order."""
    run = [exprs[0]]
    for d in exprs[1:]:
        if view[run[-1].end: d.start] in LIST_JOINERS:
            run.append(d)
        elif len(run) < 2:
            run = [d]
        else:
            break
    if len(run) < 2 or any(d.value is None for d in run):
        return dated
    return _pair_with_fenbie(view, s1, mentions, exprs, run[-1].end, [d.value for d in run], dated)


def _paired_range(view: str, s1: int, mentions: list[Mention], exprs: list[DateExpr],
                  dated: list[str | None]) -> list[str | None]:
    """2021—2023年，营业收入分别为100亿元、120亿元和150亿元: a range of years and a 分别 list
    of a figure per year pair up in order."""
    d = exprs[0]
    if d.kind != "range" or not d.low or not d.value:
        return dated
    years = [str(y) for y in range(int(d.low), int(d.value) + 1)]
    if not 2 <= len(years) <= _MAX_PAIRED_YEARS:
        return dated
    return _pair_with_fenbie(view, s1, mentions, exprs, d.end, years, dated)


_MAX_PAIRED_YEARS = 10


def _pair_with_fenbie(view: str, s1: int, mentions: list[Mention], exprs: list[DateExpr], after: int,
                      values: list[str], dated: list[str | None]) -> list[str | None]:
    """The figures of a 分别 list after view offset `after` take `values` in order, when
    there are as many of them, joined as a list, and no more."""
    fb = view.find("分别", after, s1)
    if fb < 0 or any(after <= d.start < fb for d in exprs):
        return dated  # no 分别, or another time before it (与2022年、2023年相比，2024年…分别)
    first = next((i for i, m in enumerate(mentions) if m.start > fb), None)
    if first is None or first + len(values) > len(mentions):
        return dated
    joined = [view[a.end: b.start] in LIST_JOINERS for a, b in zip(mentions[first:], mentions[first + 1:])]
    if not all(joined[: len(values) - 1]) or (len(joined) >= len(values) and joined[len(values) - 1]):
        return dated  # as many figures as times, joined, and no more
    out = list(dated)
    for k, value in enumerate(values):
        out[first + k] = value
    return out


def _held_on(view: str, exprs: list[DateExpr], s1: int) -> str | None:
    """1月15日，集团召开工作会议 / 国资委14日召开推进会: the day an event was held (its
    verb later in the same sentence; an as-of day, 截至3月31日, is none)."""
    for d in exprs:
        if d.kind == "day" and d.value and not view.startswith(_AS_OF, d.start) \
                and _event_verbs().search(view, d.end, min(s1, d.end + EVENT_VERB_CHARS)):
            return d.value
    return None


def _at_the_event(view: str, start: int, end: int) -> bool:
    """约320人参加会议, 会上，6家中央企业作了交流发言: a sentence about the event itself
    (its goals are left to their deadlines: see _plans_by_word)."""
    return view.startswith(_event_openers(), start) or _event_words().search(view, start, end) is not None


def _plans_by_word(view: str, start: int, end: int) -> bool:
    """A goal word of two characters (力争, 预计: 要 is also in 主要负责人)."""
    return any(view.find(w, start, end) >= 0 for w in _two_character_goals())


def _on_event_day(view: str, s0: int, s1: int, mentions: list[Mention], exprs: list[DateExpr],
                  dated: list[str | None], day: str, event_para: bool) -> list[str | None]:
    """A figure of the event holds on the event's day: one whose clause tells of the
    event (60余人参加会议, even after 通报2024年情况), or, in a sentence that opens with
    会上 and names no other time, any (会上，6家中央企业作了交流发言; but 会上，国资委介绍，
    2023年中央企业实现营业收入… keeps 2023)."""
    cuts = [m.start() for m in _CLAUSE.finditer(view, s0, s1)] + [s1]
    bounds = list(zip([s0] + [c + 1 for c in cuts[:-1]], cuts))
    opener_only = not exprs and (event_para or view.startswith(_event_openers(), s0))
    out = []
    for men, date in zip(mentions, dated):
        a, b = bounds[bisect_right(cuts, men.num_start)] if men.num_start < s1 else (s0, s1)
        own = any(a <= d.start < b for d in exprs)
        about = _event_words().search(view, a, b) is not None
        out.append(day if not own and (about or opener_only) else date)
    return out


@cache
def _event_verbs() -> re.Pattern:
    return re.compile(alternation(load("dates")["event"]["verbs"]))


@cache
def _two_character_goals() -> tuple[str, ...]:
    return tuple(w for w in load("metrics")["target"]["words"] if len(w) > 1)


@cache
def _same_day() -> tuple[str, ...]:
    return tuple(load("dates")["event"]["same_day"])


@cache
def _event_openers() -> tuple[str, ...]:
    return tuple(load("dates")["event"]["openers"])


@cache
def _event_words() -> re.Pattern:
    return re.compile(alternation(load("dates")["event"]["words"]))


def _in_a_name(view: str, d: DateExpr) -> bool:
    """在一季度经济形势分析会上: a period that only names a meeting."""
    return view[d.start - 1: d.start] == "在" and not view.startswith(("，", ","), d.end)


def _opens_with_asof(view: str, para: tuple[int, int], d: DateExpr) -> bool:
    """资产方面，截至9月末，…: an as-of day that opens its paragraph holds for all of it."""
    return view.startswith(_AS_OF, d.start) and d.start - para[0] <= ASOF_OPENS


def _date_sentence(view: str, s0: int, mentions: list[Mention], exprs: list[DateExpr],
                   carry: DateExpr | None, default: str | None,
                   bases: list[DateExpr] = ()) -> list[str | None]:
    if not mentions:
        return []
    if bases:  # 较2022年末的4.21万亿元: the base figure holds at the base's time
        # the figure right after the base's time or its 的; a difference (高于2023年5个百分点)
        # or a multiple is no base figure
        at = {d.end + (1 if view.startswith("的", d.end) else 0): d for d in bases}
        base_of = [None if m.unit in _NO_BASE_UNITS else at.get(m.num_start) for m in mentions]
        rest = [i for i, d in enumerate(base_of) if d is None]
        dated = _date_sentence(view, s0, [mentions[i] for i in rest], exprs, carry, default) if rest else []
        base_dates = [d.value if d else None for d in base_of]
        for i, d in zip(rest, dated):
            base_dates[i] = d
        now = next((d for d in dated if d), None)
        for i, d in enumerate(base_of):
            if d is not None and now and (len(now) == 4 or "/" in now) \
                    and view[d.start:d.end] in _LAST_YEAR_WORDS:
                base_dates[i] = year_before(now)  # 2023年…合计8127.6亿元，较上年的7415.3亿元: 2022
        return base_dates
    cuts = [m.start() for m in _CLAUSE.finditer(view, s0, mentions[-1].end if not exprs else
                                                max(mentions[-1].end, exprs[-1].end))]
    clause = lambda pos: bisect_right(cuts, pos)  # noqa: E731
    m_clause = [clause(m.num_start) for m in mentions]
    d_clause = [clause(d.start) for d in exprs]
    d_starts = [d.start for d in exprs]
    busy = set(m_clause)
    # 由2022年的1.6%提升至2.3%: a time after 由 dates the from-value alone
    starts_from = [i for i, d in enumerate(exprs) if from_value_time(view, d.start, d.end)]
    # a later clause's time dates a figure only when no time is in force, or when it is a
    # footnote on the figures (资产总额2860亿元，这一数据截至今年6月底)
    later = carry is None or (bool(exprs) and _FOOTNOTE.search(view, s0, exprs[-1].end) is not None)
    dates: list[str | None] = []
    for men, c in zip(mentions, m_clause):
        if starts_from:
            keep = [i for i in range(len(exprs)) if i not in starts_from
                    or not any(exprs[i].end <= o.start < men.start for o in mentions)]
            pick = _pick([exprs[i] for i in keep], [d_clause[i] for i in keep],
                         [d_starts[i] for i in keep], men, c, busy, later) or carry
        else:
            pick = _pick(exprs, d_clause, d_starts, men, c, busy, later) or carry
        date = _value(pick, view, men) if pick else default
        if date and men.unit not in _NO_BASE_UNITS and \
                _SAME_PERIOD_BASE.search(view, max(s0, men.start - 6), men.start):
            date = year_before(date)  # 上半年清退189户，去年同期为146户: last year's half
        dates.append(date)
    return dates


_FOOTNOTE = re.compile(r"(?:这一|该|上述|以上|相关)?(?:数据|数字|统计)(?:均)?(?:截至|截止|统计至)")


def _pick(exprs: list[DateExpr], d_clause: list[int], d_starts: list[int], men: Mention,
          c: int, busy: set[int], later: bool = True) -> DateExpr | None:
    i = bisect_right(d_starts, men.start) - 1
    while i >= 0 and exprs[i].end > men.start:  # a time inside the mention itself
        i -= 1
    before = exprs[i] if i >= 0 else None
    if before is not None and d_clause[i] == c:
        return before  # same clause, before the number
    j = bisect_left(d_starts, men.end)
    for k in range(j, len(exprs)):  # same clause, after the number (frames date only what follows)
        if d_clause[k] != c:
            break
        if exprs[k].kind != "frame":
            return exprs[k]
    if before is not None:
        return before  # an earlier clause
    for k in range(j if later else len(exprs), len(exprs)):  # a later clause that dates no other quantity
        if d_clause[k] > c and d_clause[k] not in busy and exprs[k].kind != "frame":
            return exprs[k]
    return None
