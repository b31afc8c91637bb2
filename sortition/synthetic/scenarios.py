"""Scenarios: categories with population shares, quotas and the French correlation and response tables.

The built-in scenarios are read from the package data in ``sortition/data/fr``: the quota files, the
population shares of ``marginals_fr.json`` and the model tables of ``synthetic_model.json`` (the status of
every figure is in ``docs/synthetic-pools.md`` and the data folder's README).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# One line of a quota file: category, value, min, max.
QuotaLine = tuple[str, str, int, int]
# A correlation table: value of category a -> value of category b -> seed odds factor.
AssociationTable = Mapping[str, Mapping[str, float]]

_BUILTIN_K = {"convention150": 150, "convention185": 185, "jury30": 30}
_BUILTIN_SCOPE = {"convention150": "16plus", "convention185": "18plus", "jury30": "16plus"}
SCENARIOS = tuple(_BUILTIN_K)

# Value names of the built-in quota files that the national figures of marginals_fr.json are mapped to.
_ETU = "En cours d'études (élève, étudiant)"
_AUC = "Aucun diplôme, CEP ou brevet (BEPC/DNB)"
_CAP = "CAP, BEP ou équivalent"
_BAC = "Baccalauréat, brevet pro. ou équivalent"
_B2 = "Bac+2"
_B3 = "Bac+3 ou plus"
_DENSITY = {
    "Commune densément peuplée": "dense",
    "Commune de densité intermédiaire": "intermédiaire",
    "Commune peu dense": "peu dense",
    "Commune très peu dense": "très peu dense",
}
_POLE = "Pôle d'une aire d'attraction des villes"
_COUR = "Couronne d'une aire d'attraction"
_HORS = "Commune hors attraction des villes"
_QPV_IN = "Réside en QPV"
_QPV_OUT = "Hors QPV"
_DROM = ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte")
_OUTRE_MER = "Outre-mer (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)"


@dataclass(frozen=True)
class Association:
    """Seed odds factors between the values of two categories; unlisted pairs have factor 1.

    A factor 0 is a structural zero (no retired 16-year-old): raking never makes it positive.
    """

    categories: tuple[str, str]
    factors: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class Scenario:
    """What a synthetic pool is drawn for: categories with population shares, quotas, and the model.

    ``shares`` maps category -> value -> population share (each category sums to 1, in the order of the
    quota file). ``response_factors`` are relative response propensities per value (missing = 1).
    ``household_categories`` are the categories members of one household share (location, tenure).
    ``sources`` says where each category's shares come from.
    """

    name: str
    k: int
    shares: Mapping[str, Mapping[str, float]]
    quotas: tuple[QuotaLine, ...]
    associations: tuple[Association, ...] = ()
    response_factors: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    household_categories: tuple[str, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.shares)

    def values(self, category: str) -> tuple[str, ...]:
        return tuple(self.shares[category])


@dataclass(frozen=True)
class FrenchTables:
    """The model tables of ``synthetic_model.json``: correlations (category a, category b, table) in the
    order they apply, response factors per category, and the categories a household shares."""

    associations: tuple[tuple[str, str, AssociationTable], ...]
    response_factors: Mapping[str, Mapping[str, float]]
    household_categories: tuple[str, ...]


def _data_text(*parts: str) -> str:
    node = resources.files("sortition").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


@cache
def french_tables() -> FrenchTables:
    """The French correlation and response tables, read once from the package data (do not modify them)."""
    data: dict[str, Any] = json.loads(_data_text("fr", "synthetic_model.json"))
    associations = tuple((a["categories"][0], a["categories"][1], a["factors"]) for a in data["associations"])
    return FrenchTables(associations, data["response_factors"], tuple(data["household_categories"]))


def _read_quota_rows(text: str) -> tuple[QuotaLine, ...]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if [h.strip() for h in header] != ["category", "value", "min", "max"]:
        raise ValueError(f"quota header must be category,value,min,max, not {header}")
    return tuple((c.strip(), v.strip(), int(lo), int(hi)) for c, v, lo, hi in reader)


def _midpoint_shares(rows: Sequence[QuotaLine]) -> dict[str, float]:
    """Population shares implied by the quota bands: band midpoints, normalised to sum to 1."""
    mids = {value: (lo + hi) / 2 for _, value, lo, hi in rows}
    total = sum(mids.values())
    return {value: mid / total for value, mid in mids.items()}


def _national_shares(
    category: str, rows: Sequence[QuotaLine], marginals: Mapping[str, object], scope: str
) -> tuple[dict[str, float], str] | None:
    """Shares from marginals_fr.json for a category it covers (None otherwise), with the keys used."""

    def table(key: str) -> dict[str, float]:
        value = marginals[key]
        assert isinstance(value, dict)
        return value

    age_scope = {"16plus": "16+", "18plus": "18+"}[scope]
    values = [value for _, value, _, _ in rows]
    raw: dict[str, float]
    if category == "sexe":
        female = marginals[f"sex_{scope}_female_pct"]
        assert isinstance(female, float)
        raw, source = {"Femme": female, "Homme": 100 - female}, f"sex_{scope}_female_pct [D]"
    elif category == "age":
        key = {"16plus": "age_16plus_pct", "18plus": "age_18plus_6bands_pct"}[scope]
        if sorted(table(key)) != sorted(values):
            return None  # other bands (a local jury's): not in the national figures
        raw, source = dict(table(key)), f"{key} [D]"
    elif category == "diplome":
        if sorted(values) != sorted((_ETU, _AUC, _CAP, _BAC, _B2, _B3)):
            return None
        students = table("in_education_share_approx")[age_scope]
        done = table("diploma_nonschooled_15plus_RP2020_pct")
        higher = done["Supérieur (total, par différence)"]
        mids = _midpoint_shares([r for r in rows if r[1] in (_B2, _B3)])
        left = (100 - students) / 100
        raw = {
            _ETU: students,
            _AUC: left * (done["Aucun diplôme ou CEP"] + done["BEPC/brevet/DNB"]),
            _CAP: left * done["CAP/BEP"],
            _BAC: left * done["Bac/BP"],
            _B2: left * higher * mids[_B2],
            _B3: left * higher * mids[_B3],
        }
        source = (
            f"in_education_share_approx[{age_scope}] [D] and diploma_nonschooled_15plus_RP2020_pct [S/D]"
            " for the others; higher education split into Bac+2 / Bac+3 by the quota band midpoints [A]"
        )
    elif category == "pcs":
        raw, source = dict(table(f"pcs_{scope}_pct_approx")), f"pcs_{scope}_pct_approx [D/A]"
    elif category == "territoire_densite":
        grid = table("density_grid_2016_pct")
        raw = {value: grid[key] for value, key in _DENSITY.items()}
        source = "density_grid_2016_pct [S], normalised (the published figures add up to 101)"
    elif category == "territoire_aav":
        aav = table("aav2020_pct")
        poles, couronnes = aav["pôles"], aav["couronnes"]
        raw = {_POLE: poles, _COUR: couronnes, _HORS: 100 - poles - couronnes}
        source = "aav2020_pct [S]; hors attraction = 100 - pôles - couronnes [D]"
    elif category == "region":
        regions = table(f"region_{scope}_pct")
        raw = {name: share for name, share in regions.items() if name not in _DROM}
        raw[_OUTRE_MER] = sum(regions[name] for name in _DROM)
        source = f"region_{scope}_pct [D; Mayotte A], the five DROM summed into Outre-mer"
    elif category == "qpv":
        share = marginals["qpv_share_metro_pct"]
        assert isinstance(share, int | float)
        raw = {_QPV_IN: float(share), _QPV_OUT: 100.0 - share}
        source = "qpv_share_metro_pct [S] (metropolitan figure used for the whole of France [A])"
    else:
        return None
    total = sum(raw.values())
    return {value: share / total for value, share in raw.items()}, "marginals_fr.json: " + source


def load_scenario(name: str) -> Scenario:
    """One of :data:`SCENARIOS`, from the data bundled in ``sortition/data/fr``.

    Shares come from ``marginals_fr.json`` where it has the figure; otherwise (jury30's age bands,
    neighbourhoods, diplomas, tenure) from the midpoints of the quota bands, normalised.
    """
    if name not in _BUILTIN_K:
        raise ValueError(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
    quotas = _read_quota_rows(_data_text("fr", "scenarios", f"{name}_quotas.csv"))
    marginals = json.loads(_data_text("fr", "marginals_fr.json"))
    by_category: dict[str, list[QuotaLine]] = {}
    for row in quotas:
        by_category.setdefault(row[0], []).append(row)
    shares: dict[str, dict[str, float]] = {}
    sources: dict[str, str] = {}
    for category, rows in by_category.items():
        found = _national_shares(category, rows, marginals, _BUILTIN_SCOPE[name])
        if found is None:
            shares[category] = _midpoint_shares(rows)
            sources[category] = "quota band midpoints / k, normalised [A]"
        else:
            shares[category], sources[category] = found
        quota_values = [value for _, value, _, _ in rows]
        if sorted(shares[category]) != sorted(quota_values):
            raise ValueError(f"{name}: values of {category!r} differ between quota file and marginals")
        shares[category] = {value: shares[category][value] for value in quota_values}
    return build_scenario(name, _BUILTIN_K[name], shares, quotas, sources=sources)


def build_scenario(
    name: str,
    k: int,
    shares: Mapping[str, Mapping[str, float]],
    quotas: Sequence[QuotaLine],
    *,
    sources: Mapping[str, str] | None = None,
) -> Scenario:
    """A scenario with the built-in French correlation and response tables for the categories it has.

    Table entries whose values the scenario lacks are skipped, so any subset of the French categories works.
    """
    tables = french_tables()
    associations: list[Association] = []
    for cat_a, cat_b, tab in tables.associations:
        if cat_a not in shares or cat_b not in shares:
            continue
        factors = tuple(
            (va, vb, f)
            for va, row in tab.items()
            if va in shares[cat_a]
            for vb, f in row.items()
            if vb in shares[cat_b]
        )
        if factors:
            associations.append(Association((cat_a, cat_b), factors))
    response = {
        category: {v: f for v, f in tables.response_factors[category].items() if v in shares[category]}
        for category in shares
        if category in tables.response_factors
    }
    return Scenario(
        name=name,
        k=k,
        shares={c: dict(vs) for c, vs in shares.items()},
        quotas=tuple(quotas),
        associations=tuple(associations),
        response_factors=response,
        household_categories=tuple(c for c in tables.household_categories if c in shares),
        sources=dict(sources or {}),
    )
