"""The `soefacts` command: a thin Typer shell around the library (SPEC §2)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract quantitative facts from Chinese SOE-reform news.")


# click's UsageError, wherever this Typer version keeps click.
_UsageError = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_NO_INPUT = "no input: give one or more PATHs, - for standard input, or --files-from FILE"


def _parse_ref_date(value: str | None):
    if value is None:
        return None
    import datetime
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD",
                                 param_hint="'--ref-date'")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a real date (YYYY-MM-DD)",
                                 param_hint="'--ref-date'") from None


@app.command()
def extract(
    paths: Optional[List[str]] = typer.Argument(
        None, metavar="PATH", help="Files, directories (their *.txt, recursively) or - for standard input."),
    json_: bool = typer.Option(False, "--json", help="One JSON array of fact records."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One record per line, streamed."),
    csv_: bool = typer.Option(False, "--csv", help="CSV with a header row."),
    ref_date: Optional[str] = typer.Option(None, "--ref-date", metavar="YYYY-MM-DD",
                                           help="Reference date for 今年/去年/目前."),
    encoding: Optional[str] = typer.Option(
        None, "--encoding", metavar="NAME",
        help="Decode every input with this codec (gbk, big5, utf-16, ...) instead of detecting it."),
    files_from: Optional[str] = typer.Option(
        None, "--files-from", metavar="FILE", help="Read input paths from FILE (- for stdin), one a line."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, metavar="N", help="Worker processes; 0 = all cores."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Always print the summary line."),
) -> None:
    """Extract facts from articles."""
    formats = [name for name, on in (("json", json_), ("jsonl", jsonl), ("csv", csv_)) if on]
    if len(formats) > 1:
        raise _UsageError("choose one of --json, --jsonl, --csv")
    if quiet and verbose:
        raise _UsageError("--quiet and --verbose exclude each other")
    when = _parse_ref_date(ref_date)
    if encoding is not None:
        from .decode import check_encoding

        try:
            encoding = check_encoding(encoding)
        except LookupError:
            raise typer.BadParameter(f"unknown encoding {encoding!r}", param_hint="'--encoding'") from None
    paths = list(paths or [])
    if files_from == "-" and "-" in paths:
        raise typer.BadParameter("standard input cannot be both --files-from and a PATH",
                                 param_hint="'--files-from'")
    if not paths and files_from is None:
        raise _UsageError(_NO_INPUT)
    raise typer.Exit(_run_extract(paths, files_from, formats[0] if formats else "table", when,
                                  encoding, jobs, quiet, verbose))


def _run_extract(paths, files_from, fmt, ref_date, encoding, jobs, quiet, verbose) -> int:
    """The whole run; returns the exit status. Never lets a traceback out."""
    import gc
    import os
    import sys

    from . import batch, output

    # What is loaded by now (pydantic, typer, the pipeline) lives until exit. Frozen,
    # the collector no longer walks it, on full collections or at exit (a fifth of a
    # one-file run's wall time after start-up).
    gc.freeze()

    def say(text: str) -> None:
        try:
            sys.stderr.write(f"soefacts: {text}\n")
        except (OSError, ValueError):
            pass

    if files_from is not None:
        try:
            paths = paths + batch.read_list(files_from)
        except OSError as err:
            say(f"--files-from {files_from}: {batch.os_reason(err)}")
            return 2
        if not paths:
            say(_NO_INPUT)
            return 2
    if jobs == 0:
        jobs = os.cpu_count() or 1
    writer = reporter = None
    status = None  # set when the run ends early
    try:
        items, empty = batch.expand_inputs(paths)
        if not quiet:
            for folder in empty:
                say(f"{folder}: no .txt files")
        writer = output.make_writer(fmt)
        # A bar on the terminal that also shows streamed records would garble them.
        bar_ok = fmt == "table" or not output.isatty(sys.stdout)
        reporter = output.Reporter(len(items), quiet=quiet, verbose=verbose, progress=bar_ok)
        batch.run(items, batch.Config(ref_date, encoding, jsonl=fmt == "jsonl"), writer.write, reporter,
                  jobs=jobs, freeze=True)
        reporter.stop()
        writer.close()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, and keep Python's final flush quiet too.
        _stdout_to_devnull()
        status = 0
    except Exception as err:  # noqa: BLE001 - a bug must still not print a traceback
        status = 1
        say(f"internal error: {type(err).__name__}: {' '.join(str(err).split())}")
    if reporter is not None:
        reporter.close(summary=status is None)
    if status == 130:
        if fmt == "json" and writer is not None:
            try:
                writer.close()  # leave a valid array behind
            except OSError:
                pass
        say("interrupted")
    if status is not None:
        return status
    return 1 if reporter.failures else 0


def _stdout_to_devnull() -> None:
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


@app.command("eval")
def eval_(
    gold_dir: Path = typer.Argument(..., help="Folder with docs.jsonl, gold.jsonl and <doc>.txt."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score these JSONL records instead of running extraction."),
    per_doc: bool = typer.Option(False, "--per-doc", help="Also show figures per document."),
    errors: bool = typer.Option(False, "--errors", help="List every miss, spurious record, wrong metric and wrong date."),
    json_: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Score extraction against gold facts (SPEC §4)."""
    from .evaluate import cli_eval

    raise typer.Exit(cli_eval(gold_dir, pred=pred, per_doc=per_doc, errors=errors, as_json=json_))


@app.command()
def schema() -> None:
    """Print the fact record's JSON Schema."""
    import json

    from .model import Fact

    typer.echo(json.dumps(Fact.model_json_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        # Ctrl-C outside the run itself (e.g. while starting up): no traceback.
        raise SystemExit(130) from None
    except BrokenPipeError:
        _stdout_to_devnull()
        raise SystemExit(0) from None
