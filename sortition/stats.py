"""Small numerical tools shared by several steps: apportionment and binomial confidence intervals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def largest_remainder(weights: npt.NDArray[np.float64] | Sequence[Fraction], total: int) -> IntArray:
    """``total`` integer units shared in proportion to ``weights`` (summing to 1): floors, then one more unit
    to the largest remainders, ties to the lower index. Deterministic: the ticket counts of the audit protocol
    depend on it bit for bit. Given fractions (quotas from target shares), every step is exact."""
    remainders: npt.NDArray[np.float64] | npt.NDArray[np.object_]
    if isinstance(weights, np.ndarray):
        exact = weights * total
        counts = np.floor(exact).astype(np.int64)
        remainders = exact - counts
    else:
        quotients = [w * total for w in weights]
        counts = np.array([math.floor(q) for q in quotients], dtype=np.int64)
        remainders = np.array([q - int(c) for q, c in zip(quotients, counts, strict=True)], dtype=object)
    left = total - int(counts.sum())
    order = np.argsort(-remainders, kind="stable")
    counts[order[:left]] += 1
    return counts


def two_sided_z(confidence: float) -> float:
    """The normal quantile leaving ``(1 - confidence) / 2`` in each tail (the standard library's: importing
    scipy.stats for it cost every command 0.4 s)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson(successes: npt.ArrayLike, trials: npt.ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval of a binomial proportion."""
    x = np.asarray(successes, dtype=np.float64)
    trials = np.asarray(trials, dtype=np.float64)
    z = two_sided_z(confidence)
    p = x / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
