"""The report's charts: the chances under each method (histogram, Lorenz curves) and, per category, the
panel against the pool and the population target.

matplotlib is an optional extra, imported only when a chart is drawn. Each chart is a private
:class:`~matplotlib.figure.Figure` on an Agg canvas, never pyplot's global state, so building a report
leaves the caller's plotting session untouched; labels come from the message catalogue.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.model.lottery import gini
from sortition.report.data import FloatArray, QuotaRow
from sortition.report.words import phrase

# colours chosen to stay distinct in greyscale print and for the common colour-vision deficiencies
COLOUR_DRAW = "#1f5fa8"
COLOUR_LEGACY = "#d9822b"
COLOUR_POOL = "#9ec5e8"
COLOUR_TARGET = "#8c8c8c"
COLOUR_BAND = "#d7ecd3"
# Sized for a phone first: a chart WIDTH inches wide saved at DPI is shown at most at its natural width, and
# on a 390 px wide screen (358 px of page) its text, FONT points, still measures 11 px or more.
WIDTH = 4.8
DPI = 130
FONT = 11


def _label(text: str, width: int = 28) -> str:
    """A category value as a plot label: wrapped, and '$' escaped so matplotlib never reads it as maths."""
    return "\n".join(textwrap.wrap(text, width) or [""]).replace("$", r"\$")


def _figure(width: float, height: float, constrained: bool = True) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained" if constrained else None)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig: Any, dpi: int = DPI) -> bytes:
    """PNG bytes of a figure, without the software stamp so the same draw gives the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _percent_axis(axis: Any, lang: str, digits: int = 0) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _pos: format_percent(x, digits, lang)))


def probability_histogram(series: Sequence[tuple[str, FloatArray]], equal_share: float | None, lang: str = "en") -> Any:
    """One histogram of selection probabilities per method, stacked on the same axis, with the minimum of
    each and, dashed, the chance everyone would have without quotas (k / n)."""
    fig = _figure(WIDTH, 1.6 + 2.6 * len(series))
    axes = fig.subplots(len(series), 1, sharex=True, squeeze=False)[:, 0]
    top = max(float(values.max()) for _, values in series)
    bins = np.linspace(0.0, top * 1.04 if top > 0 else 1.0, 41)
    colours = [COLOUR_DRAW, COLOUR_LEGACY, COLOUR_TARGET]
    from matplotlib.lines import Line2D

    for i, (ax, (title, values)) in enumerate(zip(axes, series, strict=True)):
        colour = colours[i % len(colours)]
        ax.hist(values, bins=bins, color=colour, edgecolor="white", linewidth=0.5)
        least = float(values.min())
        ax.axvline(least, color="black", linewidth=1.5)
        handles = [
            Line2D(
                [],
                [],
                color="black",
                linewidth=1.5,
                label=phrase("report.plot-least", lang, value=format_percent(least, 1, lang)),
            )
        ]
        if equal_share is not None:
            ax.axvline(equal_share, color="black", linestyle="--", linewidth=1)
            handles.append(
                Line2D(
                    [],
                    [],
                    color="black",
                    linestyle="--",
                    linewidth=1,
                    label=phrase("report.plot-equal", lang, value=format_percent(equal_share, 1, lang)),
                )
            )
        ax.legend(handles=handles, loc="upper right", fontsize=FONT, frameon=True, framealpha=0.95)
        ax.set_title(_label(title, 40), loc="left", fontsize=FONT + 1)
        ax.set_ylabel(phrase("report.plot-volunteers", lang), fontsize=FONT)
        ax.tick_params(labelsize=FONT)
        ax.spines[["top", "right"]].set_visible(False)
    _percent_axis(axes[-1].xaxis, lang)
    axes[-1].set_xlabel(phrase("report.plot-probability", lang), fontsize=FONT)
    return fig


def lorenz_points(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Lorenz curve: share of volunteers (least likely first) against their share of the seats."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    total = float(x.sum())
    people = np.arange(x.size + 1, dtype=np.float64) / max(x.size, 1)
    seats = np.concatenate([[0.0], np.cumsum(x) / total]) if total > 0 else people
    return people, seats


def lorenz_figure(series: Sequence[tuple[str, FloatArray]], lang: str = "en") -> Any:
    """Lorenz curves of the selection probabilities, one per method, with the line of perfect equality."""
    fig = _figure(WIDTH, WIDTH + 0.4 + 0.3 * len(series))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="black", linestyle="--", linewidth=1, label=phrase("report.plot-equality", lang))
    colours = [COLOUR_DRAW, COLOUR_LEGACY, COLOUR_TARGET]
    for i, (title, values) in enumerate(series):
        people, seats = lorenz_points(values)
        label = phrase("report.plot-lorenz-label", lang, method=title, gini=format_decimal(gini(values), 3, lang))
        ax.plot(people, seats, color=colours[i % len(colours)], linewidth=2, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis, lang)
    _percent_axis(ax.yaxis, lang)
    ax.set_xlabel(_label(phrase("report.plot-lorenz-x", lang), 40), fontsize=FONT)
    ax.set_ylabel(_label(phrase("report.plot-lorenz-y", lang), 40), fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    fig.legend(loc="outside lower center", fontsize=FONT, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _raw(category: str, value: str | None) -> str:
    return category if value is None else value


def representation_figure(
    rows: Sequence[QuotaRow], lang: str = "en", label: Callable[[str, str | None], str] = _raw
) -> Any:
    """One category: for each value, horizontal bars for the population target (when given), the pool and
    the panel, over the quota band shaded in the panel's scale (min / k to max / k). ``label`` gives the
    display label of a value (of the category for None)."""
    has_target = any(r.share is not None for r in rows)
    has_panel = any(r.panel is not None for r in rows)
    bars = [("target", COLOUR_TARGET)] if has_target else []
    bars.append(("pool", COLOUR_POOL))
    if has_panel:
        bars.append(("panel", COLOUR_DRAW))
    height = 0.8 / len(bars)
    # fixed margins in inches, so that the axes of every category line up one under the other
    names = [_label(label(r.category, r.value), 18) for r in rows]
    lines = [name.count("\n") + 1 for name in names]
    title = _label(label(rows[0].category, None), 44)
    width, left, right, bottom = WIDTH, 1.75, 0.3, 0.5 + 0.25 * ((len(bars) + 2) // 2)
    top_margin = 0.3 + 0.22 * (title.count("\n") + 1)
    # every row as tall as the tallest label needs (rows are evenly spaced), at least the bars' height
    inner = len(rows) * max(0.2 + 0.22 * len(bars), 0.21 * max(lines) + 0.08)
    fig = _figure(width, inner + top_margin + bottom, constrained=False)
    total = inner + top_margin + bottom
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top_margin / total, bottom=bottom / total)
    ax = fig.add_subplot()
    top = 0.0
    for i, row in enumerate(rows):
        y = len(rows) - 1 - i  # first value on top
        ax.fill_betweenx([y - 0.45, y + 0.45], row.min / row.k, row.max / row.k, color=COLOUR_BAND, linewidth=0)
        top = max(top, row.max / row.k)
        for j, (kind, colour) in enumerate(bars):
            share = {
                "target": float(row.share) if row.share is not None else None,
                "pool": row.pool_share,
                "panel": row.panel_share,
            }[kind]
            if share is None:
                continue
            offset = 0.4 - height * (j + 0.5)
            ax.barh(y + offset, share, height=height * 0.9, color=colour)
            if kind == "panel" and row.panel is not None:
                ax.annotate(
                    format_int(row.panel, lang),
                    xy=(share, y + offset),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=FONT,
                    color=COLOUR_DRAW,
                )
            top = max(top, share)
    ax.set_yticks(range(len(rows)), list(reversed(names)), fontsize=FONT)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, min(1.0, top * 1.12) or 1.0)
    _percent_axis(ax.xaxis, lang)
    ax.tick_params(axis="x", labelsize=FONT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=phrase("report.plot-" + kind, lang)) for kind, colour in bars]
    handles.append(Patch(color=COLOUR_BAND, label=phrase("report.plot-band", lang)))
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        fontsize=FONT,
        frameon=False,
        ncols=2,
    )
    # the title starts at the figure's left edge, not the axes', so a long category name is never cut
    fig.text(0.02, 1 - 0.12 / total, title, ha="left", va="top", fontsize=FONT + 1, fontweight="bold")
    return fig
