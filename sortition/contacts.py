"""The contact lists of a draw: who to phone, in what order, ready for a mail merge. Private, never published.

After a draw the organiser must reach the panel, then the reserves in order. The public files name persons
by published id only; these lists join them back to the pool as given (original id, names, phones, e-mails,
addresses, every column) through the private side, so nobody joins files by hand. After a replacement they
also say who is new, who left and why, and mark the new members in the whole current panel.

Two renderings of the same sheets: one XLSX workbook (one sheet per list; cells written as text, so a
value such as ``=HYPERLINK(...)`` typed in a volunteer form is never run as a formula), and one CSV per list
in UTF-8 with a byte-order mark and ``;`` between cells. The byte-order mark makes Excel read accents right;
``;`` is the list separator of Excel under a French locale (where ``,`` is the decimal comma), so a
double-click opens the file in columns. Word's and LibreOffice's mail merges read both. CSV cells that a
spreadsheet would run as a formula get a leading apostrophe, as in every CSV file the toolkit writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sortition.i18n.catalogue import translate
from sortition.protocol.files import spreadsheet_safe
from sortition.protocol.private import PrivateSide

WORKBOOK = "contacts.xlsx"
SHEETS = ("new", "changes", "panel", "reserves")  # the order of the workbook's sheets and of contact_files
CSV_SEPARATOR = ";"


def csv_name(sheet: str) -> str:
    return f"contacts-{sheet}.csv"


CONTACT_FILES = (WORKBOOK, *(csv_name(s) for s in SHEETS))


@dataclass(frozen=True)
class Sheet:
    """One contact list: ``name`` is one of :data:`SHEETS`; ``title`` its translated sheet title."""

    name: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _person_header(side: PrivateSide, lang: str) -> list[str]:
    published = [translate("contacts.col-published-id", lang)] if side.pseudonymised else []
    return [side.id_column, *side.columns, *published]


def _person(side: PrivateSide, published_id: str) -> list[str]:
    values = side.values[published_id]
    published = [published_id] if side.pseudonymised else []
    return [side.original_of[published_id], *(values[c] for c in side.columns), *published]


def _by_original_id(side: PrivateSide, ids: Sequence[str]) -> list[str]:
    return sorted(ids, key=lambda pid: side.original_of[pid])


def contact_sheets(
    side: PrivateSide,
    panel: Sequence[str],
    reserves: Sequence[tuple[int, str]],
    replacement: Mapping[str, Any] | None,
    lang: str = "en",
) -> tuple[Sheet, ...]:
    """The lists of a draw: ``panel`` (the whole current panel, by published id), ``reserves`` ((rank,
    published id) in order) and, for a replacement, the commitment's ``replacement`` section (kept members,
    drop-outs, declined), from which the new members and the changes are derived."""

    def sheet(name: str, header: list[str], rows: list[list[str]]) -> Sheet:
        title = translate("contacts.sheet-" + name, lang)
        return Sheet(name, title, tuple(header), tuple(tuple(r) for r in rows))

    header = _person_header(side, lang)
    reserve_sheet = sheet(
        "reserves",
        [translate("contacts.col-rank", lang), *header],
        [[str(rank), *_person(side, pid)] for rank, pid in reserves],
    )
    if replacement is None:
        panel_rows = [_person(side, pid) for pid in _by_original_id(side, panel)]
        return sheet("panel", header, panel_rows), reserve_sheet
    kept = {str(row[0]) for row in replacement.get("kept", [])}
    new = [pid for pid in _by_original_id(side, panel) if pid not in kept]
    yes = translate("contacts.yes", lang)
    changes = [
        *((translate("contacts.change-new", lang), pid) for pid in new),
        *((translate("contacts.change-dropped-out", lang), pid) for pid in replacement.get("dropouts", [])),
        *((translate("contacts.change-declined", lang), pid) for pid in replacement.get("declined", [])),
    ]
    return (
        sheet("new", header, [_person(side, pid) for pid in new]),
        sheet(
            "changes",
            [translate("contacts.col-change", lang), *header],
            [[why, *_person(side, pid)] for why, pid in changes],
        ),
        sheet(
            "panel",
            [*header, translate("contacts.col-new", lang)],
            [[*_person(side, pid), yes if pid not in kept else ""] for pid in _by_original_id(side, panel)],
        ),
        reserve_sheet,
    )


def sheet_csv(sheet: Sheet) -> bytes:
    """A list as CSV for French Excel: UTF-8 with BOM, ``;``-separated, CRLF, formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    for row in (sheet.header, *sheet.rows):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def sheets_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The lists as one workbook, one sheet each: bold frozen header, filters, cells typed as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title[:31])
        for r, row in enumerate((sheet.header, *sheet.rows), start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                cell.data_type = "s"  # text, never a formula, whatever the value starts with
                if r == 1:
                    cell.font = bold
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(sheet.rows) + 1}"
        for c in range(1, len(sheet.header) + 1):
            width = max(len(str(row[c - 1])) for row in (sheet.header, *sheet.rows))
            ws.column_dimensions[get_column_letter(c)].width = min(60, width + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def contact_documents(sheets: Sequence[Sheet]) -> dict[str, bytes]:
    """The private files of the lists: the workbook and one CSV per list."""
    files = {WORKBOOK: sheets_xlsx(sheets)}
    files.update({csv_name(sheet.name): sheet_csv(sheet) for sheet in sheets})
    return files
