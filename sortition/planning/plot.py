"""The plan as a figure: feasibility (with its interval and the target) and the LEXIMIN minimum probability
against the number of invitations.

matplotlib is optional (extra ``report``) and imported on first use. Each figure is private (a
``Figure`` on its own Agg canvas, no pyplot), so no global figure state is touched and threads or notebooks
never share a figure.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from sortition.errors import ProblemCollector
from sortition.i18n.catalogue import format_int, format_percent, translate
from sortition.planning.results import Plan
from sortition.protocol.files import atomic_write_bytes

PathLike = str | os.PathLike[str]
PLOT_FORMATS = ("png", "pdf", "svg")


def plot_problems(path: PathLike, *, overwrite: bool = False) -> ProblemCollector:
    """What would stop :func:`plot_plan` from writing ``path``; checked before a long simulation."""
    problems = ProblemCollector()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        problems.add("plan-plot-format", file=str(path), value=suffix or "-", known=", ".join(PLOT_FORMATS))
    if Path(path).exists() and not overwrite:
        problems.add("plan-plot-exists", file=str(path))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        problems.add("plan-plot-needs-matplotlib")
    return problems


def plot_plan(result: Plan, path: PathLike, *, lang: str = "en", overwrite: bool = False) -> Path:
    """Feasibility probability (with its 95 % interval and the target) and mean LEXIMIN minimum
    probability against the number of invitations, labelled in ``lang``; written atomically.

    Draws on a private figure with its own Agg canvas (no pyplot), so no global figure state is touched.
    """
    plot_problems(path, overwrite=overwrite).raise_if_any()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    xs = [r.invitations for r in result.rows]
    figure = Figure(figsize=(7.5, 6.5), layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True)
    top.fill_between(
        xs,
        [r.interval[0] for r in result.rows],
        [r.interval[1] for r in result.rows],
        alpha=0.25,
        label=translate("plan.plot-interval", lang),
    )
    top.plot(xs, [r.feasibility for r in result.rows], marker="o", label=translate("plan.plot-feasibility", lang))
    top.axhline(
        result.target,
        linestyle="--",
        color="grey",
        label=translate("plan.plot-target", lang, target=format_percent(result.target, 0, lang)),
    )
    if result.recommended is not None:
        top.axvline(result.recommended, linestyle=":", color="green")
    top.set_ylim(-0.02, 1.02)
    top.set_ylabel(translate("plan.plot-feasibility", lang))
    top.legend(loc="lower right")
    fair = [(r.invitations, r.mean_min_probability, r.lowest_min_probability) for r in result.rows]
    fair = [f for f in fair if f[1] is not None]
    if fair:
        bottom.plot(
            [f[0] for f in fair],
            [f[1] for f in fair],
            marker="o",
            label=translate("plan.plot-min-probability", lang),
        )
        bottom.plot(
            [f[0] for f in fair],
            [f[2] for f in fair],
            linestyle="--",
            marker=".",
            label=translate("plan.plot-lowest", lang),
        )
    bottom.plot(
        xs,
        [min(1.0, result.k / r.mean_pool_size) if r.mean_pool_size > 0 else 1.0 for r in result.rows],
        color="grey",
        linestyle=":",
        label=translate("plan.plot-equal", lang),
    )
    bottom.set_ylim(bottom=0)
    bottom.set_ylabel(translate("plan.plot-min-probability", lang))
    bottom.set_xlabel(translate("plan.plot-x", lang))
    bottom.legend(loc="upper right")
    percent = FuncFormatter(lambda y, _: format_percent(y, 0 if y >= 0.1 or y == 0 else 1, lang))
    top.yaxis.set_major_formatter(percent)
    bottom.yaxis.set_major_formatter(percent)
    bottom.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_int(round(x), lang)))
    figure.suptitle(translate("plan.plot-title", lang, k=result.k, trials=format_int(result.trials, lang)))
    buffer = io.BytesIO()
    figure.savefig(buffer, format=Path(path).suffix.lower().lstrip("."), dpi=150, metadata=_plot_metadata(path))
    atomic_write_bytes(path, buffer.getvalue(), overwrite=overwrite)
    return Path(path)


def _plot_metadata(path: PathLike) -> dict[str, Any]:
    """No creation date or software version in the file: the same plan gives the same bytes."""
    suffix = Path(path).suffix.lower()
    if suffix == ".png":
        return {"Software": None}
    if suffix == ".pdf":
        return {"CreationDate": None, "Producer": None, "Creator": None}
    return {"Date": None, "Creator": None}
