"""Synthetic volunteer pools: a correlated population, a skewed response, optional households.

Real pools are private, yet every algorithm, benchmark and demo needs pools whose difficulty looks real:
categories that move together (a 70-year-old is retired, a 17-year-old is at school) and volunteers who
are older, more educated and more urban than the population, so that quotas bind. The model (documented,
with the status of every figure, in ``docs/synthetic-pools.md``):

1. **Population.** A joint table over all category values is built from seed odds factors between pairs of
   categories (:class:`Association`; a factor 0 forbids a combination) and raked (iterative proportional
   fitting) to the population shares of the :class:`Scenario`. Raking keeps the odds ratios of the seed,
   so the correlations survive, and matches every one-way share to 1e-10. Persons are drawn from it.
2. **Response.** Each person volunteers with probability ``base * prod(factor[category][value])``
   (:class:`ResponseModel`), ``base`` chosen so that the population's mean rate is the overall rate.
   Without households the pool is drawn from the joint reweighted by the rates, which is the same
   distribution as inviting persons at random and keeping those who answer.
3. **Households.** Addresses hold 1 to 4 persons who share the location categories of the scenario;
   their other categories are drawn from the joint given those. A pool with households is simulated:
   addresses are invited, persons answer with their rate times a household propensity shared by the
   address (gamma, mean 1), so members of a household volunteer together more often than by chance.

Everything is deterministic given the seed: draws use only ``numpy.random.Generator`` streams derived
from the seed, integer cumulative weights, and no iteration over sets. The library never prints, logs
or touches global random state.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from sortition.protocol.files import atomic_write_bytes

GENERATOR_VERSION = "1"
SCENARIOS = ("convention150", "convention185", "jury30")
DEFAULT_RESPONSE_RATE = 0.06
# Persons aged 16+ per address, sizes 1..4 [A]: INSEE counts 37 % one-person households and a majority of
# the others with two adults; children under 16 are not in the population.
HOUSEHOLD_SIZES = (0.40, 0.45, 0.10, 0.05)
# Shape of the gamma household propensity (mean 1): small = members volunteer together more often [A].
HOUSEHOLD_PROPENSITY_SHAPE = 0.5
PRIVATE_COLUMNS = ("nom", "telephone", "email")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
QuotaRow = tuple[str, str, int, int]

# Stream numbers: each purpose draws from its own stream of the seed, so that e.g. adding the private
# columns never changes the categories of the persons.
_STREAM_POPULATION = 1
_STREAM_POOL = 2
_STREAM_NAMES = 3
_STREAM_SHAPE = 4
_WEIGHT_SCALE = float(2**40)  # probabilities become integer weights: exact cumulative sums


# --------------------------------------------------------------------------------------------------------
# Scenario


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
    quotas: tuple[QuotaRow, ...]
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
class Population:
    """Persons drawn from the population (not volunteers): ``id``, one column per category, ``household``."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def persons(self) -> list[dict[str, str]]:
        """Rows as mappings column -> value, e.g. for :meth:`ResponseModel.rate`."""
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class PoolData:
    """A generated pool with its quotas and a record of how it was made (written by :func:`write_pool`)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    quotas: tuple[QuotaRow, ...]
    meta: Mapping[str, object]

    @property
    def k(self) -> int:
        k = self.meta["k"]
        assert isinstance(k, int)
        return k


# Value names of the built-in scenarios, exactly as in the quota files.
_ETU = "En cours d'études (élève, étudiant)"
_AUC = "Aucun diplôme, CEP ou brevet (BEPC/DNB)"
_CAP = "CAP, BEP ou équivalent"
_BAC = "Baccalauréat, brevet pro. ou équivalent"
_B2 = "Bac+2"
_B3 = "Bac+3 ou plus"
_AGR = "Agriculteurs exploitants"
_ART = "Artisans, commerçants, chefs d'entreprise"
_CAD = "Cadres, prof. intellectuelles sup."
_PI = "Professions intermédiaires"
_EMP = "Employés"
_OUV = "Ouvriers"
_RET = "Retraités"
_AUT = "Autres sans activité professionnelle"
_DENSE = "Commune densément peuplée"
_INTER = "Commune de densité intermédiaire"
_PEU = "Commune peu dense"
_TPEU = "Commune très peu dense"
_POLE = "Pôle d'une aire d'attraction des villes"
_COUR = "Couronne d'une aire d'attraction"
_HORS = "Commune hors attraction des villes"
_QPV_IN = "Réside en QPV"
_QPV_OUT = "Hors QPV"
_IDF = "Île-de-France"
_CORSE = "Corse"
_DROM = ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte")
_OUTRE_MER = "Outre-mer (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte)"
_J_LOW = "Aucun diplôme, brevet ou CAP-BEP"
_J_BAC = "Baccalauréat (y c. étudiants de licence)"
_J_SUP = "Bac+2 ou plus"
_Q_CENTRE = "Centre-ville"
_Q_QPV = "Quartiers prioritaires (QPV)"
_Q_FAUB = "Faubourgs / quartiers résidentiels mixtes"
_Q_CAMPUS = "Secteur universitaire / campus"
_Q_PAV = "Secteurs pavillonnaires périphériques"
_LOC = "Locataire (parc privé ou social)"
_PROP = "Propriétaire occupant"

_Table = dict[str, dict[str, float]]

# Seed odds factors [A], read as "how much more often than under independence, before raking". Age bands
# of both national scenarios share one table (16+ bands and 18+ bands). Checked against INSEE cross-tables
# only loosely; the resulting conditional shares are listed in docs/synthetic-pools.md.
_AGE_DIPLOME: _Table = {
    "16-17": {_ETU: 60.0, _AUC: 1.0, _CAP: 0.3, _BAC: 0.05, _B2: 0.0, _B3: 0.0},
    "18-24": {_ETU: 8.0, _AUC: 0.5, _CAP: 0.7, _BAC: 2.0, _B2: 1.0, _B3: 0.5},
    "25-34": {_ETU: 0.5, _AUC: 0.45, _CAP: 0.7, _BAC: 1.1, _B2: 1.5, _B3: 2.2},
    "35-49": {_ETU: 0.0, _AUC: 0.6, _CAP: 1.0, _BAC: 1.0, _B2: 1.4, _B3: 1.6},
    "50-64": {_ETU: 0.0, _AUC: 1.0, _CAP: 1.3, _BAC: 0.9, _B2: 1.0, _B3: 0.9},
    "65+": {_ETU: 0.0, _AUC: 2.4, _CAP: 1.2, _BAC: 0.7, _B2: 0.55, _B3: 0.5},
    "65-74": {_ETU: 0.0, _AUC: 1.8, _CAP: 1.3, _BAC: 0.8, _B2: 0.65, _B3: 0.6},
    "75+": {_ETU: 0.0, _AUC: 3.2, _CAP: 1.1, _BAC: 0.6, _B2: 0.45, _B3: 0.4},
}
_AGE_PCS: _Table = {
    "16-17": {_AGR: 0.0, _ART: 0.0, _CAD: 0.0, _PI: 0.05, _EMP: 0.2, _OUV: 0.2, _RET: 0.0, _AUT: 12.0},
    "18-24": {_AGR: 0.2, _ART: 0.3, _CAD: 0.3, _PI: 0.9, _EMP: 1.3, _OUV: 1.3, _RET: 0.0, _AUT: 4.0},
    "25-34": {_AGR: 0.6, _ART: 0.8, _CAD: 1.2, _PI: 1.3, _EMP: 1.1, _OUV: 1.1, _RET: 0.0, _AUT: 0.8},
    "35-49": {_RET: 0.0, _AUT: 0.6},
    "50-64": {_AGR: 1.3, _ART: 1.1, _PI: 0.9, _EMP: 0.9, _OUV: 0.9, _RET: 0.12, _AUT: 0.7},
    "65+": {_AGR: 0.06, _ART: 0.08, _CAD: 0.05, _PI: 0.03, _EMP: 0.03, _OUV: 0.02, _RET: 1.0, _AUT: 0.25},
    "65-74": {_AGR: 0.08, _ART: 0.1, _CAD: 0.07, _PI: 0.04, _EMP: 0.04, _OUV: 0.03, _RET: 1.0, _AUT: 0.2},
    "75+": {_AGR: 0.03, _ART: 0.04, _CAD: 0.02, _PI: 0.01, _EMP: 0.01, _OUV: 0.01, _RET: 1.0, _AUT: 0.3},
}
_DIPLOME_PCS: _Table = {
    _ETU: {_AGR: 0.0, _ART: 0.05, _CAD: 0.02, _PI: 0.2, _EMP: 0.6, _OUV: 0.3, _RET: 0.0, _AUT: 4.0},
    _AUC: {_AGR: 1.2, _ART: 0.8, _CAD: 0.08, _PI: 0.3, _EMP: 1.0, _OUV: 2.2, _AUT: 1.8},
    _CAP: {_AGR: 1.2, _ART: 1.5, _CAD: 0.15, _PI: 0.6, _EMP: 1.2, _OUV: 2.0, _AUT: 0.9},
    _BAC: {_AGR: 1.0, _ART: 1.1, _CAD: 0.6, _PI: 1.1, _EMP: 1.2, _OUV: 0.8, _AUT: 0.8},
    _B2: {_AGR: 0.8, _ART: 0.9, _CAD: 1.6, _PI: 2.2, _EMP: 0.9, _OUV: 0.35, _AUT: 0.6},
    _B3: {_AGR: 0.6, _ART: 0.8, _CAD: 6.0, _PI: 1.6, _EMP: 0.45, _OUV: 0.12, _AUT: 0.6},
}
_SEXE_AGE: _Table = {"Femme": {"65+": 1.3, "65-74": 1.15, "75+": 1.5}}
_SEXE_PCS: _Table = {"Femme": {_AGR: 0.5, _ART: 0.6, _CAD: 0.85, _PI: 1.1, _EMP: 3.0, _OUV: 0.3, _AUT: 1.4}}
_REGION_DENSITE: _Table = {
    _IDF: {_DENSE: 3.0, _INTER: 0.6, _PEU: 0.25, _TPEU: 0.1},
    _CORSE: {_DENSE: 0.2, _TPEU: 3.0},
    _OUTRE_MER: {_DENSE: 1.2, _TPEU: 0.3},
}
_REGION_AAV: _Table = {_IDF: {_POLE: 2.0, _HORS: 0.1}, _CORSE: {_POLE: 0.5, _HORS: 4.0}}
_DIPLOME_DENSITE: _Table = {
    _AUC: {_DENSE: 1.1, _TPEU: 1.2},
    _B3: {_DENSE: 1.6, _PEU: 0.7, _TPEU: 0.6},
    _ETU: {_DENSE: 1.5, _PEU: 0.8, _TPEU: 0.7},
}
_DIPLOME_AAV: _Table = {_B3: {_POLE: 1.6, _HORS: 0.6}, _ETU: {_POLE: 1.5, _HORS: 0.7}}
_DIPLOME_REGION: _Table = {_B3: {_IDF: 1.5}, _ETU: {_IDF: 1.2}}
_PCS_DENSITE: _Table = {_AGR: {_DENSE: 0.05, _INTER: 0.3, _PEU: 2.0, _TPEU: 4.0}}
_PCS_AAV: _Table = {_AGR: {_POLE: 0.1, _HORS: 4.0}}
_QPV_DENSITE: _Table = {_QPV_IN: {_DENSE: 1.0, _INTER: 0.3, _PEU: 0.03, _TPEU: 0.0}}
_QPV_DIPLOME: _Table = {_QPV_IN: {_AUC: 2.4, _CAP: 1.3, _B2: 0.6, _B3: 0.4}}
_QPV_PCS: _Table = {_QPV_IN: {_OUV: 1.6, _EMP: 1.4, _CAD: 0.3, _AUT: 1.8, _RET: 0.6}}
_QPV_AGE: _Table = {_QPV_IN: {"16-17": 1.4, "18-24": 1.4, "65+": 0.7}}
_J_AGE_QUARTIER: _Table = {
    "16-29": {_Q_CENTRE: 1.3, _Q_QPV: 1.3, _Q_CAMPUS: 6.0, _Q_PAV: 0.5},
    "30-44": {_Q_CAMPUS: 0.5},
    "45-59": {_Q_CAMPUS: 0.3, _Q_PAV: 1.4},
    "60-74": {_Q_CAMPUS: 0.2, _Q_PAV: 1.6},
    "75+": {_Q_CENTRE: 1.2, _Q_QPV: 0.7, _Q_CAMPUS: 0.1, _Q_PAV: 1.3},
}
_J_AGE_DIPLOME: _Table = {
    "16-29": {_J_LOW: 0.6, _J_BAC: 2.5},
    "60-74": {_J_LOW: 1.6, _J_BAC: 0.6},
    "75+": {_J_LOW: 2.5, _J_BAC: 0.5, _J_SUP: 0.5},
}
_J_AGE_LOGEMENT: _Table = {
    "16-29": {_LOC: 4.0},
    "30-44": {_LOC: 1.5},
    "60-74": {_LOC: 0.5},
    "75+": {_LOC: 0.45},
}
_J_QUARTIER_LOGEMENT: _Table = {
    _Q_CENTRE: {_LOC: 2.0},
    _Q_QPV: {_LOC: 8.0},
    _Q_CAMPUS: {_LOC: 10.0},
    _Q_PAV: {_LOC: 0.2},
}
_J_QUARTIER_DIPLOME: _Table = {
    _Q_CENTRE: {_J_SUP: 1.6},
    _Q_QPV: {_J_LOW: 2.5, _J_SUP: 0.4},
    _Q_CAMPUS: {_J_LOW: 0.4, _J_BAC: 2.5, _J_SUP: 1.5},
}
_J_DIPLOME_LOGEMENT: _Table = {_J_SUP: {_PROP: 1.5}, _J_LOW: {_LOC: 1.3}}
_J_SEXE_AGE: _Table = {"Femme": {"60-74": 1.1, "75+": 1.5}}

# (category a, category b, table a-value -> b-value -> factor). Pairs apply when both categories exist.
_ASSOCIATIONS: tuple[tuple[str, str, _Table], ...] = (
    ("age", "diplome", _AGE_DIPLOME),
    ("age", "pcs", _AGE_PCS),
    ("diplome", "pcs", _DIPLOME_PCS),
    ("sexe", "age", _SEXE_AGE),
    ("sexe", "pcs", _SEXE_PCS),
    ("region", "territoire_densite", _REGION_DENSITE),
    ("region", "territoire_aav", _REGION_AAV),
    ("diplome", "territoire_densite", _DIPLOME_DENSITE),
    ("diplome", "territoire_aav", _DIPLOME_AAV),
    ("diplome", "region", _DIPLOME_REGION),
    ("pcs", "territoire_densite", _PCS_DENSITE),
    ("pcs", "territoire_aav", _PCS_AAV),
    ("qpv", "territoire_densite", _QPV_DENSITE),
    ("qpv", "diplome", _QPV_DIPLOME),
    ("qpv", "pcs", _QPV_PCS),
    ("qpv", "age", _QPV_AGE),
    ("age", "quartier", _J_AGE_QUARTIER),
    ("age", "diplome", _J_AGE_DIPLOME),
    ("age", "statut_logement", _J_AGE_LOGEMENT),
    ("quartier", "statut_logement", _J_QUARTIER_LOGEMENT),
    ("quartier", "diplome", _J_QUARTIER_DIPLOME),
    ("diplome", "statut_logement", _J_DIPLOME_LOGEMENT),
    ("sexe", "age", _J_SEXE_AGE),
)

# Relative response propensities [A]: older, more educated, more urban persons answer more; young,
# no-diploma, QPV and rural persons less (direction as in the literature on civic-lottery take-up).
_RESPONSE: _Table = {
    "age": {
        "16-17": 0.5,
        "18-24": 0.55,
        "25-34": 0.75,
        "35-49": 0.95,
        "50-64": 1.25,
        "65+": 1.35,
        "65-74": 1.45,
        "75+": 1.1,
        "16-29": 0.55,
        "30-44": 0.85,
        "45-59": 1.1,
        "60-74": 1.5,
    },
    "diplome": {
        _ETU: 0.8,
        _AUC: 0.45,
        _CAP: 0.75,
        _BAC: 1.0,
        _B2: 1.25,
        _B3: 1.6,
        _J_LOW: 0.55,
        _J_BAC: 1.0,
        _J_SUP: 1.5,
    },
    "pcs": {_AGR: 0.8, _ART: 0.9, _CAD: 1.3, _PI: 1.15, _EMP: 0.9, _OUV: 0.75, _RET: 1.0, _AUT: 0.8},
    "territoire_densite": {_DENSE: 1.15, _INTER: 1.0, _PEU: 0.85, _TPEU: 0.7},
    "territoire_aav": {_POLE: 1.1, _COUR: 0.95, _HORS: 0.75},
    "qpv": {_QPV_IN: 0.6, _QPV_OUT: 1.0},
    "region": {_OUTRE_MER: 0.7},
    "quartier": {_Q_CENTRE: 1.2, _Q_QPV: 0.5, _Q_FAUB: 1.0, _Q_CAMPUS: 0.6, _Q_PAV: 1.25},
    "statut_logement": {_LOC: 0.8, _PROP: 1.3},
}
_HOUSEHOLD_CATEGORIES = (
    "region",
    "territoire_densite",
    "territoire_aav",
    "qpv",
    "quartier",
    "statut_logement",
)

_BUILTIN_K = {"convention150": 150, "convention185": 185, "jury30": 30}
_BUILTIN_SCOPE = {"convention150": "16plus", "convention185": "18plus", "jury30": "16plus"}


def _data_text(*parts: str) -> str:
    node = resources.files("sortition").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def _read_quota_rows(text: str) -> tuple[QuotaRow, ...]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if [h.strip() for h in header] != ["category", "value", "min", "max"]:
        raise ValueError(f"quota header must be category,value,min,max, not {header}")
    return tuple((c.strip(), v.strip(), int(lo), int(hi)) for c, v, lo, hi in reader)


def _midpoint_shares(rows: Sequence[QuotaRow]) -> dict[str, float]:
    """Population shares implied by the quota bands: band midpoints, normalised to sum to 1."""
    mids = {value: (lo + hi) / 2 for _, value, lo, hi in rows}
    total = sum(mids.values())
    return {value: mid / total for value, mid in mids.items()}


def _national_shares(
    category: str, rows: Sequence[QuotaRow], marginals: Mapping[str, object], scope: str
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
        keys = {_DENSE: "dense", _INTER: "intermédiaire", _PEU: "peu dense", _TPEU: "très peu dense"}
        raw = {value: grid[key] for value, key in keys.items()}
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
    by_category: dict[str, list[QuotaRow]] = {}
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
    quotas: Sequence[QuotaRow],
    *,
    sources: Mapping[str, str] | None = None,
) -> Scenario:
    """A scenario with the built-in French correlation and response tables for the categories it has.

    Table entries whose values the scenario lacks are skipped, so any subset of the French categories works.
    """
    associations: list[Association] = []
    for cat_a, cat_b, tab in _ASSOCIATIONS:
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
        category: {v: f for v, f in _RESPONSE[category].items() if v in shares[category]}
        for category in shares
        if category in _RESPONSE
    }
    return Scenario(
        name=name,
        k=k,
        shares={c: dict(vs) for c, vs in shares.items()},
        quotas=tuple(quotas),
        associations=tuple(associations),
        response_factors=response,
        household_categories=tuple(c for c in _HOUSEHOLD_CATEGORIES if c in shares),
        sources=dict(sources or {}),
    )


# --------------------------------------------------------------------------------------------------------
# Joint table


def rake(
    seed: FloatArray, margins: Sequence[FloatArray], *, tolerance: float = 1e-10, max_iterations: int = 5000
) -> FloatArray:
    """Iterative proportional fitting: the table closest to ``seed`` (same odds ratios) with these margins.

    ``margins[i]`` is the target one-way distribution along axis i (summing to 1). Zeros of ``seed`` stay
    zero; if they make the margins unreachable, raises ValueError instead of returning a poor fit.
    """
    if seed.ndim != len(margins):
        raise ValueError("one margin per axis")
    p = seed / seed.sum()
    axes = tuple(range(p.ndim))
    for _ in range(max_iterations):
        worst = 0.0
        for axis, target in enumerate(margins):
            current = p.sum(axis=tuple(a for a in axes if a != axis))
            worst = max(worst, float(np.max(np.abs(current - target))))
            ratio = np.divide(target, current, out=np.zeros_like(target), where=current > 0)
            shape = [1] * p.ndim
            shape[axis] = -1
            p = p * ratio.reshape(shape)
        if worst < tolerance:
            fitted: FloatArray = p
            return fitted
    raise ValueError("raking did not converge: the structural zeros conflict with the target shares")


@dataclass(frozen=True)
class _Model:
    categories: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    joint: FloatArray  # shape = number of values per category, sums to 1
    rate: FloatArray  # response probability per cell, same shape
    base: float  # rate of a person whose response factors are all 1


def _seed_table(scenario: Scenario) -> FloatArray:
    categories = scenario.categories
    shape = tuple(len(scenario.shares[c]) for c in categories)
    seed = np.ones(shape)
    for assoc in scenario.associations:
        cat_a, cat_b = assoc.categories
        ia, ib = categories.index(cat_a), categories.index(cat_b)
        if ia == ib:
            raise ValueError(f"association of {cat_a!r} with itself")
        values_a, values_b = scenario.values(cat_a), scenario.values(cat_b)
        m = np.ones((len(values_a), len(values_b)))
        for va, vb, factor in assoc.factors:
            if factor < 0:
                raise ValueError("association factors must be >= 0")
            m[values_a.index(va), values_b.index(vb)] *= factor
        if ia > ib:
            ia, ib, m = ib, ia, m.T
        full = [1] * len(shape)
        full[ia], full[ib] = m.shape
        seed = seed * m.reshape(full)
    return seed


def _build_model(scenario: Scenario, overall_rate: float) -> _Model:
    categories = scenario.categories
    values = tuple(scenario.values(c) for c in categories)
    margins = []
    for category, vs in zip(categories, values, strict=True):
        margin = np.array([scenario.shares[category][v] for v in vs], dtype=np.float64)
        margins.append(margin / margin.sum())
    joint = rake(_seed_table(scenario), margins)
    rate = np.ones(joint.shape)
    for axis, (category, vs) in enumerate(zip(categories, values, strict=True)):
        factors = scenario.response_factors.get(category, {})
        shape = [1] * joint.ndim
        shape[axis] = -1
        rate = rate * np.array([factors.get(v, 1.0) for v in vs]).reshape(shape)
    base = overall_rate / float((joint * rate).sum())
    return _Model(categories, values, joint, np.minimum(rate * base, 1.0), base)


@dataclass(frozen=True)
class ResponseModel:
    """Probability that an invited person volunteers: ``base * prod(factors[category][value])``, at most 1."""

    base: float
    factors: Mapping[str, Mapping[str, float]]

    def rate(self, person: Mapping[str, str]) -> float:
        """The person's response probability (columns that are not categories are ignored)."""
        r = self.base
        for category, factors in self.factors.items():
            r *= factors.get(person[category], 1.0)
        return min(r, 1.0)

    __call__ = rate


def response_model(scenario: Scenario, overall_rate: float = DEFAULT_RESPONSE_RATE) -> ResponseModel:
    """The response model of ``scenario``, calibrated so that the population's mean rate is ``overall_rate``.

    The invitation planner uses it to simulate who answers among persons of :func:`sample_population`.
    """
    if not 0 < overall_rate < 1:
        raise ValueError("overall_rate must be between 0 and 1")
    return ResponseModel(
        base=_build_model(scenario, overall_rate).base,
        factors={c: dict(f) for c, f in scenario.response_factors.items()},
    )


def response_rate(scenario: Scenario, person: Mapping[str, str], overall_rate: float = DEFAULT_RESPONSE_RATE) -> float:
    """One person's response probability; build :func:`response_model` once when rating many persons."""
    return response_model(scenario, overall_rate).rate(person)


def population_table(scenario: Scenario) -> dict[tuple[str, ...], float]:
    """The raked joint distribution as profile (values in category order) -> share; zero cells omitted."""
    model = _build_model(scenario, DEFAULT_RESPONSE_RATE)
    out: dict[tuple[str, ...], float] = {}
    for flat in np.flatnonzero(model.joint):
        idx = np.unravel_index(int(flat), model.joint.shape)
        out[tuple(vs[int(i)] for vs, i in zip(model.values, idx, strict=True))] = float(model.joint.flat[flat])
    return out


# --------------------------------------------------------------------------------------------------------
# Drawing


def _rng(seed: int | np.random.Generator, stream: int, attempt: int = 0) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    return np.random.default_rng([seed, stream, attempt])


def _integer_weights(weights: FloatArray) -> IntArray:
    """Probabilities as integers, so cumulative sums (and hence draws) are exact."""
    w: IntArray = np.rint(weights / weights.sum() * _WEIGHT_SCALE).astype(np.int64)
    return w


def _draw_cells(weights: FloatArray, size: int, rng: np.random.Generator) -> IntArray:
    """``size`` flat cell indices drawn with probability proportional to ``weights`` (flattened)."""
    cum = np.cumsum(_integer_weights(weights.ravel()))
    u = rng.integers(0, cum[-1], size=size, dtype=np.int64)
    cells: IntArray = np.searchsorted(cum, u, side="right").astype(np.int64)
    return cells


def _cells_to_indices(cells: IntArray, shape: tuple[int, ...]) -> IntArray:
    """Flat cell indices -> (persons x categories) value indices."""
    if len(cells) == 0:
        return np.zeros((0, len(shape)), dtype=np.int64)
    return np.stack(np.unravel_index(cells, shape), axis=1).astype(np.int64)


class _MemberSampler:
    """Draws a household member's cell given the household's shared categories (from the joint)."""

    def __init__(self, model: _Model, shared: Sequence[int]) -> None:
        ndim = model.joint.ndim
        self.shared = list(shared)
        self.rest = [a for a in range(ndim) if a not in self.shared]
        self.order = self.shared + self.rest
        permuted = np.transpose(model.joint, self.order)
        self.shared_shape = permuted.shape[: len(self.shared)]
        self.rest_shape = permuted.shape[len(self.shared) :]
        n_shared = int(np.prod(self.shared_shape)) if self.shared else 1
        n_rest = int(np.prod(self.rest_shape)) if self.rest else 1
        table = permuted.reshape(n_shared, n_rest)
        weights = np.rint(table / table.sum() * _WEIGHT_SCALE).astype(np.int64)
        self.cum = np.cumsum(weights.ravel())
        row_totals = weights.sum(axis=1)
        self.row_start = np.concatenate(([0], np.cumsum(row_totals)[:-1])).astype(np.int64)
        self.row_total = row_totals.astype(np.int64)
        self.n_rest = n_rest

    def draw(self, heads: IntArray, rng: np.random.Generator) -> IntArray:
        """One member per row of ``heads`` (value indices), sharing the heads' shared categories."""
        m = len(heads)
        ndim = len(self.order)
        if m == 0:
            return np.zeros((0, ndim), dtype=np.int64)
        if self.shared:
            row = np.ravel_multi_index(tuple(heads[:, a] for a in self.shared), self.shared_shape)
        else:
            row = np.zeros(m, dtype=np.int64)
        total = self.row_total[row]
        if np.any(total <= 0):
            raise ValueError("a household's shared categories have no weight in the joint table")
        u = self.row_start[row] + rng.integers(0, total, dtype=np.int64)
        flat = np.searchsorted(self.cum, u, side="right")
        rest_index = flat - row * self.n_rest
        out = np.empty((m, ndim), dtype=np.int64)
        for axis in self.shared:
            out[:, axis] = heads[:, axis]
        if self.rest:
            parts = np.unravel_index(rest_index, self.rest_shape)
            for j, axis in enumerate(self.rest):
                out[:, axis] = parts[j]
        return out


def _draw_households(
    model: _Model, sampler: _MemberSampler, n_addresses: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Persons of ``n_addresses`` addresses: (persons x categories) indices and each person's address."""
    sizes = _draw_cells(np.array(HOUSEHOLD_SIZES), n_addresses, rng) + 1
    heads = _cells_to_indices(_draw_cells(model.joint, n_addresses, rng), model.joint.shape)
    member_address = np.repeat(np.arange(n_addresses, dtype=np.int64), sizes - 1)
    members = sampler.draw(heads[member_address], rng)
    # persons in address order, head first
    persons = np.concatenate([heads, members])
    address = np.concatenate([np.arange(n_addresses, dtype=np.int64), member_address])
    order = np.lexsort((np.arange(len(address)), address))
    return persons[order], address[order]


def _shared_axes(model: _Model, scenario: Scenario) -> list[int]:
    return [model.categories.index(c) for c in scenario.household_categories]


def sample_population(
    scenario: Scenario, n: int, seed: int | np.random.Generator, *, households: bool = False
) -> Population:
    """``n`` persons of the population (everyone who could be invited), for the invitation planner.

    Ids are ``p00001``...; with ``households`` a ``household`` column holds a pseudonymous address id.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = _rng(seed, _STREAM_POPULATION)
    model = _build_model(scenario, DEFAULT_RESPONSE_RATE)
    if not households:
        persons = _cells_to_indices(_draw_cells(model.joint, n, rng), model.joint.shape)
        return _table(model, persons, None)
    sampler = _MemberSampler(model, _shared_axes(model, scenario))
    mean_size = sum((i + 1) * p for i, p in enumerate(HOUSEHOLD_SIZES))
    chunks: list[IntArray] = []
    addresses: list[IntArray] = []
    have, offset = 0, 0
    while have < n:
        batch = max(16, math.ceil((n - have) / mean_size * 1.1))
        persons, address = _draw_households(model, sampler, batch, rng)
        chunks.append(persons)
        addresses.append(address + offset)
        offset += batch
        have += len(persons)
    all_persons = np.concatenate(chunks)[:n]
    all_addresses = np.concatenate(addresses)[:n]
    return _table(model, all_persons, all_addresses)


def _ids(n: int) -> list[str]:
    width = max(5, len(str(n)))
    return [f"p{i:0{width}d}" for i in range(1, n + 1)]


def _household_ids(address: IntArray) -> list[str]:
    """Pseudonymous address ids, numbered in order of first appearance."""
    number: dict[int, int] = {}
    for a in address.tolist():
        number.setdefault(a, len(number) + 1)
    width = max(4, len(str(len(number))))
    return [f"h{number[a]:0{width}d}" for a in address.tolist()]


def _table(model: _Model, persons: IntArray, address: IntArray | None) -> Population:
    header = ("id", *model.categories) + (("household",) if address is not None else ())
    columns = [[model.values[j][i] for i in persons[:, j].tolist()] for j in range(len(model.categories))]
    ids = _ids(len(persons))
    if address is not None:
        columns.append(_household_ids(address))
    rows = tuple(zip(ids, *columns, strict=True)) if ids else ()
    return Population(header, tuple(tuple(r) for r in rows))


def _simulate_pool(
    model: _Model, scenario: Scenario, n: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, int, int]:
    """Invite addresses until ``n`` persons volunteered.

    Returns the volunteers (value indices), their address numbers, and how many addresses and persons
    were invited (up to the address of the n-th volunteer; its later volunteers are not kept).
    """
    sampler = _MemberSampler(model, _shared_axes(model, scenario))
    mean_size = sum((i + 1) * p for i, p in enumerate(HOUSEHOLD_SIZES))
    overall = float((model.joint * model.rate).sum())
    flat_rate = model.rate.ravel()
    kept: list[IntArray] = []
    kept_address: list[IntArray] = []
    have = offset = invited_addresses = invited_persons = 0
    while have < n:
        batch = max(64, math.ceil((n - have) / (overall * mean_size) * 1.1))
        persons, address = _draw_households(model, sampler, batch, rng)
        propensity = rng.gamma(HOUSEHOLD_PROPENSITY_SHAPE, 1.0 / HOUSEHOLD_PROPENSITY_SHAPE, size=batch)
        cells = np.ravel_multi_index(tuple(persons.T), model.joint.shape)
        answered = np.flatnonzero(rng.random(len(persons)) < np.minimum(flat_rate[cells] * propensity[address], 1))
        take = answered[: n - have]
        if have + len(take) == n:
            used = int(address[take[-1]]) + 1
            invited_addresses += used
            invited_persons += int(np.searchsorted(address, used, side="left"))
        else:
            invited_addresses += batch
            invited_persons += len(persons)
        kept.append(persons[take])
        kept_address.append(address[take] + offset)
        have += len(take)
        offset += batch
    return np.concatenate(kept), np.concatenate(kept_address), invited_addresses, invited_persons


_FIRST_F = (
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Françoise",
    "Sophie",
    "Valérie",
    "Christine",
    "Sandrine",
    "Julie",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Laura",
    "Monique",
)
_FIRST_M = (
    "Jean",
    "Philippe",
    "Michel",
    "Alain",
    "Patrick",
    "Nicolas",
    "Christophe",
    "Pierre",
    "Thomas",
    "David",
    "Julien",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Mohamed",
    "Karim",
    "Antoine",
    "Maxime",
    "Bernard",
)
_LAST = (
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefèvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Masson",
    "N'Diaye",
)


def _ascii(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return "".join(ch for ch in bare.lower() if ch.isalnum())


def _private_columns(
    header: Sequence[str], rows: Sequence[tuple[str, ...]], seed: int, households: bool
) -> list[tuple[str, str, str]]:
    """Fake name, telephone (06 00 ..., fictitious) and e-mail (@example.org) per person."""
    rng = _rng(seed, _STREAM_NAMES)
    n = len(rows)
    first_pick = rng.integers(0, len(_FIRST_F), size=n)
    last_pick = rng.integers(0, len(_LAST), size=n)
    shares_name = rng.random(n) < 0.8  # household members mostly share the family name [A]
    sexe = header.index("sexe") if "sexe" in header else None
    hh = header.index("household") if households else None
    family: dict[str, str] = {}
    out: list[tuple[str, str, str]] = []
    for i, row in enumerate(rows):
        firsts: tuple[str, ...] = _FIRST_F + _FIRST_M
        if sexe is not None:
            firsts = _FIRST_F if row[sexe] == "Femme" else _FIRST_M
        first = firsts[int(first_pick[i]) % len(firsts)]
        last = _LAST[int(last_pick[i])]
        if hh is not None:
            known = family.get(row[hh])
            if known is None:
                family[row[hh]] = last
            elif bool(shares_name[i]):
                last = known
        digits = f"{i + 1:06d}"
        phone = f"06 00 {digits[0:2]} {digits[2:4]} {digits[4:6]}"
        email = f"{_ascii(first)}.{_ascii(last)}.{i + 1}@example.org"
        out.append((f"{first} {last}", phone, email))
    return out


def _rounded_shares(scenario: Scenario) -> dict[str, dict[str, float]]:
    return {c: {v: round(s, 6) for v, s in vs.items()} for c, vs in scenario.shares.items()}


def sample_pool(
    scenario: Scenario | str,
    n: int,
    seed: int,
    *,
    households: bool = False,
    overall_rate: float = DEFAULT_RESPONSE_RATE,
    private_columns: bool = False,
) -> PoolData:
    """``n`` volunteers: persons invited at random from the population who answered.

    Without households, persons are drawn from the joint reweighted by the response rates (the same
    distribution as simulating invitations, much faster). With households, addresses are invited and
    answers simulated, so that several members of one address can volunteer. ``private_columns`` adds
    fake ``nom``, ``telephone`` and ``email`` columns (never categories) to exercise privacy handling.
    """
    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    return _sample_pool(scenario, n, seed, 0, households, overall_rate, private_columns)


def _sample_pool(
    scenario: Scenario,
    n: int,
    seed: int,
    attempt: int,
    households: bool,
    overall_rate: float,
    private_columns: bool,
) -> PoolData:
    if n < 1:
        raise ValueError("n must be >= 1")
    if not 0 < overall_rate < 1:
        raise ValueError("overall_rate must be between 0 and 1")
    rng = _rng(seed, _STREAM_POOL, attempt)
    model = _build_model(scenario, overall_rate)
    meta: dict[str, object] = {
        "generator": "sortition.synthetic",
        "generator_version": GENERATOR_VERSION,
        "scenario": scenario.name,
        "k": scenario.k,
        "n": n,
        "seed": seed,
        "households": households,
        "parameters": {
            "overall_response_rate": round(overall_rate, 6),
            "household_sizes": list(HOUSEHOLD_SIZES) if households else None,
            "household_propensity_shape": HOUSEHOLD_PROPENSITY_SHAPE if households else None,
            "household_categories": list(scenario.household_categories) if households else None,
        },
        "population_shares": _rounded_shares(scenario),
        "sources": dict(scenario.sources),
    }
    address: IntArray | None = None
    if households:
        persons, address, n_addresses, invited = _simulate_pool(model, scenario, n, rng)
        order = rng.permutation(len(persons))  # an export lists persons by answer date, not by address
        persons, address = persons[order], address[order]
        meta["invited_addresses"] = n_addresses
        meta["invited_persons"] = invited
    else:
        persons = _cells_to_indices(_draw_cells(model.joint * model.rate, n, rng), model.joint.shape)
        meta["invited_persons_expected"] = round(n / overall_rate)
    meta["proportional_draw_violates"] = _proportional_violations(model, persons, scenario)
    table = _table(model, persons, address)
    header, rows = table.header, table.rows
    if private_columns:
        extra = _private_columns(header, rows, seed, households)
        header = (*header, *PRIVATE_COLUMNS)
        rows = tuple((*row, *more) for row, more in zip(rows, extra, strict=True))
        meta["private_columns"] = list(PRIVATE_COLUMNS)
    return PoolData(header, rows, scenario.quotas, meta)


def _proportional_violations(model: _Model, persons: IntArray, scenario: Scenario) -> list[str]:
    """Quotas that the expected panel of a uniform draw (k * pool share) breaks: the quotas that bind."""
    out: list[str] = []
    n = len(persons)
    for category, value, lo, hi in scenario.quotas:
        axis = model.categories.index(category)
        count = int(np.count_nonzero(persons[:, axis] == model.values[axis].index(value)))
        if not lo * n <= scenario.k * count <= hi * n:
            out.append(f"{category}={value}")
    return out


# --------------------------------------------------------------------------------------------------------
# Shaped pools for benchmarks


def shaped_scenario(
    k: int,
    values_per_category: Sequence[int],
    seed: int,
    correlation: float = 0.3,
    skew: float = 0.5,
    *,
    name: str = "shaped",
) -> Scenario:
    """Categories ``c1..cm`` with values ``v1..``: random shares, ordered correlation and response skew.

    Values are ordered along a latent status (``v1`` high): categories are associated through seed
    factors ``exp(correlation * s_a * s_b)`` with scores s from 1 down to -1, and the response factor of a
    value is ``exp(skew * w * s)`` with a per-category weight w in [0.1, 1]. Quotas are bands of 10 to
    20 % around ``k * share`` (floor / ceil), as in published instances.
    """
    if not values_per_category or any(v < 2 for v in values_per_category):
        raise ValueError("every category needs at least two values")
    rng = _rng(seed, _STREAM_SHAPE)
    shares: dict[str, dict[str, float]] = {}
    response: dict[str, dict[str, float]] = {}
    quotas: list[QuotaRow] = []
    scores: dict[str, list[float]] = {}
    for c, m in enumerate(values_per_category, start=1):
        category = f"c{c}"
        raw = np.maximum(rng.dirichlet(np.full(m, 2.0)), 0.015)
        values = [f"v{v}" for v in range(1, m + 1)]
        shares[category] = {v: round(float(s), 6) for v, s in zip(values, raw / raw.sum(), strict=True)}
        scores[category] = [1.0 - 2.0 * i / (m - 1) for i in range(m)]
        weight = float(rng.uniform(0.1, 1.0))
        response[category] = {v: math.exp(skew * weight * s) for v, s in zip(values, scores[category], strict=True)}
        tolerance = float(rng.uniform(0.10, 0.20))
        for v in values:
            target = k * shares[category][v]
            quotas.append(
                (
                    category,
                    v,
                    max(0, math.floor(target * (1 - tolerance))),
                    max(1, math.ceil(target * (1 + tolerance))),
                )
            )
    names = list(shares)
    associations = tuple(
        Association(
            (a, b),
            tuple(
                (f"v{x + 1}", f"v{y + 1}", math.exp(correlation * sa * sb))
                for x, sa in enumerate(scores[a])
                for y, sb in enumerate(scores[b])
            ),
        )
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    )
    return Scenario(
        name=name,
        k=k,
        shares=shares,
        quotas=tuple(quotas),
        associations=associations,
        response_factors=response,
        sources={c: "random shares: Dirichlet(2), floored at 1.5 %, normalised" for c in shares},
    )


def shaped_pool(
    n: int,
    k: int,
    values_per_category: Sequence[int],
    seed: int,
    correlation: float = 0.3,
    skew: float = 0.5,
    *,
    name: str = "shaped",
    max_attempts: int = 20,
) -> PoolData:
    """A benchmark pool shaped like a published instance, with quotas feasible for it (checked by MILP).

    If the quotas are infeasible for the drawn pool (a small value skewed away), the pool is redrawn from
    the next sub-stream of the seed; the attempt used is recorded in ``meta``.
    """
    scenario = shaped_scenario(k, values_per_category, seed, correlation, skew, name=name)
    for attempt in range(max_attempts):
        pool = _sample_pool(scenario, n, seed, attempt, False, DEFAULT_RESPONSE_RATE, False)
        if quotas_feasible(pool.header, pool.rows, pool.quotas, k):
            meta = dict(pool.meta)
            meta["attempt"] = attempt
            meta["parameters"] = {
                "values_per_category": list(values_per_category),
                "correlation": round(correlation, 6),
                "skew": round(skew, 6),
                "overall_response_rate": DEFAULT_RESPONSE_RATE,
            }
            return PoolData(pool.header, pool.rows, pool.quotas, meta)
    raise ValueError(f"no feasible pool in {max_attempts} attempts: lower the skew or widen the shape")


def quotas_feasible(header: Sequence[str], rows: Sequence[tuple[str, ...]], quotas: Sequence[QuotaRow], k: int) -> bool:
    """Is there a panel of k persons meeting every quota? (MILP over counts per distinct profile.)

    Households are ignored: this is the check :func:`shaped_pool` needs, not the toolkit's full one.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    categories: list[str] = []
    for category, _, _, _ in quotas:
        if category not in categories:
            categories.append(category)
    columns = [header.index(c) for c in categories]
    counts: dict[tuple[str, ...], int] = {}
    for row in rows:
        profile = tuple(row[j] for j in columns)
        counts[profile] = counts.get(profile, 0) + 1
    profiles = sorted(counts)
    a = np.zeros((len(quotas) + 1, len(profiles)))
    lower = np.zeros(len(quotas) + 1)
    upper = np.zeros(len(quotas) + 1)
    a[0, :] = 1
    lower[0] = upper[0] = k
    for r, (category, value, lo, hi) in enumerate(quotas, start=1):
        j = categories.index(category)
        a[r, :] = [1.0 if p[j] == value else 0.0 for p in profiles]
        lower[r], upper[r] = lo, hi
    result = milp(
        c=np.zeros(len(profiles)),
        constraints=LinearConstraint(a, lower, upper),
        integrality=np.ones(len(profiles)),
        bounds=Bounds(np.zeros(len(profiles)), np.array([counts[p] for p in profiles], dtype=float)),
    )
    return bool(result.status == 0)


# --------------------------------------------------------------------------------------------------------
# Writing


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def pool_files(pool: PoolData) -> dict[str, bytes]:
    """The bytes of ``pool.csv``, ``quotas.csv`` and ``meta.json`` (UTF-8, LF, sorted JSON keys)."""
    meta = json.dumps(pool.meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return {
        "pool.csv": _csv_bytes(pool.header, pool.rows),
        "quotas.csv": _csv_bytes(("category", "value", "min", "max"), pool.quotas),
        "meta.json": meta.encode("utf-8"),
    }


def write_pool(pool: PoolData, directory: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the pool's three files into ``directory`` atomically; never replace them unless ``overwrite``.

    ``pool.csv`` is written last, so a directory with a ``pool.csv`` always has its quotas and meta.
    """
    target = Path(directory)
    files = pool_files(pool)
    if not overwrite:
        existing = sorted(name for name in files if (target / name).exists())
        if existing:
            raise FileExistsError(f"{target}: {', '.join(existing)} already exist; not replaced")
    for name in ("meta.json", "quotas.csv", "pool.csv"):
        atomic_write_bytes(target / name, files[name], overwrite=overwrite)
    return target
