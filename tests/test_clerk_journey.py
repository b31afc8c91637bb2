"""A town-hall clerk's whole journey, with no file joined by hand: a French Excel file of volunteers with the
town's own file numbers, a pseudonymised draw with one person per address, the contact lists of the panel
and the reserves, three declines typed with the town's file numbers, the replacement drawn and verified, and
the contact list of the three new members."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition import workflows
from sortition.load.instance import load_instance
from tests.conftest import SAMPLES

runner = CliRunner()
JURY = SAMPLES / "jury30"
HEADER = ("N° dossier", "Nom", "Prénom", "Téléphone", "Adresse", "Sexe", "Tranche d'âge", "Quartier", "Diplôme")
CATEGORY = {"sexe": "Sexe", "age": "Tranche d'âge", "quartier": "Quartier", "diplome": "Diplôme"}


def _dossier(pid: str) -> str:
    return f"2026-{int(pid[1:]):04d}"  # p00172 -> 2026-0172


def _french_rows() -> list[tuple[str, ...]]:
    with open(JURY / "pool.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        first, last = row["nom"].split(" ", 1)
        address = f"{int(row['household'][1:])} rue Victor Hugo, 69100 Villeurbanne"
        categories = (row["sexe"], row["age"], row["quartier"], row["diplome"])
        out.append((_dossier(row["id"]), last, first, row["telephone"], address, *categories))
    return out


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> tuple[Path, Path, dict[str, tuple[str, ...]]]:
    """The clerk's Excel file (400 volunteers) and quotas in the French column names."""
    base = tmp_path_factory.mktemp("clerk")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    people = _french_rows()
    for row in reversed(people):  # not in id order: the file is the clerk's, in their order
        sheet.append(row)
    pool = base / "volontaires.xlsx"
    workbook.save(pool)
    quotas = base / "quotas.csv"
    with open(JURY / "quotas.csv", encoding="utf-8", newline="") as handle:
        kept = [row for row in csv.DictReader(handle) if row["category"] in CATEGORY]
    lines = [
        "category,value,min,max",
        *(f'{CATEGORY[r["category"]]},"{r["value"]}",{r["min"]},{r["max"]}' for r in kept),
    ]
    quotas.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pool, quotas, {row[0]: row for row in people}


def _sheet(path: Path, title: str) -> list[tuple[str, ...]]:
    workbook = load_workbook(path, read_only=True)
    return [tuple("" if v is None else str(v) for v in row) for row in workbook[title].iter_rows(values_only=True)]


def _published_ids(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def test_the_clerk_reaches_the_panel_and_replaces_three_declines_by_file_number(town, tmp_path):
    pool, quotas, people = town
    instance = load_instance(pool, quotas, 30, id_column="N° dossier", household_columns=("Adresse",))
    draw_dir, replacement = tmp_path / "jury-2026", tmp_path / "jury-2026-r1"
    workflows.prepare(
        instance, draw_dir, pseudonymise=True, seed_source="Loto du 2 mai 2026", date="2026-04-28", tickets=1000
    )
    drawn = workflows.draw(draw_dir, seed="7 19 23 31 44", date="2026-05-02", lang="fr")

    # the contact lists, in the private side only: workbook first, then one CSV per list
    files = workflows.contact_files(draw_dir)
    assert drawn.contacts == files
    assert [p.name for p in files] == ["contacts.xlsx", "contacts-panel.csv", "contacts-reserves.csv"]
    assert all(p.parent == workflows.private_directory(draw_dir) for p in files)
    panel = _sheet(files[0], "Panel")
    assert panel[0] == (*HEADER, "identifiant publié")
    assert len(panel) == 31
    for row in panel[1:]:
        assert row[: len(HEADER)] == people[row[0]]  # names, phone, address and categories of the clerk's file
    published_panel = _published_ids(draw_dir / "panel.csv")
    assert sorted(row[-1] for row in panel[1:]) == published_panel
    reserves = _sheet(files[0], "Réserves")
    assert reserves[0][:2] == ("rang", "N° dossier")
    assert [row[0] for row in reserves[1:]] == [str(rank) for rank in range(1, len(reserves))]
    assert [row[-1] for row in reserves[1:]] == list(drawn.outcome.reserves)  # the published order, kept
    assert all(row[1:-1] == people[row[1]] for row in reserves[1:])
    # the same lists as CSV for French Excel
    text = files[1].read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and text.decode("utf-8-sig").splitlines()[0].startswith("N° dossier;Nom;")

    # the clerk phones the panel: three decline, the others confirm, all by the town's file numbers
    members = workflows.confirmation_list(draw_dir)
    assert len(members) == 30 and {m.status for m in members} == {"pending"}
    assert set(members[0].details) == {"Nom", "Prénom", "Téléphone", "Adresse"}
    assert set(members[0].categories) == set(CATEGORY.values())
    declines = _declines_that_fit(draw_dir, [m.id for m in members])
    answers = {m.id: "declined" if m.id in declines else "confirmed" for m in members}
    recorded = workflows.record_confirmations(draw_dir, answers)
    assert [m.id for m in recorded if m.status == "declined"] == sorted(declines)
    assert [m.status for m in workflows.confirmation_list(draw_dir)] == [m.status for m in recorded]

    # the declines go to a replacement by the same numbers, in a file headed as the clerk's own
    dropouts = tmp_path / "refus.csv"
    dropouts.write_text("N° dossier\n" + "\n".join(declines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("replace", str(draw_dir), "--dropouts", str(dropouts), "--seed-source", "Loto du 9 mai 2026"),
            *("--out", str(replacement), "--quiet", "--lang", "fr"),
        ],
    )
    assert result.exit_code == 0, result.output
    commitment = json.loads((replacement / "commitment.json").read_bytes())
    original_of = {m.published_id: m.id for m in members}
    assert sorted(original_of[p] for p in commitment["replacement"]["dropouts"]) == sorted(declines)
    redrawn = workflows.draw(replacement, seed="2 11 16 38 40", lang="fr")
    assert workflows.verify(replacement).passed

    # the contact list of the three new members, who left and why, and the whole panel marked
    files = workflows.contact_files(replacement)
    assert [p.name for p in files] == [
        "contacts.xlsx",
        "contacts-new.csv",
        "contacts-changes.csv",
        "contacts-panel.csv",
        "contacts-reserves.csv",
    ]
    new = _sheet(files[0], "Nouveaux membres")
    assert len(new) == 4
    assert sorted(row[-1] for row in new[1:]) == sorted(redrawn.outcome.panel)
    assert all(row[: len(HEADER)] == people[row[0]] and row[3] for row in new[1:])  # with their phone numbers
    changes = _sheet(files[0], "Changements")
    assert sorted((row[0], row[1]) for row in changes[1:]) == sorted(
        [*(("nouveau membre", row[0]) for row in new[1:]), *(("désistement", d) for d in declines)]
    )
    whole = _sheet(files[0], "Panel")
    assert len(whole) == 31 and whole[0][-1] == "nouveau membre"
    assert sorted(row[0] for row in whole[1:] if row[-1] == "oui") == sorted(row[0] for row in new[1:])
    assert not {row[0] for row in whole[1:]} & set(declines)
    after = workflows.confirmation_list(replacement)
    assert sorted(m.id for m in after if m.new) == sorted(row[0] for row in new[1:])


def _declines_that_fit(directory: Path, ids: list[str]) -> list[str]:
    """Three members whose places the residual quotas can refill (tried in order, checked by the library)."""
    from sortition.check import check
    from sortition.protocol.replace import draw_state, residual_problem

    state = draw_state(directory)
    side = workflows.confirmation_list(directory)
    published = {m.id: m.published_id for m in side}
    for start in range(len(ids) - 2):
        trial = ids[start : start + 3]
        residual = residual_problem(state, sorted(published[i] for i in trial), [])
        if check(residual.instance, max_repairs=0).feasible:
            return trial
    raise AssertionError("no three members can be replaced")
