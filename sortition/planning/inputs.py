"""What a plan needs (population, quotas, panel size, response model), read from files or from a bundled
scenario, and the checks of the planner's options. Every problem of every file and option is reported in
one :class:`~sortition.errors.InputError`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sortition.errors import InputError, ProblemCollector
from sortition.i18n.catalogue import translate
from sortition.load.instance import read_quotas
from sortition.load.tables import Table, read_table
from sortition.model.instance import Quota, Quotas
from sortition.planning.margins import (
    JointFigures,
    Shares,
    population_from_shares,
    quota_shares,
    read_joint,
    read_margins,
)
from sortition.planning.population import Population, calibrate_base, cell_rates
from sortition.planning.responses import EQUAL, default_factors, response_notes
from sortition.planning.validate import RawPopulation, build_population, raw_from_table, read_factors
from sortition.synthetic.joint import population_table
from sortition.synthetic.response import ResponseModel
from sortition.synthetic.scenarios import SCENARIOS, load_scenario
from sortition.text import suggest

PathLike = str | os.PathLike[str]
# A response-rates file, or "equal" to assume equal response knowingly; None: the default French differentials.
ResponseChoice = PathLike | None

DEFAULT_BASE_RATE = 0.06
DEFAULT_MEAN_RATE = 0.06
DEFAULT_TRIALS = 200
DEFAULT_FAIRNESS_TRIALS = 20
DEFAULT_TARGET = 0.95
FAIRNESS_METHODS = ("leximin", "relaxation")


@dataclass(frozen=True, eq=False)
class PlanInputs:
    """What a plan needs: the population, the quotas with the panel size, and the response rates.

    ``response_model`` says how the factors were chosen (:data:`~sortition.planning.responses.RESPONSE_MODELS`),
    ``population_model`` how the population was built (file, scenario, independence or raking of shares).
    """

    population: Population
    quotas: Quotas
    k: int
    rates: ResponseModel
    response_model: str = "file"
    population_model: str = "file"

    def notes(self, lang: str = "en") -> tuple[str, ...]:
        """Sentences saying how the population was built and which response model the plan assumes."""
        return response_notes(
            self.response_model,
            self.population_model,
            self.rates.factors,
            lang,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "response_model": self.response_model,
            "population_model": self.population_model,
            "response_factors": {c: dict(f) for c, f in self.rates.factors.items()},
        }

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
    factors: dict[str, dict[str, float]] | None,
    response_model: str,
    base_rate: float | None,
    mean_rate: float | None,
    problems: ProblemCollector,
    *,
    population_model: str = "file",
) -> PlanInputs:
    """Choose the response model (``factors`` None: the French defaults, or a refusal) and the base rate.

    The base is ``base_rate``, or calibrated so that the population's mean rate is ``mean_rate``; without
    either, the scenario's and the default differentials are calibrated to a mean of 0.06, while a factors
    file or equal response take a base rate of 0.06.
    """
    chosen: dict[str, dict[str, float]] = {}
    if factors is not None:
        chosen = factors
    elif population is not None:
        chosen = default_factors(population)
        if not chosen:
            problems.add("plan-response-model-needed")
    base: float | None = base_rate
    if population is not None and not problems and base_rate is None:
        calibrated = response_model in ("scenario", "default")
        target = mean_rate if mean_rate is not None else (DEFAULT_MEAN_RATE if calibrated else None)
        if target is None:
            base = DEFAULT_BASE_RATE
        else:
            base = calibrate_base(population, chosen, target)
            if base is None:
                problems.add("plan-mean-rate-unreachable", value=str(target))
    problems.raise_if_any()
    assert population is not None and quotas is not None and isinstance(k, int) and base is not None
    return PlanInputs(
        population,
        quotas,
        k,
        ResponseModel(base, chosen),
        response_model,
        population_model,
    )


def _response_factors(
    response_rates: ResponseChoice,
    columns: dict[str, tuple[str, ...]] | None,
    known: dict[str, tuple[str, ...]],
    problems: ProblemCollector,
    given: str = "default",
) -> tuple[dict[str, dict[str, float]] | None, str]:
    """The factors of ``response_rates`` ({} for "equal"; None: the defaults) and the model's name."""
    if response_rates is None:
        return None, given
    if isinstance(response_rates, str) and response_rates.strip().casefold() == EQUAL:
        return {}, "equal"
    try:
        rates_table = read_table(response_rates)
    except InputError as exc:
        problems.extend(exc.problems)
        return {}, "file"
    if columns is None:
        return {}, "file"
    return read_factors(rates_table, columns, known, problems), "file"


def _read_quotas_and_options(
    quotas: PathLike,
    k: int,
    tolerance: float | str,
    base_rate: float | None,
    mean_rate: float | None,
    problems: ProblemCollector,
) -> Quotas | None:
    """The checks every way of loading a plan starts with: ``k``, the rate options, the quota file and its
    totals against ``k``; problems are collected, not raised."""
    k_ok = _check_k_and_totals(None, k, problems)
    _check_rate_options(base_rate, mean_rate, problems)
    parsed_quotas: Quotas | None = None
    try:
        parsed_quotas = read_quotas(quotas, k=k if k_ok else None, tolerance=str(tolerance))
    except InputError as exc:
        problems.extend(exc.problems)
    if parsed_quotas is not None and k_ok:
        _check_k_and_totals(parsed_quotas, k, problems)
    return parsed_quotas


def load_plan_inputs(
    population: PathLike,
    quotas: PathLike,
    k: int,
    *,
    response_rates: ResponseChoice = None,
    base_rate: float | None = None,
    mean_rate: float | None = None,
    tolerance: float | str = "0.1",
) -> PlanInputs:
    """Read and validate a population file, a quota file and optional response factors.

    ``population``: one row per person (an optional ``id`` column and the category columns), or one row
    per cell with a ``count`` column. ``response_rates``: a file of ``category,value,factor`` rows, or
    ``"equal"`` to assume equal response knowingly; without it the default French differentials apply
    (:mod:`~sortition.planning.responses`), and the plan is refused if they know none of the categories.
    The response probability is ``base * prod(factor)`` (at most 1) where ``base`` is ``base_rate``, or is
    calibrated so that the population's mean is ``mean_rate`` (see :func:`_finish_inputs` for the defaults).
    Every problem of every file is reported in one :class:`InputError`.
    """
    problems = ProblemCollector()
    parsed_quotas = _read_quotas_and_options(quotas, k, tolerance, base_rate, mean_rate, problems)
    table: Table | None = None
    try:
        table = read_table(population)
    except InputError as exc:
        problems.extend(exc.problems)
    columns = {c: table.column(c) for c in table.header if c} if table is not None else None
    known = {c: parsed_quotas.values(c) for c in parsed_quotas.categories} if parsed_quotas else {}
    factors, model = _response_factors(response_rates, columns, known, problems)
    built = None
    if table is not None:
        built = build_population(raw_from_table(table), parsed_quotas, list(factors or {}), problems)
    return _finish_inputs(built, parsed_quotas, k, factors, model, base_rate, mean_rate, problems)


def shares_inputs(
    quotas: PathLike,
    k: int,
    *,
    margins: PathLike | None = None,
    joint: Sequence[PathLike] = (),
    response_rates: ResponseChoice = None,
    base_rate: float | None = None,
    mean_rate: float | None = None,
    tolerance: float | str = "0.1",
) -> PlanInputs:
    """A plan's inputs from population shares per category instead of a population table.

    The shares are those of ``margins`` (``category,value,share`` rows; categories beyond the quotas' serve
    the response factors) or, without it, the target shares of the quota file. The population is their
    product (independence), raked to the ``joint`` figures if any (:mod:`~sortition.planning.margins`).
    The response model is chosen as in :func:`load_plan_inputs`.
    """
    problems = ProblemCollector()
    parsed_quotas = _read_quotas_and_options(quotas, k, tolerance, base_rate, mean_rate, problems)
    shares: Shares | None = None
    source = str(margins) if margins is not None else str(quotas)
    if margins is not None:
        try:
            shares = read_margins(read_table(margins), problems)
        except InputError as exc:
            problems.extend(exc.problems)
    elif parsed_quotas is not None:
        shares = quota_shares(parsed_quotas)
        if shares is None:
            problems.add("plan-shares-none", file=parsed_quotas.file)
    values: dict[str, tuple[str, ...]] = {}
    if shares is not None and parsed_quotas is not None:
        values = _share_values(shares, parsed_quotas, source, problems)
    joints: list[JointFigures] = []
    for path in joint:
        try:
            joints.append(read_joint(read_table(path), shares or {}, problems))
        except InputError as exc:
            problems.extend(exc.problems)
    known = {c: parsed_quotas.values(c) for c in parsed_quotas.categories} if parsed_quotas else {}
    factors, model = _response_factors(response_rates, values or None, known, problems)
    population: Population | None = None
    built = "independence"
    if not problems and shares is not None:
        population, built = population_from_shares(
            shares, list(values), list(values.values()), joints, source, problems
        )
    return _finish_inputs(
        population,
        parsed_quotas,
        k,
        factors,
        model,
        base_rate,
        mean_rate,
        problems,
        population_model=built,
    )


def _share_values(
    shares: Shares, quotas: Quotas, source: str, problems: ProblemCollector
) -> dict[str, tuple[str, ...]]:
    """Every category's values: the quota values (unknown values in the shares are problems), then the
    values of the categories only the shares have."""
    values: dict[str, tuple[str, ...]] = {}
    for category in quotas.categories:
        allowed = quotas.values(category)
        if category not in shares:
            problems.add(
                "plan-margins-category-missing",
                file=source,
                column=category,
                available=", ".join(shares) or "-",
                suggestion=suggest(category, list(shares)),
            )
            continue
        for value in shares[category]:
            if value not in allowed:
                problems.add(
                    "value-unknown",
                    file=source,
                    column=category,
                    value=value,
                    allowed=", ".join(allowed),
                    suggestion=suggest(value, allowed),
                )
        values[category] = allowed
    for category, per_value in shares.items():
        if category not in values:
            values[category] = tuple(per_value)
    return values


def scenario_inputs(
    name: str,
    *,
    quotas: PathLike | None = None,
    k: int | None = None,
    response_rates: ResponseChoice = None,
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
    columns = {c: tuple(scenario.values(c)) for c in scenario.categories}
    known = {c: parsed_quotas.values(c) for c in parsed_quotas.categories} if parsed_quotas else {}
    factors, model = _response_factors(response_rates, columns, known, problems, given="scenario")
    if factors is None:
        factors = {c: dict(f) for c, f in scenario.response_factors.items() if f}
    built = build_population(raw, parsed_quotas, list(factors), problems)
    return _finish_inputs(
        built, parsed_quotas, size, factors, model, base_rate, mean_rate, problems, population_model="scenario"
    )


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
