"""Rounding a lottery to M integer tickets, so that a public draw of one number in 0..M-1 picks the panel.

Flanigan, Kehne and Procaccia ("Fair Sortition Made Transparent", NeurIPS 2021) study how far rounding to
M tickets (they use M = 1000) must move selection probabilities. We use **largest remainder**: panel j
gets floor(M w_j) tickets; the tickets left go one each to the panels with the largest remainders (ties:
panel order). Every panel's ticket count is then within 1 of M w_j, which proves, for every group g,

    |P_tickets(g) - P(g)| <= (1/M) * sum_{j : C_jg > 0} C_jg / size_g

(the "proven bound" we report, instance by instance). We tried improving the rounding with an integer
program (minimising the largest deviation): it gained up to ~40% on the deviation but only under a time
limit, which made the published lottery depend on the machine's speed; determinism comes first.

The largest deviation actually incurred is reported; the ticket probabilities themselves are exact
fractions (:func:`group_probabilities`), which is what an auditor checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from sortition.model.lottery import Lottery
from sortition.stats import largest_remainder

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


def round_to_tickets(lottery: Lottery, total: int = 1000) -> Tickets:
    """Round ``lottery`` to ``total`` tickets by largest remainder (see the module docstring)."""
    if total < 1:
        raise ValueError("the number of tickets must be at least 1")
    comps = lottery.compositions.astype(np.float64)
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.float64)
    counts = largest_remainder(lottery.weights, total)
    bound = float((comps / sizes).sum(axis=0).max()) / total
    deviation = _deviation(lottery, counts, total)
    return Tickets(counts, total, deviation, max(bound, deviation), "largest remainder")
