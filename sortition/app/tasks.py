"""The work a worker process does for a page: each task calls one library workflow and returns plain figures.

Tasks are module-level functions (a spawned worker imports them by name), take the project folder and the
choices as plain values, and return dictionaries of numbers and pseudonymous ids only: a task's result is
saved in ``project.json``, which is private to the organiser but is never where names or phones go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sortition import workflows
from sortition.app.project import Project
from sortition.progress import Progress
from sortition.report import collect

NEARLY_CERTAIN = 0.9  # a chance at least this high is shown as "certain or nearly"
LEGACY_RUNS = 300  # runs of the legacy method simulated for the contrast (seconds on a laptop)


def _certain(instance: Any, marginals: Any, quotas: Any) -> list[dict[str, Any]]:
    """The volunteers whose chance is at least NEARLY_CERTAIN, and the quota that makes it so: the value of
    theirs with the fewest volunteers per seat of its minimum."""
    pool = instance.pool
    out: list[dict[str, Any]] = []
    for i, pid in enumerate(pool.ids):
        chance = float(marginals[i])
        if chance < NEARLY_CERTAIN:
            continue
        best: tuple[float, str, str, int, int] | None = None
        for quota in quotas.entries:
            column = pool.columns.get(quota.category)
            if column is None or column[i] != quota.value or quota.min <= 0:
                continue
            count = sum(1 for v in column if v == quota.value)
            ratio = count / quota.min
            if best is None or ratio < best[0]:
                best = (ratio, quota.category, quota.value, count, quota.min)
        reason = (
            None
            if best is None
            else {"category": best[1], "value": best[2], "count": int(best[3]), "min": int(best[4])}
        )
        out.append({"id": pid, "chance": chance, "reason": reason})
    return out


def figures(directory: Path, progress: Progress) -> dict[str, Any]:
    """The fairness figures of a prepared directory, with the legacy method's contrast (from the report data)."""
    data = collect(directory, legacy_runs=LEGACY_RUNS, progress=progress)
    lottery = data.lottery
    if lottery is None:
        return {}
    legacy = lottery.legacy_least()
    return {
        "least": float(lottery.least),
        "gini": float(lottery.gini),
        "optimal": bool(lottery.optimal),
        "algorithm": str(lottery.algorithm),
        "tickets": int(lottery.tickets),
        "panels": int(lottery.panels_with_tickets),
        "n": int(lottery.n),
        "k": int(lottery.k),
        "cannot_fit": int(lottery.cannot_fit),
        "legacy_least": None if legacy is None else float(legacy[0]),
        "legacy_upper": None if legacy is None else float(legacy[1]),
        "legacy_gini": None if lottery.legacy_gini is None else float(lottery.legacy_gini),
    }


def prepare_task(
    folder: str, algorithm: str, seed_source: str, pseudonymise: bool, progress: Progress
) -> dict[str, Any]:
    """Step 3: solve the lottery and commit it in the project's draw directory (``tirage.private`` holds the
    pseudonym map when the organiser's ids are not published)."""
    project = Project(folder)
    instance = project.instance()
    prepared = workflows.prepare(
        instance,
        project.draw_directory(),
        algorithm=algorithm,
        seed_source=seed_source,
        pseudonymise=pseudonymise,
        overwrite=True,
        progress=progress,
    )
    result = figures(prepared.directory, progress)
    result.update(
        hash=prepared.commitment_hash,
        seed_source=seed_source,
        seconds=float(prepared.lottery.seconds),
        certain=_certain(instance, prepared.lottery.marginals, instance.quotas),
        pseudonymise=pseudonymise,
    )
    return result


def replace_task(
    folder: str,
    source: str,
    dropouts: list[str],
    number: int,
    mode: str,
    seed_source: str,
    progress: Progress,
    lang: str = "fr",
    published: list[str] | None = None,
) -> dict[str, Any]:
    """Step 6: a replacement round of the declined persons (the organiser's own ids or published ids), fair
    or from the reserve list; in reserve mode the contact lists (headers in ``lang``) go to its private side.
    ``published`` are the same persons' published ids, recorded in the result (the project file keeps no other)."""
    project = Project(folder)
    out = project.replacement_directory(number)
    done = workflows.replace(
        project.directory(source),
        dropouts,
        out,
        mode=mode,
        seed_source=seed_source if mode == "fair" else None,
        overwrite=True,
        progress=progress,
        lang=lang,
    )
    hash_ = done.preparation.commitment_hash if done.preparation is not None else None
    return {
        "directory": out.name,
        "mode": mode,
        "taken": list(done.taken),
        "hash": hash_,
        "declined": published if published is not None else dropouts,
    }


def report_task(folder: str, name: str, progress: Progress) -> dict[str, Any]:
    """Step 6: the French report for the public, written inside the draw directory."""
    project = Project(folder)
    written = workflows.report(project.directory(name), lang="fr", overwrite=True, progress=progress)
    return {"file": written.path.name, "directory": name}
