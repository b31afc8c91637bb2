"""``sortition replace``: replace drop-outs, keeping the quotas, fairly and auditably."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sortition_cli.check import render_report
from sortition_cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    T,
    console,
    err_console,
    exit_input_error,
    resolve_lang,
)
from sortition_cli.prepare import parse_seed_source, print_summary, refuse_existing
from sortition_cli.progress import RichProgress

from sortition.check import check
from sortition.errors import InputError
from sortition.i18n.catalogue import format_int
from sortition.protocol.commit import prepare
from sortition.protocol.files import write_directory
from sortition.protocol.replace import (
    MODES,
    Residual,
    commitment_extra,
    draw_state,
    read_dropouts,
    relaxation_from_repair,
    reserve_walk,
    reserves_record,
    residual_problem,
)
from sortition.protocol.tickets import round_to_tickets
from sortition.solve import ALGORITHMS, solve


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
    if not (directory / "audit.json").is_file():
        err_console.print(T("replace.not-drawn", language, directory=str(directory)), style="bold red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    source = parse_seed_source(seed_source, language)
    refuse_existing(out, force, language)
    state = draw_state(directory)
    try:
        dropped, declined = read_dropouts(dropouts, state)
    except InputError as exc:
        exit_input_error(exc, language, False)
    residual = residual_problem(state, dropped, declined)
    report = check(residual.instance)
    if not quiet or not report.feasible:  # under --quiet the table is shown only to explain an infeasibility
        show_residual(residual, state.round + 1, language)
    if not report.feasible:
        if accept_repair is None or not 1 <= accept_repair <= len(report.repairs):
            render_report(report, str(directory / "pool.csv"), residual.instance.household_columns, language)
            if accept_repair is not None:
                err_console.print(
                    T("replace.bad-repair", language, index=accept_repair, count=len(report.repairs)),
                    style="bold red",
                    markup=False,
                )
            else:
                console.print(T("replace.infeasible", language), style="bold yellow", markup=False)
            raise typer.Exit(EXIT_INFEASIBLE)
        repair = report.repairs[accept_repair - 1]
        residual = residual_problem(state, dropped, declined, relaxation_from_repair(residual, repair))
        changes = T("check.and", language).join(
            T("check.change-" + c.side, language, category=c.category, value=c.value, old=c.old, new=c.new)
            for c in repair.changes
        )
        console.print(
            T("replace.accepted", language, index=accept_repair, changes=changes), style="bold yellow", markup=False
        )
    extra = commitment_extra(state, residual, out, mode)
    if mode == "reserves":
        walked = reserve_walk(state, residual)
        if walked is None:
            err_console.print(T("replace.reserves-exhausted", language), style="bold red", markup=False)
            raise typer.Exit(EXIT_INFEASIBLE)
        files = reserves_record(state, residual, walked[0], walked[1], extra, date)
        write_directory(out, files, replace=force)
        console.print(
            T("replace.reserves-taken", language, ids=", ".join(walked[0]), directory=str(out)),
            style="bold green",
            markup=False,
        )
        return
    with RichProgress(enabled=not quiet) as progress:
        lottery = solve(residual.instance, algorithm, time_limit=time_limit, progress=progress)
        rounded = round_to_tickets(lottery, tickets)
    prepared = prepare(residual.instance, lottery, rounded, source, date=date, extra=extra)
    write_directory(out, prepared.public, replace=force)
    if not quiet:
        print_summary(lottery, prepared, language)
        console.print(
            T("prepare.written", language, directory=str(out), files=", ".join(sorted(prepared.public))), markup=False
        )
    console.print(T("prepare.commitment", language, hash=prepared.commitment_hash), markup=False)
    if source is None:
        console.print(T("prepare.unannounced", language), style="yellow", markup=False)
    elif not quiet:
        console.print(
            T("prepare.publish-now", language, source=source.description, directory=str(out)),
            style="bold",
            markup=False,
        )
