"""``sortition verify``: every check of a draw from its published files, pass or fail."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sortition import workflows
from sortition.protocol.verify import Check

from .common import T, console, print_json, resolve_lang


def render_check(c: Check, lang: str) -> str:
    """A check's sentence, followed for a failure by what differs."""
    text = T(c.key, lang, **c.params)
    return text + (" — " + T(c.detail_key, lang, **c.detail) if c.detail_key else "")


def verify_command(
    directory: Annotated[Path, typer.Argument(help=T("help.directory"), show_default=False)],
    commitment: Annotated[str | None, typer.Option(help=T("help.commitment"), show_default=False)] = None,
    resolve: Annotated[bool, typer.Option(help=T("help.resolve"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    result = workflows.verify(directory, commitment=commitment, resolve=resolve)
    checks, failed, manual = result.checks, result.failed, result.manual
    unanchored = [c for c in checks if c.key == "verify.not-anchored"]
    anchored = not unanchored
    if as_json:
        print_json(
            {
                "directory": str(directory),
                "ok": failed == 0,
                "anchored": anchored,
                "checks": [
                    {
                        "check": c.key,
                        "status": c.status,
                        "message": render_check(c, "en"),
                        **({"differs": {"key": c.detail_key, **c.detail}} if c.detail_key else {}),
                    }
                    for c in checks
                ],
            }
        )
        raise typer.Exit(0 if failed == 0 else 1)
    console.print(T("verify.title", language, directory=str(directory)), style="bold", markup=False)
    table = Table(show_header=False, box=None)
    table.add_column(justify="left")
    table.add_column(justify="left")
    styles = {"pass": "bold green", "fail": "bold red", "manual": "bold yellow"}
    for c in checks:
        table.add_row(f"[{styles[c.status]}]{T('verify.' + c.status, language)}[/]", render_check(c, language))
    console.print(table)
    if failed:
        console.print(T("verify.summary-fail", language, failed=failed, count=len(checks)), style="bold red")
    elif manual:
        console.print(T("verify.summary-manual", language, manual=manual), style="bold yellow")
    else:
        console.print(T("verify.summary-ok", language, count=len(checks)), style="bold green")
    if unanchored:
        console.print(
            T("verify.summary-unanchored", language, hash=unanchored[0].params["hash"]),
            style="bold yellow",
            markup=False,
        )
    raise typer.Exit(0 if failed == 0 else 1)
