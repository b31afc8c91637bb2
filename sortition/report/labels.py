"""Display labels and order of the quotas: what the public reads instead of raw column names (``pcs``,
``territoire_densite``), in the order the organiser wrote the quota file (published files are in code point
order, which is the hashes' order, not the reader's).

Labels come from optional columns of the quota file (``label`` for a value, ``category_label`` for its
category) or from a labels file ``category,value,label`` (an empty value labels the category). ``prepare``
records them in the commitment (``labels``: ``[category, value, label]`` rows, category labels first with an
empty value, then every quota in the quota file's order), so they are published and covered by its hash like
everything else; the report falls back to the raw names and code point order without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sortition.errors import ProblemCollector
from sortition.load.tables import TableSource, read_table
from sortition.protocol.files import from_spreadsheet_safe

_CATEGORY = ("category", "categorie", "catégorie")
_VALUE = ("value", "valeur")
_LABEL = ("label", "libelle", "libellé")
_CATEGORY_LABEL = ("category_label", "libelle_categorie", "libellé_catégorie")


@dataclass(frozen=True)
class Labels:
    """``order``: (category, value) pairs in reading order; ``values`` and ``categories``: display labels."""

    order: tuple[tuple[str, str], ...] = ()
    values: Mapping[tuple[str, str], str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)

    def label(self, category: str, value: str | None = None) -> str:
        """The display label of a value (of the category when ``value`` is None), else its raw name."""
        if value is None:
            return self.categories.get(category, category)
        return self.values.get((category, value), value)

    def rank(self, category: str, value: str) -> tuple[int, int]:
        """Sort key putting quotas in reading order (unknown ones last, in their given order)."""
        categories = list(dict.fromkeys(c for c, _ in self.order))
        big = len(self.order) + 1
        c = categories.index(category) if category in categories else big
        v = self.order.index((category, value)) if (category, value) in self.order else big
        return c, v

    def merged(self, other: Labels) -> Labels:
        """These labels overridden by ``other``; the order is these labels' (the quota file's, recorded at
        prepare) unless they have none."""
        return Labels(
            self.order or other.order,
            {**self.values, **other.values},
            {**self.categories, **other.categories},
        )


def _column(header: Sequence[str], names: Iterable[str]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def read_labels(source: TableSource, *, published: bool = False) -> Labels:
    """Labels and order from a quota file (optional ``label``, ``category_label`` columns) or a labels file
    (``category,value,label``; an empty value labels the category). Raises InputError naming the file when
    it has no category column. ``published``: a file this tool wrote (its cells made spreadsheet-safe)."""
    table = read_table(source)
    if published:
        table = replace(table, rows=tuple(tuple(from_spreadsheet_safe(c) for c in row) for row in table.rows))
    at_category, at_value = _column(table.header, _CATEGORY), _column(table.header, _VALUE)
    at_label, at_category_label = _column(table.header, _LABEL), _column(table.header, _CATEGORY_LABEL)
    if at_category is None or at_value is None:
        problems = ProblemCollector()
        problems.add("quota-columns", file=table.file, row=1, found=", ".join(table.header) or "-")
        problems.raise_if_any()
    assert at_category is not None and at_value is not None
    order: list[tuple[str, str]] = []
    values: dict[tuple[str, str], str] = {}
    categories: dict[str, str] = {}
    for row in table.rows:
        category, value = row[at_category], row[at_value]
        if not category:
            continue
        label = row[at_label] if at_label is not None else ""
        if at_category_label is not None and row[at_category_label]:
            categories[category] = row[at_category_label]
        if not value:
            if label:
                categories[category] = label
            continue
        order.append((category, value))
        if label:
            values[(category, value)] = label
    return Labels(tuple(order), values, categories)


def labels_of(commitment: Mapping[str, object]) -> Labels:
    """The labels and order a commitment records, or no labels (an older draw, or a replacement)."""
    rows = commitment.get("labels")
    if not isinstance(rows, list):
        return Labels()
    order: list[tuple[str, str]] = []
    values: dict[tuple[str, str], str] = {}
    categories: dict[str, str] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row)):
            return Labels()  # not what prepare writes: verify names it, the report shows raw names
        category, value, label = row
        if not value:
            categories[category] = label
            continue
        order.append((category, value))
        if label:
            values[(category, value)] = label
    return Labels(tuple(order), values, categories)


def labels_record(order: Sequence[tuple[str, str]], labels: Labels) -> list[list[str]]:
    """The commitment's ``labels``: category label rows (empty value) then one row per quota, in ``order``."""
    rows: list[list[str]] = []
    for category in dict.fromkeys(c for c, _ in order):
        if category in labels.categories:
            rows.append([category, "", labels.categories[category]])
    rows += [[c, v, labels.values.get((c, v), "")] for c, v in order]
    return rows
