"""Column generation over lotteries of valid panels, level by level (maximin, and LEXIMIN's fallback).

The master LP, over the panels found so far (columns ``lambda_j``), maximises the minimum probability z of
the groups not yet fixed, holding fixed groups at their levels:

    max z   s.t.  sum_j lambda_j = 1,
                  sum_j lambda_j * C_jg / size_g - z >= 0     (g not fixed)
                  sum_j lambda_j * C_jg / size_g     >= v_g   (g fixed at level v_g)

With r_g = -(row dual) >= 0, any panel C gives the dual bound ``max_C sum_g r_g C_g / size_g -
sum_fixed r_g v_g`` on z over *all* lotteries (Flanigan et al., Nature 2021, Methods). The oracle's best
panel for weights r_g / size_g either improves the master or proves the level optimal; groups with a
positive dual cannot rise above the level in any optimum and are fixed (Flanigan et al.'s rule).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import SolverError
from sortition.model.constraints import PanelConstraints
from sortition.model.lottery import Level
from sortition.progress import NO_PROGRESS, Deadline, Progress
from sortition.solve.backends import HighsModel, Status
from sortition.solve.columns import ColumnPool
from sortition.solve.oracle import OutOfTime, PanelOracle
from sortition.solve.relaxation import DUAL_TOL, LEVEL_SLACK

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

LEVEL_TOL = 1e-8  # a level is optimal when its dual bound is within this of the master's value


def coverage_columns(oracle: PanelOracle, pool: ColumnPool, deadline: Deadline | None = None) -> npt.NDArray[np.bool_]:
    """Add panels until every group that can sit on some panel sits on one; returns which groups can.

    Each round asks for the panel covering the most groups not yet covered. A group still uncovered when
    the best panel covers none of them has probability 0 in every lottery.
    """
    covered = pool.covered()
    while not covered.all():
        weights = np.where(covered, 0.0, 1.0)
        best = oracle.best(weights, deadline)
        if best.value < 0.5:
            break
        pool.add(best.composition)
        covered |= best.composition > 0
    return covered


class LevelMaster:
    """The master LP above, kept in one HiGHS model and modified in place."""

    def __init__(self, constraints: PanelConstraints, columns: IntArray) -> None:
        self.G = constraints.n_groups
        self.sizes = constraints.sizes.astype(np.float64)
        cols = np.atleast_2d(columns)
        # columns: z, then lambda_j ; rows: convexity, then one row per group
        z_block = sp.csc_matrix(np.concatenate([[0.0], -np.ones(self.G)]).reshape(-1, 1))
        lam_block = sp.vstack(
            [sp.csr_matrix(np.ones((1, cols.shape[0]))), sp.csr_matrix(cols.T / self.sizes[:, None])], format="csc"
        )
        matrix = sp.hstack([z_block, lam_block], format="csc")
        n_cols = 1 + cols.shape[0]
        cost = np.zeros(n_cols)
        cost[0] = 1.0
        upper = np.full(n_cols, np.inf)
        upper[0] = 1.0
        self.model = HighsModel(
            cost,
            np.zeros(n_cols),
            upper,
            matrix,
            np.concatenate([[1.0], np.zeros(self.G)]),
            np.concatenate([[1.0], np.full(self.G, np.inf)]),
            maximize=True,
        )
        self.fixed = np.zeros(self.G, dtype=bool)
        self.fixed_value = np.zeros(self.G)

    def add_column(self, composition: IntArray) -> None:
        column = np.concatenate([[1.0], composition / self.sizes])
        self.model.add_cols([0.0], [0.0], [np.inf], sp.csc_matrix(column.reshape(-1, 1)))

    def fix(self, groups: npt.NDArray[np.int64], value: float) -> None:
        rows = [1 + int(g) for g in groups]
        floor = value - LEVEL_SLACK
        self.model.set_coefficients(rows, 0, 0.0)
        self.model.set_row_bounds(rows, floor, np.inf)
        self.fixed[groups] = True
        self.fixed_value[groups] = floor

    def solve(self, deadline: Deadline | None) -> tuple[float, FloatArray, FloatArray] | None:
        """(z, lambda, r) with r_g = -(dual of group row g) >= 0; None when out of time."""
        solution = self.model.solve(deadline.remaining() if deadline is not None else None)
        if solution.status is Status.TIME_LIMIT:
            return None
        if solution.status is not Status.OPTIMAL or solution.values is None or solution.row_duals is None:
            raise SolverError(f"master LP ended with status {solution.status.value}")
        r = np.clip(-solution.row_duals[1:], 0.0, None)
        return float(solution.values[0]), np.clip(solution.values[1:], 0.0, None), r


@dataclass(frozen=True)
class LevelResult:
    compositions: IntArray
    weights: FloatArray
    levels: tuple[Level, ...]
    complete: bool  # every group fixed (LEXIMIN) or the level proven (maximin)
    open_gap: float  # bound - value of the level being worked on when time ran out (0 if complete)


def level_column_generation(
    constraints: PanelConstraints,
    oracle: PanelOracle,
    pool: ColumnPool,
    *,
    first_level_only: bool = False,
    first_level_bound: float | None = None,
    deadline: Deadline | None = None,
    progress: Progress = NO_PROGRESS,
) -> LevelResult:
    """LEXIMIN (or only its first level: maximin) by column generation from the panels in ``pool``.

    ``first_level_bound``, a proven upper bound on the minimum probability (the LP relaxation's), ends the
    first level as soon as the master reaches it.
    """
    master = LevelMaster(constraints, pool.matrix())
    n_columns = len(pool)
    levels: list[Level] = []
    sizes = constraints.sizes
    progress.phase("column generation", constraints.n_groups)
    last: tuple[float, FloatArray, FloatArray] | None = None
    open_gap = 0.0
    complete = True
    while not master.fixed.all():
        bound = np.inf
        while True:
            solved = master.solve(deadline)
            if solved is None:
                break
            last = solved
            z, _, r = solved
            if not levels and first_level_bound is not None and z >= first_level_bound - LEVEL_TOL:
                bound = first_level_bound
                break
            if deadline is not None and deadline.expired():
                break
            try:
                best = oracle.best(r / sizes, deadline)
            except OutOfTime:
                break
            offset = float(np.sum(r[master.fixed] * master.fixed_value[master.fixed]))
            bound = min(bound, best.bound - offset)
            progress.update(int(master.fixed.sum()), f"level {len(levels) + 1}: {z:.6f} (bound {bound:.6f})")
            if bound - z <= LEVEL_TOL:
                break
            if not pool.add(best.composition):
                break  # the best panel is already a column: the bound is as tight as numerics allow
            master.add_column(best.composition)
            n_columns += 1
        if last is None:
            raise OutOfTime()
        z, _, r = last
        if bound - z > LEVEL_TOL:
            complete = False
            open_gap = float(bound - z) if np.isfinite(bound) else np.inf
            levels.append(Level(z, float(bound), 0, 0))
            break
        binding = np.flatnonzero((~master.fixed) & (r > DUAL_TOL))
        if binding.size == 0:  # duals sum to 1 over unfixed groups, so only numerical noise gets here
            unfixed = np.flatnonzero(~master.fixed)
            binding = unfixed[[int(np.argmax(r[unfixed]))]]
        levels.append(Level(z, float(bound), int(binding.size), int(sizes[binding].sum())))
        if first_level_only:
            break
        master.fix(binding, z)
    if last is None:
        raise OutOfTime()
    _, lam, _ = last
    columns = pool.matrix()[: lam.shape[0]]
    keep = lam > 1e-12
    return LevelResult(columns[keep], lam[keep] / lam[keep].sum(), tuple(levels), complete, open_gap)
