"""Every bad-input case names its file, row, column and value; all problems come at once."""

from __future__ import annotations

import random
import re
import unicodedata
from fractions import Fraction

import pytest

from sortition.errors import ROWS_SHOWN, InputError, Problem, problem_messages
from sortition.load.instance import load_instance, read_pool, read_quotas
from sortition.load.shares import apportion, bands
from tests.conftest import SAMPLES

QUOTAS = """category,value,min,max
sexe,Femme,2,3
sexe,Homme,1,3
age,jeune,1,2
age,vieux,1,3
"""

POOL = """id,sexe,age,adresse,nom
1,Femme,jeune,a,Ana
2,Homme,jeune,b,Bob
3,Femme,vieux,c,Cia
4,Homme,vieux,d,Dan
5,Femme,vieux,e,Eve
"""


def _files(tmp_path, pool=POOL, quotas=QUOTAS):
    p, q = tmp_path / "pool.csv", tmp_path / "quotas.csv"
    p.write_text(pool, encoding="utf-8")
    q.write_text(quotas, encoding="utf-8")
    return p, q


def _problems(tmp_path, pool=POOL, quotas=QUOTAS, k=4, **kw):
    p, q = _files(tmp_path, pool, quotas)
    with pytest.raises(InputError) as info:
        load_instance(p, q, k, **kw)
    return info.value.problems


def test_good_files_load_in_canonical_order(tmp_path):
    p, q = _files(tmp_path)
    instance = load_instance(p, q, 4)
    assert instance.pool.ids == ("1", "2", "3", "4", "5")
    assert instance.categories == ("age", "sexe")
    assert instance.quotas.categories == ("sexe", "age")
    assert instance.pool.columns["nom"] == ("Ana", "Bob", "Cia", "Dan", "Eve")
    assert instance.pool.rows == (2, 3, 4, 5, 6)


def test_row_order_does_not_matter(tmp_path):
    lines = POOL.strip().split("\n")
    body = lines[1:]
    random.Random(3).shuffle(body)
    p, q = _files(tmp_path)
    a = load_instance(p, q, 4)
    p.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    b = load_instance(p, q, 4)
    assert a.pool.ids == b.pool.ids
    assert dict(a.pool.columns) == dict(b.pool.columns)
    assert a.grouping() == b.grouping()


def test_empty_and_duplicate_ids_after_normalisation(tmp_path):
    nfd = unicodedata.normalize("NFD", "é1")
    pool = POOL + f"é1,Femme,jeune,f,F\n {nfd} ,Homme,jeune,g,G\n,Homme,vieux,h,H\n"
    problems = _problems(tmp_path, pool=pool)
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("id-duplicate", 8, "id"),
        ("id-empty", 9, "id"),
    ]
    assert problems[0].value == "é1"
    assert "row 7" in problems[0].message()
    assert "pool.csv, row 8, column 'id'" in problems[0].message()


def test_missing_columns_with_suggestion(tmp_path):
    pool = POOL.replace("id,sexe,age", "ID,Sexe,age")
    problems = _problems(tmp_path, pool=pool)
    assert [(p.code, p.column) for p in problems] == [("missing-column", "id"), ("missing-column", "sexe")]
    assert "did you mean 'ID'" in problems[0].message()
    assert "did you mean 'Sexe'" in problems[1].message()


def test_unknown_values_suggest_near_match(tmp_path):
    pool = POOL + "6,femme,jeune,f,F\n7,Homme,Vieux ,g,G\n8, Homme,vieu,h,H\n9,Homme,très vieux,i,I\n10,,jeune,j,J\n"
    problems = _problems(tmp_path, pool=pool)
    got = [(p.code, p.row, p.column, p.value, p.params.get("suggestion")) for p in problems]
    assert got == [
        ("value-unknown", 7, "sexe", "femme", "Femme"),
        ("value-unknown", 8, "age", "Vieux", "vieux"),
        ("value-unknown", 9, "age", "vieu", "vieux"),
        ("value-unknown", 10, "age", "très vieux", None),
        ("value-empty", 11, "sexe", None, None),
    ]
    assert "did you mean 'Femme'?" in problems[0].message()
    assert "vouliez-vous dire « Femme » ?" in problems[0].message("fr")


def test_accent_only_difference_suggested(tmp_path):
    quotas = QUOTAS + "region,Île-de-France,0,4\nregion,Bretagne,0,4\n"
    pool = "id,sexe,age,region\n1,Femme,jeune,Ile-de-France\n2,Homme,vieux,Bretagne\n"
    problems = _problems(tmp_path, pool=pool, quotas=quotas, k=2)
    assert problems[0].params["suggestion"] == "Île-de-France"


@pytest.mark.parametrize(
    ("line", "code", "column", "value"),
    [
        ("age,vieux,1,x", "bound-not-integer", "max", "x"),
        ("age,vieux,1.5,3", "bound-not-integer", "min", "1.5"),
        ("age,vieux,-1,3", "bound-negative", "min", "-1"),
        ("age,vieux,3,1", "bound-min-greater-max", None, None),
        ("age,vieux,,3", "quota-empty-field", "min", None),
        (",vieux,1,3", "quota-empty-field", "category", None),
        ("age,jeune,1,3", "quota-duplicate", None, "jeune"),
    ],
)
def test_bad_quota_rows(tmp_path, line, code, column, value):
    quotas = QUOTAS.replace("age,vieux,1,3", line) if not line.startswith("age,jeune") else QUOTAS + line + "\n"
    problems = _problems(tmp_path, quotas=quotas)
    assert problems[0].code == code
    assert problems[0].file.endswith("quotas.csv")
    assert problems[0].row == (5 if code != "quota-duplicate" else 6)
    assert problems[0].column == column
    assert problems[0].value == value


def test_whole_numbers_written_by_excel_are_accepted(tmp_path):
    p, q = _files(tmp_path, quotas=QUOTAS.replace("sexe,Femme,2,3", "sexe,Femme,2.0,3"))
    assert load_instance(p, q, 4).quotas.get("sexe", "Femme").min == 2


def test_quota_value_nobody_has(tmp_path):
    quotas = QUOTAS + "age,centenaire,1,2\nage,bébé,0,2\n"
    problems = _problems(tmp_path, quotas=quotas)
    assert [(p.code, p.row, p.value) for p in problems] == [("quota-value-absent", 6, "centenaire")]


def test_sums_against_k_and_pool_size(tmp_path):
    assert [(p.code, p.params.get("category")) for p in _problems(tmp_path, k=6)] == [
        ("k-too-large", None),
        ("category-sum-max", "age"),
    ]
    problems = _problems(tmp_path, k=2)
    assert [(p.code, p.params["category"], p.params["total"]) for p in problems] == [("category-sum-min", "sexe", 3)]
    assert "the minimums add up to 3, more than the panel size 2" in problems[0].message()


@pytest.mark.parametrize("k", [0, -3])
def test_bad_k(tmp_path, k):
    assert [p.code for p in _problems(tmp_path, k=k)] == ["k-invalid"]


def test_empty_pool_and_empty_quotas(tmp_path):
    problems = _problems(tmp_path, pool="id,sexe,age\n", quotas="category,value,min,max\n")
    assert sorted(p.code for p in problems) == ["pool-empty", "quotas-empty"]


def test_wrong_quota_header(tmp_path):
    problems = _problems(tmp_path, quotas="cat,val,lo,hi\nsexe,Femme,1,2\n")
    assert problems[0].code == "quota-columns"
    assert "cat, val, lo, hi" in problems[0].message()


def test_all_problems_of_both_files_at_once(tmp_path):
    quotas = QUOTAS.replace("sexe,Homme,1,3", "sexe,Homme,1,trois")
    pool = POOL + "5,Femme,jeune,f,F\n6,femme,jeune,g,G\n"
    problems = _problems(tmp_path, pool=pool, quotas=quotas, k=0)
    assert [p.code for p in problems] == ["k-invalid", "bound-not-integer", "id-duplicate", "value-unknown"]
    assert [p.file.rsplit("/", 1)[-1] if p.file else None for p in problems] == [
        None,
        "quotas.csv",
        "pool.csv",
        "pool.csv",
    ]


def test_household_column_checks(tmp_path):
    problems = _problems(tmp_path, household_columns=("adress", "sexe"))
    assert [(p.code, p.column) for p in problems] == [
        ("category-household-clash", "sexe"),
        ("missing-column", "adress"),
    ]
    assert problems[1].params["suggestion"] == "adresse"


def test_french_headers_accepted(tmp_path):
    quotas = "catégorie;valeur;minimum;maximum\n" + "\n".join(
        line.replace(",", ";") for line in QUOTAS.strip().split("\n")[1:]
    )
    p, q = _files(tmp_path, quotas=quotas)
    assert len(load_instance(p, q, 4).quotas) == 4


# --- target shares --------------------------------------------------------------------------------


def test_largest_remainder_apportionment():
    shares = {"a": Fraction(52, 100), "b": Fraction(47, 100), "c": Fraction(1, 100)}
    assert apportion(shares, 10) == {"a": 5, "b": 5, "c": 0}  # 5.2, 4.7, 0.1: the .7 gets the seat
    assert apportion(shares, 150) == {"a": 78, "b": 71, "c": 1}  # 78, 70.5, 1.5: tie broken by order
    shares = {"x": Fraction(1, 3), "y": Fraction(1, 3), "z": Fraction(1, 3)}
    assert apportion(shares, 7) == {"x": 3, "y": 2, "z": 2}


def test_bands_contain_apportionment_and_tolerance():
    shares = {"a": Fraction(52, 100), "b": Fraction(48, 100)}
    assert bands(shares, 150, Fraction(0)) == {"a": (78, 78), "b": (72, 72)}
    assert bands(shares, 150, Fraction(1, 10)) == {"a": (70, 86), "b": (64, 80)}


@pytest.mark.parametrize(
    "rows",
    [
        ["sexe,Femme,0.52", "sexe,Homme,0.48"],
        ['sexe,Femme,"0,52"', 'sexe,Homme,"0,48"'],
        ["sexe,Femme,52%", "sexe,Homme,48 %"],
        ["sexe,Femme,52", "sexe,Homme,48"],
        ["sexe,Femme,52.1", "sexe,Homme,48"],  # rounded census figures: normalised
    ],
)
def test_share_notations(tmp_path, rows):
    path = tmp_path / "shares.csv"
    path.write_text("category,value,share\n" + "\n".join(rows) + "\n", encoding="utf-8")
    quotas = read_quotas(path, k=150, tolerance=0)
    femme = quotas.get("sexe", "Femme")
    assert (femme.min, femme.max) in {(78, 78)}
    assert femme.share is not None and abs(float(femme.share) - 0.52) < 0.002


def test_share_problems(tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text("category,value,share\nsexe,Femme,0.3\nsexe,Homme,0.3\nage,a,x\nage,b,-1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_quotas(path, k=10)
    assert [(p.code, p.row) for p in info.value.problems] == [
        ("share-not-number", 4),
        ("share-negative", 5),
        ("shares-sum", 2),
    ]
    path.write_text("category,value,share\nsexe,Femme,0.5\nsexe,Homme,0.5\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_quotas(path)
    assert [p.code for p in info.value.problems] == ["shares-need-k"]
    with pytest.raises(InputError) as info:
        read_quotas(path, k=10, tolerance=2)
    assert [p.code for p in info.value.problems] == ["tolerance-invalid"]


def test_bands_with_shares_keep_targets(tmp_path):
    quotas = QUOTAS.replace("min,max", "min,max,share").replace("sexe,Femme,2,3", "sexe,Femme,2,3,51%")
    quotas = quotas.replace("sexe,Homme,1,3", "sexe,Homme,1,3,49%")
    p, q = _files(tmp_path, quotas=quotas)
    instance = load_instance(p, q, 4)
    femme = instance.quotas.get("sexe", "Femme")
    assert (femme.min, femme.max, femme.share) == (2, 3, Fraction(51, 100))
    assert instance.quotas.get("age", "jeune").share is None


def test_read_pool_alone(tmp_path):
    p, _ = _files(tmp_path)
    pool = read_pool(p)
    assert len(pool) == 5 and "sexe" in pool.columns


def test_a_problem_on_many_rows_is_said_once_with_its_rows(tmp_path):
    """A quota file without one value of a category puts the same problem on hundreds of rows: people read it
    once per value, with the first rows and a count (at the place of its first row); JSON keeps every one."""
    jury = SAMPLES / "jury30" / "pool.csv"
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("category,value,min,max\nsexe,Femme,0,30\nage,16-29,0,30\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_instance(jury, quotas, 30)
    problems = info.value.problems
    men = [p.row for p in problems if p.code == "value-unknown" and p.value == "Homme"]
    assert len(men) > 100 and len(problems) > 400
    lines = problem_messages(problems, "fr")
    assert len(lines) == len({(p.code, p.column, p.value) for p in problems})  # one line per value
    first_men = ", ".join(str(r) for r in men[:ROWS_SHOWN])
    assert any(
        f"lignes {first_men} et {len(men) - ROWS_SHOWN} autres, colonne « sexe » : « Homme »" in x for x in lines
    )
    first_rows = [int(re.search(r"lignes? (\d+)", line).group(1)) for line in lines]  # type: ignore[union-attr]
    assert first_rows == sorted(first_rows)  # each group at the place of its first row
    assert info.value.render("en").count("\n") == len(lines)
    # a few rows are all named; a problem without a row or with other parameters stays on its own
    few = [Problem("value-unknown", {"allowed": "a"}, "p.csv", r, "c", "x") for r in (3, 9, 4)]
    alone = [Problem("k-too-large", {"k": 5, "n": 2}), Problem("value-unknown", {"allowed": "b"}, "p.csv", 5, "c", "x")]
    assert problem_messages(few + alone, "en") == [
        "p.csv, rows 3, 9, 4, column 'c': 'x' is not a value of the quotas for 'c' (they are: a)",
        alone[0].message("en"),
        alone[1].message("en"),
    ]
