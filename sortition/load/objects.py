"""An instance from objects built in code (a notebook's own :class:`Pool` and :class:`Quotas`): cleaned and
validated exactly as :func:`sortition.load.instance.load_instance` cleans and validates files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sortition.errors import ProblemCollector
from sortition.load.cells import check_cells, check_reserved
from sortition.load.instance import check_households, check_totals, check_values, valid_k
from sortition.model.instance import Instance, Pool, Quotas
from sortition.text import clean, suggest


def validate_instance(pool: Pool, quotas: Quotas, k: int, household_columns: Sequence[str] = ()) -> ProblemCollector:
    """Every problem of an already-read pool against the quotas and ``k``."""
    problems = ProblemCollector()
    k_ok = valid_k(k, problems)
    if len(pool) == 0:
        problems.add("pool-empty", file=pool.file)
    check_households(household_columns, quotas.categories, quotas.file, problems)
    check_reserved(quotas.categories, pool.id_column, household_columns, quotas.file, problems)
    check_cells(pool.file, pool.id_column, pool.ids, pool.rows, problems)
    for column in quotas.categories:
        check_cells(pool.file, column, pool.columns.get(column, ()), pool.rows, problems)
    available = ", ".join((pool.id_column, *pool.columns))
    for column in (*quotas.categories, *household_columns):
        if column not in pool.columns:
            problems.add(
                "missing-column",
                file=pool.file,
                row=1,
                column=column,
                available=available,
                suggestion=suggest(column, pool.columns),
            )
    known = {c: quotas.values(c) for c in quotas.categories}
    check_values(pool.file, pool.columns, pool.rows, known, problems)
    if k_ok:
        check_totals(quotas, pool.columns, len(pool), k, problems)
    return problems


def _cleaned(pool: Pool, quotas: Quotas) -> tuple[Pool, Quotas]:
    """The same cleaning as the file route (trimmed, NFC) for objects built by hand; a pool built without
    row numbers gets its persons' positions as rows (first person row 2), so that messages point somewhere."""
    rows = pool.rows or tuple(range(2, len(pool) + 2))
    ids = [clean(pid) for pid in pool.ids]
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    columns = {clean(c): tuple(clean(values[i]) for i in order) for c, values in pool.columns.items()}
    problems = ProblemCollector()
    seen: dict[str, int] = {}
    for i in order:
        if ids[i] in seen:
            problems.add(
                "id-duplicate", file=pool.file, row=rows[i], column=pool.id_column, value=ids[i], other_row=seen[ids[i]]
            )
        seen.setdefault(ids[i], rows[i])
    problems.raise_if_any()
    cleaned = Pool(tuple(ids[i] for i in order), columns, pool.id_column, pool.file, tuple(rows[i] for i in order))
    entries = tuple(replace(q, category=clean(q.category), value=clean(q.value)) for q in quotas)
    return cleaned, Quotas(entries, quotas.file)


def make_instance(pool: Pool, quotas: Quotas, k: int, household_columns: Sequence[str] = ()) -> Instance:
    """Validate and assemble an instance from objects built in code; raises :class:`InputError` with every
    problem. Cells are cleaned as :func:`load_instance` cleans a file's."""
    pool, quotas = _cleaned(pool, quotas)
    household_columns = tuple(clean(c) for c in household_columns)
    validate_instance(pool, quotas, k, household_columns).raise_if_any()
    return Instance(pool, quotas, k, household_columns)
