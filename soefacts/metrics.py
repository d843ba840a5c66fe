"""What a number measures (`metric`) and whom it belongs to (`subject`).

Rules, in the order a reader applies them:
1. the property before the number, within its clause, with time words,
   comparison bases, link verbs (达到, 为, 同比增长) and lead words (其中, 据统计)
   taken off: 国资持股平均比例达到44.18% -> 国资持股平均比例; after an action
   verb the metric begins: 中央企业实现营业收入 -> 营业收入 (subject 中央企业);
2. for a count, the head noun after it: 18家国有控股的上市公司 -> 国有控股的上市公司;
3. a rate with nothing before it names what grew just before: 营业收入5.7万亿元，
   同比增长19.5% -> 营业收入;
4. 分别 lists pair each value with its own metric, in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from .lexicon import HAN, LETTER, alternation as _alt, first_chars, load
from .dates import figure_follows, pattern as time_pattern
from .quantities import Mention

MAX_METRIC = 20
_RANGE_SIGNS = frozenset("至到-~～—－")
_PER_UNIT = re.compile(rf"每{HAN}{{1,2}}")  # 即每股2.26元 restates the figure before it
ANAPHOR_WINDOW = 120  # how far back the names of 这两项… are looked for
_ANAPHOR = re.compile(r"[这该此上述]{1,2}([两二三四五\d])[项个家类种大]")
_QUOTED = re.compile(r"“([^”]{2,12})”")
_FENBIE = re.compile("分别")
_ORG_SUFFIXES = cache(lambda: tuple(load("subjects")["org_suffixes"]))
SUBJECT_WINDOW = 60  # a subject stands within this many characters before its number


@cache
def _data() -> dict:
    return load("metrics")


@cache
def _rx() -> dict[str, re.Pattern]:
    d = _data()
    b = re.escape(d["clause"]["boundaries"])
    link = _alt(d["link"]["words"], not_after={**load("qualifiers")["prefix_not_after"], **d["link"]["not_after"]})
    return {
        "boundary": re.compile(rf"[{b}]"),
        # matched from the clause's start: greedy, so it ends after the last boundary
        # (not the dash of a range of months: 较1—2月收窄)
        "last_boundary": re.compile(rf".*(?:[{b.replace('—', '')}]|(?<![\d〇一二三四五六七八九十])—)", re.S),
        "lead": re.compile(rf"^(?:{_alt(d['lead']['words'], not_before=d['lead']['not_before'])})+"),
        # (not 还 or 约 that ends a word: 偿还, 签约)
        "link": re.compile(rf"(?:(?={first_chars(d['link']['words'])})(?:{link}))+$"),
        "action": re.compile(rf"{_alt(d['action']['words'])}"),
        "coverage": re.compile(rf"(?:{_alt(d['coverage']['words'])})$"),
        "comparison": re.compile(d["comparison"]["pattern"]),
        "paren": re.compile(r"（[^）]*）|\([^)]*\)"),
        "list_sep": re.compile(r"、|和|及|与|以及"),
        "after_stop": re.compile(rf"[{b}、（(）)]|的(?!{HAN})(?!\Z)|$"),
        "after_lead": re.compile(rf"^(?:{_alt(d['after']['lead'])})+"),
        "after_tail": re.compile(rf"(?:{_alt(d['after']['tail'])})$"),
        "subject": _subject_pattern(),
        "topic": re.compile(rf"在?(?P<topic>[^{b}、]{{2,10}}?)(?:{_alt(d['topic']['markers'])})[，,：:]"),
    }


def _subject_pattern() -> re.Pattern:
    s = load("subjects")
    heads = _alt(s["heads"])
    regions = _alt(s["regions"])
    first = first_chars([*s["heads"], *s["regions"]])
    return re.compile(rf"(?={first})(?:(?:{regions})(?:省属|市属|区属|省|市|区)?(?:{heads})?|{heads})")


@cache
def _org_names() -> re.Pattern:
    """A named group (湖北交投集团): up to six characters before a suffix. Matched on
    the reversed text, so the scan starts from the suffix nearest the number and the
    name extends as far back as it goes, without trying every character."""
    suffixes = _alt(s[::-1] for s in load("subjects")["org_suffixes"])
    return re.compile(rf"(?:{suffixes}){LETTER}{{2,6}}")


def _last_org_name(view: str, lo: int, hi: int) -> tuple[int, str] | None:
    """(end, name) of the organisation name in view[lo:hi] that ends last."""
    back = view[lo:hi][::-1]
    m = _org_names().search(back)
    return (hi - m.start(), m.group()[::-1]) if m else None


def _strip(phrase: str) -> str:
    """Take time-free, comparison-free phrase ends down to the measured thing."""
    rx = _rx()
    lead_first, link_last = _word_ends()
    prev = None
    while phrase != prev:
        prev = phrase
        if phrase[:1] in lead_first:
            phrase = rx["lead"].sub("", phrase)
        if phrase[-1:] in link_last:  # most phrases end in a noun: skip the scan
            phrase = rx["link"].sub("", phrase)
        phrase = phrase.strip(_strip_chars())  # a bracket left open by a clause cut, a bullet
    return phrase


@cache
def _strip_chars() -> str:
    return "的，,、 “”‘’「」\"-~～—－（）()" + load("stoplist")["furniture"]["bullets"]


@cache
def goal_words() -> "GoalWords":
    """Words that make a figure a goal, not an actual result (力争, 目标, 计划), except
    the plan as a noun that a result is measured against (完成年度计划的91.3%)."""
    target = _data()["target"]
    return GoalWords(re.compile(_alt(target["words"], not_after=target["not_after"])))


class GoalWords:
    """A search for goal words: the literal alternation the engine scans fast, with
    a plan that a result is measured against (完成年度投资计划的91.3%) passed over."""

    __slots__ = ("_words",)

    def __init__(self, words: re.Pattern):
        self._words = words

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        m = self._words.search(text, pos, end)
        while m is not None and _measured_against(text, m.end(), end):
            m = self._words.search(text, m.end(), end)
        return m


def _measured_against(text: str, at: int, end: int) -> bool:
    """计划的91.3%, 年度目标的103.2%, 目标完成率96.5%: a plan that a result is measured
    against (的 and a figure right after it, or its rate of completion)."""
    if not text.endswith(_PLANS, 0, at):
        return False
    if text.startswith(_COMPLETION, at):
        return True
    return text.startswith("的", at) and at + 1 < end and figure_follows(text, at)


_PLANS = ("计划", "目标")
_COMPLETION = ("完成率", "完成进度", "完成值", "完成情况")


@cache
def _change_verbs() -> tuple[str, ...]:
    """Verbs of change (增长, 压减): a count followed by one names no noun after it.
    (Not the one-character 多, 少, 增: 一年多的改革 has its noun after 多.)"""
    d = _data()["direction"]
    return tuple(w for w in d["up"] + d["down"] if len(w) > 1)


def _bare_verb(phrase: str) -> bool:
    """实现, 完成, 增长: a verb with no noun, which names no measure."""
    d = _data()
    return phrase in d["action"]["words"] or phrase in d["link"]["words"] or phrase in _change_verbs()


@cache
def _points_back() -> frozenset[str]:
    """Phrases that name no measure of their own: a verb of change alone (增长, 多,
    调整为) or a word pointing back (这一数字). Their figure measures what the one
    before does."""
    d = _data()
    words = {*d["direction"]["up"], *d["direction"]["down"], *d["change"]["words"],
             *d["change"]["anaphors"], *d["comparison"]["bases"]}
    return frozenset(words - set(d["change"]["measures"]))


def _changes(text: str) -> bool:
    """Does text start with a verb of change at work (压减到12个, 增加了, 增至, 调整为),
    not one that begins a noun (增长型企业, 扩大再生产项目)?"""
    verbs = _all_change_verbs()
    if not text.startswith(verbs):
        return False
    verb = max((v for v in verbs if text.startswith(v)), key=len)
    after = text[len(verb): len(verb) + 1]
    if len(verb) == 1:  # 增至, 降为: a one-character verb only with its particle
        return after != "" and after in "到至为"
    return after == "" or after in "到至为了" or after.isdigit()


@cache
def _all_change_verbs() -> tuple[str, ...]:
    d = _data()
    return (*_change_verbs(), *d["change"]["words"], *d["change"]["single"])


_MORE_OR_LESS = "多少"


def _names_nothing(metric: str) -> bool:
    """上年同期, 增至, 这一数字, 较2022年末: the phrase before a figure names no measure."""
    bare = metric.rstrip("到至为")
    if bare in _points_back():
        return True
    if len(bare) <= 3 and bare[:1] in _MORE_OR_LESS:
        return True  # 比去年同期多发放412份: 多 and its verb name no measure
    if metric[:1] in "较比" and len(metric) > 1:  # 较2022年末的4.21万亿元: a comparison's base
        m = time_pattern().fullmatch(metric, 1)
        return m is not None or metric[1:] in _points_back()
    return False


@cache
def _word_ends() -> tuple[frozenset[str], frozenset[str]]:
    """First characters of the lead words, last characters of the link words."""
    d = _data()
    return frozenset(w[0] for w in d["lead"]["words"]), frozenset(w[-1] for w in d["link"]["words"])


def _remove_spans(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """Drop the parts of text (starting at view offset `offset`) that fall in spans
    (sorted by start)."""
    first = max(bisect_left(spans, (offset, -1)) - 1, 0)
    last = bisect_left(spans, (offset + len(text), -1))
    if first >= last or (last - first == 1 and spans[first][1] <= offset):
        return text  # no span reaches into it: most clauses
    out, pos = [], 0
    for a, b in spans[first:last]:
        a, b = max(a - offset, 0), min(b - offset, len(text))
        if a < b and a >= pos:
            out.append(text[pos:a])
            pos = b
    out.append(text[pos:])
    return "".join(out)


def clip(phrase: str | None, head_first: bool = False) -> str | None:
    """At most MAX_METRIC characters: the head of a noun phrase after a count, else the
    end of a phrase before a number (the measured thing stands last)."""
    if not phrase:
        return None
    if phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace("“", "").replace("”", "")  # 广州国资“家底: a half quotation
    if head_first:
        return phrase[:MAX_METRIC]
    if len(phrase) > MAX_METRIC:
        # the longest part after a 的 that fits: 归属于上市公司股东的扣除非经常性损益的净利润
        # -> 扣除非经常性损益的净利润
        cut = phrase.find("的", len(phrase) - MAX_METRIC - 1, len(phrase) - 2)
        if cut >= 0:
            phrase = phrase[cut + 1:]
        phrase = phrase[-MAX_METRIC:]
    return phrase


def _clause_phrase(view: str, lo: int, hi: int, times: list[tuple[int, int]]) -> str:
    """The text of the clause ending at hi (not before lo), without its times and
    comparison bases (比上年同期, 是2019年的)."""
    rx = _rx()
    cut = rx["last_boundary"].match(view, lo, hi)
    start = cut.end() if cut else lo
    return rx["comparison"].sub("", _remove_spans(view[start:hi], start, times))


def before_phrase(view: str, lo: int, men: Mention, times: list[tuple[int, int]]) -> tuple[str, str]:
    """(subject part, metric part) of the clause before a mention, from view offset lo."""
    rx = _rx()
    phrase = _clause_phrase(view, lo, men.start, times)
    if "（" in phrase or "(" in phrase:
        phrase = rx["paren"].sub("", phrase)
    phrase = _strip(phrase)
    subject = ""
    last = None
    for m in rx["action"].finditer(phrase):
        last = m
    if last is not None:
        rest = _strip(phrase[last.end():])
        subject = _strip(phrase[:last.start()])
        segment = _segment(subject) if rest else None
        if segment:  # 供水业务实现收入 -> 供水业务收入; what stands before it is the owner
            phrase, subject = segment + rest, _strip(subject[: len(subject) - len(segment)])
        elif not rest and _names_a_thing(subject):
            phrase, subject = subject, ""  # 固定资产投资完成1800亿元: the noun before the verb
        else:
            # 完成投资, 完成率, 实现营收: a short object keeps its verb, which names it.
            phrase = rest if len(rest) > 2 else last.group() + rest
    return subject, phrase.strip("“”‘’「」\"")


def _names_a_thing(phrase: str) -> bool:
    """Is the phrase before a verb with no object (固定资产投资完成) what is measured: not
    an owner (省属企业完成), nor a goal word and what is left of a deadline (预计年底前)?"""
    if not phrase or only_owner(phrase):
        return False
    m = goal_words().search(phrase)
    return m is None or len(phrase) - (m.end() - m.start()) > 2


def after_phrase(view: str, men: Mention, hi: int) -> str:
    """The noun phrase right after a count, up to the clause end or the next stop."""
    rx = _rx()
    text = view[men.end:hi]
    if rx["list_sep"].match(text) or text[:1] in _RANGE_SIGNS:
        return ""  # 264户和304户, 3至5家: the next value, not a noun
    m = rx["after_stop"].search(text)
    text = text[: m.start()] if m else text
    t = time_pattern().search(text)  # 今年开始…: a time ends the noun phrase
    text = text[: t.start()] if t else text
    # 19家仍然是国有独资 -> 国有独资; 22家国有企业中 -> 国有企业
    text = rx["after_lead"].sub("", text)
    text = rx["after_tail"].sub("", text)
    if _changes(text):
        return ""  # 部门由23个压减到12个: a verb follows, the noun stands before
    return clip(text.strip("的"), head_first=True) or ""


def _list_metrics(view: str, sent_start: int, fenbie: int, n: int,
                  times: list[tuple[int, int]]) -> list[str] | None:
    """The n items named before 分别: 营业收入、利润总额、净利润同比分别增长 ..."""
    rx = _rx()
    phrase = _clause_phrase(view, sent_start, fenbie, times)
    # 、 separates the items; 和/及/与 joins the last one, but may also stand inside a
    # name (电力热力生产和供应业、烟草制品业): try the commas alone first.
    parts = phrase.split("、")
    if len(parts) == n - 1:  # the last joiner: 电力热力生产和供应业及制造业
        joins = list(rx["list_sep"].finditer(parts[-1]))
        if joins:
            last = parts.pop()
            parts += [last[:joins[-1].start()], last[joins[-1].end():]]
    if len(parts) != n:
        parts = rx["list_sep"].split(phrase)
    items = [p for p in (_strip(p) for p in parts) if p]
    return items if len(items) == n else None


def assign(view: str, sent_start: int, sent_end: int, mentions: list[Mention],
           times: list[tuple[int, int]]) -> tuple[list[str | None], list[str | None]]:
    """Metric and subject strings (view text) for the mentions of one sentence."""
    rx = _rx()
    metrics: list[str | None] = []
    subjects: list[str | None] = []
    for i, men in enumerate(mentions):
        lo = mentions[i - 1].end if i else sent_start
        hi = mentions[i + 1].start if i + 1 < len(mentions) else sent_end
        after_end = min(hi, _next_time(times, men.end, sent_end))  # where the phrase after it may run
        subject, before = before_phrase(view, lo, men, times)
        metric: str | None = None
        if men.kind in ("count", "duration") or men.unit == "%":
            after = after_phrase(view, men, after_end)
            if after and (men.kind in ("count", "duration") and not rx["coverage"].search(before)):
                metric = after
            elif after:
                metric = before + after
            elif i + 1 < len(mentions) and mentions[i + 1].start == men.end and men.kind == "count":
                metric = None  # 19组36家企业: shares the next count's noun, filled below
            else:
                metric = before
        else:
            metric = before
            if not before or only_owner(before) or _bare_verb(before):
                # 远达重工45亿元定增落地, 尚有约68万元欠款: an owner or a verb alone before an
                # amount, what follows names it
                metric = after_phrase(view, men, after_end) or before
        if metric and _names_nothing(metric):
            metric = None  # 上年同期为0.67元, 由23个压减到12个: measures what the figure before does
        if metrics and metrics[-1] and (
                not metric or _PER_UNIT.fullmatch(metric)
                or (men.kind == "count" and metrics[-1].endswith(metric))):
            # 同比增长19.5% names what grew just before, 比十二五末增加15.8万亿元
            # what rose; 264户和304户 and 8万户企业22万人 share the metric before them.
            metric = metrics[-1]
        metrics.append(clip(metric) if metric else None)
        subjects.append(_subject(view, sent_start, men.start, subject))
    for i in range(len(mentions) - 1, -1, -1):  # 19组36家企业的重组
        if metrics[i] is None and i + 1 < len(mentions) and mentions[i + 1].start == mentions[i].end:
            metrics[i] = metrics[i + 1]
    for i, men in enumerate(mentions[:-1]):  # 3至5家市属企业: both ends measure one thing
        if men.rule == "range_low" and mentions[i + 1].rule == "range_high":
            shared = metrics[i + 1] or metrics[i]
            metrics[i] = metrics[i + 1] = shared
    _pair_fenbie(view, sent_start, sent_end, mentions, metrics, subjects, times)
    topic = rx["topic"].match(view, sent_start, sent_end)
    if topic:
        for i, men in enumerate(mentions):
            if men.kind != "count" and (not metrics[i] or only_owner(metrics[i])):
                metrics[i] = topic.group("topic")
    return metrics, subjects


def only_owner(metric: str) -> bool:
    """四川省属企业, 中国华能集团: whose figure it is, not what it measures."""
    return _rx()["subject"].fullmatch(metric) is not None or metric.endswith(_owner_ends())


@cache
def _segment_ends() -> tuple[str, ...]:
    return tuple(_data()["action"]["segment_ends"])


_OWNER_CUTS = ("在", "所属", "旗下", "的")


def _segment(subject: str) -> str | None:
    """新能源产业板块 in 中国华能集团有限公司所属新能源产业板块: a segment at the end of a
    subject, after the owner and 在/所属/旗下/的 before it (a list of segments stays whole)."""
    if not subject.endswith(_segment_ends()):
        return None
    cut = max((subject.rfind(w) + len(w) for w in _OWNER_CUTS if w in subject), default=0)
    return subject[cut:] or None


@cache
def _owner_ends() -> tuple[str, ...]:
    return tuple(_data()["topic"]["owner_ends"])


def _next_time(times: list[tuple[int, int]], pos: int, default: int) -> int:
    i = bisect_left(times, (pos, -1))
    return times[i][0] if i < len(times) else default


def _pair_fenbie(view: str, sent_start: int, sent_end: int, mentions: list[Mention],
                 metrics: list[str | None], subjects: list[str | None],
                 times: list[tuple[int, int]]) -> None:
    """Give each value of a 分别 list its own metric (or its own subject), in order:
    营业收入、利润总额分别增长 names metrics, 天津和湖南分别组建 names subjects."""
    rx = _rx()
    starts = [m.start for m in mentions]
    for fb in _FENBIE.finditer(view, sent_start, sent_end):
        first = bisect_left(starts, fb.end())
        if first == len(mentions):
            continue
        group = [first]
        for i in range(first + 1, len(mentions)):
            gap = view[mentions[group[-1]].end:mentions[i].start]
            if not _only_sep(gap) and rx["boundary"].search(gap):
                break  # the list ends where a clause ends
            group.append(i)
        n = len(group)
        if n < 2:
            continue
        clause = rx["last_boundary"].match(view, sent_start, fb.start())
        clause_start = clause.end() if clause else sent_start
        # The values joined by 、 and 和 alone come first: 分别增长9.6%、4.3%和15.2%，四个
        # 行业合计… pairs three names with three values, not with what follows the comma.
        tight = 1
        while tight < n and _only_joiner(view[mentions[group[tight - 1]].end:mentions[group[tight]].start]):
            tight += 1
        names = _list_metrics(view, sent_start, fb.start(), tight, times) if 1 < tight < n else None
        if names is not None:
            group, n = group[:tight], tight
        else:
            names = _list_metrics(view, sent_start, fb.start(), n, times)
        if names is None:
            names = _anaphor_names(view, sent_start, clause_start, fb.start(), n)
        if names is None:
            # the values named just before: 利润总额2.4万亿元、净利润1.8万亿元，分别增长…
            earlier = [metrics[i] for i in range(first - 1, max(first - 1 - n, -1), -1) if metrics[i]]
            if len(earlier) == n:
                names = earlier[::-1]
        if not names:
            continue
        names = _without_list_count(names)
        # 工业企业、商贸企业分别实现利润总额…: the measure follows 分别, so the names are
        # whose figures these are.
        measure = metrics[first]
        measured_after = bool(measure) and not _bare_verb(measure) \
            and view.find(measure, fb.end(), mentions[first].start) >= 0
        if not measured_after and _sector_list(names):
            # 电力、石油石化、通信企业利润总额分别增长…: sectors share one measure
            head = _SECTOR_HEAD.search(names[-1])
            measure = names[-1][head.end():] if head and head.end() < len(names[-1]) else names[-1]
            for i, name in zip(group, names):
                metrics[i] = clip(measure)
                subjects[i] = name if name != names[-1] else names[-1][: len(names[-1]) - len(measure)] or name
            continue
        as_subjects = measured_after or all(rx["subject"].fullmatch(name) for name in names)
        for i, name in zip(group, names):
            if as_subjects:
                subjects[i] = name
                metrics[i] = _after_owners(metrics[i], names[-1])
            else:
                metrics[i] = clip(name)


# 四川、河南两地监管企业: the count of the list's places closes it (两地, 三省, 5市).
_LIST_COUNT = re.compile(r"(?:两|二|三|四|五|六|七|八|九|十|\d{1,2})(?:地|省|市|区|县)")


def _without_list_count(names: list[str]) -> list[str]:
    """四川、河南两地监管企业分别清偿…: the last item is 河南; 两地 counts the list."""
    m = _LIST_COUNT.search(names[-1])
    if m is None or m.start() == 0:
        return names
    return [*names[:-1], names[-1][:m.start()]]


def _after_owners(metric: str | None, last: str) -> str | None:
    """江苏、浙江、广东三省国企营收 -> 国企营收; 四川、河南两地监管企业分别清偿 -> 清偿:
    a metric that starts with the list of owners keeps what they measure."""
    at = metric.rfind(last) if metric else -1
    if at < 0:
        return metric
    rest = metric[at + len(last):]
    count = _LIST_COUNT.match(rest)
    rest = rest[count.end():] if count else rest
    rest = rest.rpartition("分别")[2] or rest.replace("分别", "")
    if len(rest) < 2 or _bare_verb(rest) or _names_nothing(rest):
        return metric  # 中央企业和地方国企分别有…: nothing measured is named after them
    return clip(rest) or metric


def _anaphor_names(view: str, sent_start: int, clause_start: int, fenbie: int,
                   n: int) -> list[str] | None:
    """这两项行动…分别达到264户和304户: the n names just quoted before the anaphor."""
    m = _ANAPHOR.search(view, clause_start, fenbie)
    if m is None or _small_count(m.group(1)) != n:
        return None
    quoted = _QUOTED.findall(view, max(0, sent_start - ANAPHOR_WINDOW), sent_start)
    return quoted[-n:] if len(quoted) >= n else None


def _small_count(word: str) -> int | None:
    return {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}.get(word) or (int(word) if word.isdigit() else None)


_SECTOR_HEAD = re.compile(r"企业|行业|公司|集团|央企|国企")


def _sector_list(names: list[str]) -> bool:
    """Short names followed by one that carries the measured noun: 煤炭、钢铁企业利润."""
    last = names[-1]
    return len(names) >= 2 and all(len(n) <= 4 for n in names[:-1]) and \
        len(last) >= max(len(n) for n in names[:-1]) + 2 and _SECTOR_HEAD.search(last) is not None


def _only_joiner(gap: str) -> bool:
    return gap in ("、", "和", "及", "与")


def _only_sep(gap: str) -> bool:
    return _only_joiner(gap) or gap in ("，", ",")


def _subject(view: str, sent_start: int, pos: int, action_subject: str) -> str | None:
    rx = _rx()["subject"]
    if action_subject:
        m = None
        for m in rx.finditer(action_subject):
            pass
        if m is not None:
            return m.group()
    lo = max(sent_start, pos - SUBJECT_WINDOW)
    best = None
    for m in rx.finditer(view, lo, pos):
        best = m
    org = _last_org_name(view, lo, pos) if any(s in view[lo:pos] for s in _ORG_SUFFIXES()) else None
    if org is not None and (best is None or org[0] > best.end()):
        return org[1]
    return best.group() if best else None

