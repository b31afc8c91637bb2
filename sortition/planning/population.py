"""Everyone who could be invited, as weighted cells, and how often each cell answers an invitation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sortition.synthetic.response import ResponseModel

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Population:
    """Everyone who could be invited, as cells: distinct combinations of values with a weight.

    ``codes[i, c]`` indexes ``values[c]`` for cell i. With ``persons`` the weights are whole numbers of
    listed persons and invitations are drawn without replacement; otherwise they are relative sizes of the
    cells (census counts, shares) and invitations are drawn with replacement.
    """

    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    codes: IntArray
    weights: FloatArray
    persons: bool
    source: str

    @property
    def n_cells(self) -> int:
        return int(self.codes.shape[0])

    @property
    def size(self) -> float:
        """Number of persons (``persons``) or total weight of the cells."""
        return float(self.weights.sum())

    def profile(self, cell: int) -> dict[str, str]:
        return {c: self.values[j][int(self.codes[cell, j])] for j, c in enumerate(self.categories)}


def cell_rates(rates: ResponseModel, population: Population) -> FloatArray:
    """The response probability of every cell of ``population`` (:meth:`ResponseModel.rate`, vectorised)."""
    relative = _relative_rates(population, rates.factors)
    out: FloatArray = np.minimum(relative * rates.base, 1.0)
    return out


def _relative_rates(population: Population, factors: Mapping[str, Mapping[str, float]]) -> FloatArray:
    out = np.ones(population.n_cells, dtype=np.float64)
    for category, per_value in factors.items():
        j = population.categories.index(category)
        table = np.array([per_value.get(v, 1.0) for v in population.values[j]], dtype=np.float64)
        out *= table[population.codes[:, j]]
    return out


def calibrate_base(
    population: Population, factors: Mapping[str, Mapping[str, float]], mean_rate: float
) -> float | None:
    """The base rate giving a population mean response probability of ``mean_rate`` (None if unreachable).

    Organisers know the overall response rate of earlier mailings better than the rate of a reference
    person; the factors then only say who answers more. Capping at 1 is taken into account (bisection).
    """
    relative = _relative_rates(population, factors)
    w = population.weights / population.weights.sum()

    def mean(base: float) -> float:
        return float((w * np.minimum(relative * base, 1.0)).sum())

    uncapped = float((w * relative).sum())
    if uncapped <= 0:
        return None
    base = mean_rate / uncapped
    if float(relative.max()) * base <= 1.0:
        return base
    positive = relative[relative > 0]
    high = 1.0 / float(positive.min())
    if mean(high) < mean_rate * (1 - 1e-12):
        return None
    low = 0.0
    for _ in range(200):
        middle = (low + high) / 2
        if mean(middle) < mean_rate:
            low = middle
        else:
            high = middle
    return high
