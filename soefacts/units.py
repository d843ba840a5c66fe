"""Unit table: spellings as written -> canonical unit and its kind (SPEC §1)."""

from __future__ import annotations

from functools import cache

from .lexicon import load

KINDS = ("money", "ratio", "count", "measure", "duration")


@cache
def spellings() -> dict[str, tuple[str, str]]:
    """Map each written spelling to (canonical unit, kind)."""
    table = load("units")
    out: dict[str, tuple[str, str]] = {}
    for kind in KINDS:
        for canonical, forms in table[kind].items():
            for form in forms:
                out.setdefault(form, (canonical, kind))
    return out


@cache
def canonical_units() -> frozenset[str]:
    table = load("units")
    return frozenset(c for kind in KINDS for c in table[kind])


@cache
def denominators() -> dict[str, str]:
    """Rate denominators as written -> canonical (元/人, 吨/年)."""
    table = spellings()
    out = {}
    for form in load("units")["rate_denominators"]["spellings"]:
        out[form] = table[form][0] if form in table else form
    return out


def kind_of(unit: str) -> str | None:
    base = unit.split("/", 1)[0]
    for kind in KINDS:
        if base in load("units")[kind]:
            return kind
    return None


def is_canonical_unit(unit: str) -> bool:
    """True for a canonical unit, or a rate whose numerator is canonical (元/人)."""
    base, _, denom = unit.partition("/")
    if base not in canonical_units():
        return False
    return not _ or bool(denom)
