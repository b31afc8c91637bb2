"""What a plan needs (population, quotas, panel size, response model), read from files or from a bundled
scenario, and the checks of the planner's options. Every problem of every file and option is reported in
one :class:`~sortition.errors.InputError`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from sortition.errors import InputError, ProblemCollector
from sortition.i18n.catalogue import translate
from sortition.load.instance import read_quotas
from sortition.load.tables import Table, read_table
from sortition.model.instance import Quota, Quotas
from sortition.planning.population import Population, calibrate_base, cell_rates
from sortition.planning.validate import RawPopulation, build_population, raw_from_table, read_factors
from sortition.synthetic.joint import population_table
from sortition.synthetic.response import ResponseModel
from sortition.synthetic.scenarios import SCENARIOS, load_scenario

PathLike = str | os.PathLike[str]

DEFAULT_BASE_RATE = 0.06
DEFAULT_MEAN_RATE = 0.06
DEFAULT_TRIALS = 200
DEFAULT_FAIRNESS_TRIALS = 20
DEFAULT_TARGET = 0.95
FAIRNESS_METHODS = ("leximin", "relaxation")


@dataclass(frozen=True, eq=False)
class PlanInputs:
    """What a plan needs: the population, the quotas with the panel size, and the response rates."""

    population: Population
    quotas: Quotas
    k: int
    rates: ResponseModel

    @property
    def mean_rate(self) -> float:
        """Response probability of a person invited at random (the population's weighted mean)."""
        w = self.population.weights
        return float((w * cell_rates(self.rates, self.population)).sum() / w.sum())


def _check_k_and_totals(quotas: Quotas | None, k: int | None, problems: ProblemCollector) -> bool:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        problems.add("k-invalid", value=str(k))
        return False
    if quotas is None:
        return True
    for category in quotas.categories:
        entries = [q for q in quotas if q.category == category]
        low, high = sum(q.min for q in entries), sum(q.max for q in entries)
        if low > k:
            problems.add("category-sum-min", file=quotas.file, category=category, total=low, k=k)
        if high < k:
            problems.add("category-sum-max", file=quotas.file, category=category, total=high, k=k)
    return True


def _check_rate_options(base_rate: float | None, mean_rate: float | None, problems: ProblemCollector) -> None:
    if base_rate is not None and mean_rate is not None:
        problems.add("plan-rate-both")
    for code, value in (("plan-base-rate-invalid", base_rate), ("plan-mean-rate-invalid", mean_rate)):
        if value is not None and not (isinstance(value, int | float) and 0 < value <= 1):
            problems.add(code, value=str(value))


def _finish_inputs(
    population: Population | None,
    quotas: Quotas | None,
    k: int | None,
    factors: dict[str, dict[str, float]],
    base_rate: float | None,
    mean_rate: float | None,
    default_mean: float | None,
    problems: ProblemCollector,
) -> PlanInputs:
    base: float | None = base_rate
    if population is not None and not problems and base_rate is None:
        target = mean_rate if mean_rate is not None else default_mean
        if target is None:
            base = DEFAULT_BASE_RATE
        else:
            base = calibrate_base(population, factors, target)
            if base is None:
                problems.add("plan-mean-rate-unreachable", value=str(target))
    problems.raise_if_any()
    assert population is not None and quotas is not None and isinstance(k, int) and base is not None
    return PlanInputs(population, quotas, k, ResponseModel(base, factors))


def load_plan_inputs(
    population: PathLike,
    quotas: PathLike,
    k: int,
    *,
    response_rates: PathLike | None = None,
    base_rate: float | None = None,
    mean_rate: float | None = None,
    tolerance: float | str = "0.1",
) -> PlanInputs:
    """Read and validate a population file, a quota file and optional response factors.

    ``population``: one row per person (an optional ``id`` column and the category columns), or one row
    per cell with a ``count`` column. ``response_rates``: ``category,value,factor`` rows. The response
    probability is ``base * prod(factor)`` (at most 1) where ``base`` is ``base_rate``, or is calibrated so
    that the population's mean is ``mean_rate``; by default ``base_rate`` is 0.06. Every problem of every
    file is reported in one :class:`InputError`.
    """
    problems = ProblemCollector()
    k_ok = _check_k_and_totals(None, k, problems)
    _check_rate_options(base_rate, mean_rate, problems)
    parsed_quotas: Quotas | None = None
    try:
        parsed_quotas = read_quotas(quotas, k=k if k_ok else None, tolerance=str(tolerance))
    except InputError as exc:
        problems.extend(exc.problems)
    if parsed_quotas is not None and k_ok:
        _check_k_and_totals(parsed_quotas, k, problems)
    table: Table | None = None
    try:
        table = read_table(population)
    except InputError as exc:
        problems.extend(exc.problems)
    factors: dict[str, dict[str, float]] = {}
    if response_rates is not None:
        try:
            rates_table = read_table(response_rates)
        except InputError as exc:
            problems.extend(exc.problems)
        else:
            if table is not None:
                columns = {c: table.column(c) for c in table.header if c}
                known = {c: parsed_quotas.values(c) for c in parsed_quotas.categories} if parsed_quotas else {}
                factors = read_factors(rates_table, columns, known, problems)
    built = None
    if table is not None:
        built = build_population(raw_from_table(table), parsed_quotas, list(factors), problems)
    return _finish_inputs(built, parsed_quotas, k, factors, base_rate, mean_rate, None, problems)


def scenario_inputs(
    name: str,
    *,
    quotas: PathLike | None = None,
    k: int | None = None,
    response_rates: PathLike | None = None,
    base_rate: float | None = None,
    mean_rate: float | None = None,
    tolerance: float | str = "0.1",
) -> PlanInputs:
    """Population, quotas, k and response model of a bundled scenario (:mod:`sortition.synthetic`).

    The population is the scenario's joint distribution (cells with shares, drawn with replacement); the
    response factors are the scenario's, with the base calibrated to a mean rate of 0.06 unless
    ``base_rate`` or ``mean_rate`` is given. ``quotas``, ``k`` and ``response_rates`` override the scenario's.
    """
    problems = ProblemCollector()
    if name not in SCENARIOS:
        problems.add("plan-scenario-unknown", value=name, known=", ".join(SCENARIOS))
        problems.raise_if_any()
    scenario = load_scenario(name)
    size = scenario.k if k is None else k
    k_ok = _check_k_and_totals(None, size, problems)
    _check_rate_options(base_rate, mean_rate, problems)
    label = translate("plan.scenario-source", "en", name=name)
    parsed_quotas: Quotas | None
    if quotas is None:
        entries = tuple(Quota(c, v, lo, hi, None, i + 2) for i, (c, v, lo, hi) in enumerate(scenario.quotas))
        parsed_quotas = Quotas(entries, label)
    else:
        parsed_quotas = None
        try:
            parsed_quotas = read_quotas(quotas, k=size if k_ok else None, tolerance=str(tolerance))
        except InputError as exc:
            problems.extend(exc.problems)
    if parsed_quotas is not None and k_ok:
        _check_k_and_totals(parsed_quotas, size, problems)
    table = population_table(scenario)
    profiles = sorted(table)
    raw = RawPopulation(
        label,
        scenario.categories,
        tuple(profiles),
        tuple(None for _ in profiles),
        tuple(table[p] for p in profiles),
    )
    factors: dict[str, dict[str, float]] = {c: dict(f) for c, f in scenario.response_factors.items() if f}
    if response_rates is not None:
        try:
            rates_table = read_table(response_rates)
        except InputError as exc:
            problems.extend(exc.problems)
            factors = {}
        else:
            columns = {c: tuple(scenario.values(c)) for c in scenario.categories}
            known = {c: parsed_quotas.values(c) for c in parsed_quotas.categories} if parsed_quotas else {}
            factors = read_factors(rates_table, columns, known, problems)
    built = build_population(raw, parsed_quotas, list(factors), problems)
    return _finish_inputs(built, parsed_quotas, size, factors, base_rate, mean_rate, DEFAULT_MEAN_RATE, problems)


_MAX_GRID = 1000  # invitation counts in one plan


def parse_invitations(text: str) -> tuple[int, ...]:
    """``"1000:6000:500"`` (start:stop:step, stop included), ``"2000"`` or ``"500,1000,2000"``."""
    cleaned = text.replace(" ", "").replace("_", "")
    problems = ProblemCollector()
    out: list[int] = []
    try:
        if ":" in cleaned:
            parts = [int(p) for p in cleaned.split(":")]
            if len(parts) not in (2, 3):
                raise ValueError
            start, stop = parts[0], parts[1]
            step = parts[2] if len(parts) == 3 else 1
            if step < 1 or stop < start or (stop - start) // step >= _MAX_GRID:
                raise ValueError  # a grid of more than _MAX_GRID sizes would run for days and fill the memory
            out = list(range(start, stop + 1, step))
        else:
            out = [int(p) for p in cleaned.split(",") if p]
        if len(out) > _MAX_GRID or max(out, default=0) > 10**9:
            raise ValueError
        if not out or min(out) < 1:
            raise ValueError
    except ValueError:
        problems.add("plan-invitations-invalid", value=text)
    problems.raise_if_any()
    return tuple(sorted(set(out)))


def plan_option_problems(
    population: Population | None,
    invitations: Sequence[int],
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int = 1,
    fairness_trials: int = DEFAULT_FAIRNESS_TRIALS,
    fairness: str = "leximin",
    target: float = DEFAULT_TARGET,
    jobs: int | None = None,
) -> ProblemCollector:
    """Every problem of the options of :func:`plan` (the population, if known, bounds the invitations),
    so that a caller can report them together with the problems of the files."""
    problems = ProblemCollector()

    def whole(value: object, least: int) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= least

    grid = sorted(set(invitations))
    if not grid or not all(whole(n, 1) for n in grid):
        problems.add("plan-invitations-invalid", value=", ".join(str(n) for n in invitations) or "-")
    elif population is not None and population.persons and grid[-1] > population.size:
        problems.add("plan-invitations-too-many", file=population.source, value=str(grid[-1]), n=int(population.size))
    if not whole(trials, 1):
        problems.add("plan-trials-invalid", value=str(trials))
    if not whole(seed, 0):
        problems.add("plan-seed-invalid", value=str(seed))
    if not whole(fairness_trials, 0):
        problems.add("plan-fairness-trials-invalid", value=str(fairness_trials))
    if fairness not in FAIRNESS_METHODS:
        problems.add("plan-fairness-invalid", value=str(fairness), known=", ".join(FAIRNESS_METHODS))
    if not (isinstance(target, int | float) and not isinstance(target, bool) and 0 < target <= 1):
        problems.add("plan-target-invalid", value=str(target))
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs == 0):
        problems.add("plan-jobs-invalid", value=str(jobs))
    return problems
