"""The figures of a draw, gathered from its published files alone (the ones an auditor verifies), so that
anyone can rebuild the report: the quotas against the pool and the panel, the lottery's chances beside the
legacy method's (estimated by a seeded simulation), the verification checks, and the chain of earlier draws
when the draw replaces one. No text here: :mod:`sortition.report.html` puts the figures into words.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.explain import Outcomes, explain
from sortition.model.lottery import ZERO_PROBABILITY, gini
from sortition.progress import NO_PROGRESS, Progress
from sortition.protocol.canonical import sha256_hex
from sortition.protocol.commit import optimal_probabilities, ticket_probabilities
from sortition.protocol.published import Published, pool_values, published_instance, read_published
from sortition.protocol.verify import Check, verify
from sortition.report.labels import Labels, labels_of
from sortition.solve.legacy import LegacyEstimate, legacy_estimate

FloatArray = npt.NDArray[np.float64]

DEFAULT_LEGACY_RUNS = 500
MAX_CHAIN = 100  # earlier draws followed at most (a guard against cycles in hand-edited records)
ABOUT = ("title", "purpose", "organiser")  # optional fields of the commitment describing the draw
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


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
    least_optimal: float | None = None  # the same in the optimal lottery before rounding to tickets
    outcomes: Outcomes | None = None  # who is certain (or nearly) and why, under the tickets

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
    labels: Labels = field(default_factory=Labels)  # display labels and the quota file's order
    about: Mapping[str, str] = field(default_factory=dict)  # title, purpose, organiser (those given)

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
        reachable = np.array([before_rounding[pid] > ZERO_PROBABILITY for pid in ids], dtype=bool)
    least = min((exact[pid] for pid, ok in zip(ids, reachable, strict=True) if ok), default=Fraction(0))
    before = optimal_probabilities(lottery)
    least_optimal = min((before[pid] for pid, ok in zip(ids, reachable, strict=True) if ok), default=0.0)
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
        least_optimal=float(least_optimal),
        outcomes=explain(instance, probabilities),
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
    labels: Labels | None = None,
    about: Mapping[str, str] | None = None,
) -> ReportData:
    """The figures of the draw in ``directory``. Raises InputError or DrawError when the prepared files are
    missing or unreadable; anything else wrong with the draw shows up as a failed verification check.
    ``legacy_runs`` = 0 skips the legacy comparison.

    A replacement is reported as a whole: its panel (members kept plus persons drawn) against the quotas
    and pool of the first draw of its chain, and its own lottery (or reserve-list walk) for the chances.
    ``labels`` override those the first draw's commitment records; ``about`` the title, purpose and organiser of its
    commitment."""
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
    recorded = labels_of(original.commitment if original is not None else commitment)  # the first draw's
    shown = recorded.merged(labels or Labels())
    quotas = _quota_rows(original, panel, relaxation) if original is not None else ()
    quotas = tuple(sorted(quotas, key=lambda q: shown.rank(q.category, q.value)))
    described = {key: str(commitment.get(key) or "") for key in ABOUT}
    described.update({key: text for key, text in (about or {}).items() if text})
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
        labels=shown,
        about={key: text for key, text in described.items() if text},
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
