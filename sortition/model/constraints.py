"""The panels of an instance as linear constraints on group counts, and their exact re-check.

A panel, seen through a :class:`~sortition.model.instance.Grouping`, is a *composition*: how many members of each
group it takes. It is valid when ``0 <= c_g <= size_g``, ``sum(c) = k``, every quota row holds and every
multi-person household contributes at most one member. Solvers work in floating point; every composition
they return is re-checked here with integer arithmetic before anything is built on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.model.instance import Grouping, Instance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class PanelConstraints:
    """``quota_matrix[q, g] = 1`` when group g has the value of quota q (canonical order of
    ``quota_keys``); ``household_matrix[h, g] = 1`` when group g belongs to household h."""

    k: int
    sizes: IntArray
    quota_keys: tuple[tuple[str, str], ...]
    quota_matrix: sp.csr_matrix
    quota_min: IntArray
    quota_max: IntArray
    household_matrix: sp.csr_matrix

    @classmethod
    def build(cls, instance: Instance, grouping: Grouping) -> PanelConstraints:
        keys = instance.quota_keys
        row_of = {key: r for r, key in enumerate(keys)}
        rows: list[int] = []
        cols: list[int] = []
        for g, group in enumerate(grouping.groups):
            for category, value in zip(instance.categories, group.profile, strict=True):
                rows.append(row_of[(category, value)])
                cols.append(g)
        n_groups = len(grouping.groups)
        quota_matrix = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(keys), n_groups), dtype=np.int64
        )
        h_rows = [h for h, members in enumerate(grouping.households) for _ in members]
        h_cols = [g for members in grouping.households for g in members]
        household_matrix = sp.csr_matrix(
            (np.ones(len(h_rows), dtype=np.int64), (h_rows, h_cols)),
            shape=(len(grouping.households), n_groups),
            dtype=np.int64,
        )
        quotas = [instance.quotas.get(c, v) for c, v in keys]
        return cls(
            k=instance.k,
            sizes=np.array(grouping.sizes, dtype=np.int64),
            quota_keys=keys,
            quota_matrix=quota_matrix,
            quota_min=np.array([q.min for q in quotas], dtype=np.int64),
            quota_max=np.array([q.max for q in quotas], dtype=np.int64),
            household_matrix=household_matrix,
        )

    @property
    def n_groups(self) -> int:
        return int(self.sizes.shape[0])

    @property
    def n_quotas(self) -> int:
        return int(self.quota_min.shape[0])

    def with_quota_bounds(self, quota_min: Sequence[int], quota_max: Sequence[int]) -> PanelConstraints:
        return PanelConstraints(
            self.k,
            self.sizes,
            self.quota_keys,
            self.quota_matrix,
            np.asarray(quota_min, dtype=np.int64),
            np.asarray(quota_max, dtype=np.int64),
            self.household_matrix,
        )

    def linear_rows(self, *, quotas: bool = True) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """All rows as one matrix with lower/upper bounds: size row, quota rows, household rows."""
        blocks = [sp.csr_matrix(np.ones((1, self.n_groups), dtype=np.int64))]
        lower = [np.array([self.k])]
        upper = [np.array([self.k])]
        if quotas:
            blocks.append(self.quota_matrix)
            lower.append(self.quota_min)
            upper.append(self.quota_max)
        if self.household_matrix.shape[0]:
            blocks.append(self.household_matrix)
            lower.append(np.zeros(self.household_matrix.shape[0], dtype=np.int64))
            upper.append(np.ones(self.household_matrix.shape[0], dtype=np.int64))
        matrix = sp.vstack(blocks, format="csr").astype(np.float64)
        return matrix, np.concatenate(lower).astype(np.float64), np.concatenate(upper).astype(np.float64)

    def quota_counts(self, counts: Sequence[int] | IntArray) -> IntArray:
        c = np.asarray(counts, dtype=np.int64)
        return np.asarray(self.quota_matrix @ c, dtype=np.int64)

    def violations(self, counts: Sequence[int] | IntArray) -> list[str]:
        """Every rule the composition breaks, in words (empty when it is a valid panel). Exact integers."""
        c = np.asarray(counts)
        if c.shape != (self.n_groups,):
            return [f"composition has {c.shape} entries, expected ({self.n_groups},)"]
        if not np.issubdtype(c.dtype, np.integer) and not np.all(np.equal(np.round(c), c)):
            return ["composition is not integral"]
        c = c.astype(np.int64)
        outside, total, counts_q, broken, crowded = (part[0] for part in self._breaks(c[None, :]))
        out: list[str] = []
        if outside.any():
            bad = int(np.flatnonzero(outside)[0])
            out.append(f"group {bad}: {c[bad]} outside 0..{self.sizes[bad]}")
        if total != self.k:
            out.append(f"panel has {total} persons, expected {self.k}")
        for q in np.flatnonzero(broken):
            category, value = self.quota_keys[q]
            out.append(f"{category}={value}: {counts_q[q]} outside {self.quota_min[q]}..{self.quota_max[q]}")
        if crowded:
            out.append(f"{int(crowded)} household(s) with two or more members")
        return out

    def invalid_panels(self, compositions: IntArray) -> npt.NDArray[np.int64]:
        """Indices of the rows of ``compositions`` (panels x groups) that are not valid panels, checked for every
        panel at once in exact integer arithmetic (a lottery of 7,000 panels over 11,000 groups is checked in a
        fraction of a second rather than seconds)."""
        c = np.atleast_2d(np.asarray(compositions, dtype=np.int64))
        if c.shape[1] != self.n_groups:
            return np.arange(c.shape[0])
        outside, totals, _, broken, crowded = self._breaks(c)
        return np.flatnonzero(outside.any(axis=1) | (totals != self.k) | broken.any(axis=1) | (crowded > 0))

    def _breaks(self, c: IntArray) -> tuple[npt.NDArray[np.bool_], IntArray, IntArray, npt.NDArray[np.bool_], IntArray]:
        """The rules, once, for panels x groups integer counts: groups outside 0..size (panels x groups), panel
        sizes, quota counts and quotas broken (panels x quotas), households holding two or more members."""
        outside = (c < 0) | (c > self.sizes)
        if c.shape[0] == 1:  # one panel (every peeling step): matrix-vector products, no sparse conversion
            counts = np.asarray(self.quota_matrix @ c[0], dtype=np.int64)[None, :]
            per_household: Any = np.asarray(self.household_matrix @ c[0])[None, :]
        else:  # sparse: a lottery's thousands of panels times thousands of groups or households
            panels = sp.csr_matrix(c)
            counts = np.asarray((panels @ self.quota_matrix.T).toarray(), dtype=np.int64)
            per_household = sp.csr_matrix(panels @ self.household_matrix.T)
        broken = (counts < self.quota_min) | (counts > self.quota_max)
        crowded = np.asarray((per_household > 1).sum(axis=1), dtype=np.int64).ravel()
        return outside, c.sum(axis=1), counts, broken, crowded

    def is_panel(self, counts: Sequence[int] | IntArray) -> bool:
        return not self.violations(counts)
