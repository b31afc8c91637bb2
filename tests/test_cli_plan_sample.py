"""``sortition plan`` and ``sortition sample`` as a user runs them (registered on a local Typer app, the way
cli/main.py registers them): exit codes, recommendation in English and French, JSON, bad input, no overwrite."""

from __future__ import annotations

import importlib.util
import json

import pytest
import typer
from sortition_cli.common import T
from sortition_cli.plan import plan_command
from sortition_cli.sample import sample_command
from typer.testing import CliRunner

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("plan", help=T("help.plan"))(plan_command)
app.command("sample", help=T("help.sample"))(sample_command)
runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


FAST = ("--trials", 60, "--fairness-trials", 2, "--jobs", 1)


def test_plan_from_a_scenario_prints_the_recommendation_in_english():
    result = _run("plan", "--scenario", "jury30", "--invitations", "1000:3500:500", *FAST, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Invitation plan for a panel of 30" in result.output
    assert "letters for a 95% chance that all quotas can be met" in result.output
    assert "LEXIMIN min." in result.output


def test_plan_in_french_and_when_no_number_reaches_the_target():
    result = _run("plan", "--scenario", "jury30", "--invitations", "600,900", *FAST, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "Plan d'invitations pour un panel de 30" in result.output
    assert "Aucun des nombres d'invitations essayés (jusqu'à 900) n'atteint 95" in result.output
    result = _run("plan", "--scenario", "jury30", "--invitations", "3500", *FAST, "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "Envoyez 3\u202f500 lettres pour 95\u202f% de chances" in result.output


def test_sample_then_plan_from_files_with_json(tmp_path):
    files = {name: tmp_path / name for name in ("population.csv", "quotas.csv", "rates.csv")}
    made = _run(
        "sample", "--scenario", "jury30", "--population", "--n", 20000, "--seed", 2,
        "--out", files["population.csv"], "--quotas-out", files["quotas.csv"], "--rates-out", files["rates.csv"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "20,000 persons" in made.output and all(p.exists() for p in files.values())
    assert files["rates.csv"].read_text(encoding="utf-8").startswith("category,value,factor\n")
    result = _run(
        "plan", "--population", files["population.csv"], "--quotas", files["quotas.csv"], "--k", 30,
        "--response-rates", files["rates.csv"], "--mean-rate", 0.06, "--invitations", "1000:4000:1000",
        *FAST, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["population_kind"] == "persons" and payload["k"] == 30
    assert [r["invitations"] for r in payload["rows"]] == [1000, 2000, 3000, 4000]
    assert payload["mean_rate"] == pytest.approx(0.06)
    assert payload["recommended_invitations"] in (2000, 3000, 4000)
    assert payload["recommendation"].startswith("Send ")
    assert len(payload["first_feasible_invitations"]) == 60


def test_plan_bad_input_exits_two_naming_file_row_and_column(tmp_path):
    (tmp_path / "population.csv").write_text("sexe,age,count\nF,old,x\nM,young,3\n", encoding="utf-8")
    (tmp_path / "quotas.csv").write_text(
        "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\nage,old,0,1\nage,young,0,1\n", encoding="utf-8"
    )
    (tmp_path / "rates.csv").write_text("category,value,factor\nage,yung,1\n", encoding="utf-8")
    args = [
        "plan", "--population", tmp_path / "population.csv", "--quotas", tmp_path / "quotas.csv", "--k", 1,
        "--response-rates", tmp_path / "rates.csv", "--invitations", "100", "--trials", 0,
    ]  # fmt: skip
    result = _run(*args, "--lang", "en")
    assert result.exit_code == 2
    assert "population.csv, row 2, column 'count'" in result.output
    assert "rates.csv, row 2, column 'value'" in result.output and "did you mean 'young'?" in result.output
    assert "--trials" in result.output
    french = _run(*args, "--lang", "fr")
    assert french.exit_code == 2 and "ligne 2, colonne « count »" in french.output
    as_json = _run(*args, "--json")
    codes = [p["code"] for p in json.loads(as_json.stdout)["problems"]]
    assert codes == ["plan-rates-value-unknown", "plan-count-invalid", "plan-trials-invalid"]
    neither = _run("plan", "--invitations", "100")
    assert neither.exit_code == 2 and "--scenario" in neither.output


def test_plan_writes_a_plot_and_refuses_to_replace_it(tmp_path):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "plan.png"
    args = ("plan", "--scenario", "jury30", "--invitations", "1500,3000", "--trials", 20, "--fairness-trials", 1)
    first = _run(*args, "--jobs", 1, "--plot", plot, "--lang", "en")
    assert first.exit_code == 0, first.output
    assert plot.read_bytes().startswith(b"\x89PNG") and "Plot written to" in first.output
    again = _run(*args, "--jobs", 1, "--plot", plot)
    assert again.exit_code == 2 and "--force" in again.output
    forced = _run(*args, "--jobs", 1, "--plot", plot, "--force")
    assert forced.exit_code == 0, forced.output


@pytest.mark.skipif(importlib.util.find_spec("dask") is not None, reason="only without the dask extra")
def test_dask_option_without_dask_explains_the_extra():
    result = _run(
        "plan", "--scenario", "jury30", "--invitations", "1000", "--dask", "tcp://127.0.0.1:1", "--lang", "en"
    )
    assert result.exit_code == 2 and "sortition-toolkit[dask]" in result.output


def test_sample_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "pool.csv"
    first = _run("sample", "--scenario", "jury30", "--n", 300, "--seed", 1, "--out", out, "--lang", "en")
    assert first.exit_code == 0, first.output
    assert "Wrote 300 volunteers of scenario jury30 (panel of 30, seed 1)" in first.output
    written = out.read_bytes()
    assert written.count(b"\n") == 301
    quotas = tmp_path / "quotas.csv"
    refused = _run("sample", "--scenario", "jury30", "--n", 50, "--seed", 2, "--out", out, "--quotas-out", quotas)
    assert refused.exit_code == 2 and "already exists" in refused.output and "--force" in refused.output
    assert out.read_bytes() == written and not quotas.exists()  # nothing at all was written
    forced = _run(
        "sample", "--scenario", "jury30", "--n", 50, "--seed", 2, "--out", out, "--quotas-out", quotas, "--force"
    )
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes().count(b"\n") == 51 and quotas.read_text(encoding="utf-8").startswith("category,value,min")


def test_sample_is_deterministic_and_in_french(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (a, b):
        done = _run(
            "sample",
            "--scenario",
            "convention150",
            "--n",
            400,
            "--seed",
            7,
            "--households",
            "--out",
            path,
            "--lang",
            "fr",
        )
        assert done.exit_code == 0, done.output
    assert a.read_bytes() == b.read_bytes()
    assert "400 volontaires du scénario convention150 (panel de 150, graine 7)" in done.output
    assert "Avec foyers" in done.output and b"household" in a.read_bytes().splitlines()[0]
    same = _run(
        "sample", "--scenario", "jury30", "--n", 10, "--out", tmp_path / "c.csv", "--quotas-out", tmp_path / "c.csv"
    )
    assert same.exit_code == 2 and not (tmp_path / "c.csv").exists()
    unknown = _run("sample", "--scenario", "jury31", "--n", 10, "--out", tmp_path / "d.csv")
    assert unknown.exit_code == 2 and "jury30" in unknown.output


def test_help_documents_the_file_formats():
    result = _run("plan", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "category,value,factor" in text and "count" in text and "--invitations" in text
