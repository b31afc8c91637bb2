"""LEXIMIN: maximise the least selection probability, then the next least, and so on.

Fast path (see ../DESIGN.md section 4): the leximin vector of the LP relaxation over group counts is
computed exactly by a short sequence of small LPs (:mod:`.relaxation`); if column generation then writes
it as a lottery of valid panels (:mod:`.decompose`), that lottery is the LEXIMIN, certified by the
relaxation's bounds. Otherwise (a certified integrality gap) the classic level-by-level column generation
(:mod:`.levels`) takes over from the panels already found.
"""

from __future__ import annotations

from sortition.model.instance import Instance
from sortition.model.lottery import Certificate, Level, Lottery
from sortition.progress import NO_PROGRESS, Progress
from sortition.solve.common import start, timed_out, with_certificate
from sortition.solve.decompose import decompose
from sortition.solve.levels import level_column_generation
from sortition.solve.oracle import OutOfTime
from sortition.solve.relaxation import leximin_relaxation


def leximin(
    instance: Instance,
    *,
    merge: bool = True,
    time_limit: float | None = None,
    progress: Progress = NO_PROGRESS,
) -> Lottery:
    deadline, grouping, constraints, oracle, pool = start(instance, merge, time_limit)
    sizes = constraints.sizes
    relaxed = None
    try:
        relaxed = leximin_relaxation(constraints, deadline, progress)
        first_bound = relaxed.levels[0].value
        found = decompose(constraints, relaxed.target, oracle, deadline, progress)
    except OutOfTime:
        return timed_out(instance, grouping, pool, relaxed, deadline, "leximin")
    parameters = {"merge": merge, "time_limit": time_limit}
    if found.exact:
        lottery = Lottery(instance, grouping, found.compositions, found.weights, "leximin", parameters=parameters)
        achieved = lottery.group_probabilities
        levels = tuple(
            Level(
                float(achieved[list(level.groups)].min()),
                level.value,
                len(level.groups),
                int(sizes[list(level.groups)].sum()),
            )
            for level in relaxed.levels
        )
        gap = max(lv.gap for lv in levels)
        certificate = Certificate("lp-relaxation+decomposition", levels, gap, optimal=True)
        return with_certificate(lottery, certificate, deadline)
    for row in found.columns:
        pool.add(row)
    if found.timed_out:
        lottery = Lottery(instance, grouping, found.compositions, found.weights, "leximin", parameters=parameters)
        gap = max(0.0, first_bound - lottery.min_probability)
        note = f"time limit reached during decomposition (shortfall {found.shortfall:.3g})"
        return with_certificate(lottery, Certificate("lp-relaxation bound", (), gap, False, (note,)), deadline)
    note = (
        "the LP relaxation's leximin is not a lottery of valid panels "
        f"(certified shortfall >= {found.lower_bound:.3g}); level-by-level column generation used"
    )
    try:
        result = level_column_generation(constraints, oracle, pool, deadline=deadline, progress=progress)
    except OutOfTime:
        return timed_out(instance, grouping, pool, relaxed, deadline, "leximin")
    lottery = Lottery(instance, grouping, result.compositions, result.weights, "leximin", parameters=parameters)
    gap = max([lv.gap for lv in result.levels] + [result.open_gap, 0.0])
    notes = (note,) if result.complete else (note, "time limit reached: later levels not optimised")
    certificate = Certificate("column generation", result.levels, gap, result.complete, notes)
    return with_certificate(lottery, certificate, deadline)
