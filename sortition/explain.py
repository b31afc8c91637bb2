"""Explained outcomes: which volunteers are certain (or nearly) to sit on the panel, which nearly never, and
which quotas force it. The first question a journalist asks about a lottery.

Profiles only, never ids: a profile is a person's values in every category, and the counts are how many
volunteers share it. The quotas that force a volunteer onto every panel are detected two ways:

* **by counting** (no solver, so also for a check without a lottery): a quota whose minimum is at least
  the number of volunteers with its value, or a pair of values of two categories whose volunteers with both
  are all needed (:func:`sortition.check.pair_bounds`: ``needed >= volunteers``);
* **by removal**, for a volunteer whose chance is 1 and whom counting does not explain: without that
  volunteer the quotas admit no panel, and the check's minimal conflict names the quotas that fail.

Most often neither applies: a LEXIMIN lottery gives a chance of 1 to volunteers who are not on every
possible panel but who each count towards several **scarce** minimums, quotas whose minimum needs their
volunteers at an average chance of at least ``SCARCE`` times the panel's average k/n (``min / volunteers >=
SCARCE * k / n``). Sitting such a volunteer meets several of these minimums at once and leaves more seats to
raise everyone else's chance. Each profile lists its scarce values (with the lottery: whether the quota sits
at its minimum in every panel, i.e. its expected count equals the minimum) and how many volunteers of the
pool combine them all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sortition.check import Bound, check, pair_bounds
from sortition.model.instance import Instance, Pool
from sortition.model.lottery import ZERO_PROBABILITY, Lottery
from sortition.protocol.tickets import Tickets, group_probabilities

HIGH = 0.9  # "certain or nearly": a chance of at least 90 %
LOW = 0.01  # "nearly never": a chance of at most 1 %, those no panel can hold included
CERTAIN = 1 - 1e-6  # a chance this close to 1 is 1 (the solvers' tolerance)
MAX_REMOVALS = 20  # profiles explained by removal at most (each is one check)
SCARCE = 1.5  # a minimum is scarce when its volunteers need at least 1.5 times the average chance k/n

Value = tuple[str, str]


@dataclass(frozen=True)
class Force:
    """Quota values whose volunteers are all needed: at least ``needed`` panel members must have every value
    in ``values`` (one value, or two for an intersection), and only ``volunteers`` do."""

    values: tuple[Value, ...]
    needed: int
    volunteers: int


@dataclass(frozen=True)
class Scarce:
    """A quota whose minimum needs its ``volunteers`` at an average chance of ``minimum / volunteers``, at
    least ``SCARCE`` times k/n; ``at_minimum``: the lottery puts exactly the minimum on every panel (None
    without a lottery)."""

    category: str
    value: str
    minimum: int
    volunteers: int
    at_minimum: bool | None

    @property
    def ratio(self) -> float:
        return self.minimum / self.volunteers


@dataclass(frozen=True)
class Profile:
    """Volunteers sharing every value (in the quota file's category order): how many, their chance (None
    without a lottery), what forces them onto every panel, and, when counting says nothing, the quota
    bounds that conflict without one of them."""

    values: tuple[Value, ...]
    count: int
    probability: float | None
    forces: tuple[Force, ...] = ()
    conflict: tuple[Bound, ...] = ()
    scarce: tuple[Scarce, ...] = ()
    combined: int = 0  # volunteers of the pool having every scarce value of the profile

    def as_dict(self) -> dict[str, Any]:
        return {
            "profile": {c: v for c, v in self.values},
            "count": self.count,
            "probability": self.probability,
            "forced_by": [_force_dict(f) for f in self.forces],
            "conflict_without_one": [vars(b) for b in self.conflict],
            "scarce": [vars(q) for q in self.scarce],
            "volunteers_with_every_scarce_value": self.combined,
        }


@dataclass(frozen=True)
class Outcomes:
    """What :func:`explain` found. ``high``: profiles with a chance of at least ``HIGH`` (without a lottery:
    the volunteers counting proves are on every panel), most likely first; ``low``: chance at most ``LOW``."""

    n: int
    k: int
    lottery: bool
    high: tuple[Profile, ...]
    low: tuple[Profile, ...]
    forces: tuple[Force, ...]
    scarce: tuple[Scarce, ...] = ()
    high_threshold: float = HIGH
    low_threshold: float = LOW

    @property
    def n_high(self) -> int:
        return sum(p.count for p in self.high)

    @property
    def n_certain(self) -> int:
        return sum(p.count for p in self.high if p.probability is None or p.probability >= CERTAIN)

    @property
    def n_low(self) -> int:
        return sum(p.count for p in self.low)

    def __repr__(self) -> str:
        return f"Outcomes({self.n_certain} certain, {self.n_high} at least {HIGH}, {self.n_low} at most {LOW})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "high_threshold": self.high_threshold,
            "low_threshold": self.low_threshold,
            "certain": self.n_certain,
            "high": self.n_high,
            "low": self.n_low,
            "high_profiles": [p.as_dict() for p in self.high],
            "low_profiles": [p.as_dict() for p in self.low],
            "forces": [_force_dict(f) for f in self.forces],
            "scarce": [vars(q) for q in self.scarce],
        }


def _force_dict(force: Force) -> dict[str, Any]:
    return {"values": [list(v) for v in force.values], "needed": force.needed, "volunteers": force.volunteers}


def forces(instance: Instance) -> tuple[Force, ...]:
    """Every quota value and every pair of values (two categories) whose volunteers are all needed, by
    counting alone; quota-file order."""
    found = []
    for q in instance.quotas:
        count = sum(1 for v in instance.pool.columns[q.category] if v == q.value)
        if 0 < count <= q.min:
            found.append(Force(((q.category, q.value),), q.min, count))
    for pair in pair_bounds(instance):
        if 0 < pair.volunteers <= pair.needed:
            found.append(Force((pair.first, pair.second), pair.needed, pair.volunteers))
    return tuple(found)


def scarce_quotas(instance: Instance, probabilities: np.ndarray | None = None) -> tuple[Scarce, ...]:
    """Quotas whose minimum needs their volunteers at ``SCARCE`` times the average chance or more, quota-file
    order; with ``probabilities``, whether the expected count equals the minimum (then every panel is at it)."""
    n = len(instance.pool)
    average = instance.k / n if n else 0.0
    out = []
    for q in instance.quotas:
        mask = np.asarray(instance.pool.columns[q.category], dtype=object) == q.value
        count = int(mask.sum())
        if count and q.min / count >= SCARCE * average:
            at_min = None if probabilities is None else bool(abs(float(probabilities[mask].sum()) - q.min) < 1e-6)
            out.append(Scarce(q.category, q.value, q.min, count, at_min))
    return tuple(out)


def without(instance: Instance, person: int) -> Instance:
    """The instance with one volunteer (by index) left out of the pool."""
    keep = [i for i in range(len(instance.pool)) if i != person]
    pool = instance.pool
    smaller = Pool(
        ids=tuple(pool.ids[i] for i in keep),
        columns={c: tuple(column[i] for i in keep) for c, column in pool.columns.items()},
        id_column=pool.id_column,
        file=pool.file,
        rows=tuple(pool.rows[i] for i in keep) if pool.rows else (),
    )
    return Instance(smaller, instance.quotas, instance.k, instance.household_columns)


def explain(instance: Instance, probabilities: Sequence[float] | np.ndarray | None = None) -> Outcomes:
    """The explained outcomes of ``instance`` under per-person ``probabilities`` (pool order), or, without
    them, the volunteers that counting proves sit on every panel."""
    categories = instance.quotas.categories
    columns = [instance.pool.columns[c] for c in categories]
    found = forces(instance)
    n = len(instance.pool)
    scarce = scarce_quotas(instance, None if probabilities is None else np.asarray(probabilities, dtype=np.float64))
    if probabilities is None:
        chances = np.full(n, np.nan)
        forced = np.zeros(n, dtype=bool)
        for force in found:
            forced |= _has(instance, force.values)
        high_mask, low_mask = forced, np.zeros(n, dtype=bool)
    else:
        chances = np.asarray(probabilities, dtype=np.float64)
        high_mask, low_mask = chances >= HIGH - 1e-12, chances <= LOW + 1e-12
    groups: dict[tuple[str, ...], list[int]] = {}
    for i in range(n):
        groups.setdefault(tuple(column[i] for column in columns), []).append(i)

    def profiles(mask: np.ndarray, explain_forces: bool) -> tuple[Profile, ...]:
        out = []
        removals = 0
        for key, members in groups.items():
            chosen = [i for i in members if mask[i]]
            if not chosen:
                continue
            values = tuple(zip(categories, key, strict=True))
            chance = None if probabilities is None else float(max(chances[i] for i in chosen))
            matching = tuple(f for f in found if set(f.values) <= set(values)) if explain_forces else ()
            conflict: tuple[Bound, ...] = ()
            certain = chance is not None and chance >= CERTAIN
            if explain_forces and not matching and certain and removals < MAX_REMOVALS:
                removals += 1
                report = check(without(instance, chosen[0]), max_repairs=0)
                conflict = () if report.feasible else report.conflict
            own = tuple(q for q in scarce if (q.category, q.value) in values) if explain_forces else ()
            combined = int(_has(instance, [(q.category, q.value) for q in own]).sum()) if own else 0
            out.append(Profile(values, len(chosen), chance, matching, conflict, own, combined))
        out.sort(key=lambda p: (-(p.probability or 1.0) if explain_forces else (p.probability or 0.0), -p.count))
        return tuple(out)

    return Outcomes(
        n=n,
        k=instance.k,
        lottery=probabilities is not None,
        high=profiles(high_mask, True),
        low=profiles(low_mask, False),
        forces=found,
        scarce=scarce,
    )


def _has(instance: Instance, values: Sequence[Value]) -> np.ndarray:
    mask = np.ones(len(instance.pool), dtype=bool)
    for category, value in values:
        mask &= np.asarray(instance.pool.columns[category], dtype=object) == value
    return mask


Message = Callable[..., str]
Label = Callable[[str, str | None], str]


def _plain(category: str, value: str | None) -> str:
    return category if value is None else value


def describe(
    outcomes: Outcomes,
    message: Message,
    label: Label = _plain,
    *,
    number: Callable[[int], str] = str,
    categories: Sequence[str] = (),
    limit: int = 8,
) -> list[tuple[int, str]]:
    """The outcomes as sentences, each with its level (0: the headline, 1: a profile, 2: what forces it):
    ``message(key, **params)`` gives a catalogue message in the reader's language (the CLI's and the
    report's); ``label(category, value)`` a display label (value None: the category's); ``number`` writes a
    count; ``categories`` is the reading order of a profile's values. At most ``limit`` profiles."""
    rank = {c: i for i, c in enumerate(categories)}
    sep = message("explain.sep")

    def profile_text(profile: Profile) -> str:
        values = sorted(profile.values, key=lambda cv: rank.get(cv[0], len(rank)))
        return ", ".join(label(c, v) for c, v in values)

    def values_text(values: Sequence[Value]) -> str:
        return message("explain.and").join(f"{label(c, None)} = {label(c, v)}" for c, v in values)

    low = (0, message("explain.low", count=number(outcomes.n_low), n=number(outcomes.n)))
    if not outcomes.high:
        return [(0, message("explain.none")), low] if outcomes.lottery else []
    key = "explain.high" if outcomes.lottery else "explain.forced"
    lines = [(0, message(key, count=number(outcomes.n_high), certain=number(outcomes.n_certain), n=number(outcomes.n)))]
    for profile in outcomes.high[:limit]:
        lines.append((1, message("explain.profile", count=number(profile.count), profile=profile_text(profile))))
        for force in profile.forces:
            force_key = "explain.force-value" if len(force.values) == 1 else "explain.force-intersection"
            text = message(
                force_key, values=values_text(force.values), needed=force.needed, volunteers=force.volunteers
            )
            lines.append((2, text))
        if profile.conflict:
            bounds = sep.join(
                message(
                    "explain.bound-" + b.side,
                    category=label(b.category, None),
                    value=label(b.category, b.value),
                    limit=b.limit,
                )
                for b in profile.conflict
            )
            lines.append((2, message("explain.conflict", bounds=bounds)))
        if profile.scarce and not profile.forces and not profile.conflict:
            quotas = sep.join(
                message(
                    "explain.scarce-value",
                    category=label(q.category, None),
                    value=label(q.category, q.value),
                    minimum=number(q.minimum),
                    volunteers=number(q.volunteers),
                )
                for q in profile.scarce
            )
            lines.append(
                (
                    2,
                    message(
                        "explain.scarce",
                        count=number(len(profile.scarce)),
                        quotas=quotas,
                        combined=number(profile.combined),
                    ),
                )
            )
    if len(outcomes.high) > limit:
        lines.append((1, message("explain.more", count=number(len(outcomes.high) - limit))))
    if any(p.scarce and not p.forces and not p.conflict for p in outcomes.high):
        lines.append((0, message("explain.scarce-note")))
    if outcomes.lottery:
        lines.append(low)
    return lines


def ticket_chances(lottery: Lottery, tickets: Tickets) -> np.ndarray:
    """Each person's chance under the published tickets (pool order): the chance the draw really gives."""
    sizes = np.asarray(lottery.grouping.sizes, dtype=np.int64)
    exact = group_probabilities(lottery.sparse_compositions, tickets.counts, sizes, tickets.total)
    by_group = np.array([float(f) for f in exact], dtype=np.float64)
    return np.asarray(by_group[np.asarray(lottery.grouping.group_of)], dtype=np.float64)


def least_chances(lottery: Lottery, tickets: Tickets) -> tuple[float, float]:
    """The least chance of a volunteer under the published tickets, and in the optimal lottery before
    rounding, both among the persons some panel can hold: those a proven-optimal LEXIMIN gives more than
    ``ZERO_PROBABILITY`` (the report's rule; any other lottery counts everyone)."""
    proven = lottery.algorithm == "leximin" and lottery.certificate.optimal
    reachable = lottery.marginals > ZERO_PROBABILITY if proven else np.ones(len(lottery.marginals), dtype=bool)
    if not reachable.any():
        return 0.0, 0.0
    return float(ticket_chances(lottery, tickets)[reachable].min()), float(lottery.marginals[reachable].min())


def explain_lottery(lottery: Lottery, tickets: Tickets | None = None) -> Outcomes:
    """:func:`explain` under the published tickets' chances (the lottery's own without ``tickets``)."""
    chances = lottery.marginals if tickets is None else ticket_chances(lottery, tickets)
    return explain(lottery.instance, chances)
