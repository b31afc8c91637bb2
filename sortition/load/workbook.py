"""Reading one sheet of a workbook (``.xlsx``, ``.xlsm``, ``.ods``, ``.xls``) with python-calamine, safely.

Workbooks come from town halls as they are: several sheets (the pool often not the first one), a stray
cell far away (``XFD1048576``) that makes the used range billions of cells, a declared dimension that
lies, thousands of empty-looking rows, a password, a truncated download. So:

* the sheet is ``sheet`` if given, else the **active** sheet the workbook records (the one the organiser
  last looked at), else the first visible one; when the workbook has several sheets a note says which
  one was read, and hidden sheets are named as hidden;
* before anything is allocated, the cells that hold a value are located by streaming the sheet's XML
  (XLSX, ODS): a used range beyond :data:`MAX_COLUMNS` columns, :data:`MAX_ROWS` rows or
  :data:`MAX_CELLS` cells is refused with the cell that makes it so (a declared dimension is never
  trusted: python-calamine reads every cell);
* trailing empty rows are dropped and counted in a note;
* a password-protected, truncated or corrupt workbook gets a clear problem, never a traceback.

Legacy ``.xls`` files are at most 65,536 rows by 256 columns by format, so they are read without the scan.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from sortition.errors import ProblemCollector
from sortition.text import suggest

MAX_COLUMNS = 1_000
MAX_ROWS = 2_000_000
MAX_CELLS = 10_000_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # also the container of encrypted (password) XLSX files
_XML_LIMIT = 50_000_000  # bytes of workbook.xml / settings.xml read to find the sheets and the active one
_CHUNK = 1 << 22
# The reference of a cell of an XLSX sheet (rows have digits only; ``ref=``/``sqref=`` attributes differ).
_CELL = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,8})"')
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CONFIG = "{urn:oasis:names:tc:opendocument:xmlns:config:1.0}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class SheetRead:
    """The rows of the sheet that was read, which one it was, the workbook's sheets and the notes."""

    rows: list[list[Any]]
    kind: str
    sheet: str
    sheets: tuple[str, ...]
    hidden: tuple[str, ...]
    empty_rows_dropped: int


def column_letters(index: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def read_sheet(p: Path, name: str, sheet: str | None, problems: ProblemCollector) -> SheetRead | None:
    """The chosen sheet's rows (cells as python-calamine gives them), or None with problems added."""
    try:
        import python_calamine as calamine
    except ImportError:  # a core dependency; kept as a problem for broken installs
        problems.add("xlsx-missing-dependency", file=name)
        return None
    kind = _kind(p)
    try:
        with p.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        problems.add("file-unreadable", file=name, reason=exc.strerror or str(exc))
        return None
    if kind in ("xlsx", "ods") and head.startswith(_OLE_MAGIC):
        problems.add("workbook-password", file=name)
        return None
    if kind == "ods" and not _ods_within_limits(p, name, problems):
        return None  # python-calamine reads every sheet of an ODS file when it opens it
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(p))
    except calamine.PasswordError:
        problems.add("workbook-password", file=name)
        return None
    except Exception as exc:  # ZipError, XmlError, CalamineError and the reader's own
        problems.add("workbook-damaged", file=name, reason=_reason(exc))
        return None
    try:
        return _read_chosen(calamine, workbook, p, name, kind, sheet, problems)
    finally:
        workbook.close()


def sheet_choice(p: Path, sheet: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """Which sheet :func:`read_sheet` reads, the workbook's sheets and the hidden ones, from the workbook's
    metadata alone (None if it cannot be told: the full read reports why)."""
    if _kind(p) == "ods" and not _ods_within_limits(p, str(p), ProblemCollector()):
        return None  # opening it would read every sheet: read_sheet reports the problem
    try:
        import python_calamine as calamine

        workbook = calamine.CalamineWorkbook.from_path(str(p))
    except Exception:  # reported, with its reason, by read_sheet
        return None
    try:
        sheets = tuple(str(s) for s in workbook.sheet_names)
        visible = calamine.SheetVisibleEnum.Visible
        hidden = tuple(str(m.name) for m in workbook.sheets_metadata if m.visible != visible)
    finally:
        workbook.close()
    chosen = _choose(p, _kind(p), sheets, hidden, sheet, str(p), ProblemCollector()) if sheets else None
    return (chosen, sheets, hidden) if chosen is not None else None


def _kind(p: Path) -> str:
    kind = p.suffix.lower().lstrip(".")
    return "xlsx" if kind == "xlsm" else kind


def _reason(exc: BaseException) -> str:
    """The kind of damage, without any quoted text: parser messages may quote cell contents (private)."""
    text = re.split(r"['\"`(\[{]", str(exc), maxsplit=1)[0].strip(" :,")
    return (type(exc).__name__ + (": " + text if text else ""))[:120]


def _read_chosen(
    calamine: Any, workbook: Any, p: Path, name: str, kind: str, sheet: str | None, problems: ProblemCollector
) -> SheetRead | None:
    sheets = tuple(str(s) for s in workbook.sheet_names)
    visible = calamine.SheetVisibleEnum.Visible
    hidden = tuple(str(m.name) for m in workbook.sheets_metadata if m.visible != visible)
    if not sheets:
        problems.add("workbook-damaged", file=name, reason="no sheet")
        return None
    chosen = _choose(p, kind, sheets, hidden, sheet, name, problems)
    if chosen is None:
        return None
    try:
        extent = _extent(p, kind, sheets, chosen)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, ValueError) as exc:
        problems.add("workbook-damaged", file=name, reason=_reason(exc))
        return None
    if extent is not None and not _within_limits(chosen, extent, name, problems):
        return None
    try:
        data = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except Exception as exc:  # a missing sheet part, broken XML, an unsupported record
        problems.add("workbook-damaged", file=name, reason=_reason(exc))
        return None
    rows_out: list[list[Any]] = [list(r) for r in data]
    dropped = 0
    while rows_out and not any(str(v).strip() for v in rows_out[-1]):
        rows_out.pop()
        dropped += 1
    width = max((len(r) for r in rows_out[:1]), default=0)
    if not _within_limits(chosen, (len(rows_out), width, column_letters(width) + str(len(rows_out))), name, problems):
        return None  # .xls, not scanned beforehand (bounded by its format)
    if not rows_out:
        problems.add("sheet-empty", file=name, sheet=chosen, **sheet_params(sheets, hidden))
        return None
    return SheetRead(rows_out, kind, chosen, sheets, hidden, dropped)


def _within_limits(sheet: str, extent: tuple[int, int, str], name: str, problems: ProblemCollector) -> bool:
    rows, columns, cell = extent
    if columns <= MAX_COLUMNS and rows <= MAX_ROWS and rows * columns <= MAX_CELLS:
        return True
    problems.add(
        "workbook-too-large",
        file=name,
        sheet=sheet,
        cell=cell,
        rows=rows,
        columns=columns,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_cells=MAX_CELLS,
    )
    return False


def _ods_within_limits(p: Path, name: str, problems: ProblemCollector) -> bool:
    try:
        with zipfile.ZipFile(p) as archive, archive.open("content.xml") as stream:
            extents = _ods_extents(stream)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, ValueError) as exc:
        problems.add("workbook-damaged", file=name, reason=_reason(exc))
        return False
    return all([_within_limits(sheet, extent, name, problems) for sheet, extent in extents.items()])


def sheet_params(sheets: tuple[str, ...], hidden: tuple[str, ...]) -> dict[str, Any]:
    """The sheets of a workbook as messages name them: ``sheets`` and ``hidden`` ("-" if none)."""
    return {"sheets": ", ".join(f"'{s}'" for s in sheets), "hidden": ", ".join(f"'{s}'" for s in hidden) or "-"}


def _choose(
    p: Path,
    kind: str,
    sheets: tuple[str, ...],
    hidden: tuple[str, ...],
    sheet: str | None,
    name: str,
    problems: ProblemCollector,
) -> str | None:
    if sheet is not None:
        if sheet in sheets:
            return sheet
        loose = [s for s in sheets if s.strip().casefold() == sheet.strip().casefold()]
        if len(loose) == 1:
            return loose[0]
        problems.add(
            "sheet-not-found",
            file=name,
            value=sheet,
            suggestion=suggest(sheet, sheets),
            **sheet_params(sheets, hidden),
        )
        return None
    try:
        active = _active_sheet(p, kind, sheets)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, ValueError):
        active = None
    if active is not None:
        return active
    visible = [s for s in sheets if s not in hidden]
    return visible[0] if visible else sheets[0]


def _read_small(archive: zipfile.ZipFile, member: str) -> bytes:
    info = archive.getinfo(member)
    if info.file_size > _XML_LIMIT:
        raise ValueError(f"{member} is too large")
    return archive.read(member)


def _active_sheet(p: Path, kind: str, sheets: tuple[str, ...]) -> str | None:
    """The sheet the workbook shows when opened (XLSX ``activeTab``, ODS ``ActiveTable``), if recorded."""
    if kind == "xlsx":
        with zipfile.ZipFile(p) as archive:
            root = ElementTree.fromstring(_read_small(archive, "xl/workbook.xml"))
        for element in root.iter():
            if element.tag.endswith("workbookView") and element.get("activeTab") is not None:
                tab = int(element.get("activeTab", "0"))
                return sheets[tab] if 0 <= tab < len(sheets) else None
        return None
    if kind == "ods":
        with zipfile.ZipFile(p) as archive:
            if "settings.xml" not in archive.namelist():
                return None
            root = ElementTree.fromstring(_read_small(archive, "settings.xml"))
        for element in root.iter(_CONFIG + "config-item"):
            if element.get(_CONFIG + "name") == "ActiveTable" and element.text in sheets:
                return element.text
    return None


def _extent(p: Path, kind: str, sheets: tuple[str, ...], chosen: str) -> tuple[int, int, str] | None:
    """Rows and columns up to the last cell holding a value, and that cell (None: not scanned)."""
    if kind == "xlsx":
        with zipfile.ZipFile(p) as archive:
            member = _xlsx_sheet_member(archive, chosen)
            if member is None:
                return None
            with archive.open(member) as stream:
                return _xlsx_extent(iter(lambda: stream.read(_CHUNK), b""))
    return None


def _xlsx_sheet_member(archive: zipfile.ZipFile, chosen: str) -> str | None:
    workbook = ElementTree.fromstring(_read_small(archive, "xl/workbook.xml"))
    rid = None
    for element in workbook.iter():
        if element.tag.endswith("}sheet") and element.get("name") == chosen:
            rid = element.get(_RELATIONSHIPS + "id")
    rels = ElementTree.fromstring(_read_small(archive, "xl/_rels/workbook.xml.rels"))
    for element in rels.iter():
        if element.get("Id") == rid and element.get("Target"):
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            return path if path in archive.namelist() else None
    return None


def _xlsx_extent(chunks: Iterator[bytes]) -> tuple[int, int, str]:
    max_row = max_col = 0
    far = "A1"
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        cut = data.rfind(b"<")
        cut = cut if cut > 0 else len(data)
        for match in _CELL.finditer(data, 0, cut):
            row, col = int(match.group(2)), _column_number(match.group(1))
            if row <= max_row and col <= max_col:
                continue
            close = data.find(b">", match.end(), cut)
            if close > 0 and data[close - 1 : close] == b"/":
                continue  # <c r="..." s="1"/>: formatting only, no value
            max_row, max_col = max(max_row, row), max(max_col, col)
            far = match.group(1).decode() + match.group(2).decode()
        tail = data[cut:]
    return max_row, max_col, far


def _ods_extents(stream: Any) -> dict[str, tuple[int, int, str]]:
    """Every table of an ODS content.xml, walked with repeated rows and cells expanded, clearing as it goes."""
    t, office = _TABLE, _OFFICE
    out: dict[str, tuple[int, int, str]] = {}
    name: str | None = None
    row = col = max_row = max_col = 0
    row_repeat = 1
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if tag == t + "table":
            if event == "start":
                name, row, max_row, max_col = element.get(t + "name", ""), 0, 0, 0
            elif name is not None:
                out[name] = (max_row, max_col, column_letters(max_col) + str(max_row))
                element.clear()
        elif tag == t + "table-row":
            if event == "start":
                col = 0
                row_repeat = int(element.get(t + "number-rows-repeated", "1"))
            else:
                row += row_repeat
                element.clear()
        elif tag in (t + "table-cell", t + "covered-table-cell") and event == "end":
            col += int(element.get(t + "number-columns-repeated", "1"))
            if element.get(office + "value-type") is not None or len(element):
                max_row = max(max_row, row + row_repeat)
                max_col = max(max_col, col)
    return out
