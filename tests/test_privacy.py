"""No personal data leaves the organiser's machine: a full rehearsal (prepare, draw, replace, report), then
every published file is searched for every value of every private column and, under --pseudonymise, for
every raw id of the pool."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.protocol.verify import verify
from tests.conftest import SAMPLES
from tests.helpers import feasible_dropouts

runner = CliRunner()
JURY = SAMPLES / "jury30"
PRIVATE_COLUMNS = ("nom", "telephone", "email", "household")


def _invoke(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _pool_rows() -> list[dict[str, str]]:
    with open(JURY / "pool.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _published_files(*directories: Path) -> list[Path]:
    return sorted(p for d in directories for p in d.rglob("*") if p.is_file())


_TOKEN_CHAR = re.compile(r"[\w@]")


def _leaks(files: list[Path], values: set[str]) -> list[tuple[str, str]]:
    """(file, value) for every value found as a whole token (not inside a longer word: 'h0001' is not a leak
    in 'h00012') in a file's text, read as UTF-8 (every published file is text).

    One combined pattern, a zero-width lookahead, finds every position where some value starts as a token
    (overlapping and nested values included: each position is tried); only at those positions are the
    values told apart, by slicing every length a value has."""
    if not values:
        return []
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    starts = re.compile(r"(?<![\w@.])(?=(?:" + alternatives + r")(?![\w@]))")
    lengths = sorted({len(v) for v in values})
    found: list[tuple[str, str]] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        in_file: list[str] = []
        for match in starts.finditer(text):
            at = match.start()
            for length in lengths:
                candidate = text[at : at + length]
                if candidate in values and not _TOKEN_CHAR.match(text, at + length) and candidate not in in_file:
                    in_file.append(candidate)
        found.extend((path.name, value) for value in in_file)
    return found


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A pseudonymised rehearsal of the 30-member jury with the household rule, one fair replacement of two
    drop-outs, and the report of each draw in both languages."""
    base = tmp_path_factory.mktemp("privacy")
    first, second = base / "draw", base / "replacement"
    _invoke(
        "prepare",
        str(JURY / "pool.csv"),
        str(JURY / "quotas.csv"),
        "--k",
        "30",
        "--households",
        "household",
        "--pseudonymise",
        "--seed-source",
        "dice thrown in public",
        "--out",
        str(first),
        "--quiet",
    )
    _invoke("draw", str(first), "--seed", "3 1 4 1 5", "--quiet")
    dropouts = base / "dropouts.csv"
    # the pseudonyms are salted at random, so the panel differs from run to run: take two whose leaving keeps
    # the residual quotas feasible (the test is about privacy, not about infeasible replacements)
    dropouts.write_text("id\n" + "\n".join(feasible_dropouts(first, 2)) + "\n", encoding="utf-8")
    _invoke(
        "replace",
        str(first),
        "--dropouts",
        str(dropouts),
        "--seed-source",
        "dice again",
        "--out",
        str(second),
        "--quiet",
    )
    _invoke("draw", str(second), "--seed", "2 7 1 8", "--quiet")
    for directory in (first, second):
        for lang in ("en", "fr"):
            _invoke(
                "report",
                str(directory),
                "--lang",
                lang,
                "--legacy-runs",
                "20",
                "--quiet",
                "--out",
                str(directory / f"report-{lang}.html"),
            )
    files = _published_files(first, second)
    return base, files


def test_the_rehearsal_published_every_kind_of_file(rehearsal):
    _, files = rehearsal
    names = {p.name for p in files}
    for expected in (
        "pool.csv",
        "quotas.csv",
        "lottery.json",
        "probabilities.csv",
        "commitment.json",
        "panel.csv",
        "audit.json",
        "report-en.html",
        "report-fr.html",
    ):
        assert expected in names
    assert not any(".private" in str(p) for p in files)


def test_private_folder_is_owner_only_and_the_replacement_stays_pseudonymised(rehearsal):
    base, _ = rehearsal
    private = base / "draw.private"
    assert private.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in private.iterdir())
    for name in ("draw", "replacement"):
        commitment = json.loads((base / name / "commitment.json").read_bytes())
        assert commitment["parameters"]["pseudonymised"] is True, name
    statuses = {c.key: c.status for c in verify(base / "replacement")}
    assert "fail" not in statuses.values(), statuses
    assert statuses["verify.unchecked-files"] == "manual"  # the reports written into the folder


def test_no_private_column_value_is_published(rehearsal):
    _, files = rehearsal
    rows = _pool_rows()
    values = {row[c] for row in rows for c in PRIVATE_COLUMNS if row[c]}
    assert len(values) > 3 * len(rows), "the sample pool carries private columns to test this"
    assert _leaks(files, values) == []
    for column in PRIVATE_COLUMNS[:3]:
        assert not any(column in p.read_text(encoding="utf-8") for p in files if p.suffix == ".csv")


def test_no_raw_id_is_published_under_pseudonymise(rehearsal):
    base, files = rehearsal
    ids = {row["id"] for row in _pool_rows()}
    assert _leaks(files, ids) == []
    # the private folder holds what the organiser needs to find people again, and is the only place
    mapping = (base / "draw.private" / "pseudonyms.csv").read_text(encoding="utf-8")
    assert all(i in mapping for i in ids)


def test_the_scan_would_see_a_leak(rehearsal, tmp_path):
    """The scan itself is tested: a name slipped into a copy of a published file is found."""
    _, files = rehearsal
    row = _pool_rows()[7]
    leaky = tmp_path / "panel.csv"
    leaky.write_text(files[0].read_text(encoding="utf-8") + f"x,{row['nom']}\n", encoding="utf-8")
    assert _leaks([leaky], {row["nom"], row["id"]}) == [("panel.csv", row["nom"])]


def test_the_scan_sees_nested_values_and_respects_token_edges(tmp_path):
    """A value inside a longer value is still seen (both are reported); a value inside a longer word, an
    e-mail address or a dotted name is not."""
    page = tmp_path / "page.html"
    page.write_text("<td>Anne Marie Dupont</td> h00012 sophie.bonnet@example.org Marie,h0001\n", encoding="utf-8")
    values = {"Anne Marie Dupont", "Anne", "Marie", "Dupont", "h0001", "bonnet", "example.org", "Sophie"}
    assert sorted(_leaks([page], values)) == [
        ("page.html", "Anne"),
        ("page.html", "Anne Marie Dupont"),
        ("page.html", "Dupont"),
        ("page.html", "Marie"),
        ("page.html", "h0001"),
    ]
    assert _leaks([page], set()) == []
