"""The planner's answer: estimates per number of invitations, quotas no pool can meet, the recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sortition.i18n.catalogue import format_int, format_percent, translate
from sortition.planning.inputs import PlanInputs
from sortition.planning.population import cell_rates
from sortition.stats import wilson


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (:func:`sortition.stats.wilson`): good coverage even at 0 or
    ``trials`` successes, where the normal approximation collapses to a point; there its end is exactly 0
    or 1, whatever the round-off."""
    if trials <= 0:
        return 0.0, 1.0
    low, high = wilson(successes, trials, confidence)
    return 0.0 if successes == 0 else float(low), 1.0 if successes == trials else float(high)


@dataclass(frozen=True)
class PlanRow:
    """Estimates for one number of invitations."""

    invitations: int
    trials: int
    feasible_trials: int
    interval: tuple[float, float]
    mean_pool_size: float
    pool_size_low: int  # 5th percentile
    pool_size_high: int  # 95th percentile
    fairness_trials: int  # trials whose minimum probability is in the means
    mean_min_probability: float | None
    lowest_min_probability: float | None
    fairness_failures: int = 0  # trials left out because the solver failed on their pool

    @property
    def feasibility(self) -> float:
        """Estimated probability that the quotas can be met by the pool."""
        return self.feasible_trials / self.trials

    def as_dict(self) -> dict[str, Any]:
        return {
            "invitations": self.invitations,
            "trials": self.trials,
            "feasible_trials": self.feasible_trials,
            "feasibility": self.feasibility,
            "feasibility_interval": list(self.interval),
            "mean_pool_size": self.mean_pool_size,
            "pool_size_5th_percentile": self.pool_size_low,
            "pool_size_95th_percentile": self.pool_size_high,
            "fairness_trials": self.fairness_trials,
            "fairness_failures": self.fairness_failures,
            "mean_min_probability": self.mean_min_probability,
            "lowest_min_probability": self.lowest_min_probability,
        }


@dataclass(frozen=True)
class ImpossibleQuota:
    """A quota with a positive min that no simulated pool can meet: nobody in the population has the value
    (``reason`` "absent") or nobody with it ever answers ("no-response")."""

    category: str
    value: str
    min: int
    reason: str


@dataclass(frozen=True)
class Plan:
    """The planner's estimates per number of invitations, and the recommendation for ``target``."""

    rows: tuple[PlanRow, ...]
    k: int
    target: float
    trials: int
    seed: int
    fairness: str
    base_rate: float
    mean_rate: float
    population: str
    persons: bool
    first_feasible: tuple[int | None, ...]  # per trial: smallest N (of those tried) with a feasible pool
    impossible: tuple[ImpossibleQuota, ...] = ()
    seconds: float = 0.0

    @property
    def recommended(self) -> int | None:
        """Smallest number of invitations whose estimated feasibility reaches the target (None if none)."""
        for row in self.rows:
            if row.feasibility >= self.target:
                return row.invitations
        return None

    def row(self, invitations: int) -> PlanRow:
        for row in self.rows:
            if row.invitations == invitations:
                return row
        raise KeyError(invitations)

    def recommendation(self, lang: str = "en") -> str:
        """The recommendation as a sentence, in ``lang``."""
        n = self.recommended
        if n is None:
            best = max(self.rows, key=lambda r: (r.feasibility, -r.invitations))
            return translate(
                "plan.recommend-none",
                lang,
                target=format_percent(self.target, 0, lang),
                largest=format_int(self.rows[-1].invitations, lang),
                best=format_int(best.invitations, lang),
                best_probability=format_percent(best.feasibility, 1, lang),
            )
        row = self.row(n)
        return translate(
            "plan.recommend",
            lang,
            invitations=format_int(n, lang),
            target=format_percent(self.target, 0, lang),
            probability=format_percent(row.feasibility, 1, lang),
            low=format_percent(row.interval[0], 1, lang),
            high=format_percent(row.interval[1], 1, lang),
            trials=format_int(row.trials, lang),
        )

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "k": self.k,
            "target": self.target,
            "trials": self.trials,
            "seed": self.seed,
            "fairness": self.fairness,
            "base_rate": self.base_rate,
            "mean_rate": self.mean_rate,
            "population": self.population,
            "population_kind": "persons" if self.persons else "cells",
            "rows": [r.as_dict() for r in self.rows],
            "recommended_invitations": self.recommended,
            "recommendation": self.recommendation(lang),
            "first_feasible_invitations": list(self.first_feasible),
            "impossible_quotas": [vars(q) for q in self.impossible],
            "seconds": round(self.seconds, 3),
        }


def impossible_quotas(inputs: PlanInputs) -> tuple[ImpossibleQuota, ...]:
    """The quotas with a positive min that no simulated pool can meet, whatever the number of invitations."""
    population = inputs.population
    answering = population.weights * cell_rates(inputs.rates, population)
    out: list[ImpossibleQuota] = []
    for q in inputs.quotas:
        if q.min <= 0:
            continue
        j = population.categories.index(q.category)
        has = population.codes[:, j] == population.values[j].index(q.value)
        if not np.any(has):
            out.append(ImpossibleQuota(q.category, q.value, q.min, "absent"))
        elif float(answering[has].sum()) <= 0:
            out.append(ImpossibleQuota(q.category, q.value, q.min, "no-response"))
    return tuple(out)
