"""LEXIMIN of the LP relaxation over group counts: a short sequence of small explicit LPs.

The relaxation lets each group's count be fractional, between 0 and its size, under the same size, quota
and household rows. Its leximin vector is an upper bound, in the leximin order, on what any lottery of
valid panels can achieve (a lottery's expected composition lies in the relaxation). When the
decomposition step then writes it as a lottery of valid panels, it *is* the LEXIMIN, certified.

Each level maximises the minimum probability z of the groups not yet fixed. The simplex duals of the rows
``c_g >= size_g * z`` tell which groups cannot rise above z in any optimum (complementary slackness);
they are fixed at z (a hair below, ``LEVEL_SLACK``, so that later levels stay numerically feasible).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import InfeasibleError, SolverError
from sortition.model.constraints import PanelConstraints
from sortition.progress import NO_PROGRESS, Deadline, Progress
from sortition.solve.backends import HighsModel, Solution, Status
from sortition.solve.oracle import OutOfTime

FloatArray = npt.NDArray[np.float64]

LEVEL_SLACK = 2e-10  # a fixed group must keep at least (level - LEVEL_SLACK)
MAX_SLACK = 2e-7  # ... or, when the LP solver's numerics need it, up to this much less
DUAL_TOL = 1e-9  # a dual above this marks a binding group


@dataclass(frozen=True)
class RelaxedLevel:
    value: float
    groups: tuple[int, ...]


@dataclass(frozen=True)
class RelaxedLeximin:
    """``target``: expected counts per group achieving the relaxation's leximin vector;
    ``levels``: the successive minimum probabilities and the groups fixed at each."""

    target: FloatArray
    levels: tuple[RelaxedLevel, ...]
    level_of: npt.NDArray[np.int64]  # level index of each group

    def bound_of_group(self, g: int) -> float:
        return self.levels[int(self.level_of[g])].value


def leximin_relaxation(
    constraints: PanelConstraints,
    deadline: Deadline | None = None,
    progress: Progress = NO_PROGRESS,
    levels: int | None = None,
) -> RelaxedLeximin:
    """The relaxation's leximin (all levels, or only the first ``levels``; then ``target`` is a point
    meeting those levels only)."""
    G = constraints.n_groups
    sizes = constraints.sizes.astype(np.float64)
    panel_rows, lower, upper = constraints.linear_rows()
    n_panel_rows = panel_rows.shape[0]
    # columns: c_0..c_{G-1}, z ; rows: panel rows, then one level row per group: c_g - s_g z >= 0
    level_rows = sp.hstack([sp.identity(G, format="csr"), sp.csr_matrix(-sizes.reshape(-1, 1))], format="csr")
    matrix = sp.vstack([sp.hstack([panel_rows, sp.csr_matrix((n_panel_rows, 1))]), level_rows], format="csr")
    cost = np.zeros(G + 1)
    cost[G] = 1.0
    model = HighsModel(
        cost,
        np.zeros(G + 1),
        np.concatenate([sizes, [1.0]]),
        matrix,
        np.concatenate([lower, np.zeros(G)]),
        np.concatenate([upper, np.full(G, np.inf)]),
        maximize=True,
    )
    # tight tolerances: the levels are reported to 1e-9, and fixed groups keep them to LEVEL_SLACK
    model.set_option("primal_feasibility_tolerance", 1e-10)
    model.set_option("dual_feasibility_tolerance", 1e-10)
    z_col = G
    fixed = np.zeros(G, dtype=bool)
    level_of = np.full(G, -1, dtype=np.int64)
    found: list[RelaxedLevel] = []
    progress.phase("relaxation", G)
    values: FloatArray | None = None
    level_value = np.zeros(G)
    slack = LEVEL_SLACK

    def solve_level() -> Solution:
        """Solve; if numerical trouble makes the fixed levels look infeasible, give every fixed group a
        little more slack (up to MAX_SLACK) and try again."""
        nonlocal slack
        while True:
            solution = model.solve(deadline.remaining() if deadline is not None else None)
            if solution.status is Status.OPTIMAL and solution.values is not None:
                return solution
            if solution.status is Status.INFEASIBLE and not fixed.any():
                raise InfeasibleError("the quotas admit no panel, not even a fractional one (see sortition.check)")
            if solution.status is not Status.INFEASIBLE or slack >= MAX_SLACK or not fixed.any():
                raise SolverError(f"LP relaxation ended with status {solution.status.value}")
            slack *= 10
            held = np.flatnonzero(fixed)
            model.set_row_bounds(
                [n_panel_rows + int(g) for g in held], sizes[held] * (level_value[held] - slack), np.inf
            )

    while not fixed.all() and (levels is None or len(found) < levels):
        if deadline is not None and deadline.expired():
            raise OutOfTime()
        solution = solve_level()
        if solution.row_duals is None or solution.values is None:
            raise SolverError("LP relaxation: no duals")
        values = solution.values
        z = float(values[z_col])
        duals = -solution.row_duals[n_panel_rows:]
        binding = np.flatnonzero((~fixed) & (duals > DUAL_TOL))
        if binding.size == 0:
            binding = _binding_by_probing(model, values, fixed, sizes, z, n_panel_rows, z_col)
        rows = [n_panel_rows + int(g) for g in binding]
        model.set_coefficients(rows, z_col, 0.0)
        model.set_row_bounds(rows, sizes[binding] * (z - slack), np.inf)
        level_value[binding] = z
        fixed[binding] = True
        level_of[binding] = len(found)
        found.append(RelaxedLevel(z, tuple(int(g) for g in binding)))
        progress.update(int(fixed.sum()), f"level {len(found)}: {z:.6f}")
    # final point: re-solve for a point meeting all fixed rows; groups left unfixed (``levels`` reached)
    # keep at least the last level, so the point still holds the proven minimum for everyone
    if not fixed.all() and found:
        model.set_col_bounds([z_col], found[-1].value - slack, found[-1].value)
    model.set_cost(np.zeros(G + 1))
    solution = solve_level()
    assert solution.values is not None
    target = np.clip(solution.values[:G], 0.0, sizes)
    return RelaxedLeximin(target, tuple(found), level_of)


def _binding_by_probing(
    model: HighsModel,
    values: FloatArray,
    fixed: npt.NDArray[np.bool_],
    sizes: FloatArray,
    z: float,
    n_panel_rows: int,
    z_col: int,
) -> npt.NDArray[np.int64]:
    """When no dual is clearly positive (numerical degeneracy): test each group at the minimum directly,
    by maximising its probability with everyone else kept at the level."""
    G = sizes.shape[0]
    candidates = np.flatnonzero((~fixed) & (values[:G] / sizes <= z + 1e-7))
    model.set_col_bounds([z_col], z - LEVEL_SLACK, z)
    binding = []
    for g in candidates:
        cost = np.zeros(G + 1)
        cost[g] = 1.0 / sizes[g]
        model.set_cost(cost)
        solution = model.solve()
        if solution.values is None or solution.values[g] / sizes[g] <= z + 1e-7:
            binding.append(int(g))
    cost = np.zeros(G + 1)
    cost[z_col] = 1.0
    model.set_cost(cost)
    model.set_col_bounds([z_col], 0.0, 1.0)
    if not binding:
        binding = [int(candidates[0])] if candidates.size else [int(np.flatnonzero(~fixed)[0])]
    return np.array(binding, dtype=np.int64)
