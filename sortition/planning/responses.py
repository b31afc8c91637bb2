"""Which response model a plan uses, never chosen silently.

Who answers an invitation matters more than how many: with equal response the jury30 quotas need about a
third of the letters they need when the young, the tenants and the priority neighbourhoods answer less. So
the planner never assumes equal response unless told (``response_rates="equal"``). Without a factors file
it uses the **default French differentials**: the ``response_factors`` of ``sortition/data/fr/
synthetic_model.json`` (older, more educated, home-owning, more urban persons answer more; reasoned
approximations [A], documented in ``docs/synthetic-pools.md`` §2.3), for the categories and values of the
population that the table knows, calibrated to a mean response rate of 6 %. If it knows none of them, the
planner refuses and asks for a choice. Every plan states the model it used (:func:`response_notes`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sortition.i18n.catalogue import translate
from sortition.planning.population import Population
from sortition.synthetic.scenarios import french_tables
from sortition.text import fold

EQUAL = "equal"
# How the response factors of a plan were chosen.
RESPONSE_MODELS = ("file", "scenario", "default", "equal")
# How the population of a plan was built.
POPULATION_MODELS = ("file", "scenario", "independence", "associations", "raking")


def default_factors(population: Population) -> dict[str, dict[str, float]]:
    """The French default response factors of the population's categories and values (matched after
    :func:`sortition.text.fold`, so that case and accents do not matter); empty if none is known."""
    tables = french_tables().response_factors
    by_name = {fold(c): c for c in tables}
    out: dict[str, dict[str, float]] = {}
    for j, category in enumerate(population.categories):
        known = by_name.get(fold(category))
        if known is None:
            continue
        folded = {fold(v): f for v, f in tables[known].items()}
        factors = {v: folded[fold(v)] for v in population.values[j] if fold(v) in folded}
        if factors:
            out[category] = factors
    return out


def response_notes(
    response_model: str,
    population_model: str,
    factors: Mapping[str, Mapping[str, float]],
    lang: str,
) -> tuple[str, ...]:
    """The sentences that say how the population was built and which response model was used."""
    notes: list[str] = []
    if population_model in ("independence", "associations", "raking"):
        notes.append(translate("plan.population-" + population_model, lang))
    categories = ", ".join(factors) or "-"
    notes.append(translate("plan.response-" + response_model, lang, categories=categories))
    return tuple(notes)
