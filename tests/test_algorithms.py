"""The selection engine against brute force on tiny pools, and its properties on random instances."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sortition.check import check
from sortition.model.instance import Instance
from sortition.solve import solve
from sortition.solve.legacy import legacy_estimate
from tests.conftest import ROOT, SAMPLES
from tests.helpers import brute_leximin, brute_maximin, instance_from, nash_gap, valid_panels

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def feasible_instances(draw, max_n: int = 10, households: bool = False):
    n = draw(st.integers(4, max_n))
    n_categories = draw(st.integers(1, 3))
    categories = ("a", "b", "c")[:n_categories]
    sizes = [draw(st.integers(2, 3)) for _ in categories]
    profiles = [tuple(f"v{draw(st.integers(0, s - 1))}" for s in sizes) for _ in range(n)]
    k = draw(st.integers(1, min(5, n - 1)))
    bands = {}
    for c, s in zip(categories, sizes, strict=True):
        for v in range(s):
            lo = draw(st.integers(0, min(k, 2)))
            hi = draw(st.integers(lo, k))
            bands[(c, f"v{v}")] = (lo, hi)
    homes = [f"h{draw(st.integers(0, n - 1))}" for _ in range(n)] if households else None
    instance = instance_from(profiles, categories, bands, k, households=homes)
    assume(valid_panels(instance))
    return instance


@st.composite
def gap_prone_instances(draw):
    """Three binary categories and tight bands: where the LP relaxation often has fractional optima that
    no lottery reaches (found by search), so the column-generation fallbacks run."""
    n = draw(st.integers(4, 7))
    profiles = [tuple(f"v{draw(st.integers(0, 1))}" for _ in range(3)) for _ in range(n)]
    k = draw(st.integers(2, 3))
    bands = {}
    for c in "abc":
        for v in range(2):
            lo = draw(st.integers(0, 1))
            bands[(c, f"v{v}")] = (lo, draw(st.integers(lo, 2)))
    instance = instance_from(profiles, ("a", "b", "c"), bands, k)
    assume(valid_panels(instance))
    return instance


def any_instances():
    return st.one_of(feasible_instances(), gap_prone_instances())


GAP_CASES = [
    # the LP relaxation's leximin (everyone 1/2) is not a lottery; the true LEXIMIN is (1/2, 1/2, 1, 0)
    (
        [("v0", "v0", "v0"), ("v1", "v0", "v1"), ("v1", "v1", "v0"), ("v0", "v1", "v1")],
        {
            ("a", "v0"): (0, 1),
            ("a", "v1"): (0, 2),
            ("b", "v0"): (0, 1),
            ("b", "v1"): (1, 1),
            ("c", "v0"): (1, 2),
            ("c", "v1"): (0, 1),
        },
        2,
        [0.5, 0.5, 1.0, 0.0],
    ),
    (
        [
            ("v1", "v0", "v0"),
            ("v1", "v1", "v0"),
            ("v1", "v1", "v0"),
            ("v0", "v1", "v1"),
            ("v1", "v0", "v1"),
            ("v0", "v0", "v0"),
        ],
        {
            ("a", "v0"): (0, 1),
            ("a", "v1"): (0, 1),
            ("b", "v0"): (0, 1),
            ("b", "v1"): (1, 2),
            ("c", "v0"): (1, 1),
            ("c", "v1"): (1, 2),
        },
        2,
        [1 / 3, 1 / 3, 1 / 3, 1.0, 0.0, 0.0],
    ),
]


@pytest.mark.parametrize(("profiles", "bands", "k", "expected"), GAP_CASES)
def test_integrality_gap_falls_back_to_column_generation(profiles, bands, k, expected):
    instance = instance_from(profiles, ("a", "b", "c"), bands, k)
    lottery = solve(instance, "leximin")
    np.testing.assert_allclose(lottery.marginals, expected, atol=1e-6)
    assert lottery.certificate.method == "column generation"
    assert "not a lottery of valid panels" in lottery.certificate.notes[0]


def _assert_valid_lottery(instance, lottery):
    panels = set(valid_panels(instance))
    group_members = [g.members for g in lottery.grouping.groups]
    for row in lottery.compositions:
        # every way of choosing the members is a valid panel; check the first one
        persons = tuple(sorted(p for g, c in enumerate(row) for p in group_members[g][: int(c)]))
        assert persons in panels
    assert abs(lottery.marginals.sum() - instance.k) < 1e-9
    assert np.isclose(lottery.weights.sum(), 1.0)


@SETTINGS
@given(any_instances())
def test_leximin_equals_brute_force(instance):
    lottery = solve(instance, "leximin")
    _assert_valid_lottery(instance, lottery)
    np.testing.assert_allclose(lottery.marginals, brute_leximin(instance), atol=1e-6)
    assert lottery.certificate.gap <= 1e-6


@SETTINGS
@given(feasible_instances(households=True))
def test_leximin_with_households_equals_brute_force(instance):
    lottery = solve(instance, "leximin")
    _assert_valid_lottery(instance, lottery)
    np.testing.assert_allclose(lottery.marginals, brute_leximin(instance), atol=1e-6)


@SETTINGS
@given(any_instances())
def test_maximin_reaches_the_brute_force_minimum(instance):
    lottery = solve(instance, "maximin")
    _assert_valid_lottery(instance, lottery)
    assert lottery.min_probability == pytest.approx(brute_maximin(instance), abs=1e-6)


@settings(SETTINGS, derandomize=True)  # a fixed example set in CI: the known miss is pinned below
@given(st.one_of(feasible_instances(max_n=9), gap_prone_instances()))
def test_nash_is_optimal_over_every_panel(instance):
    lottery = solve(instance, "nash")
    _assert_valid_lottery(instance, lottery)
    # Frank-Wolfe gap computed over *all* valid panels: zero exactly at the (unique) Nash marginals
    assert nash_gap(instance, lottery.marginals) <= 1e-7


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(any_instances())
def test_fairness_order_and_legacy_baseline(instance):
    lex = solve(instance, "leximin")
    mm = solve(instance, "maximin")
    assert lex.min_probability >= mm.min_probability - 1e-9
    sorted_lex, sorted_mm = np.sort(lex.marginals), np.sort(mm.marginals)
    diff = sorted_lex - sorted_mm
    first = np.flatnonzero(np.abs(diff) > 1e-6)
    assert first.size == 0 or diff[first[0]] > 0, "LEXIMIN must be lexicographically >= maximin"
    estimate = legacy_estimate(instance, runs=300, seed=1)
    assert mm.min_probability >= estimate.min_frequency - (estimate.min_upper - estimate.min_frequency) - 1e-9


@SETTINGS
@given(any_instances())
def test_grouped_and_per_person_formulations_agree(instance):
    grouped = solve(instance, "leximin")
    per_person = solve(instance, "leximin", merge=False)
    np.testing.assert_allclose(grouped.marginals, per_person.marginals, atol=1e-6)


@pytest.mark.parametrize("name", ["example_small_20", "example_large_200"])
def test_reference_instances_give_everyone_ten_percent(name, request):
    instance = request.getfixturevalue("reference_small" if name.endswith("20") else "reference_large")
    lottery = solve(instance, "leximin")
    np.testing.assert_allclose(lottery.marginals, 0.1, atol=1e-6)
    published = np.loadtxt(SAMPLES / name / "published_leximin_sorted.csv", delimiter=",", skiprows=1)[:, 1]
    np.testing.assert_allclose(np.sort(lottery.marginals), published, atol=1e-6)
    assert lottery.certificate.optimal


def test_legacy_is_reproducible_and_unfair_on_the_reference(reference_small):
    a = legacy_estimate(reference_small, runs=400, seed=7)
    b = legacy_estimate(reference_small, runs=400, seed=7)
    np.testing.assert_array_equal(a.frequencies, b.frequencies)
    # published: legacy gives the lone conservative woman far less than LEXIMIN's 10% (min <= 1.21%)
    assert a.min_upper < 0.05
    lottery = solve(reference_small, "legacy", runs=400, seed=7)
    np.testing.assert_allclose(lottery.marginals, a.frequencies, atol=1e-12)


def test_zero_probability_only_when_forced():
    # person 0 is the only "x"; quotas forbid any "x": probability 0 is forced, everyone else positive
    profiles = [("x",), ("y",), ("y",), ("y",)]
    instance = instance_from(profiles, ("a",), {("a", "x"): (0, 0), ("a", "y"): (0, 2)}, 2)
    for algorithm in ("leximin", "maximin", "nash"):
        lottery = solve(instance, algorithm)
        assert lottery.marginals[0] == 0
        assert np.all(lottery.marginals[1:] > 0.6)


@pytest.mark.parametrize("algorithm", ["leximin", "maximin", "nash"])
def test_time_limit_returns_a_valid_lottery_with_a_gap(reference_large, algorithm):
    """With no time at all, the answer is the first panel found, and the certified gap is everything up to
    the only bound known then (1): it covers the true optimum (everyone 10%) and says nothing more."""
    lottery = solve(reference_large, algorithm, time_limit=0.0)
    assert lottery.n_panels == 1 and lottery.weights.tolist() == [1.0]
    assert lottery.marginals.sum() == pytest.approx(reference_large.k) and lottery.min_probability == 0.0
    assert not lottery.certificate.optimal and lottery.certificate.method == "none"
    assert lottery.certificate.gap == 1.0 - lottery.min_probability == 1.0
    assert lottery.certificate.notes == ("time limit reached before the lottery was optimised",)


def _digest(lottery) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(lottery.compositions).tobytes())
    h.update(np.round(lottery.weights, 12).tobytes())
    return h.hexdigest()


def test_row_order_and_hash_seed_do_not_change_the_lottery(tmp_path):
    from sortition.load.instance import load_instance

    source = SAMPLES / "example_small_20"
    lines = (source / "pool.csv").read_text(encoding="utf-8").strip().split("\n")
    shuffled = [lines[0], *reversed(lines[1:])]
    (tmp_path / "pool.csv").write_text("\r\n".join(shuffled) + "\r\n", encoding="cp1252")
    a = solve(load_instance(source / "pool.csv", source / "quotas.csv", 20), "leximin")
    b = solve(load_instance(tmp_path / "pool.csv", source / "quotas.csv", 20), "leximin")
    assert _digest(a) == _digest(b)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.test_algorithms import _digest;"
        "from sortition.load.instance import load_instance; from sortition.solve import solve;"
        "import pathlib; s = pathlib.Path(sys.argv[1]) / 'sample_pools' / 'example_small_20';"
        "print(_digest(solve(load_instance(s / 'pool.csv', s / 'quotas.csv', 20), 'leximin')))"
    )
    digests = set()
    for seed in ("0", "12345"):  # and this process's own, random, hash seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert digests == {_digest(a)}


def test_feasibility_and_engine_agree_on_infeasible_input():
    profiles = [("x",), ("y",)]
    instance = instance_from(profiles, ("a",), {("a", "x"): (2, 2), ("a", "y"): (0, 2)}, 2)
    assert not check(instance).feasible
    with pytest.raises(Exception, match="no panel"):
        solve(instance, "leximin")


def test_relaxation_recovers_from_numerical_infeasibility():
    """A planner pool on which the tight LP tolerances once made a later LEXIMIN level look infeasible."""
    from sortition.planning import pool_instance, scenario_inputs, simulate_trial

    inputs = scenario_inputs("convention150")
    instance = pool_instance(inputs, simulate_trial(inputs, range(2500, 15001, 2500), seed=1, trial=19)[4])
    assert check(instance).feasible
    lottery = solve(instance, "leximin")
    assert lottery.certificate.optimal and lottery.certificate.gap < 1e-6


def test_decomposition_keeps_a_crumb_of_mass_on_its_own_panel():
    """Found by CI (Hypothesis, highspy 1.16): the relaxed LEXIMIN point puts 1.4e-9 of mass on the panel
    (0, 1, 3); with a face tolerance looser than that, peeling lost the crumb and the least chance fell
    1.2e-9 below the maximin optimum 2/7. Now only the level slack (2e-10) separates them."""
    profiles = [("v0",)] * 6 + [("v1",)] + [("v2",)] * 3
    bands = {("a", "v0"): (0, 2), ("a", "v1"): (0, 1), ("a", "v2"): (2, 3)}
    instance = instance_from(profiles, ("a",), bands, 4)
    lex = solve(instance, "leximin")
    assert lex.min_probability >= 2 / 7 - 5e-10
    assert lex.min_probability >= solve(instance, "maximin").min_probability - 1e-9
    np.testing.assert_allclose(lex.marginals, brute_leximin(instance), atol=1e-9)


def test_leximin_when_a_warm_started_lp_stalls():
    """Hypothesis found it: the face LP, warm-started from the previous step's basis, ended with HiGHS status
    Unknown (a 1e-4 dual infeasibility it could not remove) and the solve raised. The LP is now re-solved cold."""
    a = ("v1", "v0", "v0", "v1", "v2", "v0", "v1", "v2", "v2", "v2")
    b = ("v0", "v1", "v1", "v0", "v0", "v2", "v1", "v0", "v1", "v2")
    bands = {
        ("a", "v0"): (0, 3), ("a", "v1"): (0, 3), ("a", "v2"): (0, 1),
        ("b", "v0"): (2, 2), ("b", "v1"): (0, 3), ("b", "v2"): (0, 1),
    }  # fmt: skip
    instance = instance_from(list(zip(a, b, strict=True)), ("a", "b"), bands, 5)
    lottery = solve(instance, "leximin")
    assert lottery.certificate.optimal
    assert lottery.min_probability == pytest.approx(brute_maximin(instance), abs=1e-7)


def test_a_mip_that_highs_presolve_breaks_is_solved_without_it():
    """Captured from the peeling on national5000 (a rounding program, 55 groups): HiGHS 1.16's MIP presolve
    reduces it to empty, postsolve's point violates a row and the run ends in "Solve error", which raised.
    The model is now re-run without presolve and gives a valid panel."""
    import json

    import scipy.sparse as sp

    from sortition.solve.backends import HighsModel

    data = json.loads((ROOT / "tests" / "data" / "highs_presolve_error.json").read_text(encoding="utf-8"))
    shape = (data["n_rows"], len(data["cost"]))
    matrix = sp.csc_matrix((np.ones(len(data["rows"])), (data["rows"], data["cols"])), shape=shape)
    model = HighsModel(
        data["cost"], data["col_lower"], data["col_upper"], matrix, data["row_lower"], data["row_upper"],
        integer=True, maximize=True,
    )  # fmt: skip
    for name, value in (("mip_max_improving_sols", 1), ("mip_pool_soft_limit", 1), ("mip_lp_age_limit", 1)):
        model.set_option(name, value)
    model.set_option("presolve", "on")
    solution = model.solve()
    assert solution.values is not None
    x = np.round(solution.values)
    rows = matrix @ x
    assert np.all(rows >= np.array(data["row_lower"]) - 1e-9) and np.all(rows <= np.array(data["row_upper"]) + 1e-9)
    assert np.all(x >= np.array(data["col_lower"])) and np.all(x <= np.array(data["col_upper"]))


@pytest.mark.xfail(
    strict=True,
    reason="Nash stops at a Frank-Wolfe gap of 1.1e-7 over all panels while its "
    "certificate says 1.1e-14 (found by Hypothesis; open defect)",
)
def test_nash_is_optimal_on_the_example_hypothesis_found():
    from sortition.model.instance import Pool, Quota, Quotas

    pool = Pool(
        ("p000", "p001", "p002", "p003", "p004", "p005"),
        {"a": ("v2", "v0", "v2", "v2", "v0", "v2"), "b": ("v0", "v0", "v0", "v0", "v1", "v1")},
    )
    quotas = Quotas(
        (
            Quota("a", "v0", 0, 2),
            Quota("a", "v1", 0, 0),
            Quota("a", "v2", 0, 3),
            Quota("b", "v0", 0, 3),
            Quota("b", "v1", 1, 2),
        )
    )
    instance = Instance(pool, quotas, 4)
    lottery = solve(instance, "nash")
    assert nash_gap(instance, lottery.marginals) <= 1e-7


def _valid_by_the_rules(instance, grouping, composition) -> bool:
    """The panel rules read from the instance itself, not from the constraint matrices (the oracle)."""
    members = [len(group.members) for group in grouping.groups]
    if any(c < 0 or c > size for c, size in zip(composition, members, strict=True)) or sum(composition) != instance.k:
        return False
    for quota in instance.quotas:
        at = instance.categories.index(quota.category)
        holding = [group.profile[at] == quota.value for group in grouping.groups]
        count = sum(c for c, held in zip(composition, holding, strict=True) if held)
        if not quota.min <= count <= quota.max:
            return False
    return all(sum(composition[g] for g in household) <= 1 for household in grouping.households)


@SETTINGS
@given(feasible_instances(households=True), st.data())
def test_the_vectorised_panel_check_agrees_with_the_rules_in_words(instance, data):
    from sortition.model.constraints import PanelConstraints
    from sortition.model.lottery import InvalidPanelError, Lottery

    grouping = instance.grouping(True)
    constraints = PanelConstraints.build(instance, grouping)
    sizes = constraints.sizes
    # k persons each (only the quota and household rules decide), and raw rows (sizes and k broken too)
    n, k = len(instance.pool), instance.k
    chosen = data.draw(st.lists(st.sets(st.integers(0, n - 1), min_size=k, max_size=k), max_size=12), label="k")
    raw = data.draw(st.lists(st.tuples(*[st.integers(-1, int(s) + 1) for s in sizes]), max_size=4), label="raw")
    rows = [np.bincount(np.asarray(grouping.group_of)[sorted(c)], minlength=len(sizes)) for c in chosen]
    assume(rows or raw)
    compositions = np.array([*rows, *raw], dtype=np.int64).reshape(-1, len(sizes))
    rows = list(compositions)
    expected = [p for p in range(len(rows)) if not _valid_by_the_rules(instance, grouping, compositions[p])]
    assert constraints.invalid_panels(compositions).tolist() == expected
    assert [p for p in range(len(rows)) if constraints.violations(compositions[p])] == expected
    weights = np.full(len(rows), 1.0 / len(rows))
    if expected:
        with pytest.raises(InvalidPanelError, match=f"panel {expected[0]} is not valid"):
            Lottery(instance, grouping, compositions, weights, "test")
    else:
        assert Lottery(instance, grouping, compositions, weights, "test").n_panels == len(rows)
