"""The organiser's private side: what it holds, who may read it, that it is written with the public side or
not at all, and that nothing of it reaches a published file, a report, a message or a ``--json`` output.
Also the ids an organiser may type (their file's, the published ones, the published escaped form)."""

from __future__ import annotations

import csv
import errno
import re
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition import workflows
from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.load.instance import load_instance
from tests.conftest import SAMPLES
from tests.helpers import feasible_dropouts

runner = CliRunner()
JURY = SAMPLES / "jury30"
PRIVATE_COLUMNS = ("nom", "telephone", "email", "household")


def _pool_rows(path: Path = JURY / "pool.csv") -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(outputs: list[str], *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    outputs.append(result.output)
    return result.output


def _leaks(texts: dict[str, str], values: set[str]) -> list[tuple[str, str]]:
    """(where, value) for each value found as a whole token in a text."""
    found = []
    for where, text in texts.items():
        for value in values:  # the plain substring test first: the regex only where the value occurs at all
            if value in text and re.search(r"(?<![\w@.])" + re.escape(value) + r"(?![\w@])", text):
                found.append((where, value))
    return found


@pytest.fixture(scope="module")
def journey(tmp_path_factory) -> tuple[Path, list[str]]:
    """A pseudonymised draw with the household rule, a replacement of two members typed by their ids in the
    pool file, its draw, verification and reports, every command's screen and ``--json`` output kept."""
    base = tmp_path_factory.mktemp("private")
    first, second = base / "draw", base / "replacement"
    outputs: list[str] = []
    pool, quotas = str(JURY / "pool.csv"), str(JURY / "quotas.csv")
    _run(
        outputs,
        *("prepare", pool, quotas, "--k", "30", "--households", "household", "--pseudonymise", "--json"),
        *("--seed-source", "dice thrown in public", "--out", str(first)),
    )
    _run(outputs, "draw", str(first), "--seed", "3 1 4 1 5", "--json")
    original_of = {row[1]: row[0] for row in _private_pool(first)}
    dropouts = base / "dropouts.csv"
    # the salt, hence the panel, is random: two members whose leaving keeps the residual quotas feasible
    leaving = feasible_dropouts(first, 2)
    dropouts.write_text("id\n" + "\n".join(original_of[p] for p in leaving) + "\n", encoding="utf-8")
    _run(
        outputs, "replace", str(first), "--dropouts", str(dropouts), "--seed-source", "dice again", "--out", str(second)
    )
    _run(outputs, "draw", str(second), "--seed", "2 7 1 8", "--lang", "fr")
    for directory in (first, second):
        _run(outputs, "verify", str(directory), "--json")
        _run(outputs, "verify", str(directory), "--lang", "fr")
        for lang in ("en", "fr"):
            out = str(directory / f"report-{lang}.html")
            _run(outputs, "report", str(directory), "--lang", lang, "--legacy-runs", "20", "--out", out)
    return base, outputs


def _private_pool(directory: Path) -> list[list[str]]:
    with open(workflows.private_directory(directory) / "pool.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def _private_values() -> set[str]:
    rows = _pool_rows()
    return {row[c] for row in rows for c in PRIVATE_COLUMNS if row[c]} | {row["id"] for row in rows}


def test_nothing_private_is_published_shown_or_printed(journey):
    base, outputs = journey
    published = {
        str(p.relative_to(base)): p.read_text(encoding="utf-8")
        for d in (base / "draw", base / "replacement")
        for p in d.rglob("*")
        if p.is_file()
    }
    assert {"draw/report-fr.html", "replacement/panel.csv", "replacement/reserves.csv"} <= set(published)
    screens = {f"output {i}": text for i, text in enumerate(outputs)}
    assert any("contacts.xlsx" in text for text in outputs)  # the screens name the lists, by path only
    assert _leaks(published, _private_values()) == []
    assert _leaks(screens, _private_values()) == []


def test_the_private_side_holds_what_the_organiser_needs(journey):
    base, _ = journey
    private = workflows.private_directory(base / "draw")
    assert (private / "original.csv").read_bytes() == (JURY / "pool.csv").read_bytes()
    held = (private / "pool.csv").read_text(encoding="utf-8")
    assert all(v in held for v in _private_values())
    # the contact lists of the replacement name the new members with every private column
    contacts = workflows.contact_files(base / "replacement")
    assert contacts[0].name == "contacts.xlsx"
    workbook = load_workbook(contacts[0], read_only=True)
    assert workbook.sheetnames == ["Nouveaux membres", "Changements", "Panel", "Réserves"]
    new = list(workbook["Nouveaux membres"].iter_rows(values_only=True))
    by_id = {row["id"]: row for row in _pool_rows()}
    assert len(new) == 3
    for row in new[1:]:
        person = by_id[str(row[0])]
        assert [str(v) for v in row[1:10]] == [person[c] for c in list(person)[1:]]


def test_private_folders_and_files_are_for_the_owner_only(journey):
    base, _ = journey
    for directory in (base / "draw", base / "replacement"):
        private = workflows.private_directory(directory)
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
        files = [p for p in private.rglob("*") if p.is_file()]
        assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert workflows.contact_files(base) == ()


def _instance(tmp_path: Path, transform=None):
    rows = _pool_rows()
    if transform is not None:
        rows = [transform(i, dict(row)) for i, row in enumerate(rows)]
    path = tmp_path / "pool.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return load_instance(path, JURY / "quotas.csv", 30, household_columns=("household",))


def _second_swap_fails(monkeypatch) -> None:
    """The private side is swapped in, then the public directory meets a full disk."""
    from sortition.protocol import files

    real, calls = files._swap_in, []

    def swap(staging, final):
        calls.append(final)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(staging, final)

    monkeypatch.setattr(files, "_swap_in", swap)


def test_an_interrupted_prepare_leaves_neither_side(tmp_path, monkeypatch):
    instance = _instance(tmp_path)
    _second_swap_fails(monkeypatch)
    with pytest.raises(DrawError) as caught:
        workflows.prepare(instance, tmp_path / "d", pseudonymise=True, seed_source="dice")
    assert caught.value.key == "files.cannot-write"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pool.csv"]


def test_an_interrupted_draw_leaves_no_contact_list(tmp_path, monkeypatch):
    instance = _instance(tmp_path)
    workflows.prepare(instance, tmp_path / "d", seed_source="dice")
    private = workflows.private_directory(tmp_path / "d")
    before = sorted(p.name for p in private.iterdir())
    assert before == ["original.csv", "pool.csv", "private.json"]  # a private side without pseudonyms too

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(workflows, "write_directory", broken)
    with pytest.raises(OSError):
        workflows.draw(tmp_path / "d", seed="1")
    assert sorted(p.name for p in private.iterdir()) == before
    assert not (tmp_path / "d" / "audit.json").exists()


def test_replace_takes_the_published_escaped_ids_and_every_id_space(tmp_path):
    """Ids starting with = + - @ are published with an apostrophe: the published panel.csv itself (a few of
    its rows) is a valid drop-out list; the pool file's ids work too, and an unknown id says what is expected."""
    signs = "=+-@"

    def escape_prone(i: int, row: dict[str, str]) -> dict[str, str]:
        row["id"] = signs[i % 4] + row["id"]
        row["nom"] = "=SUM(1,2)" if i % 2 else row["nom"]
        return row

    instance = _instance(tmp_path, escape_prone)
    workflows.rehearse(instance, tmp_path / "d", seed="9 9 9")
    lines = (tmp_path / "d" / "panel.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("'")
    published_list = tmp_path / "some.csv"
    published_list.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    raw = [line.split(",")[0][1:] for line in lines[1:3]]
    result = workflows.replace(tmp_path / "d", published_list, tmp_path / "r")
    assert list(result.residual.dropouts) == sorted(raw)
    again = workflows.replace(tmp_path / "d", raw, tmp_path / "r2")
    assert again.residual.dropouts == result.residual.dropouts
    with pytest.raises(InputError) as caught:
        workflows.replace(tmp_path / "d", ["2026-0172"], tmp_path / "r3")
    assert "neither an id of the pool file (column 'id') nor a published id" in str(caught.value.problems[0].message())
    assert "ni un identifiant du fichier du vivier" in caught.value.problems[0].message("fr")
    # contact lists keep formula-looking cells as text: typed text in the workbook, escaped in the CSV
    contacts = workflows.contact_files(tmp_path / "d")
    cells = [c for row in load_workbook(contacts[0])["Reserves"].iter_rows() for c in row]
    formulas = [c for c in cells if str(c.value).startswith("=SUM")]
    assert formulas and all(c.data_type == "s" for c in formulas)
    text = contacts[2].read_bytes().decode("utf-8-sig")
    assert "\r\n" in text and ";'=SUM(1,2);" in text and ";=SUM" not in text


def test_confirmations_by_original_id(tmp_path):
    instance = _instance(tmp_path, lambda i, row: {**row, "id": f"2026-{i + 1:04d}"})
    workflows.prepare(instance, tmp_path / "d", pseudonymise=True, seed_source="dice")
    with pytest.raises(DrawError) as not_drawn:
        workflows.confirmation_list(tmp_path / "d")
    assert not_drawn.value.key == "replace.not-drawn"
    workflows.draw(tmp_path / "d", seed="5")
    members = workflows.confirmation_list(tmp_path / "d")
    assert [m.id for m in members] == sorted(m.id for m in members) and members[0].id.startswith("2026-")
    assert "2026" not in repr(members[0])
    updated = workflows.record_confirmations(
        tmp_path / "d", {members[0].id: "declined", members[1].published_id: "confirmed"}
    )
    assert [m.status for m in updated[:3]] == ["declined", "confirmed", "pending"]
    with pytest.raises(DrawError) as unknown:
        workflows.record_confirmations(tmp_path / "d", {"2026-9999": "declined"})
    assert unknown.value.key == "confirm.not-on-panel"
    with pytest.raises(DrawError):
        workflows.record_confirmations(tmp_path / "d", {members[0].id: "maybe"})
    assert [m.status for m in workflows.confirmation_list(tmp_path / "d")[:2]] == ["declined", "confirmed"]
    lonely = tmp_path / "copy"
    (tmp_path / "d").rename(lonely)
    with pytest.raises(DrawError) as missing:
        workflows.confirmation_list(lonely)
    assert missing.value.key == "private.missing"


def test_a_reserve_mode_replacement_writes_its_contact_lists(tmp_path):
    instance = _instance(tmp_path)
    workflows.rehearse(instance, tmp_path / "d", seed="4", pseudonymise=True, lang="fr")
    members = workflows.confirmation_list(tmp_path / "d")
    for member in members:
        try:
            result = workflows.replace(tmp_path / "d", [member.id], tmp_path / "r", mode="reserves", lang="fr")
        except InfeasibleError:
            continue
        break
    else:
        pytest.fail("no member can be replaced from the reserves")
    assert [p.name for p in result.contacts] == [
        "contacts.xlsx",
        "contacts-new.csv",
        "contacts-changes.csv",
        "contacts-panel.csv",
        "contacts-reserves.csv",
    ]
    changes = list(csv.reader(result.contacts[2].read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    taken = workflows.confirmation_list(tmp_path / "r")
    new = [m.id for m in taken if m.new]
    assert sorted((row[0], row[1]) for row in changes[1:]) == sorted(
        [("nouveau membre", new[0]), ("désistement", member.id)]
    )
    assert [m.published_id for m in taken if m.new] == list(result.taken)


def test_prepare_again_replaces_both_sides_or_keeps_the_old_ones(tmp_path, monkeypatch):
    instance = _instance(tmp_path)
    private = workflows.private_directory(tmp_path / "d")
    workflows.prepare(instance, tmp_path / "d", pseudonymise=True, seed_source="dice")
    first_salt = (private / "salt.txt").read_bytes()
    with pytest.raises(DrawError) as exists:
        workflows.prepare(instance, tmp_path / "d", pseudonymise=True)
    assert exists.value.key == "draw.exists"
    workflows.prepare(instance, tmp_path / "d", pseudonymise=True, seed_source="dice", overwrite=True)
    second_salt = (private / "salt.txt").read_bytes()
    assert second_salt != first_salt

    _second_swap_fails(monkeypatch)
    with pytest.raises(DrawError):
        workflows.prepare(instance, tmp_path / "d", pseudonymise=True, seed_source="dice", overwrite=True)
    assert (private / "salt.txt").read_bytes() == second_salt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "d.private", "pool.csv"]


def test_a_private_side_of_other_persons_is_refused(tmp_path):
    instance = _instance(tmp_path)
    workflows.prepare(instance, tmp_path / "a", pseudonymise=True, seed_source="dice")
    workflows.prepare(instance, tmp_path / "b", pseudonymise=True, seed_source="dice")
    workflows.private_directory(tmp_path / "b").rename(tmp_path / "spare")
    workflows.private_directory(tmp_path / "a").rename(workflows.private_directory(tmp_path / "b"))
    with pytest.raises(DrawError) as caught:
        workflows.draw(tmp_path / "b", seed="1")
    assert caught.value.key == "private.mismatch"
    assert not (tmp_path / "b" / "audit.json").exists()
