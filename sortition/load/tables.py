"""Reading spreadsheets as organisers export them.

Reading accepts CSV (delimiter ``,`` ``;`` or tab, detected from the header line; UTF-8 with or without BOM,
UTF-16 with BOM, or Windows-1252 as written by French Excel; CRLF, LF or CR; a UTF-8 file with a few rows in
another encoding is reported with those rows, never decoded silently as Windows-1252), workbooks (``.xlsx``,
``.xlsm``, ``.ods``, ``.xls``, one sheet, read with python-calamine: see :mod:`sortition.load.workbook`) and
pandas DataFrames. Every cell is cleaned with :func:`sortition.text.clean`. Rows keep their
spreadsheet number (header = row 1) so that every message can point at the row the organiser sees.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, Union

from sortition.errors import ProblemCollector
from sortition.i18n.catalogue import translate
from sortition.load.workbook import WORKBOOK_SUFFIXES, read_sheet, sheet_choice, sheet_params
from sortition.text import clean, fold, suggest

if TYPE_CHECKING:
    import pandas

_DELIMITERS = (";", ",", "\t")
_MIXED_ROWS_SHOWN = 10
# Words of a header that reads as an identifier (after text.fold): "N° dossier", "Numéro", "Identifiant".
_ID_WORDS = ("id", "n", "no", "num", "numero", "dossier", "identifiant", "ref", "reference", "matricule")


@dataclass(frozen=True)
class Note:
    """Something the reader did that the organiser should know (which sheet, rows dropped); not an error."""

    key: str
    params: tuple[tuple[str, str | int], ...] = ()

    def message(self, lang: str = "en") -> str:
        return translate(self.key, lang, **dict(self.params))


@dataclass(frozen=True)
class Table:
    """A cleaned spreadsheet: header, data rows (padded to the header's width) and their row numbers."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str
    delimiter: str | None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    hidden_sheets: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()

    def column_index(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None

    def column(self, name: str) -> tuple[str, ...]:
        j = self.header.index(name)
        return tuple(row[j] for row in self.rows)


TableSource = Union[str, "os.PathLike[str]", "pandas.DataFrame"]


def is_frame(source: object) -> TypeGuard[pandas.DataFrame]:
    """Whether ``source`` is a pandas DataFrame (duck-typed: pandas is imported only by those who use it)."""
    return hasattr(source, "columns") and hasattr(source, "itertuples") and hasattr(source, "shape")


def source_name(source: TableSource, name: str | None = None) -> str:
    """How messages name a table: its path, or the name given to a DataFrame."""
    if name is not None:
        return name
    return "DataFrame" if is_frame(source) else str(source)


def read_table(source: TableSource, *, name: str | None = None, sheet: str | None = None) -> Table:
    """Read a CSV file, a workbook or a pandas DataFrame into a cleaned :class:`Table`; raise
    :class:`InputError` listing every problem found in it.

    ``sheet`` names the sheet of a workbook (default: the active sheet, else the first visible one). A
    DataFrame goes through the same cleaning as a file: its column names are the header (row 1) and its
    ``i``-th row is row ``i + 2``, as in the spreadsheet it was read from with pandas' defaults.
    """
    label = source_name(source, name)
    if is_frame(source):
        return _tabulate(_frame_rows(source), label, "DataFrame", None)
    p = Path(source)  # type: ignore[arg-type]  # not a DataFrame: a path
    problems = ProblemCollector()
    if not p.is_file():
        problems.add("file-not-found", file=label)
        problems.raise_if_any()
    if p.suffix.lower() in WORKBOOK_SUFFIXES:
        read = read_sheet(p, label, sheet, problems)
        problems.raise_if_any()
        assert read is not None
        table = _tabulate([[cell_text(v) for v in row] for row in read.rows], label, read.kind, None)
        notes = list(_sheet_note(read.sheet, read.sheets, read.hidden))
        if read.empty_rows_dropped:
            notes.append(Note("note.empty-rows-dropped", (("count", read.empty_rows_dropped),)))
        return replace(
            table, sheet=read.sheet, sheets=read.sheets, hidden_sheets=read.hidden, notes=(*table.notes, *notes)
        )
    raw_rows, encoding, delimiter = _read_csv(p, label, problems)
    problems.raise_if_any()
    return _tabulate(raw_rows, label, encoding, delimiter)


def sheet_notes(source: TableSource, sheet: str | None = None) -> tuple[Note, ...]:
    """Which sheet of a workbook is read, when it has several (for front ends to show before loading);
    empty for CSV files, DataFrames and workbooks of one sheet."""
    if is_frame(source) or Path(source).suffix.lower() not in WORKBOOK_SUFFIXES:  # type: ignore[arg-type]
        return ()
    found = sheet_choice(Path(source), sheet)  # type: ignore[arg-type]
    return _sheet_note(*found) if found is not None else ()


def _sheet_note(sheet: str, sheets: tuple[str, ...], hidden: tuple[str, ...]) -> tuple[Note, ...]:
    if len(sheets) < 2:
        return ()
    return (Note("note.sheet-read", (("sheet", sheet), *sheet_params(sheets, hidden).items())),)


def id_column_problems(table: Table, id_column: str, problems: ProblemCollector) -> None:
    """The id column is missing: say so, with a spelling suggestion if a header is close, else suggest
    ``--id-column`` for a column that looks like ids (every value present and unique; names that read as
    ids first), and name the workbook's sheets if another one may hold the pool."""
    named = [c for c in table.header if c]
    available = ", ".join(named) or "-"
    spelled = suggest(id_column, named)
    candidates = [c for c in named if spelled is None and _looks_like_ids(table, c)]
    candidates.sort(key=lambda c: not any(word in fold(c).split() for word in _ID_WORDS))
    if candidates:
        problems.add(
            "missing-id-column", file=table.file, row=1, column=id_column, available=available, candidate=candidates[0]
        )
    else:
        problems.add(
            "missing-column", file=table.file, row=1, column=id_column, available=available, suggestion=spelled
        )
    sheet_hint(table, problems)


def _looks_like_ids(table: Table, column: str) -> bool:
    values = table.column(column)
    return len(values) > 1 and all(values) and len(set(values)) == len(values)


def sheet_hint(table: Table, problems: ProblemCollector) -> None:
    """When a workbook has several sheets, name them (the pool may be on another one)."""
    if table.sheet is not None and len(table.sheets) > 1:
        problems.add(
            "sheet-hint", file=table.file, sheet=table.sheet, **sheet_params(table.sheets, table.hidden_sheets)
        )


def _frame_rows(frame: pandas.DataFrame) -> list[list[str]]:
    """Header and cells of a DataFrame as text, missing values (NaN, None, NaT, pd.NA) as empty cells."""
    import pandas

    def text(value: object) -> str:
        return "" if _is_missing(pandas, value) else cell_text(value)

    header = [text(c) for c in frame.columns]
    return [header, *([text(v) for v in row] for row in frame.itertuples(index=False, name=None))]


def _is_missing(pandas: Any, value: object) -> bool:
    try:
        return bool(pandas.isna(value))
    except (TypeError, ValueError):  # containers are never missing values
        return False


def _decode(data: bytes, name: str, problems: ProblemCollector) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: Sequence[str] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        if b"\x00" in data:
            problems.add("file-binary", file=name)
            return "", ""
        candidates = ("utf-8", "cp1252")
        mixed = _undecodable_lines(data)
        if mixed:
            shown = ", ".join(str(n) for n in mixed[:_MIXED_ROWS_SHOWN]) + (", ..." if len(mixed) > 10 else "")
            problems.add("file-encoding-mixed", file=name, rows=shown, count=len(mixed))
            return "", ""
    first_error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if "\x00" in text:
            problems.add("file-binary", file=name)
            return "", ""
        return text, {"utf-8-sig": "utf-8-bom", "cp1252": "windows-1252"}.get(encoding, encoding)
    assert first_error is not None
    bad = data[first_error.start : first_error.start + 1].hex()
    problems.add("file-encoding", file=name, byte=bad, offset=first_error.start)
    return "", ""


def _undecodable_lines(data: bytes) -> list[int]:
    """Lines (1-based) that are not UTF-8 in a file whose other non-ASCII lines are: a UTF-8 export with a few
    rows pasted from elsewhere. Empty when the file is all UTF-8, or has no valid UTF-8 beyond ASCII (a
    genuine Windows-1252 file, decoded as such)."""
    bad: list[int] = []
    utf8_seen = False
    for number, line in enumerate(data.splitlines(), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
        else:
            utf8_seen = True
    return bad if utf8_seen else []


def _detect_delimiter(text: str) -> str:
    """The candidate that occurs most often, outside quotes, in the first record (the header)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_csv(p: Path, name: str, problems: ProblemCollector) -> tuple[list[list[str]], str, str | None]:
    try:
        data = p.read_bytes()
    except OSError as exc:
        problems.add("file-unreadable", file=name, reason=exc.strerror or str(exc))
        return [], "", None
    if not data.strip():
        problems.add("file-empty", file=name)
        return [], "", None
    text, encoding = _decode(data, name, problems)
    if not encoding:
        return [], "", None
    delimiter = _detect_delimiter(text)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        problems.add("file-unreadable", file=name, row=len(rows) + 1, reason=str(exc))
    return rows, encoding, delimiter


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


def _tabulate(raw_rows: list[list[str]], name: str, encoding: str, delimiter: str | None) -> Table:
    problems = ProblemCollector()
    cleaned = [[clean(cell) for cell in row] for row in raw_rows]
    numbered = [(i + 1, row) for i, row in enumerate(cleaned) if any(row)]
    if not numbered:
        problems.add("header-empty", file=name, row=1)
        problems.raise_if_any()
    header = list(numbered[0][1])
    while header and not header[-1]:
        header.pop()
    seen: dict[str, int] = {}
    for j, column in enumerate(header):
        if column and column in seen:
            problems.add(
                "header-duplicate",
                file=name,
                row=numbered[0][0],
                column=column,
                first=seen[column] + 1,
                second=j + 1,
            )
        seen.setdefault(column, j)
    width = len(header)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    for number, row in numbered[1:]:
        extra = row[width:]
        if any(extra):
            shown = ", ".join(str(width + j + 1) for j, c in enumerate(extra) if c)  # positions, never the cells
            problems.add("row-too-long", file=name, row=number, cells=len(row), expected=width, extra=shown)
            continue
        rows.append(tuple(row[:width]) + ("",) * (width - len(row)))
        numbers.append(number)
    problems.raise_if_any()
    return Table(name, tuple(header), tuple(rows), tuple(numbers), encoding, delimiter)
