"""What every optimising algorithm shares: the start (deadline, groups, constraints, panel oracle and a
first panel), stamping a lottery with its certificate and time, and the best-effort answer when the time
limit strikes before the optimisation could start."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Grouping, Instance
from sortition.model.lottery import Certificate, Lottery
from sortition.progress import Deadline
from sortition.solve.columns import ColumnPool
from sortition.solve.oracle import PanelOracle
from sortition.solve.relaxation import RelaxedLeximin


class Start(NamedTuple):
    deadline: Deadline
    grouping: Grouping
    constraints: PanelConstraints
    oracle: PanelOracle
    pool: ColumnPool  # holds one valid panel, found before the deadline is ever checked


def start(instance: Instance, merge: bool, time_limit: float | None) -> Start:
    """The clock starts first, so that grouping and building the constraints count against the limit; the
    first panel is found whatever the deadline, so that even a timed-out run has a lottery to return."""
    deadline = Deadline(time_limit)
    grouping = instance.grouping(merge)
    constraints = PanelConstraints.build(instance, grouping)
    oracle = PanelOracle(constraints)
    pool = ColumnPool(constraints.n_groups)
    pool.add(oracle.best(np.zeros(constraints.n_groups)).composition)
    return Start(deadline, grouping, constraints, oracle, pool)


def with_certificate(lottery: Lottery, certificate: Certificate, deadline: Deadline) -> Lottery:
    return Lottery(
        lottery.instance,
        lottery.grouping,
        lottery.compositions,
        lottery.weights,
        lottery.algorithm,
        certificate,
        lottery.parameters,
        deadline.elapsed(),
    )


def timed_out(
    instance: Instance,
    grouping: Grouping,
    pool: ColumnPool,
    relaxed: RelaxedLeximin | None,
    deadline: Deadline,
    algorithm: str,
) -> Lottery:
    """The uniform lottery over the panels found so far, with the relaxation's bound on the minimum
    probability (1 when even that was not computed)."""
    rows = pool.matrix()
    weights = np.full(rows.shape[0], 1.0 / rows.shape[0])
    lottery = Lottery(instance, grouping, rows, weights, algorithm)
    bound = relaxed.levels[0].value if relaxed is not None and relaxed.levels else 1.0
    certificate = Certificate(
        "lp-relaxation bound" if relaxed is not None else "none",
        (),
        max(0.0, bound - lottery.min_probability),
        False,
        ("time limit reached before the lottery was optimised",),
    )
    return with_certificate(lottery, certificate, deadline)
