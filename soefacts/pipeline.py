"""The extraction passes, in order: text -> quantities -> times -> metrics -> records."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .attach import PieceState, date_mentions, in_year
from .dates import (YEARBOOK_HEAD, find_dates, find_publication_date, parse_ref_date, taiwan_from,
                    title_year, year_before, yearbook_year)
from . import tables
from .lexicon import load
from .metrics import GoalWords, assign as assign_metrics, clip, goal_words, only_owner
from .numbers import tidy
from .quantities import LIST_JOINERS, MINUS, Mention, find_mentions, links_open_at_end
from . import record
from .text import BLANK_LINE, Doc

if TYPE_CHECKING:
    from .model import Fact


def extract(text: str, ref_date: dt.date | str | None = None, *,
            source: str = "-", base_offset: int = 0) -> list[Fact]:
    """Return one Fact per quantity mention in `text`, in order.

    ref_date: reference date for relative time words (今年, 去年, 目前); when None the
    publication date is looked for in the text itself (dates.find_publication_date).
    source: copied into every record. base_offset: added to start/end, for callers that
    extract a document piece by piece (records then index the whole document; see
    extract_piece for the state that passes between pieces).
    """
    ref = parse_ref_date(ref_date) if ref_date is not None else find_publication_date(text)
    # The model checks the records itself, all of them in one call.
    return _facts().validate_python(_piece(text, ref, source, base_offset, None)[0])


def extract_records(text: str, ref_date: dt.date | str | None = None, *,
                    source: str = "-", base_offset: int = 0) -> list[dict]:
    """`extract`, as checked plain dicts (what the command line writes)."""
    ref = parse_ref_date(ref_date) if ref_date is not None else find_publication_date(text)
    return extract_piece(text, ref, source=source, base_offset=base_offset)[0]


@cache
def _facts():
    """Fact, for a list of records; pydantic's model layer loads only when it is asked for."""
    from pydantic import TypeAdapter

    from .model import Fact

    return TypeAdapter(list[Fact])


def extract_piece(text: str, ref: dt.date | None, *, source: str = "-", base_offset: int = 0,
                  state: PieceState | None = None) -> tuple[list[dict], PieceState | None]:
    """Extract one piece of a document cut at a paragraph boundary; `state` is what the
    previous piece returned, so that what one piece says still holds in the next (a time
    governing a paragraph, the article's last period, its title's year, its lead's
    period, a related-links block left open). Pass PieceState() for the first piece;
    with None no state is kept (a whole document). The records are checked plain dicts."""
    facts, state = _piece(text, ref, source, base_offset, state)
    return record.validate(facts), state  # every record passes the contract, in one call


def _piece(text: str, ref: dt.date | None, source: str, base_offset: int,
           state: PieceState | None) -> tuple[list[dict], PieceState | None]:
    """extract_piece, before the records are checked."""
    doc = Doc(text)
    piecewise = state is not None
    links_open = piecewise and state.links_open
    mentions = find_mentions(doc.view, links_open)
    table = _TABLE_LINE.search(text) is not None
    if not mentions and not table and state is None:
        return [], None
    state = state or PieceState()
    if not state.started and doc.view:  # the document's first words: its title, if any
        a, b = doc.paragraphs[0]
        # the year a yearbook page records (named in its head block), else the title's year
        year = yearbook_year(_head_block(text), ref) or title_year(doc.view[a:b], ref)
        state = replace(state, started=True, title_year=year)
    if piecewise:
        state = replace(state, links_open=links_open_at_end(doc.view, links_open))
    taiwan_at = 0 if state.taiwan else None  # where Taiwan's 元 and 113年 begin, if they do
    if state.taiwan is None:
        decided, at, end = taiwan_from(doc.view)
        if decided and not _TRADITIONAL_MARK.search(doc.orig_text(at, end)):
            decided = False  # 新台币 in simplified characters: the mainland's press naming it
        if decided is not None:
            state = replace(state, taiwan=decided)
            taiwan_at = at if decided else None
    dates = find_dates(doc.view, ref, state.title_year, roc_from=taiwan_at)
    # the times that may date a table (its own piece's, after the last one before it)
    table_times = _table_times(doc, dates, state) if table or piecewise else []
    if piecewise and table_times:
        state = replace(state, last_time=table_times[-1][1])
    if not mentions and not table:  # no facts here, but its times may govern the next piece
        return [], date_mentions(doc, [[] for _ in doc.sentences], dates, ref, state)[1]
    times = _joined_times(doc.view, [(d.start, d.end) for d in dates if d.kind != "base"])
    by_sentence = _group(doc, mentions)
    when, state = date_mentions(doc, by_sentence, dates, ref, state)
    facts: list[dict] = []
    for sent, group, sent_dates in zip(doc.sentences, by_sentence, when):
        if not group:
            continue
        metrics, subjects = assign_metrics(doc.view, sent.start, sent.end, group, times)
        sentence = doc.sentence_text(sent)
        cue = _cues()[2].search(doc.view, sent.start, sent.end)
        first_cue = cue.start() if cue else sent.end  # a goal word makes what follows a target
        for men, metric, subject, date in zip(group, metrics, subjects, sent_dates):
            facts.append(_record(doc, sent.start, sent.end, men, metric, subject, date, sentence,
                                 source, base_offset, first_cue < men.start))
    if table:
        facts = _read_tables(doc, facts, table_times, ref, source, base_offset)
    if taiwan_at is not None:
        _in_taiwan_dollars(facts, doc.to_orig(taiwan_at) + base_offset)
    return facts, state


# Taiwan's press writes 新台幣/新臺幣 and 民國 in traditional characters.
_TRADITIONAL_MARK = re.compile(r"[幣國臺]")
# An amount written in renminbi, whatever the article's own currency.
_RENMINBI = re.compile(r"人民[币幣]|RMB|CNY|[¥￥]")


def _in_taiwan_dollars(facts: list[dict], start: int) -> None:
    """In Taiwan's press (from offset `start` on) a bare 元 is the New Taiwan dollar
    (稅後淨利72.6億元)."""
    for f in facts:
        if f["unit"] == "元" and f["start"] >= start and _RENMINBI.search(f["text"]) is None:
            f["unit"] = "新台币"


def _joined_times(view: str, times: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """2025年度、2026年度和2027年度: a list of times is one span, so that a metric cut
    around it keeps none of its 、 and 和."""
    out: list[tuple[int, int]] = []
    for a, b in times:
        if out and view[out[-1][1]:a] in LIST_JOINERS:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


_NOT_SPACE = re.compile(r"\S")


def _head_block(text: str) -> str:
    """A document's first block (title, source line), up to its first blank line: the
    same whether the document is read whole or in pieces cut at blank lines."""
    first = _NOT_SPACE.search(text)
    start = first.start() if first else len(text)
    m = BLANK_LINE.search(text, start, start + YEARBOOK_HEAD)
    return text[start: m.start() if m else start + YEARBOOK_HEAD]


def _table_times(doc: Doc, dates: list, state: PieceState) -> list[tuple[int, str]]:
    """(original end, value) of the times a table may take, in order; tables know no
    sections, so their 全年 is the title's year (a 2024年年报)."""
    times = [(doc.to_orig(d.end), in_year(d, state.title_year).value)
             for d in dates if d.kind not in ("frame", "base") and d.value]
    return ([(-1, state.last_time)] if state.last_time else []) + times


@lru_cache(maxsize=256)
def _column_time(name: str, ref: dt.date | None) -> str | None:
    """A column named by a time alone (2023年末, 2024年), as an ISO date."""
    found = find_dates(name, ref)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(name) and found[0].kind != "frame":
        return found[0].value
    return None


# A line with two gaps between cells (three cells, as tables.read needs) may belong
# to a flattened table.
_TABLE_LINE = re.compile(r"\S[ \t\u3000]+\S+[ \t\u3000]+\S")


def _read_tables(doc: Doc, facts: list[dict], times: list[tuple[int, str]],
                 ref: dt.date | None, source: str, base: int) -> list[dict]:
    """Name table cells by their column, and add the bare numbers of table rows."""
    text = doc.orig
    starts = [f["start"] - base for f in facts]
    added = []
    for cell in tables.read(doc.simple):
        line_start = text.rfind("\n", 0, cell.start) + 1
        line_end = text.find("\n", cell.end)
        line = text[line_start: line_end if line_end >= 0 else len(text)].strip()
        k = bisect_left(starts, cell.start)
        found = facts[k] if k < len(starts) and starts[k] < cell.end else None
        # A table holds at the time named by the text that introduces it (今年一季度…如下：).
        before = [value for end, value in times if end <= cell.header]  # (not a header's 全年目标)
        date = before[-1] if before else (ref.isoformat() if ref else None)
        column = clip(cell.column)  # a long header is cut like any metric
        subject = cell.row
        when = _column_time(cell.column, ref)
        if when is not None:  # a column per time (2022年末 2023年末) holds at that time
            date = when
        elif date and tables.base_column(cell.column):
            date = year_before(date)  # 上年同期: the same period a year before
        if when is not None or tables.change_column(cell.column) or tables.value_column(cell.column):
            # what the cell measures: the row (营业收入 172.84 186.42 7.86%), or, when the
            # rows name owners (山东 67.1% 66.3%), the caption above the table
            if cell.owners or only_owner(cell.row):
                column = clip(cell.caption) if cell.caption else (None if when is not None else column)
            else:
                column, subject = clip(cell.row), None
        if found is not None:  # 11.2% already read: its column names it
            found.update(metric=column or found["metric"], subject=subject, date=date)
            if text[cell.start] in MINUS and found["start"] - base == cell.start + 1:
                # -2.4% in a table is a fall: the sign is part of the value as written
                found.update(value=-found["value"], text=text[cell.start] + found["text"],
                             start=found["start"] - 1)
        elif cell.value is not None:
            added.append(dict(metric=column, value=tidy(cell.value), unit=cell.unit,
                              date=date, qualifier=None, sentence=line,
                              text=text[cell.start:cell.end], start=cell.start + base,
                              end=cell.end + base, source=source, subject=subject,
                              rule="table_cell"))
    return sorted(facts + added, key=lambda f: f["start"]) if added else facts


# Text that walks every path once: each rule's pattern is compiled on first use.
_WARM_UP = ("某集团2024年工作总结\n\n据统计，2024年1—9月，全省售电量1032亿度，铁塔2600基。\n\n"
            "分行业看，电力业增加值分别增长9.6%、4.3%，去年全年营收3亿元。\n\n"
            "原标题：國資委：上半年央企營收增長2%\n\n一、2023年工作回顾\n\n"
            "据统计，中央企业实现营业收入约3.8万亿元，同比增长1.5%，占比不低于营业收入的3%；"
            "截至2023年底，营收、利润分别达到3至5家和10%-15%，港币2960元，三万元欧元，"
            "每10股派发现金红利22.6元，即每股2.26元，湖北交投集团过千亿元的企业。\n\n"
            "相关新闻：\n·某集团突破6万亿元\n\n"
            "企业名称 营业收入（亿元） 同比增长\n甲集团 156.3 11.2%\n\n"
            "单位：万元\n企业 收入 利润 增长率\n甲 100 20 5%\n\n截至2024年12月31日止年度，2024年半年度报告。\n")


def warm_up() -> None:
    """Compile every pattern and load every data file now (before forking workers)."""
    extract_records(_WARM_UP, "2024-01-01")


def _group(doc: Doc, mentions: list[Mention]) -> list[list[Mention]]:
    starts = [s.start for s in doc.sentences]
    groups: list[list[Mention]] = [[] for _ in doc.sentences]
    for men in mentions:
        groups[bisect_right(starts, men.start) - 1].append(men)
    return groups


@cache
def _cues() -> tuple[tuple[str, ...], tuple[str, ...], GoalWords]:
    """Words that end the text before a change (up, down), and the goal words."""
    d = load("metrics")
    return tuple(d["direction"]["up"]), tuple(d["direction"]["down"]), goal_words()


def _record(doc: Doc, s0: int, s1: int, men: Mention, metric: str | None, subject: str | None,
            date: str | None, sentence: str, source: str, base: int, target: bool) -> dict:
    """A record's fields, validated later with the piece's other records (Fact)."""
    start, end = doc.span(men.start, men.end)
    up, down, _ = _cues()
    lead = doc.view[max(s0, men.start - 6):men.start].removesuffix("了")  # 增长了3%
    direction = "up" if lead.endswith(up) else "down" if lead.endswith(down) else None
    return dict(
        metric=_original(doc, s0, s1, metric),
        value=men.value,
        unit=men.unit,
        date=date,
        qualifier=men.qualifier,
        sentence=sentence,
        text=doc.orig[start:end],
        start=start + base,
        end=end + base,
        source=source,
        subject=_original(doc, s0, s1, subject),
        direction=direction,
        target=target,
        rule=men.rule,
    )


def _original(doc: Doc, s0: int, s1: int, phrase: str | None) -> str | None:
    """The phrase as written in the source (traditional stays traditional)."""
    if not phrase:
        return None
    at = doc.view.find(phrase, s0, s1)
    if at < 0:
        return phrase
    start, end = doc.span(at, at + len(phrase))
    if not doc.translated and end - start == len(phrase):
        return phrase  # nothing was normalised inside it: the view is the original
    text = doc.orig[start:end]
    text = "".join(text.split())
    return text if 0 < len(text) <= 20 else phrase
