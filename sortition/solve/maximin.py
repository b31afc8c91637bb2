"""Maximin: maximise the least selection probability (and nothing more).

Fast path, as for LEXIMIN: the first level z of the LP relaxation over group counts bounds the minimum of
any lottery; a point of the relaxation giving every group at least z (the relaxation's own optimum, with
nothing asked of the later levels) is decomposed into valid panels, and when that succeeds the lottery
reaches the bound, which certifies it. Otherwise column generation over panels (:mod:`.levels`), started
from panels covering every group that can be covered and from those the decomposition found, stops as soon
as the master reaches the bound. Beyond the minimum the lottery is whatever was found: that is what
distinguishes maximin from LEXIMIN, which goes on to maximise the next probabilities.
"""

from __future__ import annotations

from sortition.model.instance import Instance
from sortition.model.lottery import Certificate, Level, Lottery
from sortition.progress import NO_PROGRESS, Progress
from sortition.solve.common import start, timed_out, with_certificate
from sortition.solve.decompose import decompose
from sortition.solve.levels import coverage_columns, level_column_generation
from sortition.solve.oracle import OutOfTime
from sortition.solve.relaxation import leximin_relaxation


def maximin(
    instance: Instance,
    *,
    merge: bool = True,
    time_limit: float | None = None,
    progress: Progress = NO_PROGRESS,
) -> Lottery:
    deadline, grouping, constraints, oracle, pool = start(instance, merge, time_limit)
    relaxed = None
    parameters = {"merge": merge, "time_limit": time_limit}
    try:
        relaxed = leximin_relaxation(constraints, deadline, progress, levels=1)
        bound = relaxed.levels[0].value
        found = decompose(constraints, relaxed.target, oracle, deadline, progress)
        if found.exact:
            lottery = Lottery(instance, grouping, found.compositions, found.weights, "maximin", parameters=parameters)
            first = relaxed.levels[0]
            level = Level(
                lottery.min_probability, bound, len(first.groups), int(constraints.sizes[list(first.groups)].sum())
            )
            certificate = Certificate("lp-relaxation+decomposition", (level,), level.gap, optimal=True)
            return with_certificate(lottery, certificate, deadline)
        for row in found.columns:
            pool.add(row)
        coverage_columns(oracle, pool, deadline)
        result = level_column_generation(
            constraints,
            oracle,
            pool,
            first_level_only=True,
            first_level_bound=relaxed.levels[0].value,
            deadline=deadline,
            progress=progress,
        )
    except OutOfTime:
        return timed_out(instance, grouping, pool, relaxed, deadline, "maximin")
    lottery = Lottery(instance, grouping, result.compositions, result.weights, "maximin", parameters=parameters)
    level = result.levels[0]
    gap = max(0.0, min(level.bound, relaxed.levels[0].value) - lottery.min_probability)
    notes = () if result.complete else ("time limit reached before the minimum was proven optimal",)
    certificate = Certificate("column generation", result.levels, gap, result.complete, notes)
    return with_certificate(lottery, certificate, deadline)
