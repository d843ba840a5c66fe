"""Load the package's data files (lexicons, unit tables, stop-lists) once.

Knowledge lives in `soefacts/data/*.toml` so that adding a unit or a phrase is a
data change with a test, not a code change.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed contents of `data/<name>.toml`."""
    text = resources.files("soefacts").joinpath("data", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)
