"""The panels found so far, distinct and in the order found, stored compactly.

Column generation and peeling both collect panels; a panel holds k persons of up to tens of thousands of
groups, so each is kept as its nonzero groups and counts, and the dense panels x groups array is built once.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class ColumnPool:
    """Distinct compositions seen so far, in the order found (no hash-order dependence). Each is kept as its
    nonzero groups and counts: a panel holds k persons of up to tens of thousands of groups, and thousands of
    dense rows were most of the memory at 100,000 persons. ``matrix()`` builds the dense array once."""

    def __init__(self, n_groups: int) -> None:
        self._groups: list[npt.NDArray[np.int32]] = []
        self._counts: list[npt.NDArray[np.int32]] = []
        self._index: dict[bytes, int] = {}
        self.n_groups = n_groups

    @staticmethod
    def _compact(composition: IntArray) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], bytes]:
        row = np.asarray(composition)
        groups = np.flatnonzero(row).astype(np.int32)
        counts = row[groups].astype(np.int32)
        return groups, counts, groups.tobytes() + counts.tobytes()  # equal lengths: the split is unambiguous

    def add(self, composition: IntArray) -> bool:
        groups, counts, key = self._compact(composition)
        if key in self._index:
            return False
        self._index[key] = len(self._groups)
        self._groups.append(groups)
        self._counts.append(counts)
        return True

    def position(self, composition: IntArray) -> int:
        return self._index[self._compact(composition)[2]]

    def covered(self) -> BoolArray:
        """The groups that sit on at least one panel."""
        out = np.zeros(self.n_groups, dtype=bool)
        for groups in self._groups:
            out[groups] = True
        return out

    def matrix(self) -> IntArray:
        out = np.zeros((len(self._groups), self.n_groups), dtype=np.int64)
        for i, (groups, counts) in enumerate(zip(self._groups, self._counts, strict=True)):
            out[i, groups] = counts
        return out

    def __len__(self) -> int:
        return len(self._groups)
