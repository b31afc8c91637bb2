"""``sortition verify``: every check of a draw from its published files, pass or fail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sortition import workflows

from .common import T, console, print_json, resolve_lang


def verify_command(
    directory: Annotated[Path, typer.Argument(help=T("help.directory"), show_default=False)],
    resolve: Annotated[bool, typer.Option(help=T("help.resolve"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    result = workflows.verify(directory, resolve=resolve)
    checks, failed, manual = result.checks, result.failed, result.manual
    if as_json:
        print_json(
            {
                "directory": str(directory),
                "ok": failed == 0,
                "checks": [{"check": c.key, "status": c.status, "message": T(c.key, "en", **c.params)} for c in checks],
            }
        )
        raise typer.Exit(0 if failed == 0 else 1)
    console.print(T("verify.title", language, directory=str(directory)), style="bold", markup=False)
    table = Table(show_header=False, box=None)
    table.add_column(justify="left")
    table.add_column(justify="left")
    styles = {"pass": "bold green", "fail": "bold red", "manual": "bold yellow"}
    for c in checks:
        table.add_row(f"[{styles[c.status]}]{T('verify.' + c.status, language)}[/]", T(c.key, language, **c.params))
    console.print(table)
    if failed:
        console.print(T("verify.summary-fail", language, failed=failed, count=len(checks)), style="bold red")
    elif manual:
        console.print(T("verify.summary-manual", language, manual=manual), style="bold yellow")
    else:
        console.print(T("verify.summary-ok", language, count=len(checks)), style="bold green")
    raise typer.Exit(0 if failed == 0 else 1)
