"""Fair selection algorithms; each returns a :class:`~sortition.model.lottery.Lottery`.

``solve(instance, "leximin")`` is the entry point; see each module for the method and its certificate.
"""

from __future__ import annotations

from typing import Any

from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
from sortition.progress import NO_PROGRESS, Progress
from sortition.solve.legacy import legacy
from sortition.solve.leximin import leximin
from sortition.solve.maximin import maximin
from sortition.solve.nash import nash

ALGORITHMS = ("leximin", "maximin", "nash", "legacy")


def solve(
    instance: Instance,
    algorithm: str = "leximin",
    *,
    time_limit: float | None = None,
    progress: Progress = NO_PROGRESS,
    **options: Any,
) -> Lottery:
    """The lottery of ``algorithm`` for ``instance``. ``time_limit`` (seconds) returns the best lottery
    found so far, with its certified gap, instead of running on. Options: ``merge`` (group
    interchangeable persons, default True) for the optimising algorithms; ``runs`` and ``seed`` for
    legacy."""
    if algorithm == "leximin":
        return leximin(instance, time_limit=time_limit, progress=progress, **options)
    if algorithm == "maximin":
        return maximin(instance, time_limit=time_limit, progress=progress, **options)
    if algorithm == "nash":
        return nash(instance, time_limit=time_limit, progress=progress, **options)
    if algorithm == "legacy":
        return legacy(instance, progress=progress, **options)
    raise ValueError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")


__all__ = ["ALGORITHMS", "legacy", "leximin", "maximin", "nash", "solve"]
