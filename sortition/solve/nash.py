"""Nash welfare: maximise the product of the selection probabilities (the sum of their logarithms).

Fully corrective Frank-Wolfe over panels. The master maximises ``F(lambda) = sum_g size_g * log(pi_g)``,
``pi = sum_j lambda_j C_j / size``, over the panels found so far (a smooth concave problem on a simplex,
solved by Newton's method with a vanishing log barrier). Its gradient in the direction of a new panel C is
``sum_g C_g / pi_g - sum_g size_g``, so the oracle's best panel for weights ``1 / pi`` either improves the
master or certifies it: by concavity, the optimum exceeds F(lambda) by at most
``max_C sum_g C_g / pi_g - sum_g size_g`` (the Frank-Wolfe gap, reported in the certificate).

As for LEXIMIN, the same method is first run on the LP relaxation (columns: LP vertices, fast), and its
optimum decomposed into valid panels (:mod:`.decompose`); when that fails the method runs on panels.
Groups that no valid panel can include get probability 0 and are left out of the product.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Instance
from sortition.model.lottery import Certificate, Level, Lottery
from sortition.progress import NO_PROGRESS, Deadline, Progress
from sortition.solve.backends import HighsModel, Status
from sortition.solve.common import start, timed_out, with_certificate
from sortition.solve.decompose import decompose
from sortition.solve.levels import coverage_columns
from sortition.solve.oracle import OutOfTime, PanelOracle

FloatArray = npt.NDArray[np.float64]
GAP_TOL = 1e-10  # Frank-Wolfe gap (in the objective's units) at which the optimum is declared reached
Oracle = Callable[[FloatArray], tuple[FloatArray, float]]  # weights -> (best column, proven bound)


def solve_master(columns: FloatArray, sizes: FloatArray, start: FloatArray | None = None) -> FloatArray:
    """Weights on the simplex maximising sum_g size_g log(pi_g) for ``columns`` (J x G compositions over
    the groups that matter). Newton's method on the log-barrier problem, barrier driven to ~0."""
    J = columns.shape[0]
    A = (columns / sizes).T  # G x J: probability of each group under each column
    lam = np.full(J, 1.0 / J) if start is None else np.maximum(start, 1e-12)
    lam = lam / lam.sum()
    n = float(sizes.sum())
    tau = 1e-3 * n / J
    while True:
        for _ in range(60):
            pi = A @ lam
            grad = A.T @ (sizes / pi) + tau / lam
            hess = -(A.T * (sizes / pi**2)) @ A - np.diag(tau / lam**2)
            kkt = np.block([[hess, np.ones((J, 1))], [np.ones((1, J)), np.zeros((1, 1))]])
            rhs = np.concatenate([-grad, [0.0]])
            try:
                direction = np.linalg.solve(kkt, rhs)[:J]
            except np.linalg.LinAlgError:
                direction = np.linalg.lstsq(kkt, rhs, rcond=None)[0][:J]
            decrement = float(-direction @ (hess @ direction))
            if decrement < 1e-18:
                break
            step = 1.0
            neg = direction < 0
            if neg.any():
                step = min(1.0, 0.99 * float(np.min(-lam[neg] / direction[neg])))

            def value(x: FloatArray, tau: float = tau) -> float:
                return float(sizes @ np.log(A @ x) + tau * np.sum(np.log(x)))

            current = value(lam)
            while step > 1e-12:
                trial = lam + step * direction
                if (
                    np.all(trial > 0)
                    and np.all(A @ trial > 0)
                    and value(trial) >= current + 1e-4 * step * (grad @ direction)
                ):
                    break
                step *= 0.5
            lam = lam + step * direction
            lam = np.maximum(lam, 1e-300)
            lam /= lam.sum()
            if decrement < 1e-14:
                break
        if tau * J < 1e-13 * n:
            return np.asarray(lam, dtype=np.float64)
        tau *= 0.1


def frank_wolfe(
    columns: FloatArray,
    sizes: FloatArray,
    oracle: Oracle,
    deadline: Deadline | None,
    progress: Progress = NO_PROGRESS,
) -> tuple[FloatArray, FloatArray, float]:
    """(columns, weights, certified gap) of the Nash optimum over the convex hull the oracle explores."""
    n = float(sizes.sum())
    lam = solve_master(columns, sizes)
    gap = np.inf
    for iteration in range(100_000):
        pi = (lam @ columns) / sizes
        best, bound = oracle(1.0 / pi)
        gap = max(0.0, bound - n)
        progress.update(iteration + 1, f"Frank-Wolfe gap {gap:.2e}, {columns.shape[0]} panels")
        if gap <= GAP_TOL or (deadline is not None and deadline.expired()):
            break
        if np.any(np.all(np.isclose(columns, best), axis=1)):
            break  # the best column is already in: the master is optimal up to numerics
        columns = np.vstack([columns, best])
        start = np.concatenate([lam * (1 - 1e-3), [1e-3]])
        lam = solve_master(columns, sizes, start)
        keep = lam > 1e-13
        columns, lam = columns[keep], lam[keep] / lam[keep].sum()
    return columns, lam, gap


def nash(
    instance: Instance,
    *,
    merge: bool = True,
    time_limit: float | None = None,
    progress: Progress = NO_PROGRESS,
) -> Lottery:
    deadline, grouping, constraints, oracle, pool = start(instance, merge, time_limit)
    parameters = {"merge": merge, "time_limit": time_limit}
    try:
        coverable = coverage_columns(oracle, pool, deadline)
        sizes = constraints.sizes[coverable].astype(np.float64)
        progress.phase("relaxation")
        relaxed_columns, relaxed_lam, relaxed_gap = frank_wolfe(
            pool.matrix()[:, coverable].astype(np.float64),
            sizes,
            _lp_oracle(constraints, coverable),
            deadline,
            progress,
        )
        target = np.zeros(constraints.n_groups)
        target[coverable] = relaxed_lam @ relaxed_columns
        found = decompose(constraints, target, oracle, deadline, progress)
        if found.exact:
            lottery = Lottery(instance, grouping, found.compositions, found.weights, "nash", parameters=parameters)
            achieved = _objective(lottery, coverable)
            bound = _objective_of(target[coverable] / sizes, sizes) + relaxed_gap
            certificate = Certificate(
                "lp-relaxation+decomposition",
                (Level(achieved, bound, int(coverable.sum()), int(sizes.sum())),),
                max(0.0, bound - achieved),
                optimal=True,
            )
            return with_certificate(lottery, certificate, deadline)
        for row in found.columns:
            pool.add(row)
        progress.phase("Frank-Wolfe over panels")
        columns, lam, gap = frank_wolfe(
            pool.matrix()[:, coverable].astype(np.float64),
            sizes,
            _panel_oracle(oracle, coverable, deadline),
            deadline,
            progress,
        )
    except OutOfTime:
        return timed_out(instance, grouping, pool, None, deadline, "nash")
    full = np.zeros((columns.shape[0], constraints.n_groups), dtype=np.int64)
    full[:, coverable] = np.round(columns).astype(np.int64)
    # columns came from valid panels restricted to coverable groups; uncovered groups are always 0
    lottery = Lottery(instance, grouping, full, lam, "nash", parameters=parameters)
    achieved = _objective(lottery, coverable)
    optimal = gap <= GAP_TOL
    notes = () if optimal else ("time limit reached before the Frank-Wolfe gap closed",)
    certificate = Certificate(
        "frank-wolfe over panels",
        (Level(achieved, achieved + gap, int(coverable.sum()), int(sizes.sum())),),
        gap,
        optimal,
        notes,
    )
    return with_certificate(lottery, certificate, deadline)


def _objective_of(pi: FloatArray, sizes: FloatArray) -> float:
    return float(sizes @ np.log(pi))


def _objective(lottery: Lottery, coverable: npt.NDArray[np.bool_]) -> float:
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.float64)[coverable]
    return _objective_of(lottery.group_probabilities[coverable], sizes)


def _panel_oracle(oracle: PanelOracle, coverable: npt.NDArray[np.bool_], deadline: Deadline) -> Oracle:
    def best(weights: FloatArray) -> tuple[FloatArray, float]:
        full = np.zeros(coverable.size)
        full[coverable] = weights
        found = oracle.best(full, deadline)
        return found.composition[coverable].astype(np.float64), found.bound

    return best


def _lp_oracle(constraints: PanelConstraints, coverable: npt.NDArray[np.bool_]) -> Oracle:
    matrix, lower, upper = constraints.linear_rows()
    G = constraints.n_groups
    upper_cols = np.where(coverable, constraints.sizes, 0).astype(np.float64)
    model = HighsModel(np.zeros(G), np.zeros(G), upper_cols, matrix, lower, upper, maximize=True)

    def best(weights: FloatArray) -> tuple[FloatArray, float]:
        full = np.zeros(G)
        full[coverable] = weights
        model.set_cost(full)
        solution = model.solve()
        if solution.status is not Status.OPTIMAL or solution.values is None:
            raise OutOfTime()
        return np.clip(solution.values[coverable], 0.0, None), float(solution.objective)

    return best
