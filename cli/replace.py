"""``sortition replace``: replace drop-outs, keeping the quotas, fairly and auditably."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sortition import workflows
from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.i18n.catalogue import format_int
from sortition.protocol.replace import MODES, Residual, draw_state
from sortition.solve import ALGORITHMS

from .check import render_report
from .common import (
    EXIT_INFEASIBLE,
    T,
    console,
    err_console,
    exit_input_error,
    resolve_lang,
)
from .draw import show_contacts
from .prepare import exit_draw_error, parse_seed_source, print_publication, print_summary
from .progress import RichProgress


def show_residual(residual: Residual, round_: int, lang: str) -> None:
    console.print(
        T(
            "replace.table-title",
            lang,
            round=round_,
            dropouts=len(residual.dropouts),
            kept=len(residual.kept),
            eligible=format_int(len(residual.instance.pool), lang),
        ),
        markup=False,
    )
    table = Table()
    for key in ("col.category", "col.value", "col.min", "col.max", "col.kept", "col.residual-min", "col.residual-max"):
        table.add_column(T(key, lang), justify="left" if key in ("col.category", "col.value") else "right")
    for category, value, low, high, kept, new_low, new_high in residual.table:
        table.add_row(category, value, str(low), str(high), str(kept), str(new_low), str(new_high))
    console.print(table)


def replace_command(
    directory: Annotated[Path, typer.Argument(help=T("help.directory"), show_default=False)],
    dropouts: Annotated[Path, typer.Option(help=T("help.dropouts"), show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help=T("help.out"), show_default=False)],
    seed_source: Annotated[str | None, typer.Option(help=T("help.seed-source"), show_default=False)] = None,
    mode: Annotated[str, typer.Option(help=T("help.mode"))] = "fair",
    algorithm: Annotated[str, typer.Option(help=T("help.algorithm"))] = "leximin",
    tickets: Annotated[int | None, typer.Option(help=T("help.tickets"), min=1, show_default=False)] = None,
    accept_repair: Annotated[int | None, typer.Option(help=T("help.accept-repair"), show_default=False)] = None,
    time_limit: Annotated[float | None, typer.Option(help=T("help.time-limit"))] = None,
    date: Annotated[str | None, typer.Option(help=T("help.date"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.force"))] = False,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    if mode not in MODES:
        raise typer.BadParameter(T("cli.bad-option", language, option="--mode", reason=" | ".join(MODES)))
    if algorithm not in ALGORITHMS:
        raise typer.BadParameter(T("cli.bad-option", language, option="--algorithm", reason=" | ".join(ALGORITHMS)))
    source = parse_seed_source(seed_source, language)
    try:
        with RichProgress(enabled=not quiet) as progress:
            result = workflows.replace(
                directory,
                dropouts,
                out,
                seed_source=source,
                mode=mode,
                algorithm=algorithm,
                tickets=tickets,
                accept_repair=accept_repair,
                time_limit=time_limit,
                date=date,
                overwrite=force,
                progress=progress,
                lang=language,
            )
    except InputError as exc:
        exit_input_error(exc, language, False)
    except DrawError as exc:
        exit_draw_error(exc, language, False)
    except InfeasibleError as exc:
        residual: Residual = exc.residual  # type: ignore[attr-defined]
        show_residual(residual, residual_round(directory), language)
        if exc.report is None:
            err_console.print(T("replace.reserves-exhausted", language), style="bold red", markup=False)
        else:
            render_report(exc.report, str(directory / "pool.csv"), residual.instance.household_columns, language)
            if accept_repair is not None:
                err_console.print(
                    T("replace.bad-repair", language, index=accept_repair, count=len(exc.report.repairs)),
                    style="bold red",
                    markup=False,
                )
            else:
                console.print(T("replace.infeasible", language), style="bold yellow", markup=False)
        raise typer.Exit(EXIT_INFEASIBLE) from None
    if not quiet:  # under --quiet the table is shown only to explain an infeasibility
        show_residual(result.residual, result.round, language)
    if result.repair is not None:
        changes = T("check.and", language).join(
            T("check.change-" + c.side, language, category=c.category, value=c.value, old=c.old, new=c.new)
            for c in result.repair.changes
        )
        console.print(
            T("replace.accepted", language, index=accept_repair, changes=changes), style="bold yellow", markup=False
        )
    prepared = result.preparation
    if prepared is None:
        console.print(
            T("replace.reserves-taken", language, ids=", ".join(result.taken), directory=str(out)),
            style="bold green",
            markup=False,
        )
        console.print(T("prepare.commitment", language, hash=result.commitment_hash), markup=False)
        show_contacts(result.contacts, out, language, quiet)
        return
    if not quiet:
        print_summary(prepared, language)
        console.print(T("prepare.written", language, directory=str(out), files=", ".join(prepared.files)), markup=False)
    print_publication(prepared, language, quiet)


def residual_round(directory: Path) -> int:
    """The round a replacement of ``directory`` would be (for the table's title when it fails)."""
    return draw_state(directory).round + 1
