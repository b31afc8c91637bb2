"""``sortition check``: can the quotas be met, and if not, why and how to fix them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sortition.check import SOLVERS, FeasibilityReport, check
from sortition.errors import InputError
from sortition.explain import Outcomes, describe, explain
from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.load.instance import load_instance

from .common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    T,
    console,
    exit_input_error,
    print_json,
    print_sheet_notes,
    resolve_lang,
    split_columns,
)


def print_outcomes(outcomes: Outcomes, lang: str) -> None:
    """Who is certain (or nearly) to sit, their profiles and the quotas that force them."""
    message = lambda key, **params: T(key, lang, **params)  # noqa: E731
    for level, line in describe(outcomes, message, number=lambda count: format_int(count, lang)):
        console.print("  " * level + ("- " if level else "") + line, markup=False)


def render_report(report: FeasibilityReport, pool_file: str, household_columns: tuple[str, ...], lang: str) -> None:
    console.print(
        T(
            "cli.pool-line",
            lang,
            file=pool_file,
            n=format_int(report.n, lang),
            groups=format_int(report.n_groups, lang),
            k=report.k,
        )
    )
    if report.household_rule:
        console.print(
            T(
                "cli.households-line",
                lang,
                columns=", ".join(household_columns),
                households=format_int(report.n_households, lang),
            )
        )
    has_target = any(s.target_share is not None for s in report.summary)
    table = Table(show_lines=False)
    for key, justify in [
        ("col.category", "left"),
        ("col.value", "left"),
        ("col.volunteers", "right"),
        ("col.pool-share", "right"),
    ]:
        table.add_column(T(key, lang), justify=justify)  # type: ignore[arg-type]
    if has_target:
        table.add_column(T("col.target", lang), justify="right")
    table.add_column(T("col.min", lang), justify="right")
    table.add_column(T("col.max", lang), justify="right")
    conflicted = {(b.category, b.value) for b in report.conflict}
    for s in report.summary:
        cells = [s.category, s.value, format_int(s.pool_count, lang), format_percent(s.pool_share, 1, lang)]
        if has_target:
            cells.append(format_percent(s.target_share, 1, lang) if s.target_share is not None else "")
        cells += [str(s.min), str(s.max)]
        style = "bold red" if (s.category, s.value) in conflicted else None
        table.add_row(*cells, style=style)
    console.print(table)
    seconds = format_decimal(report.seconds, 2, lang)
    if report.feasible:
        console.print(T("check.feasible", lang, k=report.k, seconds=seconds), style="bold green")
        return
    console.print(T("check.infeasible", lang, k=report.k), style="bold red")
    if report.households_too_few:
        console.print(T("check.households-too-few", lang, households=report.n_households, k=report.k))
    if report.conflict:
        households = T("check.conflict-households", lang) if report.household_rule else ""
        console.print(T("check.conflict-intro", lang, k=report.k, households=households))
        for b in report.conflict:
            console.print(
                "  • "
                + T(
                    "check.bound-" + b.side,
                    lang,
                    category=b.category,
                    value=b.value,
                    limit=b.limit,
                    pool_count=b.pool_count,
                ),
                markup=False,
            )
    if report.intersections:
        console.print(T("check.intersection-intro", lang))
        for pair in report.intersections[:3]:
            console.print(
                "  • "
                + T(
                    "check.intersection",
                    lang,
                    first=" = ".join(pair.first),
                    second=" = ".join(pair.second),
                    needed=pair.needed,
                    allowed=pair.allowed,
                    volunteers=pair.volunteers,
                    first_count=pair.first_count,
                    second_count=pair.second_count,
                ),
                markup=False,
            )
    if report.repairs:
        console.print(T("check.repairs-intro", lang))
        for i, repair in enumerate(report.repairs, start=1):
            changes = T("check.and", lang).join(
                T("check.change-" + c.side, lang, category=c.category, value=c.value, old=c.old, new=c.new)
                for c in repair.changes
            )
            console.print(
                "  " + T("check.repair-line", lang, index=i, changes=changes, seats=repair.seats),
                markup=False,
            )
    elif not report.households_too_few:
        console.print(T("check.no-repair", lang))


def check_command(
    pool: Annotated[Path, typer.Argument(help=T("help.pool"), show_default=False)],
    quotas: Annotated[Path, typer.Argument(help=T("help.quotas"), show_default=False)],
    k: Annotated[int, typer.Option("--k", "-k", help=T("help.k"), show_default=False)],
    id_column: Annotated[str, typer.Option(help=T("help.id-column"))] = "id",
    sheet: Annotated[str | None, typer.Option(help=T("help.sheet"), show_default=False)] = None,
    households: Annotated[list[str] | None, typer.Option(help=T("help.households"))] = None,
    tolerance: Annotated[float, typer.Option(help=T("help.tolerance"))] = 0.1,
    solver: Annotated[str, typer.Option(help=T("help.solver"))] = "highs",
    time_limit: Annotated[float | None, typer.Option(help=T("help.time-limit"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    if solver not in SOLVERS:
        raise typer.BadParameter(T("cli.bad-option", language, option="--solver", reason=" | ".join(SOLVERS)))
    household_columns = split_columns(households)
    print_sheet_notes(pool, sheet, language, as_json)
    try:
        instance = load_instance(
            pool,
            quotas,
            k,
            id_column=id_column,
            household_columns=household_columns,
            tolerance=str(tolerance),
            sheet=sheet,
        )
    except InputError as exc:
        exit_input_error(exc, language, as_json)
    report = check(instance, solver=solver, time_limit=time_limit)
    outcomes = explain(instance) if report.feasible else None  # who sits on every panel, by counting
    if as_json:
        print_json({**report.as_dict(), **({"outcomes": outcomes.as_dict()} if outcomes is not None else {})})
    else:
        render_report(report, str(pool), household_columns, language)
        if outcomes is not None:
            print_outcomes(outcomes, language)
    raise typer.Exit(EXIT_OK if report.feasible else EXIT_INFEASIBLE)
