"""Drop-outs: replacements keep every quota, skip the ineligible, are fair, and chain verifiably."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.protocol.replace import draw_state, residual_problem
from sortition.protocol.verify import verify
from sortition.solve import solve
from tests.conftest import SAMPLES
from tests.helpers import brute_leximin, instance_from

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    return result.output


def _ids(path: Path, column: str = "id") -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _write_ids(path: Path, ids: list[str]) -> Path:
    path.write_text("id\n" + "\n".join(ids) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first_draw(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("replace")
    jury = SAMPLES / "jury30"
    out = root / "draw"
    _invoke(
        "prepare",
        str(jury / "pool.csv"),
        str(jury / "quotas.csv"),
        "--k",
        "30",
        "--households",
        "household",
        "--seed-source",
        "Loto of 5 December",
        "--out",
        str(out),
        "--quiet",
    )
    _invoke("draw", str(out), "--seed", "4 8 15 16 23", "--quiet")
    return out


def _feasible_dropouts(directory: Path, count: int, declined: list[str]) -> list[str]:
    """The first ``count`` panel members (in a fixed scan) whose leaving leaves feasible residual quotas."""
    import itertools

    from sortition.check import check

    state = draw_state(directory)
    for combo in itertools.combinations(state.panel, count):
        if check(residual_problem(state, list(combo), declined).instance, max_repairs=0).feasible:
            return list(combo)
    raise AssertionError("no feasible set of drop-outs")


def _statuses(directory: Path) -> dict[str, str]:
    return {c.key: c.status for c in verify(directory)}


def _assert_full_panel_valid(directory: Path, state_dir: Path) -> None:
    state = draw_state(directory)
    original = state.original
    index = original.pool.index
    assert len(state.panel) == original.k
    for q in original.quotas:
        count = sum(1 for pid in state.panel if original.pool.columns[q.category][index[pid]] == q.value)
        assert q.min <= count <= q.max, (q, count)
    homes = [original.households[index[pid]] for pid in state.panel]
    assert len(set(homes)) == len(homes)
    del state_dir


def test_fair_replacement_chain(first_draw, tmp_path):
    work = tmp_path / "draw"
    shutil.copytree(first_draw, work)
    panel = _ids(work / "panel.csv")
    reserves = _ids(work / "reserves.csv")
    leaving = _feasible_dropouts(work, 3, [reserves[0]])
    dropouts = _write_ids(tmp_path / "out1.csv", [*leaving, reserves[0]])  # + one declined
    _invoke(
        "replace",
        str(work),
        "--dropouts",
        str(dropouts),
        "--seed-source",
        "Loto of 12 December",
        "--out",
        str(work / "replacement-1"),
        "--quiet",
    )
    _invoke("draw", str(work / "replacement-1"), "--seed", "1 2 3 4 5", "--quiet")
    statuses = _statuses(work / "replacement-1")
    assert "fail" not in statuses.values(), statuses
    new_panel = _ids(work / "replacement-1" / "panel.csv")
    assert len(new_panel) == 30
    assert set(panel) - set(new_panel) == set(leaving)
    assert reserves[0] not in new_panel
    _assert_full_panel_valid(work / "replacement-1", work)
    # second round, by the reserve list
    second = _feasible_dropouts(work / "replacement-1", 1, [leaving[0]])
    dropouts2 = _write_ids(tmp_path / "out2.csv", [*second, leaving[0]])  # a member, and an old drop-out
    _invoke(
        "replace",
        str(work / "replacement-1"),
        "--dropouts",
        str(dropouts2),
        "--mode",
        "reserves",
        "--out",
        str(work / "replacement-2"),
        "--quiet",
    )
    statuses = _statuses(work / "replacement-2")
    assert "fail" not in statuses.values(), statuses
    final = _ids(work / "replacement-2" / "panel.csv")
    assert leaving[0] not in final and second[0] not in final and len(final) == 30
    _assert_full_panel_valid(work / "replacement-2", work)
    # tampering with an earlier record breaks the chain
    audit = work / "audit.json"
    audit.write_text(audit.read_text(encoding="utf-8").replace('"ticket":', '"ticket":1', 1), encoding="utf-8")
    assert _statuses(work / "replacement-1")["replace.check-link"] == "fail"
    assert _statuses(work / "replacement-2")["replace.check-previous"] == "fail"


def test_earlier_pool_change_fails_the_chain(first_draw, tmp_path):
    work = tmp_path / "draw"
    shutil.copytree(first_draw, work)
    panel = _ids(work / "panel.csv")
    del panel
    leaving = _feasible_dropouts(work, 1, [])
    _invoke(
        "replace",
        str(work),
        "--dropouts",
        str(_write_ids(tmp_path / "d.csv", leaving)),
        "--seed-source",
        "dice",
        "--out",
        str(work / "r1"),
        "--quiet",
    )
    _invoke("draw", str(work / "r1"), "--seed", "6", "--quiet")
    pool = work / "pool.csv"
    pool.write_text(pool.read_text(encoding="utf-8").replace("Femme", "Homme", 1), encoding="utf-8")
    assert _statuses(work / "r1")["replace.check-previous"] == "fail"


def test_nobody_ineligible_is_chosen(first_draw):
    state = draw_state(first_draw)
    panel = list(state.panel)
    reserves = list(state.reserves)
    residual = residual_problem(state, panel[:4], reserves[:5])
    eligible = set(residual.instance.pool.ids)
    original = state.original
    index = original.pool.index
    kept_homes = {original.households[index[p]] for p in panel[4:]}
    assert not eligible & set(panel)
    assert not eligible & set(reserves[:5])
    assert all(original.households[index[p]] not in kept_homes for p in eligible)
    for lottery_panel in solve(residual.instance, "leximin").compositions:
        assert lottery_panel.sum() == 4


def test_replacement_is_leximin_on_the_residual_problem():
    """On a small pool, the replacement's probabilities are the brute-force LEXIMIN of the residual problem."""
    profiles = [
        ("F", "y"),
        ("F", "o"),
        ("H", "y"),
        ("H", "o"),
        ("F", "y"),
        ("H", "o"),
        ("F", "o"),
        ("H", "y"),
        ("F", "y"),
    ]
    bands = {("s", "F"): (2, 3), ("s", "H"): (2, 3), ("a", "y"): (2, 3), ("a", "o"): (2, 3)}
    instance = instance_from(profiles, ("s", "a"), bands, 5)
    from sortition.protocol.replace import DrawState

    state = DrawState(
        Path("."), Path("."), instance, ("p000", "p001", "p002", "p003", "p004"), frozenset(), (), 0, "", ""
    )
    residual = residual_problem(state, ["p000", "p003"], ["p008"])
    lottery = solve(residual.instance, "leximin")
    np.testing.assert_allclose(lottery.marginals, brute_leximin(residual.instance), atol=1e-6)
    assert residual.instance.k == 2 and set(residual.instance.pool.ids) == {"p005", "p006", "p007"}


def test_infeasible_residual_is_explained_and_a_repair_can_be_accepted(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("id,sexe\n" + "".join(f"f{i},Femme\n" for i in range(4)) + "h0,Homme\nh1,Homme\n", "utf-8")
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("category,value,min,max\nsexe,Femme,2,2\nsexe,Homme,2,2\n", encoding="utf-8")
    out = tmp_path / "d"
    _invoke("prepare", str(pool), str(quotas), "--k", "4", "--out", str(out), "--seed-source", "dice", "--quiet")
    _invoke("draw", str(out), "--seed", "1", "--quiet")
    men = [pid for pid in _ids(out / "panel.csv") if pid.startswith("h")]
    dropouts = _write_ids(tmp_path / "d.csv", men[:1])
    result = runner.invoke(
        app,
        [
            "replace",
            str(out),
            "--dropouts",
            str(dropouts),
            "--seed-source",
            "dice",
            "--out",
            str(out / "r1"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "INFEASIBLE" in result.output and "--accept-repair" in result.output
    assert not (out / "r1").exists()
    _invoke(
        "replace",
        str(out),
        "--dropouts",
        str(dropouts),
        "--seed-source",
        "dice",
        "--out",
        str(out / "r1"),
        "--accept-repair",
        "1",
        "--quiet",
    )
    commitment = json.loads((out / "r1" / "commitment.json").read_bytes())
    assert commitment["replacement"]["relaxation"] == [["sexe", "Femme", "max", 0, 1], ["sexe", "Homme", "min", 1, 0]]
    _invoke("draw", str(out / "r1"), "--seed", "2", "--quiet")
    statuses = _statuses(out / "r1")
    assert "fail" not in statuses.values(), [key for key, status in statuses.items() if status == "fail"]


def test_bad_dropout_list_names_the_row(first_draw, tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("id\nnobody\n", encoding="utf-8")
    result = runner.invoke(
        app, ["replace", str(first_draw), "--dropouts", str(bad), "--out", str(tmp_path / "r"), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "row 2, column 'id'" in result.output and "nobody" in result.output


def test_replacement_summary_names_who_cannot_fit(first_draw, tmp_path):
    """In a replacement most of the pool often cannot fit the residual quotas: the summary says how many, and
    judges the ticket rounding against the least chance someone actually has, not against 0."""
    leaving = _feasible_dropouts(first_draw, 3, [])
    out = tmp_path / "r1"
    output = _invoke(
        "replace",
        str(first_draw),
        "--dropouts",
        str(_write_ids(tmp_path / "d.csv", leaving)),
        "--seed-source",
        "Loto",
        "--out",
        str(out),
    )
    with open(out / "probabilities.csv", encoding="utf-8", newline="") as handle:
        optimal = [float(row["optimal_probability"]) for row in csv.DictReader(handle)]
    zeros = sum(1 for p in optimal if p <= 1e-9)
    assert 0 < zeros < len(optimal)
    flat = " ".join(output.split())
    assert f"{zeros} of {len(optimal)} persons are on no panel that meets the quotas" in flat
    if "Use more tickets" in flat:
        assert "least positive probability 0.00000" not in flat
