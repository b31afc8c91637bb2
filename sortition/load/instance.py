"""Loading and validating pools and quotas into an :class:`~sortition.model.instance.Instance`.

Every check runs and every problem is collected before anything is raised: one :class:`InputError` lists
them all, each naming file, row, column and value. A quota file with any problem still has its categories
and values checked against the pool (so the organiser sees every problem in one pass), but nothing is
ever built from partially loaded quotas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sortition.errors import InputError, ProblemCollector
from sortition.load.cells import (
    MAX_BOUND,
    MAX_SHARE,
    OutOfRange,
    check_cells,
    check_reserved,
    parse_decimal,
    parse_share,
    parse_whole,
)
from sortition.load.shares import bands
from sortition.load.tables import Table, TableSource, id_column_problems, is_frame, read_table, sheet_hint
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.text import fold, suggest

# Accepted quota headers (compared after text.fold): English, French, and the peer library's names.
_QUOTA_ALIASES = {
    "category": ("category", "categorie", "feature", "critere"),
    "value": ("value", "valeur", "name"),
    "min": ("min", "minimum"),
    "max": ("max", "maximum"),
    "share": ("share", "part", "proportion", "target"),
}
_SHARE_TOLERANCE = Fraction(2, 100)  # a category's shares may add up to 0.98..1.02 (rounded figures)


@dataclass(frozen=True)
class _Entry:
    category: str
    value: str
    min: int | None
    max: int | None
    share: Fraction | None
    percent: bool
    row: int


@dataclass(frozen=True)
class _QuotaDraft:
    """What could be read of a quota file; ``complete`` when it had no problem at all."""

    file: str
    entries: tuple[_Entry, ...]
    has_bands: bool
    complete: bool

    def values(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for e in self.entries:
            out.setdefault(e.category, []).append(e.value)
        return out


def _quota_columns(table: Table) -> dict[str, int]:
    found: dict[str, int] = {}
    for j, name in enumerate(table.header):
        key = fold(name)
        for canonical, aliases in _QUOTA_ALIASES.items():
            if key in aliases and canonical not in found:
                found[canonical] = j
    return found


def _parse_quota_table(path: TableSource, problems: ProblemCollector) -> _QuotaDraft | None:
    try:
        table = read_table(path, name="quotas (DataFrame)" if is_frame(path) else None)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    name = table.file
    cols = _quota_columns(table)
    has_bands = "min" in cols and "max" in cols
    if "category" not in cols or "value" not in cols or not (has_bands or "share" in cols):
        problems.add("quota-columns", file=name, row=1, found=", ".join(table.header) or "-")
        return None
    if not table.rows:
        problems.add("quotas-empty", file=name)
        return None
    before = len(problems.problems)
    entries: list[_Entry] = []
    seen: dict[tuple[str, str], int] = {}
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        category, value = row[cols["category"]], row[cols["value"]]
        usable = True
        for field in ("category", "value"):
            if not row[cols[field]]:
                problems.add("quota-empty-field", file=name, row=number, column=table.header[cols[field]], field=field)
                usable = False
        if usable and (category, value) in seen:
            problems.add(
                "quota-duplicate",
                file=name,
                row=number,
                category=category,
                value=value,
                other_row=seen[(category, value)],
            )
            usable = False
        seen.setdefault((category, value), number)
        bounds: dict[str, int | None] = {"min": None, "max": None}
        if has_bands:
            for bound in ("min", "max"):
                text, column = row[cols[bound]], table.header[cols[bound]]
                try:
                    parsed = parse_whole(text) if text else None
                except OutOfRange:
                    problems.add("number-too-large", file=name, row=number, column=column, value=text, high=MAX_BOUND)
                    bounds[bound] = None
                    continue
                if not text:
                    problems.add("quota-empty-field", file=name, row=number, column=column, field=bound)
                elif parsed is None:
                    problems.add("bound-not-integer", file=name, row=number, column=column, value=text, bound=bound)
                elif parsed < 0:
                    problems.add("bound-negative", file=name, row=number, column=column, value=text, bound=bound)
                    parsed = None
                bounds[bound] = parsed
            low, high = bounds["min"], bounds["max"]
            if low is not None and high is not None and low > high:
                problems.add("bound-min-greater-max", file=name, row=number, min=low, max=high)
        share: Fraction | None = None
        percent = False
        if "share" in cols:
            text, column = row[cols["share"]], table.header[cols["share"]]
            try:
                got = parse_share(text) if text else None
                too_large = False
            except OutOfRange:
                got, too_large = None, True
            if too_large:
                problems.add("number-too-large", file=name, row=number, column=column, value=text, high=MAX_SHARE)
            elif not text:
                if not has_bands:
                    problems.add("quota-empty-field", file=name, row=number, column=column, field="share")
            elif got is None:
                problems.add("share-not-number", file=name, row=number, column=column, value=text)
            elif got[0] < 0:
                problems.add("share-negative", file=name, row=number, column=column, value=text)
            else:
                share, percent = got
        if usable:
            entries.append(_Entry(category, value, bounds["min"], bounds["max"], share, percent, number))
    return _QuotaDraft(name, tuple(entries), has_bands, complete=len(problems.problems) == before)


def _normalised_shares(draft: _QuotaDraft, problems: ProblemCollector) -> dict[tuple[str, str], Fraction]:
    """Shares per category scaled to sum to exactly 1 (a category written in percent is divided by 100)."""
    out: dict[tuple[str, str], Fraction] = {}
    for category in dict.fromkeys(e.category for e in draft.entries):
        rows = [e for e in draft.entries if e.category == category and e.share is not None]
        if not rows:
            continue
        total = sum((e.share for e in rows if e.share is not None), Fraction(0))
        percent = any(e.percent for e in rows) or abs(total - 100) <= 100 * _SHARE_TOLERANCE
        scale = Fraction(100) if percent else Fraction(1)
        if total == 0 or abs(total / scale - 1) > _SHARE_TOLERANCE:
            shown = f"{float(total):g}" + ("%" if percent else "")
            problems.add("shares-sum", file=draft.file, row=rows[0].row, category=category, total=shown)
            continue
        for e in rows:
            assert e.share is not None
            out[(category, e.value)] = e.share / total
    return out


def _finish_quotas(
    draft: _QuotaDraft, k: int | None, tolerance: float | str | Fraction, problems: ProblemCollector
) -> Quotas | None:
    before = len(problems.problems)
    shares = _normalised_shares(draft, problems)
    if not draft.has_bands:
        try:
            number = None if isinstance(tolerance, Fraction) else parse_decimal(str(tolerance), 1)
            tol = tolerance if isinstance(tolerance, Fraction) else Fraction(-1) if number is None else Fraction(number)
        except OutOfRange:
            tol = Fraction(-1)
        if not 0 <= tol <= 1:
            problems.add("tolerance-invalid", value=str(tolerance))
        if k is None or not isinstance(k, int) or k < 1:
            problems.add("shares-need-k", file=draft.file)
        if len(problems.problems) > before or not draft.complete:
            return None
        assert k is not None
        banded: dict[tuple[str, str], tuple[int, int]] = {}
        for category in dict.fromkeys(e.category for e in draft.entries):
            per_value = {e.value: shares[(category, e.value)] for e in draft.entries if e.category == category}
            for value, band in bands(per_value, k, tol).items():
                banded[(category, value)] = band
        entries = tuple(
            Quota(e.category, e.value, *banded[(e.category, e.value)], shares[(e.category, e.value)], e.row)
            for e in draft.entries
        )
        return Quotas(entries, draft.file)
    if len(problems.problems) > before or not draft.complete:
        return None
    return Quotas(
        tuple(
            Quota(e.category, e.value, e.min, e.max, shares.get((e.category, e.value)), e.row)
            for e in draft.entries
            if e.min is not None and e.max is not None
        ),
        draft.file,
    )


def read_quotas(
    path: TableSource, *, k: int | None = None, tolerance: float | str | Fraction = Fraction(1, 10)
) -> Quotas:
    """Read a quota file: ``category,value,min,max`` (bands) or ``category,value,share`` (target shares,
    turned into bands for panel size ``k`` by :func:`sortition.load.shares.bands` with ``tolerance``).

    A file with min, max and share columns keeps the bands and records the shares as population targets.
    Headers may also be written in French (categorie, valeur, minimum, maximum, part).
    """
    problems = ProblemCollector()
    draft = _parse_quota_table(path, problems)
    quotas = _finish_quotas(draft, k, tolerance, problems) if draft is not None else None
    problems.raise_if_any()
    assert quotas is not None
    return quotas


def _parse_pool_table(
    path: TableSource, id_column: str, required: Sequence[str], problems: ProblemCollector, sheet: str | None = None
) -> Table | None:
    """The pool's table, with problems for missing columns and for empty or duplicate ids."""
    try:
        table = read_table(path, name="pool (DataFrame)" if is_frame(path) else None, sheet=sheet)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    available = ", ".join(c for c in table.header if c) or "-"
    if table.column_index(id_column) is None:
        id_column_problems(table, id_column, problems)
    for column in dict.fromkeys(required):
        if table.column_index(column) is None and column != id_column:
            problems.add(
                "missing-column",
                file=table.file,
                row=1,
                column=column,
                available=available,
                suggestion=suggest(column, [c for c in table.header if c]),
            )
    if not table.rows:
        problems.add("pool-empty", file=table.file)
        sheet_hint(table, problems)
        return table
    at = table.column_index(id_column)
    if at is not None:
        first_row: dict[str, int] = {}
        for row, number in zip(table.rows, table.row_numbers, strict=True):
            pid = row[at]
            if not pid:
                problems.add("id-empty", file=table.file, row=number, column=id_column)
            elif pid in first_row:
                problems.add(
                    "id-duplicate",
                    file=table.file,
                    row=number,
                    column=id_column,
                    value=pid,
                    other_row=first_row[pid],
                )
            else:
                first_row[pid] = number
    return table


def _pool_from_table(table: Table, id_column: str) -> Pool:
    at = table.header.index(id_column)
    order = sorted(range(len(table.rows)), key=lambda i: table.rows[i][at])
    columns = {
        column: tuple(table.rows[i][j] for i in order) for j, column in enumerate(table.header) if j != at and column
    }
    return Pool(
        ids=tuple(table.rows[i][at] for i in order),
        columns=columns,
        id_column=id_column,
        file=table.file,
        rows=tuple(table.row_numbers[i] for i in order),
    )


def read_pool(
    path: TableSource, *, id_column: str = "id", required_columns: Sequence[str] = (), sheet: str | None = None
) -> Pool:
    """Read a pool file: one row per person, ids in ``id_column``, every other column kept.

    Checks that ids are present and unique (after cleaning) and that ``required_columns`` exist; category
    values are checked against the quotas by :func:`make_instance`.
    """
    problems = ProblemCollector()
    table = _parse_pool_table(path, id_column, required_columns, problems, sheet)
    problems.raise_if_any()
    assert table is not None
    return _pool_from_table(table, id_column)


def check_values(
    file: str | None,
    columns: Mapping[str, Sequence[str]],
    rows: Sequence[int],
    known: Mapping[str, Sequence[str]],
    problems: ProblemCollector,
) -> None:
    """Every empty or unknown category value, in row order (then column order)."""
    found: list[tuple[int, int, str, str]] = []
    for ci, category in enumerate(known):
        if category not in columns:
            continue
        allowed = set(known[category])
        for i, value in enumerate(columns[category]):
            if value not in allowed:
                found.append((rows[i] if rows else 0, ci, category, value))
    for row, _, category, value in sorted(found):
        if not value:
            problems.add("value-empty", file=file, row=row or None, column=category)
        else:
            problems.add(
                "value-unknown",
                file=file,
                row=row or None,
                column=category,
                value=value,
                allowed=", ".join(known[category]),
                suggestion=suggest(value, known[category]),
            )


def check_totals(
    quotas: Quotas, columns: Mapping[str, Sequence[str]], n: int, k: int, problems: ProblemCollector
) -> None:
    """Quota values nobody has (with a positive min), category sums against k, k against the pool."""
    if n and k > n:
        problems.add("k-too-large", k=k, n=n)
    present = {c: set(columns[c]) for c in quotas.categories if c in columns}
    for q in quotas:
        if q.category in present and q.min > 0 and q.value not in present[q.category]:
            problems.add(
                "quota-value-absent",
                file=quotas.file,
                row=q.row,
                category=q.category,
                value=q.value,
                min=q.min,
            )
    for category in quotas.categories:
        entries = [q for q in quotas if q.category == category]
        low, high = sum(q.min for q in entries), sum(q.max for q in entries)
        if low > k:
            problems.add("category-sum-min", file=quotas.file, category=category, total=low, k=k)
        if high < k:
            problems.add("category-sum-max", file=quotas.file, category=category, total=high, k=k)


def valid_k(k: object, problems: ProblemCollector) -> bool:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        problems.add("k-invalid", value=str(k))
        return False
    return True


def check_households(
    household_columns: Sequence[str], categories: Sequence[str], file: str | None, problems: ProblemCollector
) -> None:
    for column in household_columns:
        if column in categories:
            problems.add("category-household-clash", file=file, column=column)


def load_instance(
    pool: TableSource,
    quotas: TableSource,
    k: int,
    *,
    id_column: str = "id",
    household_columns: Sequence[str] = (),
    tolerance: float | str | Fraction = Fraction(1, 10),
    sheet: str | None = None,
) -> Instance:
    """Read and validate a pool and its quotas for a panel of ``k``. Every problem of both files and of
    the parameters is reported in one :class:`InputError`.

    ``pool`` and ``quotas`` are each a path (CSV, XLSX) or a pandas DataFrame; a DataFrame is cleaned like a
    file and its problems carry spreadsheet row numbers (header row 1, first person row 2). ``sheet`` names
    the pool's sheet in a workbook (default: the active sheet, else the first visible one)."""
    problems = ProblemCollector()
    k_ok = valid_k(k, problems)
    draft = _parse_quota_table(quotas, problems)
    table_quotas = _finish_quotas(draft, k if k_ok else None, tolerance, problems) if draft is not None else None
    known = draft.values() if draft is not None else {}
    check_households(household_columns, list(known), draft.file if draft else None, problems)
    check_reserved(list(known), id_column, household_columns, draft.file if draft else None, problems)
    for field in ("category", "value") if draft is not None else ():
        cells = [getattr(e, field) for e in draft.entries]  # type: ignore[union-attr]
        check_cells(draft.file, field, cells, [e.row for e in draft.entries], problems)  # type: ignore[union-attr]
    table = _parse_pool_table(pool, id_column, [*known, *household_columns], problems, sheet)
    if table is not None:
        columns = {c: table.column(c) for c in table.header if c}
        for column in (id_column, *known):
            if column in columns:
                check_cells(table.file, column, columns[column], table.row_numbers, problems)
        check_values(table.file, columns, table.row_numbers, known, problems)
        if table_quotas is not None and k_ok:
            check_totals(table_quotas, columns, len(table.rows), k, problems)
    files = list(dict.fromkeys(p.file for p in problems.problems))
    problems.problems.sort(key=lambda p: (files.index(p.file), p.row or 0))
    problems.raise_if_any()
    assert table is not None and table_quotas is not None
    return Instance(_pool_from_table(table, id_column), table_quotas, k, tuple(household_columns))
