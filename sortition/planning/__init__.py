"""Invitation planning: how many letters to send so that the quotas can be met, by simulation.

Pools are skewed (some persons answer far more often than others), so "k times the inverse response rate"
is not enough: the question is how many invitations make it likely that *every* quota can be met. The
planner answers it by Monte Carlo (method and figures in ``docs/planner.md``):

1. **Trials** (:mod:`~sortition.planning.simulate`). Each trial draws one ordered sequence of invitations
   and, for each, whether the person answers (probability ``base * prod(factor)``, at most 1). The pool
   for N invitations is the responders among the first N, so the pools of one trial are nested (common
   random numbers) and the estimated feasibility is non-decreasing in N.
2. **Feasibility.** Necessary counts, then a panel found earlier, then the toolkit's feasibility program
   (:func:`sortition.check.feasible_composition`); a binary search over N per trial.
3. **Fairness.** For each N, the first ``fairness_trials`` feasible trials (by trial index) are re-simulated
   and their LEXIMIN minimum selection probability computed.

Inputs (population, quotas, response model) are read and checked in :mod:`~sortition.planning.inputs`; a
population can also be built from shares per category (:mod:`~sortition.planning.margins`), and the response
model is never equal response by default (:mod:`~sortition.planning.responses`). The
answer is a :class:`Plan` (:mod:`~sortition.planning.results`), drawn by :func:`plot_plan`. Results depend
only on the seed and the inputs, never on the number of workers. The library never prints; progress goes
through :class:`sortition.progress.Progress`.
"""

from sortition.planning.inputs import (
    DEFAULT_BASE_RATE,
    DEFAULT_FAIRNESS_TRIALS,
    DEFAULT_MEAN_RATE,
    DEFAULT_TARGET,
    DEFAULT_TRIALS,
    FAIRNESS_METHODS,
    PlanInputs,
    load_plan_inputs,
    parse_invitations,
    plan_option_problems,
    scenario_inputs,
    shares_inputs,
)
from sortition.planning.margins import MAX_CELLS, population_from_shares
from sortition.planning.plot import PLOT_FORMATS, plot_plan, plot_problems
from sortition.planning.population import Population, calibrate_base, cell_rates
from sortition.planning.responses import EQUAL, default_factors
from sortition.planning.results import ImpossibleQuota, Plan, PlanRow, impossible_quotas, wilson_interval
from sortition.planning.simulate import plan, pool_instance, simulate_trial
from sortition.synthetic.response import ResponseModel

__all__ = [
    "DEFAULT_BASE_RATE",
    "DEFAULT_FAIRNESS_TRIALS",
    "DEFAULT_MEAN_RATE",
    "DEFAULT_TARGET",
    "DEFAULT_TRIALS",
    "EQUAL",
    "FAIRNESS_METHODS",
    "MAX_CELLS",
    "PLOT_FORMATS",
    "ImpossibleQuota",
    "Plan",
    "PlanInputs",
    "PlanRow",
    "Population",
    "ResponseModel",
    "calibrate_base",
    "cell_rates",
    "default_factors",
    "impossible_quotas",
    "load_plan_inputs",
    "parse_invitations",
    "plan",
    "plan_option_problems",
    "plot_plan",
    "plot_problems",
    "pool_instance",
    "population_from_shares",
    "scenario_inputs",
    "shares_inputs",
    "simulate_trial",
    "wilson_interval",
]
