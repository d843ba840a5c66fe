"""Turn the bytes of an input file into text (SPEC §2: bad input is an error for that file only).

Detection, in order:

1. magic numbers of common binary formats (PNG, JPEG, PDF, ZIP/DOCX, ...) -> not text;
2. a byte-order mark: UTF-8, UTF-16 or UTF-32 (the mark is dropped from the text);
3. NUL bytes, or many other control bytes -> not text (binary data);
4. strict UTF-8;
5. GB18030 (a superset of GBK and GB2312) and Big5: both are decoded strictly, and of those
   that succeed the one whose non-ASCII characters are most often everyday Chinese characters
   or punctuation wins. Each encoding reads the other's bytes as a scatter of rare
   characters, so real text scores near 1 and a wrong reading far lower; when even the best
   reading scores low (damaged UTF-8 read as GB18030, say) the input is undecodable.

Only standard-library codecs are used, so this module is cheap to import.
"""

from __future__ import annotations

import codecs

# How much of the start of a file the detector looks at (whole small files are used entirely).
SNIFF_BYTES = 1 << 20

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ\x90\x00", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"RIFF", "RIFF media"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# Checked longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Everyday characters of Chinese news, simplified and traditional, and CJK punctuation.
# The lists are short on purpose: they only have to tell real text from a wrong decoding.
_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过"
    "发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本"
    "前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很"
    "最重并物手应战向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门"
    "任常先海通教原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少"
    "报才结反受目太量再感建务做接必场件计管期市直资命山金指许统区保至队形社便空决治展科司五基书非"
    "则听白界达光放强即像难且权思王象完设式色路记南品住告类求据程北边张该交规万取格望觉术领共确传"
    "师观清今切院让识带导争运改收根干造言联持组每济车亲极林服快办议往元证近失转令准布始存未远台单"
    "影具字爱击流备连调深商算质团集百需价党华城石级整府离况请技际约示复病息究线官断精满支视消越容"
    "照须九增研写称企八功包史委查轻易早曾除农找装广显历首医局突专费号尽另周较注语仅考落青随选列红"
    "响虽推势参构房半节土投案维革划致律足态护七兴验责营星够章音跟志底站严例防族供效续施留讲型料终"
    "答紧黄绝察母京段依批群项故按河米围江织害双境客纪采举友止细愿千值仍钱破网助倒育属坐限船职速刻"
    "乐否刚状率甚独球般普创假久错承印试股拿预谁益阳若微继送急素药适波省初喜卫源食险待述陆习置居劳"
    "财环排福纳欢警获模充负停木游龙树层冷洲冲略范竟室异激村策演简罪判担州静退既宗积余检差富协角占"
    "配征修降阶审沉坚善超免压银买养执副乱抗犯追帮宣岁航优著田铁控税左右份艺背草概块顿守岛托央户烈"
    "洋款靠评版宝座释景顾登货互付慢欧换闻危核介坏讨良序升监临亮露永味野架域括杂误湾减编肯测败梦散"
    "温困渐封救贵缺楼县尚移画班智亦恐遗固席松秘谢遇康虑均销藏剧票损巨旧端探湖录叶春乡附吸予港板庭"
    "归额含顺输招脱补督油疗旅材灭逐笔词择寻厂博授诺岸载健堂借禁阴园谋宁纸训私庄握熟访弱典欲店盘扩"
    "盖稳亿拥齐赛促延甲伟申缓售培迷诚宽措盛残纯融惯享债汇币丰献援译夺汽距裁偏符勇触课敬墙召罚厅"
    "亩吨煤矿钢股份险贷储捐兆亏损盈利润税赢渠")
_TRADITIONAL = (
    "這個們來為國說時會對發後裡過還進現當沒動學經麼兩開見關點種無與長機從實軍將問間體應戰頭產意義"
    "黨員電數報結區總處話讓業務議東車極許據傳導統難陳資計領變證樣記條濟隊邊嗎麗師觀則聽單運幾應氣"
    "題權術據觀處組織設認識係歲標準類務線達團際質構價導農門醫歷專費號較語僅選響雖勢參構節維護興驗"
    "責營誰陽繼葉鄉調緊黃絕紀舉細願錢網屬職樂創試預藥適陸習劳財環獲層衝範異積餘檢協審堅銀買養執亂"
    "幫宣優藝塊顧態險轉帶運築積強億擁齊賽促偉緩售誠寬盛殘純債匯幣豐獻譯奪汽蘇萬農廠權勞廣顯圍劃劇"
    "庫創級區縣鎮貨貸儲捐兆虧損盈潤稅贏渠畝噸礦鋼份億萬戶與產業營實現歲數據經濟")
_PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·　％～「」『』"

COMMON: frozenset[str] = frozenset(_SIMPLIFIED + _TRADITIONAL + _PUNCTUATION)

# Strictly decoded candidates for Chinese bytes that are not UTF-8, in order of preference on a tie.
CANDIDATES = ("gb18030", "big5", "cp950")
# Below this plausibility, with enough non-ASCII characters to judge, the best reading is
# still mojibake (e.g. damaged UTF-8 read as GB18030): an error beats garbage facts.
MIN_PLAUSIBILITY, MIN_JUDGED = 0.25, 6


class DecodeError(Exception):
    """The input is not text in a supported encoding; str(err) is the reason for the user."""


def binary_kind(head: bytes) -> str | None:
    """Why `head` (the first bytes of a file) is not text, or None when it may be."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def bom_encoding(head: bytes) -> str | None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than 1% control bytes other than tab, line and page breaks and ESC."""
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROLS))  # one pass, in C
    return controls * 100 > max(len(data), 1)


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of `text` that are common Chinese characters or punctuation.

    Private-use and replacement characters count against a reading. Text with no non-ASCII
    character scores 1.
    """
    total = common = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in COMMON:
            common += 1
        elif "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd":
            common -= 1
    return common / total if total else 1.0


def _strict_ok(data: bytes, encoding: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data, final)
    except UnicodeDecodeError:
        return None


def detect(data: bytes, *, complete: bool = True) -> str:
    """Name the encoding of `data` (a whole file, or its start when `complete` is False).

    Raises DecodeError with the reason when the bytes are not text.
    """
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"not text ({kind})")
    bom = bom_encoding(data)
    if bom:
        return bom
    sample = data if complete else data[:SNIFF_BYTES]
    final = complete and len(sample) == len(data)
    if _looks_binary(sample):
        raise DecodeError("not text (binary data)")
    if _strict_ok(sample, "utf-8", final) is not None:
        return "utf-8"
    best, best_score, judged = None, float("-inf"), 0
    for name in CANDIDATES:
        text = _strict_ok(sample, name, final)
        if text is None:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = name, score
            judged = sum(ch >= "\x80" for ch in text)
    if best is None or (best_score < MIN_PLAUSIBILITY and judged >= MIN_JUDGED):
        raise DecodeError("cannot decode (not UTF-8, UTF-16, GB18030/GBK or Big5)")
    return best


def check_encoding(name: str) -> str:
    """The codec's canonical name; LookupError for an unknown one."""
    return codecs.lookup(name).name


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a whole file's bytes: detected, or with the forced `encoding`."""
    if not data:
        return ""
    if encoding is None:
        text = _plain_utf8(data)
        if text is not None:
            return text  # the common case, decoded once
        encoding = detect(data)
    elif binary_kind(data):
        raise DecodeError(f"not text ({binary_kind(data)})")
    try:
        return codecs.decode(data, _bomless(encoding, data), "strict")
    except UnicodeDecodeError as err:
        raise DecodeError(f"cannot decode as {encoding} (invalid bytes at offset {err.start})") from None


def _plain_utf8(data: bytes) -> str | None:
    """The text of a whole file that detect() would call UTF-8 (no mark, no binary data)."""
    if binary_kind(data) or bom_encoding(data) or _looks_binary(data):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _bomless(encoding: str, data: bytes) -> str:
    """A forced utf-8 still drops a leading byte-order mark, like the detected one."""
    if codecs.lookup(encoding).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


def incremental_decoder(encoding: str, head: bytes) -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder(_bomless(encoding, head))("strict")
