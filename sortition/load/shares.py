"""Quotas from target shares: largest-remainder apportionment, then a tolerance band.

Rule (documented in docs/quotas.md): for a category with shares s_v (normalised to sum to 1) and panel size
k, the exact quota is q_v = k * s_v. Each value first gets floor(q_v) seats; the seats left over go, one
each, to the values with the largest remainders q_v - floor(q_v) (ties: canonical value order). This gives
the apportioned counts a_v, which add up to k. With tolerance t, the band is

    min_v = floor(a_v * (1 - t))      max_v = min(k, ceil(a_v * (1 + t)))

so the apportioned panel always lies inside the bands and t = 0 fixes every count to a_v. All arithmetic is
exact (fractions), so the bands never depend on floating point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from sortition.stats import largest_remainder


def apportion(shares: Mapping[str, Fraction], k: int) -> dict[str, int]:
    """Largest-remainder (Hamilton) apportionment of ``k`` seats (:func:`sortition.stats.largest_remainder`,
    in exact fractions, values in canonical order so that ties go to the first); ``shares`` must sum to 1."""
    total = sum(shares.values(), Fraction(0))
    if total != 1:
        raise ValueError(f"shares sum to {total}, not 1")
    values = sorted(shares)
    seats = largest_remainder([shares[v] for v in values], k)
    by_value = {v: int(s) for v, s in zip(values, seats.tolist(), strict=True)}
    return {v: by_value[v] for v in shares}


def bands(shares: Mapping[str, Fraction], k: int, tolerance: Fraction) -> dict[str, tuple[int, int]]:
    """(min, max) for every value: the apportioned count widened by the relative ``tolerance``."""
    if not 0 <= tolerance <= 1:
        raise ValueError("tolerance must be between 0 and 1")
    seats = apportion(shares, k)
    out: dict[str, tuple[int, int]] = {}
    for value in shares:
        out[value] = (
            math.floor(seats[value] * (1 - tolerance)),
            min(k, math.ceil(seats[value] * (1 + tolerance))),
        )
    return out
