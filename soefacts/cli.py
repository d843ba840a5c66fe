"""The `soefacts` command: a thin Typer shell around the library (SPEC §2)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract quantitative facts from Chinese SOE-reform news.")


@app.command()
def extract(
    paths: List[str] = typer.Argument(None, help="Files, directories (*.txt, recursive) or - for stdin."),
    json_: bool = typer.Option(False, "--json", help="One JSON array of fact records."),
    jsonl: bool = typer.Option(False, "--jsonl", help="One record per line, streamed."),
    csv_: bool = typer.Option(False, "--csv", help="CSV with a header row."),
    ref_date: Optional[str] = typer.Option(None, "--ref-date", help="Reference date YYYY-MM-DD for 今年/去年/目前."),
) -> None:
    """Extract facts from articles."""
    raise typer.Exit(0)


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
    app()
