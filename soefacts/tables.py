"""Flattened tables: a header line of cells, then rows with as many cells.

News pages lose their table markup and keep the cells apart by spaces:

    企业名称 营业收入（亿元） 同比增长 利润总额（亿元）
    合肥建投集团 156.3 11.2% 8.64

A bare number in a cell is a fact with its column's unit and magnitude (亿元 ->
x10^8 元) and its column's name as metric; the row's first cell is its subject.
Works on the original text, line by line; returns cells by original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import load
from .numbers import scale
from .units import denominators, spellings

_CELL = re.compile(r"[^ \t\u3000]+")
_NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")
_HEADER_UNIT = re.compile(r"[（(]([^）)]{1,6})[）)]\s*$")
_MAG = re.compile(r"^([十百千万亿]*)(.*)$")


@dataclass(slots=True)
class Cell:
    start: int            # original offsets of the cell's text
    end: int
    column: str           # the column's name, its unit taken off: 营业收入
    row: str              # the row's first cell: 合肥建投集团
    value: float | None   # for a bare number: its value in the column's unit
    unit: str | None
    caption: str | None = None  # the table's title on the line above its header, if any
    owners: bool = False        # the first column lists owners (its header: 企业, 省份 …)
    header: int = 0             # where the table's header line starts


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CELL.finditer(text, start, end)]


def _unit_of(written: str) -> tuple[str | None, int]:
    """亿元 -> (元, 10^8), % -> (%, 1), 人 -> (人, 1); (None, 1) for anything else."""
    mag, written = _MAG.match(written).groups()
    per, _, denom = written.partition("/")
    unit = "%" if written in ("%", "％") else spellings().get(per, (None,))[0]
    if unit and denom:  # 万元/人: a rate, whose denominator is written as the text writes it
        unit = f"{unit}/{denominators().get(denom, denom)}" if denom in denominators() else None
    if not unit:
        return None, 1
    # 亿元 -> 10^8; 兆瓦 -> 千瓦 x 1000 (units.toml scaled_spellings)
    return unit, (scale(mag) if mag else 1) * load("units")["scaled_spellings"].get(per, 1)


def _column(name: str, note: tuple[str | None, int] = (None, 1)) -> tuple[str, str | None, int]:
    """营业收入（亿元） -> (营业收入, 元, 10^8); 同比增长 -> (同比增长, None, 1). A column
    with no unit of its own takes the table's note (单位：万元), unless it holds ratios."""
    m = _HEADER_UNIT.search(name)
    if not m:
        # (a column per year, 2022年 2023年, takes the note too; a row of counts or
        # ratios in it does not: see read)
        if note[0] and _amounts(name):
            return name, note[0], note[1]
        return name, None, 1
    unit, mag = _unit_of(m.group(1))
    return name[: m.start()], unit, mag


@cache
def _not_amounts() -> tuple[str, ...]:
    """Words of a column that holds no amounts: ratios, counts, ranks (data/units.toml)."""
    return tuple(load("units")["tables"]["not_amounts"])


def _amounts(name: str) -> bool:
    """Can a column so named hold amounts (not 增长率, 户数, 全省位次)?"""
    return not any(w in name for w in _not_amounts())


# 单位：万元 on the line before a table's header (or on the header line itself).
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*([^）)\s，,。；;：:]{1,6})")


def _note(text: str, start: int, end: int) -> tuple[str | None, int]:
    m = _UNIT_NOTE.search(text, start, end)
    return _unit_of(m.group(1)) if m else (None, 1)


def _caption(line: str) -> str | None:
    """四省省属企业资产负债率对比: a short line with no sentence or note in it."""
    line = line.strip()
    if not 2 <= len(line) <= 30 or any(c in line for c in "。，,；;：:") or _CELL.fullmatch(line) is None \
            or any(c.isdigit() for c in line) or line.startswith(("表", "详见", "如下", "见下")):
        return None  # a sentence, a note, a headline with figures, 表1, 详见下表
    return line


@cache
def _tables() -> dict:
    return load("units")["tables"]


def _change_words() -> tuple[str, ...]:
    return tuple(_tables()["change_columns"])


def change_column(name: str) -> bool:
    """同比增减, 增长率: a column of changes, whose cells measure what their row does."""
    return any(w in name for w in _change_words())


def value_column(name: str) -> bool:
    """本期, 本年累计, 金额: a column of the figures themselves, which the rows name."""
    return name in _tables()["value_columns"] or base_column(name)


def base_column(name: str) -> bool:
    """上年同期: the figures a year before the table's time."""
    return name in _tables()["base_columns"]


def _spaced_header(header: list[tuple[int, int, str]], width: int) -> list[tuple[int, int, str]]:
    """指    标    本  期    同比增长: two-character names spaced out to align the header
    with its columns. Runs of one-character cells join into one name, when that gives the
    header as many cells as its rows have."""
    merged: list[tuple[int, int, str]] = []
    for cell in header:
        if merged and len(cell[2]) == 1 and len(merged[-1][2]) == 1 and not cell[2].isdigit():
            merged[-1] = (merged[-1][0], cell[1], merged[-1][2] + cell[2])
        else:
            merged.append(cell)
    return merged if len(merged) == width else header


def _gaps(text: str, start: int, end: int) -> bool:
    """Room for three cells: two spaces or more in the line."""
    return text.count(" ", start, end) + text.count("\t", start, end) + text.count("\u3000", start, end) >= 2


def read(text: str) -> list[Cell]:
    """Every number cell of every flattened table in `text`, which is simplified
    (text.simplified: same offsets as the original, 單位：萬元 is 单位：万元)."""
    out: list[Cell] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    i = 0
    while i < len(lines):
        first, last = lines[i]
        if not (_gaps(text, first, last) and i + 1 < len(lines) and _gaps(text, *lines[i + 1])):
            i += 1  # a header and its first row have three cells or more (most lines have not)
            continue
        header = _cells(text, first, last)
        if len(header) > 3:
            header = _spaced_header(header, len(_cells(text, *lines[i + 1])))
        width = len(header)
        j = i + 1
        rows = []
        # A header names its columns: no cell of it is a number (this also keeps
        # the scan linear on lines of bare numbers).
        is_header = width >= 3 and not any(_NUMBER.fullmatch(c[2]) for c in header)
        while is_header and j < len(lines):
            if text.count("\n", lines[j - 1][1], lines[j][0]) > 1:
                break  # a table ends at a blank line (as a document read in pieces is cut there)
            row = _cells(text, *lines[j])
            if len(row) != width or not any(_NUMBER.fullmatch(c[2].rstrip("%％")) for c in row[1:]):
                break
            rows.append(row)
            j += 1
        if rows:
            # a note on the line right before the header (not across a blank line), or on it
            adjacent = i and text.count("\n", lines[i - 1][1], first) == 1
            note = _note(text, lines[i - 1][0] if adjacent else first, last)
            caption = _caption(text[lines[i - 1][0]: lines[i - 1][1]]) if adjacent else None
            columns = [_column(c[2], note) for c in header]
            owners = header[0][2] in _tables()["owner_headers"]
            for row in rows:
                amounts = not any(w in row[0][2] for w in _tables()["not_amount_rows"])  # not 职工人数, 资产负债率
                label, row_unit, row_mag = _column(row[0][2])  # 营业收入（亿元）: the row's own unit
                for (s, e, cell), (name, unit, mag) in zip(row[1:], columns[1:]):
                    if unit and unit == note[0] and not amounts and not _HEADER_UNIT.search(name):
                        unit = None  # the note's unit is not this row's
                    if row_unit and not _HEADER_UNIT.search(name) and (value_column(name) or _amounts(name)):
                        # the row's own unit, over the table's note; not in a column of
                        # ranks, rates or progress (全省位次, 增速, 完成进度)
                        unit, mag = row_unit, row_mag
                    if _NUMBER.fullmatch(cell) and unit:
                        value = float(cell.replace(",", "")) * mag
                        out.append(Cell(s, e, name, label if row_unit else row[0][2], value, unit, caption, owners, first))
                    elif _NUMBER.search(cell):
                        out.append(Cell(s, e, name, label if row_unit else row[0][2], None, None, caption, owners, first))
            i = j
        else:
            i += 1
    return out
