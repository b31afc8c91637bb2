"""The pricing oracle: the valid panel of largest weight, ``max w @ c`` over compositions.

Every column-generation method here asks it the same question with different weights, so the model is
built once (HiGHS, through highspy) and only its objective changes between calls. With ``relaxed=True``
it answers over the LP relaxation (fractional counts), which the relaxation steps use.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sortition.errors import InfeasibleError, SolverError
from sortition.model.constraints import PanelConstraints
from sortition.progress import Deadline
from sortition.solve.backends import HighsModel, Status

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class OutOfTime(Exception):
    """The deadline passed before the oracle found any answer."""


@dataclass(frozen=True)
class Best:
    """``composition`` maximises ``weights @ composition`` up to ``bound`` (proven: no panel does better)."""

    composition: IntArray
    value: float
    bound: float
    optimal: bool


class PanelOracle:
    def __init__(self, constraints: PanelConstraints) -> None:
        self.constraints = constraints
        matrix, lower, upper = constraints.linear_rows()
        zeros = np.zeros(constraints.n_groups)
        self._model = HighsModel(zeros, zeros, constraints.sizes, matrix, lower, upper, integer=True, maximize=True)
        self.calls = 0
        self.seconds = 0.0

    def best(self, weights: npt.ArrayLike, deadline: Deadline | None = None) -> Best:
        """The best valid panel for ``weights``; raises OutOfTime if the deadline passed before any panel
        was found, and InfeasibleError if the instance has no valid panel at all."""
        w = np.asarray(weights, dtype=np.float64)
        start = time.perf_counter()
        self._model.set_cost(w)
        remaining = deadline.remaining() if deadline is not None else None
        solution = self._model.solve(remaining)
        self.calls += 1
        self.seconds += time.perf_counter() - start
        if solution.status is Status.INFEASIBLE:
            raise InfeasibleError("the quotas admit no panel (see sortition.check)")
        if solution.values is None:
            raise OutOfTime()
        composition = np.round(solution.values).astype(np.int64)
        problems = self.constraints.violations(composition)
        if problems:
            raise SolverError("the MIP engine returned an invalid panel: " + "; ".join(problems))
        value = float(w @ composition)
        optimal = solution.status is Status.OPTIMAL
        bound = max(value, solution.bound) if np.isfinite(solution.bound) else np.inf
        return Best(composition, value, float(bound), optimal)
