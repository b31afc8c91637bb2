"""The legacy greedy method, kept as a baseline to show what fair algorithms fix.

This is the sequential method organisers used before LEXIMIN (as described by Flanigan et al., Nature
2021, Methods, "Legacy"): fill the panel one person at a time; at each step take the category value whose
minimum is hardest to meet (most seats still needed per volunteer still available) and pick a volunteer
with that value uniformly at random; once every minimum is met, pick among all volunteers uniformly;
after each pick, volunteers whose value has reached its maximum, and the picked person's housemates, are
no longer available. A run that gets stuck starts again (up to ``max_attempts``).

It has no closed form for its selection probabilities: :func:`legacy_estimate` runs it many times with
seeds derived from one seed and reports each person's selection frequency with a Wilson confidence
interval. Randomness comes from a local ``numpy.random.Generator``; nothing global is touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sortition.errors import InfeasibleError
from sortition.model.instance import Instance
from sortition.model.lottery import Certificate, Lottery
from sortition.progress import NO_PROGRESS, Progress
from sortition.stats import two_sided_z, wilson

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class _Tables:
    """Each person's quota rows, and the quota bounds, in canonical order."""

    def __init__(self, instance: Instance) -> None:
        keys = instance.quota_keys
        row = {key: q for q, key in enumerate(keys)}
        self.rows = np.array(
            [[row[(c, v)] for c, v in zip(instance.categories, profile, strict=True)] for profile in instance.profiles],
            dtype=np.int64,
        ).reshape(len(instance.pool), len(instance.categories))
        quotas = [instance.quotas.get(c, v) for c, v in keys]
        self.qmin = np.array([q.min for q in quotas], dtype=np.int64)
        self.qmax = np.array([q.max for q in quotas], dtype=np.int64)
        self.households = np.array(instance.households, dtype=np.int64) if instance.households is not None else None
        self.k = instance.k
        self.n = len(instance.pool)


def _one_run(tables: _Tables, rng: np.random.Generator) -> IntArray | None:
    """One greedy attempt; the selected persons' indices, or None when it gets stuck."""
    available = np.ones(tables.n, dtype=bool)
    counts = np.zeros(tables.qmin.shape[0], dtype=np.int64)
    chosen: list[int] = []
    for _ in range(tables.k):
        members = np.zeros(tables.qmin.shape[0], dtype=np.int64)
        np.add.at(members, tables.rows[available].ravel(), 1)
        need = tables.qmin - counts
        if np.any(need > members):
            return None  # some minimum can no longer be met
        urgent = need > 0
        if urgent.any():
            ratio = np.where(urgent, need / np.maximum(members, 1), -1.0)
            best = np.flatnonzero(ratio == ratio.max())
            row = int(best[rng.integers(best.size)])
            pool = np.flatnonzero(available & np.any(tables.rows == row, axis=1))
        else:
            pool = np.flatnonzero(available)
        if pool.size == 0:
            return None
        person = int(pool[rng.integers(pool.size)])
        chosen.append(person)
        counts[tables.rows[person]] += 1
        available[person] = False
        full = counts >= tables.qmax
        if full.any():
            available &= ~np.any(full[tables.rows], axis=1)
        if tables.households is not None:
            available &= tables.households != tables.households[person]
    if np.any(counts < tables.qmin) or np.any(counts > tables.qmax):
        return None
    return np.array(sorted(chosen), dtype=np.int64)


def legacy_panel(instance: Instance, seed: int, max_attempts: int = 100) -> IntArray:
    """One panel (sorted person indices) by the legacy method, reproducible from ``seed``."""
    tables = _Tables(instance)
    rng = np.random.default_rng(seed)
    for _ in range(max_attempts):
        panel = _one_run(tables, rng)
        if panel is not None:
            return panel
    raise InfeasibleError(f"the legacy method found no valid panel in {max_attempts} attempts")


@dataclass(frozen=True)
class LegacyEstimate:
    """Selection frequencies over ``runs`` seeded runs (``failures`` runs found no panel), with Wilson
    score intervals at ``confidence`` for each person."""

    frequencies: FloatArray
    lower: FloatArray
    upper: FloatArray
    runs: int
    failures: int
    seed: int
    confidence: float
    seconds: float = 0.0

    @property
    def min_frequency(self) -> float:
        return float(self.frequencies.min())

    @property
    def min_upper(self) -> float:
        """Upper confidence bound for the least-selected person: the legacy method's minimum probability
        is at most this (per-person bound; see the docs for the caveat of picking the minimum)."""
        return float(self.upper[int(np.argmin(self.frequencies))])


def legacy_runs(
    instance: Instance,
    *,
    runs: int = 1000,
    seed: int = 0,
    max_attempts: int = 100,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[IntArray], int]:
    """``runs`` panels by the legacy method (run i draws from the i-th child of ``SeedSequence(seed)``),
    and the number of runs that found none."""
    tables = _Tables(instance)
    panels: list[IntArray] = []
    failures = 0
    progress.phase("legacy runs", runs)
    for i, child in enumerate(np.random.SeedSequence(seed).spawn(runs)):
        rng = np.random.default_rng(child)
        panel = None
        for _ in range(max_attempts):
            panel = _one_run(tables, rng)
            if panel is not None:
                break
        if panel is None:
            failures += 1
        else:
            panels.append(panel)
        if i % 50 == 0:
            progress.update(i + 1)
    if not panels:
        raise InfeasibleError("the legacy method found no valid panel in any run")
    return panels, failures


def legacy_estimate(
    instance: Instance,
    *,
    runs: int = 1000,
    seed: int = 0,
    confidence: float = 0.99,
    max_attempts: int = 100,
    progress: Progress = NO_PROGRESS,
) -> LegacyEstimate:
    """Each person's selection frequency over seeded runs, with Wilson intervals.

    Interchangeable persons (same group) have the same probability under the legacy method, which picks
    uniformly among them, so a person's estimate is their group's mean frequency; the interval treats the
    group's selections over runs as binomial, which is conservative (members of a group are negatively
    correlated within a run).
    """
    import time

    start = time.perf_counter()
    panels, failures = legacy_runs(instance, runs=runs, seed=seed, max_attempts=max_attempts, progress=progress)
    grouping = instance.grouping()
    group_of = np.asarray(grouping.group_of)
    sizes = np.asarray(grouping.sizes)
    hits = np.zeros(len(grouping.groups), dtype=np.int64)
    for panel in panels:
        np.add.at(hits, group_of[panel], 1)
    done = len(panels)
    lower_g, upper_g = wilson(hits, done * sizes, confidence)
    return LegacyEstimate(
        (hits / (done * sizes))[group_of],
        lower_g[group_of],
        upper_g[group_of],
        runs,
        failures,
        seed,
        confidence,
        time.perf_counter() - start,
    )


def runs_for(precision: float, confidence: float = 0.99) -> int:
    """Runs needed for a Wilson half-width of about ``precision`` at probability 1/2 (the worst case)."""
    return math.ceil((two_sided_z(confidence) / (2 * precision)) ** 2)


def legacy(
    instance: Instance,
    *,
    runs: int = 1000,
    seed: int = 0,
    confidence: float = 0.99,
    progress: Progress = NO_PROGRESS,
) -> Lottery:
    """The legacy method as a lottery: the distinct panels of ``runs`` seeded runs, each weighted by how
    often it came up. Drawing from it is drawing from the legacy method (up to sampling error)."""
    import time

    start = time.perf_counter()
    panels, failures = legacy_runs(instance, runs=runs, seed=seed, progress=progress)
    grouping = instance.grouping()
    group_of = np.asarray(grouping.group_of)
    counts: dict[bytes, int] = {}
    rows: list[IntArray] = []
    for panel in panels:
        composition = np.bincount(group_of[panel], minlength=len(grouping.groups)).astype(np.int64)
        key = composition.tobytes()
        if key not in counts:
            counts[key] = 0
            rows.append(composition)
        counts[key] += 1
    weights = np.array([counts[r.tobytes()] for r in rows], dtype=np.float64) / len(panels)
    lottery = Lottery(
        instance,
        grouping,
        np.vstack(rows),
        weights,
        "legacy",
        parameters={"runs": runs, "seed": seed, "confidence": confidence, "failures": failures},
    )
    estimate = legacy_estimate_from(lottery, len(panels), confidence)
    note = (
        f"selection probabilities estimated from {len(panels)} seeded runs (seed {seed}); least-selected "
        f"person: {estimate[0]:.4f}, {int(confidence * 100)}% Wilson interval up to {estimate[1]:.4f}"
    )
    certificate = Certificate("sampling", (), 0.0, False, (note,))
    return Lottery(
        lottery.instance,
        lottery.grouping,
        lottery.compositions,
        lottery.weights,
        "legacy",
        certificate,
        lottery.parameters,
        time.perf_counter() - start,
    )


def legacy_estimate_from(lottery: Lottery, runs: int, confidence: float) -> tuple[float, float]:
    """(least estimated probability, upper end of its Wilson interval) for a legacy lottery of ``runs``."""
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.float64)
    hits = np.rint(lottery.group_probabilities * sizes * runs)
    _, upper = wilson(hits, runs * sizes, confidence)
    g = int(np.argmin(lottery.group_probabilities))
    return float(lottery.group_probabilities[g]), float(upper[g])
