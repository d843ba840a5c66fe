"""Properties of `extract` that must hold for any input (hypothesis).

- it never raises, whatever the text;
- every record points at its mention: text[start:end] == fact.text, and the value is finite,
  the unit canonical;
- extracting paragraph by paragraph (with base_offset and an explicit ref_date) gives what
  extracting the whole gives: this is what the CLI relies on to read huge files in pieces;
- pathological runs of numerals and magnitudes finish.
"""

from __future__ import annotations

import datetime
import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from soefacts.attach import PieceState
from soefacts.pipeline import extract, extract_piece
from soefacts.units import is_canonical_unit

REF = datetime.date(2023, 6, 30)

FRAGMENTS = [
    "3.8万亿元，", "约", "百分之", "\n", "\n\n", "　", "。", "54.6亿元", "三成", "逾", "近", "超过",
    "以上", "左右", "不低于", "至少", "增长", "下降", "个百分点", "倍", "户", "家", "万", "亿", "千",
    "百", "十", "一", "二", "三", "零", "两", "0", "1", "9", ".", "%", "％", "２", "０", "年", "月",
    "日", "2023年", "去年", "今年", "截至", "年底", "一季度", "上半年", "营业收入", "中央企业",
    "利润总额", "实现", "达到", "元", "美元", "吨", "/人", "分别为", "、", "，", "；", "“", "”", "（",
    "）", " ", "\t", "-", "+", "=", "第", "十三五", "億", "萬", "戶", "*ST", "http://x.cn/1",
    # shapes later rules read: 分别 lists, anaphors, tables, Hong Kong periods, headings
    "分别", "这两项", "和", "的", "每", "一、", "【", "】", "相关新闻：", "·", "  ", "〇", "二〇",
    "截至2024年6月30日止六个月", "昨日", "年增", "占比", "第1季", "3万", "万亿", "至", "块",
    # and the shapes of the later rules: a title's year, a lead's period, unit notes, kWh
    "某集团2024年工作总结\n\n", "据统计，2024年1—9月，", "全年", "去年全年", "单位：万元\n",
    "企业 收入 利润 增长率\n", "甲 100 20 5%\n", "亿度", "基", "止年度", "半年度", "维持",
    # and this session's: events, brackets, yearbooks, time lists, comparison bases, segments
    "1月15日召开", "会上，", "活动现场，", "参加会议", "（2023年末：", "年鉴（2024）", "《", "》",
    "2022年、2023年，", "较2022年末的", "由2022年的", "以来", "至今", "过去一年，", "业务", "三届五次",
    "项目 2022年 2023年 同比增减\n", "计划的", "十四五末",
    # and the fourth session's: Taiwan's currency and years, headlines, datelines, tables
    "新台幣", "人民幣", "民國113年", "112年", "稅後淨利72.6億元", "业绩 股东应占溢利",
    "新闻稿　即时发布　2025年3月26日\n", "指    标    本  期    同比增长\n", "营业收入（亿元）  6823.5  -5.8%\n",
    "中旬", "仪式上，", "当天", "“新国九条”", "签约", "分别不低于", "第三至五位", "与上年基本持平",
]

chinese_like = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.text(max_size=300)
texts = st.one_of(any_text, chinese_like)

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check_records(text: str, facts) -> None:
    """Facts (the library's models) or records (the pipeline's checked dicts)."""
    for fact in facts:
        fact = fact if isinstance(fact, dict) else fact.model_dump()
        assert text[fact["start"]:fact["end"]] == fact["text"]
        assert isinstance(fact["value"], (int, float)) and math.isfinite(fact["value"])
        assert is_canonical_unit(fact["unit"]), fact["unit"]


@SETTINGS
@given(texts)
def test_extract_never_raises_and_records_point_at_their_mention(text):
    _check_records(text, extract(text, REF))


@SETTINGS
@given(texts)
def test_without_a_reference_date_too(text):
    _check_records(text, extract(text))


@SETTINGS
@given(st.lists(chinese_like, min_size=1, max_size=5))
# found with many examples: a table across a blank line; a table dated by an earlier piece
@example(["企业 收入 利润 增长率\n", "甲 100 20 5%\n"])
@example(["2023年", "企业 收入 利润 增长率\n甲 100 20 5%\n"])
@example(["\n", "项目 2022年 2023年 同比增减\n3.8万亿元，\n3.8万亿元，"])  # leading blank lines
@example(["", "\n三成\n单位：万元\n3.8万亿元，"])
@example(["《", "3.8万亿元，项目 2022年 2023年 同比增减\n》"])  # 《 across a blank line
@example(["", "3.8万亿元，年底年鉴（2024）去年"])  # a yearbook after leading blank lines
def test_paragraph_by_paragraph_equals_the_whole(paragraphs):
    pieces = [p + "\n\n" for p in paragraphs]
    whole_text = "".join(pieces)
    whole = [f.model_dump() for f in extract(whole_text, REF, source="doc")]
    # Pieces pass each other the governing time (a list lead-in ending in ：, the
    # article's last period), as the CLI does when it reads a huge file in pieces.
    by_piece, offset, state = [], 0, PieceState()
    for piece in pieces:
        facts, state = extract_piece(piece, REF, source="doc", base_offset=offset, state=state)
        _check_records(whole_text, facts)
        by_piece.extend(facts)
        offset += len(piece)
    assert by_piece == whole


# Then two flattened-table shapes (lines of bare numbers, one long table) and one
# sentence of endless 分别 lists.
@pytest.mark.parametrize("unit", ["一", "7", "亿", "3.8万亿元，", "1 2 3 4\n", "甲 1.5 2% 3\n",
                                  "这两项行动分别达到3户和4户，"])
def test_300000_characters_of_repetition_finish(unit):
    n = 300_000 // len(unit)
    script = ("from soefacts import extract\n"
              f"facts = extract({unit!r} * {n}, '2023-06-30')\n"
              "print(len(facts))\n")
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr[-2000:]
    int(res.stdout.strip())
