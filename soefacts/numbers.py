"""Numerals to values: Arabic (6,740.1), Chinese (二十二万, 两千, 〇), and mixed (3.8万亿).

The hand-written reader covers the forms news uses and is checked against cn2an
(the reference) over cn2an's own test cases; anything it cannot read goes to
cn2an, imported lazily because it costs ~0.2 s of start-up.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .lexicon import load


@cache
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    d = load("numerals")
    return d["digits"], d["tens"], d["small_units"], d["magnitudes"]


def chinese_chars() -> str:
    digits, tens, small, mags = _tables()
    return "".join(digits) + "".join(tens) + "".join(small) + "".join(mags)


def parse_arabic(s: str) -> float:
    return float(s.replace(",", "").replace("，", "").replace(" ", ""))


def _read_chinese_int(s: str) -> int | None:
    """Read an integer in Chinese numerals; None when the form is not one we know.

    Big magnitudes nest: a magnitude applies to everything smaller written before
    it (五万亿 = 5 x 10^4 x 10^8), and adds to anything larger (四十九兆九千亿).
    Small units must fall within a section (七十百 is not a number).
    """
    digits, tens, small, mags = _tables()
    if len(s) > 1 and all(ch in digits for ch in s):
        return int("".join(str(digits[ch]) for ch in s))  # 一〇二 -> 102, digit by digit
    parts: list[tuple[int, int]] = []  # (value, magnitude) of finished big groups
    section = number = 0
    last_small = 10**5
    for ch in s:
        if ch in digits:
            number = digits[ch]
        elif ch in tens:
            section += tens[ch]
            number = 0
        elif ch in small:
            unit = small[ch]
            if unit >= last_small:
                return None
            section += (number or 1) * unit
            number, last_small = 0, unit
        elif ch in mags:
            m = mags[ch]
            value = section + number
            while parts and parts[-1][1] < m:
                value += parts.pop()[0]
            if value == 0:
                return None
            parts.append((value * m, m))
            section = number = 0
            last_small = 10**5
        else:
            return None
    return sum(v for v, _ in parts) + section + number


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral (with an optional 点 decimal part)."""
    whole, dot, frac = s.partition("点")
    value = _read_chinese_int(whole) if whole else 0
    if value is None:
        return _cn2an(s)
    if dot:
        digits = _tables()[0]
        if not frac or any(ch not in digits for ch in frac):
            return _cn2an(s)
        value = float(f"{value}.{''.join(str(digits[ch]) for ch in frac)}")
    return value


def _cn2an(s: str) -> float | None:
    try:
        import cn2an  # lazy: ~0.2 s to import
        return float(cn2an.cn2an(s, "smart"))
    except Exception:  # cn2an raises ValueError and friends on forms it rejects
        return None


def scale(magnitude: str) -> int:
    """Product of magnitude words: 万亿 -> 10^12, 千万 -> 10^7."""
    _, _, small, mags = _tables()
    out = 1
    for ch in magnitude:
        out *= mags.get(ch) or small[ch]
    return out


def tidy(value: float) -> int | float:
    """Integral values as int; round away binary noise from scaling (3.8 * 10^4)."""
    r = round(float(value), 6)
    if r.is_integer():
        return int(r)
    return float(f"{value:.12g}")
