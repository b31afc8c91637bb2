"""The invitation planner: exact answers on constructed cases, agreement with the exact feasibility check,
monotonicity, determinism (seed, jobs, hash seed), and input validation naming file, row and column."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sortition.check import check
from sortition.errors import InputError
from sortition.planning import (
    calibrate_base,
    load_plan_inputs,
    parse_invitations,
    plan,
    plan_option_problems,
    plot_plan,
    plot_problems,
    pool_instance,
    scenario_inputs,
    simulate_trial,
    wilson_interval,
)

ROOT = Path(__file__).resolve().parent.parent

CELLS = "sexe,age,count\nF,young,100\nF,old,100\nM,young,100\nM,old,100\n"
QUOTAS = "category,value,min,max\nsexe,F,2,3\nsexe,M,2,3\nage,young,1,4\nage,old,1,4\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def jury30():
    return scenario_inputs("jury30")


def _without_time(result):
    payload = result.as_dict()
    payload.pop("seconds")
    return payload


# ---------------------------------------------------------------------------------------------- exact cases


def test_probability_zero_when_a_required_value_never_answers(tmp_path):
    population = _write(tmp_path, "population.csv", CELLS)
    quotas = _write(tmp_path, "quotas.csv", QUOTAS)
    rates = _write(tmp_path, "rates.csv", "category,value,factor\nage,young,0\n")
    inputs = load_plan_inputs(population, quotas, 5, response_rates=rates, base_rate=0.5)
    result = plan(inputs, [50, 400], trials=50, seed=3, fairness_trials=2, jobs=1)
    assert [r.feasible_trials for r in result.rows] == [0, 0]
    assert result.rows[1].mean_pool_size > 90  # plenty of volunteers, only none of them young
    assert [(q.category, q.value, q.reason) for q in result.impossible] == [("age", "young", "no-response")]
    assert result.recommended is None and "No number of invitations" in result.recommendation("en")
    assert all(r.mean_min_probability is None for r in result.rows)
    # control: the same plan without the zero factor meets the quotas every time at 400 invitations
    control = plan(
        load_plan_inputs(population, quotas, 5, base_rate=0.5, response_rates="equal"),
        [50, 400],
        trials=50,
        seed=3,
        jobs=1,
    )
    assert control.rows[1].feasible_trials == 50 and control.impossible == ()


def test_probability_zero_when_nobody_in_the_population_has_a_required_value(tmp_path):
    population = _write(tmp_path, "population.csv", "sexe,age,count\nF,old,100\nM,old,100\n")
    quotas = _write(tmp_path, "quotas.csv", QUOTAS)
    result = plan(
        load_plan_inputs(population, quotas, 5, base_rate=1.0, response_rates="equal"), [100], trials=20, seed=1, jobs=1
    )
    assert result.rows[0].feasible_trials == 0
    assert [(q.value, q.reason, q.min) for q in result.impossible] == [("young", "absent", 1)]


def test_loose_quotas_and_everyone_answering_are_feasible_exactly_when_the_pool_reaches_k(tmp_path):
    rows = "".join(f"p{i:02d},{'F' if i % 2 else 'M'},{'young' if i % 3 else 'old'}\n" for i in range(40))
    population = _write(tmp_path, "population.csv", "id,sexe,age\n" + rows)
    quotas = _write(
        tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,0,10\nsexe,M,0,10\nage,young,0,10\nage,old,0,10\n"
    )
    inputs = load_plan_inputs(population, quotas, 10, base_rate=1.0, response_rates="equal")
    result = plan(inputs, [5, 10, 20, 40], trials=30, seed=2, fairness_trials=3, jobs=1)
    assert [r.feasibility for r in result.rows] == [0.0, 1.0, 1.0, 1.0]
    assert [r.mean_pool_size for r in result.rows] == [5.0, 10.0, 20.0, 40.0]
    assert result.recommended == 10
    # at 40 invitations the pool is the whole population: loose quotas give everyone k / n = 1/4
    assert result.rows[-1].mean_min_probability == pytest.approx(0.25, abs=1e-6)
    assert result.rows[1].mean_min_probability == pytest.approx(1.0, abs=1e-6)


def test_persons_are_invited_without_replacement_and_cells_with_replacement(tmp_path):
    # 6 + 6 persons, quotas need all of them: only a draw without replacement always gets everyone
    persons = _write(tmp_path, "persons.csv", "sexe\n" + "F\n" * 6 + "M\n" * 6)
    cells = _write(tmp_path, "cells.csv", "sexe,count\nF,6\nM,6\n")
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,6,6\nsexe,M,6,6\n")
    by_person = plan(
        load_plan_inputs(persons, quotas, 12, base_rate=1.0, response_rates="equal"), [12], trials=40, seed=1, jobs=1
    )
    by_cell = plan(
        load_plan_inputs(cells, quotas, 12, base_rate=1.0, response_rates="equal"), [12], trials=40, seed=1, jobs=1
    )
    assert by_person.persons and not by_cell.persons
    assert by_person.rows[0].feasibility == 1.0
    assert by_cell.rows[0].feasibility < 0.6  # P(exactly 6 F in 12 fair draws) = 0.23


def test_relaxation_fairness_equals_leximin_on_an_interchangeable_pool(tmp_path):
    rows = "".join(f"p{i:02d},{'F' if i < 12 else 'M'}\n" for i in range(20))
    population = _write(tmp_path, "population.csv", "id,sexe\n" + rows)
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,5,5\nsexe,M,5,5\n")
    inputs = load_plan_inputs(population, quotas, 10, base_rate=1.0, response_rates="equal")
    exact = plan(inputs, [20], trials=3, seed=1, fairness_trials=2, jobs=1)
    bound = plan(inputs, [20], trials=3, seed=1, fairness_trials=2, fairness="relaxation", jobs=1)
    # whole pool: the 12 F share 5 seats (5/12), the 8 M share 5 seats (5/8)
    assert exact.rows[0].mean_min_probability == pytest.approx(5 / 12, abs=1e-6)
    assert bound.rows[0].mean_min_probability == pytest.approx(5 / 12, abs=1e-6)
    assert exact.rows[0].fairness_trials == 2


def test_a_solver_failure_on_one_pool_is_counted_not_fatal(tmp_path, monkeypatch):
    import sortition.planning.simulate as simulate
    from sortition.errors import SolverError

    rows = "".join(f"p{i:02d},{'F' if i < 12 else 'M'}\n" for i in range(20))
    population = _write(tmp_path, "population.csv", "id,sexe\n" + rows)
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,5,5\nsexe,M,5,5\n")
    inputs = load_plan_inputs(population, quotas, 10, base_rate=1.0, response_rates="equal")
    calls = []

    def flaky(instance, method, time_limit):
        calls.append(len(instance.pool))
        if len(calls) == 2:
            raise SolverError("numerical trouble")
        return 0.5

    monkeypatch.setattr(simulate, "_min_probability", flaky)
    result = plan(inputs, [20], trials=3, seed=1, fairness_trials=3, jobs=1)
    row = result.rows[0]
    assert (row.fairness_trials, row.fairness_failures, row.mean_min_probability) == (2, 1, 0.5)
    assert result.as_dict()["rows"][0]["fairness_failures"] == 1


# ---------------------------------------------------------------------------------------------- realistic case


def test_feasibility_rises_monotonically_with_invitations_on_jury30(jury30):
    grid = list(range(500, 3001, 250))
    result = plan(jury30, grid, trials=200, seed=11, fairness_trials=0, jobs=1)
    probabilities = [r.feasibility for r in result.rows]
    assert probabilities == sorted(probabilities)
    assert probabilities[0] <= 0.05 and probabilities[-1] >= 0.9
    for row in result.rows:  # 6 % answer on average
        assert row.mean_pool_size == pytest.approx(0.06 * row.invitations, rel=0.05)
        assert row.pool_size_low <= row.mean_pool_size <= row.pool_size_high
        assert row.interval[0] <= row.feasibility <= row.interval[1]
    assert result.recommended == next(r.invitations for r in result.rows if r.feasibility >= 0.95)


def test_pools_of_one_trial_are_nested(jury30):
    pools = simulate_trial(jury30, [600, 1200, 2400], seed=5, trial=3)
    for small, large in itertools.pairwise(pools):
        assert sum(small.values()) < sum(large.values())
        assert all(large.get(profile, 0) >= count for profile, count in small.items())


def test_planner_verdicts_agree_with_the_exact_feasibility_check(jury30):
    grid = [800, 1000, 1300, 1700]
    result = plan(jury30, grid, trials=25, seed=7, fairness_trials=0, jobs=1)
    assert any(n is None for n in result.first_feasible) and any(n is not None for n in result.first_feasible)
    for trial in range(25):
        pools = simulate_trial(jury30, grid, seed=7, trial=trial)
        verdicts = [check(pool_instance(jury30, counts), max_repairs=0).feasible for counts in pools]
        expected = next((n for n, ok in zip(grid, verdicts, strict=True) if ok), None)
        assert result.first_feasible[trial] == expected, trial


def test_same_seed_same_plan_whatever_the_number_of_jobs(jury30):
    kwargs = dict(trials=40, seed=4, fairness_trials=2)
    one = plan(jury30, [900, 1500], jobs=1, **kwargs)
    two = plan(jury30, [900, 1500], jobs=2, **kwargs)
    again = plan(jury30, [900, 1500], jobs=1, **kwargs)
    assert _without_time(one) == _without_time(two) == _without_time(again)
    assert one.rows[1].fairness_trials == 2
    other = plan(jury30, [900, 1500], jobs=1, trials=40, seed=5, fairness_trials=0)
    assert other.first_feasible != one.first_feasible


def test_same_plan_across_processes_and_hash_seeds():
    code = (
        "import json; from sortition.planning import scenario_inputs, plan; "
        "r = plan(scenario_inputs('jury30'), [1000, 2000], trials=30, seed=9, fairness_trials=1, jobs=1); "
        "d = r.as_dict(); d.pop('seconds'); print(json.dumps(d, sort_keys=True))"
    )
    outputs = []
    for hash_seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1]


class _Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object, object]] = []

    def phase(self, name: str, total: int | None = None) -> None:
        self.events.append(("phase", name, total))

    def update(self, done: int, message: str = "") -> None:
        self.events.append(("update", done, message))


def test_progress_reports_both_phases(jury30):
    recorder = _Recorder()
    plan(jury30, [1500, 2500], trials=20, seed=1, fairness_trials=1, jobs=1, progress=recorder)
    phases = [(name, total) for kind, name, total in recorder.events if kind == "phase"]
    assert phases[0] == ("feasibility", 20) and phases[1][0] == "fairness"
    updates = [done for kind, done, _ in recorder.events if kind == "update"]
    assert 20 in updates and updates[-1] == phases[1][1]


# ---------------------------------------------------------------------------------------------- helpers


def test_parse_invitations():
    assert parse_invitations("1000:6000:500") == tuple(range(1000, 6001, 500))
    assert parse_invitations("2000") == (2000,)
    assert parse_invitations("1000, 500,1000") == (500, 1000)
    for bad in ("a", "5:1", "0", "100:200:0", "1:2:3:4", ""):
        with pytest.raises(InputError) as caught:
            parse_invitations(bad)
        assert caught.value.problems[0].code == "plan-invitations-invalid"


def test_wilson_interval():
    low, high = wilson_interval(0, 200)
    assert low == 0.0 and high == pytest.approx(1.959963984540054**2 / (200 + 1.959963984540054**2))
    low, high = wilson_interval(50, 100)
    assert (low, high) == (pytest.approx(0.4038, abs=1e-4), pytest.approx(0.5962, abs=1e-4))
    assert wilson_interval(100, 100)[1] == 1.0


def test_calibrate_base_with_and_without_the_cap(tmp_path):
    population = _write(tmp_path, "population.csv", "sexe,count\nF,1\nM,1\n")
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\n")
    inputs = load_plan_inputs(population, quotas, 1, response_rates="equal")
    assert inputs.rates.base == 0.06  # the documented default base rate
    pop = inputs.population
    assert calibrate_base(pop, {"sexe": {"F": 3.0}}, 0.1) == pytest.approx(0.05)
    # F capped at 1: 0.5 * 1 + 0.5 * b = 0.6 gives b = 0.2
    assert calibrate_base(pop, {"sexe": {"F": 100.0}}, 0.6) == pytest.approx(0.2, abs=1e-9)
    assert calibrate_base(pop, {"sexe": {"F": 0.0}}, 0.6) is None  # M alone cannot average 0.6
    rates = _write(tmp_path, "rates.csv", "category,value,factor\nsexe,F,3\n")
    calibrated = load_plan_inputs(population, quotas, 1, response_rates=rates, mean_rate=0.1)
    assert calibrated.mean_rate == pytest.approx(0.1)


def test_plot_is_written_in_the_chosen_language_and_never_replaced_silently(tmp_path, jury30):
    pytest.importorskip("matplotlib")
    result = plan(jury30, [1000, 2000], trials=20, seed=1, fairness_trials=1, jobs=1)
    path = plot_plan(result, tmp_path / "plan.svg", lang="fr")
    text = path.read_text(encoding="utf-8")
    # the labels are the French ones, accents and number format included, and none is left in English
    assert "Invitations envoyées" in text and "cible 95\u202f%" in text
    assert "Invitations sent" not in text and "target 95%" not in text
    with pytest.raises(InputError) as caught:
        plot_plan(result, tmp_path / "plan.svg")
    assert [p.code for p in caught.value.problems] == ["plan-plot-exists"]
    plot_plan(result, tmp_path / "plan.svg", overwrite=True)
    assert [p.code for p in plot_problems(tmp_path / "plan.txt").problems] == ["plan-plot-format"]


# ---------------------------------------------------------------------------------------------- validation


def _where(problems):
    return [(p.code, Path(p.file).name if p.file else None, p.row, p.column) for p in problems]


def test_every_problem_of_population_and_rates_names_file_row_and_column(tmp_path):
    population = _write(
        tmp_path,
        "population.csv",
        "id,sexe,age\na1,F,young\na1,F,old\na3,f,old\na4,M,\n",
    )
    quotas = _write(tmp_path, "quotas.csv", QUOTAS)
    rates = _write(
        tmp_path,
        "rates.csv",
        "category,value,factor\nage,young,0.5\nage,young,0.7\nagee,old,1\nsexe,F,abc\nsexe,X,1\n",
    )
    with pytest.raises(InputError) as caught:
        load_plan_inputs(population, quotas, 5, response_rates=rates, base_rate=2.0, mean_rate=0.1)
    found = _where(caught.value.problems)
    assert ("plan-rate-both", None, None, None) in found
    assert ("plan-base-rate-invalid", None, None, None) in found
    assert ("plan-rates-duplicate", "rates.csv", 3, None) in found
    assert ("plan-rates-category-unknown", "rates.csv", 4, "category") in found
    assert ("plan-rates-factor-invalid", "rates.csv", 5, "factor") in found
    assert ("plan-rates-value-unknown", "rates.csv", 6, "value") in found
    assert ("id-duplicate", "population.csv", 3, "id") in found
    assert ("value-unknown", "population.csv", 4, "sexe") in found
    assert ("value-empty", "population.csv", 5, "age") in found
    messages = caught.value.render("en")
    assert "rates.csv, row 4, column 'category'" in messages and "did you mean 'age'?" in messages
    assert "ligne 5, colonne « factor »" in caught.value.render("fr")


def test_count_column_and_missing_columns_are_checked(tmp_path):
    population = _write(tmp_path, "population.csv", "sexe,count\nF,12\nM,-3\nF,lots\n")
    quotas = _write(tmp_path, "quotas.csv", QUOTAS)
    with pytest.raises(InputError) as caught:
        load_plan_inputs(population, quotas, 5, response_rates="equal")
    found = _where(caught.value.problems)
    assert ("missing-column", "population.csv", 1, "age") in found
    population.write_text("sexe,age,count\nF,old,12\nM,old,-3\nF,young,lots\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan_inputs(population, quotas, 5, response_rates="equal")
    assert _where(caught.value.problems) == [
        ("plan-count-invalid", "population.csv", 3, "count"),
        ("plan-count-invalid", "population.csv", 4, "count"),
    ]


def test_plan_options_are_checked_together(tmp_path):
    population = _write(tmp_path, "population.csv", "sexe\nF\nM\n")
    quotas = _write(tmp_path, "quotas.csv", "category,value,min,max\nsexe,F,0,1\nsexe,M,0,1\n")
    inputs = load_plan_inputs(population, quotas, 1, response_rates="equal")
    problems = plan_option_problems(
        inputs.population, [5], trials=0, seed=-1, fairness_trials=-2, fairness="best", target=1.5, jobs=0
    )
    assert [p.code for p in problems.problems] == [
        "plan-invitations-too-many",
        "plan-trials-invalid",
        "plan-seed-invalid",
        "plan-fairness-trials-invalid",
        "plan-fairness-invalid",
        "plan-target-invalid",
        "plan-jobs-invalid",
    ]
    with pytest.raises(InputError) as caught:
        plan(inputs, [2], trials=0)
    assert [p.code for p in caught.value.problems] == ["plan-trials-invalid"]
    assert plan_option_problems(inputs.population, [2]).problems == []


def test_unknown_scenario_is_a_problem():
    with pytest.raises(InputError) as caught:
        scenario_inputs("convention999")
    assert caught.value.problems[0].code == "plan-scenario-unknown"
