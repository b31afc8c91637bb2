"""Invitation planning: how many letters to send so that the quotas can be met, by simulation.

Pools are skewed (some persons answer far more often than others), so "k times the inverse response rate"
is not enough: the question is how many invitations make it likely that *every* quota can be met. The
planner answers it by Monte Carlo (method and figures in ``docs/planner.md``):

1. **Trials.** Trial ``t`` draws from its own stream ``SeedSequence(seed).spawn(trials)[t]`` one ordered
   sequence of invitations (uniformly without replacement from a file of persons; with replacement from
   cell weights otherwise) and, for each invitation, whether the person answers (probability
   ``base * prod(factor)``, at most 1). The pool for N invitations is the responders among the first N.
   Pools of one trial are therefore nested (common random numbers): each N sees the right distribution,
   differences between N are not blurred by noise, and the estimated feasibility is non-decreasing in N.
2. **Feasibility.** Necessary counts first (pool size, every min, every category able to fill k within
   its maxes), then a sufficient test (a panel found earlier in the same batch fits in the pool), then the
   exact integer program, whose panels are re-checked with integer arithmetic. Feasibility is monotone
   along a trial's nested pools, so a binary search over the numbers of invitations finds each trial's
   first feasible N with a logarithmic number of checks.
3. **Fairness.** For each N, the first ``fairness_trials`` feasible trials (by trial index, so the choice
   is deterministic) are re-simulated and their LEXIMIN minimum selection probability computed.

Results depend only on the seed and the inputs, never on the number of workers or their scheduling: each
trial has its own stream, and caches only save time. The library never prints; progress goes through
:class:`sortition.progress.Progress`.
"""

from __future__ import annotations

import io
import math
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import InputError, ProblemCollector, SolverError
from sortition.i18n.catalogue import format_int, format_percent, translate
from sortition.load.instance import read_quotas
from sortition.load.tables import Table, read_table
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.progress import NO_PROGRESS, Progress
from sortition.protocol.files import atomic_write_bytes
from sortition.solve.backends import HighsModel, Status
from sortition.text import fold, suggest

PathLike = str | os.PathLike[str]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

DEFAULT_BASE_RATE = 0.06
DEFAULT_MEAN_RATE = 0.06
DEFAULT_TRIALS = 200
DEFAULT_FAIRNESS_TRIALS = 20
DEFAULT_TARGET = 0.95
FAIRNESS_METHODS = ("leximin", "relaxation")
PLOT_FORMATS = ("png", "pdf", "svg")
Z95 = 1.959963984540054  # two-sided 95 % normal quantile, for the Wilson interval

# Population and response-factor headers, compared after text.fold (English and French).
_COUNT_ALIASES = ("count", "effectif", "nombre")
_RATE_ALIASES = {
    "category": ("category", "categorie"),
    "value": ("value", "valeur"),
    "factor": ("factor", "facteur"),
}
_WEIGHT_SCALE = float(2**50)  # cell weights become integers: exact cumulative sums, exact draws
_CACHE_SIZE = 16  # panels remembered per batch of trials for the sufficient test
_MAX_CHUNK = 25  # trials per task at most, so that progress moves and workers share the load


# --------------------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, eq=False)
class Population:
    """Everyone who could be invited, as cells: distinct combinations of values with a weight.

    ``codes[i, c]`` indexes ``values[c]`` for cell i. With ``persons`` the weights are whole numbers of
    listed persons and invitations are drawn without replacement; otherwise they are relative sizes of the
    cells (census counts, shares) and invitations are drawn with replacement.
    """

    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    codes: IntArray
    weights: FloatArray
    persons: bool
    source: str

    @property
    def n_cells(self) -> int:
        return int(self.codes.shape[0])

    @property
    def size(self) -> float:
        """Number of persons (``persons``) or total weight of the cells."""
        return float(self.weights.sum())

    def profile(self, cell: int) -> dict[str, str]:
        return {c: self.values[j][int(self.codes[cell, j])] for j, c in enumerate(self.categories)}


@dataclass(frozen=True)
class ResponseRates:
    """Probability that an invited person volunteers: ``base * prod(factors[category][value])``, at most 1.

    Values without a factor have factor 1, so an empty ``factors`` is a uniform response at ``base``.
    """

    base: float
    factors: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def rate(self, person: Mapping[str, str]) -> float:
        r = self.base
        for category, factors in self.factors.items():
            r *= factors.get(person[category], 1.0)
        return min(r, 1.0)

    def cell_rates(self, population: Population) -> FloatArray:
        """The rate of every cell of ``population`` (vectorised :meth:`rate`)."""
        relative = _relative_rates(population, self.factors)
        rates: FloatArray = np.minimum(relative * self.base, 1.0)
        return rates


@dataclass(frozen=True, eq=False)
class PlanInputs:
    """What a plan needs: the population, the quotas with the panel size, and the response rates."""

    population: Population
    quotas: Quotas
    k: int
    rates: ResponseRates

    @property
    def mean_rate(self) -> float:
        """Response probability of a person invited at random (the population's weighted mean)."""
        w = self.population.weights
        return float((w * self.rates.cell_rates(self.population)).sum() / w.sum())


def _relative_rates(population: Population, factors: Mapping[str, Mapping[str, float]]) -> FloatArray:
    out = np.ones(population.n_cells, dtype=np.float64)
    for category, per_value in factors.items():
        j = population.categories.index(category)
        table = np.array([per_value.get(v, 1.0) for v in population.values[j]], dtype=np.float64)
        out *= table[population.codes[:, j]]
    return out


def calibrate_base(
    population: Population, factors: Mapping[str, Mapping[str, float]], mean_rate: float
) -> float | None:
    """The base rate giving a population mean response probability of ``mean_rate`` (None if unreachable).

    Organisers know the overall response rate of earlier mailings better than the rate of a reference
    person; the factors then only say who answers more. Capping at 1 is taken into account (bisection).
    """
    relative = _relative_rates(population, factors)
    w = population.weights / population.weights.sum()

    def mean(base: float) -> float:
        return float((w * np.minimum(relative * base, 1.0)).sum())

    uncapped = float((w * relative).sum())
    if uncapped <= 0:
        return None
    base = mean_rate / uncapped
    if float(relative.max()) * base <= 1.0:
        return base
    positive = relative[relative > 0]
    high = 1.0 / float(positive.min())
    if mean(high) < mean_rate * (1 - 1e-12):
        return None
    low = 0.0
    for _ in range(200):
        middle = (low + high) / 2
        if mean(middle) < mean_rate:
            low = middle
        else:
            high = middle
    return high


def _parse_number(text: str) -> float | None:
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return float(number) if number.is_finite() else None


@dataclass(frozen=True)
class _RawPopulation:
    """A population as rows before validation: from a file, or from a scenario's joint table."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int | None, ...]
    weights: tuple[float, ...] | None  # given directly (scenario); else from a count column, or persons


def _header_index(header: Sequence[str], aliases: Sequence[str]) -> int | None:
    for j, name in enumerate(header):
        if fold(name) in aliases:
            return j
    return None


def _read_factors(
    table: Table, columns: Mapping[str, Sequence[str]], known: Mapping[str, Sequence[str]], problems: ProblemCollector
) -> dict[str, dict[str, float]]:
    """Response factors from ``category,value,factor`` rows; ``columns`` are the population's columns
    (their values), ``known`` the quota values of the quota categories."""
    name = table.file
    at = {key: _header_index(table.header, aliases) for key, aliases in _RATE_ALIASES.items()}
    if any(j is None for j in at.values()):
        problems.add("plan-rates-columns", file=name, row=1, found=", ".join(table.header) or "-")
        return {}
    if not table.rows:
        problems.add("plan-rates-empty", file=name)
        return {}
    jc, jv, jf = (at[key] for key in ("category", "value", "factor"))
    assert jc is not None and jv is not None and jf is not None
    factors: dict[str, dict[str, float]] = {}
    seen: dict[tuple[str, str], int] = {}
    present: dict[str, list[str]] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        category, value, text = row[jc], row[jv], row[jf]
        usable = True
        for j in (jc, jv, jf):
            if not row[j]:
                problems.add("plan-rates-empty-field", file=name, row=number, column=table.header[j])
                usable = False
        if not usable:
            continue
        if category not in columns:
            problems.add(
                "plan-rates-category-unknown",
                file=name,
                row=number,
                column=table.header[jc],
                value=category,
                available=", ".join(columns) or "-",
                suggestion=suggest(category, columns),
            )
            usable = False
        else:
            allowed = known.get(category) or present.setdefault(category, sorted(set(columns[category]) - {""}))
            if value not in allowed:
                problems.add(
                    "plan-rates-value-unknown",
                    file=name,
                    row=number,
                    column=table.header[jv],
                    value=value,
                    category=category,
                    allowed=_short_list(allowed),
                    suggestion=suggest(value, allowed),
                )
                usable = False
        factor = _parse_number(text)
        if factor is None or factor < 0:
            problems.add("plan-rates-factor-invalid", file=name, row=number, column=table.header[jf], value=text)
            usable = False
        if (category, value) in seen:
            problems.add(
                "plan-rates-duplicate",
                file=name,
                row=number,
                category=category,
                value=value,
                other_row=seen[(category, value)],
            )
            usable = False
        seen.setdefault((category, value), number)
        if usable and factor is not None:
            factors.setdefault(category, {})[value] = factor
    return factors


def _short_list(values: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def _raw_from_table(table: Table) -> _RawPopulation:
    return _RawPopulation(table.file, table.header, table.rows, tuple(table.row_numbers), None)


def _build_population(
    raw: _RawPopulation,
    quotas: Quotas | None,
    extra: Sequence[str],
    problems: ProblemCollector,
) -> Population | None:
    """Validate the rows against the quotas and aggregate them into cells.

    Categories are the quota categories, then the ``extra`` columns the response factors use. A ``count``
    column makes every row a cell with that weight; otherwise every row is a person (an ``id`` column, if
    any, must hold unique ids).
    """
    name = raw.source
    before = len(problems.problems)
    quota_categories = quotas.categories if quotas is not None else ()
    categories = tuple(dict.fromkeys([*quota_categories, *extra]))
    header = raw.header
    available = ", ".join(c for c in header if c) or "-"
    for column in categories:
        if column not in header:
            problems.add(
                "missing-column",
                file=name,
                row=1,
                column=column,
                available=available,
                suggestion=suggest(column, [c for c in header if c]),
            )
    if not raw.rows:
        problems.add("plan-population-empty", file=name)
    if len(problems.problems) > before or quotas is None:
        return None
    count_at = _header_index(header, _COUNT_ALIASES) if raw.weights is None else None
    weights: list[float] = []
    if raw.weights is not None:
        weights = list(raw.weights)
    elif count_at is not None:
        for row, number in zip(raw.rows, raw.row_numbers, strict=True):
            count = _parse_number(row[count_at]) if row[count_at] else None
            if count is None or count < 0:
                problems.add("plan-count-invalid", file=name, row=number, column=header[count_at], value=row[count_at])
                count = 0.0
            weights.append(count)
    else:
        weights = [1.0] * len(raw.rows)
        id_at = header.index("id") if "id" in header else None
        if id_at is not None:
            first: dict[str, int | None] = {}
            for row, number in zip(raw.rows, raw.row_numbers, strict=True):
                pid = row[id_at]
                if not pid:
                    problems.add("id-empty", file=name, row=number, column="id")
                elif pid in first:
                    problems.add("id-duplicate", file=name, row=number, column="id", value=pid, other_row=first[pid])
                else:
                    first[pid] = number
    values: list[tuple[str, ...]] = []
    for category in categories:
        if category in quota_categories:
            values.append(quotas.values(category))
        else:
            j = header.index(category)
            values.append(tuple(sorted({row[j] for row in raw.rows})))
    index = [{v: i for i, v in enumerate(vs)} for vs in values]
    columns = [header.index(c) for c in categories]
    codes = np.zeros((len(raw.rows), len(categories)), dtype=np.int64)
    found: list[tuple[int, int, str, str]] = []
    for r, row in enumerate(raw.rows):
        for c, j in enumerate(columns):
            code = index[c].get(row[j])
            if code is None:
                found.append((r, c, categories[c], row[j]))
            else:
                codes[r, c] = code
    for r, _, category, value in found:
        number = raw.row_numbers[r]
        if not value:
            problems.add("value-empty", file=name, row=number, column=category)
        else:
            allowed = values[categories.index(category)]
            problems.add(
                "value-unknown",
                file=name,
                row=number,
                column=category,
                value=value,
                allowed=", ".join(allowed),
                suggestion=suggest(value, allowed),
            )
    total = sum(weights)
    if not problems.problems[before:] and total <= 0:
        problems.add("plan-population-empty", file=name)
    if len(problems.problems) > before:
        return None
    cells, inverse = np.unique(codes, axis=0, return_inverse=True)
    cell_weights = np.bincount(inverse.reshape(-1), weights=np.asarray(weights, dtype=np.float64), minlength=len(cells))
    keep = cell_weights > 0
    return Population(
        categories=categories,
        values=tuple(values),
        codes=np.asarray(cells[keep], dtype=np.int64),
        weights=np.asarray(cell_weights[keep], dtype=np.float64),
        persons=raw.weights is None and count_at is None,
        source=name,
    )


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
    return PlanInputs(population, quotas, k, ResponseRates(base, factors))


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
                factors = _read_factors(rates_table, columns, known, problems)
    built = None
    if table is not None:
        built = _build_population(_raw_from_table(table), parsed_quotas, list(factors), problems)
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
    from sortition.synthetic import SCENARIOS, load_scenario, population_table

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
    raw = _RawPopulation(
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
            factors = _read_factors(rates_table, columns, known, problems)
    built = _build_population(raw, parsed_quotas, list(factors), problems)
    return _finish_inputs(built, parsed_quotas, size, factors, base_rate, mean_rate, DEFAULT_MEAN_RATE, problems)


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
            if step < 1 or stop < start:
                raise ValueError
            out = list(range(start, stop + 1, step))
        else:
            out = [int(p) for p in cleaned.split(",") if p]
        if not out or min(out) < 1:
            raise ValueError
    except ValueError:
        problems.add("plan-invitations-invalid", value=text)
    problems.raise_if_any()
    return tuple(sorted(set(out)))


# --------------------------------------------------------------------------------------------------------
# Simulation


@dataclass(frozen=True, eq=False)
class _Model:
    """Everything a worker needs, as plain arrays (cheap to send to processes or a Dask cluster).

    Groups are the distinct profiles over the quota categories; ``quota_matrix[q, g] = 1`` when group g
    has the value of quota q (quota file order).
    """

    k: int
    cell_rate: FloatArray
    cum_weights: IntArray | None  # cells drawn with replacement
    person_cell: IntArray | None  # persons drawn without replacement: the cell of each person
    group_of_cell: IntArray
    group_codes: IntArray  # (groups, quota categories): value index of each group
    quota_matrix: sp.csr_matrix
    quota_min: IntArray
    quota_max: IntArray
    category_rows: tuple[IntArray, ...]

    @property
    def n_groups(self) -> int:
        return int(self.group_codes.shape[0])


def _model(inputs: PlanInputs) -> _Model:
    population, quotas = inputs.population, inputs.quotas
    q_cols = [population.categories.index(c) for c in quotas.categories]
    groups, group_of_cell = np.unique(population.codes[:, q_cols], axis=0, return_inverse=True)
    row_of = {(q.category, q.value): r for r, q in enumerate(quotas)}
    n_groups = groups.shape[0]
    rows = np.concatenate(
        [
            np.array([row_of[(category, v)] for v in quotas.values(category)], dtype=np.int64)[groups[:, c]]
            for c, category in enumerate(quotas.categories)
        ]
    )
    cols = np.tile(np.arange(n_groups, dtype=np.int64), len(quotas.categories))
    quota_matrix = sp.csr_matrix(
        (np.ones(rows.shape[0], dtype=np.int64), (rows, cols)), shape=(len(quotas), n_groups), dtype=np.int64
    )
    category_rows = tuple(
        np.array([r for r, q in enumerate(quotas) if q.category == c], dtype=np.int64) for c in quotas.categories
    )
    cum: IntArray | None = None
    person_cell: IntArray | None = None
    if population.persons:
        person_cell = np.repeat(np.arange(population.n_cells, dtype=np.int64), population.weights.astype(np.int64))
    else:
        w = population.weights
        cum = np.cumsum(np.rint(w / w.sum() * _WEIGHT_SCALE).astype(np.int64))
    return _Model(
        k=inputs.k,
        cell_rate=inputs.rates.cell_rates(population),
        cum_weights=cum,
        person_cell=person_cell,
        group_of_cell=np.asarray(group_of_cell, dtype=np.int64).reshape(-1),
        group_codes=np.asarray(groups, dtype=np.int64),
        quota_matrix=quota_matrix,
        quota_min=np.array([q.min for q in quotas], dtype=np.int64),
        quota_max=np.array([q.max for q in quotas], dtype=np.int64),
        category_rows=category_rows,
    )


def _draw(model: _Model, invitations: IntArray, seed: np.random.SeedSequence) -> tuple[IntArray, IntArray]:
    """One trial: the group of every responder, in invitation order, and how many answered among the
    first N invitations for each N (so the pool for N is the first ``ends[j]`` responders)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    n_max = int(invitations[-1])
    if model.person_cell is not None:
        picked = rng.choice(model.person_cell.shape[0], size=n_max, replace=False)
        invited = model.person_cell[picked]
    else:
        assert model.cum_weights is not None
        ticket = rng.integers(0, model.cum_weights[-1], size=n_max, dtype=np.int64)
        invited = np.searchsorted(model.cum_weights, ticket, side="right").astype(np.int64)
    answered = rng.random(n_max) < model.cell_rate[invited]
    positions = np.flatnonzero(answered)
    ends = np.searchsorted(positions, invitations, side="left").astype(np.int64)
    groups: IntArray = model.group_of_cell[invited[positions]]
    return groups, ends


def _counts(model: _Model, groups: IntArray, end: int) -> IntArray:
    counts: IntArray = np.bincount(groups[:end], minlength=model.n_groups).astype(np.int64)
    return counts


def _necessary(model: _Model, counts: IntArray) -> bool:
    """Quick conditions every feasible pool meets: enough persons, every min, every category able to
    fill the panel within its maxes."""
    if int(counts.sum()) < model.k:
        return False
    per_quota = np.asarray(model.quota_matrix @ counts, dtype=np.int64)
    if np.any(per_quota < model.quota_min):
        return False
    capped = np.minimum(per_quota, model.quota_max)
    return all(int(capped[rows].sum()) >= model.k for rows in model.category_rows)


def _exact(model: _Model, counts: IntArray) -> tuple[IntArray, IntArray] | None:
    """A panel of the pool meeting every quota, as (groups, counts), or None; integer program, re-checked."""
    present = np.flatnonzero(counts)
    sub = model.quota_matrix[:, present]
    matrix = sp.vstack([sp.csr_matrix(np.ones((1, present.shape[0]), dtype=np.int64)), sub], format="csr")
    lower = np.concatenate([[model.k], model.quota_min]).astype(np.float64)
    upper = np.concatenate([[model.k], model.quota_max]).astype(np.float64)
    zeros = np.zeros(present.shape[0])
    solution = HighsModel(zeros, zeros, counts[present], matrix, lower, upper, integer=True).solve()
    if solution.status is Status.INFEASIBLE:
        return None
    if solution.status is not Status.OPTIMAL or solution.values is None:
        raise SolverError("the feasibility program of a simulated pool ended without an answer")
    x = np.rint(solution.values).astype(np.int64)
    per_quota = np.asarray(sub @ x, dtype=np.int64)
    if (
        np.any(x < 0)
        or np.any(x > counts[present])
        or int(x.sum()) != model.k
        or np.any(per_quota < model.quota_min)
        or np.any(per_quota > model.quota_max)
    ):
        raise SolverError("the solver returned a panel that fails the exact re-check")
    used = x > 0
    return present[used], x[used]


def _feasible(model: _Model, counts: IntArray, cache: list[tuple[IntArray, IntArray]]) -> bool:
    if not _necessary(model, counts):
        return False
    for at, (groups, needed) in enumerate(cache):
        if np.all(counts[groups] >= needed):
            cache.insert(0, cache.pop(at))
            return True
    panel = _exact(model, counts)
    if panel is None:
        return False
    cache.insert(0, panel)
    del cache[_CACHE_SIZE:]
    return True


def _feasibility_task(
    model: _Model, invitations: IntArray, trials: Sequence[tuple[int, np.random.SeedSequence]]
) -> list[tuple[int, IntArray, int]]:
    """For each trial: its pool size at every N, and the index of the first N whose pool is feasible
    (``len(invitations)`` if none). Binary search: feasibility is monotone along nested pools."""
    cache: list[tuple[IntArray, IntArray]] = []
    out: list[tuple[int, IntArray, int]] = []
    for trial, seed in trials:
        groups, ends = _draw(model, invitations, seed)
        low, high = 0, len(invitations)
        while low < high:
            middle = (low + high) // 2
            if _feasible(model, _counts(model, groups, int(ends[middle])), cache):
                high = middle
            else:
                low = middle + 1
        out.append((trial, ends, low))
    return out


@dataclass(frozen=True)
class _InstanceSpec:
    """Picklable description of the quotas, to build instances in workers."""

    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    quotas: tuple[tuple[str, str, int, int], ...]
    k: int


def _spec(inputs: PlanInputs) -> _InstanceSpec:
    q = inputs.quotas
    return _InstanceSpec(
        q.categories,
        tuple(q.values(c) for c in q.categories),
        tuple((e.category, e.value, e.min, e.max) for e in q),
        inputs.k,
    )


def _instance_from_counts(spec: _InstanceSpec, model: _Model, counts: IntArray) -> Instance:
    present = np.flatnonzero(counts)
    n = int(counts.sum())
    width = max(6, len(str(n)))
    ids = tuple(f"v{i:0{width}d}" for i in range(1, n + 1))
    repeat = np.repeat(present, counts[present])
    columns = {
        category: tuple(spec.values[c][int(code)] for code in model.group_codes[repeat, c])
        for c, category in enumerate(spec.categories)
    }
    quotas = Quotas(tuple(Quota(c, v, lo, hi) for c, v, lo, hi in spec.quotas))
    return Instance(Pool(ids, columns), quotas, spec.k)


def _min_probability(instance: Instance, method: str, time_limit: float | None) -> float:
    if method == "relaxation":
        from sortition.model.constraints import PanelConstraints
        from sortition.progress import Deadline
        from sortition.solve.relaxation import leximin_relaxation

        constraints = PanelConstraints.build(instance, instance.grouping())
        value = float(leximin_relaxation(constraints, Deadline(time_limit), levels=1).levels[0].value)
    else:
        from sortition.solve import solve

        value = solve(instance, "leximin", time_limit=time_limit).min_probability
    return min(1.0, max(0.0, value))  # solver round-off must not show as -0.00 %


def _fairness_task(
    model: _Model,
    spec: _InstanceSpec,
    invitations: IntArray,
    seed: np.random.SeedSequence,
    indices: Sequence[int],
    method: str,
    time_limit: float | None,
) -> list[tuple[int, float | None]]:
    """The minimum probability for each needed N of one trial; None where the solver failed (numerical
    trouble on one pool must not throw away a long plan: the row counts such failures)."""
    groups, ends = _draw(model, invitations, seed)
    out: list[tuple[int, float | None]] = []
    for j in indices:
        instance = _instance_from_counts(spec, model, _counts(model, groups, int(ends[j])))
        try:
            out.append((j, _min_probability(instance, method, time_limit)))
        except SolverError:
            out.append((j, None))
    return out


# --------------------------------------------------------------------------------------------------------
# Results


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion: good coverage even at 0 or ``trials`` successes, where the
    normal approximation collapses to a point."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class PlanRow:
    """Estimates for one number of invitations."""

    invitations: int
    trials: int
    feasible_trials: int
    interval: tuple[float, float]
    mean_pool_size: float
    pool_size_low: int  # 5th percentile
    pool_size_high: int  # 95th percentile
    fairness_trials: int  # trials whose minimum probability is in the means
    mean_min_probability: float | None
    lowest_min_probability: float | None
    fairness_failures: int = 0  # trials left out because the solver failed on their pool

    @property
    def feasibility(self) -> float:
        """Estimated probability that the quotas can be met by the pool."""
        return self.feasible_trials / self.trials

    def as_dict(self) -> dict[str, Any]:
        return {
            "invitations": self.invitations,
            "trials": self.trials,
            "feasible_trials": self.feasible_trials,
            "feasibility": self.feasibility,
            "feasibility_interval": list(self.interval),
            "mean_pool_size": self.mean_pool_size,
            "pool_size_5th_percentile": self.pool_size_low,
            "pool_size_95th_percentile": self.pool_size_high,
            "fairness_trials": self.fairness_trials,
            "fairness_failures": self.fairness_failures,
            "mean_min_probability": self.mean_min_probability,
            "lowest_min_probability": self.lowest_min_probability,
        }


@dataclass(frozen=True)
class ImpossibleQuota:
    """A quota with a positive min that no simulated pool can meet: nobody in the population has the value
    (``reason`` "absent") or nobody with it ever answers ("no-response")."""

    category: str
    value: str
    min: int
    reason: str


@dataclass(frozen=True)
class Plan:
    """The planner's estimates per number of invitations, and the recommendation for ``target``."""

    rows: tuple[PlanRow, ...]
    k: int
    target: float
    trials: int
    seed: int
    fairness: str
    base_rate: float
    mean_rate: float
    population: str
    persons: bool
    first_feasible: tuple[int | None, ...]  # per trial: smallest N (of those tried) with a feasible pool
    impossible: tuple[ImpossibleQuota, ...] = ()
    seconds: float = 0.0

    @property
    def recommended(self) -> int | None:
        """Smallest number of invitations whose estimated feasibility reaches the target (None if none)."""
        for row in self.rows:
            if row.feasibility >= self.target:
                return row.invitations
        return None

    def row(self, invitations: int) -> PlanRow:
        for row in self.rows:
            if row.invitations == invitations:
                return row
        raise KeyError(invitations)

    def recommendation(self, lang: str = "en") -> str:
        """The recommendation as a sentence, in ``lang``."""
        n = self.recommended
        if n is None:
            best = max(self.rows, key=lambda r: (r.feasibility, -r.invitations))
            return translate(
                "plan.recommend-none",
                lang,
                target=format_percent(self.target, 0, lang),
                largest=format_int(self.rows[-1].invitations, lang),
                best=format_int(best.invitations, lang),
                best_probability=format_percent(best.feasibility, 1, lang),
            )
        row = self.row(n)
        return translate(
            "plan.recommend",
            lang,
            invitations=format_int(n, lang),
            target=format_percent(self.target, 0, lang),
            probability=format_percent(row.feasibility, 1, lang),
            low=format_percent(row.interval[0], 1, lang),
            high=format_percent(row.interval[1], 1, lang),
            trials=format_int(row.trials, lang),
        )

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "k": self.k,
            "target": self.target,
            "trials": self.trials,
            "seed": self.seed,
            "fairness": self.fairness,
            "base_rate": self.base_rate,
            "mean_rate": self.mean_rate,
            "population": self.population,
            "population_kind": "persons" if self.persons else "cells",
            "rows": [r.as_dict() for r in self.rows],
            "recommended_invitations": self.recommended,
            "recommendation": self.recommendation(lang),
            "first_feasible_invitations": list(self.first_feasible),
            "impossible_quotas": [vars(q) for q in self.impossible],
            "seconds": round(self.seconds, 3),
        }


def _impossible(inputs: PlanInputs) -> tuple[ImpossibleQuota, ...]:
    population = inputs.population
    answering = population.weights * inputs.rates.cell_rates(population)
    out: list[ImpossibleQuota] = []
    for q in inputs.quotas:
        if q.min <= 0:
            continue
        j = population.categories.index(q.category)
        has = population.codes[:, j] == population.values[j].index(q.value)
        if not np.any(has):
            out.append(ImpossibleQuota(q.category, q.value, q.min, "absent"))
        elif float(answering[has].sum()) <= 0:
            out.append(ImpossibleQuota(q.category, q.value, q.min, "no-response"))
    return tuple(out)


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


def _joblib() -> Any:
    """joblib, imported on first use (it has no type stubs)."""
    import joblib

    return joblib


def _parallel(jobs: int | None) -> Any:
    """Results come back in task order as they are done, so progress can be shown."""
    return _joblib().Parallel(n_jobs=-1 if jobs is None else jobs, return_as="generator")


def _chunk_size(trials: int, jobs: int | None) -> int:
    workers = max(1, int(_joblib().effective_n_jobs(-1 if jobs is None else jobs)))
    return max(1, min(_MAX_CHUNK, math.ceil(trials / (4 * workers))))


def plan(
    inputs: PlanInputs,
    invitations: Sequence[int],
    *,
    trials: int = DEFAULT_TRIALS,
    seed: int = 1,
    fairness_trials: int = DEFAULT_FAIRNESS_TRIALS,
    fairness: str = "leximin",
    fairness_time_limit: float | None = None,
    target: float = DEFAULT_TARGET,
    jobs: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> Plan:
    """Estimate, for each number of invitations, the chance that the quotas can be met, the expected
    pool size and the expected LEXIMIN minimum selection probability.

    ``fairness`` is "leximin" (exact, :func:`sortition.solve.solve`) or "relaxation" (the first
    level of the LP relaxation over groups: an upper bound on the LEXIMIN minimum, equal to it whenever the
    relaxation decomposes into panels, many times faster). ``jobs``: worker processes for joblib (None =
    all local cores; under ``joblib.parallel_config(backend="dask")`` the Dask workers). The result does
    not depend on ``jobs``.
    """
    delayed = _joblib().delayed
    plan_option_problems(
        inputs.population,
        invitations,
        trials=trials,
        seed=seed,
        fairness_trials=fairness_trials,
        fairness=fairness,
        target=target,
        jobs=jobs,
    ).raise_if_any()
    grid = tuple(sorted(set(invitations)))
    start = time.perf_counter()
    model = _model(inputs)
    spec = _spec(inputs)
    grid_array = np.array(grid, dtype=np.int64)
    seeds = np.random.SeedSequence(seed).spawn(trials)
    size = _chunk_size(trials, jobs)
    chunks = [[(t, seeds[t]) for t in range(i, min(i + size, trials))] for i in range(0, trials, size)]
    sizes = np.zeros((trials, len(grid)), dtype=np.int64)
    first = np.full(trials, len(grid), dtype=np.int64)
    progress.phase("feasibility", trials)
    done = 0
    for result in _parallel(jobs)(delayed(_feasibility_task)(model, grid_array, chunk) for chunk in chunks):
        for trial, ends, index in result:
            sizes[trial] = ends
            first[trial] = index
        done += len(result)
        progress.update(done)
    needed: dict[int, list[int]] = {}
    fairness_count = [0] * len(grid)
    for j in range(len(grid)):
        for t in np.flatnonzero(first <= j)[:fairness_trials].tolist():
            needed.setdefault(int(t), []).append(j)
            fairness_count[j] += 1
    values: list[list[float]] = [[] for _ in grid]
    failures = [0] * len(grid)
    if needed:
        progress.phase("fairness", sum(fairness_count))
        done = 0
        tasks = (
            delayed(_fairness_task)(model, spec, grid_array, seeds[t], needed[t], fairness, fairness_time_limit)
            for t in sorted(needed)
        )
        found: dict[tuple[int, int], float | None] = {}
        for t, result in zip(sorted(needed), _parallel(jobs)(tasks), strict=True):
            for j, value in result:
                found[(t, j)] = value
            done += len(result)
            progress.update(done)
        for (_, j), value in sorted(found.items()):
            if value is None:
                failures[j] += 1
            else:
                values[j].append(value)
    rows = []
    for j, n in enumerate(grid):
        feasible = int(np.count_nonzero(first <= j))
        column = sizes[:, j]
        rows.append(
            PlanRow(
                invitations=n,
                trials=trials,
                feasible_trials=feasible,
                interval=wilson_interval(feasible, trials),
                mean_pool_size=float(column.mean()),
                pool_size_low=int(np.quantile(column, 0.05, method="lower")),
                pool_size_high=int(np.quantile(column, 0.95, method="higher")),
                fairness_trials=len(values[j]),
                fairness_failures=failures[j],
                mean_min_probability=float(np.mean(values[j])) if values[j] else None,
                lowest_min_probability=float(np.min(values[j])) if values[j] else None,
            )
        )
    return Plan(
        rows=tuple(rows),
        k=inputs.k,
        target=float(target),
        trials=trials,
        seed=seed,
        fairness=fairness,
        base_rate=inputs.rates.base,
        mean_rate=inputs.mean_rate,
        population=inputs.population.source,
        persons=inputs.population.persons,
        first_feasible=tuple(int(grid[i]) if i < len(grid) else None for i in first.tolist()),
        impossible=_impossible(inputs),
        seconds=time.perf_counter() - start,
    )


def simulate_trial(
    inputs: PlanInputs, invitations: Sequence[int], *, seed: int, trial: int
) -> tuple[dict[tuple[str, ...], int], ...]:
    """The pools trial ``trial`` of :func:`plan` simulates, one per number of invitations (ascending):
    persons counted per profile over the quota categories. For audits of the planner and for tests."""
    model = _model(inputs)
    grid = np.array(sorted(set(invitations)), dtype=np.int64)
    groups, ends = _draw(model, grid, np.random.SeedSequence(seed, spawn_key=(trial,)))
    spec = _spec(inputs)
    out = []
    for end in ends.tolist():
        counts = _counts(model, groups, end)
        out.append(
            {
                tuple(spec.values[c][int(code)] for c, code in enumerate(model.group_codes[g])): int(counts[g])
                for g in np.flatnonzero(counts).tolist()
            }
        )
    return tuple(out)


def pool_instance(inputs: PlanInputs, counts: Mapping[tuple[str, ...], int]) -> Instance:
    """A simulated pool (persons per profile, as from :func:`simulate_trial`) as an instance with ids
    ``v000001``... ; only the quota categories are kept."""
    quotas = inputs.quotas
    ids: list[str] = []
    columns: dict[str, list[str]] = {c: [] for c in quotas.categories}
    n = sum(counts.values())
    width = max(6, len(str(n)))
    for profile in sorted(counts):
        for _ in range(counts[profile]):
            ids.append(f"v{len(ids) + 1:0{width}d}")
            for category, value in zip(quotas.categories, profile, strict=True):
                columns[category].append(value)
    return Instance(Pool(tuple(ids), {c: tuple(v) for c, v in columns.items()}), quotas, inputs.k)


# --------------------------------------------------------------------------------------------------------
# Plot


def plot_problems(path: PathLike, *, overwrite: bool = False) -> ProblemCollector:
    """What would stop :func:`plot_plan` from writing ``path``; checked before a long simulation."""
    problems = ProblemCollector()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        problems.add("plan-plot-format", file=str(path), value=suffix or "-", known=", ".join(PLOT_FORMATS))
    if Path(path).exists() and not overwrite:
        problems.add("plan-plot-exists", file=str(path))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        problems.add("plan-plot-needs-matplotlib")
    return problems


def plot_plan(result: Plan, path: PathLike, *, lang: str = "en", overwrite: bool = False) -> Path:
    """Feasibility probability (with its 95 % interval and the target) and mean LEXIMIN minimum
    probability against the number of invitations, labelled in ``lang``; written atomically.

    Uses matplotlib's object interface (no pyplot), so no global figure state is touched.
    """
    plot_problems(path, overwrite=overwrite).raise_if_any()
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    xs = [r.invitations for r in result.rows]
    figure = Figure(figsize=(7.5, 6.5), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True)
    top.fill_between(
        xs,
        [r.interval[0] for r in result.rows],
        [r.interval[1] for r in result.rows],
        alpha=0.25,
        label=translate("plan.plot-interval", lang),
    )
    top.plot(xs, [r.feasibility for r in result.rows], marker="o", label=translate("plan.plot-feasibility", lang))
    top.axhline(
        result.target,
        linestyle="--",
        color="grey",
        label=translate("plan.plot-target", lang, target=format_percent(result.target, 0, lang)),
    )
    if result.recommended is not None:
        top.axvline(result.recommended, linestyle=":", color="green")
    top.set_ylim(-0.02, 1.02)
    top.set_ylabel(translate("plan.plot-feasibility", lang))
    top.legend(loc="lower right")
    fair = [(r.invitations, r.mean_min_probability, r.lowest_min_probability) for r in result.rows]
    fair = [f for f in fair if f[1] is not None]
    if fair:
        bottom.plot(
            [f[0] for f in fair],
            [f[1] for f in fair],
            marker="o",
            label=translate("plan.plot-min-probability", lang),
        )
        bottom.plot(
            [f[0] for f in fair],
            [f[2] for f in fair],
            linestyle="--",
            marker=".",
            label=translate("plan.plot-lowest", lang),
        )
    bottom.plot(
        xs,
        [min(1.0, result.k / r.mean_pool_size) if r.mean_pool_size > 0 else 1.0 for r in result.rows],
        color="grey",
        linestyle=":",
        label=translate("plan.plot-equal", lang),
    )
    bottom.set_ylim(bottom=0)
    bottom.set_ylabel(translate("plan.plot-min-probability", lang))
    bottom.set_xlabel(translate("plan.plot-x", lang))
    bottom.legend(loc="upper right")
    percent = FuncFormatter(lambda y, _: format_percent(y, 0 if y >= 0.1 or y == 0 else 1, lang))
    top.yaxis.set_major_formatter(percent)
    bottom.yaxis.set_major_formatter(percent)
    bottom.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_int(round(x), lang)))
    figure.suptitle(translate("plan.plot-title", lang, k=result.k, trials=format_int(result.trials, lang)))
    buffer = io.BytesIO()
    figure.savefig(buffer, format=Path(path).suffix.lower().lstrip("."), dpi=150, metadata=_plot_metadata(path))
    atomic_write_bytes(path, buffer.getvalue(), overwrite=overwrite)
    return Path(path)


def _plot_metadata(path: PathLike) -> dict[str, Any]:
    """No creation date or software version in the file: the same plan gives the same bytes."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return {"Software": None}
    if suffix == ".pdf":
        return {"CreationDate": None, "Producer": None, "Creator": None}
    return {"Date": None, "Creator": None}
