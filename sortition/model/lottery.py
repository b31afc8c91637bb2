"""A lottery: a probability distribution over panels, and the selection probability it gives each person.

Panels are stored as *compositions* over a :class:`~sortition.model.instance.Grouping`: how many members of each
group the panel takes. Drawing a panel means drawing a composition by its weight, then choosing that many
members of each group uniformly at random (see :mod:`sortition.protocol.sampler`); a person of group g is thus
selected with probability ``sum_p weight_p * count_pg / size_g``. When every group is a single person (the
household path, or ``merge=False``), a composition is simply a set of persons.

Every composition is re-checked with integer arithmetic (size k, every quota, households) when the lottery
is built: a solver's rounding error can never put an invalid panel in front of the public.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Grouping, Instance

if TYPE_CHECKING:
    import pandas

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


ZERO_PROBABILITY = 1e-9
"""A selection probability at or below this is 0: below the solvers' tolerance. Under a proven LEXIMIN it means
that no panel meeting the quotas holds the person (counted apart, never quoted as the "least chance")."""


class InvalidPanelError(ValueError):
    """A composition offered to a lottery breaks a rule (an internal error, never the user's)."""


@dataclass(frozen=True)
class Level:
    """One step of a certified optimisation: the value reached, the proven upper bound, and how many
    groups (and persons) were fixed at it (LEXIMIN), or the single objective (maximin, Nash)."""

    value: float
    bound: float
    groups: int
    persons: int

    @property
    def gap(self) -> float:
        return max(0.0, self.bound - self.value)


@dataclass(frozen=True)
class Certificate:
    """What the algorithm proved. ``gap`` is the largest distance between a proven bound and what the
    lottery achieves (for LEXIMIN, per level, in probability; for Nash, in the objective); 0 up to the
    solver tolerance means optimal. ``method`` says how the bound was obtained."""

    method: str
    levels: tuple[Level, ...] = ()
    gap: float = 0.0
    optimal: bool = True
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "gap": self.gap,
            "optimal": self.optimal,
            "levels": [
                {"value": lv.value, "bound": lv.bound, "groups": lv.groups, "persons": lv.persons} for lv in self.levels
            ],
            "notes": list(self.notes),
        }


@dataclass(frozen=True, eq=False)
class Lottery:
    """Panels (compositions) with weights summing to 1, for ``instance`` seen through ``grouping``."""

    instance: Instance
    grouping: Grouping
    compositions: IntArray
    weights: FloatArray
    algorithm: str
    certificate: Certificate = field(default_factory=lambda: Certificate("none", optimal=False))
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        comps = np.asarray(self.compositions, dtype=np.int64)
        weights = np.asarray(self.weights, dtype=np.float64)
        if comps.ndim != 2 or comps.shape[0] != weights.shape[0] or comps.shape[0] == 0:
            raise ValueError("a lottery needs at least one panel and one weight per panel")
        if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, rtol=0, atol=1e-9):
            raise ValueError("lottery weights must be non-negative and sum to 1")
        constraints = PanelConstraints.build(self.instance, self.grouping)
        invalid = constraints.invalid_panels(comps)
        if invalid.size:
            p = int(invalid[0])
            raise InvalidPanelError(f"panel {p} is not valid: " + "; ".join(constraints.violations(comps[p])))
        comps.setflags(write=False)
        weights = weights / weights.sum()
        weights.setflags(write=False)
        object.__setattr__(self, "compositions", comps)
        object.__setattr__(self, "weights", weights)

    @property
    def n_panels(self) -> int:
        return int(self.compositions.shape[0])

    def __repr__(self) -> str:
        c = self.certificate
        proof = f"certified gap {c.gap:.1e}" if c.optimal else f"not proven optimal (gap {c.gap:.1e})"
        return (
            f"Lottery({self.algorithm}, {len(self.instance.pool)} persons, {self.n_panels} panels, "
            f"min probability {self.min_probability:.4f}, {proof})"
        )

    def __reduce__(self) -> tuple[Any, ...]:  # cached arrays are recomputed, not pickled
        return (
            Lottery,
            (
                self.instance,
                self.grouping,
                np.array(self.compositions),
                np.array(self.weights),
                self.algorithm,
                self.certificate,
                dict(self.parameters),
                self.seconds,
            ),
        )

    def to_frame(self) -> pandas.DataFrame:
        """Each person's selection probability, indexed by person id, with their category values."""
        import pandas

        pool = self.instance.pool
        frame = pandas.DataFrame(
            {c: pool.columns[c] for c in self.instance.categories},
            index=pandas.Index(pool.ids, name=pool.id_column),
        )
        frame["probability"] = self.marginals
        return frame

    @cached_property
    def sparse_compositions(self) -> sp.csr_matrix:
        """The compositions as a sparse matrix, built once: a panel holds k persons of up to tens of thousands
        of groups, and the probabilities, tickets and published files all read its nonzero counts."""
        return sp.csr_matrix(self.compositions)

    @cached_property
    def group_probabilities(self) -> FloatArray:
        """Selection probability of each member of each group."""
        sizes = np.asarray(self.grouping.sizes, dtype=np.float64)
        # sparse, panel after panel: no dense float copy of the compositions (650 MB at 100,000 persons), and
        # a summation order of our own rather than the BLAS build's
        expected = self.sparse_compositions.T @ self.weights
        return np.asarray(expected / sizes, dtype=np.float64)

    @cached_property
    def marginals(self) -> FloatArray:
        """Selection probability of each person, in pool (sorted id) order."""
        return np.asarray(self.group_probabilities[np.asarray(self.grouping.group_of)], dtype=np.float64)

    def probability_of(self, person_id: str) -> float:
        return float(self.marginals[self.instance.pool.index[person_id]])

    @property
    def min_probability(self) -> float:
        return float(self.marginals.min())

    @property
    def max_probability(self) -> float:
        return float(self.marginals.max())

    @property
    def gini(self) -> float:
        return gini(self.marginals)

    def panel_members(self, p: int) -> tuple[tuple[int, int], ...]:
        """For panel ``p``: the (count, group) pairs, as ``(group index, count)`` for non-zero counts."""
        row = self.compositions[p]
        return tuple((int(g), int(row[g])) for g in np.flatnonzero(row))


def gini(values: npt.ArrayLike) -> float:
    """Gini coefficient of the selection probabilities (0 = everyone equal)."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    n = x.shape[0]
    total = x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype=np.float64)
    return float((2.0 * np.sum(ranks * x) / (n * total)) - (n + 1) / n)
