"""Drop-outs: replacing panel members while keeping the quotas, fairly and auditably.

A replacement starts from a drawn directory (the first draw or an earlier replacement) and a list of ids:
those on the current panel are **drop-outs**, the others have **declined** (they may not be chosen). The
members who stay are **kept**. The **residual problem** is:

* pool: every person of the original pool who is not on the current panel, has never dropped out or
  declined, and (household rule) does not live with a kept member;
* quotas: for each category value, ``min - kept`` (at least 0) and ``max - kept``;
* panel size: the number of drop-outs.

Two modes, both recorded and verifiable:

* **fair** (default): the residual problem is solved with the same fairness algorithm (LEXIMIN by default),
  rounded to tickets and committed exactly like a first draw, with a new announced seed; the commitment
  links to the previous audit record by hash. ``sortition draw`` then writes the full new panel.
* **reserves**: the ordered reserve list of the last lottery draw is walked; a reserve is taken when, with
  them, the residual quotas can still be met by reserves further down the list.

When the residual quotas cannot be met, the conflict and the smallest relaxations are explained as by
``check``; the organiser may accept one explicitly, and it is recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sortition.check import FeasibilityReport, Repair, check
from sortition.errors import ProblemCollector
from sortition.load.tables import read_table
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.protocol.canonical import canonical_json, sha256_hex
from sortition.protocol.files import csv_bytes
from sortition.protocol.formats import AUDIT_FORMAT, COMMITMENT_FORMAT, tool_name
from sortition.protocol.private import PrivateSide, id_forms
from sortition.protocol.published import chain, published_instance, read_published

MODES = ("fair", "reserves")


@dataclass(frozen=True)
class DrawState:
    """Where a chain of draws stands: the original instance (from the first draw's published files), the
    current full panel, everyone excluded so far, the reserve order of the last lottery draw, the round."""

    directory: Path
    root: Path
    original: Instance
    panel: tuple[str, ...]
    excluded: frozenset[str]
    reserves: tuple[str, ...]
    round: int
    audit_sha256: str
    commitment_sha256: str
    pseudonymised: bool = False  # the first draw published pseudonyms: every replacement keeps them


def draw_state(directory: str | os.PathLike[str]) -> DrawState:
    path = Path(directory)
    dirs = chain(path)
    root_published = read_published(dirs[0])
    original = published_instance(root_published)
    commitment = json.loads((path / "commitment.json").read_bytes())
    audit_bytes = (path / "audit.json").read_bytes()
    audit = json.loads(audit_bytes)
    replacement = commitment.get("replacement", {})
    excluded = frozenset(replacement.get("excluded", []))
    reserves: tuple[str, ...] = ()
    for d in reversed(dirs):
        record = json.loads((d / "audit.json").read_bytes())
        if record.get("reserves"):
            reserves = tuple(record["reserves"])
            break
    return DrawState(
        path,
        dirs[0],
        original,
        tuple(audit.get("full_panel", audit.get("panel", []))),
        excluded,
        reserves,
        int(replacement.get("round", 0)),
        sha256_hex(audit_bytes),
        sha256_hex((path / "commitment.json").read_bytes()),
        bool(root_published.commitment.get("parameters", {}).get("pseudonymised", False)),
    )


def read_dropouts(
    path: str | os.PathLike[str], state: DrawState, side: PrivateSide | None = None
) -> tuple[list[str], list[str]]:
    """(drop-outs, declined) from a table of ids, by published id. An id may be typed as published, in
    the apostrophe-escaped form of the published CSV files, or, with the private ``side``, as in the
    organiser's own pool file (whose id column may then name the column instead of ``id``)."""
    table = read_table(path)
    problems = ProblemCollector()
    columns = list(dict.fromkeys(["id", *([side.id_column] if side is not None else [])]))
    at = next((i for c in columns if (i := table.column_index(c)) is not None), None)
    if at is None:
        problems.add(
            "missing-column", file=table.file, row=1, column=" | ".join(columns), available=", ".join(table.header)
        )
        problems.raise_if_any()
    assert at is not None
    forms = side.aliases() if side is not None else id_forms({pid: pid for pid in state.original.pool.ids})
    unknown = "replace-unknown-id-private" if side is not None else "replace-unknown-id"
    id_column = side.id_column if side is not None else "id"
    panel = set(state.panel)
    dropouts: list[str] = []
    declined: list[str] = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        typed = row[at]
        pid = forms.get(typed)
        if pid is None:
            problems.add(
                unknown, file=table.file, row=number, column=table.header[at], value=typed, id_column=id_column
            )
        elif not pid:
            problems.add("replace-ambiguous-id", file=table.file, row=number, column=table.header[at], value=typed)
        elif pid in dropouts or pid in declined:
            problems.add("replace-duplicate-id", file=table.file, row=number, column=table.header[at], value=typed)
        elif pid in panel:
            dropouts.append(pid)
        else:
            declined.append(pid)
    if not dropouts and not problems:
        problems.add("replace-no-dropout", file=table.file)
    problems.raise_if_any()
    return sorted(dropouts), sorted(declined)


@dataclass(frozen=True)
class Residual:
    """The residual problem and how it was derived (shown to the organiser, recorded in the commitment)."""

    instance: Instance
    kept: tuple[str, ...]
    dropouts: tuple[str, ...]
    declined: tuple[str, ...]
    excluded: tuple[str, ...]
    table: tuple[tuple[str, str, int, int, int, int, int], ...]  # category, value, min, max, kept, min', max'
    relaxation: tuple[tuple[str, str, str, int, int], ...] = field(default=())


def residual_problem(
    state: DrawState,
    dropouts: Sequence[str],
    declined: Sequence[str],
    relaxation: Sequence[tuple[str, str, str, int, int]] = (),
) -> Residual:
    """The residual problem (module docstring); ``relaxation`` rows (category, value, side, old, new) change
    residual bounds, as accepted by the organiser."""
    original = state.original
    index = original.pool.index
    kept = tuple(sorted(set(state.panel) - set(dropouts)))
    excluded = tuple(sorted(state.excluded | set(dropouts) | set(declined)))
    blocked = set(state.panel) | set(excluded)
    if original.households is not None:
        homes = {original.households[index[pid]] for pid in kept}
        blocked |= {pid for pid, h in zip(original.pool.ids, original.households, strict=True) if h in homes}
    eligible = [pid for pid in original.pool.ids if pid not in blocked]
    changes = {(c, v, side): new for c, v, side, _, new in relaxation}
    quotas = []
    table = []
    for q in original.quotas:
        count = sum(1 for pid in kept if original.pool.columns[q.category][index[pid]] == q.value)
        low = changes.get((q.category, q.value, "min"), max(0, q.min - count))
        high = changes.get((q.category, q.value, "max"), q.max - count)
        quotas.append(Quota(q.category, q.value, low, high, q.share, q.row))
        table.append((q.category, q.value, q.min, q.max, count, low, high))
    columns = {c: tuple(original.pool.columns[c][index[pid]] for pid in eligible) for c in original.pool.columns}
    instance = Instance(
        Pool(tuple(eligible), columns), Quotas(tuple(quotas)), len(dropouts), original.household_columns
    )
    return Residual(instance, kept, tuple(dropouts), tuple(declined), excluded, tuple(table), tuple(relaxation))


def relaxation_from_repair(residual: Residual, repair: Repair) -> tuple[tuple[str, str, str, int, int], ...]:
    return tuple((c.category, c.value, c.side, c.old, c.new) for c in repair.changes)


def commitment_extra(state: DrawState, residual: Residual, out: Path, mode: str) -> dict[str, Any]:
    """The fields linking a replacement to the previous draw, for its commitment."""
    original = state.original
    index = original.pool.index
    kept_rows = [[pid, *(original.pool.columns[c][index[pid]] for c in original.categories)] for pid in residual.kept]
    return {
        "previous": {
            "path": os.path.relpath(state.directory.resolve(), out.resolve()),
            "audit_sha256": state.audit_sha256,
            "commitment_sha256": state.commitment_sha256,
        },
        "replacement": {
            "round": state.round + 1,
            "mode": mode,
            "dropouts": list(residual.dropouts),
            "declined": list(residual.declined),
            "excluded": list(residual.excluded),
            "kept": kept_rows,
            "relaxation": [list(r) for r in residual.relaxation],
        },
    }


def feasibility(residual: Residual) -> FeasibilityReport:
    return check(residual.instance)


def reserve_walk(state: DrawState, residual: Residual) -> tuple[list[str], list[str]] | None:
    """Mode "reserves": walk the reserve list; take a reserve when the residual quotas can still be met
    with them and reserves further down. Returns (taken, considered) or None if the list runs out."""
    instance = residual.instance
    eligible = set(instance.pool.ids)
    order = [pid for pid in state.reserves if pid in eligible]
    taken: list[str] = []
    considered: list[str] = []
    for i, pid in enumerate(order):
        if len(taken) == instance.k:
            break
        considered.append(pid)
        trial = [*taken, pid]
        rest = order[i + 1 :]
        if _completable(instance, trial, rest):
            taken = trial
    return (taken, considered) if len(taken) == instance.k else None


def _completable(instance: Instance, chosen: Sequence[str], rest: Sequence[str]) -> bool:
    """Whether ``chosen`` plus some of ``rest`` make a valid residual panel (quotas, size, households)."""
    index = instance.pool.index
    need = instance.k - len(chosen)
    if need < 0:
        return False
    if instance.households is not None:
        homes = [instance.households[index[p]] for p in chosen]
        if len(set(homes)) < len(homes):
            return False
        rest = [p for p in rest if instance.households[index[p]] not in set(homes)]
    quotas = []
    for q in instance.quotas:
        count = sum(1 for p in chosen if instance.pool.columns[q.category][index[p]] == q.value)
        if count > q.max:
            return False
        quotas.append(Quota(q.category, q.value, max(0, q.min - count), q.max - count))
    if need == 0:
        return all(q.min == 0 for q in quotas)
    if len(rest) < need:
        return False
    ids = tuple(sorted(rest))
    columns = {c: tuple(instance.pool.columns[c][index[p]] for p in ids) for c in instance.pool.columns}
    sub = Instance(Pool(ids, columns), Quotas(tuple(quotas)), need, instance.household_columns)
    return check(sub, max_repairs=0).feasible


def reserves_record(
    state: DrawState,
    residual: Residual,
    taken: Sequence[str],
    considered: Sequence[str],
    extra: dict[str, Any],
    date: str | None,
) -> dict[str, bytes]:
    """The files of a reserve-mode replacement: commitment (link + residual problem), audit record, panel."""
    original = state.original
    index = original.pool.index
    commitment = {
        "format": COMMITMENT_FORMAT,
        "tool": tool_name(),
        "parameters": {
            "k": residual.instance.k,
            "algorithm": "reserve list",
            "household_rule": original.households is not None,
        },
        "seed_source": {"kind": "none"},
        "date": date or "",
        **extra,
    }
    commitment_bytes = canonical_json(commitment)
    full = sorted({*residual.kept, *taken})
    audit = {
        "format": AUDIT_FORMAT,
        "tool": tool_name(),
        "commitment_sha256": sha256_hex(commitment_bytes),
        "panel": sorted(taken),
        "full_panel": full,
        "considered": list(considered),
        "reserves": [],
        "date": date or "",
        "previous": commitment["previous"],
    }
    rows = [[pid, *(original.pool.columns[c][index[pid]] for c in original.categories)] for pid in full]
    return {
        "commitment.json": commitment_bytes,
        "audit.json": canonical_json(audit),
        "panel.csv": csv_bytes(["id", *original.categories], rows),
    }
