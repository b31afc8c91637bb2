"""Rounding a lottery to tickets: the reported bound is a real bound, the default count is fair, and the
swap descent does better than largest remainder."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sortition.protocol.tickets import FAIR_LOSS, TICKET_COUNTS, round_to_tickets, round_weights
from sortition.solve import solve
from sortition.stats import largest_remainder


def _exact_deviation(weights, compositions, sizes, counts, total, relative: bool = False) -> Fraction:
    """max_g |ticket probability - lottery probability| in rational arithmetic, from the float weights
    (``relative``: divided by the lottery probability, or by 1e-9 where it is below, as the descent does)."""
    w = [Fraction(float(x)) for x in weights]
    mass = sum(w)
    worst = Fraction(0)
    for g, size in enumerate(sizes):
        lottery = sum(wj * int(c[g]) for wj, c in zip(w, compositions, strict=True)) / (mass * int(size))
        ticket = Fraction(sum(int(n) * int(c[g]) for n, c in zip(counts, compositions, strict=True)), total * int(size))
        scale = max(lottery, Fraction(1, 10**9)) if relative else 1
        worst = max(worst, abs(ticket - lottery) / scale)
    return worst


@st.composite
def lotteries(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    n_groups = draw(st.integers(1, 6))
    n_panels = draw(st.integers(1, 9))
    sizes = np.array(draw(st.lists(st.integers(1, 4), min_size=n_groups, max_size=n_groups)), dtype=np.int64)
    rows = [
        [draw(st.integers(0, int(s))) for s in sizes] for _ in range(n_panels)
    ]  # any counts: the rounding does not care whether panels meet quotas
    compositions = np.array(rows, dtype=np.int64)
    raw = draw(st.lists(st.floats(0.0, 1.0), min_size=n_panels, max_size=n_panels))
    weights = np.array(raw, dtype=np.float64) + np.where(np.arange(n_panels) == 0, 1e-3, 0.0)
    total = draw(st.integers(1, 3000))
    return weights / weights.sum(), compositions, sizes, total


@settings(max_examples=300, deadline=None)
@given(lotteries())
def test_the_bound_holds_and_counts_stay_within_one_ticket(case) -> None:
    weights, compositions, sizes, total = case
    tickets = round_weights(weights, compositions, sizes, total)
    assert tickets.total == total and int(tickets.counts.sum()) == total
    exact = weights * total
    assert np.all(tickets.counts >= np.floor(exact)) and np.all(tickets.counts <= np.ceil(exact))
    deviation = _exact_deviation(weights, compositions, sizes, tickets.counts, total)
    assert deviation <= Fraction(tickets.bound)
    assert float(deviation) == pytest.approx(tickets.max_deviation, abs=1e-12)
    # never worse than largest remainder (in relative change), and the bound is never above the old one
    plain = largest_remainder(weights, total)
    ours = float(_exact_deviation(weights, compositions, sizes, tickets.counts, total, relative=True))
    assert ours <= float(_exact_deviation(weights, compositions, sizes, plain, total, relative=True)) * (1 + 1e-9)
    old_bound = float((compositions / sizes).sum(axis=0).max()) / total
    assert tickets.bound <= old_bound + 1e-9


def test_swap_descent_beats_largest_remainder_on_a_pinned_lottery() -> None:
    """Five singleton groups, four panels of two, 100 tickets: shares 29.05, 22.6, 9.7 and 38.65."""
    compositions = np.array([[1, 0, 1, 0, 0], [0, 0, 0, 1, 1], [0, 1, 1, 0, 0], [0, 1, 1, 0, 0]], dtype=np.int64)
    weights = np.array([0.2905, 0.226, 0.097, 0.3865])
    sizes = np.ones(5, dtype=np.int64)
    plain = largest_remainder(weights, 100)
    assert plain.tolist() == [29, 22, 10, 39]  # the two largest remainders, 0.7 and 0.65
    assert float(_exact_deviation(weights, compositions, sizes, plain, 100)) == pytest.approx(0.0065)  # 0.49 vs 0.4835
    tickets = round_weights(weights, compositions, sizes, 100)
    assert tickets.counts.tolist() == [29, 23, 9, 39]
    assert tickets.method == "largest remainder + swap descent"
    assert float(_exact_deviation(weights, compositions, sizes, tickets.counts, 100)) == pytest.approx(0.004)
    assert tickets.max_deviation == pytest.approx(0.004, abs=1e-12)
    assert tickets.least == pytest.approx(0.23) and tickets.loss == 0.0  # 0.226 rose to 0.23
    # group 2 is on panels 0, 2 and 3: at most (0.95 + 0.3 + 0.35) / 100 up (the old bound: 3 / 100)
    assert tickets.bound == pytest.approx(0.016, abs=1e-9)


def test_the_default_count_is_the_smallest_fair_one() -> None:
    compositions = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0]], dtype=np.int64)
    sizes = np.array([1, 1, 1], dtype=np.int64)
    exact_thousandths = np.array([0.25, 0.375, 0.375])
    chosen = round_weights(exact_thousandths, compositions, sizes)
    assert (chosen.total, chosen.loss, chosen.max_deviation, chosen.method) == (1000, 0.0, 0.0, "largest remainder")
    sevenths = np.full(7, 1 / 7)  # seven panels of one person each: everyone 1/7 = 0.142857...
    alone = np.identity(7, dtype=np.int64)
    ones = np.ones(7, dtype=np.int64)
    at_thousand = round_weights(sevenths, alone, ones, 1000)  # 143 tickets for six, 142 for the last
    assert at_thousand.least == pytest.approx(0.142) and at_thousand.loss == pytest.approx(0.006)
    chosen = round_weights(sevenths, alone, ones)  # 1429 tickets for four, 1428 for three
    assert chosen.total == 10_000 and chosen.least == pytest.approx(0.1428)
    assert chosen.loss == pytest.approx(0.0004) and chosen.loss <= FAIR_LOSS
    assert TICKET_COUNTS[:2] == (1_000, 10_000)


def test_round_to_tickets_on_a_leximin_lottery(reference_small) -> None:
    lottery = solve(reference_small, "leximin")
    tickets = round_to_tickets(lottery)
    assert tickets.total in TICKET_COUNTS and tickets.loss <= FAIR_LOSS
    assert tickets.least >= lottery.min_probability * (1 - FAIR_LOSS)
    fixed = round_to_tickets(lottery, 1000)
    assert fixed.total == 1000 and fixed.max_deviation <= fixed.bound


def test_a_count_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        round_weights(np.array([1.0]), np.array([[1]]), np.array([1]), 0)
