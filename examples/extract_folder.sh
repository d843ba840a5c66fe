#!/usr/bin/env bash
# Extract the facts of every *.txt under a folder (recursively) into one JSON Lines file.
#
#   examples/extract_folder.sh ARTICLES_DIR [OUT.jsonl] [JOBS]
#
# JOBS defaults to 0 (all cores). Files that cannot be read or decoded are named on stderr
# and the rest still land in OUT; the script then exits 1 (like soefacts itself). The output
# is written to OUT.partial first, so OUT is never a half-written file.
set -euo pipefail

in_dir=${1:?usage: $0 ARTICLES_DIR [OUT.jsonl] [JOBS]}
out=${2:-facts.jsonl}
jobs=${3:-0}

status=0
soefacts extract "$in_dir" --jsonl --jobs "$jobs" --quiet > "$out.partial" || status=$?
if [ "$status" -gt 1 ]; then          # 2: bad usage, 130: interrupted
    rm -f "$out.partial"
    exit "$status"
fi
mv "$out.partial" "$out"
echo "$(wc -l < "$out" | tr -d ' ') facts from $in_dir written to $out" >&2
exit "$status"
