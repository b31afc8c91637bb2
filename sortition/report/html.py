"""The report as one self-contained HTML page, rendered by the Jinja2 templates in ``templates/``.

The templates hold the markup and choose the sentences; every sentence comes from the message catalogue
through the ``t`` filter, numbers and dates through the ``integer``, ``decimal``, ``percent`` and ``date``
filters, all in the page's language. Autoescaping is on: data (ids, category values, seed texts) can never
become markup. Charts are embedded as PNG ``data:`` URIs and the stylesheet inline, so the page needs no
network and no other file, and prints on A4 with its own print stylesheet.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from sortition._version import __version__
from sortition.explain import describe
from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.report.data import FloatArray, LotteryFigures, ReportData
from sortition.report.plots import figure_png, lorenz_figure, probability_histogram, representation_figure
from sortition.report.words import display_date, phrase

# the files a reader can check a draw with, in the order they are published (each described in the catalogue)
PUBLISHED = (
    "commitment.json",
    "pool.csv",
    "quotas.csv",
    "lottery.json",
    "tickets.csv",
    "probabilities.csv",
    "panel.csv",
    "reserves.csv",
    "audit.json",
)


@pass_context
def _message(context: Context, key: str, /, **params: Any) -> str:
    return phrase(key, context["lang"], **params)


@pass_context
def _integer(context: Context, value: int) -> str:
    return format_int(int(value), context["lang"])


@pass_context
def _decimal(context: Context, value: float, digits: int = 2) -> str:
    return format_decimal(float(value), digits, context["lang"])


@pass_context
def _percent(context: Context, value: float, digits: int = 1) -> str:
    return format_percent(float(value), digits, context["lang"])


@pass_context
def _date(context: Context, text: str) -> str:
    return display_date(text, context["lang"])


def _below(values: FloatArray, threshold: float) -> int:
    """How many chances fall below ``threshold`` (with a tolerance for the rounding of exact fractions)."""
    return int(np.count_nonzero(values < threshold - 1e-12))


@functools.cache
def _environment() -> Environment:
    """Built on first use (not at import); strict, so a misspelt name in a template fails loudly."""
    environment = Environment(
        loader=PackageLoader("sortition.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        t=_message, integer=_integer, decimal=_decimal, percent=_percent, date=_date, below=_below
    )
    return environment


def _data_uri(fig: Any) -> str:
    return "data:image/png;base64," + base64.b64encode(figure_png(fig)).decode("ascii")


def _series(lottery: LotteryFigures, lang: str) -> list[tuple[str, FloatArray]]:
    """The chances charted: this draw's, and the legacy method's when its estimate has a least frequency."""
    series = [(phrase("report.method-draw", lang, algorithm=lottery.algorithm), lottery.probabilities)]
    if lottery.legacy is not None and lottery.legacy_least() is not None:
        series.append((phrase("report.method-legacy", lang), lottery.legacy.frequencies))
    return series


def _charts(data: ReportData, lang: str) -> dict[str, Any]:
    """The charts as data URIs: ``histogram`` and ``lorenz`` (None without a lottery), and ``categories``,
    one (category, URI) per category of the quotas."""
    charts: dict[str, Any] = {"histogram": None, "lorenz": None}
    lottery = data.lottery
    if lottery is not None:
        series = _series(lottery, lang)
        charts["histogram"] = _data_uri(probability_histogram(series, lottery.k / lottery.n, lang))
        charts["lorenz"] = _data_uri(lorenz_figure(series, lang))
    charts["categories"] = [
        (
            category,
            _data_uri(
                representation_figure([q for q in data.quotas if q.category == category], lang, data.labels.label)
            ),
        )
        for category in data.categories
    ]
    return charts


def _outcomes(data: ReportData, lang: str) -> dict[str, Any] | None:
    """Who was certain, or nearly, to be drawn, in words (None without a lottery): the ``headline``, the
    ``profiles`` as (sentence, [what forces them]) and the ``notes`` that follow."""
    if data.lottery is None or data.lottery.outcomes is None:
        return None
    lines = describe(
        data.lottery.outcomes,
        lambda key, **params: phrase(key, lang, **params),
        data.labels.label,
        number=lambda count: format_int(count, lang),
        categories=data.categories,
    )
    profiles: list[tuple[str, list[str]]] = []
    for level, text in lines[1:]:
        if level == 1:
            profiles.append((text, []))
        elif level == 2 and profiles:
            profiles[-1][1].append(text)
    notes = [text for level, text in lines[1:] if level == 0]
    return {"headline": lines[0][1], "profiles": profiles, "notes": notes}


def _optimal_differs(data: ReportData) -> bool:
    """Whether the least chance before rounding to tickets differs from the published one (to 2 decimals
    of a percentage, as shown)."""
    lottery = data.lottery
    if lottery is None or lottery.least_optimal is None:
        return False
    return round(100 * float(lottery.least), 2) != round(100 * lottery.least_optimal, 2)


def render_html(data: ReportData, lang: str = "en") -> str:
    """The report as one HTML page in ``lang`` ("en" or "fr"); figures embedded, no external resource."""
    template = _environment().get_template("report.html.j2")
    publish_files = [
        (name, "public.file-" + name.split(".")[0]) for name in PUBLISHED if (data.directory / name).is_file()
    ]
    return template.render(
        data=data,
        lang=lang,
        version=__version__,
        charts=_charts(data, lang),
        outcomes=_outcomes(data, lang),
        optimal_differs=_optimal_differs(data),
        publish_files=publish_files,
    )
