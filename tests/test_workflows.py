"""The library workflows on their own, as a notebook or the web application uses them: DataFrames in, files
and values out, errors that pickle and name the spreadsheet row, short representations."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

import sortition
from sortition import InfeasibleError, InputError, check, load_instance, solve, workflows
from sortition.errors import DrawError

JURY = Path(__file__).parents[1] / "sample_pools" / "jury30"


@pytest.fixture(scope="module")
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(JURY / "pool.csv"), pd.read_csv(JURY / "quotas.csv")


def test_whole_journey_from_dataframes_with_library_calls_only(
    tmp_path: Path, frames: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    pool, quotas = frames
    instance = load_instance(pool, quotas, k=30, household_columns=["household"])
    report = check(instance)
    assert report.feasible
    table = report.to_frame()
    assert table.loc[("sexe", "Femme"), "pool_count"] == int((pool["sexe"] == "Femme").sum())

    prepared = workflows.prepare(instance, tmp_path / "jury", seed_source="Loto du 5 décembre 2026", date="2026-11-28")
    assert len(prepared.commitment_hash) == 64
    assert (tmp_path / "jury" / "commitment.json").is_file()
    probabilities = prepared.lottery.to_frame()
    assert probabilities.index.name == "id" and len(probabilities) == len(pool)
    assert probabilities["probability"].sum() == pytest.approx(30)

    drawn = workflows.draw(tmp_path / "jury", seed="3 14 15 32 46 7", date="2026-12-05")
    assert len(drawn.outcome.panel) == 30
    assert 0 <= drawn.outcome.ticket < drawn.tickets

    verification = workflows.verify(tmp_path / "jury")
    assert verification.passed and verification.failed == 0 and verification.manual >= 1

    written = workflows.report(tmp_path / "jury", lang="fr", legacy_runs=20)
    page = written.path.read_text(encoding="utf-8")
    assert prepared.commitment_hash[:16] in page
    for private in ("nom", "telephone", "email"):
        assert str(pool[private].iloc[0]) not in page


def test_the_same_instance_from_dataframes_and_from_files(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    pool, quotas = frames
    from_frames = load_instance(pool.sample(frac=1, random_state=3), quotas, k=30, household_columns=["household"])
    from_files = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30, household_columns=["household"])
    assert from_frames.pool.ids == from_files.pool.ids
    assert dict(from_frames.pool.columns) == dict(from_files.pool.columns)
    assert from_frames.quotas.entries == tuple(
        q.__class__(q.category, q.value, q.min, q.max, q.share, q.row) for q in from_files.quotas.entries
    )


def test_dataframe_problems_are_cleaned_and_named_by_spreadsheet_row(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    pool, quotas = frames
    pool = pool.copy()
    pool.loc[0, "sexe"] = "  Femme "  # cleaned like a file cell: accepted
    pool.loc[5, "sexe"] = "femme"  # a different value: reported with a suggestion
    pool.loc[7, "age"] = None  # a missing cell: reported as empty
    with pytest.raises(InputError) as caught:
        load_instance(pool, quotas, k=30)
    problems = caught.value.problems
    assert [(p.file, p.row, p.column, p.code) for p in problems] == [
        ("pool (DataFrame)", 7, "sexe", "value-unknown"),
        ("pool (DataFrame)", 9, "age", "value-empty"),
    ]
    assert "Femme" in problems[0].message("fr")


def test_prepare_refuses_an_existing_directory_and_writes_nothing(tmp_path: Path) -> None:
    instance = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30)
    (tmp_path / "jury").mkdir()
    with pytest.raises(DrawError) as caught:
        workflows.prepare(instance, tmp_path / "jury")
    assert caught.value.key == "draw.exists"
    assert list((tmp_path / "jury").iterdir()) == []


def test_an_infeasible_instance_raises_the_infeasibility_error_with_its_report(tmp_path: Path) -> None:
    quotas = pd.read_csv(JURY / "quotas.csv")
    campus = quotas["value"] == "Secteur universitaire / campus"  # 19 volunteers in the pool
    quotas.loc[quotas["category"] == "quartier", "min"] = 0
    quotas.loc[campus, ["min", "max"]] = [20, 20]  # one more than the pool holds: loads, but admits no panel
    instance = load_instance(JURY / "pool.csv", quotas, 30)
    assert not check(instance).feasible
    with pytest.raises(InfeasibleError) as caught:
        solve(instance)
    assert "panel" in str(caught.value)
    with pytest.raises(InfeasibleError) as caught:
        workflows.prepare(instance, tmp_path / "jury")
    assert caught.value.report is not None and caught.value.report.conflict
    assert not (tmp_path / "jury").exists()


def test_errors_and_model_objects_pickle(tmp_path: Path) -> None:
    instance = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30, household_columns=["household"])
    lottery = solve(instance)
    copy = pickle.loads(pickle.dumps(lottery))
    assert copy.marginals.tolist() == lottery.marginals.tolist()
    assert pickle.loads(pickle.dumps(instance)).pool.ids == instance.pool.ids
    with pytest.raises(InputError) as caught:
        load_instance(tmp_path / "missing.csv", JURY / "quotas.csv", 0)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.problems == caught.value.problems and str(again) == str(caught.value)
    draw_error = pickle.loads(pickle.dumps(DrawError("draw.exists", directory="x")))
    assert draw_error.key == "draw.exists" and draw_error.params == {"directory": "x"}
    report = check(instance)
    infeasible = pickle.loads(pickle.dumps(InfeasibleError("no panel", report)))
    assert infeasible.report == report and str(infeasible) == "no panel"


def test_representations_are_short() -> None:
    instance = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30, household_columns=["household"])
    lottery = solve(instance)
    for obj in (instance, instance.pool, instance.quotas, lottery, check(instance)):
        assert len(repr(obj)) < 300, type(obj).__name__
    assert repr(lottery).startswith("Lottery(leximin, 400 persons,")


def test_the_package_exports_the_workflows() -> None:
    assert sortition.workflows is workflows
    assert {"prepare", "draw", "verify", "replace", "report", "rehearse"} <= set(dir(workflows))
