"""The draw from a public seed: the ticket, the panel and the ordered reserves, and the audit record.

``draw`` re-checks the prepared files against their commitment, derives the key from the commitment hash
and the seed (:mod:`sortition.protocol.sampler`), picks a ticket, then the members of each group of that
ticket's panel, then orders the reserves (docs/audit-protocol.md).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sortition.errors import DrawError
from sortition.protocol.canonical import canonical_json, sha256_hex
from sortition.protocol.files import csv_bytes
from sortition.protocol.formats import AUDIT_FORMAT
from sortition.protocol.published import Published, pool_values, read_published
from sortition.protocol.sampler import Stream, derive_key
from sortition.protocol.schema import valid_day
from sortition.protocol.seed import TYPED_KINDS, SeedSource, normalise_seed

DRAW_FILES = ("panel.csv", "reserves.csv", "audit.json")


@dataclass(frozen=True)
class Beacon:
    """A drand round as published by the beacon: round number, randomness, signature (hex)."""

    round: int
    randomness: str
    signature: str

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Beacon:
        try:
            return cls(int(data["round"]), str(data["randomness"]).lower(), str(data["signature"]).lower())
        except (KeyError, ValueError, TypeError) as exc:
            raise DrawError("draw.bad-beacon", reason=str(exc)) from exc

    def randomness_matches_signature(self) -> bool:
        """drand's randomness is SHA-256 of the round's signature: checkable offline, no key needed."""
        try:
            return hashlib.sha256(bytes.fromhex(self.signature)).hexdigest() == self.randomness
        except ValueError:
            return False

    def seed_text(self, chain: str) -> str:
        return f"drand:{chain}:{self.round}:{self.randomness}"


@dataclass(frozen=True)
class Outcome:
    key: str
    ticket: int
    panel_index: int
    panel: tuple[str, ...]
    reserves: tuple[str, ...]
    seed: str = ""  # the seed text the key was derived from (canonical for a typed source)


def derive_outcome(published: Published, seed: str) -> Outcome:
    """Ticket, panel and reserve order from the commitment hash and the seed (docs/audit-protocol.md)."""
    key = derive_key(published.commitment_hash, seed)
    stream = Stream(key)
    lottery = published.lottery
    total = int(lottery["tickets"])
    ticket = stream.uniform(total)
    start = 0
    panel_index = -1
    for j, panel in enumerate(lottery["panels"]):
        count = int(panel["tickets"])
        if start <= ticket < start + count:
            panel_index = j
            break
        start += count
    if panel_index < 0:
        raise DrawError("draw.tickets-do-not-cover", total=total)
    chosen: list[str] = []
    groups = lottery["groups"]
    for g, count in sorted((int(g), int(c)) for g, c in lottery["panels"][panel_index]["counts"]):
        chosen.extend(stream.choose(sorted(groups[g]["members"]), count))
    selected = set(chosen)
    households = published.pool_doc()["households"]
    blocked = {pid for members in households if selected & set(members) for pid in members}
    others = sorted(pid for group in groups for pid in group["members"] if pid not in selected and pid not in blocked)
    reserves = stream.shuffle(others)
    return Outcome(key.hex(), ticket, panel_index, tuple(sorted(chosen)), tuple(reserves), seed)


def check_seed(published: Published, seed: str | None, beacon: Beacon | None) -> str:
    """The seed text to use; raises DrawError when it contradicts the announced source."""
    source = published.commitment.get("seed_source", {})
    kind = source.get("kind")
    if beacon is not None:
        if kind != "drand":
            raise DrawError("draw.beacon-not-announced", announced=source.get("description", kind))
        if beacon.round != int(source.get("round", -1)):
            raise DrawError("draw.wrong-round", announced=source.get("round"), got=beacon.round)
        if not beacon.randomness_matches_signature():
            raise DrawError("draw.beacon-randomness")
        return beacon.seed_text(str(source.get("chain")))
    if seed is None:
        raise DrawError("draw.no-seed")
    if kind == "drand":
        raise DrawError("draw.drand-needs-beacon", description=source.get("description"))
    if kind in TYPED_KINDS:
        return SeedSource.from_dict(source).canonical_result(seed)
    try:
        return normalise_seed(seed)
    except ValueError as exc:
        raise DrawError("draw.empty-seed") from exc


def verify_hashes(published: Published) -> list[tuple[str, bool, str]]:
    """(file, matches, detail) for the pool, quotas and lottery against the commitment."""
    c = published.commitment
    out = []
    pool_hash = sha256_hex(canonical_json(published.pool_doc()))
    out.append(("pool.csv", pool_hash == c.get("pool_sha256"), pool_hash))
    quotas_hash = sha256_hex(canonical_json(published.quotas_doc()))
    out.append(("quotas.csv", quotas_hash == c.get("quotas_sha256"), quotas_hash))
    lottery_hash = sha256_hex(published.lottery_bytes)
    out.append(("lottery.json", lottery_hash == c.get("lottery_sha256"), lottery_hash))
    return out


def full_panel_rows(published: Published, drawn: Sequence[str]) -> list[list[str]]:
    """[id, values...] of the whole panel after a draw, sorted by id: the persons drawn plus, for a
    replacement, the members kept from the previous panel (listed in the commitment with their values)."""
    values = pool_values(published)
    categories = list(published.lottery["categories"])
    rows = [[pid, *(values[pid][c] for c in categories)] for pid in drawn]
    kept = published.commitment.get("replacement", {}).get("kept", [])
    rows += [list(row) for row in kept]
    return sorted(rows)


def draw(
    directory: str | os.PathLike[str],
    *,
    seed: str | None = None,
    beacon: dict[str, Any] | None = None,
    date: str | None = None,
) -> tuple[dict[str, bytes], Outcome]:
    """The files a draw adds (panel.csv, reserves.csv, audit.json) and its outcome. Refuses a directory that
    already holds a draw (a commitment is drawn once), a prepared file that no longer matches the commitment,
    and a seed that contradicts the announced source or is not a possible result of it."""
    drawn = [name for name in DRAW_FILES if os.path.lexists(os.path.join(directory, name))]
    if drawn:
        raise DrawError("draw.already-drawn", directory=str(directory), files=", ".join(drawn))
    if date and not valid_day(date):
        raise DrawError("draw.bad-date", date=date)
    published = read_published(directory)
    bad = [name for name, ok, _ in verify_hashes(published) if not ok]
    if bad:
        raise DrawError("draw.tampered", files=", ".join(bad))
    parsed_beacon = Beacon.parse(beacon) if beacon is not None else None
    seed_text = check_seed(published, seed, parsed_beacon)
    outcome = derive_outcome(published, seed_text)
    values = pool_values(published)
    categories = list(published.lottery["categories"])
    full_panel = full_panel_rows(published, outcome.panel)
    panel_csv = csv_bytes(["id", *categories], full_panel)
    reserves_csv = csv_bytes(
        ["rank", "id", *categories],
        [[rank, pid, *(values[pid][c] for c in categories)] for rank, pid in enumerate(outcome.reserves, start=1)],
    )
    record: dict[str, Any] = {
        "format": AUDIT_FORMAT,
        "tool": published.commitment.get("tool"),  # the protocol the commitment names (docs/audit-protocol.md)
        "commitment_sha256": published.commitment_hash,
        "seed": {"text": seed_text, "source": published.commitment.get("seed_source", {})},
        "key": outcome.key,
        "ticket": outcome.ticket,
        "panel_index": outcome.panel_index,
        "panel": list(outcome.panel),
        "full_panel": [row[0] for row in full_panel],
        "reserves": list(outcome.reserves),
        "date": date or "",
        "previous": published.commitment.get("previous", ""),
    }
    if parsed_beacon is not None:
        record["seed"]["beacon"] = {
            "round": parsed_beacon.round,
            "randomness": parsed_beacon.randomness,
            "signature": parsed_beacon.signature,
            "signature_checked": False,
        }
    return {"panel.csv": panel_csv, "reserves.csv": reserves_csv, "audit.json": canonical_json(record)}, outcome
