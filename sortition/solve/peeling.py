"""Integer Carathéodory (peeling): write a target vector of expected group counts as valid panels.

The target t lies in the LP relaxation P (counts between 0 and the group sizes, size row, quota rows,
household rows). Keep a remainder u of mass rho, with u / rho in P. At each step take a valid panel C on the
smallest face of P holding u, and subtract the largest multiple theta of C that keeps
(u - theta C) / (rho - theta) in P; one more bound or row becomes tight, so the face shrinks and at most
dim(P) + 1 steps are needed. The panel comes from an LP vertex of the face, maximising the remainder's mass
per person (so the step is long):

1. the vertex itself, when it happens to be integral;
2. otherwise a rounding of it: its whole coordinates kept, an integer program over its few fractional groups
   and a few other open groups of largest mass (a few milliseconds; the wider programs of ``ROUNDINGS``
   only when the narrower ones have no solution);
3. otherwise the integer program over every group of the face.

When the face holds no valid panel at all (the remainder left the convex hull of valid panels, which P
over-approximates), peeling stops and hands what is left to :mod:`sortition.solve.decompose`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import SolverError
from sortition.model.constraints import PanelConstraints
from sortition.progress import Deadline
from sortition.solve.backends import HighsModel, Status
from sortition.solve.columns import ColumnPool
from sortition.solve.oracle import OutOfTime

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

REDUCED_COST_TOL = 1e-9
FACE_TOL = 1e-11  # relative tolerance deciding that a bound or row is tight
INTEGRAL_TOL = 1e-7  # a vertex coordinate this close to an integer is that integer
WORKING_GROUPS = 300  # open groups of largest remaining mass the face LP starts from (the rest priced in)
ENTERING_GROUPS = 50  # groups priced in per round at most, those of largest reduced cost (partial pricing)
MAX_WORKING_GROUPS = 1000  # past this, the face LP restarts from its last vertex's groups (sifting)
PRICING_ROUNDS = 50  # pricing rounds of the face LP before the LP over every group is used instead
# Roundings of a fractional vertex, tried in turn: (other open groups of largest mass freed beside its
# fractional ones, whether its whole support is freed too). Measured on national5000 / national50000: the
# last one alone (the only one before) took 19 / 13.4 ms a panel; the first rounds about 80% of the
# vertices in 3-6 ms, the second most of the rest; freeing 150 heavy groups instead of the support left
# 10 of 4,000 vertices to the whole face's integer program, 0.9 s each at 50,000 persons.
ROUNDINGS = ((30, False), (60, False), (20, True))
NOISE_TOL = 1e-13  # absolute float noise on u (entries up to a group's size), once rho itself is tiny
MASS_LEFT_TOL = 1e-10  # peeling is complete when less mass than this is left


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


def _rounded(
    rest: _Remainder,
    bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray],
    vertex: FloatArray,
    weight: FloatArray,
    free_count: int,
    free_support: bool,
) -> FloatArray | None:
    """A valid panel of the face that keeps the ``vertex``'s whole coordinates except on its fractional groups
    (its whole support if ``free_support``) and on the ``free_count`` other open groups of largest
    ``weight``: an integer program over those groups only, the rest fixed (a few dozen columns, solved in
    milliseconds), maximising ``weight``; None if there is none."""
    col_lo, col_hi, row_lo, row_hi = bounds
    panel = np.round(vertex)
    freed = np.abs(vertex - panel) > INTEGRAL_TOL  # the fractional groups
    if free_support:
        freed |= vertex > INTEGRAL_TOL
    others = np.flatnonzero((col_hi > 0) & ~freed)
    free = np.union1d(np.flatnonzero(freed), _heaviest(others, weight, free_count))
    panel[free] = 0.0
    used = rest.matrix @ panel
    model = HighsModel(
        weight[free],
        col_lo[free],
        col_hi[free],
        rest.columns[:, free],
        row_lo - used,
        row_hi - used,
        integer=True,
        maximize=True,
    )
    model.set_option("mip_max_improving_sols", 1)  # any panel will do; the objective only steers it
    model.set_option("mip_pool_soft_limit", 1)  # measured: cut pools dominate these tiny programs' time
    model.set_option("mip_lp_age_limit", 1)
    model.set_option("presolve", "on")  # measured: -20% on such programs (fixed columns removed)
    # measured: the root reduced-cost heuristic costs more than it finds here (-12% rounding time at 5,000
    # persons, -6% at 50,000); feasibility jump, RINS/RENS, symmetry and restart options gained nothing
    model.set_option("mip_heuristic_run_root_reduced_cost", False)
    try:
        solution = model.solve()
    except SolverError:  # a heuristic step: the next rounding, or the whole face's program, takes over
        return None
    if solution.values is None:
        return None
    panel[free] = np.round(solution.values)
    return panel


class _FaceLP:
    """max ``weight @ x`` on the face, over a working set of groups: those priced in so far (reduced cost
    positive while left out). The LP over every group costs 40 ms a solve at 50,000 persons (9,000 groups);
    this one is warm-started and a few hundred columns wide. Pricing keeps adding groups, at most
    ``ENTERING_GROUPS`` a round, so past ``MAX_WORKING_GROUPS`` it starts again from the last vertex's groups
    (sifting). Measured at 50,000 persons (peeling CPU): every group with a positive reduced cost entering
    and a restart past 2,000 groups, 72 s; at most 50 entering and past 1,000, 53-59 s (past 600: 79 s,
    restarting nearly every step); see docs/benchmarks.md."""

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
            entering = _heaviest(entering, reduced, ENTERING_GROUPS)
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
        # mass left per person, lightly perturbed so that ties do not always break the same way (measured:
        # 1e-3, comparable to the least probabilities of a national pool, made the face LPs and roundings
        # 12% slower at 50,000 persons than 1e-5 or none; same time at 5,000)
        weight = rest.u / (rest.rho * rest.sizes) + 1e-5 * rng.random(G)
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
            for free_count, free_support in ROUNDINGS:
                panel = _rounded(rest, bounds, vertex, weight, free_count, free_support)
                if panel is not None:
                    break
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
