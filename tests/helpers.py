"""Builders of small in-memory instances and brute-force oracles shared by the tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from sortition.instance import Instance, Pool, Quota, Quotas


def instance_from(
    profiles: Sequence[Sequence[str]],
    categories: Sequence[str],
    bands: Mapping[tuple[str, str], tuple[int, int]],
    k: int,
    households: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
) -> Instance:
    """An instance from persons' values (one tuple per person, in ``categories`` order)."""
    ids = list(ids) if ids is not None else [f"p{i:03d}" for i in range(len(profiles))]
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    columns = {c: tuple(profiles[i][j] for i in order) for j, c in enumerate(categories)}
    household_columns: tuple[str, ...] = ()
    if households is not None:
        columns["household"] = tuple(households[i] for i in order)
        household_columns = ("household",)
    pool = Pool(tuple(ids[i] for i in order), columns)
    quotas = Quotas(tuple(Quota(c, v, lo, hi) for (c, v), (lo, hi) in bands.items()))
    return Instance(pool, quotas, k, household_columns)


def valid_panels(
    instance: Instance, bands: Mapping[tuple[str, str], tuple[int, int]] | None = None
) -> list[tuple[int, ...]]:
    """Every valid panel (as sorted person indices) by enumeration; only for tiny pools."""
    if bands is None:
        bands = {(q.category, q.value): (q.min, q.max) for q in instance.quotas}
    n = len(instance.pool)
    households = instance.households
    out = []
    for panel in itertools.combinations(range(n), instance.k):
        if households is not None and len({households[i] for i in panel}) < len(panel):
            continue
        ok = True
        for (category, value), (lo, hi) in bands.items():
            count = sum(1 for i in panel if instance.pool.columns[category][i] == value)
            if not lo <= count <= hi:
                ok = False
                break
        if ok:
            out.append(panel)
    return out


def min_repair_seats(instance: Instance) -> int | None:
    """Least total change of quota bounds (in seats) that admits some panel, by enumeration."""
    n = len(instance.pool)
    households = instance.households
    best: int | None = None
    for panel in itertools.combinations(range(n), instance.k):
        if households is not None and len({households[i] for i in panel}) < len(panel):
            continue
        cost = 0
        for q in instance.quotas:
            count = sum(1 for i in panel if instance.pool.columns[q.category][i] == q.value)
            cost += max(0, q.min - count) + max(0, count - q.max)
        best = cost if best is None else min(best, cost)
    return best


def write_csv(
    path, rows: Iterable[Sequence[str]], delimiter: str = ",", encoding: str = "utf-8", newline: str = "\n"
) -> None:
    text = newline.join(delimiter.join(r) for r in rows) + newline
    path.write_bytes(text.encode(encoding))
