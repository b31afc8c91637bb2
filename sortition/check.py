"""Can the quotas be met? If not, which quotas conflict, and what is the smallest change that fixes it?

Feasibility is an integer program over group counts (:mod:`sortition.model.constraints`). When it is
infeasible, two explanations an organiser can act on:

* a **conflict**: a minimal set of quota bounds that cannot hold together (with the panel size, the pool and
  the household rule). It is found with QuickXplain (Junker, AAAI 2004), a divide-and-conquer deletion
  filter that needs O(c log(b/c)) feasibility tests for a conflict of c bounds among b;
* ranked **repairs**: the smallest total change of quota bounds (in seats) that makes the quotas
  feasible, found by an integer program with slack on every bound; further repairs are found by
  forbidding the set of bounds each previous repair changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp

from sortition.errors import SolverError
from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Instance
from sortition.solve.backends import HighsModel, Status, solve_with_pulp

if TYPE_CHECKING:
    import pandas

Side = Literal["min", "max"]
SOLVERS = ("highs", "cbc")


@dataclass(frozen=True)
class ValueSummary:
    """One row of the check table: a category value, its volunteers, its quota."""

    category: str
    value: str
    pool_count: int
    pool_share: float
    min: int
    max: int
    target_share: float | None


@dataclass(frozen=True)
class Bound:
    """One side of one quota: ``count(category = value) >= limit`` (min) or ``<= limit`` (max)."""

    category: str
    value: str
    side: Side
    limit: int
    pool_count: int


@dataclass(frozen=True)
class Intersection:
    """Two values of different categories whose shared volunteers decide feasibility.

    The quotas force at least ``needed`` panel members to have both values (from the seats, or because the
    volunteers with one value but not the other are too few), while at most ``allowed`` can (the volunteers
    with both, ``volunteers``, and each value's max). ``needed > allowed``: no panel; ``needed ==
    volunteers``: every volunteer with both values sits on every panel.
    """

    first: tuple[str, str]
    second: tuple[str, str]
    needed: int
    allowed: int
    volunteers: int
    first_count: int
    second_count: int


@dataclass(frozen=True)
class Change:
    category: str
    value: str
    side: Side
    old: int
    new: int


@dataclass(frozen=True)
class Repair:
    """Changes that together make the quotas feasible; ``seats`` is the total change."""

    changes: tuple[Change, ...]

    @property
    def seats(self) -> int:
        return sum(abs(c.new - c.old) for c in self.changes)


@dataclass(frozen=True)
class FeasibilityReport:
    """What :func:`check` found: per-value counts against the quotas, and when infeasible the smallest
    conflicting set of quota bounds and the cheapest repairs."""

    feasible: bool
    k: int
    n: int
    n_groups: int
    household_rule: bool
    n_households: int
    summary: tuple[ValueSummary, ...]
    example_panel: tuple[str, ...] | None = None
    conflict: tuple[Bound, ...] = ()
    households_too_few: bool = False
    repairs: tuple[Repair, ...] = field(default=())
    intersections: tuple[Intersection, ...] = ()
    solver: str = "highs"
    seconds: float = 0.0

    def __repr__(self) -> str:
        verdict = "feasible" if self.feasible else f"infeasible, {len(self.conflict)} conflicting bounds"
        return f"FeasibilityReport({verdict}, k={self.k}, {self.n} persons, {len(self.repairs)} repairs)"

    def to_frame(self) -> pandas.DataFrame:
        """The check table: one row per category value (volunteers, share of the pool, quota band, target)."""
        import pandas

        return pandas.DataFrame([vars(s) for s in self.summary]).set_index(["category", "value"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "k": self.k,
            "n": self.n,
            "groups": self.n_groups,
            "household_rule": self.household_rule,
            "households": self.n_households,
            "summary": [vars(s) for s in self.summary],
            "example_panel": list(self.example_panel) if self.example_panel is not None else None,
            "conflict": [vars(b) for b in self.conflict],
            "households_too_few": self.households_too_few,
            "repairs": [{"seats": r.seats, "changes": [vars(c) for c in r.changes]} for r in self.repairs],
            "intersections": [vars(i) for i in self.intersections],
            "solver": self.solver,
            "seconds": round(self.seconds, 3),
        }


class _Feasibility:
    """One integer program, re-used for every test with different quota bounds switched on."""

    def __init__(self, constraints: PanelConstraints, solver: str, time_limit: float | None):
        self.c = constraints
        self.solver = solver
        self.time_limit = time_limit
        matrix, self.row_lower, self.row_upper = constraints.linear_rows()
        self.matrix = matrix
        self.n_quotas = constraints.n_quotas
        zeros = np.zeros(constraints.n_groups)
        self.model = (
            HighsModel(zeros, zeros, constraints.sizes, matrix, self.row_lower, self.row_upper, integer=True)
            if solver == "highs"
            else None
        )
        self.tests = 0

    def solve(self, active: set[tuple[int, Side]] | None) -> np.ndarray | None:
        """A composition meeting the active bounds (all when None), or None if there is none."""
        lower = self.row_lower.copy()
        upper = self.row_upper.copy()
        if active is not None:
            for q in range(self.n_quotas):
                if (q, "min") not in active:
                    lower[1 + q] = 0
                if (q, "max") not in active:
                    upper[1 + q] = self.c.k
        self.tests += 1
        if self.model is not None:
            rows = list(range(1, 1 + self.n_quotas))
            self.model.set_row_bounds(rows, lower[1 : 1 + self.n_quotas], upper[1 : 1 + self.n_quotas])
            sol = self.model.solve(self.time_limit)
        else:
            zeros = np.zeros(self.c.n_groups)
            sol = solve_with_pulp(
                zeros,
                zeros,
                self.c.sizes,
                self.matrix,
                lower,
                upper,
                engine=self.solver,
                time_limit=self.time_limit,
            )
        if sol.status is Status.INFEASIBLE:
            return None
        if sol.values is None:
            raise TimeoutError("the feasibility test reached its time limit")
        return np.round(sol.values).astype(np.int64)

    def panel(self) -> np.ndarray | None:
        """A composition meeting every bound, re-checked with exact integers, or None if there is none."""
        composition = self.solve(None)
        if composition is not None:
            violations = self.c.violations(composition)
            if violations:  # the engine's point failed the exact re-check
                raise SolverError("solver returned an invalid panel: " + "; ".join(violations))
        return composition


def feasible_composition(
    constraints: PanelConstraints, *, solver: str = "highs", time_limit: float | None = None
) -> np.ndarray | None:
    """A composition (persons per group) that is a panel, or None when the quotas cannot be met.

    The toolkit's one feasibility program: :func:`check` and the invitation planner's simulated pools both
    ask it, so a pool is feasible for the planner exactly when ``check`` says so.
    """
    return _Feasibility(constraints, solver, time_limit).panel()


def quickxplain(items: Sequence[Any], consistent: Callable[[list[Any]], bool]) -> list[Any] | None:
    """A minimal subset of ``items`` that is inconsistent, or None if all of them are consistent.

    ``consistent(subset)`` must be monotone (a subset of a consistent set is consistent).
    """
    if consistent(list(items)):
        return None
    if not consistent([]):
        return []

    def qx(base: list[Any], delta: bool, candidates: list[Any]) -> list[Any]:
        if delta and not consistent(base):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        d2 = qx(base + first, bool(first), second)
        d1 = qx(base + d2, bool(d2), first)
        return d1 + d2

    return qx([], False, list(items))


def _summary(instance: Instance) -> tuple[ValueSummary, ...]:
    n = len(instance.pool)
    out = []
    for q in instance.quotas:
        count = sum(1 for v in instance.pool.columns[q.category] if v == q.value)
        out.append(
            ValueSummary(
                q.category,
                q.value,
                count,
                count / n if n else 0.0,
                q.min,
                q.max,
                float(q.share) if q.share is not None else None,
            )
        )
    return tuple(out)


def pair_bounds(instance: Instance) -> list[Intersection]:
    """Every pair of values of two categories (quota-file order) with what the quotas and the pool imply
    for the panel members having both, by counting alone (a necessary condition, exact on two categories):

    needed = max(min_a + min_b - k, min_a - |a without b|, min_b - |b without a|, 0),
    allowed = min(|a and b|, max_a, max_b).
    """
    entries = list(instance.quotas)
    n = len(instance.pool)
    columns = {c: np.asarray(instance.pool.columns[c], dtype=object) for c in instance.quotas.categories}
    has = np.zeros((len(entries), n), dtype=np.int64)
    for i, q in enumerate(entries):
        has[i] = columns[q.category] == q.value
    both = has @ has.T
    out = []
    for i, a in enumerate(entries):
        for j in range(i + 1, len(entries)):
            b = entries[j]
            if a.category == b.category:
                continue
            shared, count_a, count_b = int(both[i, j]), int(both[i, i]), int(both[j, j])
            needed = max(a.min + b.min - instance.k, a.min - (count_a - shared), b.min - (count_b - shared), 0)
            allowed = min(shared, a.max, b.max)
            out.append(
                Intersection((a.category, a.value), (b.category, b.value), needed, allowed, shared, count_a, count_b)
            )
    return out


def _conflict_intersections(instance: Instance, conflict: Sequence[Bound]) -> tuple[Intersection, ...]:
    """Pairs of values that already rule out every panel although each value alone has enough volunteers:
    the cause is their intersection. Pairs whose two values are both in the conflict come first."""
    named = {(b.category, b.value) for b in conflict}
    bad = [p for p in pair_bounds(instance) if p.needed > p.allowed]
    return tuple(sorted(bad, key=lambda p: -((p.first in named) + (p.second in named))))


def _example_panel(instance: Instance, composition: np.ndarray) -> tuple[str, ...]:
    grouping = instance.grouping()
    persons = [p for g, c in zip(grouping.groups, composition, strict=True) for p in g.members[: int(c)]]
    return tuple(sorted(instance.pool.ids[p] for p in persons))


def _repairs(
    constraints: PanelConstraints, solver: str, how_many: int, time_limit: float | None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Up to ``how_many`` (new_min, new_max) pairs, cheapest first, each changing a different set of bounds.

    Variables: counts x (G), min relaxations d (Q), max relaxations u (Q), and indicators zd, zu (Q each)
    of which bounds change.
    """
    G, Q, k = constraints.n_groups, constraints.n_quotas, constraints.k
    qmin, qmax = constraints.quota_min, constraints.quota_max
    A = constraints.quota_matrix.astype(np.float64)
    eye = sp.identity(Q, format="csr")
    zero_qq = sp.csr_matrix((Q, Q))
    zero_qg = sp.csr_matrix((Q, G))
    u_cap = np.maximum(k - qmax, 0)
    rows = [
        sp.hstack([sp.csr_matrix(np.ones((1, G))), sp.csr_matrix((1, 4 * Q))]),
        sp.hstack([A, eye, zero_qq, zero_qq, zero_qq]),  # A x + d >= min
        sp.hstack([A, zero_qq, -eye, zero_qq, zero_qq]),  # A x - u <= max
        sp.hstack([zero_qg, eye, zero_qq, -sp.diags(qmin.astype(float)), zero_qq]),  # d <= min * zd
        sp.hstack([zero_qg, zero_qq, eye, zero_qq, -sp.diags(u_cap.astype(float))]),  # u <= cap * zu
    ]
    lower = [np.array([k]), qmin, np.full(Q, -np.inf), np.full(Q, -np.inf), np.full(Q, -np.inf)]
    upper = [np.array([k]), np.full(Q, np.inf), qmax, np.zeros(Q), np.zeros(Q)]
    if constraints.household_matrix.shape[0]:
        H = constraints.household_matrix.shape[0]
        rows.append(sp.hstack([constraints.household_matrix.astype(float), sp.csr_matrix((H, 4 * Q))]))
        lower.append(np.zeros(H))
        upper.append(np.ones(H))
    matrix = sp.vstack(rows, format="csr")
    row_lower = np.concatenate(lower).astype(float)
    row_upper = np.concatenate(upper).astype(float)
    # Lexicographic objective: seats changed, then number of bounds changed, then canonical rank of the
    # changed bounds, so the optimum is unique and does not depend on the engine's tie-breaking.
    Z = 2 * Q
    rank_weight = Z * Z + 1
    seat_weight = Z * rank_weight + rank_weight
    cost = np.concatenate([np.zeros(G), np.full(Z, float(seat_weight)), float(rank_weight) + np.arange(Z, dtype=float)])
    col_lower = np.zeros(G + 4 * Q)
    col_upper = np.concatenate([constraints.sizes, qmin, u_cap, np.ones(2 * Q)]).astype(float)
    found: list[tuple[np.ndarray, np.ndarray]] = []
    cuts: list[np.ndarray] = []
    model = (
        HighsModel(cost, col_lower, col_upper, matrix, row_lower, row_upper, integer=True)
        if solver == "highs"
        else None
    )
    for _ in range(how_many):
        if model is not None:
            sol = model.solve(time_limit)
        else:
            all_rows = sp.vstack([matrix, *[sp.csr_matrix(c) for c in cuts]], format="csr")
            cut_upper = [float(np.sum(c) - 1) for c in cuts]
            sol = solve_with_pulp(
                cost,
                col_lower,
                col_upper,
                all_rows,
                np.concatenate([row_lower, np.full(len(cuts), -np.inf)]),
                np.concatenate([row_upper, np.array(cut_upper)]),
                engine=solver,
                time_limit=time_limit,
            )
        if sol.status is not Status.OPTIMAL or sol.values is None:
            break
        x = np.round(sol.values).astype(np.int64)
        d, u = x[G : G + Q], x[G + Q : G + 2 * Q]
        found.append((qmin - d, qmax + u))
        changed = np.flatnonzero(np.concatenate([d, u]) > 0)
        if changed.size == 0:
            break
        cut = np.zeros((1, G + 4 * Q))
        cut[0, G + 2 * Q + changed] = 1.0
        cuts.append(cut)
        if model is not None:
            model.add_rows(sp.csr_matrix(cut), [-np.inf], [float(changed.size - 1)])
    return found


def check(
    instance: Instance,
    *,
    solver: str = "highs",
    max_repairs: int = 3,
    time_limit: float | None = None,
) -> FeasibilityReport:
    """Whether some panel meets every quota (and the household rule); if not, a minimal conflict and up to
    ``max_repairs`` ranked repairs. ``solver`` is "highs" (highspy, default) or "cbc" (through PuLP)."""
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {SOLVERS}")
    start = time.perf_counter()
    grouping = instance.grouping()
    constraints = PanelConstraints.build(instance, grouping)
    summary = _summary(instance)
    tester = _Feasibility(constraints, solver, time_limit)
    n_households = len(set(instance.households)) if instance.households is not None else len(instance.pool)
    common = dict(
        k=instance.k,
        n=len(instance.pool),
        n_groups=len(grouping.groups),
        household_rule=instance.households is not None,
        n_households=n_households,
        summary=summary,
        solver=solver,
    )
    composition = tester.panel()
    if composition is not None:
        return FeasibilityReport(
            feasible=True,
            example_panel=_example_panel(instance, composition),
            seconds=time.perf_counter() - start,
            **common,  # type: ignore[arg-type]
        )
    pool_counts = np.asarray(constraints.quota_matrix @ constraints.sizes, dtype=np.int64)
    candidates: list[tuple[int, Side]] = []
    for q in range(constraints.n_quotas):
        if constraints.quota_min[q] > 0:
            candidates.append((q, "min"))
        if constraints.quota_max[q] < min(instance.k, pool_counts[q]):
            candidates.append((q, "max"))
    file_order = [instance.quotas.entries.index(instance.quotas.get(c, v)) for c, v in constraints.quota_keys]
    conflict_items = quickxplain(candidates, lambda subset: tester.solve(set(subset)) is not None)
    assert conflict_items is not None
    conflict = tuple(
        Bound(
            category=constraints.quota_keys[q][0],
            value=constraints.quota_keys[q][1],
            side=side,
            limit=int(constraints.quota_min[q] if side == "min" else constraints.quota_max[q]),
            pool_count=int(pool_counts[q]),
        )
        for q, side in sorted(conflict_items, key=lambda item: (file_order[item[0]], item[1]))
    )
    repairs: list[Repair] = []
    if conflict_items:
        for new_min, new_max in _repairs(constraints, solver, max_repairs, time_limit):
            changes = []
            for q, (category, value) in enumerate(constraints.quota_keys):
                if new_min[q] != constraints.quota_min[q]:
                    changes.append(Change(category, value, "min", int(constraints.quota_min[q]), int(new_min[q])))
                if new_max[q] != constraints.quota_max[q]:
                    changes.append(Change(category, value, "max", int(constraints.quota_max[q]), int(new_max[q])))
            repairs.append(Repair(tuple(changes)))
    return FeasibilityReport(
        feasible=False,
        conflict=conflict,
        intersections=_conflict_intersections(instance, conflict),
        households_too_few=not conflict_items,
        repairs=tuple(repairs),
        seconds=time.perf_counter() - start,
        **common,  # type: ignore[arg-type]
    )
