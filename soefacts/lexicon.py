"""Load the package's data files (lexicons, unit tables, stop-lists) once.

Knowledge lives in `soefacts/data/*.toml` so that adding a unit or a phrase is a
data change with a test, not a code change.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

# Package data sits beside the code in every install this project supports (wheel,
# sdist, editable); reading it by path spares importlib.resources at start-up.
DATA = Path(__file__).with_name("data")

# Letters, written as categories rather than as Unicode ranges: the standard re builds
# a class of ranges code point by code point (~2 ms for the Han ranges, at every
# start-up), and it has no \p{Han}. Numeral signs (①, ², ½, Ⅲ) count as none.
_NUMERAL_SIGNS = r"\u00b2\u00b3\u00b9\u00bc-\u00be\u2150-\u218f\u2460-\u24ff\u2776-\u2793"
# A letter of any script (a name may mix Han and Latin: ABC集团, Nestlé集团).
LETTER = rf"[^\W\d_{_NUMERAL_SIGNS}]"
# A Han character, near enough: a letter that is not an ASCII one. (It also takes kana,
# Hangul and accented letters, which Chinese news seldom writes next to a number.)
HAN = rf"[^\W\d_A-Za-z{_NUMERAL_SIGNS}]"


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed contents of `data/<name>.toml`."""
    return tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))


def alternation(words, not_after: dict[str, str] | None = None,
                not_before: dict[str, str] | None = None) -> str:
    """A regex alternation of words, longest first so 个百分点 wins over 个. A word in
    `not_after` / `not_before` matches only when the character before / after it is
    none of the characters given for it (约 but not 签约, 就 but not 就业)."""
    not_after, not_before = not_after or {}, not_before or {}
    return "|".join((f"(?<![{not_after[w]}])" if w in not_after else "") + re.escape(w)
                    + (f"(?![{not_before[w]}])" if w in not_before else "")
                    for w in sorted(set(words), key=len, reverse=True))


def first_chars(words) -> str:
    """A character class of the words' first characters: put before an alternation
    as (?=[...]), it lets the engine reject a position with one test instead of
    trying every word."""
    return "[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "]"
