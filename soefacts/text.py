"""Text layer: a normalised view of a document, with a map back to the original.

Matching runs on `Doc.view`, a copy of the text in which
- full-width digits and signs are ASCII and traditional characters simplified
  (both one to one, so they cost no offset bookkeeping);
- whitespace inside a sentence is gone ("逾 8万户", "5180.8 亿元", "3000\\n亿元"),
  except one space between two ASCII words;
- paragraph boundaries (blank lines, a run of ideographic spaces, a line that is
  not a wrapped continuation) are a single "\\n".
Deleting whitespace is the only change of length, so `Doc.span()` maps any view
span back to the original with a short list of anchors and `bisect`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import NamedTuple

from .lexicon import HAN, load
from .units import spellings

# Characters after which a line break ends a sentence, not just a line.
_TERMINAL = set("。！？!?；;：:…”’」』）)")
_WS_RUN = re.compile(r"[ \t\r\n\u3000\u00a0\u2000-\u200b\u202f\u205f\ufeff]+")
_SENT_END = re.compile(r"[。！？!?；;]+[”’」』\"]*|\n")
_LINE_JOIN_RE = re.compile(r"[ \t\r\u3000\u00a0]*\n[ \t\r\u3000\u00a0]*")
# Page furniture and headline marks: a line holding one is never joined to the next.
# Two patterns, so that each scan can skip ahead: marks at the line's start, and marks
# anywhere (each begins with a literal). A spaced-out running head (湖 南 年 鉴) has
# three gaps, so it is a table-like line (_table_row), never joined either.
@cache
def _furniture_start() -> re.Pattern:
    """Marks at a line's start: a byline, a date, a bullet (stoplist.toml), a rule
    (────), a page mark (·227·)."""
    bullets = re.escape(load("stoplist")["furniture"]["bullets"])
    return re.compile(
        r"[<【(（\[]?(?:来源|发布|编辑|记者|作者|责编|原标题|(?:19|20)\d{2}[-/.年]\d)" + rf"|[{bullets}]"
        r"|[─━—=_\-·•]{3,}|[·•]\d+[·•]")


_FURNITURE_ANY = re.compile(r"丨|\||【|】|<|>|来源[:：]|发布时间|19\d{2}-\d{1,2}-\d{1,2}|20\d{2}-\d{1,2}-\d{1,2}"
                            r"|(?<![转接])第\s*[A-Z]?\d{1,3}\s*版")  # a page line (2024年12月27日 第 04 版), not 下转第3版


# A short line that ends in a full date (新闻稿　即时发布　2025年3月26日, 经济参考报 2025年2月18日
# 星期二) is a dateline.
_DATELINE = re.compile(r"[^\n。，,；;：:于在到至止]{0,20}(?<!截)(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期.|周.)?\s*(?:\d{1,2}[:：]\d{2})?\s*")


def _furniture(line: str) -> bool:
    if line.lstrip(" \t\u3000")[:1] == "【":
        m = _SECTION_MARK.match(line)
        if m and len(line) - m.end() > 10:
            line = line[m.end():]  # 【概况】 2022年末，…: a yearbook's section opens a paragraph of text
    return _furniture_start().match(line) is not None or _FURNITURE_ANY.search(line) is not None \
        or (line.rstrip()[-1:] in _DATELINE_ENDS and _DATELINE.fullmatch(line) is not None)


_DATELINE_ENDS = frozenset("日一二三四五六0123456789")  # how a dateline ends: 3月26日, 星期二, 18:46


_SECTION_MARK = re.compile(r"\s*【[^】\n]{1,8}】\s*")


@cache
def _translation() -> dict[int, str]:
    """Full-width ASCII -> ASCII, and traditional -> simplified, one to one."""
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width forms of ! .. ~
        ch = chr(code - 0xFEE0)
        if ch not in ",:;()?!":  # keep ，：；（）？！ as Chinese punctuation
            table[code] = ch
    t2s = load("t2s")
    for trad_key, simp_key in (("traditional", "simplified"), ("traditional_more", "simplified_more")):
        for t, s in zip(t2s[trad_key], t2s[simp_key]):
            table.setdefault(ord(t), s)
    return table


@cache
def _joinable_right() -> frozenset[str]:
    """First characters that continue a number across a line break: units, magnitudes."""
    chars = set("0123456789.%万亿千百十兆年月日季")
    chars.update(form[0] for form in spellings())
    chars.update("低少足超到于")  # 不\n低于, 不\n少于, 不\n足 ...
    return frozenset(chars)


_JOINABLE_LEFT = frozenset("0123456789.零〇一二三四五六七八九十百千万亿两不约逾近超")


@cache
def _part_of_time() -> tuple[str, ...]:
    return tuple(load("dates")["line_joins"]["part_of_time"])


def simplified(text: str) -> str:
    """The text with full-width ASCII and traditional characters mapped one to one: the
    same length and offsets (the view before its whitespace goes)."""
    return text if _translated_chars().search(text) is None else text.translate(_translation())


@cache
def _translated_chars() -> re.Pattern:
    """Most simplified text has nothing to translate: a character class finds that out
    ten times faster than a set test, whose loop makes a string of every character.
    (Runs of code points become ranges: the class compiles in half the time.)"""
    runs: list[list[int]] = []
    for c in sorted(_translation()):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                                    for a, b in runs) + "]")


_GAP = re.compile(r"\S[ \t\u3000]+(?=\S)")
_BARE_NUMBER = re.compile(r"(?:^|[ \t\u3000])[\d.,]+(?=[ \t\u3000])")


def _table_row(line: str) -> bool:
    """A line of a flattened table: cells apart by spaces, ending in a number (or a
    header of three or more cells). OCR spaces around numbers end in text instead."""
    gaps = len(_GAP.findall(line.strip()))
    end = line.rstrip()[-1:]
    if end.isdigit() or end == "%":
        return gaps >= 2
    # a header names its columns; a bare number between spaces is OCR prose (企业 32 家，资)
    return gaps >= 3 and _BARE_NUMBER.search(line) is None


@cache
def _unit_halves() -> tuple[frozenset[str], frozenset[str]]:
    """Characters that can end the first part and begin the second of a cut unit."""
    forms = [f for f in spellings() if len(f) > 1]
    return frozenset(f[i] for f in forms for i in range(len(f) - 1)), frozenset(f[i] for f in forms for i in range(1, len(f)))


def _splits_a_unit(t: str, a: int, b: int) -> bool:
    """Does the line break at t[a:b] cut a unit spelling in two (个百分\n点)?"""
    lefts, rights = _unit_halves()
    if t[a - 1] not in lefts or t[b] not in rights:
        return False
    forms = spellings()
    for left in range(1, 4):
        for right in range(1, 3):
            if t[a - left:a] + t[b:b + right] in forms and len(t[a - left:a]) == left:
                return True
    return False


def _width(line: str) -> float:
    """Visual width of a line: CJK counts 1, ASCII 0.5 (OCR columns are visual)."""
    line = line.strip(" \t\r\u3000")
    return len(line) - len(line.encode("ascii", "ignore")) * 0.5


def _barrier(t: str, start: int, end: int, head: bool, seen: dict[tuple[int, int, bool], bool]) -> bool:
    """Is the line t[start:end] page furniture or a headline (looking at its first 40
    characters only when it is the line after a break), or a table row, whose
    rows each keep their own line? Memoised in `seen`: a line is asked twice, as the
    line after one break and before the next (with its trailing spaces, if any, only
    the first time)."""
    key = (start, end, head and end - start > 40)
    hit = seen.get(key)
    if hit is None:
        line = t[start:end]
        hit = seen[key] = _furniture(line[:40] if head else line) or _table_row(line)
    return hit


BLANK_LINE = re.compile(r"\n[ \t\r\u3000\u00a0]*\n")


def _block_widths(text: str) -> dict[int, float]:
    """For each line break, the column width of its block (lines between blank lines).

    A hard-wrapped block (newspaper/OCR) has lines cut at about the same width; its
    width is that of its widest line but the last. Decided per block, so a text cut
    at blank lines reads the same piece by piece.
    """
    widths: dict[int, float] = {}
    start = 0  # where the current block starts
    for gap in [*BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        lines = text[start:end].split("\n")
        if len(lines) > 1:
            # The median line but the last: a running head or a rule among the
            # lines does not change the column's width.
            # (An empty line is what is left of a run of blank lines: it is no line.)
            sizes = sorted(_width(ln) for ln in lines[:-1] if ln.strip(" \t\r\u3000\u00a0")) or [0.0]
            width = sizes[len(sizes) // 2]
            at = start
            for ln in lines[:-1]:
                at += len(ln)
                widths[at] = width
                at += 1
        if gap:
            start = gap.end()
    return widths


HEADLINE_CHARS = 60  # a headline line is at most this long
_HEADLINE_LEFT = re.compile(rf"{HAN}|[%％”」』》）)]")
_HEADLINE_RIGHT = re.compile(rf"{HAN}|[“「『《]")
_SENTENCE_MARK = re.compile(r"[。！？!?；;，]|,(?!\d)")  # (not the comma of 1,207億元)
_NUMERAL_CHARS = frozenset("零〇一二三四五六七八九十百千万亿两点成")  # 七成 六, 一百五十 个百分点


def _parts_a_headline(t: str, a: int, b: int, left: str, right: str) -> bool:
    """Does the space at t[a:b] part two phrases of a headline (a short line with no
    punctuation that opens a block: 央企2023年“成绩单”出炉 全年营收39.6万亿元)? Not a space
    before or after a number (逾 8万户, 5180.8 亿元), which OCR and typesetting scatter."""
    if not (_HEADLINE_LEFT.match(left) and _HEADLINE_RIGHT.match(right)) \
            or left in _NUMERAL_CHARS or right in _NUMERAL_CHARS \
            or a < 2 or t[a - 2].isspace() or b + 1 >= len(t) or not _HEADLINE_RIGHT.match(t[b + 1]):
        return False  # a phrase on each side, not single characters spaced out (百 分 之, 总 额180)
    if t.startswith(_predicate_starts(), b):
        return False  # 利润总额 同比增长3.2%: a subject and its predicate
    start = t.rfind("\n", 0, a) + 1
    if start and t[t.rfind("\n", 0, start - 1) + 1: start - 1].strip(" \t\r\u3000\u00a0"):
        return False  # a line inside a block: a wrapped line of OCR text, not a headline
    end = t.find("\n", b)
    end = len(t) if end < 0 else end
    return end - start <= HEADLINE_CHARS and _SENTENCE_MARK.search(t, start, end) is None



@cache
def _predicate_starts() -> tuple[str, ...]:
    return tuple(load("metrics")["headline"]["predicate_starts"])


class Sentence(NamedTuple):
    start: int  # view offsets
    end: int
    para: int   # index of the paragraph in the document


class Doc:
    """A document's normalised view, its sentences and the map back to the original."""

    __slots__ = ("orig", "simple", "view", "translated", "_vpos", "_opos", "sentences", "paragraphs")

    def __init__(self, orig: str):
        self.orig = orig
        self.simple = simple = simplified(orig)  # same offsets as orig (the table reader's text)
        self.translated = simple is not orig
        self._build_view(simple)
        self._split()

    # -- view ---------------------------------------------------------------
    def _build_view(self, t: str) -> None:
        wrap = _block_widths(t) if "\n" in t else {}
        barriers: dict[tuple[int, int, bool], bool] = {}
        pieces: list[str] = []
        vpos: list[int] = [0]
        opos: list[int] = [0]
        n = 0      # length of the view so far
        last = 0   # end of the previous whitespace run in t
        for m in _WS_RUN.finditer(t):
            a, b = m.span()
            if a > last:
                vpos.append(n)
                opos.append(last)
                pieces.append(t[last:a])
                n += a - last
            rep = self._replacement(t, a, b, m.group(), wrap, barriers)
            if rep:
                vpos.append(n)
                opos.append(a)
                pieces.append(rep)
                n += len(rep)
            last = b
        if last < len(t):
            vpos.append(n)
            opos.append(last)
            pieces.append(t[last:])
        self.view = "".join(pieces)
        self._vpos, self._opos = vpos, opos

    @staticmethod
    def _replacement(t: str, a: int, b: int, run: str, wrap: dict[int, float],
                     barriers: dict[tuple[int, int, bool], bool]) -> str:
        if a == 0 or b == len(t):
            return ""
        breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
        if breaks >= 2:
            return "\n"
        left, right = t[a - 1], t[b]
        if breaks == 1:
            return "" if Doc._joins(t, a, b, run, left, right, wrap, barriers) else "\n"
        if run.count("\u3000") >= 2:  # "　　" opens a paragraph in web text
            return "\n"
        if _parts_a_headline(t, a, b, left, right):
            return "，"  # 全年业绩 股东应占溢利增长11.3% 末期股息每股0.21港元: parts of a headline
        if left.isascii() and right.isascii() and (left.isalnum() or right.isalnum()):
            return " "  # between Latin words or table cells (45.2 -3.4%): keep one space
        return ""

    @staticmethod
    def _joins(t: str, a: int, b: int, run: str, left: str, right: str, wrap: dict[int, float],
               barriers: dict[tuple[int, int, bool], bool]) -> bool:
        """Does a single line break at t[a] fall inside a sentence?

        A line without closing punctuation runs on into the next when it reaches the
        width of its block (a short line ends a paragraph, or is a heading or a
        caption), unless the next line is indented (a new paragraph) or either line
        is page furniture or a headline.
        """
        if left in _TERMINAL:
            return False
        line_start = t.rfind("\n", 0, a) + 1
        if t.rfind("《", line_start, a) > t.rfind("》", line_start, a):
            return True  # 印发《青岚县国有企\n业改革…方案》: a document's name runs on
        if left in _JOINABLE_LEFT and right in _joinable_right():
            # 3000\n亿元, 2024\n年底, 不\n低于; but rows of a table end at their lines
            # (数字化投入 10 12\n人工成本 30 32)
            next_end = t.find("\n", b)
            return not (_table_row(t[line_start:a])
                        and _table_row(t[b: next_end if next_end >= 0 else len(t)]))
        if _splits_a_unit(t, a, b):
            return True  # 1.4个百分\n点
        if run[run.rfind("\n") + 1:]:
            return False  # indented: a new paragraph
        next_end = t.find("\n", b)
        if _barrier(t, line_start, a, False, barriers) or \
                _barrier(t, b, next_end if next_end >= 0 else len(t), True, barriers):
            return False
        if left in "年月" and t.startswith(_part_of_time(), b):
            return True  # 截至2022年\n年底, 3月\n末: a year or month and its part
        # The block's width is kept at the line's \n (after its \r, if any).
        return _width(t[line_start:a]) >= 0.75 * wrap.get(t.find("\n", a), 0.0)

    # -- sentences ----------------------------------------------------------
    def _split(self) -> None:
        view = self.view
        sentences: list[Sentence] = []
        paragraphs: list[tuple[int, int]] = []
        start, para, para_start = 0, 0, 0
        for m in _SENT_END.finditer(view):
            newline = m.group() == "\n"
            end = m.start() if newline else m.end()
            if end > start:
                sentences.append(Sentence(start, end, para))
            start = m.end()
            if newline:
                paragraphs.append((para_start, m.start()))
                para += 1
                para_start = start
        if start < len(view):
            sentences.append(Sentence(start, len(view), para))
        paragraphs.append((para_start, len(view)))
        self.sentences = sentences
        self.paragraphs = paragraphs

    # -- mapping ------------------------------------------------------------
    def to_orig(self, i: int) -> int:
        k = bisect_right(self._vpos, i) - 1
        return self._opos[k] + (i - self._vpos[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the view span [start, end)."""
        return self.to_orig(start), self.to_orig(end - 1) + 1

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.orig[s:e]

    def sentence_text(self, sent: Sentence) -> str:
        """The sentence as in the source, line breaks inside it joined."""
        return _LINE_JOIN_RE.sub("", self.orig_text(sent.start, sent.end)).strip()
