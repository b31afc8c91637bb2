"""Reading the cells that matter: numbers within limits, and ids and category values that are unambiguous
and survive the published files.

Numbers are parsed from their text with a pattern first, so that forms Python accepts but a spreadsheet
does not (``1_0``, ``nan``, ``inf``) are refused and no huge exponent reaches a conversion.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from sortition.errors import ProblemCollector
from sortition.text import invisible

MAX_BOUND = 10**9  # a quota bound beyond this is a typo: no pool is that large
MAX_SHARE = 10**6  # a share (or percentage) beyond this is a typo
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_MAX_EXPONENT = 30  # refused before converting: Decimal('1e999999999') would take forever to make exact


class OutOfRange(ValueError):
    """A well-formed number beyond the limits."""


def parse_decimal(text: str, high: int) -> Decimal | None:
    """A number as organisers write it ('12', '12.0', '0,52', '1 000', '1e3'), or None when it is not one:
    ``1_0``, ``nan``, ``inf`` and other forms Python accepts but a spreadsheet does not are refused. Raises
    :class:`OutOfRange` beyond ``high`` (in absolute value) or for an exponent beyond 30, checked on the
    text, before any conversion, so that no input makes the conversion slow."""
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        return None
    exponent = match.group(1)
    if exponent is not None and (len(exponent.lstrip("+-")) > 3 or abs(int(exponent)) > _MAX_EXPONENT):
        raise OutOfRange(text)
    if len(cleaned) > 60:
        raise OutOfRange(text)
    number = Decimal(cleaned)
    if abs(number) > high:
        raise OutOfRange(text)
    return number


RESERVED_COLUMNS = ("id", "household")  # the published pool.csv's own columns: no category may take them


def check_reserved(
    categories: Sequence[str],
    id_column: str,
    household_columns: Sequence[str],
    file: str | None,
    problems: ProblemCollector,
) -> None:
    """A category named like the id column, a household column or a published column is refused: the
    published files could not be read back (two columns of one name), and the tool would have to guess."""
    for category in categories:
        if category in (id_column, *RESERVED_COLUMNS) and category not in household_columns:
            problems.add("category-reserved", file=file, column=category)


def check_cells(
    file: str | None, column: str, cells: Sequence[str], rows: Sequence[int], problems: ProblemCollector
) -> None:
    """Ids and category values that would mislead (an invisible character: two cells that print the same
    but differ) or not survive the published CSV files (control characters, lone surrogates)."""
    for i, cell in enumerate(cells):
        if cell.isprintable():
            continue
        row = rows[i] if i < len(rows) else None
        found = invisible(cell)
        if found is not None:
            problems.add("invisible-character", file=file, row=row, column=column, position=found[0], char=found[1])
        bad = next((ch for ch in cell if unicodedata.category(ch) in ("Cc", "Cs")), None)
        if bad is not None:
            problems.add("not-portable", file=file, row=row, column=column, value=cell, char=f"U+{ord(bad):04X}")


PERCENT = re.compile(r"^(.*?)\s*%$")


def parse_whole(text: str) -> int | None:
    """Whole numbers, also as Excel writes them ('12.0', '1 000'); :class:`OutOfRange` beyond
    :data:`MAX_BOUND`."""
    number = parse_decimal(text, MAX_BOUND)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_share(text: str) -> tuple[Fraction, bool] | None:
    """A share as an exact fraction, and whether it was written as a percentage."""
    match = PERCENT.match(text)
    number = parse_decimal(match.group(1) if match else text, MAX_SHARE)
    if number is None:
        return None
    return Fraction(number), bool(match)
