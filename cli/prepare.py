"""``sortition prepare``: the fair lottery, its tickets, and the commitment to publish before the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from sortition import workflows
from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.explain import explain_lottery, least_chances
from sortition.i18n.catalogue import format_decimal, format_int, format_percent, method_name
from sortition.i18n.numbers import format_scientific
from sortition.load.instance import load_instance
from sortition.model.instance import Instance
from sortition.model.lottery import ZERO_PROBABILITY
from sortition.protocol.commit import SeedSource
from sortition.protocol.seed import seed_facts, seed_warnings
from sortition.protocol.tickets import FAIR_LOSS, round_to_tickets
from sortition.report.labels import read_labels
from sortition.solve import ALGORITHMS
from sortition.workflows import Preparation

from .check import print_outcomes, render_report
from .common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    T,
    console,
    err_console,
    exit_input_error,
    print_json,
    print_sheet_notes,
    resolve_lang,
    split_columns,
)
from .progress import RichProgress


def parse_seed_source(text: str | None, lang: str) -> SeedSource | None:
    """``--seed-source`` of prepare and replace: None when not announced, a usage error when malformed."""
    if text is None:
        return None
    try:
        return SeedSource.parse(text)
    except ValueError as exc:
        reason = T(str(exc), lang, text=text[:60])
        raise typer.BadParameter(T("cli.bad-option", lang, option="--seed-source", reason=reason)) from exc


def _seed_figures(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """The seed messages' numbers written for ``lang``."""
    out = dict(params)
    for name in ("outcomes", "worth"):
        if name in out:
            out[name] = format_int(out[name], lang)
    if "least" in out:
        out["least"] = format_decimal(out["least"], 5, lang)
    if "bias" in out:
        out["bias"] = format_percent(out["bias"], 2, lang)
    return out


def print_publication(prepared: Preparation, lang: str, quiet: bool) -> None:
    """The full commitment hash, the warnings about the announced seed source, and what to publish where."""
    source = prepared.seed_source
    console.print(T("prepare.commitment", lang, hash=prepared.commitment_hash), markup=False)
    if source is None:
        console.print(T("prepare.unannounced", lang), style="yellow", markup=False)
        return
    least = prepared.tickets.least
    for key, params in seed_facts(source, least):
        console.print(T(key, lang, **_seed_figures(params, lang)), markup=False)
    for key, params in seed_warnings(source, least):
        console.print(T(key, lang, **_seed_figures(params, lang)), style="bold yellow", markup=False)
    if not quiet:
        console.print(
            T(
                "prepare.publish-now",
                lang,
                source=source.description,
                directory=str(prepared.directory),
                hash=prepared.commitment_hash,
            ),
            style="bold",
            markup=False,
        )


def exit_draw_error(exc: DrawError, lang: str, as_json: bool) -> NoReturn:
    """A keyed refusal of the library (a directory that exists, a draw that cannot go ahead): exit 2."""
    if as_json:
        print_json({"error": exc.key, "message": exc.message(lang)})
    else:
        err_console.print(exc.message(lang), style="bold red", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def refuse_existing(out: Path, force: bool, lang: str) -> None:
    """Refuse an existing ``--out`` before any work (loading and solving may take a while)."""
    if out.exists() and not force:
        exit_draw_error(DrawError("draw.exists", directory=str(out)), lang, False)


def load_or_exit(
    pool: Path,
    quotas: Path,
    k: int,
    id_column: str,
    households: tuple[str, ...],
    tolerance: float,
    lang: str,
    as_json: bool,
    sheet: str | None = None,
) -> Instance:
    print_sheet_notes(pool, sheet, lang, as_json)
    try:
        return load_instance(
            pool, quotas, k, id_column=id_column, household_columns=households, tolerance=str(tolerance), sheet=sheet
        )
    except InputError as exc:
        exit_input_error(exc, lang, as_json)


def exit_infeasible(
    exc: InfeasibleError, pool_file: str, household_columns: tuple[str, ...], lang: str, as_json: bool
) -> NoReturn:
    """The quotas admit no panel: the conflict and the repairs, exit 1."""
    report = exc.report
    if as_json:
        print_json(report.as_dict())
    else:
        render_report(report, pool_file, household_columns, lang)
    raise typer.Exit(EXIT_INFEASIBLE)


def run_prepare(
    instance: Instance,
    out: Path,
    *,
    lang: str,
    quiet: bool,
    as_json: bool,
    pool_file: str,
    household_columns: tuple[str, ...],
    **options: Any,
) -> Preparation:
    """The prepare workflow with the CLI's progress display and its error exits."""
    if not quiet and not as_json:
        console.print(
            T(
                "prepare.solving",
                lang,
                algorithm=options.get("algorithm", "leximin"),
                n=format_int(len(instance.pool), lang),
                groups=format_int(len(instance.grouping().groups), lang),
                k=instance.k,
            )
        )
    try:
        with RichProgress(enabled=not quiet and not as_json) as progress:
            return workflows.prepare(instance, out, progress=progress, **options)
    except InfeasibleError as exc:
        exit_infeasible(exc, pool_file, household_columns, lang, as_json)
    except DrawError as exc:
        exit_draw_error(exc, lang, as_json)


def print_summary(prepared: Preparation, lang: str) -> None:
    lottery = prepared.lottery
    c = lottery.certificate
    published, optimal_least = least_chances(lottery, prepared.tickets)
    console.print(
        T(
            "prepare.summary",
            lang,
            algorithm=lottery.algorithm,
            min=format_decimal(published, 4, lang),
            max=format_decimal(lottery.max_probability, 4, lang),
            gini=format_decimal(lottery.gini, 3, lang),
            panels=format_int(lottery.n_panels, lang),
            seconds=format_decimal(lottery.seconds, 2, lang),
        ),
        markup=False,
    )
    optimal = "" if c.optimal else T("prepare.not-optimal", lang, notes="; ".join(c.notes))
    method, gap = method_name(c.method, lang), format_scientific(c.gap, 1, lang)
    console.print(T("prepare.certificate", lang, method=method, gap=gap, optimal=optimal), markup=False)
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
    if format_decimal(published, 4, lang) != format_decimal(optimal_least, 4, lang):
        console.print(
            T(
                "prepare.least-chance",
                lang,
                published=format_decimal(published, 4, lang),
                optimal=format_decimal(optimal_least, 4, lang),
            ),
            markup=False,
        )
    print_outcomes(explain_lottery(lottery, prepared.tickets), lang)
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
    sheet: Annotated[str | None, typer.Option(help=T("help.sheet"), show_default=False)] = None,
    pseudonymise: Annotated[bool, typer.Option(help=T("help.pseudonymise"))] = False,
    time_limit: Annotated[float | None, typer.Option(help=T("help.time-limit"))] = None,
    tolerance: Annotated[float, typer.Option(help=T("help.tolerance"))] = 0.1,
    legacy_runs: Annotated[int, typer.Option(help=T("help.legacy-runs"), min=1)] = 1000,
    date: Annotated[str | None, typer.Option(help=T("help.date"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.force"))] = False,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
    title: Annotated[str | None, typer.Option(help=T("help.report-title"), show_default=False)] = None,
    purpose: Annotated[str | None, typer.Option(help=T("help.report-purpose"), show_default=False)] = None,
    organiser: Annotated[str | None, typer.Option(help=T("help.report-organiser"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    if algorithm not in ALGORITHMS:
        raise typer.BadParameter(T("cli.bad-option", language, option="--algorithm", reason=" | ".join(ALGORITHMS)))
    source = parse_seed_source(seed_source, language)
    refuse_existing(out, force, language)
    refuse_existing(workflows.private_directory(out), force, language)
    household_columns = split_columns(households)
    instance = load_or_exit(pool, quotas, k, id_column, household_columns, tolerance, language, as_json, sheet)
    try:
        labels = read_labels(quotas)  # the quota file's optional label columns
    except InputError as exc:
        exit_input_error(exc, language, as_json)
    prepared = run_prepare(
        instance,
        out,
        lang=language,
        quiet=quiet,
        as_json=as_json,
        pool_file=str(pool),
        household_columns=household_columns,
        algorithm=algorithm,
        tickets=tickets,
        seed_source=source,
        pseudonymise=pseudonymise,
        date=date,
        time_limit=time_limit,
        legacy_runs=legacy_runs,
        overwrite=force,
        title=title,
        purpose=purpose,
        organiser=organiser,
        labels=labels,
    )
    lottery = prepared.lottery
    if as_json:
        published, optimal_least = least_chances(lottery, prepared.tickets)
        print_json(
            {
                "directory": str(out),
                "private_directory": str(prepared.private_directory),
                "commitment_sha256": prepared.commitment_hash,
                "algorithm": lottery.algorithm,
                "min_probability": lottery.min_probability,
                "least_probability": published,
                "least_probability_optimal": optimal_least,
                "outcomes": explain_lottery(lottery, prepared.tickets).as_dict(),
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
        print_summary(prepared, language)
        console.print(T("prepare.written", language, directory=str(out), files=", ".join(prepared.files)), markup=False)
        if prepared.private_directory is not None:
            console.print(
                T("prepare.private", language, directory=str(prepared.private_directory)),
                style="bold yellow",
                markup=False,
            )
    print_publication(prepared, language, quiet)
