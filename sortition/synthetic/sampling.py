"""Drawing persons and volunteers from a scenario's joint table, with or without households.

Without households a pool is drawn from the joint reweighted by the response rates, which is the same
distribution as inviting persons at random and keeping those who answer. With households, addresses hold
1 to 4 persons who share the location categories of the scenario (their other categories are drawn from the
joint given those); addresses are invited, and persons answer with their rate times a household propensity
shared by the address (gamma, mean 1), so members of a household volunteer together more often than by
chance.

Everything is deterministic given the seed: draws use only ``numpy.random.Generator`` streams derived
from the seed, integer cumulative weights, and no iteration over sets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sortition.synthetic.joint import JointModel, build_model
from sortition.synthetic.private import PRIVATE_COLUMNS, fake_contacts
from sortition.synthetic.response import DEFAULT_RESPONSE_RATE
from sortition.synthetic.scenarios import QuotaLine, Scenario, load_scenario
from sortition.synthetic.streams import STREAM_POOL, STREAM_POPULATION, rng_for

GENERATOR_VERSION = "1"
# Persons aged 16+ per address, sizes 1..4 [A]: INSEE counts 37 % one-person households and a majority of
# the others with two adults; children under 16 are not in the population.
HOUSEHOLD_SIZES = (0.40, 0.45, 0.10, 0.05)
# Shape of the gamma household propensity (mean 1): small = members volunteer together more often [A].
HOUSEHOLD_PROPENSITY_SHAPE = 0.5

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_WEIGHT_SCALE = float(2**40)  # probabilities become integer weights: exact cumulative sums


@dataclass(frozen=True)
class PopulationSample:
    """Persons drawn from the population (not volunteers): ``id``, one column per category, ``household``."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def persons(self) -> list[dict[str, str]]:
        """Rows as mappings column -> value, e.g. for :meth:`ResponseModel.rate`."""
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class PoolData:
    """A generated pool with its quotas and a record of how it was made (written by :func:`write_pool`)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    quotas: tuple[QuotaLine, ...]
    meta: Mapping[str, object]

    @property
    def k(self) -> int:
        k = self.meta["k"]
        assert isinstance(k, int)
        return k


def _integer_weights(weights: FloatArray) -> IntArray:
    """Probabilities as integers, so cumulative sums (and hence draws) are exact."""
    w: IntArray = np.rint(weights / weights.sum() * _WEIGHT_SCALE).astype(np.int64)
    return w


def _draw_cells(weights: FloatArray, size: int, rng: np.random.Generator) -> IntArray:
    """``size`` flat cell indices drawn with probability proportional to ``weights`` (flattened)."""
    cum = np.cumsum(_integer_weights(weights.ravel()))
    u = rng.integers(0, cum[-1], size=size, dtype=np.int64)
    cells: IntArray = np.searchsorted(cum, u, side="right").astype(np.int64)
    return cells


def _cells_to_indices(cells: IntArray, shape: tuple[int, ...]) -> IntArray:
    """Flat cell indices -> (persons x categories) value indices."""
    if len(cells) == 0:
        return np.zeros((0, len(shape)), dtype=np.int64)
    return np.stack(np.unravel_index(cells, shape), axis=1).astype(np.int64)


class _MemberSampler:
    """Draws a household member's cell given the household's shared categories (from the joint)."""

    def __init__(self, model: JointModel, shared: Sequence[int]) -> None:
        ndim = model.joint.ndim
        self.shared = list(shared)
        self.rest = [a for a in range(ndim) if a not in self.shared]
        self.order = self.shared + self.rest
        permuted = np.transpose(model.joint, self.order)
        self.shared_shape = permuted.shape[: len(self.shared)]
        self.rest_shape = permuted.shape[len(self.shared) :]
        n_shared = int(np.prod(self.shared_shape)) if self.shared else 1
        n_rest = int(np.prod(self.rest_shape)) if self.rest else 1
        table = permuted.reshape(n_shared, n_rest)
        weights = np.rint(table / table.sum() * _WEIGHT_SCALE).astype(np.int64)
        self.cum = np.cumsum(weights.ravel())
        row_totals = weights.sum(axis=1)
        self.row_start = np.concatenate(([0], np.cumsum(row_totals)[:-1])).astype(np.int64)
        self.row_total = row_totals.astype(np.int64)
        self.n_rest = n_rest

    def draw(self, heads: IntArray, rng: np.random.Generator) -> IntArray:
        """One member per row of ``heads`` (value indices), sharing the heads' shared categories."""
        m = len(heads)
        ndim = len(self.order)
        if m == 0:
            return np.zeros((0, ndim), dtype=np.int64)
        if self.shared:
            row = np.ravel_multi_index(tuple(heads[:, a] for a in self.shared), self.shared_shape)
        else:
            row = np.zeros(m, dtype=np.int64)
        total = self.row_total[row]
        if np.any(total <= 0):
            raise ValueError("a household's shared categories have no weight in the joint table")
        u = self.row_start[row] + rng.integers(0, total, dtype=np.int64)
        flat = np.searchsorted(self.cum, u, side="right")
        rest_index = flat - row * self.n_rest
        out = np.empty((m, ndim), dtype=np.int64)
        for axis in self.shared:
            out[:, axis] = heads[:, axis]
        if self.rest:
            parts = np.unravel_index(rest_index, self.rest_shape)
            for j, axis in enumerate(self.rest):
                out[:, axis] = parts[j]
        return out


def _draw_households(
    model: JointModel, sampler: _MemberSampler, n_addresses: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Persons of ``n_addresses`` addresses: (persons x categories) indices and each person's address."""
    sizes = _draw_cells(np.array(HOUSEHOLD_SIZES), n_addresses, rng) + 1
    heads = _cells_to_indices(_draw_cells(model.joint, n_addresses, rng), model.joint.shape)
    member_address = np.repeat(np.arange(n_addresses, dtype=np.int64), sizes - 1)
    members = sampler.draw(heads[member_address], rng)
    # persons in address order, head first
    persons = np.concatenate([heads, members])
    address = np.concatenate([np.arange(n_addresses, dtype=np.int64), member_address])
    order = np.lexsort((np.arange(len(address)), address))
    return persons[order], address[order]


def _shared_axes(model: JointModel, scenario: Scenario) -> list[int]:
    return [model.categories.index(c) for c in scenario.household_categories]


def sample_population(
    scenario: Scenario, n: int, seed: int | np.random.Generator, *, households: bool = False
) -> PopulationSample:
    """``n`` persons of the population (everyone who could be invited), for the invitation planner.

    Ids are ``p00001``...; with ``households`` a ``household`` column holds a pseudonymous address id.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = rng_for(seed, STREAM_POPULATION)
    model = build_model(scenario, DEFAULT_RESPONSE_RATE)
    if not households:
        persons = _cells_to_indices(_draw_cells(model.joint, n, rng), model.joint.shape)
        return _table(model, persons, None)
    sampler = _MemberSampler(model, _shared_axes(model, scenario))
    mean_size = sum((i + 1) * p for i, p in enumerate(HOUSEHOLD_SIZES))
    chunks: list[IntArray] = []
    addresses: list[IntArray] = []
    have, offset = 0, 0
    while have < n:
        batch = max(16, math.ceil((n - have) / mean_size * 1.1))
        persons, address = _draw_households(model, sampler, batch, rng)
        chunks.append(persons)
        addresses.append(address + offset)
        offset += batch
        have += len(persons)
    all_persons = np.concatenate(chunks)[:n]
    all_addresses = np.concatenate(addresses)[:n]
    return _table(model, all_persons, all_addresses)


def _ids(n: int) -> list[str]:
    width = max(5, len(str(n)))
    return [f"p{i:0{width}d}" for i in range(1, n + 1)]


def _household_ids(address: IntArray) -> list[str]:
    """Pseudonymous address ids, numbered in order of first appearance."""
    number: dict[int, int] = {}
    for a in address.tolist():
        number.setdefault(a, len(number) + 1)
    width = max(4, len(str(len(number))))
    return [f"h{number[a]:0{width}d}" for a in address.tolist()]


def _table(model: JointModel, persons: IntArray, address: IntArray | None) -> PopulationSample:
    header = ("id", *model.categories) + (("household",) if address is not None else ())
    columns = [[model.values[j][i] for i in persons[:, j].tolist()] for j in range(len(model.categories))]
    ids = _ids(len(persons))
    if address is not None:
        columns.append(_household_ids(address))
    rows = tuple(zip(ids, *columns, strict=True)) if ids else ()
    return PopulationSample(header, tuple(tuple(r) for r in rows))


def _simulate_pool(
    model: JointModel, scenario: Scenario, n: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, int, int]:
    """Invite addresses until ``n`` persons volunteered.

    Returns the volunteers (value indices), their address numbers, and how many addresses and persons
    were invited (up to the address of the n-th volunteer; its later volunteers are not kept).
    """
    sampler = _MemberSampler(model, _shared_axes(model, scenario))
    mean_size = sum((i + 1) * p for i, p in enumerate(HOUSEHOLD_SIZES))
    overall = float((model.joint * model.rate).sum())
    flat_rate = model.rate.ravel()
    kept: list[IntArray] = []
    kept_address: list[IntArray] = []
    have = offset = invited_addresses = invited_persons = 0
    while have < n:
        batch = max(64, math.ceil((n - have) / (overall * mean_size) * 1.1))
        persons, address = _draw_households(model, sampler, batch, rng)
        propensity = rng.gamma(HOUSEHOLD_PROPENSITY_SHAPE, 1.0 / HOUSEHOLD_PROPENSITY_SHAPE, size=batch)
        cells = np.ravel_multi_index(tuple(persons.T), model.joint.shape)
        answered = np.flatnonzero(rng.random(len(persons)) < np.minimum(flat_rate[cells] * propensity[address], 1))
        take = answered[: n - have]
        if have + len(take) == n:
            used = int(address[take[-1]]) + 1
            invited_addresses += used
            invited_persons += int(np.searchsorted(address, used, side="left"))
        else:
            invited_addresses += batch
            invited_persons += len(persons)
        kept.append(persons[take])
        kept_address.append(address[take] + offset)
        have += len(take)
        offset += batch
    return np.concatenate(kept), np.concatenate(kept_address), invited_addresses, invited_persons


def _rounded_shares(scenario: Scenario) -> dict[str, dict[str, float]]:
    return {c: {v: round(s, 6) for v, s in vs.items()} for c, vs in scenario.shares.items()}


def sample_pool(
    scenario: Scenario | str,
    n: int,
    seed: int,
    *,
    households: bool = False,
    overall_rate: float = DEFAULT_RESPONSE_RATE,
    private_columns: bool = False,
) -> PoolData:
    """``n`` volunteers: persons invited at random from the population who answered.

    Without households, persons are drawn from the joint reweighted by the response rates (the same
    distribution as simulating invitations, much faster). With households, addresses are invited and
    answers simulated, so that several members of one address can volunteer. ``private_columns`` adds
    fake ``nom``, ``telephone`` and ``email`` columns (never categories) to exercise privacy handling.
    """
    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    return draw_pool(scenario, n, seed, 0, households, overall_rate, private_columns)


def draw_pool(
    scenario: Scenario,
    n: int,
    seed: int,
    attempt: int,
    households: bool,
    overall_rate: float,
    private_columns: bool,
) -> PoolData:
    """The pool :func:`sample_pool` draws, from sub-stream ``attempt`` of the seed (so that a benchmark pool
    whose quotas turn out infeasible can be redrawn reproducibly)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    if not 0 < overall_rate < 1:
        raise ValueError("overall_rate must be between 0 and 1")
    rng = rng_for(seed, STREAM_POOL, attempt)
    model = build_model(scenario, overall_rate)
    meta: dict[str, object] = {
        "generator": "sortition.synthetic",
        "generator_version": GENERATOR_VERSION,
        "scenario": scenario.name,
        "k": scenario.k,
        "n": n,
        "seed": seed,
        "households": households,
        "parameters": {
            "overall_response_rate": round(overall_rate, 6),
            "household_sizes": list(HOUSEHOLD_SIZES) if households else None,
            "household_propensity_shape": HOUSEHOLD_PROPENSITY_SHAPE if households else None,
            "household_categories": list(scenario.household_categories) if households else None,
        },
        "population_shares": _rounded_shares(scenario),
        "sources": dict(scenario.sources),
    }
    address: IntArray | None = None
    if households:
        persons, address, n_addresses, invited = _simulate_pool(model, scenario, n, rng)
        order = rng.permutation(len(persons))  # an export lists persons by answer date, not by address
        persons, address = persons[order], address[order]
        meta["invited_addresses"] = n_addresses
        meta["invited_persons"] = invited
    else:
        persons = _cells_to_indices(_draw_cells(model.joint * model.rate, n, rng), model.joint.shape)
        meta["invited_persons_expected"] = round(n / overall_rate)
    meta["proportional_draw_violates"] = _proportional_violations(model, persons, scenario)
    table = _table(model, persons, address)
    header, rows = table.header, table.rows
    if private_columns:
        extra = fake_contacts(header, rows, seed, households)
        header = (*header, *PRIVATE_COLUMNS)
        rows = tuple((*row, *more) for row, more in zip(rows, extra, strict=True))
        meta["private_columns"] = list(PRIVATE_COLUMNS)
    return PoolData(header, rows, scenario.quotas, meta)


def _proportional_violations(model: JointModel, persons: IntArray, scenario: Scenario) -> list[str]:
    """Quotas that the expected panel of a uniform draw (k * pool share) breaks: the quotas that bind."""
    out: list[str] = []
    n = len(persons)
    for category, value, lo, hi in scenario.quotas:
        axis = model.categories.index(category)
        count = int(np.count_nonzero(persons[:, axis] == model.values[axis].index(value)))
        if not lo * n <= scenario.k * count <= hi * n:
            out.append(f"{category}={value}")
    return out
