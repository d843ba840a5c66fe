"""The extraction passes, in order. (Skeleton: the core is being written.)"""

from __future__ import annotations

import datetime as _dt

from .model import Fact


def extract(text: str, ref_date: _dt.date | str | None = None, *,
            source: str = "-", base_offset: int = 0) -> list[Fact]:
    """Return one Fact per quantity mention in `text`.

    ref_date: reference date for relative time words (今年, 去年, 目前); when None the
    publication date is looked for in the text itself (dates.find_publication_date).
    source: copied into every record. base_offset: added to start/end, for callers that
    extract a document piece by piece (records then index the whole document).
    """
    return []
