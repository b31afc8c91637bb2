"""The planner's Monte Carlo model: trials of invitations and answers, feasibility of each trial's pools,
and the LEXIMIN minimum probability of the first feasible trials, in parallel with joblib (or Dask).

Trial ``t`` draws from its own stream ``SeedSequence(seed).spawn(trials)[t]`` one ordered sequence of
invitations (uniformly without replacement from a file of persons; with replacement from cell weights
otherwise) and, for each invitation, whether the person answers. The pool for N invitations is the
responders among the first N, so the pools of one trial are nested: feasibility is monotone along them and a
binary search finds each trial's first feasible N. Feasibility is checked by necessary counts, then a panel
found earlier in the same batch, then the toolkit's feasibility program
(:func:`sortition.check.feasible_composition`). Results depend only on the seed and the inputs, never on
the number of workers or their scheduling.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.check import feasible_composition
from sortition.errors import SolverError
from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.planning.inputs import (
    DEFAULT_FAIRNESS_TRIALS,
    DEFAULT_TARGET,
    DEFAULT_TRIALS,
    PlanInputs,
    plan_option_problems,
)
from sortition.planning.population import cell_rates
from sortition.planning.results import Plan, PlanRow, impossible_quotas, wilson_interval
from sortition.progress import NO_PROGRESS, Deadline, Progress
from sortition.solve import solve
from sortition.solve.relaxation import leximin_relaxation

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_WEIGHT_SCALE = float(2**50)  # cell weights become integers: exact cumulative sums, exact draws
_CACHE_SIZE = 16  # panels remembered per batch of trials for the sufficient test
_MAX_CHUNK = 25  # trials per task at most, so that progress moves and workers share the load


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
    quota_keys: tuple[tuple[str, str], ...]  # (category, value) of each quota row
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
        cell_rate=cell_rates(inputs.rates, population),
        cum_weights=cum,
        person_cell=person_cell,
        group_of_cell=np.asarray(group_of_cell, dtype=np.int64).reshape(-1),
        group_codes=np.asarray(groups, dtype=np.int64),
        quota_keys=tuple((q.category, q.value) for q in quotas),
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
    """A panel of the pool meeting every quota, as (groups, counts), or None (the feasibility program)."""
    present = np.flatnonzero(counts)
    constraints = PanelConstraints(
        k=model.k,
        sizes=counts[present],
        quota_keys=model.quota_keys,
        quota_matrix=model.quota_matrix[:, present],
        quota_min=model.quota_min,
        quota_max=model.quota_max,
        household_matrix=sp.csr_matrix((0, present.shape[0]), dtype=np.int64),
    )
    composition = feasible_composition(constraints)
    if composition is None:
        return None
    used = composition > 0
    return present[used], composition[used]


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
        constraints = PanelConstraints.build(instance, instance.grouping())
        value = float(leximin_relaxation(constraints, Deadline(time_limit), levels=1).levels[0].value)
    else:
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
        impossible=impossible_quotas(inputs),
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
