"""Reading spreadsheets as organisers export them, and writing outputs atomically.

Reading accepts CSV (delimiter ``,`` ``;`` or tab, detected from the header line; UTF-8 with or without BOM,
UTF-16 with BOM, or Windows-1252 as written by French Excel; CRLF, LF or CR) and XLSX (first sheet, needs the
``xlsx`` extra). Every cell is cleaned with :func:`sortition.text.clean`. Rows keep their spreadsheet number
(header = row 1) so that every message can point at the row the organiser sees.

Writing goes to a temporary file in the same directory followed by :func:`os.replace`, so a reader sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sortition.errors import ProblemCollector
from sortition.text import clean

_DELIMITERS = (";", ",", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A cleaned spreadsheet: header, data rows (padded to the header's width) and their row numbers."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str
    delimiter: str | None

    def column_index(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None

    def column(self, name: str) -> tuple[str, ...]:
        j = self.header.index(name)
        return tuple(row[j] for row in self.rows)


def read_table(path: str | os.PathLike[str]) -> Table:
    """Read a CSV or XLSX file; raise :class:`InputError` listing every problem found in it."""
    p = Path(path)
    name = str(path)
    problems = ProblemCollector()
    if not p.is_file():
        problems.add("file-not-found", file=name)
        problems.raise_if_any()
    if p.suffix.lower() in XLSX_SUFFIXES:
        raw_rows, encoding, delimiter = _read_xlsx(p, name, problems)
    else:
        raw_rows, encoding, delimiter = _read_csv(p, name, problems)
    problems.raise_if_any()
    return _tabulate(raw_rows, name, encoding, delimiter)


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


def _xlsx_cell(value: object) -> str:
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


def _read_xlsx(p: Path, name: str, problems: ProblemCollector) -> tuple[list[list[str]], str, str | None]:
    try:
        import openpyxl
    except ImportError:
        problems.add("xlsx-missing-dependency", file=name)
        return [], "", None
    try:
        workbook = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for corrupt files
        problems.add("xlsx-unreadable", file=name, reason=type(exc).__name__ + ": " + str(exc)[:200])
        return [], "", None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        problems.add("file-empty", file=name)
    return rows, "xlsx", None


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
            shown = ", ".join(repr(c) for c in extra if c)
            problems.add("row-too-long", file=name, row=number, cells=len(row), expected=width, extra=shown)
            continue
        rows.append(tuple(row[:width]) + ("",) * (width - len(row)))
        numbers.append(number)
    problems.raise_if_any()
    return Table(name, tuple(header), tuple(rows), tuple(numbers), encoding, delimiter)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Refuses to replace an existing file unless ``overwrite``: a published output is a record.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def write_directory(target: str | os.PathLike[str], files: dict[str, bytes], *, replace: bool = False) -> None:
    """Create directory ``target`` holding exactly ``files``, all at once.

    The files are written to a temporary sibling directory which is then renamed into place, so an
    interruption leaves either no directory (or the previous one) or the complete new one. An existing
    ``target`` is only replaced when ``replace`` is true (atomically where the system can swap two
    directories; otherwise the old one is moved aside first).
    """
    import shutil

    final = Path(target)
    if final.exists() and not replace:
        raise FileExistsError(str(final))
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="." + final.name + ".", suffix=".tmp", dir=final.parent))
    try:
        os.chmod(staging, 0o755)
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if not final.exists():
            os.rename(staging, final)
            return
        if _exchange(staging, final):
            shutil.rmtree(staging)  # staging now holds the previous directory
            return
        aside = final.with_name("." + final.name + ".previous")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(final, aside)
        os.rename(staging, final)
        shutil.rmtree(aside)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_directory(source: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every regular file under ``source`` (relative names with '/'), for rewriting with additions."""
    root = Path(source)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(cell: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP rule): a leading ``= + - @``, tab or
    carriage return gets a leading apostrophe. A leading apostrophe is doubled too, so that
    :func:`from_spreadsheet_safe` restores every cell exactly."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def from_spreadsheet_safe(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 CSV, comma-separated, LF line endings, every text cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(str(h)) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue().encode("utf-8")
