"""Rounding a lottery to M integer tickets, so that a public draw of one number in 0..M-1 picks the panel.

Flanigan, Kehne and Procaccia ("Fair Sortition Made Transparent", NeurIPS 2021) study how far rounding to
M tickets must move selection probabilities. Panel j of weight w_j gets floor(M w_j) or ceil(M w_j) tickets:

1. **largest remainder** first (the tickets left go to the largest fractional parts, ties: panel order);
2. then a **swap descent** moves extra tickets between such panels, one at a time, to lower the largest
   *relative* change of a probability (|P_tickets(g) - P(g)| / P(g)), so that the least probabilities,
   the ones fairness is about, are moved least. A fixed number of moves at most, never a time: the
   result does not depend on the machine's speed. It is kept only when it beats largest remainder.

(An integer program minimising the largest change, HiGHS on one thread, did as well as the descent on the
benchmark pools but took 7 to 25 s on 262 panels, against 0.05 s; proving its optimum is out of reach, as
the relaxation's bound is 0.)

Panels keep floor or ceil of their exact share, which proves, for each group g (a_jg = C_jg / size_g, f_j
the fractional part of M w_j)::

    -(1/M) sum_j f_j a_jg  <=  P_tickets(g) - P(g)  <=  (1/M) sum_j (1 - f_j) a_jg

The larger side, maximised over groups, is the ``bound`` we report; the change actually incurred
(``max_deviation``) and the loss of the least positive probability (``loss``) are reported too.

**How many tickets.** The seed is hashed, so any number of tickets costs nothing to draw; only a physical
draw of a few digits needs few. By default (``total=None``) the count is the smallest of
:data:`TICKET_COUNTS` whose rounding loses at most :data:`FAIR_LOSS` of the least positive probability,
measured on the rounded lottery.

The ticket probabilities themselves are exact fractions (:func:`group_probabilities`), which is what an
auditor checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.model.lottery import ZERO_PROBABILITY, Lottery
from sortition.stats import largest_remainder

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

TICKET_COUNTS = (1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000)
FAIR_LOSS = 0.001  # the default count loses at most this share of the least positive probability
MAX_SWAPS = 200  # moves of the swap descent at most (a fixed effort, not a time; 3 to 10 used on benchmark pools)
SWAP_CANDIDATES = 16  # panels holding the worst group tried per move (those holding most of it)
SWAP_TOL = 1e-12  # a move must lower the largest change by more than this (ticket units)
FLOAT_SLACK = 1e-12  # added to the bound: covers the float error of the probabilities it is compared to


@dataclass(frozen=True)
class Tickets:
    """``counts[j]``: tickets of the lottery's panel j (summing to ``total``)."""

    counts: IntArray
    total: int
    max_deviation: float  # largest |ticket probability - lottery probability| over persons
    bound: float  # proven bound on that deviation for this rounding (module docstring)
    method: str
    least: float = 0.0  # least ticket probability of a person whose lottery probability is positive
    loss: float = 0.0  # (least positive lottery probability - least) / least positive lottery probability

    def ranges(self) -> list[tuple[int, int, int]]:
        """(panel index, first ticket, last ticket) for every panel with tickets, in panel order."""
        out = []
        start = 0
        for j, count in enumerate(self.counts):
            if count > 0:
                out.append((j, start, start + int(count) - 1))
                start += int(count)
        return out


def group_probabilities(
    compositions: IntArray | sp.spmatrix, counts: IntArray, sizes: IntArray, total: int
) -> list[Fraction]:
    """Exact selection probability of a member of each group under the ticket lottery (``compositions``
    panels x groups, dense or sparse): Python integers over the nonzero counts only (a dense object array
    was 650 MB and minutes of arithmetic at 100,000 persons)."""
    entries = sp.coo_matrix(compositions)
    tickets = np.asarray(counts).astype(object)
    products = entries.data.astype(object) * tickets[entries.row]
    expected = np.zeros(entries.shape[1], dtype=object)
    np.add.at(expected, entries.col, products)
    return [Fraction(int(e), int(total * s)) for e, s in zip(expected, sizes, strict=True)]


def round_to_tickets(lottery: Lottery, total: int | None = None) -> Tickets:
    """Round ``lottery`` to ``total`` tickets, or to the smallest fair count of :data:`TICKET_COUNTS` when
    ``total`` is None (module docstring)."""
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.int64)
    return round_weights(lottery.weights, lottery.sparse_compositions, sizes, total)


def round_weights(
    weights: FloatArray, compositions: IntArray | sp.spmatrix, sizes: IntArray, total: int | None = None
) -> Tickets:
    """:func:`round_to_tickets` on arrays: panel weights, compositions (panels x groups, dense or sparse),
    group sizes."""
    # groups x panels: a_jg = C_jg / size_g, sparse (a panel holds k persons of thousands of groups); built
    # from the integer array without a dense float copy of it (hundreds of MB at 100,000 persons)
    panels = sp.csr_matrix(compositions).astype(np.float64)
    share = sp.csr_matrix(panels.multiply(1.0 / np.asarray(sizes, dtype=np.float64)).T)
    if total is not None:
        return _round(weights, share, total)
    for count in TICKET_COUNTS:
        tickets = _round(weights, share, count)
        if tickets.loss <= FAIR_LOSS:
            break
    return tickets


def _round(weights: FloatArray, share: sp.csr_matrix, total: int) -> Tickets:
    if total < 1:
        raise ValueError("the number of tickets must be at least 1")
    w = np.clip(np.asarray(weights, dtype=np.float64), 0.0, None)
    w = w / w.sum()
    target = share @ w
    exact = w * total
    floors = np.floor(exact).astype(np.int64)
    counts = largest_remainder(w, total)
    if int(counts.sum()) != total or np.any(counts < floors) or np.any(counts > floors + 1):
        raise ValueError("the lottery's weights do not sum to 1")
    free = exact > floors  # these panels may get floor or floor + 1 tickets; the others exactly floor
    error = counts - exact
    low = np.where(free, floors - exact, error)
    high = np.where(free, floors + 1 - exact, error)
    bound = float(np.max(np.maximum(share @ high, -(share @ low)))) / total + FLOAT_SLACK
    method = "largest remainder"
    # the descent weighs each group's change by its probability: a person's chance moves by a share of itself
    relative = 1.0 / np.maximum(target, ZERO_PROBABILITY)
    scaled, goal = sp.csr_matrix(sp.diags(relative) @ share), target * relative
    improved = _improve(scaled, goal, counts, floors, free, total)
    if improved is not None and _deviation(scaled, goal, improved, total) < _deviation(scaled, goal, counts, total):
        counts, method = improved, "largest remainder + swap descent"
    deviation = _deviation(share, target, counts, total)
    positive = target > ZERO_PROBABILITY
    least_lottery = float(target[positive].min()) if positive.any() else 0.0
    least = float((share @ counts.astype(np.float64))[positive].min()) / total if positive.any() else 0.0
    loss = max(0.0, least_lottery - least) / least_lottery if least_lottery > 0 else 0.0
    return Tickets(counts, total, deviation, bound, method, least, loss)


def _deviation(share: sp.csr_matrix, target: FloatArray, counts: IntArray, total: int) -> float:
    """Largest |ticket probability - lottery probability| over groups (floating point, ~1e-16 accurate)."""
    return float(np.max(np.abs(share @ counts.astype(np.float64) / total - target)))


def _improve(
    share: sp.csr_matrix, target: FloatArray, start: IntArray, floors: IntArray, free: BoolArray, total: int
) -> IntArray | None:
    """Swap descent on the largest change: while the group changed most can be brought closer by moving one
    ticket from a panel at floor + 1 to a panel at floor (both with a fractional share, so the bound still
    holds) without any group it touches reaching that change, make the best such move (ties: lowest panel
    indices). A fixed number of moves at most: the result never depends on the machine's speed."""
    matrix = sp.csc_matrix(share)
    row_of = share.tocsr()
    dev = share @ start.astype(np.float64) - total * target  # ticket units, per group
    counts = start.copy()
    moved = False
    for _ in range(MAX_SWAPS):
        worst = int(np.argmax(np.abs(dev)))
        current = abs(float(dev[worst]))
        up = np.flatnonzero(free & (counts > floors))  # may lose their extra ticket
        down = np.flatnonzero(free & (counts == floors))  # may gain one
        if up.size == 0 or down.size == 0 or current <= SWAP_TOL:
            break
        # too many tickets on the worst group: take one from a panel holding it; too few: give one to such a panel
        fixed, others, sign = (up, down, -1.0) if dev[worst] > 0 else (down, up, 1.0)
        on_worst = row_of[worst].toarray().ravel()[fixed]
        keep = np.argsort(-on_worst, kind="stable")[:SWAP_CANDIDATES]
        fixed = fixed[keep[on_worst[keep] > 0]]
        best: tuple[float, int, int] | None = None
        block = matrix[:, others]
        holding = np.diff(block.indptr) > 0
        starts = block.indptr[:-1][holding]  # each candidate's first stored entry
        at_block = dev[block.indices]
        moves = sign * block.data
        delta = np.zeros_like(dev)  # the fixed panel's move, set and cleared for each fixed panel
        for j in fixed:
            column = matrix[:, [int(j)]]
            rows = column.indices
            shift = sign * column.data
            held = float(np.max(np.abs(dev[rows] + shift)))
            # the other panel's move, for every candidate at once: its rows, then the largest change there
            delta[rows] = shift
            moved_rows = np.abs(at_block + delta[block.indices] - moves)
            delta[rows] = 0.0
            score = np.full(others.size, held)
            if starts.size:
                score[holding] = np.maximum(held, np.maximum.reduceat(moved_rows, starts))
            k = int(np.argmin(score))
            if score[k] < current - SWAP_TOL and (best is None or score[k] < best[0]):
                best = (float(score[k]), int(j), int(others[k]))
        if best is None:
            break
        _, j, other = best
        lose, gain = (j, other) if sign < 0 else (other, j)
        counts[lose] -= 1
        counts[gain] += 1
        dev -= matrix[:, [lose]].toarray().ravel()
        dev += matrix[:, [gain]].toarray().ravel()
        moved = True
    return counts if moved else None
