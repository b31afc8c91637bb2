"""``check`` against brute force on tiny pools: verdict, conflicts (infeasible and minimal), repairs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sortition.check import check, quickxplain
from tests.helpers import instance_from, min_repair_seats, valid_panels

CATEGORIES = ("a", "b", "c")


@st.composite
def tiny_instances(draw, households: bool = False):
    n = draw(st.integers(3, 8))
    n_categories = draw(st.integers(1, 3))
    categories = CATEGORIES[:n_categories]
    sizes = [draw(st.integers(2, 3)) for _ in categories]
    profiles = [tuple(f"v{draw(st.integers(0, s - 1))}" for s in sizes) for _ in range(n)]
    k = draw(st.integers(1, n - 1))
    bands = {}
    for c, s in zip(categories, sizes, strict=True):
        for v in range(s):
            lo = draw(st.integers(0, min(k, 3)))
            hi = draw(st.integers(lo, k))
            bands[(c, f"v{v}")] = (lo, hi)
    homes = None
    if households:
        homes = [f"h{draw(st.integers(0, n - 1))}" for _ in range(n)]
    return instance_from(profiles, categories, bands, k, households=homes)


def _bands_with_only(instance, bounds):
    """Quota bands where only the listed bounds are active (others relaxed to 0..k)."""
    active = {(b.category, b.value, b.side) for b in bounds}
    out = {}
    for q in instance.quotas:
        lo = q.min if (q.category, q.value, "min") in active else 0
        hi = q.max if (q.category, q.value, "max") in active else instance.k
        out[(q.category, q.value)] = (lo, hi)
    return out


def _assert_report_matches_brute_force(instance):
    report = check(instance)
    panels = valid_panels(instance)
    assert report.feasible == bool(panels)
    if report.feasible:
        index = instance.pool.index
        example = tuple(sorted(index[i] for i in report.example_panel))
        assert example in panels
        return report
    if report.households_too_few:
        assert not valid_panels(instance, _bands_with_only(instance, ()))
        return report
    conflict = report.conflict
    assert conflict, "an infeasible instance without household trouble has a conflict"
    assert not valid_panels(instance, _bands_with_only(instance, conflict))
    for drop in range(len(conflict)):
        rest = conflict[:drop] + conflict[drop + 1 :]
        assert valid_panels(instance, _bands_with_only(instance, rest)), "conflict is not minimal"
    assert report.repairs, "some repair always exists when the conflict is made of quota bounds"
    for repair in report.repairs:
        bands = {(q.category, q.value): (q.min, q.max) for q in instance.quotas}
        for change in repair.changes:
            lo, hi = bands[(change.category, change.value)]
            bands[(change.category, change.value)] = (change.new, hi) if change.side == "min" else (lo, change.new)
        assert valid_panels(instance, bands), "repair does not make the quotas feasible"
    assert report.repairs[0].seats == min_repair_seats(instance)
    supports = [frozenset((c.category, c.value, c.side) for c in r.changes) for r in report.repairs]
    assert len(set(supports)) == len(supports)
    seats = [r.seats for r in report.repairs]
    assert seats == sorted(seats)
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_check_matches_brute_force(instance):
    _assert_report_matches_brute_force(instance)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(households=True))
def test_check_with_households_matches_brute_force(instance):
    _assert_report_matches_brute_force(instance)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_cbc_through_pulp_agrees_with_highs(instance):
    a, b = check(instance), check(instance, solver="cbc")
    assert a.feasible == b.feasible
    assert a.conflict == b.conflict
    # the cheapest repair costs the same; which of several equally cheap repairs comes first may differ
    assert [r.seats for r in a.repairs[:1]] == [r.seats for r in b.repairs[:1]]


def test_known_conflict_is_explained():
    profiles = [
        ("F", "young"),
        ("H", "young"),
        ("F", "old"),
        ("H", "old"),
        ("F", "old"),
        ("F", "mid"),
        ("H", "mid"),
    ]
    bands = {
        ("sexe", "F"): (4, 4),
        ("sexe", "H"): (0, 4),
        ("age", "young"): (2, 2),
        ("age", "old"): (0, 1),
        ("age", "mid"): (0, 3),
    }
    instance = instance_from(profiles, ("sexe", "age"), bands, 5)
    report = _assert_report_matches_brute_force(instance)
    assert not report.feasible
    assert [(b.category, b.value, b.side, b.limit) for b in report.conflict] == [
        ("sexe", "F", "min", 4),
        ("age", "old", "max", 1),
    ]
    assert [[(c.category, c.value, c.side, c.old, c.new) for c in r.changes] for r in report.repairs] == [
        [("sexe", "F", "min", 4, 3)],
        [("age", "old", "max", 1, 2)],
    ]


def test_too_few_volunteers_for_a_minimum():
    profiles = [("F",), ("F",), ("H",), ("H",), ("H",)]
    instance = instance_from(profiles, ("sexe",), {("sexe", "F"): (3, 3), ("sexe", "H"): (0, 3)}, 4)
    report = _assert_report_matches_brute_force(instance)
    assert [(b.value, b.side, b.limit, b.pool_count) for b in report.conflict] == [("F", "min", 3, 2)]
    assert report.repairs[0].changes[0].new == 2


def test_household_rule_leaves_too_few_households():
    profiles = [("F",), ("F",), ("H",), ("H",)]
    instance = instance_from(
        profiles,
        ("sexe",),
        {("sexe", "F"): (0, 3), ("sexe", "H"): (0, 3)},
        3,
        households=["x", "x", "y", "y"],
    )
    report = check(instance)
    assert not report.feasible and report.households_too_few and not report.conflict
    assert report.n_households == 2


def test_empty_household_cells_mean_living_alone():
    profiles = [("F",), ("F",), ("H",)]
    instance = instance_from(
        profiles, ("sexe",), {("sexe", "F"): (0, 3), ("sexe", "H"): (0, 3)}, 3, households=["", " ", ""]
    )
    assert check(instance).feasible


def test_household_members_are_not_merged_into_groups():
    profiles = [("F",)] * 4
    instance = instance_from(profiles, ("sexe",), {("sexe", "F"): (0, 4)}, 2, households=["x", "X ", "y", "z"])
    grouping = instance.grouping()
    assert sorted(g.members for g in grouping.groups) == [(0,), (1,), (2, 3)]
    assert grouping.households == ((grouping.group_of[0], grouping.group_of[1]),)


def test_quickxplain_finds_a_minimal_inconsistent_subset():
    # inconsistent iff the subset contains {2, 5} or {7}
    def consistent(subset):
        s = set(subset)
        return not ({2, 5} <= s or 7 in s)

    assert quickxplain(list(range(10)), consistent) in ([7], [2, 5])
    assert quickxplain([1, 2, 3], consistent) is None
    for size in range(1, 7):
        for items in itertools.combinations(range(8), size):
            got = quickxplain(list(items), consistent)
            if consistent(list(items)):
                assert got is None
            else:
                assert not consistent(got)
                assert all(consistent(got[:i] + got[i + 1 :]) for i in range(len(got)))


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_reference_instance_is_feasible(solver, reference_small):
    report = check(reference_small, solver=solver)
    assert report.feasible and len(report.example_panel) == 20
