"""Benchmark pools shaped like published instances: random shares, ordered correlation and response skew,
with quotas checked feasible by the toolkit's feasibility program (:func:`sortition.check.feasible_composition`)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from sortition.check import feasible_composition
from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.synthetic.response import DEFAULT_RESPONSE_RATE
from sortition.synthetic.sampling import PoolData, draw_pool
from sortition.synthetic.scenarios import Association, QuotaLine, Scenario
from sortition.synthetic.streams import STREAM_SHAPE, rng_for


def shaped_scenario(
    k: int,
    values_per_category: Sequence[int],
    seed: int,
    correlation: float = 0.3,
    skew: float = 0.5,
    *,
    name: str = "shaped",
) -> Scenario:
    """Categories ``c1..cm`` with values ``v1..``: random shares, ordered correlation and response skew.

    Values are ordered along a latent status (``v1`` high): categories are associated through seed
    factors ``exp(correlation * s_a * s_b)`` with scores s from 1 down to -1, and the response factor of a
    value is ``exp(skew * w * s)`` with a per-category weight w in [0.1, 1]. Quotas are bands of 10 to
    20 % around ``k * share`` (floor / ceil), as in published instances.
    """
    if not values_per_category or any(v < 2 for v in values_per_category):
        raise ValueError("every category needs at least two values")
    rng = rng_for(seed, STREAM_SHAPE)
    shares: dict[str, dict[str, float]] = {}
    response: dict[str, dict[str, float]] = {}
    quotas: list[QuotaLine] = []
    scores: dict[str, list[float]] = {}
    for c, m in enumerate(values_per_category, start=1):
        category = f"c{c}"
        raw = np.maximum(rng.dirichlet(np.full(m, 2.0)), 0.015)
        values = [f"v{v}" for v in range(1, m + 1)]
        shares[category] = {v: round(float(s), 6) for v, s in zip(values, raw / raw.sum(), strict=True)}
        scores[category] = [1.0 - 2.0 * i / (m - 1) for i in range(m)]
        weight = float(rng.uniform(0.1, 1.0))
        response[category] = {v: math.exp(skew * weight * s) for v, s in zip(values, scores[category], strict=True)}
        tolerance = float(rng.uniform(0.10, 0.20))
        for v in values:
            target = k * shares[category][v]
            quotas.append(
                (
                    category,
                    v,
                    max(0, math.floor(target * (1 - tolerance))),
                    max(1, math.ceil(target * (1 + tolerance))),
                )
            )
    names = list(shares)
    associations = tuple(
        Association(
            (a, b),
            tuple(
                (f"v{x + 1}", f"v{y + 1}", math.exp(correlation * sa * sb))
                for x, sa in enumerate(scores[a])
                for y, sb in enumerate(scores[b])
            ),
        )
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    )
    return Scenario(
        name=name,
        k=k,
        shares=shares,
        quotas=tuple(quotas),
        associations=associations,
        response_factors=response,
        sources={c: "random shares: Dirichlet(2), floored at 1.5 %, normalised" for c in shares},
    )


def shaped_pool(
    n: int,
    k: int,
    values_per_category: Sequence[int],
    seed: int,
    correlation: float = 0.3,
    skew: float = 0.5,
    *,
    name: str = "shaped",
    max_attempts: int = 20,
) -> PoolData:
    """A benchmark pool shaped like a published instance, with quotas feasible for it (:func:`quotas_feasible`).

    If the quotas are infeasible for the drawn pool (a small value skewed away), the pool is redrawn from
    the next sub-stream of the seed; the attempt used is recorded in ``meta``.
    """
    scenario = shaped_scenario(k, values_per_category, seed, correlation, skew, name=name)
    for attempt in range(max_attempts):
        pool = draw_pool(scenario, n, seed, attempt, False, DEFAULT_RESPONSE_RATE, False)
        if quotas_feasible(pool.header, pool.rows, pool.quotas, k):
            meta = dict(pool.meta)
            meta["attempt"] = attempt
            meta["parameters"] = {
                "values_per_category": list(values_per_category),
                "correlation": round(correlation, 6),
                "skew": round(skew, 6),
                "overall_response_rate": DEFAULT_RESPONSE_RATE,
            }
            return PoolData(pool.header, pool.rows, pool.quotas, meta)
    raise ValueError(f"no feasible pool in {max_attempts} attempts: lower the skew or widen the shape")


def quotas_feasible(
    header: Sequence[str], rows: Sequence[tuple[str, ...]], quotas: Sequence[QuotaLine], k: int
) -> bool:
    """Is there a panel of k persons meeting every quota? Households are ignored: this is the check
    :func:`shaped_pool` needs, not the toolkit's full one. Every value in the rows must have a quota."""
    entries = tuple(Quota(category, value, lo, hi) for category, value, lo, hi in quotas)
    categories = tuple(dict.fromkeys(q.category for q in entries))
    width = len(str(len(rows)))
    ids = tuple(f"{i:0{width}d}" for i in range(len(rows)))
    columns = {c: tuple(row[header.index(c)] for row in rows) for c in categories}
    instance = Instance(Pool(ids, columns), Quotas(entries), k)
    constraints = PanelConstraints.build(instance, instance.grouping())
    return feasible_composition(constraints) is not None
