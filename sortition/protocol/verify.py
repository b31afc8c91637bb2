"""Verification of a draw directory from its published files alone.

``verify`` trusts nothing: it re-reads the published files, recomputes every hash, re-checks every panel
of the lottery against the quotas, recomputes the probabilities as exact fractions, re-derives the ticket,
the panel and the reserves, and for a replacement follows the chain back to the first draw. Each check is
reported by name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sortition.errors import DrawError, InputError
from sortition.load.tables import read_table
from sortition.model.instance import Instance
from sortition.protocol.canonical import is_canonical, sha256_hex
from sortition.protocol.commit import fraction_text, ticket_probabilities
from sortition.protocol.draw import Beacon, derive_outcome, full_panel_rows, verify_hashes
from sortition.protocol.files import csv_bytes
from sortition.protocol.published import Published, pool_values, published_instance, read_published, unsafe_rows
from sortition.protocol.replace import commitment_extra, draw_state, reserve_walk, reserves_record, residual_problem
from sortition.solve import solve


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
    checks.append(
        Check(
            "verify.groups",
            "pass" if partition_ok else "fail",
            {"groups": len(lottery["groups"]), "persons": len(values)},
        )
    )
    bounds = {(q[0], q[1]): (q[2], q[3]) for q in published.quotas}
    households = published.pool_doc()["households"]
    group_of = seen
    household_groups = [[group_of.get(pid, -1) for pid in members] for members in households]
    bad_panels: list[int] = []
    k = int(lottery["k"])
    for j, panel in enumerate(lottery["panels"]):
        counts = {int(g): int(c) for g, c in panel["counts"]}
        ok = sum(counts.values()) == k and all(0 < c <= len(lottery["groups"][g]["members"]) for g, c in counts.items())
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
    checks.append(
        Check(
            "verify.panels",
            "pass" if not bad_panels else "fail",
            {"panels": len(lottery["panels"]), "bad": ", ".join(map(str, bad_panels[:10]))},
        )
    )
    return checks


def _ticket_checks(published: Published) -> list[Check]:
    lottery = published.lottery
    total = sum(int(p["tickets"]) for p in lottery["panels"])
    announced = int(published.commitment["parameters"]["tickets"])
    checks = [
        Check(
            "verify.tickets-total",
            "pass" if total == announced == int(lottery["tickets"]) else "fail",
            {"total": total, "announced": announced},
        )
    ]
    table_path = published.directory / "tickets.csv"
    expected: list[list[str]] = []
    start = 0
    for j, panel in enumerate(lottery["panels"]):
        n = int(panel["tickets"])
        if n:
            expected.append([str(start), str(start + n - 1), str(n), str(j)])
            start += n
    try:
        _, rows = unsafe_rows(read_table(table_path))
        ok = [list(r) for r in rows] == expected
    except InputError:
        ok = False
    checks.append(Check("verify.tickets-table", "pass" if ok else "fail", {"file": "tickets.csv"}))
    exact = ticket_probabilities(lottery)
    try:
        _, rows = unsafe_rows(read_table(published.directory / "probabilities.csv"))
        claimed = {r[0]: r[2] for r in rows}
        wrong = sorted(pid for pid, p in exact.items() if claimed.get(pid) != fraction_text(p))
        wrong += sorted(set(claimed) - set(exact))
        ok = not wrong
    except (InputError, IndexError):
        wrong, ok = ["(unreadable)"], False
    checks.append(
        Check("verify.probabilities", "pass" if ok else "fail", {"wrong": ", ".join(wrong[:5]), "count": len(wrong)})
    )
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
    checks.append(
        Check(
            "verify.canonical",
            "pass" if is_canonical(published.commitment_bytes) and is_canonical(published.lottery_bytes) else "fail",
            {},
        )
    )
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
    checks.append(
        Check(
            "verify.commitment",
            "pass" if audit.get("commitment_sha256") == published.commitment_hash else "fail",
            {"hash": published.commitment_hash[:16]},
        )
    )
    checks += _seed_checks(published, audit)
    seed_text = str(audit.get("seed", {}).get("text", ""))
    try:
        outcome = derive_outcome(published, seed_text)
    except (ValueError, DrawError):
        checks.append(Check("verify.key", "fail", {}))
        return checks
    checks.append(Check("verify.key", "pass" if audit.get("key") == outcome.key else "fail", {}))
    checks.append(
        Check(
            "verify.ticket",
            "pass" if audit.get("ticket") == outcome.ticket else "fail",
            {"ticket": outcome.ticket, "last": int(published.lottery["tickets"]) - 1},
        )
    )
    panel_ok = list(audit.get("panel", [])) == list(outcome.panel) and audit.get("panel_index") == outcome.panel_index
    panel_ok = (
        panel_ok
        and (root / "panel.csv").is_file()
        and (root / "panel.csv").read_bytes()
        == csv_bytes(["id", *published.lottery["categories"]], full_panel_rows(published, outcome.panel))
    )
    panel_ok = panel_ok and list(audit.get("full_panel", [])) == [
        r[0] for r in full_panel_rows(published, outcome.panel)
    ]
    checks.append(
        Check(
            "verify.panel", "pass" if panel_ok else "fail", {"panel": outcome.panel_index, "size": len(outcome.panel)}
        )
    )
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
    checks.append(
        Check(
            "verify.canonical",
            "pass" if is_canonical((root / "commitment.json").read_bytes()) and is_canonical(audit_bytes) else "fail",
            {},
        )
    )
    checks.append(
        Check(
            "verify.commitment",
            "pass" if audit.get("commitment_sha256") == commitment_hash else "fail",
            {"hash": commitment_hash[:16]},
        )
    )
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


def _resolve_check(published: Published, tolerance: float) -> Check:
    """Re-solve LEXIMIN from the published pool and quotas with this machine's solver; the ticket
    lottery's least probability must be within the rounding deviation (plus ``tolerance``) of it."""
    optimum = solve(published_instance(published), "leximin").min_probability
    exact = ticket_probabilities(published.lottery)
    least = float(min(exact.values()))
    deviation = float(published.lottery.get("rounding", {}).get("max_deviation", "0"))
    ok = least >= optimum - deviation - tolerance
    return Check(
        "verify.resolve",
        "pass" if ok else "fail",
        {"least": f"{least:.6f}", "optimum": f"{optimum:.6f}", "deviation": f"{deviation:.6f}"},
    )


def verify_chain(directory: str | os.PathLike[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """Chain checks of a replacement directory: (message key, status, parameters)."""
    path = Path(directory)
    out: list[tuple[str, str, dict[str, Any]]] = []
    commitment = json.loads((path / "commitment.json").read_bytes())
    link = commitment["previous"]
    previous = (path / link["path"]).resolve()
    if not (previous / "audit.json").is_file():
        return [("replace.check-previous-missing", "fail", {"path": str(previous)})]
    ok = sha256_hex((previous / "audit.json").read_bytes()) == link.get("audit_sha256") and sha256_hex(
        (previous / "commitment.json").read_bytes()
    ) == link.get("commitment_sha256")
    out.append(("replace.check-link", "pass" if ok else "fail", {"path": link["path"]}))
    earlier = verify(previous)
    failed = sum(1 for c in earlier if c.status == "fail")
    out.append(("replace.check-previous", "pass" if failed == 0 else "fail", {"failed": failed}))
    state = draw_state(previous)
    replacement = commitment["replacement"]
    dropouts, declined = list(replacement["dropouts"]), list(replacement["declined"])
    relaxation = [tuple(r) for r in replacement.get("relaxation", [])]
    residual = residual_problem(state, dropouts, declined, relaxation)
    expected = commitment_extra(state, residual, path, replacement["mode"])
    consistent = (
        set(dropouts) <= set(state.panel)
        and not set(declined) & set(state.panel)
        and expected["replacement"] == replacement
        and expected["previous"] == link
    )
    out.append(("replace.check-residual", "pass" if consistent else "fail", {"round": replacement["round"]}))
    if replacement["mode"] == "fair":
        published = read_published(path)
        same = published.pool_doc()["persons"] == sorted(
            [
                pid,
                *(
                    residual.instance.pool.columns[c][residual.instance.pool.index[pid]]
                    for c in residual.instance.categories
                ),
            ]
            for pid in residual.instance.pool.ids
        ) and sorted(q[:4] for q in published.quotas) == sorted(
            [q.category, q.value, q.min, q.max] for q in residual.instance.quotas
        )
        out.append(("replace.check-residual-files", "pass" if same else "fail", {}))
    else:
        audit = json.loads((path / "audit.json").read_bytes())
        walked = reserve_walk(state, residual)
        ok = walked is not None and sorted(walked[0]) == audit["panel"] and walked[1] == audit["considered"]
        out.append(("replace.check-reserves", "pass" if ok else "fail", {}))
        expected_files = reserves_record(
            state, residual, audit["panel"], audit["considered"], expected, commitment.get("date")
        )
        same = (path / "panel.csv").is_file() and (path / "panel.csv").read_bytes() == expected_files["panel.csv"]
        out.append(("replace.check-panel-file", "pass" if same else "fail", {}))
    audit = json.loads((path / "audit.json").read_bytes())
    out.append(_full_panel_check(state.original, audit.get("full_panel", []), relaxation))
    return out


def _full_panel_check(
    original: Instance, full: Sequence[str], relaxation: Sequence[tuple[Any, ...]]
) -> tuple[str, str, dict[str, Any]]:
    """The whole new panel meets every original quota (relaxed as accepted) and the household rule."""
    index = original.pool.index
    ok = len(full) == original.k and all(pid in index for pid in full)
    loosened = {(c, v, side): new - old for c, v, side, old, new in relaxation}
    for q in original.quotas if ok else ():
        count = sum(1 for pid in full if original.pool.columns[q.category][index[pid]] == q.value)
        low = q.min + loosened.get((q.category, q.value, "min"), 0)
        high = q.max + loosened.get((q.category, q.value, "max"), 0)
        ok = ok and low <= count <= high
    if ok and original.households is not None:
        homes = [original.households[index[pid]] for pid in full]
        ok = len(set(homes)) == len(homes)
    return ("replace.check-full-panel", "pass" if ok else "fail", {"k": original.k})
