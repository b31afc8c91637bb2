"""Immutable pool, quotas and instance, in canonical form, and the grouping of interchangeable persons.

Canonical form is what makes a draw reproducible: persons are sorted by id, categories and values by code
point, whatever the row order, encoding or line endings of the files they came from. Solvers only ever see
canonical order, so no result depends on the order of the input rows or on hash seeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sortition.text import household_key

if TYPE_CHECKING:
    import pandas


@dataclass(frozen=True)
class Quota:
    """``min <= count <= max`` for one category value in the panel; ``share`` is the population target if
    the quota was derived from target shares; ``row`` is its row in the quota file."""

    category: str
    value: str
    min: int
    max: int
    share: Fraction | None = None
    row: int | None = None


@dataclass(frozen=True)
class Quotas:
    """The quota table, in the order of the file it came from (the order people wrote it in)."""

    entries: tuple[Quota, ...]
    file: str | None = None

    @cached_property
    def categories(self) -> tuple[str, ...]:
        """Categories in order of first appearance."""
        return tuple(dict.fromkeys(q.category for q in self.entries))

    @cached_property
    def _by_key(self) -> Mapping[tuple[str, str], Quota]:
        return MappingProxyType({(q.category, q.value): q for q in self.entries})

    def values(self, category: str) -> tuple[str, ...]:
        return tuple(q.value for q in self.entries if q.category == category)

    def get(self, category: str, value: str) -> Quota:
        return self._by_key[(category, value)]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Quotas({len(self.entries)} quotas on {len(self.categories)} categories, file={self.file!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # cached mapping proxies are rebuilt, not pickled
        return (Quotas, (self.entries, self.file))

    def to_frame(self) -> pandas.DataFrame:
        """The quota table as a DataFrame (``category, value, min, max, share``), in file order."""
        import pandas

        rows = [(q.category, q.value, q.min, q.max, float(q.share) if q.share is not None else None) for q in self]
        return pandas.DataFrame(rows, columns=["category", "value", "min", "max", "share"])


@dataclass(frozen=True, eq=False)
class Pool:
    """The volunteers, sorted by id. ``columns`` holds every column but the id, aligned with ``ids``;
    only the category columns are ever published, the others are private."""

    ids: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    id_column: str = "id"
    file: str | None = None
    rows: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if list(self.ids) != sorted(self.ids) or len(set(self.ids)) != len(self.ids):
            raise ValueError(
                "Pool ids must be unique and sorted; build pools with sortition.read_pool or sortition.load_instance"
            )
        for name, column in self.columns.items():
            if len(column) != len(self.ids):
                raise ValueError(f"column {name!r} has {len(column)} cells for {len(self.ids)} persons")
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"Pool({len(self.ids)} persons, columns={list(self.columns)!r}, file={self.file!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Pool, (self.ids, dict(self.columns), self.id_column, self.file, self.rows))

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Position of each id."""
        return MappingProxyType({pid: i for i, pid in enumerate(self.ids)})

    def row_of(self, person: int) -> int | None:
        return self.rows[person] if self.rows else None


@dataclass(frozen=True)
class Group:
    """Persons with the same value in every category and no household tie: interchangeable, so every
    fair lottery can give them the same probability. ``profile`` follows ``Instance.categories``."""

    profile: tuple[str, ...]
    members: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Grouping:
    """A partition of the pool into groups. ``households`` lists, for each household of two or more
    persons (only when the household rule is on), the indices of its members' groups (singletons)."""

    groups: tuple[Group, ...]
    households: tuple[tuple[int, ...], ...] = ()
    group_of: tuple[int, ...] = field(default=(), repr=False)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(g.size for g in self.groups)


@dataclass(frozen=True, eq=False)
class Instance:
    """A pool, its quotas, the panel size ``k`` and the optional household rule.

    ``categories`` and each category's values are in canonical (code point) order; that order, not the
    file's, is the one every solver and every hash sees.
    """

    pool: Pool
    quotas: Quotas
    k: int
    household_columns: tuple[str, ...] = ()

    def __repr__(self) -> str:
        rule = f", households={list(self.household_columns)!r}" if self.household_columns else ""
        return f"Instance(k={self.k}, {len(self.pool)} persons, {len(self.quotas)} quotas{rule})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Instance, (self.pool, self.quotas, self.k, self.household_columns))

    @cached_property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted(self.quotas.categories))

    @cached_property
    def values(self) -> Mapping[str, tuple[str, ...]]:
        """Canonical values of each category."""
        return MappingProxyType({c: tuple(sorted(self.quotas.values(c))) for c in self.categories})

    @cached_property
    def quota_keys(self) -> tuple[tuple[str, str], ...]:
        """(category, value) of every quota, canonical order: the rows of every quota matrix."""
        return tuple((c, v) for c in self.categories for v in self.values[c])

    @cached_property
    def profiles(self) -> tuple[tuple[str, ...], ...]:
        """Each person's values in canonical category order."""
        columns = [self.pool.columns[c] for c in self.categories]
        return tuple(zip(*columns, strict=True)) if columns else tuple(() for _ in self.pool.ids)

    @cached_property
    def households(self) -> tuple[int, ...] | None:
        """Household number of each person (numbered by first appearance in id order), or None when the
        household rule is off. A person whose household cells are all empty lives alone."""
        if not self.household_columns:
            return None
        labels: dict[tuple[str, ...], int] = {}
        out: list[int] = []
        for i in range(len(self.pool)):
            key = tuple(household_key(self.pool.columns[c][i]) for c in self.household_columns)
            token = ("shared", *key) if any(key) else ("alone", str(i))
            out.append(labels.setdefault(token, len(labels)))
        return tuple(out)

    @cached_property
    def household_members(self) -> tuple[tuple[int, ...], ...]:
        """Members of each household of two or more persons (empty when the rule is off)."""
        if self.households is None:
            return ()
        members: dict[int, list[int]] = {}
        for person, household in enumerate(self.households):
            members.setdefault(household, []).append(person)
        return tuple(tuple(m) for _, m in sorted(members.items()) if len(m) > 1)

    def grouping(self, merge: bool = True) -> Grouping:
        """Interchangeable persons merged into groups (``merge``), or one group per person.

        Members of a multi-person household always stay alone in their group: the household rule ties them
        to specific other persons, so they are not interchangeable with look-alikes.
        """
        if merge:
            return self._merged_grouping
        groups = tuple(Group(self.profiles[i], (i,)) for i in range(len(self.pool)))
        return _with_households(groups, self.household_members, len(self.pool))

    @cached_property
    def _merged_grouping(self) -> Grouping:
        tied = {p for members in self.household_members for p in members}
        by_profile: dict[tuple[str, ...], list[int]] = {}
        singles: list[Group] = []
        for i, profile in enumerate(self.profiles):
            if i in tied:
                singles.append(Group(profile, (i,)))
            else:
                by_profile.setdefault(profile, []).append(i)
        groups = [Group(p, tuple(m)) for p, m in by_profile.items()] + singles
        groups.sort(key=lambda g: (g.profile, g.members[0]))
        return _with_households(tuple(groups), self.household_members, len(self.pool))


def _with_households(groups: tuple[Group, ...], household_members: tuple[tuple[int, ...], ...], n: int) -> Grouping:
    group_of = [0] * n
    for gi, group in enumerate(groups):
        for person in group.members:
            group_of[person] = gi
    households = tuple(tuple(group_of[p] for p in members) for members in household_members)
    return Grouping(groups, households, tuple(group_of))
