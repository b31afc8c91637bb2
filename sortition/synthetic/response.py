"""Who answers an invitation: a base rate times relative factors per category value, at most 1.

One model for the synthetic pools and the invitation planner (:mod:`sortition.planning`): a scenario's
factors are calibrated so that the population's mean rate is the overall response rate of a mailing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sortition.synthetic.joint import build_model
from sortition.synthetic.scenarios import Scenario

DEFAULT_RESPONSE_RATE = 0.06


@dataclass(frozen=True)
class ResponseModel:
    """Probability that an invited person volunteers: ``base * prod(factors[category][value])``, at most 1.

    Values without a factor have factor 1, so an empty ``factors`` is a uniform response at ``base``.
    """

    base: float
    factors: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

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
        base=build_model(scenario, overall_rate).base,
        factors={c: dict(f) for c, f in scenario.response_factors.items()},
    )


def response_rate(scenario: Scenario, person: Mapping[str, str], overall_rate: float = DEFAULT_RESPONSE_RATE) -> float:
    """One person's response probability; build :func:`response_model` once when rating many persons."""
    return response_model(scenario, overall_rate).rate(person)
