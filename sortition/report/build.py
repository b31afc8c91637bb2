"""The report of a draw in one call: its figures gathered, then written as a page."""

from __future__ import annotations

import os

from sortition.progress import NO_PROGRESS, Progress
from sortition.report.data import DEFAULT_LEGACY_RUNS, collect
from sortition.report.html import render_html


def build_report(
    directory: str | os.PathLike[str],
    lang: str = "en",
    *,
    legacy_runs: int = DEFAULT_LEGACY_RUNS,
    legacy_seed: int = 0,
    progress: Progress = NO_PROGRESS,
) -> str:
    """The HTML report of the draw in ``directory`` (see :func:`collect` and :func:`render_html`)."""
    data = collect(directory, legacy_runs=legacy_runs, legacy_seed=legacy_seed, progress=progress)
    return render_html(data, lang)
