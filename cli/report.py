"""``sortition report``: the report of a draw, one self-contained HTML page to publish or print."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sortition import workflows
from sortition.errors import DrawError, InputError
from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.report import DEFAULT_LEGACY_RUNS
from sortition.report.labels import Labels, read_labels

from .common import EXIT_BAD_INPUT, T, console, err_console, exit_input_error, print_json, resolve_lang
from .progress import RichProgress


def _refuse(key: str, lang: str, as_json: bool, **params: str) -> None:
    if as_json:
        print_json({"error": key, "message": T(key, lang, **params)})
    else:
        err_console.print(T(key, lang, **params), style="bold red", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def report_command(
    directory: Annotated[Path, typer.Argument(help=T("help.directory"), show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help=T("help.report-out"), show_default=False)] = None,
    legacy_runs: Annotated[int, typer.Option(help=T("help.report-legacy-runs"), min=0)] = DEFAULT_LEGACY_RUNS,
    legacy_seed: Annotated[int, typer.Option(help=T("help.report-legacy-seed"), min=0)] = 0,
    force: Annotated[bool, typer.Option(help=T("help.force"))] = False,
    quiet: Annotated[bool, typer.Option(help=T("help.quiet"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
    title: Annotated[str | None, typer.Option(help=T("help.report-title"), show_default=False)] = None,
    purpose: Annotated[str | None, typer.Option(help=T("help.report-purpose"), show_default=False)] = None,
    organiser: Annotated[str | None, typer.Option(help=T("help.report-organiser"), show_default=False)] = None,
    labels: Annotated[Path | None, typer.Option(help=T("help.report-labels"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    display = Labels()
    if labels is not None:
        try:
            display = read_labels(labels)
        except InputError as exc:
            exit_input_error(exc, language, as_json)
    target = out if out is not None else directory / T("report.file-name", language)
    if target.exists() and not force:  # checked first: the legacy simulation may take a while
        _refuse("report.exists", language, as_json, file=str(target))
    show = not quiet and not as_json
    if show and legacy_runs and (directory / "lottery.json").is_file():  # else the workflow names what is missing
        err_console.print(T("report.computing", language, runs=format_int(legacy_runs, language)), markup=False)
    try:
        with RichProgress(enabled=show) as progress:
            written = workflows.report(
                directory,
                out=target,
                lang=language,
                legacy_runs=legacy_runs,
                legacy_seed=legacy_seed,
                overwrite=force,
                progress=progress,
                title=title,
                purpose=purpose,
                organiser=organiser,
                labels=display,
            )
    except InputError as exc:
        exit_input_error(exc, language, as_json)
    except DrawError as exc:
        _refuse(exc.key, language, as_json, **{k: str(v) for k, v in exc.params.items()})
    data = written.data
    lottery = data.lottery
    legacy = lottery.legacy if lottery is not None else None
    if as_json:
        print_json(
            {
                "report": str(target),
                "min_probability": float(lottery.minimum) if lottery is not None else None,
                "cannot_fit": lottery.cannot_fit if lottery is not None else None,
                "least_reachable_probability": float(lottery.least) if lottery is not None else None,
                "least_probability_optimal": lottery.least_optimal if lottery is not None else None,
                "outcomes": lottery.outcomes.as_dict() if lottery is not None and lottery.outcomes else None,
                "gini": lottery.gini if lottery is not None else None,
                "legacy_min_frequency": legacy.min_frequency if legacy is not None else None,
                "legacy_min_upper": legacy.min_upper if legacy is not None else None,
                "checks": len(data.checks),
                "failed": data.failed,
                "manual": data.manual,
            }
        )
        return
    if not quiet:
        counts = {"failed": data.failed, "manual": data.manual, "count": len(data.checks)}
        if lottery is not None:
            figures = {
                "k": format_int(lottery.k, language),
                "n": format_int(lottery.n, language),
                "minimum": format_percent(float(lottery.least), 2, language),
                "gini": format_decimal(lottery.gini, 3, language),
            }
            if data.replacement is not None:
                line = T("report.summary-line-replacement", language, round=data.replacement.round, **figures, **counts)
            else:
                line = T("report.summary-line", language, **figures, **counts)
            console.print(line, markup=False)
        else:
            console.print(T("report.summary-checks", language, **counts), markup=False)
    if data.failed:
        err_console.print(T("report.checks-failed", language), style="bold red", markup=False)
    console.print(T("report.written", language, file=str(target)), style="bold green", markup=False)
