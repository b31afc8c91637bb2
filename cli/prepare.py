"""``sortition prepare``: the fair lottery, its tickets, and the commitment to publish before the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from sortition_cli.check import render_report
from sortition_cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    T,
    console,
    err_console,
    exit_input_error,
    print_json,
    resolve_lang,
    split_columns,
)
from sortition_cli.progress import RichProgress

from sortition.check import check
from sortition.errors import InputError
from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.load.instance import load_instance
from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
from sortition.protocol.commit import Prepared, SeedSource, prepare
from sortition.protocol.files import write_directory
from sortition.protocol.tickets import FAIR_LOSS, round_to_tickets
from sortition.solve import ALGORITHMS, solve


def private_dir(out: Path) -> Path:
    return out.with_name(out.name + ".private")


def parse_seed_source(text: str | None, lang: str) -> SeedSource | None:
    """``--seed-source`` of prepare and replace: None when not announced, a usage error when malformed."""
    if text is None:
        return None
    try:
        return SeedSource.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(T("cli.bad-option", lang, option="--seed-source", reason=str(exc))) from exc


def refuse_existing(out: Path, force: bool, lang: str) -> None:
    if out.exists() and not force:
        err_console.print(T("draw.exists", lang, directory=str(out)), style="bold red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)


def load_or_exit(
    pool: Path,
    quotas: Path,
    k: int,
    id_column: str,
    households: tuple[str, ...],
    tolerance: float,
    lang: str,
    as_json: bool,
) -> Instance:
    try:
        return load_instance(
            pool, quotas, k, id_column=id_column, household_columns=households, tolerance=str(tolerance)
        )
    except InputError as exc:
        exit_input_error(exc, lang, as_json)


def solve_and_publish(
    instance: Instance,
    *,
    algorithm: str,
    tickets: int | None,
    seed_source: SeedSource | None,
    pseudonymise: bool,
    date: str | None,
    time_limit: float | None,
    legacy_runs: int,
    lang: str,
    quiet: bool,
    as_json: bool,
    pool_file: str,
    household_columns: tuple[str, ...],
) -> tuple[Lottery, Prepared]:
    """Check feasibility (explained and exit 1 if not), solve, round to tickets, build the files."""
    report = check(instance)
    if not report.feasible:
        if as_json:
            print_json(report.as_dict())
        else:
            render_report(report, pool_file, household_columns, lang)
        raise typer.Exit(EXIT_INFEASIBLE)
    if not quiet and not as_json:
        console.print(
            T(
                "prepare.solving",
                lang,
                algorithm=algorithm,
                n=format_int(len(instance.pool), lang),
                groups=format_int(len(instance.grouping().groups), lang),
                k=instance.k,
            )
        )
    options: dict[str, Any] = {"runs": legacy_runs} if algorithm == "legacy" else {}
    with RichProgress(enabled=not quiet and not as_json) as progress:
        lottery = solve(instance, algorithm, time_limit=time_limit, progress=progress, **options)
        rounded = round_to_tickets(lottery, tickets)
    prepared = prepare(instance, lottery, rounded, seed_source, pseudonymise=pseudonymise, date=date)
    return lottery, prepared


ZERO_PROBABILITY = 1e-9  # below the solvers' tolerance: a probability this small is 0


def print_summary(lottery: Lottery, prepared: Prepared, lang: str) -> None:
    c = lottery.certificate
    console.print(
        T(
            "prepare.summary",
            lang,
            algorithm=lottery.algorithm,
            min=format_decimal(lottery.min_probability, 4, lang),
            max=format_decimal(lottery.max_probability, 4, lang),
            gini=format_decimal(lottery.gini, 3, lang),
            panels=format_int(lottery.n_panels, lang),
            seconds=format_decimal(lottery.seconds, 2, lang),
        ),
        markup=False,
    )
    optimal = "" if c.optimal else T("prepare.not-optimal", lang, notes="; ".join(c.notes))
    console.print(T("prepare.certificate", lang, method=c.method, gap=f"{c.gap:.1e}", optimal=optimal), markup=False)
    t = prepared.tickets
    console.print(
        T(
            "prepare.tickets",
            lang,
            total=format_int(t.total, lang),
            panels=format_int(int((t.counts > 0).sum()), lang),
            method=t.method,
            least=format_decimal(t.least, 5, lang),
            loss=format_percent(t.loss, 2, lang),
            deviation=format_decimal(t.max_deviation, 5, lang),
            bound=format_decimal(t.bound, 5, lang),
        ),
        markup=False,
    )
    # LEXIMIN leaves at 0 only persons no valid panel can hold (in a replacement, often many): say so, and
    # judge the ticket rounding against the least chance someone actually has
    zero = lottery.marginals <= ZERO_PROBABILITY
    if lottery.algorithm == "leximin" and c.optimal and zero.any():
        console.print(
            T("prepare.cannot-fit", lang, count=format_int(int(zero.sum()), lang), n=format_int(zero.size, lang)),
            markup=False,
        )
    least = float(lottery.marginals[~zero].min()) if (~zero).any() else 0.0
    if t.loss > FAIR_LOSS:
        console.print(
            T(
                "prepare.tickets-too-few",
                lang,
                total=format_int(t.total, lang),
                min=format_decimal(least, 5, lang),
                least=format_decimal(t.least, 5, lang),
                loss=format_percent(t.loss, 2, lang),
                fair=format_percent(FAIR_LOSS, 1, lang),
                suggested=format_int(round_to_tickets(lottery).total, lang),
            ),
            style="bold yellow",
            markup=False,
        )


def prepare_command(
    pool: Annotated[Path, typer.Argument(help=T("help.pool"), show_default=False)],
    quotas: Annotated[Path, typer.Argument(help=T("help.quotas"), show_default=False)],
    k: Annotated[int, typer.Option("--k", "-k", help=T("help.k"), show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help=T("help.out"), show_default=False)],
    algorithm: Annotated[str, typer.Option(help=T("help.algorithm"))] = "leximin",
    tickets: Annotated[int | None, typer.Option(help=T("help.tickets"), min=1, show_default=False)] = None,
    seed_source: Annotated[str | None, typer.Option(help=T("help.seed-source"), show_default=False)] = None,
    households: Annotated[list[str] | None, typer.Option(help=T("help.households"))] = None,
    id_column: Annotated[str, typer.Option(help=T("help.id-column"))] = "id",
    pseudonymise: Annotated[bool, typer.Option(help=T("help.pseudonymise"))] = False,
    time_limit: Annotated[float | None, typer.Option(help=T("help.time-limit"))] = None,
    tolerance: Annotated[float, typer.Option(help=T("help.tolerance"))] = 0.1,
    legacy_runs: Annotated[int, typer.Option(help=T("help.legacy-runs"), min=1)] = 1000,
    date: Annotated[str | None, typer.Option(help=T("help.date"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.force"))] = False,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    if algorithm not in ALGORITHMS:
        raise typer.BadParameter(T("cli.bad-option", language, option="--algorithm", reason=" | ".join(ALGORITHMS)))
    source = parse_seed_source(seed_source, language)
    refuse_existing(out, force, language)
    if pseudonymise:
        refuse_existing(private_dir(out), force, language)
    household_columns = split_columns(households)
    instance = load_or_exit(pool, quotas, k, id_column, household_columns, tolerance, language, as_json)
    lottery, prepared = solve_and_publish(
        instance,
        algorithm=algorithm,
        tickets=tickets,
        seed_source=source,
        pseudonymise=pseudonymise,
        date=date,
        time_limit=time_limit,
        legacy_runs=legacy_runs,
        lang=language,
        quiet=quiet,
        as_json=as_json,
        pool_file=str(pool),
        household_columns=household_columns,
    )
    write_directory(out, prepared.public, replace=force)
    if prepared.private:
        write_directory(private_dir(out), prepared.private, replace=force)
    if as_json:
        print_json(
            {
                "directory": str(out),
                "commitment_sha256": prepared.commitment_hash,
                "algorithm": lottery.algorithm,
                "min_probability": lottery.min_probability,
                "max_probability": lottery.max_probability,
                "gini": lottery.gini,
                "panels": lottery.n_panels,
                "seconds": round(lottery.seconds, 3),
                "certificate": lottery.certificate.as_dict(),
                "tickets": {
                    "total": prepared.tickets.total,
                    "method": prepared.tickets.method,
                    "max_deviation": prepared.tickets.max_deviation,
                    "bound": prepared.tickets.bound,
                    "least": prepared.tickets.least,
                    "loss": prepared.tickets.loss,
                },
            }
        )
        return
    if not quiet:
        print_summary(lottery, prepared, language)
        console.print(
            T("prepare.written", language, directory=str(out), files=", ".join(sorted(prepared.public))), markup=False
        )
        if prepared.private:
            console.print(
                T("prepare.private", language, directory=str(private_dir(out))), style="bold yellow", markup=False
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
