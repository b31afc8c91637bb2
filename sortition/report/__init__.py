"""The report of a draw: one self-contained HTML page for the public, in English or French.

It is built from the published files alone (the same ones an auditor verifies), so anyone can rebuild it:
the draw's identity and the result of every verification check, the quotas against the pool and the
panel, how equal the chances were (against the legacy greedy method on the same pool), how the panel
compares with the population and the pool, and the chain of earlier draws when the draw replaces one.

:func:`collect` gathers the figures (:mod:`.data`, no text), :func:`render_html` writes them in one language
(:mod:`.html` and its Jinja2 templates), with the charts of :mod:`.plots`; :func:`build_report` does both.
"""

from sortition.report.build import build_report
from sortition.report.data import (
    DEFAULT_LEGACY_RUNS,
    DrawLink,
    LotteryFigures,
    QuotaRow,
    Replacement,
    ReportData,
    collect,
    draw_chain,
    previous_entries,
)
from sortition.report.html import render_html
from sortition.report.plots import (
    figure_png,
    lorenz_figure,
    lorenz_points,
    probability_histogram,
    representation_figure,
)
from sortition.report.words import display_date

__all__ = [
    "DEFAULT_LEGACY_RUNS",
    "DrawLink",
    "LotteryFigures",
    "QuotaRow",
    "Replacement",
    "ReportData",
    "build_report",
    "collect",
    "display_date",
    "draw_chain",
    "figure_png",
    "lorenz_figure",
    "lorenz_points",
    "previous_entries",
    "probability_histogram",
    "render_html",
    "representation_figure",
]
