"""The draw from a public seed, the audit record, and its verification from the published files alone.

``draw`` re-checks the prepared files against their commitment, derives the key from the commitment hash
and the seed (:mod:`sortition.randomness`), picks a ticket, then the members of each group of that ticket's
panel, then orders the reserves. ``verify`` trusts nothing: it re-reads the published files, recomputes
every hash, re-checks every panel of the lottery against the quotas, recomputes the probabilities as
exact fractions, and re-derives the ticket, the panel and the reserves. Each check is reported by name.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from sortition._version import __version__
from sortition.canonical import canonical_json, is_canonical, pool_document, sha256_hex
from sortition.errors import InputError, SortitionError
from sortition.instance import Instance, Pool, Quota, Quotas
from sortition.io import Table, csv_bytes, from_spreadsheet_safe, read_table
from sortition.publish import COMMITMENT_FORMAT, fraction_text, ticket_probabilities
from sortition.randomness import Stream, derive_key, normalise_seed

AUDIT_FORMAT = "sortition-audit/1"
DRAW_FILES = ("panel.csv", "reserves.csv", "audit.json")


class DrawError(SortitionError):
    """The draw cannot go ahead (files altered since the commitment, wrong beacon round, ...)."""

    code = "draw"

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        from sortition.messages import translate

        super().__init__(translate(key, "en", **params))


# --- reading the published files -----------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The published files of a draw directory, parsed."""

    directory: Path
    commitment: dict[str, Any]
    commitment_bytes: bytes
    lottery: dict[str, Any]
    lottery_bytes: bytes
    pool_header: tuple[str, ...]
    pool_rows: tuple[tuple[str, ...], ...]
    quotas: list[list[Any]]

    @property
    def commitment_hash(self) -> str:
        return sha256_hex(self.commitment_bytes)

    def pool_doc(self) -> dict[str, Any]:
        categories = list(self.pool_header[1:])
        households: dict[str, list[str]] = {}
        if categories and categories[-1] == "household" and self.commitment["parameters"].get("household_rule"):
            categories = categories[:-1]
            for row in self.pool_rows:
                if row[-1]:
                    households.setdefault(row[-1], []).append(row[0])
        width = 1 + len(categories)
        return pool_document(
            [r[0] for r in self.pool_rows], categories, [list(r[1:width]) for r in self.pool_rows],
            list(households.values()),
        )

    def quotas_doc(self) -> dict[str, Any]:
        return {"format": "sortition-quotas/1", "quotas": sorted(self.quotas)}


def _unsafe(table: Table) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    header = tuple(from_spreadsheet_safe(h) for h in table.header)
    rows = tuple(tuple(from_spreadsheet_safe(c) for c in row) for row in table.rows)
    return header, rows


def read_published(directory: str | os.PathLike[str]) -> Published:
    """Parse the prepared files; raises InputError naming any missing or unreadable file."""
    root = Path(directory)
    missing = [name for name in ("commitment.json", "lottery.json", "pool.csv", "quotas.csv")
               if not (root / name).is_file()]
    if missing:
        from sortition.errors import ProblemCollector

        problems = ProblemCollector()
        for name in missing:
            problems.add("file-not-found", file=str(root / name))
        problems.raise_if_any()
    commitment_bytes = (root / "commitment.json").read_bytes()
    lottery_bytes = (root / "lottery.json").read_bytes()
    try:
        commitment = json.loads(commitment_bytes.decode("utf-8"))
        lottery = json.loads(lottery_bytes.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DrawError("draw.unreadable-json", reason=str(exc)) from exc
    if commitment.get("format") != COMMITMENT_FORMAT:
        raise DrawError("draw.not-a-commitment", file=str(root / "commitment.json"))
    pool_header, pool_rows = _unsafe(read_table(root / "pool.csv"))
    _, quota_rows = _unsafe(read_table(root / "quotas.csv"))
    quotas = []
    for row in quota_rows:
        try:
            quotas.append([row[0], row[1], int(row[2]), int(row[3]), row[4] if len(row) > 4 else ""])
        except (ValueError, IndexError) as exc:
            raise DrawError("draw.bad-quotas-file", row=",".join(row)) from exc
    return Published(root, commitment, commitment_bytes, lottery, lottery_bytes, pool_header, pool_rows, quotas)


# --- the draw -----------------------------------------------------------------------------------------


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
    return Outcome(key.hex(), ticket, panel_index, tuple(sorted(chosen)), tuple(reserves))


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


def pool_values(published: Published) -> dict[str, dict[str, str]]:
    doc = published.pool_doc()
    return {row[0]: dict(zip(doc["categories"], row[1:], strict=True)) for row in doc["persons"]}


def draw(
    directory: str | os.PathLike[str],
    *,
    seed: str | None = None,
    beacon: dict[str, Any] | None = None,
    date: str | None = None,
) -> tuple[dict[str, bytes], Outcome]:
    """The files a draw adds (panel.csv, reserves.csv, audit.json) and its outcome. Refuses if a prepared
    file no longer matches the commitment, or if the seed contradicts the announced source."""
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
        "tool": f"sortition-toolkit {__version__}",
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


# --- verification -------------------------------------------------------------------------------------


@dataclass
class Check:
    """One verification step: ``status`` is "pass", "fail" or "manual" (a human must compare with a public
    record); ``key`` names the check in the message catalogue; ``params`` fill its message."""

    key: str
    status: str
    params: dict[str, Any] = field(default_factory=dict)


def _panel_rule_checks(published: Published) -> list[Check]:
    """Every panel of the lottery meets size k, every quota and the household rule; groups partition the
    pool and their profiles match the pool's values."""
    lottery = published.lottery
    values = pool_values(published)
    categories = list(lottery["categories"])
    checks: list[Check] = []
    seen: dict[str, int] = {}
    bad_groups = []
    for g, group in enumerate(lottery["groups"]):
        for pid in group["members"]:
            if pid in seen or pid not in values or [values[pid][c] for c in categories] != list(group["profile"]):
                bad_groups.append(g)
            seen[pid] = g
    partition_ok = not bad_groups and set(seen) == set(values)
    checks.append(Check("verify.groups", "pass" if partition_ok else "fail",
                        {"groups": len(lottery["groups"]), "persons": len(values)}))
    bounds = {(q[0], q[1]): (q[2], q[3]) for q in published.quotas}
    households = published.pool_doc()["households"]
    group_of = seen
    household_groups = [[group_of.get(pid, -1) for pid in members] for members in households]
    bad_panels: list[int] = []
    k = int(lottery["k"])
    for j, panel in enumerate(lottery["panels"]):
        counts = {int(g): int(c) for g, c in panel["counts"]}
        ok = sum(counts.values()) == k and all(
            0 < c <= len(lottery["groups"][g]["members"]) for g, c in counts.items()
        )
        tally: dict[tuple[str, str], int] = dict.fromkeys(bounds, 0)
        for g, c in counts.items():
            for category, value in zip(categories, lottery["groups"][g]["profile"], strict=True):
                key = (category, value)
                if key not in tally:
                    ok = False
                    continue
                tally[key] += c
        ok = ok and all(bounds[key][0] <= n <= bounds[key][1] for key, n in tally.items())
        ok = ok and all(sum(counts.get(g, 0) for g in members) <= 1 for members in household_groups)
        if not ok:
            bad_panels.append(j)
    checks.append(Check(
        "verify.panels", "pass" if not bad_panels else "fail",
        {"panels": len(lottery["panels"]), "bad": ", ".join(map(str, bad_panels[:10]))},
    ))
    return checks


def _ticket_checks(published: Published) -> list[Check]:
    lottery = published.lottery
    total = sum(int(p["tickets"]) for p in lottery["panels"])
    announced = int(published.commitment["parameters"]["tickets"])
    checks = [Check("verify.tickets-total", "pass" if total == announced == int(lottery["tickets"]) else "fail",
                    {"total": total, "announced": announced})]
    table_path = published.directory / "tickets.csv"
    expected: list[list[str]] = []
    start = 0
    for j, panel in enumerate(lottery["panels"]):
        n = int(panel["tickets"])
        if n:
            expected.append([str(start), str(start + n - 1), str(n), str(j)])
            start += n
    try:
        _, rows = _unsafe(read_table(table_path))
        ok = [list(r) for r in rows] == expected
    except InputError:
        ok = False
    checks.append(Check("verify.tickets-table", "pass" if ok else "fail", {"file": "tickets.csv"}))
    exact = ticket_probabilities(lottery)
    try:
        _, rows = _unsafe(read_table(published.directory / "probabilities.csv"))
        claimed = {r[0]: r[2] for r in rows}
        wrong = sorted(pid for pid, p in exact.items() if claimed.get(pid) != fraction_text(p))
        wrong += sorted(set(claimed) - set(exact))
        ok = not wrong
    except (InputError, IndexError):
        wrong, ok = ["(unreadable)"], False
    checks.append(Check("verify.probabilities", "pass" if ok else "fail",
                        {"wrong": ", ".join(wrong[:5]), "count": len(wrong)}))
    return checks


def verify(directory: str | os.PathLike[str], *, resolve: bool = False, tolerance: float = 1e-6) -> list[Check]:
    """Every check of the draw in ``directory``, in order. Never raises on a bad draw: it reports."""
    root = Path(directory)
    checks: list[Check] = []
    link = _replacement_link(root)
    if link is not None and link.get("replacement", {}).get("mode") == "reserves":
        return _reserve_mode_checks(root)
    try:
        published = read_published(root)
    except (InputError, DrawError) as exc:
        return [Check("verify.files", "fail", {"reason": str(exc).splitlines()[-1]})]
    checks.append(Check("verify.files", "pass", {"reason": ""}))
    checks.append(Check("verify.canonical", "pass" if is_canonical(published.commitment_bytes)
                        and is_canonical(published.lottery_bytes) else "fail", {}))
    for name, ok, digest in verify_hashes(published):
        checks.append(Check("verify.hash", "pass" if ok else "fail", {"file": name, "digest": digest[:16]}))
    checks += _panel_rule_checks(published)
    checks += _ticket_checks(published)
    audit_path = root / "audit.json"
    if not audit_path.is_file():
        checks.append(Check("verify.not-drawn", "manual", {}))
        return checks
    audit_bytes = audit_path.read_bytes()
    try:
        audit = json.loads(audit_bytes.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        checks.append(Check("verify.audit-readable", "fail", {}))
        return checks
    checks.append(Check("verify.audit-canonical", "pass" if is_canonical(audit_bytes) else "fail", {}))
    checks.append(Check("verify.commitment", "pass" if audit.get("commitment_sha256") == published.commitment_hash
                        else "fail", {"hash": published.commitment_hash[:16]}))
    checks += _seed_checks(published, audit)
    seed_text = str(audit.get("seed", {}).get("text", ""))
    try:
        outcome = derive_outcome(published, seed_text)
    except (ValueError, DrawError):
        checks.append(Check("verify.key", "fail", {}))
        return checks
    checks.append(Check("verify.key", "pass" if audit.get("key") == outcome.key else "fail", {}))
    checks.append(Check("verify.ticket", "pass" if audit.get("ticket") == outcome.ticket else "fail",
                        {"ticket": outcome.ticket, "last": int(published.lottery["tickets"]) - 1}))
    panel_ok = list(audit.get("panel", [])) == list(outcome.panel) and audit.get("panel_index") == outcome.panel_index
    panel_ok = panel_ok and (root / "panel.csv").is_file() and (root / "panel.csv").read_bytes() == csv_bytes(
        ["id", *published.lottery["categories"]], full_panel_rows(published, outcome.panel)
    )
    panel_ok = panel_ok and list(audit.get("full_panel", [])) == [r[0] for r in full_panel_rows(published,
                                                                                                   outcome.panel)]
    checks.append(Check("verify.panel", "pass" if panel_ok else "fail",
                        {"panel": outcome.panel_index, "size": len(outcome.panel)}))
    reserves_ok = list(audit.get("reserves", [])) == list(outcome.reserves)
    reserves_ok = reserves_ok and _csv_matches(root / "reserves.csv", published, outcome.reserves, ranked=True)
    checks.append(Check("verify.reserves", "pass" if reserves_ok else "fail", {"count": len(outcome.reserves)}))
    if resolve:
        checks.append(_resolve_check(published, tolerance))
    if link is not None:
        checks += _chain_checks(root)
    return checks


def _replacement_link(root: Path) -> dict[str, Any] | None:
    """The commitment of a replacement (it has a ``previous`` link), else None."""
    try:
        commitment = json.loads((root / "commitment.json").read_bytes())
    except (OSError, ValueError):
        return None
    return commitment if isinstance(commitment, dict) and commitment.get("previous") else None


def _chain_checks(root: Path) -> list[Check]:
    from sortition.replace import verify_chain

    try:
        return [Check(key, status, params) for key, status, params in verify_chain(root)]
    except (OSError, ValueError, KeyError, InputError, DrawError) as exc:
        return [Check("replace.check-link", "fail", {"path": str(exc)[:80]})]


def _reserve_mode_checks(root: Path) -> list[Check]:
    """A reserve-list replacement has no lottery: its record must point at its commitment, and the walk
    down the reserve list must re-derive (chain checks)."""
    checks: list[Check] = []
    try:
        audit_bytes = (root / "audit.json").read_bytes()
        audit = json.loads(audit_bytes)
    except (OSError, ValueError):
        return [Check("verify.audit-readable", "fail", {})]
    commitment_hash = sha256_hex((root / "commitment.json").read_bytes())
    checks.append(Check("verify.canonical", "pass" if is_canonical((root / "commitment.json").read_bytes())
                        and is_canonical(audit_bytes) else "fail", {}))
    checks.append(Check("verify.commitment", "pass" if audit.get("commitment_sha256") == commitment_hash else "fail",
                        {"hash": commitment_hash[:16]}))
    return checks + _chain_checks(root)


def _csv_matches(path: Path, published: Published, ids: Sequence[str], *, ranked: bool) -> bool:
    if not path.is_file():
        return False
    values = pool_values(published)
    categories = list(published.lottery["categories"])
    rows: list[list[object]] = [[pid, *(values[pid][c] for c in categories)] for pid in ids]
    if ranked:
        rows = [[rank, *r] for rank, r in enumerate(rows, start=1)]
    header = (["rank"] if ranked else []) + ["id", *categories]
    return path.read_bytes() == csv_bytes(header, rows)


def _seed_checks(published: Published, audit: dict[str, Any]) -> list[Check]:
    source = published.commitment.get("seed_source", {})
    seed = audit.get("seed", {})
    kind = source.get("kind")
    text = str(seed.get("text", ""))
    if kind == "unannounced":
        return [Check("verify.seed-unannounced", "fail", {})]
    if kind == "drand":
        beacon_data = seed.get("beacon")
        if not beacon_data:
            return [Check("verify.seed-drand", "fail", {"round": source.get("round"), "detail": "no beacon"})]
        beacon = Beacon.parse(beacon_data)
        ok = (
            beacon.round == int(source.get("round", -1))
            and beacon.randomness_matches_signature()
            and text == beacon.seed_text(str(source.get("chain")))
        )
        return [
            Check("verify.seed-drand", "pass" if ok else "fail", {"round": beacon.round, "detail": ""}),
            Check("verify.seed-signature", "manual", {"chain": source.get("chain"), "round": beacon.round}),
        ]
    if kind == "rehearsal":
        return [Check("verify.seed-rehearsal", "manual", {"seed": text})]
    return [Check("verify.seed-text", "manual", {"announced": source.get("description", ""), "seed": text})]


def published_instance(published: Published) -> Instance:
    """The instance as the published files describe it (pseudonymous ids, category values, households,
    quotas with their shares): what an auditor, the report or a replacement works from."""
    doc = published.pool_doc()
    categories = doc["categories"]
    ids = tuple(row[0] for row in doc["persons"])
    columns = {c: tuple(row[1 + i] for row in doc["persons"]) for i, c in enumerate(categories)}
    household_columns: tuple[str, ...] = ()
    if published.commitment["parameters"].get("household_rule"):
        label = {pid: f"h{h}" for h, members in enumerate(doc["households"]) for pid in members}
        columns["household"] = tuple(label.get(pid, "") for pid in ids)
        household_columns = ("household",)
    quotas = Quotas(tuple(
        Quota(q[0], q[1], q[2], q[3], Fraction(q[4]) if q[4] else None) for q in published.quotas
    ))
    return Instance(Pool(ids, columns), quotas, int(published.lottery["k"]), household_columns)


def _resolve_check(published: Published, tolerance: float) -> Check:
    """Re-solve LEXIMIN from the published pool and quotas with this machine's solver; the ticket
    lottery's least probability must be within the rounding deviation (plus ``tolerance``) of it."""
    from sortition.algorithms import solve

    optimum = solve(published_instance(published), "leximin").min_probability
    exact = ticket_probabilities(published.lottery)
    least = float(min(exact.values()))
    deviation = float(published.lottery.get("rounding", {}).get("max_deviation", "0"))
    ok = least >= optimum - deviation - tolerance
    return Check("verify.resolve", "pass" if ok else "fail",
                 {"least": f"{least:.6f}", "optimum": f"{optimum:.6f}", "deviation": f"{deviation:.6f}"})
