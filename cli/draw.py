"""``sortition draw`` (the panel from the public seed) and ``sortition rehearse`` (prepare + draw)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sortition import workflows
from sortition.errors import DrawError, InputError
from sortition.protocol.commit import SeedSource
from sortition.protocol.seed import normalise_seed

from .common import T, console, err_console, exit_input_error, print_json, resolve_lang, split_columns
from .prepare import exit_draw_error, load_or_exit, print_summary, refuse_existing, run_prepare


def perform_draw(
    directory: Path,
    seed: str | None,
    beacon: dict[str, Any] | None,
    date: str | None,
    lang: str,
    quiet: bool,
    as_json: bool,
) -> None:
    try:
        result = workflows.draw(directory, seed=seed, beacon=beacon, date=date, lang=lang)
    except DrawError as exc:
        exit_draw_error(exc, lang, as_json)
    except InputError as exc:
        exit_input_error(exc, lang, as_json)
    outcome, total, added = result.outcome, result.tickets, result.files
    if as_json:
        print_json(
            {
                "directory": str(directory),
                "ticket": outcome.ticket,
                "panel_index": outcome.panel_index,
                "panel": list(outcome.panel),
                "reserves": len(outcome.reserves),
                "key": outcome.key,
                "seed": outcome.seed,
                "contacts": [str(path) for path in result.contacts],
            }
        )
        return
    if not quiet:
        console.print(T("draw.seed-used", lang, seed=outcome.seed), markup=False)
        console.print(T("draw.key", lang, key=outcome.key), markup=False)
    console.print(
        T(
            "draw.result",
            lang,
            ticket=outcome.ticket,
            last=total - 1,
            panel=outcome.panel_index,
            size=len(outcome.panel),
            files=", ".join(added),
        ),
        style="bold green",
        markup=False,
    )
    if beacon is not None:
        console.print(T("draw.signature-unchecked", lang), style="yellow", markup=False)
    show_contacts(result.contacts, directory, lang, quiet)


def show_contacts(contacts: tuple[Path, ...], directory: Path, lang: str, quiet: bool) -> None:
    """Where the private contact lists are (paths only: their content never reaches the screen)."""
    if contacts:
        files = ", ".join(str(path) for path in contacts)
        console.print(T("draw.contacts", lang, files=files), style="bold yellow", markup=False)
    elif not quiet:
        console.print(T("draw.no-private", lang, directory=str(directory)), style="yellow", markup=False)


def draw_command(
    directory: Annotated[Path, typer.Argument(help=T("help.directory"), show_default=False)],
    seed: Annotated[str | None, typer.Option(help=T("help.seed"), show_default=False)] = None,
    beacon: Annotated[Path | None, typer.Option(help=T("help.beacon"), show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help=T("help.date"), show_default=False)] = None,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    beacon_data = None
    if beacon is not None:
        try:
            beacon_data = json.loads(beacon.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            exit_draw_error(DrawError("draw.bad-beacon", reason=f"{beacon}: {exc}"), language, as_json)
    perform_draw(directory, seed, beacon_data, date, language, quiet, as_json)


def rehearse_command(
    pool: Annotated[Path, typer.Argument(help=T("help.pool"), show_default=False)],
    quotas: Annotated[Path, typer.Argument(help=T("help.quotas"), show_default=False)],
    k: Annotated[int, typer.Option("--k", "-k", help=T("help.k"), show_default=False)],
    seed: Annotated[str, typer.Option(help=T("help.rehearse-seed"), show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help=T("help.out"), show_default=False)],
    algorithm: Annotated[str, typer.Option(help=T("help.algorithm"))] = "leximin",
    tickets: Annotated[int | None, typer.Option(help=T("help.tickets"), min=1, show_default=False)] = None,
    households: Annotated[list[str] | None, typer.Option(help=T("help.households"))] = None,
    id_column: Annotated[str, typer.Option(help=T("help.id-column"))] = "id",
    pseudonymise: Annotated[bool, typer.Option(help=T("help.pseudonymise"))] = False,
    time_limit: Annotated[float | None, typer.Option(help=T("help.time-limit"))] = None,
    tolerance: Annotated[float, typer.Option(help=T("help.tolerance"))] = 0.1,
    legacy_runs: Annotated[int, typer.Option(help=T("help.legacy-runs"), min=1)] = 1000,
    date: Annotated[str | None, typer.Option(help=T("help.date"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.force"))] = False,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    err_console.print(T("rehearse.warning", language), style="bold yellow", markup=False)
    try:
        announced = normalise_seed(seed)
    except ValueError:
        exit_draw_error(DrawError("draw.empty-seed"), language, False)
    refuse_existing(out, force, language)
    household_columns = split_columns(households)
    instance = load_or_exit(pool, quotas, k, id_column, household_columns, tolerance, language, False)
    prepared = run_prepare(
        instance,
        out,
        lang=language,
        quiet=quiet,
        as_json=False,
        pool_file=str(pool),
        household_columns=household_columns,
        algorithm=algorithm,
        tickets=tickets,
        seed_source=SeedSource("rehearsal", announced),
        pseudonymise=pseudonymise,
        date=date,
        time_limit=time_limit,
        legacy_runs=legacy_runs,
        overwrite=force,
    )
    if not quiet:
        print_summary(prepared, language)
        console.print(T("prepare.commitment", language, hash=prepared.commitment_hash), markup=False)
    perform_draw(out, seed, None, date, language, quiet, False)
    err_console.print(T("rehearse.warning", language), style="bold yellow", markup=False)
