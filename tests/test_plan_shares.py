"""The planner from population shares per category, and a response model that is never assumed silently."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import typer
from sortition_cli.plan import plan_command
from typer.testing import CliRunner

from sortition.errors import InputError
from sortition.planning import load_plan_inputs, plan, scenario_inputs, shares_inputs
from sortition.synthetic.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent
JURY30_QUOTAS = ROOT / "sortition" / "data" / "fr" / "scenarios" / "jury30_quotas.csv"
GRID = list(range(500, 4501, 250))
QUIET = ("--trials", "5", "--jobs", "1", "--fairness-trials", "0", "--lang", "en")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def jury30_margins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The jury30 scenario's shares per category, as a town would type them (French headers, decimal comma)."""
    path = tmp_path_factory.mktemp("margins") / "parts.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["categorie", "valeur", "part"])
        for category, values in load_scenario("jury30").shares.items():
            for value, share in values.items():
                out.writerow([category, value, f"{share:.6f}".replace(".", ",")])
    return path


def test_jury30_from_shares_alone_recommends_within_20_percent_of_the_true_response_factors(jury30_margins):
    from_shares = shares_inputs(JURY30_QUOTAS, 30, margins=jury30_margins)
    assert from_shares.response_model == "default"
    assert from_shares.population_model == "associations"
    truth = scenario_inputs("jury30")
    options = {"trials": 100, "seed": 4, "fairness_trials": 0, "jobs": 1}
    shares_plan = plan(from_shares, GRID, **options)
    true_plan = plan(truth, GRID, **options)
    equal_plan = plan(shares_inputs(JURY30_QUOTAS, 30, margins=jury30_margins, response_rates="equal"), GRID, **options)
    assert shares_plan.recommended is not None and true_plan.recommended is not None
    assert abs(shares_plan.recommended - true_plan.recommended) <= 0.2 * true_plan.recommended
    # the silent assumption the planner no longer makes: equal response needs far fewer letters
    assert equal_plan.recommended is not None and equal_plan.recommended < 0.6 * true_plan.recommended


def test_the_population_from_shares_matches_every_share_and_the_output_says_how(jury30_margins):
    inputs = shares_inputs(JURY30_QUOTAS, 30, margins=jury30_margins)
    population = inputs.population
    shares = load_scenario("jury30").shares
    for j, category in enumerate(population.categories):
        for i, value in enumerate(population.values[j]):
            got = population.weights[population.codes[:, j] == i].sum()
            assert got == pytest.approx(shares[category][value], abs=1e-5)
    assert inputs.mean_rate == pytest.approx(0.06)
    notes = " ".join(inputs.notes("en"))
    assert "default French response differentials" in notes and "age, quartier, diplome, statut_logement" in notes
    assert "raked (iterative proportional fitting)" in notes
    assert "écarts de réponse français par défaut" in " ".join(inputs.notes("fr"))


def test_joint_figures_are_met_by_raking(tmp_path):
    quotas = _write(tmp_path, "quotas.csv", "category,value,share\nsexe,F,0.5\nsexe,M,0.5\ncity,A,0.4\ncity,B,0.6\n")
    joint = _write(tmp_path, "joint.csv", "sexe,city,count\nF,A,300\nF,B,200\nM,A,100\nM,B,400\n")
    inputs = shares_inputs(quotas, 10, joint=[joint], response_rates="equal")
    assert inputs.population_model == "raking"
    pop = inputs.population
    cells = {
        tuple(pop.values[j][int(c)] for j, c in enumerate(row)): w
        for row, w in zip(pop.codes, pop.weights, strict=True)
    }
    assert cells == {
        ("F", "A"): pytest.approx(0.3),
        ("F", "B"): pytest.approx(0.2),
        ("M", "A"): pytest.approx(0.1),
        ("M", "B"): pytest.approx(0.4),
    }
    independent = shares_inputs(quotas, 10, response_rates="equal")
    assert independent.population_model == "independence"
    assert np.allclose(sorted(independent.population.weights), [0.2, 0.2, 0.3, 0.3])
    assert "independent" in independent.notes("en")[0]
    assert "same rate" in independent.notes("en")[-1]


def test_without_a_known_response_model_the_plan_is_refused(tmp_path):
    population = _write(tmp_path, "population.csv", "sexe,count\nF,1\nM,1\n")
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\n")
    with pytest.raises(InputError) as caught:
        load_plan_inputs(population, quotas, 1)
    assert [p.code for p in caught.value.problems] == ["plan-response-model-needed"]
    assert "--response-rates equal" in caught.value.render("en")
    assert load_plan_inputs(population, quotas, 1, response_rates="equal").response_model == "equal"


def test_the_bundled_jury_pool_gets_the_default_differentials():
    inputs = load_plan_inputs(ROOT / "sample_pools" / "jury30" / "pool.csv", JURY30_QUOTAS, 30)
    assert inputs.response_model == "default"
    assert set(inputs.rates.factors) == {"age", "quartier", "diplome", "statut_logement"}
    assert inputs.rates.factors["quartier"]["Quartiers prioritaires (QPV)"] == 0.5
    assert inputs.mean_rate == pytest.approx(0.06)


def test_every_problem_of_margins_and_joint_figures(tmp_path):
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\nage,young,0,1\n")
    margins = _write(tmp_path, "margins.csv", "category,value,share\nsexe,F,abc\nsexe,X,0.5\nsexe,X,0.5\n")
    joint = _write(tmp_path, "joint.csv", "sexe,region,share\nF,N,1\n")
    with pytest.raises(InputError) as caught:
        shares_inputs(quotas, 1, margins=margins, joint=[joint])
    found = [(p.code, p.row, p.column) for p in caught.value.problems]
    assert ("share-not-number", 2, "share") in found
    assert ("plan-rates-duplicate", 4, None) in found
    assert ("plan-margins-category-missing", None, "age") in found
    assert ("value-unknown", None, "sexe") in found
    assert ("plan-joint-category-unknown", 1, "region") in found
    bands = _write(tmp_path, "bands.csv", "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\n")
    with pytest.raises(InputError) as caught:
        shares_inputs(bands, 1)
    assert [p.code for p in caught.value.problems] == ["plan-shares-none"]


def test_contradictory_joint_figures_are_refused(tmp_path):
    quotas = _write(tmp_path, "quotas.csv", "category,value,share\nsexe,F,0.5\nsexe,M,0.5\ncity,A,0.5\ncity,B,0.5\n")
    joint = _write(tmp_path, "joint.csv", "sexe,count\nF,9\nM,1\n")
    with pytest.raises(InputError) as caught:
        shares_inputs(quotas, 10, joint=[joint], response_rates="equal")
    assert [p.code for p in caught.value.problems] == ["plan-raking-failed"]


def test_plan_command_from_the_quota_shares_states_its_models(tmp_path):
    app = typer.Typer(add_completion=False)
    app.command("plan")(plan_command)
    app.command("other")(plan_command)
    quotas = _write(tmp_path, "quotas.csv", "category,value,share\nsexe,F,0.5\nsexe,M,0.5\n")
    result = CliRunner().invoke(
        app,
        ["plan", "--quotas", str(quotas), "--k", "4", "--invitations", "100", *QUIET],
    )
    assert result.exit_code == 2 and "no response model" in result.output
    result = CliRunner().invoke(
        app,
        ["plan", "--quotas", str(quotas), "--k", "4", "--invitations", "100", *QUIET, "--response-rates", "equal"],
    )
    assert result.exit_code == 0, result.output
    assert "assuming the categories are independent" in result.output
    assert "everyone answers at the same rate" in result.output
