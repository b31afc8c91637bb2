"""The report of a draw: one self-contained HTML page for the public, in English or French.

It is built from the published files alone (the same ones an auditor verifies), so anyone can rebuild it:
the draw's identity and the result of every verification check, the quotas against the pool and the
panel, how equal the chances were (against the legacy greedy method on the same pool, estimated by a
seeded simulation), how the panel compares with the population and the pool, and the chain of earlier
draws when the draw replaces one.

:func:`collect` gathers the figures (no text), :func:`render_html` writes them in one language. Plots use
matplotlib's Agg canvas on private :class:`~matplotlib.figure.Figure` objects (never pyplot's global
state) and are embedded as PNG ``data:`` URIs: the page needs no network and no other file, and prints
on A4 with its own print stylesheet. Every sentence comes from the message catalogue.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sortition._version import __version__
from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.i18n.catalogue import CATALOGUE, format_decimal, format_int, format_percent
from sortition.model.lottery import gini
from sortition.progress import NO_PROGRESS, Progress
from sortition.protocol.canonical import sha256_hex
from sortition.protocol.commit import optimal_probabilities, ticket_probabilities
from sortition.protocol.published import Published, pool_values, published_instance, read_published
from sortition.protocol.verify import Check, verify
from sortition.solve.legacy import LegacyEstimate, legacy_estimate

FloatArray = npt.NDArray[np.float64]

DEFAULT_LEGACY_RUNS = 500
UNREACHABLE = 1e-9  # a proven LEXIMIN probability at most this is 0: no valid panel holds the person
MAX_CHAIN = 100  # earlier draws followed at most (a guard against cycles in hand-edited records)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

# colours chosen to stay distinct in greyscale print and for the common colour-vision deficiencies
COLOUR_DRAW = "#1f5fa8"
COLOUR_LEGACY = "#d9822b"
COLOUR_POOL = "#9ec5e8"
COLOUR_TARGET = "#8c8c8c"
COLOUR_BAND = "#d7ecd3"


# --- the figures of a draw ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaRow:
    """One quota with what the pool offered and what the panel got (``panel`` is None before the draw)."""

    category: str
    value: str
    min: int
    max: int
    share: Fraction | None
    pool: int
    pool_share: float
    panel: int | None
    k: int

    @property
    def status(self) -> str:
        """ "violated", "at-min", "at-max" (binding: the panel sits on the limit), "inside" or "not-drawn"."""
        if self.panel is None:
            return "not-drawn"
        if not self.min <= self.panel <= self.max:
            return "violated"
        if self.panel == self.min:
            return "at-min"
        if self.panel == self.max:
            return "at-max"
        return "inside"

    @property
    def panel_share(self) -> float | None:
        return None if self.panel is None else self.panel / self.k


@dataclass(frozen=True)
class DrawLink:
    """One draw of a replacement chain. ``found``: its directory could be read here (``location``);
    ``matches``: the hashes recorded for it equal those of its files (None when nothing to compare)."""

    directory: str
    commitment: str
    date: str
    found: bool
    matches: bool | None
    current: bool = False
    location: Path | None = None


@dataclass(frozen=True)
class LotteryFigures:
    """The lottery a draw used: each person's chance under the tickets, and how it was obtained; with the
    legacy method's estimated chances on the same pool for contrast (None when skipped or failed)."""

    k: int
    ids: tuple[str, ...]
    probabilities: FloatArray  # per person, in ``ids`` order
    minimum: Fraction
    gini: float
    algorithm: str
    tickets: int
    panels_with_tickets: int
    rounding_deviation: float
    optimal: bool
    gap: float
    legacy: LegacyEstimate | None
    legacy_failed: bool
    # False for persons no panel meeting the quotas can hold (known when a proven LEXIMIN gives them 0; in
    # a replacement often most of the pool): their 0 says nothing about fairness, so the least chances
    # quoted are over the others
    reachable: npt.NDArray[np.bool_]
    least: Fraction  # the least chance among the reachable persons (``minimum`` when everyone is)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def cannot_fit(self) -> int:
        return int((~self.reachable).sum())

    def legacy_least(self) -> tuple[float, float] | None:
        """The legacy method's least frequency among the reachable persons, and its upper bound."""
        if self.legacy is None or not self.reachable.any():
            return None
        frequencies = np.where(self.reachable, self.legacy.frequencies, np.inf)
        i = int(np.argmin(frequencies))
        return float(self.legacy.frequencies[i]), float(self.legacy.upper[i])

    @property
    def legacy_gini(self) -> float | None:
        return None if self.legacy is None else gini(self.legacy.frequencies)


@dataclass(frozen=True)
class Replacement:
    """What a replacement changed: its round and mode ("fair": a new lottery; "reserves": the reserve list
    walked), who left, who declined, how many stayed, and any quota relaxation the organiser accepted."""

    round: int
    mode: str
    dropouts: tuple[str, ...]
    declined: tuple[str, ...]
    kept: int
    relaxation: tuple[tuple[str, str, str, int, int], ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed from the published files; rendering adds only words.

    ``k``, ``n`` and ``quotas`` describe the whole panel against the original pool and quotas, also for a
    replacement (whose own files hold only the residual problem); ``lottery`` is this draw's lottery (the
    residual one for a replacement, None for a walk down the reserve list)."""

    directory: Path
    commitment: Mapping[str, Any]
    commitment_hash: str
    audit: Mapping[str, Any] | None
    k: int
    n: int
    households: int | None
    quotas: tuple[QuotaRow, ...]
    checks: tuple[Check, ...]
    chain: tuple[DrawLink, ...]
    lottery: LotteryFigures | None
    replacement: Replacement | None = None
    residual_scope: bool = False  # a replacement whose first draw was not found: quotas are the residual ones

    @property
    def drawn(self) -> bool:
        return self.audit is not None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.category for q in self.quotas))

    @property
    def date(self) -> str:
        audit_date = str(self.audit.get("date", "")) if self.audit else ""
        return audit_date or str(self.commitment.get("date", ""))

    @property
    def failed(self) -> int:
        return sum(1 for c in self.checks if c.status == "fail")

    @property
    def manual(self) -> int:
        return sum(1 for c in self.checks if c.status == "manual")


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent (not drawn yet) or unreadable: verification reports which
    return data if isinstance(data, dict) else None


def _read_audit(root: Path) -> dict[str, Any] | None:
    return _read_json(root / "audit.json")


def _quota_rows(
    published: Published,
    panel: Sequence[str] | None,
    relaxation: Sequence[tuple[str, str, str, int, int]] = (),
) -> tuple[QuotaRow, ...]:
    """Quota rows of ``published`` (pool counts from its pool) with the counts of ``panel``; ``relaxation``
    loosens bands as a replacement's organiser accepted (the bands the whole panel is checked against)."""
    values = pool_values(published)
    n = len(values)
    k = int(published.lottery["k"]) if published.lottery else 0
    pool_counts: dict[tuple[str, str], int] = {}
    for person in values.values():
        for category, value in person.items():
            pool_counts[(category, value)] = pool_counts.get((category, value), 0) + 1
    panel_counts: dict[tuple[str, str], int] = {}
    for pid in panel or ():
        for category, value in values.get(pid, {}).items():
            panel_counts[(category, value)] = panel_counts.get((category, value), 0) + 1
    loosened = {(c, v, side): new - old for c, v, side, old, new in relaxation}
    rows = []
    for category, value, low, high, share in published.quotas:
        count = pool_counts.get((category, value), 0)
        rows.append(
            QuotaRow(
                category,
                value,
                low + loosened.get((category, value, "min"), 0),
                high + loosened.get((category, value, "max"), 0),
                Fraction(share) if share else None,
                count,
                count / n if n else 0.0,
                None if panel is None else panel_counts.get((category, value), 0),
                k,
            )
        )
    return tuple(rows)


def _lottery_figures(published: Published, legacy_runs: int, legacy_seed: int, progress: Progress) -> LotteryFigures:
    instance = published_instance(published)
    lottery = published.lottery
    exact = ticket_probabilities(lottery)
    ids = instance.pool.ids
    probabilities = np.array([float(exact[pid]) for pid in ids], dtype=np.float64)
    certificate = lottery.get("certificate", {})
    optimal = bool(certificate.get("optimal", False))
    reachable = np.ones(len(ids), dtype=bool)
    if optimal and lottery.get("algorithm") == "leximin":
        before_rounding = optimal_probabilities(lottery)
        reachable = np.array([before_rounding[pid] > UNREACHABLE for pid in ids], dtype=bool)
    least = min((exact[pid] for pid, ok in zip(ids, reachable, strict=True) if ok), default=Fraction(0))
    legacy: LegacyEstimate | None = None
    legacy_failed = False
    if legacy_runs > 0:
        try:
            legacy = legacy_estimate(instance, runs=legacy_runs, seed=legacy_seed, progress=progress)
        except InfeasibleError:
            legacy_failed = True
    return LotteryFigures(
        k=instance.k,
        ids=ids,
        probabilities=probabilities,
        minimum=min(exact.values()),
        gini=gini(probabilities),
        algorithm=str(lottery.get("algorithm", "")),
        tickets=int(lottery["tickets"]),
        panels_with_tickets=sum(1 for p in lottery["panels"] if int(p["tickets"]) > 0),
        rounding_deviation=float(lottery.get("rounding", {}).get("max_deviation", "0")),
        optimal=optimal,
        gap=float(certificate.get("gap", "0")),
        legacy=legacy,
        legacy_failed=legacy_failed,
        reachable=reachable,
        least=least,
    )


def _replacement(commitment: Mapping[str, Any]) -> Replacement | None:
    data = commitment.get("replacement")
    if not isinstance(data, dict):
        return None
    return Replacement(
        round=int(data.get("round", 1)),
        mode=str(data.get("mode", "fair")),
        dropouts=tuple(str(p) for p in data.get("dropouts", [])),
        declined=tuple(str(p) for p in data.get("declined", [])),
        kept=len(data.get("kept", [])),
        relaxation=tuple((str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in data.get("relaxation", [])),
    )


def _households(published: Published) -> int | None:
    instance = published_instance(published)
    return len(set(instance.households)) if instance.households is not None else None


def collect(
    directory: str | os.PathLike[str],
    *,
    legacy_runs: int = DEFAULT_LEGACY_RUNS,
    legacy_seed: int = 0,
    progress: Progress = NO_PROGRESS,
) -> ReportData:
    """The figures of the draw in ``directory``. Raises InputError or DrawError when the prepared files are
    missing or unreadable; anything else wrong with the draw shows up as a failed verification check.
    ``legacy_runs`` = 0 skips the legacy comparison.

    A replacement is reported as a whole: its panel (members kept plus persons drawn) against the quotas
    and pool of the first draw of its chain, and its own lottery (or reserve-list walk) for the chances."""
    root = Path(directory)
    commitment = _read_json(root / "commitment.json")
    replacement = _replacement(commitment or {})
    reserve_list = replacement is not None and replacement.mode == "reserves"
    published = None if reserve_list else read_published(root)
    if published is not None:
        commitment = published.commitment
    if commitment is None:  # a reserve-list record without a readable commitment
        read_published(root)  # raises, naming the missing or unreadable files
        raise AssertionError("unreachable")
    audit = _read_audit(root)
    chain = draw_chain(root, commitment, audit)
    lottery = None if published is None else _lottery_figures(published, legacy_runs, legacy_seed, progress)
    panel = None
    if audit is not None:
        panel = [str(pid) for pid in audit.get("full_panel", audit.get("panel", []))]
    original = published
    residual_scope = False
    if replacement is not None:
        first = chain[0] if chain else None
        try:
            original = read_published(first.location) if first is not None and first.location else None
        except (InputError, DrawError):
            original = None
        if original is None:
            original, residual_scope = published, True
            panel = [str(pid) for pid in audit.get("panel", [])] if audit is not None else None
    relaxation = replacement.relaxation if replacement is not None and not residual_scope else ()
    quotas = _quota_rows(original, panel, relaxation) if original is not None else ()
    progress.phase("verify")
    checks = tuple(verify(root))
    return ReportData(
        directory=root,
        commitment=commitment,
        commitment_hash=sha256_hex((root / "commitment.json").read_bytes()),
        audit=audit,
        k=int(original.lottery["k"]) if original is not None else len(panel or ()),
        n=len(original.pool_rows) if original is not None else 0,
        households=_households(original) if original is not None else None,
        quotas=quotas,
        checks=checks,
        chain=chain,
        lottery=lottery,
        replacement=replacement,
        residual_scope=residual_scope,
    )


# --- the chain of draws (replacements) -----------------------------------------------------------------


def previous_entries(value: Any) -> list[dict[str, str]]:
    """The earlier draws a ``previous`` field names, whatever its form: empty, one reference (a directory
    or a 64-hex commitment hash), one object (path or directory, commitment_sha256, audit_sha256, date) or
    a list of them."""
    if not value:
        return []
    if isinstance(value, list):
        return [entry for item in value for entry in previous_entries(item)]
    if isinstance(value, str):
        text = value.strip()
        return [{"commitment": text} if _HEX64.match(text) else {"directory": text}]
    if isinstance(value, dict):
        entry = {
            "directory": str(value.get("directory") or value.get("path") or ""),
            "commitment": str(value.get("commitment_sha256") or value.get("commitment") or ""),
            "date": str(value.get("date") or ""),
        }
        if value.get("audit_sha256"):
            entry["audit"] = str(value["audit_sha256"])
        return [entry]
    return [{"directory": str(value)}]


def _previous_of(commitment: Mapping[str, Any], audit: Mapping[str, Any] | None) -> Any:
    """The committed reference first (it was published before the seed), the audit record's otherwise."""
    return commitment.get("previous") or (audit or {}).get("previous")


def _locate(base: Path, name: str) -> Path | None:
    """A referenced draw directory: relative to the draw naming it (as ``sortition replace`` writes it),
    else to that draw's parent."""
    if not name:
        return None
    candidate = Path(name)
    options = [candidate] if candidate.is_absolute() else [base / candidate, base.parent / candidate]
    return next((p for p in options if (p / "commitment.json").is_file()), None)


def _link(entry: Mapping[str, str], location: Path) -> tuple[DrawLink, dict[str, Any], dict[str, Any] | None]:
    data = (location / "commitment.json").read_bytes()
    actual = sha256_hex(data)
    recorded = entry.get("commitment", "").lower()
    matches: bool | None = (recorded == actual) if recorded else None
    if entry.get("audit"):
        audit_path = location / "audit.json"
        audit_ok = audit_path.is_file() and sha256_hex(audit_path.read_bytes()) == entry["audit"].lower()
        matches = audit_ok and matches is not False
    try:
        earlier = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        earlier = {}
    earlier = earlier if isinstance(earlier, dict) else {}
    earlier_audit = _read_audit(location)
    date = entry.get("date") or str((earlier_audit or {}).get("date") or earlier.get("date") or "")
    link = DrawLink(entry.get("directory", ""), recorded or actual, date, True, matches, location=location)
    return link, earlier, earlier_audit


def draw_chain(root: Path, commitment: Mapping[str, Any], audit: Mapping[str, Any] | None) -> tuple[DrawLink, ...]:
    """Earlier draws, oldest first, then this one; empty when the draw replaces nothing. Each reference is
    followed back as far as the directories can be found here."""
    links: list[DrawLink] = []
    seen = {sha256_hex((root / "commitment.json").read_bytes())}
    pending = previous_entries(_previous_of(commitment, audit))
    base = root
    while pending and len(links) < MAX_CHAIN:
        entry = pending.pop(0)
        location = _locate(base, entry.get("directory", ""))
        if location is None:
            links.append(
                DrawLink(
                    entry.get("directory", ""), entry.get("commitment", "").lower(), entry.get("date", ""), False, None
                )
            )
            continue
        link, earlier, earlier_audit = _link(entry, location)
        if sha256_hex((location / "commitment.json").read_bytes()) in seen:
            break  # a loop in hand-edited records
        seen.add(sha256_hex((location / "commitment.json").read_bytes()))
        links.append(link)
        pending = previous_entries(_previous_of(earlier, earlier_audit)) + pending
        base = location
    if not links:
        return ()
    links.reverse()
    date = str((audit or {}).get("date") or commitment.get("date") or "")
    current = sha256_hex((root / "commitment.json").read_bytes())
    links.append(DrawLink(root.name, current, date, True, None, current=True, location=root))
    return tuple(links)


# --- words ------------------------------------------------------------------------------------------------


def _typography(text: str, lang: str) -> str:
    """French typography: no-break space before ':' and inside guillemets, narrow one before ; ! ? and %,
    curly apostrophes. Applied to templates only, never to data (ids, seeds, category values)."""
    if lang != "fr":
        return text
    text = text.replace("'", "\u2019")
    text = re.sub(r" :", "\u00a0:", text)
    text = re.sub(r" ([;!?%])", "\u202f\\1", text)
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def _t(key: str, lang: str, /, **params: Any) -> str:
    """A catalogue message as plain text (plot labels), with the language's typography."""
    template = CATALOGUE.get(lang, CATALOGUE["en"])[key]
    return _typography(template, lang).format(**params)


def _h(key: str, lang: str, /, **params: Any) -> str:
    """A catalogue message as HTML: the template's typography fixed, every parameter escaped (parameters
    already marked as HTML with :class:`_Markup` are kept)."""
    template = CATALOGUE.get(lang, CATALOGUE["en"])[key]
    safe = {name: value if isinstance(value, _Markup) else html.escape(str(value)) for name, value in params.items()}
    return html.escape(_typography(template, lang), quote=False).format(**safe)


class _Markup(str):
    """A string already in HTML."""


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def display_date(text: str, lang: str) -> str:
    """'2026-03-14' -> '14 March 2026' / '14 mars 2026'; any other text (a free date) is kept as written."""
    match = _ISO_DATE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return text
    months = CATALOGUE.get(lang, CATALOGUE["en"])["report.months"].split(",")
    return f"{int(match.group(3))} {months[int(match.group(2)) - 1]} {match.group(1)}"


def _e(text: object) -> str:
    return html.escape(str(text))


def _pct(value: float, lang: str, digits: int = 1) -> str:
    return format_percent(value, digits, lang)


def _label(text: str, width: int = 28) -> str:
    """A category value as a plot label: wrapped, and '$' escaped so matplotlib never reads it as maths."""
    return "\n".join(textwrap.wrap(text, width) or [""]).replace("$", r"\$")


# --- plots ------------------------------------------------------------------------------------------------


def _figure(width: float, height: float, constrained: bool = True) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained" if constrained else None)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig: Any, dpi: int = 130) -> bytes:
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
    fig = _figure(8.0, 1.2 + 2.2 * len(series))
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
                label=_t("report.plot-least", lang, value=format_percent(least, 1, lang)),
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
                    label=_t("report.plot-equal", lang, value=format_percent(equal_share, 1, lang)),
                )
            )
        ax.legend(handles=handles, loc="upper right", fontsize=9, frameon=True, framealpha=0.95)
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(_t("report.plot-volunteers", lang), fontsize=9)
        ax.tick_params(labelsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    _percent_axis(axes[-1].xaxis, lang)
    axes[-1].set_xlabel(_t("report.plot-probability", lang), fontsize=10)
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
    fig = _figure(5.6, 5.6)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="black", linestyle="--", linewidth=1, label=_t("report.plot-equality", lang))
    colours = [COLOUR_DRAW, COLOUR_LEGACY, COLOUR_TARGET]
    for i, (title, values) in enumerate(series):
        people, seats = lorenz_points(values)
        label = _t("report.plot-lorenz-label", lang, method=title, gini=format_decimal(gini(values), 3, lang))
        ax.plot(people, seats, color=colours[i % len(colours)], linewidth=2, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis, lang)
    _percent_axis(ax.yaxis, lang)
    ax.set_xlabel(_t("report.plot-lorenz-x", lang), fontsize=10)
    ax.set_ylabel(_t("report.plot-lorenz-y", lang), fontsize=10)
    ax.tick_params(labelsize=9)
    fig.legend(loc="outside lower center", fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def representation_figure(rows: Sequence[QuotaRow], lang: str = "en") -> Any:
    """One category: for each value, horizontal bars for the population target (when given), the pool and
    the panel, over the quota band shaded in the panel's scale (min / k to max / k)."""
    has_target = any(r.share is not None for r in rows)
    has_panel = any(r.panel is not None for r in rows)
    bars = [("target", COLOUR_TARGET)] if has_target else []
    bars.append(("pool", COLOUR_POOL))
    if has_panel:
        bars.append(("panel", COLOUR_DRAW))
    height = 0.8 / len(bars)
    # fixed margins in inches, so that the axes of every category line up one under the other
    width, left, right, top_margin, bottom = 8.0, 2.45, 0.35, 0.4, 0.75
    inner = len(rows) * (0.18 + 0.2 * len(bars))
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
                    fontsize=8,
                    color=COLOUR_DRAW,
                )
            top = max(top, share)
    ax.set_yticks(range(len(rows)), [_label(r.value) for r in reversed(rows)], fontsize=9)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, min(1.0, top * 1.12) or 1.0)
    _percent_axis(ax.xaxis, lang)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=_t("report.plot-" + kind, lang)) for kind, colour in bars]
    handles.append(Patch(color=COLOUR_BAND, label=_t("report.plot-band", lang)))
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5 + (left - right) / width / 2, 0.0),
        fontsize=8.5,
        frameon=False,
        ncols=len(handles),
    )
    ax.set_title(_label(rows[0].category, 60), loc="left", fontsize=11, fontweight="bold")
    return fig


# --- HTML -------------------------------------------------------------------------------------------------

_STYLE = """
:root { --ink: #1d1d1f; --muted: #5b5b66; --rule: #d6d6dc; --ok: #1e7b34; --fail: #b3261e; --manual: #8a5a00;
  --bind: #fff4d6; --violated: #fde2df; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 66rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 2.6rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
p { margin: .5rem 0; }
.lead { font-size: 1.1rem; color: var(--muted); }
.banner { padding: .8rem 1rem; border-radius: .4rem; margin: 1rem 0; font-weight: 600; }
.banner.ok { background: #e5f4e8; color: var(--ok); }
.banner.fail { background: var(--violated); color: var(--fail); }
.banner.manual, .banner.warn { background: #fff1d0; color: var(--manual); }
.keyfigures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .8rem;
  margin: 1.2rem 0; }
.keyfigures div { border: 1px solid var(--rule); border-radius: .4rem; padding: .6rem .8rem; }
.keyfigures strong { display: block; font-size: 1.5rem; }
.keyfigures span { color: var(--muted); font-size: .9rem; }
dl.identity { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: .35rem 1rem; margin: 0; }
dl.identity dt { color: var(--muted); }
dl.identity dd { margin: 0; overflow-wrap: anywhere; }
code, pre, .hash { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f4f4f6; padding: .7rem 1rem; border-radius: .4rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .93rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.first-of-category td { border-top: 2px solid #b9b9c2; }
.scroll { overflow-x: auto; }
table.quotas { font-size: .88rem; }
table.quotas th.num { white-space: normal; }
table.quotas td:nth-child(2) { min-width: 10rem; }
table.quotas td:last-child { white-space: nowrap; }
tr.binding td { background: var(--bind); }
tr.violated td { background: var(--violated); font-weight: 600; }
.status { font-weight: 700; white-space: nowrap; }
.status.pass { color: var(--ok); } .status.fail { color: var(--fail); } .status.manual { color: var(--manual); }
figure { margin: 1rem 0 1.6rem; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
.note { color: var(--muted); font-size: .92rem; }
.contrast { font-size: 1.1rem; border-left: 4px solid var(--accent); padding: .3rem 0 .3rem 1rem; margin: 1rem 0; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: .85rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table.checks tr, .keyfigures, .contrast, dl.identity { break-inside: avoid; page-break-inside: avoid; }
  figure img { max-height: 24cm; width: auto; }
  .banner, tr.binding td, tr.violated td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _img(fig: Any, alt: str) -> str:
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}">'


def _status_banner(data: ReportData, lang: str) -> str:
    count = len(data.checks)
    if data.failed:
        return f'<p class="banner fail">{_h("verify.summary-fail", lang, failed=data.failed, count=count)}</p>'
    if data.manual:
        return f'<p class="banner manual">{_h("verify.summary-manual", lang, manual=data.manual)}</p>'
    return f'<p class="banner ok">{_h("verify.summary-ok", lang, count=count)}</p>'


def _seed_source(commitment: Mapping[str, Any], lang: str) -> str:
    source = commitment.get("seed_source", {}) or {}
    kind = source.get("kind", "unannounced")
    if kind == "unannounced":
        return _h("report.source-unannounced", lang)
    if kind == "rehearsal":
        return _h("report.source-rehearsal", lang, description=source.get("description", ""))
    return _e(source.get("description", ""))


def _identity(data: ReportData, lang: str) -> str:
    c = data.commitment
    audit = data.audit or {}
    seed = audit.get("seed", {}) or {}
    parameters = c.get("parameters", {}) or {}
    lottery = data.lottery
    date = _e(display_date(data.date, lang)) if data.date else _h("report.id-no-date", lang)
    rows: list[tuple[str, str]] = [
        (_h("report.id-date", lang), date),
        (_h("report.id-commitment", lang), f'<span class="hash">{_e(data.commitment_hash)}</span>'),
    ]
    if lottery is not None:
        rows.append((_h("report.id-source", lang), _seed_source(c, lang)))
        if data.drawn:
            rows.append((_h("report.id-seed", lang), f"<code>{_e(seed.get('text', ''))}</code>"))
            beacon = seed.get("beacon")
            if beacon:
                rows.append(
                    (
                        _h("report.id-beacon", lang),
                        _h(
                            "report.id-beacon-value",
                            lang,
                            round=beacon.get("round", ""),
                            randomness=beacon.get("randomness", ""),
                        ),
                    )
                )
            rows.append(
                (
                    _h("report.id-ticket", lang),
                    _h(
                        "report.id-ticket-value",
                        lang,
                        ticket=format_int(int(audit.get("ticket", 0)), lang),
                        last=format_int(lottery.tickets - 1, lang),
                        panel=audit.get("panel_index", ""),
                    ),
                )
            )
        else:
            rows.append((_h("report.id-seed", lang), _h("report.id-not-drawn", lang)))
    if data.replacement is not None:
        rows += _replacement_rows(data.replacement, lang)
    if data.n:
        rows.append(
            (
                _h("report.id-panel", lang),
                _h("report.id-panel-value", lang, k=format_int(data.k, lang), n=format_int(data.n, lang)),
            )
        )
    household = (
        _h("report.id-households-on", lang, households=format_int(data.households, lang))
        if data.households is not None
        else _h("report.id-households-off", lang)
    )
    rows.append((_h("report.id-households", lang), household))
    if lottery is not None:
        rows.append(
            (
                _h("report.id-algorithm", lang),
                _h(
                    "report.id-algorithm-value",
                    lang,
                    algorithm=lottery.algorithm,
                    tickets=format_int(lottery.tickets, lang),
                    panels=format_int(lottery.panels_with_tickets, lang),
                ),
            )
        )
        pseudonymised = "report.yes" if parameters.get("pseudonymised") else "report.no"
        rows.append((_h("report.id-pseudonyms", lang), _h(pseudonymised, lang)))
    rows.append((_h("report.id-tool", lang), _e(audit.get("tool") or c.get("tool", ""))))
    hashes = [
        (name, c.get(key))
        for name, key in (
            ("pool.csv", "pool_sha256"),
            ("quotas.csv", "quotas_sha256"),
            ("lottery.json", "lottery_sha256"),
        )
        if c.get(key)
    ]
    if hashes:
        rows.append(
            (
                _h("report.id-hashes", lang),
                "<br>".join(f'{_e(name)} <span class="hash">{_e(digest)}</span>' for name, digest in hashes),
            )
        )
    items = "\n".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    checks = "\n".join(
        f'<tr><td class="status {c.status}">{_h("verify." + c.status, lang)}</td>'
        f"<td>{_h(c.key, lang, **c.params)}</td></tr>"
        for c in data.checks
    )
    return (
        f'<section id="identity"><h2>{_h("report.identity-title", lang)}</h2>\n'
        f'<dl class="identity">\n{items}\n</dl>\n'
        f"<h3>{_h('report.verify-title', lang)}</h3>\n<p>{_h('report.verify-how', lang)}</p>\n"
        f"<pre>sortition verify {_e(data.directory.name)}</pre>\n"
        f'<p class="note">{_h("report.verify-resolve", lang)}</p>\n'
        f'<table class="checks"><thead><tr><th>{_h("report.col-status", lang)}</th>'
        f"<th>{_h('report.col-check', lang)}</th></tr></thead><tbody>\n{checks}\n</tbody></table>\n"
        f"{_status_banner(data, lang)}</section>"
    )


def _replacement_rows(replacement: Replacement, lang: str) -> list[tuple[str, str]]:
    rows = [
        (
            _h("report.id-replacement", lang),
            _h(
                "report.id-replacement-" + ("reserves" if replacement.mode == "reserves" else "fair"),
                lang,
                round=replacement.round,
                dropouts=format_int(len(replacement.dropouts), lang),
                kept=format_int(replacement.kept, lang),
                declined=format_int(len(replacement.declined), lang),
            ),
        )
    ]
    if replacement.dropouts:
        rows.append((_h("report.id-dropouts", lang), _e(", ".join(replacement.dropouts))))
    if replacement.relaxation:
        changes = "<br>".join(
            _h(
                "report.relaxation-" + ("min" if side == "min" else "max"),
                lang,
                category=category,
                value=value,
                old=old,
                new=new,
            )
            for category, value, side, old, new in replacement.relaxation
        )
        rows.append((_h("report.id-relaxation", lang), changes))
    return rows


def _quota_table(data: ReportData, lang: str) -> str:
    has_target = any(q.share is not None for q in data.quotas)
    head = [("report.col-category", ""), ("report.col-value", "")]
    if has_target:
        head.append(("report.col-target", "num"))
    head += [("report.col-pool", "num"), ("report.col-pool-share", "num"), ("report.col-band", "num")]
    if data.drawn:
        head += [("report.col-panel", "num"), ("report.col-panel-share", "num"), ("report.col-state", "")]
    header = "".join(f'<th class="{cls}">{_h(key, lang)}</th>' for key, cls in head)
    body = []
    previous = None
    for q in data.quotas:
        classes = ["quota"]
        if q.category != previous:
            classes.append("first-of-category")
        if q.status in ("at-min", "at-max"):
            classes.append("binding")
        elif q.status == "violated":
            classes.append("violated")
        cells = [_e(q.category) if q.category != previous else "", _e(q.value)]
        if has_target:
            cells.append(_pct(float(q.share), lang) if q.share is not None else "")
        cells += [
            format_int(q.pool, lang),
            _pct(q.pool_share, lang),
            _h("report.band", lang, min=format_int(q.min, lang), max=format_int(q.max, lang)),
        ]
        if data.drawn and q.panel is not None:
            state = "" if q.status == "inside" else _h("report.state-" + q.status, lang)
            cells += [format_int(q.panel, lang), _pct(q.panel_share or 0.0, lang), state]
        classes_td = [cls for _, cls in head]
        tds = "".join(f'<td class="{cls}">{cell}</td>' for cls, cell in zip(classes_td, cells, strict=True))
        body.append(
            f'<tr class="{" ".join(classes)}" data-category="{_e(q.category)}" data-value="{_e(q.value)}">{tds}</tr>'
        )
        previous = q.category
    binding = sum(1 for q in data.quotas if q.status in ("at-min", "at-max"))
    violated = sum(1 for q in data.quotas if q.status == "violated")
    notes = []
    if data.replacement is not None:
        notes.append("report.quotas-residual" if data.residual_scope else "report.quotas-replacement")
    if data.drawn:
        count = format_int(len(data.quotas), lang)
        if violated:
            notes.append(f'<p class="banner fail">{_h("report.quotas-violated", lang, count=violated)}</p>')
        else:
            notes.append(f"<p>{_h('report.quotas-summary', lang, count=count, binding=binding)}</p>")
    summary = "\n".join(note if note.startswith("<") else f"<p>{_h(note, lang)}</p>" for note in notes)
    return (
        f'<section id="quotas"><h2>{_h("report.quotas-title", lang)}</h2>\n'
        f"<p>{_h('report.quotas-intro', lang, k=format_int(data.k, lang))}</p>\n{summary}\n"
        f'<div class="scroll"><table class="quotas"><thead><tr>{header}</tr></thead><tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table></div>\n"
        f'<p class="note">{_h("report.quotas-binding-note", lang)}</p></section>'
    )


def _below(values: FloatArray, threshold: float) -> int:
    return int(np.count_nonzero(values < threshold - 1e-12))


def _figure_html(fig: Any, caption: str, *, show_caption: bool = True) -> str:
    text = f"<figcaption>{_e(caption)}</figcaption>" if show_caption else ""
    return f"<figure>{_img(fig, caption)}{text}</figure>"


def _fairness_table(lottery: LotteryFigures, lang: str, this_draw: str, equal: float) -> str:
    """Key figures of this draw beside the legacy method's estimates."""
    legacy = lottery.legacy
    head = f'<th></th><th class="num">{_e(this_draw)}</th>'
    if legacy is not None:
        runs = format_int(legacy.runs, lang)
        head += f'<th class="num">{_h("report.method-legacy-estimated", lang, runs=runs)}</th>'
    rows: list[tuple[str, str, str]] = [
        ("min", _pct(float(lottery.least), lang, 2), ""),
        ("max", _pct(float(lottery.probabilities.max()), lang, 2), ""),
        ("gini", format_decimal(lottery.gini, 3, lang), ""),
        ("below-half", format_int(_below(lottery.probabilities, equal / 2), lang), ""),
    ]
    legacy_least = lottery.legacy_least()
    if legacy is not None and legacy_least is not None:
        confidence = _pct(legacy.confidence, lang, 0)
        theirs = [
            _h(
                "report.fig-min-legacy",
                lang,
                value=_pct(legacy_least[0], lang, 2),
                upper=_pct(legacy_least[1], lang, 2),
                confidence=confidence,
            ),
            _pct(float(legacy.frequencies.max()), lang, 2),
            format_decimal(lottery.legacy_gini or 0.0, 3, lang),
            format_int(_below(legacy.frequencies, equal / 2), lang),
        ]
        rows = [(name, ours, other) for (name, ours, _), other in zip(rows, theirs, strict=True)]
    body = []
    for name, ours, theirs_cell in rows:
        label = _h("report.fig-" + name, lang, half=_pct(equal / 2, lang, 2))
        cells = f'<td>{label}</td><td class="num" data-figure="{name}">{ours}</td>'
        if legacy is not None:
            cells += f'<td class="num">{theirs_cell}</td>'
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="fairness"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _fairness(data: ReportData, lang: str) -> str:
    title = f'<section id="fairness"><h2>{_h("report.fairness-title", lang)}</h2>'
    lottery = data.lottery
    if lottery is None:
        return f"{title}\n<p>{_h('report.fairness-reserves', lang)}</p>\n</section>"
    minimum = float(lottery.least)
    equal = lottery.k / lottery.n
    this_draw = _t("report.method-draw", lang, algorithm=lottery.algorithm)
    series: list[tuple[str, FloatArray]] = [(this_draw, lottery.probabilities)]
    parts = [title]
    if data.replacement is not None:
        replacement = _h(
            "report.fairness-replacement", lang, k=format_int(lottery.k, lang), n=format_int(lottery.n, lang)
        )
        parts.append(f"<p>{replacement}</p>")
    intro = _h(
        "report.fairness-intro",
        lang,
        equal=_pct(equal, lang),
        k=format_int(lottery.k, lang),
        n=format_int(lottery.n, lang),
    )
    parts.append(f"<p>{intro}</p>")
    if lottery.cannot_fit:
        cannot = _h(
            "report.cannot-fit",
            lang,
            count=format_int(lottery.cannot_fit, lang),
            n=format_int(lottery.n, lang),
            reachable=format_int(lottery.n - lottery.cannot_fit, lang),
        )
        parts.append(f'<p data-figure="cannot-fit">{cannot}</p>')
    reachable_suffix = "-reachable" if lottery.cannot_fit else ""
    reachable_count = format_int(lottery.n - lottery.cannot_fit, lang)
    legacy = lottery.legacy
    legacy_least = lottery.legacy_least()
    if legacy is not None and legacy_least is not None:
        series.append((_t("report.method-legacy", lang), legacy.frequencies))
        contrast = _h(
            "report.contrast" + reachable_suffix,
            lang,
            runs=format_int(legacy.runs - legacy.failures, lang),
            reachable=reachable_count,
            legacy_min=_pct(legacy_least[0], lang, 2),
            legacy_upper=_pct(legacy_least[1], lang, 2),
            confidence=_pct(legacy.confidence, lang, 0),
            minimum=_pct(minimum, lang, 2),
        )
        parts.append(f'<p class="contrast">{contrast}</p>')
    else:
        if lottery.legacy_failed:
            parts.append(f'<p class="note">{_h("report.legacy-failed", lang)}</p>')
        only = _h(
            "report.minimum-only" + reachable_suffix, lang, minimum=_pct(minimum, lang, 2), reachable=reachable_count
        )
        parts.append(f'<p class="contrast">{only}</p>')
    parts.append(_fairness_table(lottery, lang, this_draw, equal))
    gap = f"{lottery.gap:.1e}"
    optimal = _h("report.optimal", lang, gap=gap) if lottery.optimal else _h("report.not-optimal", lang, gap=gap)
    rounding = _h(
        "report.rounding",
        lang,
        tickets=format_int(lottery.tickets, lang),
        deviation=format_decimal(100 * lottery.rounding_deviation, 3, lang),
    )
    parts.append(f'<p class="note">{optimal} {rounding}</p>')
    parts.append(_figure_html(probability_histogram(series, equal, lang), _t("report.histogram-caption", lang)))
    parts.append(_figure_html(lorenz_figure(series, lang), _t("report.lorenz-caption", lang)))
    if legacy is not None:
        method = _h(
            "report.legacy-method",
            lang,
            runs=format_int(legacy.runs, lang),
            seed=legacy.seed,
            failures=format_int(legacy.failures, lang),
            confidence=_pct(legacy.confidence, lang, 0),
        )
        parts.append(f'<p class="note">{method}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _representation(data: ReportData, lang: str) -> str:
    if not data.quotas:
        return ""
    has_target = any(q.share is not None for q in data.quotas)
    intro = "report.representation-intro" if has_target else "report.representation-intro-no-target"
    parts = [
        f'<section id="representation"><h2>{_h("report.representation-title", lang)}</h2>',
        f"<p>{_h(intro, lang)}</p>",
    ]
    for category in data.categories:
        rows = [q for q in data.quotas if q.category == category]
        alt = _t("report.representation-alt", lang, category=category)
        parts.append(_figure_html(representation_figure(rows, lang), alt, show_caption=False))
    parts.append("</section>")
    return "\n".join(parts)


def _chain(data: ReportData, lang: str) -> str:
    if not data.chain:
        return ""
    rows = []
    for i, link in enumerate(data.chain, start=1):
        if link.current:
            state = _h("report.chain-current", lang)
        elif not link.found:
            state = _h("report.chain-not-found", lang)
        elif link.matches is False:
            state = f'<span class="status fail">{_h("report.chain-mismatch", lang)}</span>'
        else:
            state = _h("report.chain-found", lang)
        date = _e(display_date(link.date, lang))
        rows.append(
            f'<tr><td class="num">{i}</td><td>{_e(link.directory)}</td>'
            f'<td class="hash">{_e(link.commitment)}</td><td>{date}</td><td>{state}</td></tr>'
        )
    head = "".join(
        f"<th>{_h(k, lang)}</th>"
        for k in (
            "report.chain-col-order",
            "report.chain-col-directory",
            "report.chain-col-commitment",
            "report.chain-col-date",
            "report.chain-col-state",
        )
    )
    return (
        f'<section id="chain"><h2>{_h("report.chain-title", lang)}</h2>\n<p>{_h("report.chain-intro", lang)}</p>\n'
        f'<table class="chain"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def render_html(data: ReportData, lang: str = "en") -> str:
    """The report as one HTML page in ``lang`` ("en" or "fr"); figures embedded, no external resource."""
    kind = (data.commitment.get("seed_source", {}) or {}).get("kind", "unannounced")
    warnings = []
    if kind == "rehearsal":
        warnings.append(f'<p class="banner warn">{_h("report.rehearsal-warning", lang)}</p>')
    if not data.drawn:
        warnings.append(f'<p class="banner warn">{_h("report.not-drawn-warning", lang)}</p>')
    key_figures = [(format_int(data.k, lang), _h("report.key-panel", lang))]
    if data.n:
        key_figures.append((format_int(data.n, lang), _h("report.key-pool", lang)))
    if data.lottery is not None:
        suffix = "-replacement" if data.replacement is not None else ""
        least = "-reachable" if data.lottery.cannot_fit else suffix
        key_figures += [
            (_pct(float(data.lottery.least), lang, 2), _h("report.key-min" + least, lang)),
            (format_decimal(data.lottery.gini, 3, lang), _h("report.key-gini" + suffix, lang)),
        ]
    figures = "".join(f"<div><strong>{value}</strong><span>{label}</span></div>" for value, label in key_figures)
    date = data.date
    k, n = format_int(data.k, lang), format_int(data.n, lang)
    if data.replacement is not None:
        lead = _h(
            "report.lead-replacement",
            lang,
            k=k,
            round=data.replacement.round,
            dropouts=format_int(len(data.replacement.dropouts), lang),
        )
    else:
        lead = _h("report.lead", lang, k=k, n=n)
    if date:
        lead += " " + _h("report.lead-date", lang, date=display_date(date, lang))
    body = "\n".join(
        [
            f'<header><h1>{_h("report.title", lang)}</h1>\n<p class="lead">{lead}</p>',
            *warnings,
            _status_banner(data, lang),
            f'<div class="keyfigures">{figures}</div></header>',
            _identity(data, lang),
            _quota_table(data, lang) if data.quotas else "",
            _fairness(data, lang),
            _representation(data, lang),
            _chain(data, lang),
            f"<footer>{_h('report.footer', lang, version=__version__, directory=data.directory.name)}</footer>",
        ]
    )
    title = _h("report.html-title", lang, directory=data.directory.name)
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


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


__all__ = [
    "DEFAULT_LEGACY_RUNS",
    "DrawLink",
    "LotteryFigures",
    "QuotaRow",
    "Replacement",
    "ReportData",
    "build_report",
    "collect",
    "draw_chain",
    "figure_png",
    "lorenz_figure",
    "lorenz_points",
    "previous_entries",
    "probability_histogram",
    "render_html",
    "representation_figure",
]
