"""Thin, typed access to the open-source LP/MIP engines.

Hot loops (pricing, master LPs, feasibility tests) talk to HiGHS through ``highspy`` directly: the model
is passed as sparse arrays once and then modified in place (costs, bounds, new rows or columns), which is
what makes column generation fast. The same models can be solved through PuLP with CBC or HiGHS
(:func:`solve_with_pulp`), the modelling layer organisers know; tests cross-check the two paths, and
``benchmarks/`` measures them.
"""

from __future__ import annotations

import enum
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import SolverError

FloatArray = npt.NDArray[np.float64]
INF = math.inf


class Status(enum.Enum):
    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"
    TIME_LIMIT = "time_limit"
    UNBOUNDED = "unbounded"


@dataclass(frozen=True)
class Solution:
    """``values`` is None when no feasible point is known. ``bound`` is the proven bound on the optimum
    (for a MIP, HiGHS's dual bound; for an LP at optimality, the objective itself)."""

    status: Status
    values: FloatArray | None
    objective: float
    bound: float
    row_duals: FloatArray | None = None


def _finite(array: npt.ArrayLike) -> FloatArray:
    """Float64 copy; infinities stay infinite (HiGHS reads any |value| >= 1e20 as infinite)."""
    return np.array(array, dtype=np.float64)


def _new_highs() -> Any:
    """A silent HiGHS instance.

    From highspy 1.16 the Python wrapper's constructor installs its callbacks, which logs the HiGHS banner to
    stdout before any option can be set; the library must never print, and we use no callbacks, so we build
    the bare compiled object (same methods: passModel, run, getSolution...) whenever the wrapper exposes it.
    One thread: a lottery must not depend on how many cores the auditor's machine has (measured: with
    highspy 1.16's default the panel set changed with the thread count; one thread costs 3-10% of wall time
    on 2 cores).
    """
    cls = getattr(highspy, "_Highs", None) or highspy.Highs
    h = cls()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


class HighsModel:
    """A HiGHS model built from arrays: min or max ``cost @ x`` s.t. ``row_lower <= A x <= row_upper``,
    ``col_lower <= x <= col_upper``, with ``integer`` columns (a bool mask, or True for all)."""

    def __init__(
        self,
        cost: npt.ArrayLike,
        col_lower: npt.ArrayLike,
        col_upper: npt.ArrayLike,
        matrix: sp.spmatrix | sp.sparray,
        row_lower: npt.ArrayLike,
        row_upper: npt.ArrayLike,
        *,
        integer: bool | npt.ArrayLike = False,
        maximize: bool = False,
        mip_rel_gap: float = 1e-9,
        mip_abs_gap: float = 1e-9,
    ) -> None:
        self._h = _new_highs()
        h = self._h
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", mip_rel_gap)
        h.setOptionValue("mip_abs_gap", mip_abs_gap)
        csc = sp.csc_matrix(matrix, dtype=np.float64)
        n_rows, n_cols = csc.shape
        lp = highspy.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = n_rows
        lp.col_cost_ = _finite(cost)
        lp.col_lower_ = _finite(col_lower)
        lp.col_upper_ = _finite(col_upper)
        lp.row_lower_ = _finite(row_lower)
        lp.row_upper_ = _finite(row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
        lp.a_matrix_.index_ = csc.indices.astype(np.int32)
        lp.a_matrix_.value_ = csc.data
        lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        mask = np.broadcast_to(np.asarray(integer, dtype=bool), (n_cols,))
        self.is_mip = bool(mask.any())
        if self.is_mip:
            # Measured on our panel programs: HiGHS's feasibility-jump heuristic and presolve cost more
            # than they save on these small, often re-solved models (3-4x slower with them on).
            h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
            h.setOptionValue("presolve", "off")
            lp.integrality_ = [highspy.HighsVarType.kInteger if m else highspy.HighsVarType.kContinuous for m in mask]
        self.maximize = maximize
        self._presolve: bool | int | float | str = "off" if self.is_mip else "choose"
        self._check(h.passModel(lp), "passModel")

    @staticmethod
    def _check(status: object, what: str) -> None:
        if status == highspy.HighsStatus.kError:
            raise SolverError(f"HiGHS {what} failed")

    @property
    def n_cols(self) -> int:
        return int(self._h.getNumCol())

    @property
    def n_rows(self) -> int:
        return int(self._h.getNumRow())

    def set_option(self, name: str, value: bool | int | float | str) -> None:
        self._h.setOptionValue(name, value)
        if name == "presolve":
            self._presolve = value

    def set_cost(self, cost: npt.ArrayLike, indices: Sequence[int] | None = None) -> None:
        c = _finite(cost)
        idx = np.arange(self.n_cols, dtype=np.int32) if indices is None else np.asarray(indices, np.int32)
        self._check(self._h.changeColsCost(len(idx), idx, c), "changeColsCost")

    def set_col_bounds(self, indices: Sequence[int], lower: npt.ArrayLike, upper: npt.ArrayLike) -> None:
        idx = np.asarray(indices, dtype=np.int32)
        lo = np.broadcast_to(_finite(lower), idx.shape).copy()
        hi = np.broadcast_to(_finite(upper), idx.shape).copy()
        self._check(self._h.changeColsBounds(len(idx), idx, lo, hi), "changeColsBounds")

    def set_row_bounds(self, indices: Sequence[int], lower: npt.ArrayLike, upper: npt.ArrayLike) -> None:
        idx = np.asarray(indices, dtype=np.int32)
        lo = np.broadcast_to(_finite(lower), idx.shape).copy()
        hi = np.broadcast_to(_finite(upper), idx.shape).copy()
        self._check(self._h.changeRowsBounds(len(idx), idx, lo, hi), "changeRowsBounds")

    def set_coefficients(self, rows: Sequence[int], col: int, value: float) -> None:
        """Set ``A[r, col] = value`` for each row r (used to detach a fixed group from a level variable)."""
        for r in rows:
            self._check(self._h.changeCoeff(int(r), int(col), float(value)), "changeCoeff")

    def add_rows(self, matrix: sp.spmatrix | sp.sparray, lower: npt.ArrayLike, upper: npt.ArrayLike) -> range:
        csr = sp.csr_matrix(matrix, dtype=np.float64)
        first = self.n_rows
        self._check(
            self._h.addRows(
                csr.shape[0],
                _finite(lower),
                _finite(upper),
                csr.nnz,
                csr.indptr[:-1].astype(np.int32),
                csr.indices.astype(np.int32),
                csr.data,
            ),
            "addRows",
        )
        return range(first, self.n_rows)

    def add_cols(
        self,
        cost: npt.ArrayLike,
        lower: npt.ArrayLike,
        upper: npt.ArrayLike,
        matrix: sp.spmatrix | sp.sparray,
    ) -> range:
        """Add columns; ``matrix`` has one column per new variable and ``n_rows`` rows."""
        csc = sp.csc_matrix(matrix, dtype=np.float64)
        first = self.n_cols
        self._check(
            self._h.addCols(
                csc.shape[1],
                _finite(cost),
                _finite(lower),
                _finite(upper),
                csc.nnz,
                csc.indptr[:-1].astype(np.int32),
                csc.indices.astype(np.int32),
                csc.data,
            ),
            "addCols",
        )
        return range(first, self.n_cols)

    def delete_rows(self, indices: Sequence[int]) -> None:
        idx = np.asarray(indices, dtype=np.int32)
        self._check(self._h.deleteRows(len(idx), idx), "deleteRows")

    def solve(self, time_limit: float | None = None) -> Solution:
        h = self._h
        h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else highspy.kHighsInf)
        ran = h.run()
        if ran == highspy.HighsStatus.kError and self.is_mip and self._presolve == "on":
            # seen with HiGHS 1.16 on a small rounding program of the peeling: presolve reduces it to empty,
            # postsolve's point violates a row, and the run ends in "Solve error"; without presolve it solves
            h.setOptionValue("presolve", "off")
            ran = h.run()
            h.setOptionValue("presolve", "on")
        self._check(ran, "run")
        status = h.getModelStatus()
        ms = highspy.HighsModelStatus
        if status == ms.kUnknown and not self.is_mip:
            # seen on a warm-started LP (Hypothesis found it): simplex stops with a 1e-4 dual infeasibility it
            # cannot remove from the inherited basis; the same LP solved cold is fine
            self._check(h.clearSolver(), "clearSolver")
            self._check(h.run(), "run")
            status = h.getModelStatus()
        info = h.getInfo()
        if status == ms.kOptimal:
            result = Status.OPTIMAL
        elif status == ms.kInfeasible:
            result = Status.INFEASIBLE
        elif status in (ms.kUnbounded, ms.kUnboundedOrInfeasible):
            # HiGHS reports kUnboundedOrInfeasible for infeasible models it did not fully classify; our
            # models are all bounded (every column has finite bounds), so this means infeasible.
            result = Status.INFEASIBLE if self._bounded() else Status.UNBOUNDED
        elif status in (ms.kTimeLimit, ms.kInterrupt, ms.kIterationLimit, ms.kSolutionLimit):
            result = Status.TIME_LIMIT
        else:
            raise SolverError(f"HiGHS ended with status {h.modelStatusToString(status)}")
        has_point = info.primal_solution_status == 2  # kSolutionStatusFeasible
        solution = h.getSolution()
        values = np.array(solution.col_value, dtype=np.float64) if has_point else None
        objective = float(info.objective_function_value) if has_point else math.nan
        if self.is_mip:
            bound = float(info.mip_dual_bound)
            duals = None
        else:
            bound = objective if result is Status.OPTIMAL else math.nan
            duals = np.array(solution.row_dual, dtype=np.float64) if solution.dual_valid else None
        return Solution(result, values, objective, bound, duals)

    def _bounded(self) -> bool:
        lp = self._h.getLp()
        return bool(np.all(np.isfinite(lp.col_lower_)) and np.all(np.array(lp.col_upper_) < highspy.kHighsInf))


def solve_with_pulp(
    cost: npt.ArrayLike,
    col_lower: npt.ArrayLike,
    col_upper: npt.ArrayLike,
    matrix: sp.spmatrix | sp.sparray,
    row_lower: npt.ArrayLike,
    row_upper: npt.ArrayLike,
    *,
    integer: bool = True,
    maximize: bool = False,
    engine: str = "cbc",
    time_limit: float | None = None,
) -> Solution:
    """Solve the same array model through PuLP, with CBC (bundled with PuLP) or HiGHS."""
    import pulp

    csr = sp.csr_matrix(matrix, dtype=np.float64)
    cost_a = np.asarray(cost, dtype=np.float64)
    lo_a = np.asarray(col_lower, dtype=np.float64)
    hi_a = np.asarray(col_upper, dtype=np.float64)
    prob = pulp.LpProblem("sortition", pulp.LpMaximize if maximize else pulp.LpMinimize)
    xs = [
        prob.add_variable(
            f"x{j}",
            lowBound=None if math.isinf(lo_a[j]) else float(lo_a[j]),
            upBound=None if math.isinf(hi_a[j]) else float(hi_a[j]),
            cat=pulp.LpInteger if integer else pulp.LpContinuous,
        )
        for j in range(len(cost_a))
    ]
    prob += pulp.lpSum(float(c) * x for c, x in zip(cost_a, xs, strict=True) if c != 0) + 0
    rl = np.asarray(row_lower, dtype=np.float64)
    ru = np.asarray(row_upper, dtype=np.float64)
    for r in range(csr.shape[0]):
        start, end = csr.indptr[r], csr.indptr[r + 1]
        expr = pulp.lpSum(float(v) * xs[j] for j, v in zip(csr.indices[start:end], csr.data[start:end], strict=True))
        if rl[r] == ru[r]:
            prob += expr == float(rl[r])
        else:
            if not math.isinf(rl[r]):
                prob += expr >= float(rl[r])
            if not math.isinf(ru[r]):
                prob += expr <= float(ru[r])
    with warnings.catch_warnings():
        # PuLP 3.x announces that its bundled CBC moves to an extra in PuLP 4; it still ships and works.
        warnings.simplefilter("ignore", DeprecationWarning)
        if engine == "cbc":
            solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
        elif engine == "highs":
            solver = pulp.HiGHS(msg=False, timeLimit=time_limit)
        else:
            raise ValueError(f"unknown engine {engine!r}")
        prob.solve(solver)
    status = pulp.LpStatus[prob.status]
    if status == "Optimal":
        values = np.array([x.value() or 0.0 for x in xs], dtype=np.float64)
        objective = float(pulp.value(prob.objective) or 0.0)
        return Solution(Status.OPTIMAL, values, objective, objective)
    if status == "Infeasible":
        return Solution(Status.INFEASIBLE, None, math.nan, math.nan)
    if status == "Not Solved":
        return Solution(Status.TIME_LIMIT, None, math.nan, math.nan)
    raise SolverError(f"PuLP ({engine}) ended with status {status}")
