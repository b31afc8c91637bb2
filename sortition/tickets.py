"""Rounding a lottery to M integer tickets, so that a public draw of one number in 0..M-1 picks the panel.

Flanigan, Kehne and Procaccia ("Fair Sortition Made Transparent", NeurIPS 2021) study how far rounding to
M tickets (they use M = 1000) must move selection probabilities. We round in two steps, both deterministic:

1. **Largest remainder.** Panel j gets floor(M w_j) tickets; the tickets left go one each to the panels
   with the largest remainders (ties: panel order). Every panel's ticket count is then within 1 of M w_j,
   which proves, for every group g, the bound
   ``|P_tickets(g) - P(g)| <= (1/M) * sum_{j : C_jg > 0} C_jg / size_g``
   (the "proven bound" we report, instance by instance).
2. **Improvement.** An integer program over the same choices (each panel floor or ceiling of M w_j, M in
   all) minimises the largest deviation, starting from step 1; a result is kept only if it is better.

The largest deviation actually incurred is reported; the ticket probabilities themselves are exact
fractions (:func:`group_probabilities`), which is what an auditor checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.lottery import Lottery
from sortition.solvers import HighsModel

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Tickets:
    """``counts[j]``: tickets of the lottery's panel j (summing to ``total``)."""

    counts: IntArray
    total: int
    max_deviation: float  # largest |ticket probability - lottery probability| over persons
    bound: float  # proven bound on that deviation (largest-remainder rounding)
    method: str

    def ranges(self) -> list[tuple[int, int, int]]:
        """(panel index, first ticket, last ticket) for every panel with tickets, in panel order."""
        out = []
        start = 0
        for j, count in enumerate(self.counts):
            if count > 0:
                out.append((j, start, start + int(count) - 1))
                start += int(count)
        return out


def group_probabilities(compositions: IntArray, counts: IntArray, sizes: IntArray, total: int) -> list[Fraction]:
    """Exact selection probability of a member of each group under the ticket lottery."""
    expected = counts.astype(object) @ compositions.astype(object)  # Python ints: exact
    return [Fraction(int(e), int(total * s)) for e, s in zip(expected, sizes, strict=True)]


def _deviation(lottery: Lottery, counts: IntArray, total: int) -> float:
    """Largest |ticket probability - lottery probability| over groups (floating point, ~1e-16 accurate)."""
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.float64)
    comps = lottery.compositions.astype(np.float64)
    ticket = (counts.astype(np.float64) @ comps) / (total * sizes)
    return float(np.max(np.abs(ticket - lottery.group_probabilities)))


def largest_remainder(weights: npt.NDArray[np.float64], total: int) -> IntArray:
    exact = weights * total
    counts = np.floor(exact).astype(np.int64)
    left = total - int(counts.sum())
    remainders = exact - counts
    order = np.argsort(-remainders, kind="stable")
    counts[order[:left]] += 1
    return counts


def round_to_tickets(lottery: Lottery, total: int = 1000, time_limit: float | None = 10.0) -> Tickets:
    """Round ``lottery`` to ``total`` tickets (see the module docstring)."""
    if total < 1:
        raise ValueError("the number of tickets must be at least 1")
    comps = lottery.compositions.astype(np.float64)
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.float64)
    counts = largest_remainder(lottery.weights, total)
    # proven bound for any rounding within 1 of M w_j (step 1 is one)
    reach = (comps / sizes).sum(axis=0)
    bound = float(reach.max()) / total
    best = counts
    best_dev = _deviation(lottery, counts, total)
    method = "largest remainder"
    J = comps.shape[0]
    floors = np.floor(lottery.weights * total)
    if J > 1 and best_dev > 0:
        # variables: y_j in {0,1} (panel j gets floor + y_j tickets), D >= |deviation_g| * total for all g
        A = (comps / sizes).T  # G x J, probability of a member of g per ticket
        target = (lottery.weights @ comps) / sizes * total
        base = A @ floors
        G = A.shape[0]
        ones = sp.csr_matrix(np.ones((G, 1)))
        upper_rows = sp.hstack([sp.csr_matrix(A), -ones])  # A y - D <= target - base
        lower_rows = sp.hstack([sp.csr_matrix(A), ones])  # A y + D >= target - base
        total_row = sp.csr_matrix(np.concatenate([np.ones(J), [0.0]]).reshape(1, -1))
        matrix = sp.vstack([upper_rows, lower_rows, total_row], format="csr")
        need = float(total - floors.sum())
        cost = np.zeros(J + 1)
        cost[J] = 1.0
        model = HighsModel(
            cost,
            np.zeros(J + 1),
            np.concatenate([np.where(lottery.weights * total > floors, 1.0, 0.0), [np.inf]]),
            matrix,
            np.concatenate([np.full(G, -np.inf), target - base, [need]]),
            np.concatenate([target - base, np.full(G, np.inf), [need]]),
            integer=np.concatenate([np.ones(J, dtype=bool), [False]]),
            mip_rel_gap=1e-6,
        )
        solution = model.solve(time_limit)
        if solution.values is not None:
            candidate = (floors + np.round(solution.values[:J])).astype(np.int64)
            if int(candidate.sum()) == total and np.all(candidate >= 0):
                dev = _deviation(lottery, candidate, total)
                if dev < best_dev:
                    best, best_dev, method = candidate, dev, "largest remainder, improved by integer programming"
    if not math.isfinite(best_dev):
        raise ValueError("ticket rounding failed")
    return Tickets(best, total, best_dev, max(bound, best_dev), method)
