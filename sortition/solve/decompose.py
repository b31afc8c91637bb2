"""Write a target vector of expected group counts as a lottery of valid panels, or prove it impossible.

Peeling (:mod:`sortition.solve.peeling`) places almost always the whole target. Only when a face of the
relaxation holds no valid panel at all (the remainder left the convex hull of valid panels, which the
relaxation over-approximates) does the rest go to:

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
from sortition.solve.peeling import REDUCED_COST_TOL, integer_caratheodory

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SHORTFALL_TOL = 1e-7  # success when the total shortfall, in probability units, is below this
GAP_TOL = 1e-7  # a certified lower bound above this proves the target is out of reach
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
