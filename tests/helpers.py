"""Builders of small in-memory instances and brute-force oracles shared by the tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sortition.model.instance import Instance, Pool, Quota, Quotas


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


# --- brute-force fairness oracles over every valid panel (tiny pools only) ---------------------------


def panel_matrix(instance):
    """Rows: valid panels as 0/1 person vectors."""
    import numpy as np

    panels = valid_panels(instance)
    m = np.zeros((len(panels), len(instance.pool)))
    for r, p in enumerate(panels):
        m[r, list(p)] = 1.0
    return m


def brute_leximin(instance, tol: float = 1e-9):
    """LEXIMIN marginals by exact LPs over all valid panels. Each level: maximise the minimum of the
    persons not yet fixed; then fix exactly those who cannot rise above it (probed one by one, no duals)."""
    import numpy as np
    from scipy.optimize import linprog

    P = panel_matrix(instance)
    J, n = P.shape
    fixed = np.full(n, np.nan)
    while np.isnan(fixed).any():
        free = np.isnan(fixed)
        # variables: lambda (J), z ; maximise z
        c = np.zeros(J + 1)
        c[-1] = -1
        a_ub, b_ub = [], []
        for i in range(n):
            row = np.zeros(J + 1)
            row[:J] = -P[:, i]
            if free[i]:
                row[-1] = 1
                b_ub.append(0.0)
            else:
                b_ub.append(-(fixed[i] - tol))
            a_ub.append(row)
        a_eq = [np.concatenate([np.ones(J), [0]])]
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1], bounds=[(0, None)] * J + [(0, 1)], method="highs")
        z = -res.fun
        newly = []
        for i in np.flatnonzero(free):
            c2 = np.zeros(J + 1)
            c2[:J] = -P[:, i]
            b2 = list(b_ub)
            a2 = [r.copy() for r in a_ub]
            for j in np.flatnonzero(free):
                a2[j][-1] = 0
                b2[j] = -(z - tol)
            res2 = linprog(c2, A_ub=a2, b_ub=b2, A_eq=a_eq, b_eq=[1], bounds=[(0, None)] * J + [(0, 1)], method="highs")
            if -res2.fun <= z + 1e-7:
                newly.append(i)
        if not newly:
            raise AssertionError("brute-force leximin made no progress")
        fixed[newly] = z
    return fixed


def brute_maximin(instance) -> float:
    import numpy as np
    from scipy.optimize import linprog

    P = panel_matrix(instance)
    J, n = P.shape
    c = np.zeros(J + 1)
    c[-1] = -1
    a_ub = np.hstack([-P.T, np.ones((n, 1))])
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(n),
        A_eq=[np.concatenate([np.ones(J), [0]])],
        b_eq=[1],
        bounds=[(0, None)] * J + [(0, 1)],
        method="highs",
    )
    return -res.fun


def nash_gap(instance, marginals) -> float:
    """Frank-Wolfe gap of the Nash objective at ``marginals`` over every valid panel (0 at the optimum),
    counting only persons who appear on some valid panel."""
    import numpy as np

    P = panel_matrix(instance)
    coverable = P.sum(axis=0) > 0
    pi = np.asarray(marginals)[coverable]
    return float(np.max(P[:, coverable] @ (1.0 / pi)) - coverable.sum())


def feasible_dropouts(directory: Path, count: int) -> list[str]:
    """The first ``count`` panel members (in a fixed scan) whose leaving leaves feasible residual quotas."""
    import itertools

    from sortition.check import check
    from sortition.protocol.replace import draw_state, residual_problem

    state = draw_state(directory)
    for combo in itertools.combinations(state.panel, count):
        if check(residual_problem(state, list(combo), []).instance, max_repairs=0).feasible:
            return list(combo)
    raise AssertionError("no feasible set of drop-outs")
