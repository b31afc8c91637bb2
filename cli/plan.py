"""``sortition plan``: how many invitations to send for the quotas to be feasible with high probability."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichBar
from rich.table import Table

from sortition.errors import InputError, ProblemCollector
from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.planning import (
    DEFAULT_FAIRNESS_TRIALS,
    DEFAULT_TARGET,
    DEFAULT_TRIALS,
    Plan,
    PlanInputs,
    load_plan_inputs,
    parse_invitations,
    plan,
    plan_option_problems,
    plot_plan,
    plot_problems,
    scenario_inputs,
    shares_inputs,
)
from sortition.synthetic import SCENARIOS

from .common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    T,
    console,
    err_console,
    exit_input_error,
    print_json,
    resolve_lang,
)


class BarProgress:
    """The library's progress protocol shown as a rich progress bar on stderr (one bar per phase)."""

    def __init__(self, bar: RichBar, lang: str) -> None:
        self.bar = bar
        self.lang = lang
        self.task: Any = None

    def phase(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            self.bar.update(self.task, visible=False)
        self.task = self.bar.add_task(T("plan.phase-" + name, self.lang), total=total)

    def update(self, done: int, message: str = "") -> None:
        if self.task is not None:
            self.bar.update(self.task, completed=done)


@contextlib.contextmanager
def _progress(lang: str, enabled: bool) -> Iterator[BarProgress]:
    bar = RichBar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not enabled,
    )
    with bar:
        yield BarProgress(bar, lang)


@contextlib.contextmanager
def _backend(dask: str | None, lang: str) -> Iterator[None]:
    """Run joblib's tasks on a Dask cluster when a scheduler address is given (the 'dask' extra)."""
    if dask is None:
        yield
        return
    try:
        from dask.distributed import Client
    except ImportError:
        err_console.print(T("plan.dask-missing", lang), style="bold red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    import joblib

    # dask.distributed's Client is untyped where dask is installed, and Any where it is not
    with Client(dask), joblib.parallel_config(backend="dask"):  # type: ignore[no-untyped-call,unused-ignore]
        yield


def _load(
    population: Path | None,
    scenario: str | None,
    margins: Path | None,
    joint: list[Path] | None,
    quotas: Path | None,
    k: int | None,
    response_rates: str | None,
    base_rate: float | None,
    mean_rate: float | None,
    tolerance: float,
    problems: ProblemCollector,
) -> PlanInputs | None:
    sources = [x for x in (population, scenario, margins) if x is not None]
    if len(sources) > 1 or (not sources and quotas is None):
        problems.add("plan-mode-both" if sources else "plan-mode-none")
        if base_rate is not None and mean_rate is not None:
            problems.add("plan-rate-both")
        return None
    options: dict[str, Any] = {"base_rate": base_rate, "mean_rate": mean_rate, "tolerance": str(tolerance)}
    try:
        if scenario is not None:
            return scenario_inputs(scenario, quotas=quotas, k=k, response_rates=response_rates, **options)
        if quotas is None:
            problems.add("plan-needs-quotas")
        if k is None:
            problems.add("plan-needs-k")
        if quotas is None or k is None:
            return None
        if population is not None:
            return load_plan_inputs(population, quotas, k, response_rates=response_rates, **options)
        return shares_inputs(
            quotas,
            k,
            margins=margins,
            joint=tuple(joint or ()),
            response_rates=response_rates,
            **options,
        )
    except InputError as exc:
        problems.extend(exc.problems)
        return None


def render_plan(result: Plan, inputs: PlanInputs, lang: str, scenario: str | None = None) -> None:
    console.print(T("plan.header", lang, k=result.k, trials=format_int(result.trials, lang), seed=result.seed))
    population = inputs.population
    source = T("plan.scenario-source", lang, name=scenario) if scenario is not None else population.source
    if population.persons:
        line = T("plan.population-persons", lang, source=source, n=format_int(int(population.size), lang))
    else:
        line = T("plan.population-cells", lang, source=source, cells=format_int(population.n_cells, lang))
    console.print(line, markup=False)
    console.print(
        T(
            "plan.response",
            lang,
            mean=format_percent(result.mean_rate, 1, lang),
            base=format_percent(result.base_rate, 2, lang),
        )
    )
    for note in inputs.notes(lang):
        console.print(note, markup=False, style="yellow" if inputs.response_model == "equal" else None)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    columns = ["plan.col-invitations", "plan.col-feasible", "plan.col-interval", "plan.col-pool"]
    with_fairness = any(r.fairness_trials or r.fairness_failures for r in result.rows)
    if with_fairness:
        columns += ["plan.col-min-probability", "plan.col-lowest", "plan.col-fairness-trials"]
    for key in columns:  # pool size percentiles are in the JSON output: the table fits in 80 columns
        table.add_column(T(key, lang), justify="right", no_wrap=True)
    none = T("plan.none", lang)
    for row in result.rows:
        cells = [
            format_int(row.invitations, lang),
            format_percent(row.feasibility, 1, lang),
            T(
                "plan.range",
                lang,
                low=format_percent(row.interval[0], 1, lang),
                high=format_percent(row.interval[1], 1, lang),
            ),
            format_decimal(row.mean_pool_size, 1, lang),
        ]
        if with_fairness:
            mean, lowest = row.mean_min_probability, row.lowest_min_probability
            cells += [
                format_percent(mean, 2, lang) if mean is not None else none,
                format_percent(lowest, 2, lang) if lowest is not None else none,
                format_int(row.fairness_trials, lang),
            ]
        style = "bold green" if row.invitations == result.recommended else None
        table.add_row(*cells, style=style)
    console.print(table)
    if with_fairness:
        method = T("plan.method-" + result.fairness, lang)
        count = max(r.fairness_trials + r.fairness_failures for r in result.rows)
        console.print(T("plan.fairness-note", lang, count=format_int(count, lang), method=method))
        failed = sum(r.fairness_failures for r in result.rows)
        if failed:
            console.print(T("plan.fairness-failures", lang, count=format_int(failed, lang)), style="yellow")
    for quota in result.impossible:
        console.print(
            T("plan.impossible-" + quota.reason, lang, category=quota.category, value=quota.value, min=quota.min),
            style="bold red",
            markup=False,
        )
    style = "bold green" if result.recommended is not None else "bold yellow"
    console.print(result.recommendation(lang), style=style, markup=False)
    console.print(T("plan.seconds", lang, seconds=format_decimal(result.seconds, 1, lang)))


def plan_command(
    invitations: Annotated[str, typer.Option(help=T("help.plan-invitations"), show_default=False)],
    population: Annotated[Path | None, typer.Option(help=T("help.plan-population"), show_default=False)] = None,
    quotas: Annotated[Path | None, typer.Option(help=T("help.plan-quotas"), show_default=False)] = None,
    k: Annotated[int | None, typer.Option("--k", "-k", help=T("help.plan-k"), show_default=False)] = None,
    scenario: Annotated[
        str | None, typer.Option(help=T("help.plan-scenario", scenarios=", ".join(SCENARIOS)), show_default=False)
    ] = None,
    margins: Annotated[Path | None, typer.Option(help=T("help.plan-margins"), show_default=False)] = None,
    joint: Annotated[list[Path] | None, typer.Option(help=T("help.plan-joint"), show_default=False)] = None,
    response_rates: Annotated[str | None, typer.Option(help=T("help.plan-response-rates"), show_default=False)] = None,
    base_rate: Annotated[float | None, typer.Option(help=T("help.plan-base-rate"), show_default=False)] = None,
    mean_rate: Annotated[float | None, typer.Option(help=T("help.plan-mean-rate"), show_default=False)] = None,
    trials: Annotated[int, typer.Option(help=T("help.plan-trials"))] = DEFAULT_TRIALS,
    seed: Annotated[int, typer.Option(help=T("help.plan-seed"))] = 1,
    fairness_trials: Annotated[int, typer.Option(help=T("help.plan-fairness-trials"))] = DEFAULT_FAIRNESS_TRIALS,
    fairness: Annotated[str, typer.Option(help=T("help.plan-fairness"))] = "leximin",
    fairness_time_limit: Annotated[
        float | None, typer.Option(help=T("help.plan-fairness-time-limit"), show_default=False)
    ] = None,
    target: Annotated[float, typer.Option(help=T("help.plan-target"))] = DEFAULT_TARGET,
    jobs: Annotated[int | None, typer.Option(help=T("help.plan-jobs"), show_default=False)] = None,
    dask: Annotated[str | None, typer.Option(help=T("help.plan-dask"), show_default=False)] = None,
    plot: Annotated[Path | None, typer.Option(help=T("help.plan-plot"), show_default=False)] = None,
    force: Annotated[bool, typer.Option(help=T("help.plan-force"))] = False,
    tolerance: Annotated[float, typer.Option(help=T("help.tolerance"))] = 0.1,
    as_json: Annotated[bool, typer.Option("--json", help=T("help.json"))] = False,
    lang: Annotated[str | None, typer.Option(help=T("help.lang"), show_default=False)] = None,
) -> None:
    language = resolve_lang(lang)
    problems = ProblemCollector()
    grid: tuple[int, ...] = ()
    try:
        grid = parse_invitations(invitations)
    except InputError as exc:
        problems.extend(exc.problems)
    inputs = _load(
        population, scenario, margins, joint, quotas, k, response_rates, base_rate, mean_rate, tolerance, problems
    )
    options = plan_option_problems(
        inputs.population if inputs is not None else None,
        grid or (1,),
        trials=trials,
        seed=seed,
        fairness_trials=fairness_trials,
        fairness=fairness,
        target=target,
        jobs=jobs,
    )
    problems.extend(options.problems)
    if plot is not None:
        problems.extend(plot_problems(plot, overwrite=force).problems)
    if problems:
        exit_input_error(InputError(problems.problems), language, as_json)
    assert inputs is not None
    with _backend(dask, language), _progress(language, enabled=not as_json and err_console.is_terminal) as bar:
        result = plan(
            inputs,
            grid,
            trials=trials,
            seed=seed,
            fairness_trials=fairness_trials,
            fairness=fairness,
            fairness_time_limit=fairness_time_limit,
            target=target,
            jobs=jobs,
            progress=bar,
        )
    if plot is not None:
        plot_plan(result, plot, lang=language, overwrite=force)
    if as_json:
        payload = result.as_dict(language)
        payload["plot"] = str(plot) if plot is not None else None
        payload["inputs"] = inputs.as_dict()
        payload["notes"] = list(inputs.notes(language))
        print_json(payload)
    else:
        render_plan(result, inputs, language, scenario)
        if plot is not None:
            console.print(T("plan.plot-written", language, file=str(plot)), markup=False)
    raise typer.Exit(EXIT_OK)
