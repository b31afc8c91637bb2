"""The synthetic pool generator: target shares, correlations, skew, households, determinism, bundled files."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from sortition import synthetic as syn

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_pools"
DATA = ROOT / "sortition" / "data" / "fr"
SHARED = Path("/work/shared/data/fr")
BUNDLED = ("convention150", "convention185", "jury30")

ETU = "En cours d'études (élève, étudiant)"
AUC = "Aucun diplôme, CEP ou brevet (BEPC/DNB)"
B3 = "Bac+3 ou plus"
RET = "Retraités"
CAD = "Cadres, prof. intellectuelles sup."


# ---------------------------------------------------------------------------------------------- helpers


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    data = path.read_bytes()
    if not path.is_relative_to(DATA):  # the team's data files keep their CRLF; ours are LF
        assert b"\r" not in data, f"{path} must use LF line endings"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def read_quotas(path: Path) -> list[tuple[str, str, int, int]]:
    header, rows = read_csv(path)
    assert header == ["category", "value", "min", "max"]
    return [(c, v, int(lo), int(hi)) for c, v, lo, hi in rows]


def feasible(header, rows, quotas, k, household_column=None) -> bool:
    """Independent MILP: x_i in {0,1} per person (or counts per profile without households)."""
    categories = list(dict.fromkeys(c for c, _, _, _ in quotas))
    cols = [header.index(c) for c in categories]
    if household_column is None:
        counts = Counter(tuple(row[j] for j in cols) for row in rows)
        units = sorted(counts)
        upper = [counts[u] for u in units]
    else:
        units = [tuple(row[j] for j in cols) for row in rows]
        upper = [1] * len(units)
    a = [[1.0] * len(units)]
    lo_b, hi_b = [k], [k]
    for category, value, lo, hi in quotas:
        j = categories.index(category)
        a.append([1.0 if u[j] == value else 0.0 for u in units])
        lo_b.append(lo)
        hi_b.append(hi)
    if household_column is not None:
        h = header.index(household_column)
        members: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            members[row[h]].append(i)
        for key in sorted(members):
            if len(members[key]) > 1:
                a.append([1.0 if i in members[key] else 0.0 for i in range(len(rows))])
                lo_b.append(0)
                hi_b.append(1)
    result = milp(
        c=np.zeros(len(units)),
        constraints=LinearConstraint(np.array(a), lo_b, hi_b),
        integrality=np.ones(len(units)),
        bounds=Bounds(0, np.array(upper, dtype=float)),
    )
    return result.status == 0


def binding_for_uniform_draw(header, rows, quotas, k) -> list[tuple[str, str]]:
    """Quotas the expected panel of a uniform draw breaks (k * pool share outside [min, max])."""
    out = []
    for category, value, lo, hi in quotas:
        j = header.index(category)
        expected = k * sum(row[j] == value for row in rows) / len(rows)
        if not lo <= expected <= hi:
            out.append((category, value))
    return out


def shares_of(header, rows, category) -> dict[str, float]:
    j = header.index(category)
    counts = Counter(row[j] for row in rows)
    return {v: c / len(rows) for v, c in counts.items()}


def load_script(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scenarios() -> dict[str, syn.Scenario]:
    return {name: syn.load_scenario(name) for name in syn.SCENARIOS}


@pytest.fixture(scope="module")
def population150(scenarios):
    return syn.sample_population(scenarios["convention150"], 50_000, 11)


# ---------------------------------------------------------------------------------------------- scenarios


def test_scenarios_use_the_quota_files_names_and_k(scenarios):
    for name, k in (("convention150", 150), ("convention185", 185), ("jury30", 30)):
        scenario = scenarios[name]
        quotas = read_quotas(DATA / "scenarios" / f"{name}_quotas.csv")
        assert scenario.k == k
        assert list(scenario.quotas) == quotas
        assert [(c, v) for c in scenario.categories for v in scenario.values(c)] == [(c, v) for c, v, _, _ in quotas]
        for category in scenario.categories:
            assert math.isclose(sum(scenario.shares[category].values()), 1.0, abs_tol=1e-12)
        for category in scenario.categories:  # the quota files are consistent with the panel size
            rows = [q for q in quotas if q[0] == category]
            assert sum(q[2] for q in rows) <= k <= sum(q[3] for q in rows)


def test_scenario_shares_follow_the_documented_sources(scenarios):
    marginals = json.loads((DATA / "marginals_fr.json").read_text(encoding="utf-8"))
    c150 = scenarios["convention150"].shares
    assert c150["sexe"]["Femme"] == pytest.approx(0.5208)
    assert c150["age"]["65+"] == pytest.approx(marginals["age_16plus_pct"]["65+"] / 100, rel=1e-3)
    assert c150["diplome"][ETU] == pytest.approx(0.067)
    assert c150["qpv"]["Réside en QPV"] == pytest.approx(0.08)
    outre_mer = "Outre-mer (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)"
    assert c150["region"][outre_mer] == pytest.approx(0.0299, abs=2e-4)
    assert scenarios["convention185"].shares["territoire_aav"]["Commune hors attraction des villes"] == 0.06
    # jury30 has no national figure for neighbourhoods: band midpoints / k, normalised
    quartier = scenarios["jury30"].shares["quartier"]
    assert quartier["Faubourgs / quartiers résidentiels mixtes"] == pytest.approx(10 / 29.5)


def test_bundled_data_equal_the_team_copies():
    if not SHARED.is_dir():
        pytest.skip("shared team data not available outside the workspace")
    pairs = [(DATA / "marginals_fr.json", SHARED / "marginals_fr.json")]
    pairs += [(DATA / "scenarios" / f"{n}_quotas.csv", SHARED / "scenarios" / f"{n}_quotas.csv") for n in BUNDLED]
    for ours, theirs in pairs:
        assert ours.read_bytes() == theirs.read_bytes(), ours


def test_model_tables_name_only_existing_values(scenarios):
    """A misspelt value in a correlation or response table would be skipped silently."""
    known: dict[str, set[str]] = defaultdict(set)
    for scenario in scenarios.values():
        for category in scenario.categories:
            known[category].update(scenario.values(category))
    tables = syn.french_tables()
    for cat_a, cat_b, table in tables.associations:
        for va, row in table.items():
            assert va in known[cat_a], (cat_a, va)
            for vb in row:
                assert vb in known[cat_b], (cat_b, vb)
    for category, factors in tables.response_factors.items():
        assert set(factors) <= known[category], category
    assert set(tables.household_categories) <= set(known)


# ---------------------------------------------------------------------------------------------- population


def test_raked_population_matches_the_target_shares_exactly(scenarios):
    for scenario in scenarios.values():
        table = syn.population_table(scenario)
        for j, category in enumerate(scenario.categories):
            margin: dict[str, float] = defaultdict(float)
            for profile, p in table.items():
                margin[profile[j]] += p
            for value, share in scenario.shares[category].items():
                assert margin[value] == pytest.approx(share, abs=1e-9), (category, value)


def test_population_draw_within_four_standard_errors(scenarios, population150):
    samples = {"convention150": population150}
    samples["convention185"] = syn.sample_population(scenarios["convention185"], 50_000, 12)
    samples["jury30"] = syn.sample_population(scenarios["jury30"], 50_000, 13, households=True)
    for name, population in samples.items():
        n = len(population.rows)
        for category in scenarios[name].categories:
            observed = shares_of(population.header, population.rows, category)
            for value, target in scenarios[name].shares[category].items():
                se = math.sqrt(target * (1 - target) / n)
                assert abs(observed.get(value, 0.0) - target) <= 4 * se, (name, category, value)


def test_age_drives_diploma_and_occupation(scenarios, population150):
    header, rows = population150.header, population150.rows
    age, dip, pcs = header.index("age"), header.index("diplome"), header.index("pcs")
    students = [r for r in rows if r[dip] == ETU]
    assert students and {r[age] for r in students} <= {"16-17", "18-24", "25-34"}
    assert sum(r[age] in ("16-17", "18-24") for r in students) / len(students) > 0.9
    retired = [r for r in rows if r[pcs] == RET]
    assert retired and {r[age] for r in retired} <= {"50-64", "65+"}
    old = [r for r in rows if r[age] == "65+"]
    assert sum(r[pcs] == RET for r in old) / len(old) > 0.85
    young = [r for r in rows if r[age] == "16-17"]
    assert {r[dip] for r in young}.isdisjoint({"Bac+2", B3})
    # older persons hold fewer higher diplomas; cadres hold more
    no_diploma = {
        a: sum(r[dip] == AUC for r in rows if r[age] == a) / sum(r[age] == a for r in rows) for a in ("25-34", "65+")
    }
    assert no_diploma["65+"] > 2 * no_diploma["25-34"]
    cadres = [r for r in rows if r[pcs] == CAD]
    assert sum(r[dip] == B3 for r in cadres) / len(cadres) > 2.5 * shares_of(header, rows, "diplome")[B3]
    population185 = syn.sample_population(scenarios["convention185"], 5000, 3)
    a185, p185 = population185.header.index("age"), population185.header.index("pcs")
    assert {r[a185] for r in population185.rows if r[p185] == RET} <= {"50-64", "65-74", "75+"}


def test_qpv_residents_have_fewer_diplomas_and_live_in_dense_places(population150):
    header, rows = population150.header, population150.rows
    qpv = [r for r in rows if r[header.index("qpv")] == "Réside en QPV"]
    others = [r for r in rows if r[header.index("qpv")] == "Hors QPV"]
    assert shares_of(header, qpv, "diplome")[AUC] > 1.3 * shares_of(header, others, "diplome")[AUC]
    assert "Commune très peu dense" not in shares_of(header, qpv, "territoire_densite")
    assert shares_of(header, qpv, "territoire_densite")["Commune densément peuplée"] > 0.6


# ---------------------------------------------------------------------------------------------- response skew


def test_pool_is_skewed_in_the_documented_direction(scenarios, population150):
    pool = syn.sample_pool(scenarios["convention150"], 20_000, 5)
    pop_h, pop_r = population150.header, population150.rows

    def ratio(category: str, value: str) -> float:
        return shares_of(pool.header, pool.rows, category)[value] / shares_of(pop_h, pop_r, category)[value]

    assert ratio("diplome", AUC) < 0.7
    assert ratio("diplome", B3) > 1.5
    assert ratio("age", "18-24") < 0.7
    assert ratio("age", "50-64") > 1.1
    assert ratio("qpv", "Réside en QPV") < 0.7
    assert ratio("territoire_densite", "Commune très peu dense") < 0.85
    assert ratio("territoire_densite", "Commune densément peuplée") > 1.05
    jury = syn.sample_pool(scenarios["jury30"], 5000, 6)
    jury_population = syn.sample_population(scenarios["jury30"], 20_000, 6)
    for category, value, direction in (
        ("quartier", "Quartiers prioritaires (QPV)", -1),
        ("statut_logement", "Propriétaire occupant", 1),
        ("age", "16-29", -1),
    ):
        in_pool = shares_of(jury.header, jury.rows, category)[value]
        in_population = shares_of(jury_population.header, jury_population.rows, category)[value]
        assert direction * (in_pool - in_population) > 0.05, (category, value)


def test_response_model_is_calibrated_and_matches_the_pool(scenarios):
    """The pool's shares equal the population reweighted by the public response model (two code paths)."""
    scenario = scenarios["convention150"]
    model = syn.response_model(scenario, 0.06)
    table = syn.population_table(scenario)
    categories = scenario.categories
    weights = {}
    for profile, p in table.items():
        rate = model.rate(dict(zip(categories, profile, strict=True)))
        assert 0.002 < rate < 0.3
        weights[profile] = p * rate
    assert sum(weights.values()) == pytest.approx(0.06, rel=1e-9)
    assert syn.response_rate(scenario, dict(zip(categories, max(weights), strict=True))) == pytest.approx(
        model(dict(zip(categories, max(weights), strict=True)))
    )
    total = sum(weights.values())
    pool = syn.sample_pool(scenario, 20_000, 8)
    for j, category in enumerate(categories):
        expected: dict[str, float] = defaultdict(float)
        for profile, w in weights.items():
            expected[profile[j]] += w / total
        observed = shares_of(pool.header, pool.rows, category)
        for value, share in expected.items():
            se = math.sqrt(share * (1 - share) / 20_000)
            assert abs(observed.get(value, 0.0) - share) <= 4 * se, (category, value)


# ---------------------------------------------------------------------------------------------- households


def test_households_have_one_to_four_persons_sharing_location(scenarios):
    population = syn.sample_population(scenarios["convention150"], 20_000, 4, households=True)
    header, rows = population.header, population.rows
    h = header.index("household")
    members: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for row in rows:
        members[row[h]].append(row)
    sizes = Counter(len(m) for m in members.values())
    assert set(sizes) <= {1, 2, 3, 4} and sizes[2] > sizes[3] > sizes[4] > 0
    assert 1.6 < len(rows) / len(members) < 2.0  # mean of HOUSEHOLD_SIZES = 1.8
    for category in ("region", "territoire_densite", "qpv"):
        j = header.index(category)
        assert all(len({r[j] for r in m}) == 1 for m in members.values()), category
    # ... while the other categories vary within households
    age = header.index("age")
    assert any(len({r[age] for r in m}) > 1 for m in members.values())

    pool = syn.sample_pool(scenarios["jury30"], 400, 9, households=True)
    hp = pool.header.index("household")
    in_pool = Counter(row[hp] for row in pool.rows)
    assert set(in_pool.values()) <= {1, 2, 3, 4} and max(in_pool.values()) >= 2
    assert all(re.fullmatch(r"h\d{4}", key) for key in in_pool)
    quartier = pool.header.index("quartier")
    by_household: dict[str, set[str]] = defaultdict(set)
    for row in pool.rows:
        by_household[row[hp]].add(row[quartier])
    assert all(len(v) == 1 for v in by_household.values())


def test_households_off_means_no_household_column(scenarios):
    pool = syn.sample_pool(scenarios["jury30"], 50, 1)
    assert "household" not in pool.header


# ---------------------------------------------------------------------------------------------- determinism


def test_same_seed_same_rows_and_different_seed_different_rows(scenarios):
    scenario = scenarios["convention150"]
    a = syn.sample_pool(scenario, 300, 21, private_columns=True)
    b = syn.sample_pool(scenario, 300, 21, private_columns=True)
    c = syn.sample_pool(scenario, 300, 22, private_columns=True)
    assert a.rows == b.rows and syn.pool_files(a) == syn.pool_files(b)
    assert a.rows != c.rows
    # the private columns come from their own stream: turning them on leaves the categories unchanged
    plain = syn.sample_pool(scenario, 300, 21)
    assert [row[: len(plain.header)] for row in a.rows] == list(plain.rows)
    p1 = syn.sample_population(scenario, 300, 5, households=True)
    assert p1 == syn.sample_population(scenario, 300, 5, households=True)
    assert p1 != syn.sample_population(scenario, 300, 6, households=True)
    s1 = syn.shaped_pool(200, 20, [2, 3, 4], 7)
    assert s1 == syn.shaped_pool(200, 20, [2, 3, 4], 7) and s1.rows != syn.shaped_pool(200, 20, [2, 3, 4], 8).rows


_DIGEST_SCRIPT = """
import hashlib

from sortition import synthetic as syn
h = hashlib.sha256()
for pool in (
    syn.sample_pool("convention150", 400, 31, private_columns=True),
    syn.sample_pool("jury30", 200, 32, households=True, private_columns=True),
    syn.shaped_pool(300, 30, [2, 5, 4], 33),
):
    for name, data in sorted(syn.pool_files(pool).items()):
        h.update(name.encode() + data)
for row in syn.sample_population(syn.load_scenario("convention185"), 300, 34, households=True).rows:
    h.update(",".join(row).encode())
print(h.hexdigest())
"""


def test_identical_across_processes_and_hash_seeds():
    digests = set()
    for hash_seed in ("0", "1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert re.fullmatch(r"[0-9a-f]{64}", digests.pop())


# ---------------------------------------------------------------------------------------------- writing


def test_write_pool_is_atomic_and_refuses_to_overwrite(tmp_path, scenarios):
    pool = syn.sample_pool(scenarios["jury30"], 40, 2, households=True, private_columns=True)
    folder = tmp_path / "jury"
    syn.write_pool(pool, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "pool.csv", "quotas.csv"]
    for name, data in syn.pool_files(pool).items():
        assert (folder / name).read_bytes() == data
    header, rows = read_csv(folder / "pool.csv")
    assert tuple(header) == pool.header and [tuple(r) for r in rows] == list(pool.rows)
    assert read_quotas(folder / "quotas.csv") == list(pool.quotas)
    meta_text = (folder / "meta.json").read_text(encoding="utf-8")
    meta = json.loads(meta_text)
    assert meta["k"] == 30 and meta["n"] == 40 and meta["seed"] == 2 and meta["households"] is True
    assert meta_text == json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    other = syn.sample_pool(scenarios["jury30"], 40, 3)
    with pytest.raises(FileExistsError):
        syn.write_pool(other, folder)
    assert (folder / "pool.csv").read_bytes() == syn.pool_files(pool)["pool.csv"]
    syn.write_pool(other, folder, overwrite=True)
    assert (folder / "pool.csv").read_bytes() == syn.pool_files(other)["pool.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "pool.csv", "quotas.csv"]


# ---------------------------------------------------------------------------------------------- shaped pools


def test_shaped_pool_has_published_shapes_feasible_binding_quotas():
    pool = syn.shaped_pool(825, 75, [2, 5, 4, 5], 101)
    assert pool.header == ("id", "c1", "c2", "c3", "c4")
    assert [v for c, v, _, _ in pool.quotas if c == "c2"] == ["v1", "v2", "v3", "v4", "v5"]
    shares = pool.meta["population_shares"]
    for category, value, lo, hi in pool.quotas:
        target = 75 * shares[category][value]
        assert lo <= target <= hi
        assert hi - lo <= 0.42 * target + 2  # bands of about +-10-20 %
    assert feasible(pool.header, pool.rows, pool.quotas, 75)
    assert binding_for_uniform_draw(pool.header, pool.rows, pool.quotas, 75)
    # the library's own feasibility check agrees with the independent one on an infeasible variant
    tight = [(c, v, lo, hi) if (c, v) != ("c1", "v1") else (c, v, 76, 80) for c, v, lo, hi in pool.quotas]
    assert not syn.quotas_feasible(pool.header, pool.rows, tight, 75)
    assert not feasible(pool.header, pool.rows, tight, 75)


def test_benchmark_definitions():
    bench = load_script(ROOT / "benchmarks" / "pools.py", "benchmark_pools")
    assert set(bench.BENCHMARKS) == {"cca_like", "sf_e_like", "national5000", "national50000", "six2000"}
    sf_e = bench.BENCHMARKS["sf_e_like"]()
    assert len(sf_e.rows) == 1727 and sf_e.k == 110
    assert len({c for c, _, _, _ in sf_e.quotas}) == 7 and len(sf_e.quotas) == 31
    assert feasible(sf_e.header, sf_e.rows, sf_e.quotas, 110)
    assert binding_for_uniform_draw(sf_e.header, sf_e.rows, sf_e.quotas, 110)


# ---------------------------------------------------------------------------------------------- bundled pools


def test_bundled_pools_equal_what_regenerate_produces(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLES / "regenerate.py"), "--out", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for name in BUNDLED:
        for file in ("pool.csv", "quotas.csv", "meta.json"):
            fresh = (tmp_path / name / file).read_bytes()
            assert (SAMPLES / name / file).read_bytes() == fresh, f"{name}/{file}: run sample_pools/regenerate.py"


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_pool_quotas_are_feasible_and_bind(name):
    folder = SAMPLES / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    header, rows = read_csv(folder / "pool.csv")
    quotas = read_quotas(folder / "quotas.csv")
    k = meta["k"]
    assert quotas == read_quotas(DATA / "scenarios" / f"{name}_quotas.csv")
    assert len(rows) == {"convention150": 2500, "convention185": 3000, "jury30": 400}[name]
    ids = [row[0] for row in rows]
    assert header[0] == "id" and len(set(ids)) == len(ids) and all(re.fullmatch(r"p\d{5}", i) for i in ids)
    # private columns: present, fictitious, never quota categories
    assert header[-3:] == ["nom", "telephone", "email"]
    assert {c for c, _, _, _ in quotas}.isdisjoint({"nom", "telephone", "email", "household"})
    assert all(re.fullmatch(r"06 00 00 \d\d \d\d", row[-2]) for row in rows)
    assert all(row[-1].endswith("@example.org") for row in rows)
    household = "household" if name == "jury30" else None
    assert ("household" in header) == (household is not None)
    assert feasible(header, rows, quotas, k, household)
    assert binding_for_uniform_draw(header, rows, quotas, k)
