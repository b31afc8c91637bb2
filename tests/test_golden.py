"""Published files match those of a draw made by version 0.1.0, before the package layout changed
(tests/data/golden_0_1_0, made with that version's CLI: prepare, draw, replace of three members, draw of the
replacement). Since the key derives from the commitment hash, the draws are re-run on the stored 0.1.0
commitments: their outputs are byte-identical, the tool identity in audit.json excepted.

One change since 0.1.0 is deliberate (engine v2): a fixed ticket count is rounded by largest remainder *then* a
swap descent that lowers the largest relative change of a probability. So for ``--tickets 1000`` the panels'
ticket counts, the rounding record and the files derived from them (tickets.csv, probabilities.csv, the lottery
hash in the commitment) differ. A second one (engine v2's faster decomposition) writes the same LEXIMIN target
with other panels. The test pins what must not change: the pool, the quotas and the groups byte for byte, every
group's probability to 1e-8 and the certified levels to 1e-9, and a least ticket probability at least 0.1.0's."""

from __future__ import annotations

import csv
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from sortition import load_instance, workflows
from sortition.protocol.canonical import canonical_json

GOLDEN = Path(__file__).parent / "data" / "golden_0_1_0"
JURY = Path(__file__).parents[1] / "sample_pools" / "jury30"
PREPARED = ("pool.csv", "quotas.csv", "lottery.json", "tickets.csv", "probabilities.csv")
UNROUNDED = ("pool.csv", "quotas.csv")
DRAWN = ("panel.csv", "reserves.csv")


def _without_tool(data: bytes, *also: str) -> bytes:
    document = json.loads(data)
    assert document.pop("tool").startswith("sortition-toolkit ")
    for field in also:
        document.pop(field)
    return canonical_json(document)


def _same_lottery_but_tickets(new: Path, old: Path) -> None:
    """The same groups and, to the certificate's tolerance, the same probabilities and levels; a least ticket
    probability at least as high. The panels themselves may differ (engine v2 decomposes the same target
    faster, into other panels)."""

    def document(path: Path) -> dict[str, object]:
        return json.loads((path / "lottery.json").read_bytes())

    def probabilities(lottery: dict[str, object]) -> list[float]:
        groups, panels = lottery["groups"], lottery["panels"]
        assert isinstance(groups, list) and isinstance(panels, list)
        totals = [0.0] * len(groups)
        for panel in panels:
            for g, count in panel["counts"]:
                totals[g] += float(panel["weight"]) * count
        return [total / len(group["members"]) for total, group in zip(totals, groups, strict=True)]

    a, b = document(new), document(old)
    assert a["rounding"]["method"].startswith("largest remainder")
    for key in ("algorithm", "categories", "format", "groups", "k", "tickets"):
        assert a[key] == b[key], key
    assert probabilities(a) == pytest.approx(probabilities(b), abs=1e-8)  # the decomposition tolerance
    assert float(a["optimal_min_probability"]) == pytest.approx(float(b["optimal_min_probability"]), abs=1e-9)
    levels_a, levels_b = a["certificate"]["levels"], b["certificate"]["levels"]
    assert [(lv["bound"], lv["groups"], lv["persons"]) for lv in levels_a] == [
        (lv["bound"], lv["groups"], lv["persons"]) for lv in levels_b
    ]
    assert a["certificate"]["optimal"] and float(a["certificate"]["gap"]) < 1e-9

    def least(path: Path) -> Fraction:
        with open(path / "probabilities.csv", encoding="utf-8", newline="") as handle:
            return min(Fraction(row["exact"]) for row in csv.DictReader(handle))

    assert least(new) >= least(old)


def _same(new: Path, old: Path, names: tuple[str, ...]) -> None:
    for name in names:
        assert (new / name).read_bytes() == (old / name).read_bytes(), name


def _prepared_copy(source: Path, target: Path) -> Path:
    """The prepared files of a stored draw, without its draw outputs: ready to be drawn again."""
    target.mkdir(parents=True)
    for name in (*PREPARED, "commitment.json"):
        shutil.copy(source / name, target / name)
    return target


def test_prepare_writes_the_files_of_version_0_1_0(tmp_path: Path) -> None:
    instance = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30, household_columns=["household"])
    result = workflows.prepare(
        instance, tmp_path / "draw", seed_source="Loto du samedi 5 décembre 2026", date="2026-11-28", tickets=1000
    )
    old = GOLDEN / "draw"
    _same(result.directory, old, UNROUNDED)
    _same_lottery_but_tickets(result.directory, old)
    new_commitment = (result.directory / "commitment.json").read_bytes()
    old_commitment = (old / "commitment.json").read_bytes()
    # 0.2.0 also records the quota file's order and display labels (for the report) in the commitment
    assert json.loads(new_commitment)["labels"][:2] == [["sexe", "Femme", ""], ["sexe", "Homme", ""]]
    expected = _without_tool(old_commitment, "lottery_sha256")
    assert _without_tool(new_commitment, "lottery_sha256", "labels") == expected


@pytest.mark.parametrize(
    ("stored", "seed", "date"),
    [("draw", "3 14 15 32 46 7", "2026-12-05"), ("draw/replacement-1", "1 2 3 4 5 6", "2026-12-07")],
)
def test_draw_of_a_0_1_0_commitment_gives_the_same_panel(tmp_path: Path, stored: str, seed: str, date: str) -> None:
    old = GOLDEN / stored
    directory = _prepared_copy(old, tmp_path / "draw")
    workflows.draw(directory, seed=seed, date=date)
    _same(directory, old, DRAWN)
    audit = json.loads((directory / "audit.json").read_bytes())
    expected = json.loads((old / "audit.json").read_bytes())
    if audit.get("previous"):  # a replacement links to its previous draw by relative path, as stored
        assert audit["previous"] == expected["previous"]
    assert _without_tool(canonical_json(audit)) == _without_tool(canonical_json(expected))
    assert audit["tool"] == json.loads((directory / "commitment.json").read_bytes())["tool"]  # 0.1.0's own


def test_replace_writes_the_replacement_files_of_version_0_1_0(tmp_path: Path) -> None:
    first = tmp_path / "draw"
    shutil.copytree(GOLDEN / "draw", first, ignore=shutil.ignore_patterns("replacement-1"))
    result = workflows.replace(
        first,
        GOLDEN / "dropouts.csv",
        first / "replacement-1",
        seed_source="Loto du lundi 7 décembre 2026",
        date="2026-12-06",
        tickets=1000,
    )
    old = GOLDEN / "draw" / "replacement-1"
    _same(result.directory, old, UNROUNDED)
    _same_lottery_but_tickets(result.directory, old)
    new_commitment = json.loads((result.directory / "commitment.json").read_bytes())
    old_commitment = json.loads((old / "commitment.json").read_bytes())
    assert new_commitment["previous"] == old_commitment["previous"]  # the stored first draw's hashes and path
    new_bytes, old_bytes = canonical_json(new_commitment), canonical_json(old_commitment)
    assert _without_tool(new_bytes, "lottery_sha256") == _without_tool(old_bytes, "lottery_sha256")
