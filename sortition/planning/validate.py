"""Checking the rows of a population and of response factors, and aggregating persons into cells.

Every problem is collected with its file, row, column and value (never stopping at the first), so that an
organiser fixes them all in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np

from sortition.errors import ProblemCollector
from sortition.load.tables import Table
from sortition.model.instance import Quotas
from sortition.planning.population import Population
from sortition.text import fold, suggest

# Population and response-factor headers, compared after text.fold (English and French).
_COUNT_ALIASES = ("count", "effectif", "nombre")
_RATE_ALIASES = {
    "category": ("category", "categorie"),
    "value": ("value", "valeur"),
    "factor": ("factor", "facteur"),
}


def parse_number(text: str) -> float | None:
    """A number as organisers type it (``0,5``, ``1 200``), or None."""
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return float(number) if number.is_finite() else None


@dataclass(frozen=True)
class RawPopulation:
    """A population as rows before validation: from a file, or from a scenario's joint table."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int | None, ...]
    weights: tuple[float, ...] | None  # given directly (scenario); else from a count column, or persons


def _header_index(header: Sequence[str], aliases: Sequence[str]) -> int | None:
    for j, name in enumerate(header):
        if fold(name) in aliases:
            return j
    return None


def read_factors(
    table: Table, columns: Mapping[str, Sequence[str]], known: Mapping[str, Sequence[str]], problems: ProblemCollector
) -> dict[str, dict[str, float]]:
    """Response factors from ``category,value,factor`` rows; ``columns`` are the population's columns
    (their values), ``known`` the quota values of the quota categories."""
    name = table.file
    at = {key: _header_index(table.header, aliases) for key, aliases in _RATE_ALIASES.items()}
    if any(j is None for j in at.values()):
        problems.add("plan-rates-columns", file=name, row=1, found=", ".join(table.header) or "-")
        return {}
    if not table.rows:
        problems.add("plan-rates-empty", file=name)
        return {}
    jc, jv, jf = (at[key] for key in ("category", "value", "factor"))
    assert jc is not None and jv is not None and jf is not None
    factors: dict[str, dict[str, float]] = {}
    seen: dict[tuple[str, str], int] = {}
    present: dict[str, list[str]] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        category, value, text = row[jc], row[jv], row[jf]
        usable = True
        for j in (jc, jv, jf):
            if not row[j]:
                problems.add("plan-rates-empty-field", file=name, row=number, column=table.header[j])
                usable = False
        if not usable:
            continue
        if category not in columns:
            problems.add(
                "plan-rates-category-unknown",
                file=name,
                row=number,
                column=table.header[jc],
                value=category,
                available=", ".join(columns) or "-",
                suggestion=suggest(category, columns),
            )
            usable = False
        else:
            allowed = known.get(category) or present.setdefault(category, sorted(set(columns[category]) - {""}))
            if value not in allowed:
                problems.add(
                    "plan-rates-value-unknown",
                    file=name,
                    row=number,
                    column=table.header[jv],
                    value=value,
                    category=category,
                    allowed=_short_list(allowed),
                    suggestion=suggest(value, allowed),
                )
                usable = False
        factor = parse_number(text)
        if factor is None or factor < 0:
            problems.add("plan-rates-factor-invalid", file=name, row=number, column=table.header[jf], value=text)
            usable = False
        if (category, value) in seen:
            problems.add(
                "plan-rates-duplicate",
                file=name,
                row=number,
                category=category,
                value=value,
                other_row=seen[(category, value)],
            )
            usable = False
        seen.setdefault((category, value), number)
        if usable and factor is not None:
            factors.setdefault(category, {})[value] = factor
    return factors


def _short_list(values: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (", ..." if len(values) > limit else "")


def raw_from_table(table: Table) -> RawPopulation:
    return RawPopulation(table.file, table.header, table.rows, tuple(table.row_numbers), None)


def build_population(
    raw: RawPopulation,
    quotas: Quotas | None,
    extra: Sequence[str],
    problems: ProblemCollector,
) -> Population | None:
    """Validate the rows against the quotas and aggregate them into cells.

    Categories are the quota categories, then the ``extra`` columns the response factors use. A ``count``
    column makes every row a cell with that weight; otherwise every row is a person (an ``id`` column, if
    any, must hold unique ids).
    """
    name = raw.source
    before = len(problems.problems)
    quota_categories = quotas.categories if quotas is not None else ()
    categories = tuple(dict.fromkeys([*quota_categories, *extra]))
    header = raw.header
    available = ", ".join(c for c in header if c) or "-"
    for column in categories:
        if column not in header:
            problems.add(
                "missing-column",
                file=name,
                row=1,
                column=column,
                available=available,
                suggestion=suggest(column, [c for c in header if c]),
            )
    if not raw.rows:
        problems.add("plan-population-empty", file=name)
    if len(problems.problems) > before or quotas is None:
        return None
    count_at = _header_index(header, _COUNT_ALIASES) if raw.weights is None else None
    weights: list[float] = []
    if raw.weights is not None:
        weights = list(raw.weights)
    elif count_at is not None:
        for row, number in zip(raw.rows, raw.row_numbers, strict=True):
            count = parse_number(row[count_at]) if row[count_at] else None
            if count is None or count < 0:
                problems.add("plan-count-invalid", file=name, row=number, column=header[count_at], value=row[count_at])
                count = 0.0
            weights.append(count)
    else:
        weights = [1.0] * len(raw.rows)
        id_at = header.index("id") if "id" in header else None
        if id_at is not None:
            first: dict[str, int | None] = {}
            for row, number in zip(raw.rows, raw.row_numbers, strict=True):
                pid = row[id_at]
                if not pid:
                    problems.add("id-empty", file=name, row=number, column="id")
                elif pid in first:
                    problems.add("id-duplicate", file=name, row=number, column="id", value=pid, other_row=first[pid])
                else:
                    first[pid] = number
    values: list[tuple[str, ...]] = []
    for category in categories:
        if category in quota_categories:
            values.append(quotas.values(category))
        else:
            j = header.index(category)
            values.append(tuple(sorted({row[j] for row in raw.rows})))
    index = [{v: i for i, v in enumerate(vs)} for vs in values]
    columns = [header.index(c) for c in categories]
    codes = np.zeros((len(raw.rows), len(categories)), dtype=np.int64)
    found: list[tuple[int, int, str, str]] = []
    for r, row in enumerate(raw.rows):
        for c, j in enumerate(columns):
            code = index[c].get(row[j])
            if code is None:
                found.append((r, c, categories[c], row[j]))
            else:
                codes[r, c] = code
    for r, _, category, value in found:
        number = raw.row_numbers[r]
        if not value:
            problems.add("value-empty", file=name, row=number, column=category)
        else:
            allowed = values[categories.index(category)]
            problems.add(
                "value-unknown",
                file=name,
                row=number,
                column=category,
                value=value,
                allowed=", ".join(allowed),
                suggestion=suggest(value, allowed),
            )
    total = sum(weights)
    if not problems.problems[before:] and total <= 0:
        problems.add("plan-population-empty", file=name)
    if len(problems.problems) > before:
        return None
    cells, inverse = np.unique(codes, axis=0, return_inverse=True)
    cell_weights = np.bincount(inverse.reshape(-1), weights=np.asarray(weights, dtype=np.float64), minlength=len(cells))
    keep = cell_weights > 0
    return Population(
        categories=categories,
        values=tuple(values),
        codes=np.asarray(cells[keep], dtype=np.int64),
        weights=np.asarray(cell_weights[keep], dtype=np.float64),
        persons=raw.weights is None and count_at is None,
        source=name,
    )
