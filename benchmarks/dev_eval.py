#!/usr/bin/env python3
"""Score the extractor on the shared dev corpus (SPEC §4), like `soefacts eval`.

    python benchmarks/dev_eval.py                      # ../shared/corpus/dev beside the repo
    python benchmarks/dev_eval.py PATH --per-doc       # another gold folder, per document
    python benchmarks/dev_eval.py --errors             # every miss / spurious / wrong metric/date
    python benchmarks/dev_eval.py --json               # one JSON object

The dev corpus is not part of the repository; when the folder is absent the script says
so and exits 0. Exit status otherwise as `soefacts eval` (2: gold refused).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared" / "corpus" / "dev"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT,
                    help=f"gold folder (default: {DEFAULT})")
    ap.add_argument("--pred", type=Path, help="score these JSONL records instead of extracting")
    ap.add_argument("--per-doc", action="store_true", help="figures per document")
    ap.add_argument("--errors", action="store_true", help="list every error")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    if not (a.path / "gold.jsonl").is_file():
        print(f"dev_eval: no gold folder at {a.path} (needs docs.jsonl, gold.jsonl, <doc>.txt); "
              "nothing to score", file=sys.stderr)
        return 0
    sys.path.insert(0, str(REPO))  # run from a checkout without installing
    from soefacts.evaluate import cli_eval

    return cli_eval(a.path, pred=a.pred, per_doc=a.per_doc, errors=a.errors, as_json=a.json)


if __name__ == "__main__":
    sys.exit(main())
