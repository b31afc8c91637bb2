"""Workbooks as towns send them (python-calamine): the active sheet, --sheet, bounded work on stray cells and
lying dimensions, empty rows, passwords and damage as clear problems, ODS, and CSV files with mixed encodings."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sortition.errors import InputError
from sortition.load.instance import load_instance
from sortition.load.tables import read_table

openpyxl = pytest.importorskip("openpyxl")

QUOTAS = "category,value,min,max\nsexe,F,1,2\nsexe,M,1,2\n"


def _codes(caught: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [p.code for p in caught.value.problems]


def _workbook(path: Path, active: int = 1) -> Path:
    """'Ancien' (an old pool), 'Pool' (the real one, active), 'Notes' (hidden)."""
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "Ancien"
    old.append(["id", "sexe"])
    old.append(["x1", "F"])
    pool = wb.create_sheet("Pool")
    pool.append(["id", "sexe"])
    for i in range(40):
        pool.append([f"p{i:02d}", "F" if i % 2 else "M"])
    hidden = wb.create_sheet("Notes")
    hidden.sheet_state = "hidden"
    hidden.append(["private notes"])
    wb.active = active
    wb.save(path)
    return path


def _rewrite(path: Path, out: Path, member: str, data: bytes | None) -> Path:
    """A copy of the zip ``path`` with ``member`` replaced by ``data`` (or left out if None)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name == member:
                if data is not None:
                    dst.writestr(name, data)
            else:
                dst.writestr(name, src.read(name))
    return out


def test_the_active_sheet_is_read_and_the_note_names_every_sheet(tmp_path):
    table = read_table(_workbook(tmp_path / "pool.xlsx"))
    assert table.sheet == "Pool" and len(table.rows) == 40 and table.row_numbers[0] == 2
    assert table.sheets == ("Ancien", "Pool", "Notes") and table.hidden_sheets == ("Notes",)
    assert [n.message("en") for n in table.notes] == [
        "Sheet 'Pool' was read (the workbook's sheets: 'Ancien', 'Pool', 'Notes'; hidden: 'Notes')."
    ]
    assert "La feuille « Pool » a été lue" in table.notes[0].message("fr")


def test_sheet_chooses_another_sheet_and_an_unknown_one_lists_them(tmp_path):
    path = _workbook(tmp_path / "pool.xlsx")
    assert read_table(path, sheet="Ancien").rows == (("x1", "F"),)
    assert read_table(path, sheet="ancien ").sheet == "Ancien"  # case and spaces forgiven when unambiguous
    with pytest.raises(InputError) as caught:
        read_table(path, sheet="Pol")
    assert _codes(caught) == ["sheet-not-found"]
    text = caught.value.render("en")
    assert "'Ancien', 'Pool', 'Notes'" in text and "hidden: 'Notes'" in text and "did you mean 'Pool'?" in text


def test_load_instance_takes_a_sheet_and_names_the_sheets_when_the_id_column_is_missing(tmp_path):
    path = _workbook(tmp_path / "pool.xlsx", active=0)
    quotas = tmp_path / "quotas.csv"
    quotas.write_text(QUOTAS, encoding="utf-8")
    assert len(load_instance(path, quotas, 2, sheet="Pool").pool) == 40
    wb = openpyxl.load_workbook(path)
    wb["Ancien"]["A1"] = "N° dossier"
    wb["Ancien"].append(["x2", "M"])
    wb.save(path)
    with pytest.raises(InputError) as caught:
        load_instance(path, quotas, 2)
    assert {"missing-id-column", "sheet-hint"} <= set(_codes(caught))
    text = caught.value.render("en")
    assert "did you mean --id-column 'N° dossier'?" in text
    assert "sheet 'Ancien' was read; the workbook's sheets are: 'Ancien', 'Pool', 'Notes'" in text


def test_an_empty_chosen_sheet_names_the_others(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Vide"
    wb.create_sheet("Pool").append(["id", "sexe"])
    path = tmp_path / "pool.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert _codes(caught) == ["sheet-empty"]
    assert "'Vide', 'Pool'" in caught.value.render("en")


def test_a_stray_far_cell_is_refused_before_anything_is_allocated(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "sexe"])
    ws.append(["p1", "F"])
    ws["XFD1048576"] = "x"
    path = tmp_path / "stray.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert _codes(caught) == ["workbook-too-large"]
    text = caught.value.render("en")
    assert "XFD1048576" in text and "1048576 rows, 16384 columns" in text and "1000 columns" in text
    # a formatted but empty far cell is no value: the table is read
    wb = openpyxl.Workbook()
    wb.active.append(["id", "sexe"])
    wb.active.append(["p1", "F"])
    wb.active["XFD1048576"].number_format = "0.00"
    wb.save(path)
    assert read_table(path).rows == (("p1", "F"),)


def test_a_lying_dimension_hides_no_row(tmp_path):
    path = _workbook(tmp_path / "pool.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert '<dimension ref="A1:B41"' in xml
    lying = _rewrite(
        path, tmp_path / "lying.xlsx", "xl/worksheets/sheet2.xml", xml.replace("A1:B41", "A1:H10").encode()
    )
    assert len(read_table(lying).rows) == 40


def test_empty_looking_rows_at_the_end_are_dropped_and_counted(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "sexe"])
    ws.append(["p1", "F"])
    for row in range(3, 3003):
        ws.cell(row=row, column=1, value=" ")
    path = tmp_path / "pool.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.rows == (("p1", "F"),)
    assert [n.message("en") for n in table.notes] == ["3000 empty row(s) at the end of the sheet were ignored."]


def test_password_truncated_and_damaged_workbooks_are_clear_problems(tmp_path):
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(InputError) as caught:
        read_table(encrypted)
    assert _codes(caught) == ["workbook-password"]
    assert "password" in caught.value.render("en") and "mot de passe" in caught.value.render("fr")
    path = _workbook(tmp_path / "pool.xlsx")
    data = path.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    broken = _rewrite(path, tmp_path / "broken.xlsx", "xl/worksheets/sheet2.xml", b"<worksheet><sheetData><row")
    missing = _rewrite(path, tmp_path / "missing.xlsx", "xl/worksheets/sheet2.xml", None)
    for damaged in (truncated, broken, missing):
        with pytest.raises(InputError) as caught:
            read_table(damaged)
        assert _codes(caught) == ["workbook-damaged"], damaged.name
        assert "damaged or incomplete" in caught.value.render("en")


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Brouillon"><table:table-row>
 <table:table-cell office:value-type="string"><text:p>rien</text:p></table:table-cell>
</table:table-row></table:table>
<table:table table:name="Volontaires">
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>sexe</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>age</text:p></table:table-cell>
</table:table-row>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>p1</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>F</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="34"><text:p>34</text:p></table:table-cell>
</table:table-row>
{far}
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/>
</table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>
"""

ODS_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings>
<config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">
<config:config-item-map-entry>
<config:config-item config:name="ActiveTable" config:type="string">Volontaires</config:config-item>
</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>
</office:settings></office:document-settings>
"""

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def _ods(path: Path, far: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        content = re.sub(r">\s+<", "><", ODS_CONTENT.replace("{far}", far)).replace("\n", " ")
        archive.writestr("content.xml", content)
        archive.writestr("settings.xml", ODS_SETTINGS)
    return path


def test_ods_is_read_from_its_active_sheet(tmp_path):
    table = read_table(_ods(tmp_path / "pool.ods"))
    assert table.sheet == "Volontaires" and table.encoding == "ods"
    assert table.header == ("id", "sexe", "age") and table.rows == (("p1", "F", "34"),)


def test_ods_with_a_stray_far_cell_is_refused(tmp_path):
    far = (
        '<table:table-row table:number-rows-repeated="3000000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="5000"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    with pytest.raises(InputError) as caught:
        read_table(_ods(tmp_path / "stray.ods", far))
    assert _codes(caught) == ["workbook-too-large"]
    assert "3000003 rows, 5001 columns" in caught.value.render("en")


def test_a_utf8_file_with_a_few_latin1_rows_names_them(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_bytes("id,nom\n1,Hélène\n2,Zoé\n".encode() + "3,Gaëlle\n".encode("latin-1") + b"4,Bob\n")
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert _codes(caught) == ["file-encoding-mixed"]
    assert "except 1 line(s) in another encoding (lines 4)" in caught.value.render("en")
    # a file entirely in Windows-1252 (French Excel) is still read as such
    path.write_bytes("id,nom\n1,Hélène\n2,Gaëlle\n".encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "windows-1252" and table.rows[1] == ("2", "Gaëlle")


def test_check_command_takes_sheet_and_says_which_sheet_it_read(tmp_path):
    from sortition_cli.main import app
    from typer.testing import CliRunner

    path = _workbook(tmp_path / "pool.xlsx", active=0)
    quotas = tmp_path / "quotas.csv"
    quotas.write_text(QUOTAS, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), str(quotas), "--k", "2", "--sheet", "Pool", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Sheet 'Pool' was read (the workbook's sheets: 'Ancien', 'Pool', 'Notes'; hidden: 'Notes')." in result.output


def test_a_damaged_workbook_message_quotes_no_cell(tmp_path):
    path = _workbook(tmp_path / "pool.xlsx")
    xml = b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Jean Dupont</t></is></c><c r="B1" t'
    broken = _rewrite(path, tmp_path / "broken.xlsx", "xl/worksheets/sheet2.xml", xml)
    with pytest.raises(InputError) as caught:
        read_table(broken)
    assert _codes(caught) == ["workbook-damaged"]
    assert "Dupont" not in caught.value.render("en") and "Dupont" not in caught.value.render("fr")
