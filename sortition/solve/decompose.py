"""Write a target vector of expected group counts as a lottery of valid panels, or prove it impossible.

**Integer Carathéodory (peeling).** The target t lies in the LP relaxation P (counts between 0 and the
group sizes, size row, quota rows, household rows). Keep a remainder u of mass rho, with u / rho in P. At
each step take a valid panel C on the smallest face of P holding u, and subtract the largest multiple
theta of C that keeps (u - theta C) / (rho - theta) in P; one more bound or row becomes tight, so the
face shrinks and at most dim(P) + 1 steps are needed. The panel comes from, in order of cost:

1. an LP vertex of the face, maximising the remainder's mass per person (so the step is long), when it
   happens to be integral;
2. otherwise a small integer program over that vertex's groups and a few more of large remaining mass
   (the other groups held at 0): a valid panel close to the vertex, found in milliseconds;
3. otherwise the integer program over every group of the face.

Only when the face holds no valid panel at all (the remainder left the convex hull of valid panels, which
P over-approximates) does the rest go to:

**Shortfall column generation**, whose master LP

    minimise   sum_g d_g / size_g
    subject to sum_j lambda_j = 1,    sum_j lambda_j * C_jg + d_g >= t_g  (every group g),

prices new panels with the integer-programming oracle, and either reaches zero shortfall or proves, with
the dual bound ``t @ y - max_C y @ C``, that no lottery of valid panels reaches t (an integrality gap).
Because every panel and the target have the same total k, zero shortfall means the lottery's expected
composition *equals* t. Tolerances are absolute, on the unnormalised remainder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import SolverError
from sortition.model.constraints import PanelConstraints
from sortition.progress import NO_PROGRESS, Deadline, Progress
from sortition.solve.backends import HighsModel, Status
from sortition.solve.columns import ColumnPool
from sortition.solve.oracle import OutOfTime, PanelOracle

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SHORTFALL_TOL = 1e-7  # success when the total shortfall, in probability units, is below this
GAP_TOL = 1e-7  # a certified lower bound above this proves the target is out of reach
REDUCED_COST_TOL = 1e-9
FACE_TOL = 1e-11  # relative tolerance deciding that a bound or row is tight
INTEGRAL_TOL = 1e-7  # a vertex coordinate this close to an integer is that integer
WORKING_GROUPS = 300  # open groups of largest remaining mass the face LP starts from (the rest priced in)
MAX_WORKING_GROUPS = 2000  # past this, the face LP restarts from its last vertex's groups (sifting; measured)
PRICING_ROUNDS = 50  # pricing rounds of the face LP before the LP over every group is used instead
NEAR_GROUPS = 20  # groups of large remaining mass added to a vertex's in the small integer program
NOISE_TOL = 1e-13  # absolute float noise on u (entries up to a group's size), once rho itself is tiny
MASS_LEFT_TOL = 1e-10  # peeling is complete when less mass than this is left
ABSORB_TOL = 1e-7  # a remainder this small is spread over the peeled panels rather than decomposed


@dataclass(frozen=True)
class Decomposition:
    """``compositions``/``weights``: the best lottery found; ``shortfall``: its remaining distance to the
    target (probability units, summed over groups); ``lower_bound``: proven least shortfall of any
    lottery; ``exact`` when the shortfall is within tolerance."""

    compositions: IntArray
    weights: FloatArray
    shortfall: float
    lower_bound: float
    exact: bool
    columns: IntArray  # every panel generated (to seed a fallback)
    timed_out: bool = False
    mip_calls: int = 0


# --- integer Carathéodory --------------------------------------------------------------------------------


class _Remainder:
    """u (mass rho) and the smallest face of the relaxation holding it. A bound or row, once tight, stays
    tight: every later step happens on the face."""

    def __init__(self, constraints: PanelConstraints, target: FloatArray) -> None:
        self.sizes = constraints.sizes.astype(np.float64)
        self.matrix, self.lower, self.upper = constraints.linear_rows()
        self.columns = sp.csc_matrix(self.matrix)  # for taking a few groups' columns
        G, n_rows = self.sizes.size, self.matrix.shape[0]
        self.u = np.clip(np.asarray(target, dtype=np.float64), 0.0, self.sizes)
        self.rho = 1.0
        self.at_zero = np.zeros(G, dtype=bool)
        self.at_full = np.zeros(G, dtype=bool)
        self.at_lower = np.zeros(n_rows, dtype=bool)
        self.at_upper = np.zeros(n_rows, dtype=bool)
        self.finite_lower = np.isfinite(self.lower)
        self.finite_upper = np.isfinite(self.upper)
        self.scale = np.maximum(1.0, np.abs(np.where(self.finite_upper, self.upper, self.lower)))

    def tighten(self) -> None:
        """Mark what u meets with equality (relative tolerance) and snap u onto the bounds it meets."""
        rho, u = self.rho, self.u
        mu = self.matrix @ u
        # relative to the mass left, but never finer than the float noise subtraction leaves on u
        tol = max(FACE_TOL * rho, NOISE_TOL)
        self.at_zero |= u <= tol * self.sizes
        self.at_full |= u >= rho * self.sizes - tol * self.sizes
        self.at_lower |= self.finite_lower & (np.abs(mu - rho * self.lower) <= tol * self.scale)
        self.at_upper |= self.finite_upper & (np.abs(mu - rho * self.upper) <= tol * self.scale)
        self.u = np.where(self.at_zero, 0.0, np.where(self.at_full, rho * self.sizes, u))

    def face_bounds(self) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """(column lower, column upper, row lower, row upper) of the face."""
        return (
            np.where(self.at_full, self.sizes, 0.0),
            np.where(self.at_zero, 0.0, self.sizes),
            np.where(self.at_upper, self.upper, self.lower),
            np.where(self.at_lower, self.lower, self.upper),
        )

    def ratios(self, panel: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """For each bound and row: the largest theta keeping (u - theta C) / (rho - theta) on its side.
        Rows and bounds the face holds with equality are kept by any panel of the face."""
        rho, u, sizes = self.rho, self.u, self.sizes
        mu = self.matrix @ u
        mc = self.matrix @ panel
        free = ~(self.at_lower | self.at_upper) & (self.lower < self.upper)
        with np.errstate(divide="ignore", invalid="ignore"):
            pos = (panel > 0.5) & ~self.at_zero
            zero = np.where(pos, u / np.where(pos, panel, 1.0), np.inf)
            room = sizes - panel
            pos = (room > 0.5) & ~self.at_full
            full = np.where(pos, (rho * sizes - u) / np.where(pos, room, 1.0), np.inf)
            d = mc - self.lower
            pos = free & self.finite_lower & (d > 1e-9 * self.scale)
            low = np.where(pos, (mu - rho * self.lower) / np.where(pos, d, 1.0), np.inf)
            d = self.upper - mc
            pos = free & self.finite_upper & (d > 1e-9 * self.scale)
            high = np.where(pos, (rho * self.upper - mu) / np.where(pos, d, 1.0), np.inf)
        return zero, full, low, high

    def step(self, panel: FloatArray) -> float:
        """Subtract the largest multiple of ``panel`` allowed; returns it (0 if none: then the bounds that
        block are added to the face, the remainder already sitting on them)."""
        ratios = self.ratios(panel)
        theta = min(self.rho, *(float(r.min(initial=np.inf)) for r in ratios))
        if theta <= FACE_TOL * self.rho:
            limit = FACE_TOL * self.rho
            for flags, r in zip((self.at_zero, self.at_full, self.at_lower, self.at_upper), ratios, strict=True):
                flags |= r <= limit
            return 0.0
        self.u = np.clip(self.u - theta * panel, 0.0, None)
        self.rho -= theta
        return theta


@dataclass(frozen=True)
class Peeling:
    """``panels`` peeled off (distinct: each step leaves the face of the ones before) with their ``weights``;
    ``remainder`` of mass ``left`` (0 when complete)."""

    panels: ColumnPool
    weights: tuple[float, ...]
    remainder: FloatArray
    left: float
    mip_calls: int


def _heaviest(groups: IntArray, weight: FloatArray, count: int) -> IntArray:
    """The ``count`` of ``groups`` (ascending) with the largest weight, ties to the lower index: the first
    ``count`` of a stable sort by decreasing weight, found without sorting every open group."""
    if groups.size <= count:
        return groups
    values = weight[groups]
    cut = np.partition(values, values.size - count)[values.size - count]  # the count-th largest weight
    above = groups[values > cut]
    return np.concatenate([above, groups[values == cut][: count - above.size]])


def _panel_near(
    rest: _Remainder,
    bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    anchor: BoolArray,
    weight: FloatArray,
) -> FloatArray | None:
    """A valid panel of the face using only the ``anchor`` groups and the ``NEAR_GROUPS`` other groups of
    largest ``weight`` (every other group held at 0), maximising ``weight``; None if there is none."""
    col_lo, col_hi, row_lo, row_hi = bounds
    open_groups = np.flatnonzero(col_hi > 0)
    ranked = _heaviest(open_groups, weight, NEAR_GROUPS)
    chosen = np.union1d(np.union1d(np.flatnonzero(anchor), ranked), np.flatnonzero(col_lo > 0))
    chosen = chosen[col_hi[chosen] > 0]
    model = HighsModel(
        weight[chosen],
        col_lo[chosen],
        col_hi[chosen],
        rest.columns[:, chosen],
        row_lo,
        row_hi,
        integer=True,
        maximize=True,
    )
    model.set_option("mip_max_improving_sols", 1)  # any panel will do; the objective only steers it
    model.set_option("mip_pool_soft_limit", 1)  # measured: cut pools dominate these tiny programs' time
    model.set_option("mip_lp_age_limit", 1)
    model.set_option("presolve", "on")  # measured: many face columns are fixed; presolve removes them (-20%)
    solution = model.solve()
    if solution.values is None:
        return None
    point = np.zeros(rest.sizes.size)
    point[chosen] = np.round(solution.values)
    return point


class _FaceLP:
    """max ``weight @ x`` on the face, over a working set of groups: those priced in so far (reduced cost
    positive while left out). The LP over every group costs 40 ms a solve at 50,000 persons (9,000 groups);
    this one is warm-started and a few hundred columns wide. Pricing keeps adding groups, so past
    ``MAX_WORKING_GROUPS`` it starts again from the last vertex's groups (sifting: 221 s of LEXIMIN CPU at
    50,000 persons never restarting, 114 s past 2,000 groups; see docs/benchmarks.md)."""

    def __init__(self, matrix: sp.csr_matrix, lower: FloatArray, upper: FloatArray) -> None:
        self.columns = sp.csc_matrix(matrix)
        self.transposed = sp.csr_matrix(matrix.T)
        self.row_lower, self.row_upper = lower, upper
        self.last: FloatArray | None = None  # the previous vertex: its groups seed a rebuilt working set
        self._reset()

    def _reset(self) -> None:
        self.working = np.zeros(0, dtype=np.int64)
        self.in_working = np.zeros(self.columns.shape[1], dtype=bool)
        self.model: HighsModel | None = None

    def _enter(self, groups: npt.NDArray[np.int64], bounds: tuple[FloatArray, ...], weight: FloatArray) -> None:
        groups = groups[~self.in_working[groups]]
        if groups.size == 0:
            return
        col_lo, col_hi = bounds[0], bounds[1]
        if self.model is None:
            self.model = HighsModel(
                weight[groups],
                col_lo[groups],
                col_hi[groups],
                self.columns[:, groups],
                self.row_lower,
                self.row_upper,
                maximize=True,
            )
        else:
            self.model.add_cols(weight[groups], col_lo[groups], col_hi[groups], self.columns[:, groups])
        self.working = np.concatenate([self.working, groups])
        self.in_working[groups] = True

    def vertex(
        self, bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray], weight: FloatArray
    ) -> FloatArray | None:
        col_lo, col_hi, row_lo, row_hi = bounds
        is_open = col_hi > 0
        if self.working.size > MAX_WORKING_GROUPS:
            self._reset()  # pricing keeps adding columns; past this size every solve pays for them
        if self.model is None:
            open_groups = np.flatnonzero(is_open)
            ranked = _heaviest(open_groups, weight, WORKING_GROUPS)
            seeds = np.union1d(ranked, np.flatnonzero(col_lo > 0))
            if self.last is not None:
                seeds = np.union1d(seeds, np.flatnonzero((self.last > INTEGRAL_TOL) & is_open))
            self._enter(seeds, bounds, weight)
        assert self.model is not None
        self._enter(np.flatnonzero(col_lo > 0), bounds, weight)
        model, working = self.model, self.working
        model.set_col_bounds(range(working.size), col_lo[working], col_hi[working])
        model.set_row_bounds(range(row_lo.size), row_lo, row_hi)
        model.set_cost(weight[working])
        for _ in range(PRICING_ROUNDS):
            solution = model.solve()
            if solution.status is not Status.OPTIMAL or solution.values is None or solution.row_duals is None:
                return None
            reduced = weight - self.transposed @ solution.row_duals
            entering = np.flatnonzero(is_open & ~self.in_working & (reduced > REDUCED_COST_TOL))
            if entering.size == 0:
                vertex = np.zeros(weight.size)
                vertex[working] = solution.values
                self.last = vertex
                return vertex
            self._enter(entering, bounds, weight)
            working = self.working
        return None

    def include(self, groups: npt.NDArray[np.int64], bounds: tuple[FloatArray, ...], weight: FloatArray) -> None:
        """Groups of a vertex found without the working set (the next faces will likely need them)."""
        if self.model is not None:
            self._enter(groups, bounds, weight)


def integer_caratheodory(
    constraints: PanelConstraints,
    target: FloatArray,
    deadline: Deadline | None = None,
    seed: int = 0,
) -> Peeling:
    """Peel valid panels off ``target`` (see the module docstring) until the mass is used up or a face
    holds no valid panel."""
    G = constraints.n_groups
    rest = _Remainder(constraints, target)
    zeros = np.zeros(G)
    lp = HighsModel(zeros, zeros, rest.sizes, rest.matrix, rest.lower, rest.upper, maximize=True)
    mip = HighsModel(zeros, zeros, rest.sizes, rest.matrix, rest.lower, rest.upper, maximize=True, integer=True)
    mip.set_option("mip_max_improving_sols", 1)
    rng = np.random.default_rng(seed)
    panels = ColumnPool(G)
    weights: list[float] = []
    face = _FaceLP(rest.matrix, rest.lower, rest.upper)
    mip_calls = 0
    rows = range(rest.matrix.shape[0])
    for _ in range(4 * (G + rest.matrix.shape[0]) + 10):
        if rest.rho <= MASS_LEFT_TOL:
            break
        if deadline is not None and deadline.expired():
            raise OutOfTime()
        rest.tighten()
        bounds = rest.face_bounds()
        # mass left per person, lightly perturbed so that ties do not always break the same way
        weight = rest.u / (rest.rho * rest.sizes) + 1e-3 * rng.random(G)
        point = face.vertex(bounds, weight)
        if point is None:  # the working set could not even meet the face's rows: the LP over every group
            lp.set_col_bounds(range(G), bounds[0], bounds[1])
            lp.set_row_bounds(rows, bounds[2], bounds[3])
            lp.set_cost(weight)
            solution = lp.solve(deadline.remaining() if deadline is not None else None)
            if solution.values is None or solution.status is not Status.OPTIMAL:
                break
            point = solution.values
            face.include(np.flatnonzero(point > INTEGRAL_TOL), bounds, weight)
        vertex = np.clip(point, 0.0, rest.sizes)
        panel: FloatArray | None = None
        if np.all(np.abs(vertex - np.round(vertex)) <= INTEGRAL_TOL):
            panel = np.round(vertex)
        else:
            panel = _panel_near(rest, bounds, vertex > INTEGRAL_TOL, weight)
        if panel is None:
            mip.set_col_bounds(range(G), bounds[0], bounds[1])
            mip.set_row_bounds(rows, bounds[2], bounds[3])
            mip.set_cost(weight)
            mip_calls += 1
            found = mip.solve(deadline.remaining() if deadline is not None else None)
            if found.values is None:
                break  # no valid panel on this face: the rest goes to column generation
            panel = np.round(found.values)
        if constraints.violations(panel.astype(np.int64)):
            raise SolverError("peeling produced an invalid panel")
        theta = rest.step(panel)
        if theta > 0:
            found_panel = panel.astype(np.int64)
            if panels.add(found_panel):
                weights.append(theta)
            else:  # each step leaves the panel's face, so only float noise could bring it back: merge
                weights[panels.position(found_panel)] += theta
    left = max(rest.rho, 0.0) if rest.rho > MASS_LEFT_TOL else 0.0
    return Peeling(panels, tuple(weights), rest.u, left, mip_calls)


# --- the shortfall column generation -------------------------------------------------------------------


def shortfall_decomposition(
    constraints: PanelConstraints,
    target: FloatArray,
    oracle: PanelOracle,
    initial: IntArray | None,
    deadline: Deadline | None = None,
    progress: Progress = NO_PROGRESS,
    max_iterations: int = 1_000_000,
) -> Decomposition:
    """Shortfall column generation (module docstring) from the ``initial`` panels."""
    G = constraints.n_groups
    sizes = constraints.sizes.astype(np.float64)
    t = np.asarray(target, dtype=np.float64)
    calls_before = oracle.calls
    pool = ColumnPool(G)
    if initial is not None:
        for row in np.atleast_2d(initial):
            pool.add(row)
    if len(pool) == 0:
        pool.add(oracle.best(t / sizes, deadline).composition)
    first = pool.matrix()
    # columns: d_0..d_{G-1} (shortfall), then lambda_j ; rows: convexity, then one coverage row per group
    shortfall_block = sp.vstack([sp.csr_matrix((1, G)), sp.identity(G, format="csr")], format="csc")
    lambda_block = sp.vstack([sp.csr_matrix(np.ones((1, first.shape[0]))), sp.csr_matrix(first.T)], format="csc")
    model = HighsModel(
        np.concatenate([1.0 / sizes, np.zeros(first.shape[0])]),
        np.zeros(G + first.shape[0]),
        np.full(G + first.shape[0], np.inf),
        sp.hstack([shortfall_block, lambda_block], format="csc"),
        np.concatenate([[1.0], t]),
        np.concatenate([[1.0], np.full(G, np.inf)]),
    )
    lower_bound = 0.0
    timed_out = False
    values: FloatArray | None = None
    objective = np.inf
    for iteration in range(max_iterations):
        solution = model.solve(deadline.remaining() if deadline is not None else None)
        if solution.status is Status.TIME_LIMIT:
            timed_out = True
            break
        if solution.status is not Status.OPTIMAL or solution.values is None or solution.row_duals is None:
            raise SolverError(f"decomposition master ended with status {solution.status.value}")
        values = solution.values
        objective = float(solution.objective)
        if objective <= SHORTFALL_TOL:
            break
        mu = float(solution.row_duals[0])
        y = np.clip(solution.row_duals[1:], 0.0, None)
        if deadline is not None and deadline.expired():
            timed_out = True
            break
        try:
            best = oracle.best(y, deadline)
        except OutOfTime:
            timed_out = True
            break
        lower_bound = max(lower_bound, float(t @ y - best.bound))
        progress.update(iteration + 1, f"shortfall {objective:.2e}, {len(pool)} panels")
        if lower_bound > GAP_TOL:
            break
        if best.value + mu <= REDUCED_COST_TOL or not pool.add(best.composition):
            # no improving panel: the master's optimum is the true optimum (up to tolerance)
            lower_bound = max(lower_bound, objective)
            break
        column = np.concatenate([[1.0], best.composition.astype(np.float64)]).reshape(-1, 1)
        model.add_cols([0.0], [0.0], [np.inf], sp.csc_matrix(column))
    columns = pool.matrix()
    if values is None:
        raise OutOfTime()
    lam = np.clip(values[G:], 0.0, None)  # the last optimal master may predate the newest column
    keep = lam > 1e-12
    return Decomposition(
        columns[: lam.size][keep],
        lam[keep] / lam[keep].sum(),
        objective,
        lower_bound,
        objective <= SHORTFALL_TOL,
        columns,
        timed_out,
        mip_calls=oracle.calls - calls_before,
    )


def decompose(
    constraints: PanelConstraints,
    target: FloatArray,
    oracle: PanelOracle,
    deadline: Deadline | None = None,
    progress: Progress = NO_PROGRESS,
) -> Decomposition:
    """The target as a lottery of valid panels: peeling first; the mass it could not place goes to
    shortfall column generation; if even that fails, column generation on the whole target, from every
    panel found, succeeds or certifies the integrality gap."""
    t = np.asarray(target, dtype=np.float64)
    sizes = constraints.sizes.astype(np.float64)
    progress.phase("decomposition")
    peeled = integer_caratheodory(constraints, t, deadline)
    pool = peeled.panels
    progress.update(len(pool), f"{len(pool)} panels, {peeled.left:.2e} of the mass left")
    totals = list(peeled.weights)

    def add(panel: IntArray, weight: float) -> None:
        if pool.add(panel):
            totals.append(weight)
        else:
            totals[pool.position(panel)] += weight

    mip_calls = peeled.mip_calls
    if 0 < peeled.left <= ABSORB_TOL:
        peeled_mass = sum(totals)
        totals = [w / peeled_mass for w in totals]  # the crumb left spreads over the panels: error <= left
    elif peeled.left > 0:
        rest = shortfall_decomposition(constraints, peeled.remainder / peeled.left, oracle, None, deadline, progress)
        mip_calls += rest.mip_calls
        # what matters is the shortfall in absolute terms: the remainder carries only ``left`` of the mass
        if rest.shortfall * peeled.left > SHORTFALL_TOL:
            seeds = np.vstack([pool.matrix(), rest.columns]) if len(pool) else rest.columns
            whole = shortfall_decomposition(constraints, t, oracle, seeds, deadline, progress)
            return Decomposition(
                whole.compositions,
                whole.weights,
                whole.shortfall,
                whole.lower_bound,
                whole.exact,
                whole.columns,
                whole.timed_out or rest.timed_out,
                mip_calls + whole.mip_calls,
            )
        for panel, weight in zip(rest.compositions, rest.weights, strict=True):
            add(panel, peeled.left * float(weight))
    compositions = pool.matrix()
    w = np.array(totals) / np.sum(totals)
    expected = sp.csr_matrix(compositions).T @ w  # sparse: no dense float copy of the compositions
    shortfall = float(np.max(np.clip(t - expected, 0.0, None) / sizes))  # worst group, probability
    return Decomposition(compositions, w, shortfall, 0.0, shortfall <= SHORTFALL_TOL, compositions, False, mip_calls)
