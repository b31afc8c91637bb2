"""The population of a scenario as a joint table over all category values, and each cell's response rate.

The table is built from the seed odds factors of the scenario's associations and raked (iterative
proportional fitting) to its population shares: raking keeps the odds ratios of the seed, so the
correlations survive, and matches every one-way share to 1e-10.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sortition.synthetic.scenarios import Scenario

FloatArray = npt.NDArray[np.float64]


def rake(
    seed: FloatArray,
    margins: Sequence[FloatArray],
    *,
    joints: Sequence[tuple[tuple[int, ...], FloatArray]] = (),
    tolerance: float = 1e-10,
    max_iterations: int = 5000,
) -> FloatArray:
    """Iterative proportional fitting: the table closest to ``seed`` (same odds ratios) with these margins.

    ``margins[i]`` is the target one-way distribution along axis i (summing to 1); ``joints`` are targets
    over several axes (ascending axes, the target's dimensions in that order), e.g. census age by diploma.
    Zeros of ``seed`` stay zero; if they make the margins unreachable, raises ValueError instead of returning
    a poor fit.
    """
    if seed.ndim != len(margins):
        raise ValueError("one margin per axis")
    p = seed / seed.sum()
    axes = tuple(range(p.ndim))
    targets = [*(((axis,), target) for axis, target in enumerate(margins)), *joints]
    for _ in range(max_iterations):
        worst = 0.0
        for on, target in targets:
            current = p.sum(axis=tuple(a for a in axes if a not in on))
            worst = max(worst, float(np.max(np.abs(current - target))))
            ratio = np.divide(target, current, out=np.zeros_like(target), where=current > 0)
            p = p * ratio.reshape([p.shape[a] if a in on else 1 for a in axes])
        if worst < tolerance:
            fitted: FloatArray = p
            return fitted
    raise ValueError("raking did not converge: the structural zeros conflict with the target shares")


@dataclass(frozen=True)
class JointModel:
    """The raked joint table of a scenario with the response probability of every cell."""

    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    joint: FloatArray  # shape = number of values per category, sums to 1
    rate: FloatArray  # response probability per cell, same shape
    base: float  # rate of a person whose response factors are all 1


def _seed_table(scenario: Scenario) -> FloatArray:
    categories = scenario.categories
    shape = tuple(len(scenario.shares[c]) for c in categories)
    seed = np.ones(shape)
    for assoc in scenario.associations:
        cat_a, cat_b = assoc.categories
        ia, ib = categories.index(cat_a), categories.index(cat_b)
        if ia == ib:
            raise ValueError(f"association of {cat_a!r} with itself")
        values_a, values_b = scenario.values(cat_a), scenario.values(cat_b)
        m = np.ones((len(values_a), len(values_b)))
        for va, vb, factor in assoc.factors:
            if factor < 0:
                raise ValueError("association factors must be >= 0")
            m[values_a.index(va), values_b.index(vb)] *= factor
        if ia > ib:
            ia, ib, m = ib, ia, m.T
        full = [1] * len(shape)
        full[ia], full[ib] = m.shape
        seed = seed * m.reshape(full)
    return seed


def _raked(scenario: Scenario) -> FloatArray:
    return joint_table(scenario)


def joint_table(scenario: Scenario, joints: Sequence[tuple[tuple[int, ...], FloatArray]] = ()) -> FloatArray:
    """The scenario's seed (its associations) raked to its shares and to ``joints`` (see :func:`rake`)."""
    margins = []
    for category in scenario.categories:
        margin = np.array([scenario.shares[category][v] for v in scenario.values(category)], dtype=np.float64)
        margins.append(margin / margin.sum())
    return rake(_seed_table(scenario), margins, joints=joints)


def build_model(scenario: Scenario, overall_rate: float) -> JointModel:
    """The joint table, and response rates whose population mean is ``overall_rate`` (each at most 1)."""
    categories = scenario.categories
    values = tuple(scenario.values(c) for c in categories)
    joint = _raked(scenario)
    rate = np.ones(joint.shape)
    for axis, (category, vs) in enumerate(zip(categories, values, strict=True)):
        factors = scenario.response_factors.get(category, {})
        shape = [1] * joint.ndim
        shape[axis] = -1
        rate = rate * np.array([factors.get(v, 1.0) for v in vs]).reshape(shape)
    base = overall_rate / float((joint * rate).sum())
    return JointModel(categories, values, joint, np.minimum(rate * base, 1.0), base)


def population_table(scenario: Scenario) -> dict[tuple[str, ...], float]:
    """The raked joint distribution as profile (values in category order) -> share; zero cells omitted."""
    joint = _raked(scenario)
    values = tuple(scenario.values(c) for c in scenario.categories)
    out: dict[tuple[str, ...], float] = {}
    for flat in np.flatnonzero(joint):
        idx = np.unravel_index(int(flat), joint.shape)
        out[tuple(vs[int(i)] for vs, i in zip(values, idx, strict=True))] = float(joint.flat[flat])
    return out
