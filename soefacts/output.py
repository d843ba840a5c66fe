"""What `soefacts extract` shows: fact records as a table, JSON, JSON Lines or CSV on stdout,
and errors, progress and a summary on stderr.

Every writer gets one document's records at a time (`write(source, records)`) and writes
them to a binary stream in one piece, flushed at once, with Ctrl-C held back for that short
moment, so an interrupted run leaves only whole lines. The table (rich) is imported only
when a table is drawn, and csv only for --csv, to keep the command's start fast.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import BinaryIO

# The record's fields in SPEC §1 order; CSV columns start with these.
SPEC_FIELDS = ("metric", "value", "unit", "date", "qualifier", "sentence", "text",
               "start", "end", "source")


# One encoder for every record: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False).encode


def jsonl_text(records: list[dict]) -> str:
    return "".join(_dumps(r) + "\n" for r in records)


def emit(stream: BinaryIO, text: str) -> None:
    """Write and flush `text` whole: SIGINT is blocked meanwhile and delivered right after."""
    data = text.encode("utf-8", "surrogateescape")
    mask = getattr(signal, "pthread_sigmask", None)
    old = mask(signal.SIG_BLOCK, {signal.SIGINT}) if mask else None
    try:
        stream.write(data)
        stream.flush()
    finally:
        if mask:
            mask(signal.SIG_SETMASK, old)


class JsonlWriter:
    """One record per line, each document flushed as soon as it is done."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, source: str, records) -> None:
        """records: dicts, or a worker's batch.Serialised text of them."""
        if records:
            emit(self.stream, getattr(records, "text", None) or jsonl_text(records))

    def close(self) -> None:
        pass


class JsonWriter:
    """One JSON array, streamed: `[`, records joined by `,\\n`, `]`; closed even after errors."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.started = self.closed = False

    def write(self, source: str, records: list[dict]) -> None:
        if not records:
            return
        lead = ",\n" if self.started else "[\n"
        self.started = True
        emit(self.stream, lead + ",\n".join(_dumps(r) for r in records))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            emit(self.stream, "\n]\n" if self.started else "[]\n")


def csv_fields() -> list[str]:
    """SPEC fields first, then the record's other fields in model order."""
    from .record import FIELDS

    return list(SPEC_FIELDS) + [f for f in FIELDS if f not in SPEC_FIELDS]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _dumps(value)
    return value


class CsvWriter:
    """A header row, then one row per record."""

    def __init__(self, stream: BinaryIO) -> None:
        import csv
        import io

        self.stream = stream
        self.fields = csv_fields()
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.writer.writerow(self.fields)
        self._flush()

    def _flush(self) -> None:
        emit(self.stream, self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()

    def write(self, source: str, records: list[dict]) -> None:
        if records:
            for r in records:
                self.writer.writerow([_csv_cell(r.get(f)) for f in self.fields])
            self._flush()

    def close(self) -> None:
        pass


class TableWriter:
    """Rich tables for people, one per document, drawn at the end of the run."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.docs: list[tuple[str, list[dict]]] = []

    def write(self, source: str, records: list[dict]) -> None:
        if self.docs and self.docs[-1][0] == source:
            self.docs[-1][1].extend(records)
        else:
            self.docs.append((source, list(records)))

    def close(self) -> None:
        if self.docs:
            render_tables(self.docs, self.stream)


def make_writer(fmt: str, stdout=None):
    stdout = stdout or sys.stdout
    if fmt == "table":
        return TableWriter(stdout)
    stream = stdout.buffer
    return {"json": JsonWriter, "jsonl": JsonlWriter, "csv": CsvWriter}[fmt](stream)


# --------------------------------------------------------------------------- table

_MAGNITUDES = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))
_PLAIN_UNITS = {"%", "百分点", "倍"}


def _number(x: float | int) -> str:
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("0", "-0") else f"{x:.3g}"


def readable_value(value: float | int, unit: str = "") -> str:
    """54.6亿 for 5460000000, 3.8万 for 38000; ratios and small numbers as they are."""
    if unit.split("/", 1)[0] not in _PLAIN_UNITS:
        for size, word in _MAGNITUDES:
            if abs(value) >= size:
                return _number(value / size) + word
    return _number(value)


def _find_nth(text: str, part: str, nth: int) -> int:
    where = -1
    for _ in range(nth + 1):
        found = text.find(part, where + 1)
        if found < 0:
            return where
        where = found
    return where


def excerpt(sentence: str, mention: str, context: int = 24, nth: int = 0):
    """The sentence around the mention (its `nth` occurrence there), highlighted (a rich Text)."""
    from rich.text import Text

    where = _find_nth(sentence, mention, nth) if mention else -1
    if where < 0 and mention:
        mention = "".join(mention.split())
        where = _find_nth(sentence, mention, nth)
    if where < 0:
        short = sentence if len(sentence) <= 2 * context else sentence[: 2 * context] + "…"
        return Text(short)
    a, b = max(0, where - context), min(len(sentence), where + len(mention) + context)
    out = Text("…" if a else "")
    out.append(sentence[a:where])
    out.append(mention, style="bold yellow")
    out.append(sentence[where + len(mention): b])
    if b < len(sentence):
        out.append("…")
    return out


def render_tables(docs: list[tuple[str, list[dict]]], stream) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream)
    for source, records in docs:
        name = "standard input" if source == "-" else source
        if not records:
            console.print(f"{name}: no facts", style="dim", markup=False, highlight=False,
                          soft_wrap=True)
            continue
        table = Table(title=name, title_justify="left", caption=f"{len(records)} facts",
                      caption_justify="left", show_lines=False)
        table.add_column("metric", overflow="fold")
        table.add_column("value", justify="right", no_wrap=True)
        table.add_column("unit", no_wrap=True)
        table.add_column("date", no_wrap=True)
        table.add_column("qualifier", no_wrap=True)
        table.add_column("sentence", overflow="fold", ratio=1)
        seen: dict[tuple[str, str], int] = {}  # the k-th record of a mention in a sentence
        for r in records:
            key = (r.get("sentence", ""), r.get("text", ""))
            nth = seen[key] = seen.get(key, -1) + 1
            table.add_row(r.get("metric") or "", readable_value(r["value"], r.get("unit", "")),
                          r.get("unit", ""), r.get("date") or "", r.get("qualifier") or "",
                          excerpt(key[0], key[1], nth=nth))
        console.print(table)


# --------------------------------------------------------------------------- stderr


def isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Reporter:
    """Errors as `soefacts: PATH: reason`, a progress bar and a summary line, all on stderr.

    The progress bar appears for several files when stderr is a terminal (not under CI, not
    with --quiet, and `progress` allowed by the caller); the summary for several files when
    stderr is a terminal or with --verbose, never with --quiet.
    """

    def __init__(self, total: int, *, quiet: bool = False, verbose: bool = False,
                 progress: bool = True, stderr=None) -> None:
        self.stderr = stderr or sys.stderr
        tty = isatty(self.stderr)
        self.total = total
        self.show_summary = not quiet and total > 1 and (verbose or tty)
        self.ok = self.failures = self.facts = 0
        self.started = time.monotonic()
        self.bar = None
        self.want_bar = progress and not quiet and total > 1 and tty and not in_ci()

    def start(self) -> None:
        """Show the bar (called once worker processes exist: never fork under its thread)."""
        if self.want_bar and self.bar is None:
            self._start_bar()
            self.want_bar = False

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn)

        self.bar = Progress(
            TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[facts]} facts"), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), console=Console(file=self.stderr), transient=True,
            redirect_stdout=False, redirect_stderr=False)
        self.task = self.bar.add_task("extract", total=self.total, facts=0, rate="")
        self.bar.start()

    def _advance(self) -> None:
        if self.bar is not None:
            done = self.ok + self.failures
            elapsed = max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, completed=done, facts=self.facts,
                            rate=f"{done / elapsed:.1f} files/s")

    def line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            try:
                self.stderr.write(text + "\n")
                self.stderr.flush()
            except (OSError, ValueError):
                pass

    def failed(self, path: str, reason: str) -> None:
        self.failures += 1
        self.line(f"soefacts: {path}: {reason}")
        self._advance()

    def done(self, path: str, facts: int) -> None:
        self.ok += 1
        self.facts += facts
        self._advance()

    def stop(self) -> None:
        """Take the bar away (before a table is drawn on the same terminal)."""
        self.want_bar = False
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def close(self, summary: bool = True) -> None:
        self.stop()
        if self.show_summary and summary:
            seconds = time.monotonic() - self.started
            self.line(f"soefacts: {_plural(self.ok, 'file')} read, {_plural(self.facts, 'fact')}, "
                      f"{_plural(self.failures, 'file')} failed ({seconds:.1f} s)")
