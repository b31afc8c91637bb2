"""Reading spreadsheets as they come from the field: encodings, delimiters, line endings, XLSX, damage."""

from __future__ import annotations

import os
import unicodedata

import pytest

from sortition.errors import InputError
from sortition.load.tables import read_table
from sortition.protocol import files
from sortition.protocol.files import atomic_write_text, read_directory, write_directory

ROWS = [
    ["id", "sexe", "région", "nom"],
    ["p2", "Femme", "Île-de-France", "Zoé Lefèvre"],
    ["p1", "Homme", "Provence-Alpes-Côte d'Azur", "Jérôme Dupré"],
]


def _write(path, rows, delimiter=",", encoding="utf-8", newline="\n", bom=False):
    text = newline.join(delimiter.join(r) for r in rows) + newline
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", False, "utf-8"),
        ("utf-8", True, "utf-8-bom"),
        ("cp1252", False, "windows-1252"),
        ("utf-16", False, "utf-16"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_same_table_whatever_the_export(tmp_path, delimiter, encoding, bom, expected, newline):
    path = tmp_path / "pool.csv"
    _write(path, ROWS, delimiter, encoding, newline, bom)
    table = read_table(path)
    assert table.header == tuple(ROWS[0])
    assert table.rows == tuple(tuple(r) for r in ROWS[1:])
    assert table.row_numbers == (2, 3)
    assert table.encoding == expected
    assert table.delimiter == delimiter


def test_cells_are_trimmed_and_nfc_normalised(tmp_path):
    nfd = unicodedata.normalize("NFD", "Île-de-France")
    assert nfd != "Île-de-France"
    path = tmp_path / "pool.csv"
    path.write_text(f"id , région\n p1\u00a0,  {nfd} \n", encoding="utf-8")
    table = read_table(path)
    assert table.header == ("id", "région")
    assert table.rows == (("p1", "Île-de-France"),)


def test_quoted_delimiters_do_not_fool_detection(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text('id;"Nom, prénom";sexe\n1;"Dupont, Jean";Homme\n', encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == ";"
    assert table.rows == (("1", "Dupont, Jean", "Homme"),)


def test_blank_rows_skipped_and_numbers_kept(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text("id,sexe\n\n1,Femme\n,\n2,Homme\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == (("1", "Femme"), ("2", "Homme"))
    assert table.row_numbers == (3, 5)


def test_short_rows_padded_long_rows_reported_with_row(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text("id,sexe,age\n1,Femme\n2,Homme,30,oops\n3,Femme,40,,\n4,Homme,50,x,y\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    problems = info.value.problems
    assert [(p.code, p.row) for p in problems] == [("row-too-long", 3), ("row-too-long", 5)]
    assert "oops" not in problems[0].message() and "columns 4" in problems[0].message()
    path.write_text("id,sexe,age\n1,Femme\n3,Femme,40,,\n", encoding="utf-8")
    assert read_table(path).rows == (("1", "Femme", ""), ("3", "Femme", "40"))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file-empty"),
        (b"  \n\n", "file-empty"),
        (b"id,sexe\n1,\x00Femme\n", "file-binary"),
        (b"id,sexe\n1,\x81\x8d\n", "file-encoding"),
    ],
)
def test_damaged_files_give_one_clear_problem(tmp_path, content, code):
    path = tmp_path / "pool.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [p.code for p in info.value.problems] == [code]
    assert info.value.problems[0].file == str(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_table(tmp_path / "nope.csv")
    assert info.value.problems[0].code == "file-not-found"


def test_duplicate_header_reported(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text("id,age,age\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    problem = info.value.problems[0]
    assert (problem.code, problem.column, problem.row) == ("header-duplicate", "age", 1)


def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "sexe", "min", "share"])
    sheet.append([12, " Femme ", 3.0, 0.52])
    sheet.append([None, None, None, None])
    sheet.append(["p2", unicodedata.normalize("NFD", "Île"), 4, "x"])
    path = tmp_path / "pool.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.header == ("id", "sexe", "min", "share")
    assert table.rows == (("12", "Femme", "3", "0.52"), ("p2", "Île", "4", "x"))
    assert table.row_numbers == (2, 4)


def test_corrupt_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "pool.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.problems[0].code == "workbook-damaged"


def test_atomic_write_refuses_to_overwrite(tmp_path):
    target = tmp_path / "out" / "panel.csv"
    atomic_write_text(target, "a\n")
    with pytest.raises(FileExistsError):
        atomic_write_text(target, "b\n")
    assert target.read_text() == "a\n"
    atomic_write_text(target, "b\n", overwrite=True)
    assert target.read_text() == "b\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["panel.csv"]


def test_atomic_write_interrupted_before_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "panel.csv"
    atomic_write_text(target, "a\n")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "b\n", overwrite=True)
    monkeypatch.undo()
    assert target.read_text() == "a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["panel.csv"]  # the temporary file is gone


def test_directory_replaced_where_the_system_cannot_swap_two_directories(tmp_path, monkeypatch):
    """Without renameat2, the previous directory is moved aside, the new one renamed in, the old removed."""
    target = tmp_path / "draw"
    write_directory(target, {"a.csv": b"old\n", "sub/b.csv": b"old\n"})
    monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    with pytest.raises(FileExistsError):
        write_directory(target, {"a.csv": b"new\n"})
    write_directory(target, {"a.csv": b"new\n", "c.csv": b"new\n"}, replace=True)
    assert read_directory(target) == {"a.csv": b"new\n", "c.csv": b"new\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw"]
