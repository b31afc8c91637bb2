"""Explained outcomes and intersection causes, checked against brute force on tiny pools, and the certain
volunteers of the bundled 150-member convention."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sortition import load_instance
from sortition.check import check, pair_bounds
from sortition.explain import HIGH, describe, explain, explain_lottery, least_chances, scarce_quotas, without
from sortition.i18n.catalogue import format_int, translate
from sortition.protocol.tickets import round_to_tickets
from sortition.solve import solve
from tests.conftest import SAMPLES
from tests.helpers import instance_from, valid_panels

CATEGORIES = ("A", "B")


def _random_instance(rng: random.Random):
    n, k = rng.randint(5, 8), rng.randint(2, 4)
    profiles = [(rng.choice("xy"), rng.choice("uvw")) for _ in range(n)]
    bands = {}
    for category, values in (("A", "xy"), ("B", "uvw")):
        for value in values:
            low = rng.randint(0, 2)
            bands[(category, value)] = (low, rng.randint(low, k))
    return instance_from(profiles, CATEGORIES, bands, k)


def _has(instance, person: int, category: str, value: str) -> bool:
    return instance.pool.columns[category][person] == value


@pytest.mark.parametrize("seed", range(40))
def test_pair_bounds_hold_on_every_valid_panel(seed: int) -> None:
    """needed <= (members with both values) <= allowed on every panel, counted by enumeration; and a pair
    with needed > allowed only where no panel exists."""
    instance = _random_instance(random.Random(seed))
    panels = valid_panels(instance)
    for pair in pair_bounds(instance):
        both = [
            i for i in range(len(instance.pool)) if _has(instance, i, *pair.first) and _has(instance, i, *pair.second)
        ]
        assert pair.volunteers == len(both)
        for panel in panels:
            count = len(set(panel) & set(both))
            assert pair.needed <= count <= pair.allowed
        if pair.needed > pair.allowed:
            assert not panels


def test_infeasibility_from_an_intersection_names_it_with_its_count() -> None:
    # every value alone has enough volunteers (x: 4 for a minimum of 2, u: 4 for 3 seats), but the panel's
    # 3 seats must all be u and 2 of them x, while only one volunteer is both x and u
    profiles = [("x", "u")] + [("x", "v")] * 3 + [("y", "u")] * 3 + [("y", "v")] * 3
    bands = {("A", "x"): (2, 3), ("A", "y"): (0, 1), ("B", "u"): (3, 3), ("B", "v"): (0, 0)}
    instance = instance_from(profiles, CATEGORIES, bands, 3)
    assert valid_panels(instance) == []
    report = check(instance)
    assert not report.feasible
    assert all(b.pool_count >= b.limit for b in report.conflict if b.side == "min")  # marginals look fine
    first = report.intersections[0]
    assert (first.first, first.second) == (("A", "x"), ("B", "u"))
    brute = sum(1 for p in profiles if p == ("x", "u"))
    assert (first.needed, first.allowed, first.volunteers) == (2, brute, brute)
    assert report.as_dict()["intersections"][0]["volunteers"] == 1
    text = translate(
        "check.intersection",
        "en",
        **{
            "first": "A = x",
            "second": "B = u",
            **{k: v for k, v in vars(first).items() if k not in ("first", "second")},
        },
    )
    assert "at least 2 panel members with both values" in text and "1 volunteers with both" in text


def test_forced_by_counting_sit_on_every_panel() -> None:
    # one value whose minimum equals its volunteers (z: 2 of 2), one pair whose shared volunteers are all
    # needed (x and u: the 3 seats hold at least 2 x and 2 u, so at least one x-and-u, and there is one)
    profiles = [("x", "u"), ("x", "v"), ("x", "v"), ("y", "v"), ("y", "w"), ("y", "w"), ("y", "u"), ("y", "u")]
    bands = {
        ("A", "x"): (2, 3),
        ("A", "y"): (0, 3),
        ("B", "u"): (2, 3),
        ("B", "v"): (0, 3),
        ("B", "w"): (0, 3),
    }
    instance = instance_from(profiles, CATEGORIES, bands, 3)
    panels = valid_panels(instance)
    in_every = {i for i in range(len(profiles)) if all(i in p for p in panels)}
    outcomes = explain(instance)
    assert not outcomes.lottery
    listed = {profile.values: profile.count for profile in outcomes.high}
    assert listed == {(("A", "x"), ("B", "u")): 1}
    assert outcomes.n_certain == 1 and in_every == {0}
    (force,) = outcomes.high[0].forces
    assert force.values == (("A", "x"), ("B", "u")) and (force.needed, force.volunteers) == (1, 1)
    # a single value: u's minimum equals its volunteers
    profiles = profiles[:7]
    bands[("B", "u")] = (2, 2)
    bands[("A", "x")] = (1, 3)
    instance = instance_from(profiles, CATEGORIES, bands, 3)
    values = {f.values: (f.needed, f.volunteers) for f in explain(instance).forces}
    assert values[(("B", "u"),)] == (2, 2)
    panels = valid_panels(instance)
    assert all({0, 6} <= set(p) for p in panels)


def test_certain_without_a_counting_reason_are_explained_by_removal() -> None:
    # P = (a1, b1, c1) is on the only panel, with Q = (a2, b2, c2); no value or pair says so
    categories = ("A", "B", "C")
    profiles = [("a1", "b1", "c1"), ("a1", "b2", "c2"), ("a2", "b1", "c2"), ("a2", "b2", "c1"), ("a2", "b2", "c2")]
    bands = {(c, f"{c.lower()}{i}"): (1, 1) for c in categories for i in (1, 2)}
    instance = instance_from(profiles, categories, bands, 2)
    assert valid_panels(instance) == [(0, 4)]
    assert explain(instance).high == ()  # counting alone proves nothing here
    lottery = solve(instance, "leximin")
    outcomes = explain(instance, lottery.marginals)
    assert outcomes.n_certain == 2 and outcomes.n_low == 3
    for profile in outcomes.high:
        assert profile.forces == () and profile.conflict
        person = profiles.index(tuple(v for _, v in profile.values))
        assert valid_panels(without(instance, person)) == []
    lines = describe(outcomes, lambda key, **params: translate(key, "en", **params))
    assert lines[0] == (
        0,
        "2 of 5 volunteers have a chance of at least 90% (2 of them are certain to sit); "
        "their profiles, and the quotas that force them:",
    )
    assert any(level == 2 and text.startswith("without one of them") for level, text in lines)
    assert lines[-1] == (0, "3 of 5 volunteers have a chance of at most 1% (those no panel can hold included).")


def test_brute_force_forcing_matches_on_random_pools() -> None:
    """Whoever counting lists sits on every valid panel (enumerated)."""
    for seed in range(60):
        instance = _random_instance(random.Random(1000 + seed))
        panels = valid_panels(instance)
        if not panels:
            continue
        outcomes = explain(instance)
        forced = set()
        for profile in outcomes.high:
            for i in range(len(instance.pool)):
                if all(_has(instance, i, c, v) for c, v in profile.values):
                    forced.add(i)
        assert all(forced <= set(p) for p in panels), seed
        assert outcomes.n_certain == len(forced)


# --- the bundled 150-member convention ------------------------------------------------------------------

CONVENTION_CERTAIN = {
    ("Homme", "16-17", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Autres sans activité professionnelle",
     "Commune de densité intermédiaire", "Nouvelle-Aquitaine", "Réside en QPV"),
    ("Femme", "25-34", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Autres sans activité professionnelle",
     "Commune de densité intermédiaire", "Bretagne", "Réside en QPV"),
    ("Femme", "18-24", "En cours d'études (élève, étudiant)", "Autres sans activité professionnelle",
     "Commune densément peuplée", "Hauts-de-France", "Réside en QPV"),
    ("Femme", "18-24", "En cours d'études (élève, étudiant)", "Autres sans activité professionnelle",
     "Commune densément peuplée", "Pays de la Loire", "Réside en QPV"),
    ("Femme", "18-24", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Autres sans activité professionnelle",
     "Commune de densité intermédiaire", "Île-de-France", "Hors QPV"),
    ("Homme", "18-24", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Ouvriers", "Commune densément peuplée",
     "Île-de-France", "Hors QPV"),
    ("Homme", "25-34", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Ouvriers", "Commune peu dense", "Occitanie",
     "Hors QPV"),
    ("Homme", "50-64", "Aucun diplôme, CEP ou brevet (BEPC/DNB)", "Ouvriers", "Commune peu dense",
     "Outre-mer (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)", "Hors QPV"),
}  # fmt: skip


@pytest.fixture(scope="module")
def convention():
    folder = SAMPLES / "convention150"
    instance = load_instance(folder / "pool.csv", folder / "quotas.csv", 150)
    lottery = solve(instance, "leximin")
    return lottery, round_to_tickets(lottery, 1000)


def test_convention150_certain_volunteers_and_why(convention) -> None:
    lottery, tickets = convention
    outcomes = explain_lottery(lottery, tickets)
    assert (outcomes.n_certain, outcomes.n_high, outcomes.n_low) == (8, 8, 0)
    assert {tuple(v for _, v in p.values) for p in outcomes.high} == CONVENTION_CERTAIN
    assert [c for c, _ in outcomes.high[0].values] == ["sexe", "age", "diplome", "pcs", "territoire_densite",
                                                        "region", "qpv"]  # fmt: skip
    scarce = {(q.category, q.value): (q.minimum, q.volunteers) for q in scarce_quotas(lottery.instance)}
    assert scarce == {
        ("age", "16-17"): (3, 24),
        ("age", "18-24"): (13, 102),
        ("diplome", "En cours d'études (élève, étudiant)"): (9, 53),
        ("diplome", "Aucun diplôme, CEP ou brevet (BEPC/DNB)"): (33, 298),
        ("pcs", "Ouvriers"): (15, 141),
        ("pcs", "Autres sans activité professionnelle"): (20, 162),
        ("qpv", "Réside en QPV"): (10, 87),
    }
    young = next(p for p in outcomes.high if ("age", "16-17") in p.values)
    assert [(q.category, q.value) for q in young.scarce] == [
        ("age", "16-17"),
        ("diplome", "Aucun diplôme, CEP ou brevet (BEPC/DNB)"),
        ("pcs", "Autres sans activité professionnelle"),
        ("qpv", "Réside en QPV"),
    ]
    assert young.combined == 1  # the only volunteer combining the four
    every = np.asarray(lottery.marginals)
    assert int((every >= HIGH).sum()) == 8
    lines = describe(outcomes, lambda key, **p: translate(key, "fr", **p), number=lambda n: format_int(n, "fr"))
    assert lines[0][1].startswith("8 volontaires sur 2\u202f500 ont une chance d'au moins 90 % (dont 8 sont sûrs")
    assert any("qpv = Réside en QPV : au moins 10 sur 87 volontaires" in text for _, text in lines)


def test_convention150_least_chance_published_and_optimal(convention) -> None:
    lottery, tickets = convention
    published, optimal = least_chances(lottery, tickets)
    assert optimal == pytest.approx(lottery.min_probability)
    assert abs(published - optimal) <= tickets.max_deviation + 1e-12
    assert published != optimal  # rounding to 1,000 tickets moves the least chance: both are shown
