"""Verification of a draw directory from its published files alone, to the last byte.

``verify`` trusts nothing: it checks the directory holds only a draw's files, checks each JSON document
against its strict schema, recomputes every hash, regenerates every CSV file from what it derives from and
compares bytes, re-checks every panel of the lottery against the quotas, re-derives the ticket, the panel
and the reserves, rebuilds the audit record field by field, and for a replacement follows the chain back to
the first draw. Each check is reported by name; a failure says what differs (file, row, field, expected,
found). Given the commitment hash published before the seed (``commitment``), it also anchors the draw:
without it, every consistent rewrite of the directory would verify, so the verdict says so.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sortition.errors import DrawError, InputError
from sortition.protocol.canonical import is_canonical, sha256_hex
from sortition.protocol.checks import READ_ERRORS, Check, outcome_check
from sortition.protocol.commit import (
    PUBLIC_FILES,
    pool_csv,
    probabilities_csv,
    quotas_csv,
    ticket_probabilities,
    tickets_csv,
)
from sortition.protocol.compare import csv_difference, json_difference, short
from sortition.protocol.draw import DRAW_FILES, Beacon, derive_outcome, full_panel_rows, verify_hashes
from sortition.protocol.files import csv_bytes
from sortition.protocol.formats import AUDIT_FORMAT
from sortition.protocol.page import PAGE, verify_page
from sortition.protocol.published import Published, pool_values, published_instance, read_published
from sortition.protocol.schema import AUDIT, COMMITMENT, LOTTERY, RESERVE_AUDIT, RESERVE_COMMITMENT, problems
from sortition.protocol.seed import TYPED_KINDS, SeedSource, normalise_seed
from sortition.protocol.verify_chain import chain_checks
from sortition.protocol.verify_lottery import panel_rule_checks
from sortition.solve import solve

RESERVE_FILES = ("commitment.json", "audit.json", "panel.csv", PAGE)
UNCHECKED_FILES = re.compile(r"(report|rapport)[\w.-]*\.html")  # `sortition report` writes it into the directory


def guarded(name: str, step: Callable[[], list[Check]]) -> list[Check]:
    """Run ``step``; a file too malformed to be read gives a named FAIL instead of an exception."""
    try:
        return step()
    except (*READ_ERRORS, InputError, DrawError) as exc:
        reason = exc.key if isinstance(exc, DrawError) else type(exc).__name__
        return [Check("verify.unreadable", "fail", {"check": name, "reason": short(f"{reason}: {exc}", 90)})]


def _read(root: Path, name: str) -> bytes | None:
    path = root / name
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _json(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def verify(
    directory: str | os.PathLike[str],
    *,
    commitment: str | None = None,
    resolve: bool = False,
    tolerance: float = 1e-6,
) -> list[Check]:
    """Every check of the draw in ``directory``, in order. Never raises on a bad draw: it reports.
    ``commitment``: the commitment hash published before the seed (64 hexadecimal digits)."""
    root = Path(directory)
    commitment_bytes = _read(root, "commitment.json") if root.is_dir() else None
    if commitment_bytes is None:
        return [Check("verify.files", "fail", {"reason": "(commitment.json)"})]
    checks = [_anchor_check(commitment_bytes, commitment)]
    try:
        parsed = _json(commitment_bytes)
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict):
        return [*checks, Check("verify.files", "fail", {"reason": "(commitment.json)"})]
    parameters = parsed.get("parameters")
    reserve_mode = parsed.get("seed_source") == {"kind": "none"} or (
        isinstance(parameters, dict) and parameters.get("algorithm") == "reserve list"
    )
    checks += _contents_check(root, RESERVE_FILES if reserve_mode else (*PUBLIC_FILES, *DRAW_FILES))
    if reserve_mode:
        checks += guarded("reserves", lambda: _reserve_mode_checks(root, parsed, commitment_bytes))
    else:
        checks += _lottery_checks(root, resolve, tolerance)
    if "previous" in parsed or "replacement" in parsed:
        checks += guarded("chain", lambda: chain_checks(root, verify))
    return checks


def _anchor_check(commitment_bytes: bytes, given: str | None) -> Check:
    actual = sha256_hex(commitment_bytes)
    if given is None:
        return Check("verify.not-anchored", "manual", {"hash": actual})
    wanted = given.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", wanted):
        return Check("verify.anchor", "fail", {"hash": actual}, "verify.d-bad-hash", {"given": short(given)})
    difference = None if wanted == actual else ("verify.d-anchor", {"expected": wanted, "found": actual})
    return outcome_check("verify.anchor", {"hash": actual}, difference)


def _links_here(folder: Path, root: Path) -> bool:
    """Whether ``folder`` holds a replacement whose chain of links leads back to ``root`` (``DIR/replacement-1``
    links to DIR; ``DIR/replacement-2`` may link to ``DIR/replacement-1``)."""
    target = root.resolve()
    current = folder.resolve()
    for _ in range(100):  # a chain longer than this is not one the tool writes
        try:
            link = _json((current / "commitment.json").read_bytes())["previous"]["path"]
            current = (current / str(link)).resolve()
        except READ_ERRORS:
            return False
        if current == target:
            return True
    return False


def _contents_check(root: Path, allowed: tuple[str, ...]) -> list[Check]:
    """Only the files of a draw; besides them, replacement folders linked to this draw (verified on their own)
    and the tool's report (not checked here: regenerate it to compare). Anything else fails."""
    unexpected, unchecked = [], []
    for path in sorted(root.iterdir()):
        if path.is_file() and not path.is_symlink() and path.name in allowed:
            continue
        if path.is_file() and not path.is_symlink() and UNCHECKED_FILES.fullmatch(path.name):
            unchecked.append(path.name)
        elif not (path.is_dir() and not path.is_symlink() and _links_here(path, root)):
            unexpected.append(path.name + ("/" if path.is_dir() else ""))
    out = [Check("verify.unchecked-files", "manual", {"names": ", ".join(unchecked)})] if unchecked else []
    page = _read(root, PAGE)
    if page is not None:  # not committed: a copy of this tool's page passes, any other is for a person to judge
        out.append(Check("verify.page", "pass" if page == verify_page() else "manual", {}))
    if not unexpected:
        return [Check("verify.contents", "pass", {}), *out]
    names = ", ".join(unexpected[:10]) + (" ..." if len(unexpected) > 10 else "")
    detail = {"names": names, "count": len(unexpected)}
    return [Check("verify.contents", "fail", {}, "verify.d-unexpected", detail), *out]


def _schema_check(file: str, document: Any, schema: Any) -> Check:
    found = problems(document, schema)
    if not found:
        return Check("verify.schema", "pass", {"file": file})
    path, expected, value = found[0]
    detail = {"file": file, "field": path, "expected": expected, "found": value, "count": len(found)}
    return Check("verify.schema", "fail", {"file": file}, "verify.d-schema", detail)


def _source_check(source: Any) -> Check:
    """The announced seed source is written as ``SeedSource.parse`` writes its own description."""
    if not isinstance(source, dict) or source.get("kind") in ("unannounced", "none"):
        return Check("verify.source-form", "pass", {"source": "-"})
    description = str(source.get("description", ""))
    if source.get("kind") in TYPED_KINDS:
        expected: Any = SeedSource.parse(description).as_dict()
    else:
        expected = {"kind": source.get("kind"), "description": normalise_seed(description)}
    return outcome_check(
        "verify.source-form", {"source": short(description)}, json_difference("commitment.json", expected, source)
    )


def _lottery_checks(root: Path, resolve: bool, tolerance: float) -> list[Check]:
    try:
        published = read_published(root)
    except (InputError, DrawError, *READ_ERRORS) as exc:
        reason = str(exc).splitlines()[-1].strip(" -") if str(exc) else type(exc).__name__
        reason = reason.replace(str(root) + os.sep, "")
        return [Check("verify.files", "fail", {"reason": f"({short(reason, 90)})"})]
    checks = [Check("verify.files", "pass", {"reason": ""})]
    checks.append(_schema_check("commitment.json", published.commitment, COMMITMENT))
    checks.append(_schema_check("lottery.json", published.lottery, LOTTERY))
    checks += guarded("seed source", lambda: [_source_check(published.commitment.get("seed_source"))])
    canonical = is_canonical(published.commitment_bytes) and is_canonical(published.lottery_bytes)
    checks.append(Check("verify.canonical", "pass" if canonical else "fail", {"file": "lottery.json"}))
    checks += guarded("hashes", lambda: _hash_checks(published))
    checks += guarded("files", lambda: _form_checks(published))
    checks += guarded("lottery", lambda: panel_rule_checks(published))
    checks += guarded("tickets", lambda: _ticket_checks(published))
    present = [name for name in DRAW_FILES if (root / name).exists()]
    if not present:
        checks.append(Check("verify.not-drawn", "manual", {}))
        return checks
    audit_bytes = _read(root, "audit.json")
    if audit_bytes is None:
        checks.append(Check("verify.missing-audit", "fail", {"files": ", ".join(present)}))
        return checks
    checks += guarded("audit.json", lambda: _draw_checks(published, audit_bytes))
    if resolve:
        checks += guarded("resolve", lambda: [_resolve_check(published, tolerance)])
    return checks


def _hash_checks(published: Published) -> list[Check]:
    out = []
    for name, ok, digest in verify_hashes(published):
        claimed = str(published.commitment.get(name.replace(".csv", "").replace(".json", "") + "_sha256", ""))
        difference = None if ok else ("verify.d-hash", {"file": name, "expected": claimed, "found": digest})
        out.append(outcome_check("verify.hash", {"file": name, "digest": digest[:16]}, difference))
    return out


def _form_checks(published: Published) -> list[Check]:
    """pool.csv and quotas.csv are byte for byte what the tool writes from their canonical documents, and
    name each person once (the hash covers the documents, this covers the files' other bytes)."""
    root = published.directory
    household_rule = bool(published.commitment["parameters"]["household_rule"])
    pool_doc = published.pool_doc()
    ids = [row[0] for row in pool_doc["persons"]]
    twice = sorted({pid for pid in ids if ids.count(pid) > 1}) if len(set(ids)) < len(ids) else []
    pool_difference = csv_difference("pool.csv", pool_csv(pool_doc, household_rule), _read(root, "pool.csv"))
    if twice and pool_difference is None:
        pool_difference = ("verify.d-duplicate", {"file": "pool.csv", "id": short(twice[0])})
    quotas_difference = csv_difference("quotas.csv", quotas_csv(published.quotas_doc()), _read(root, "quotas.csv"))
    return [
        outcome_check("verify.file-form", {"file": "pool.csv"}, pool_difference),
        outcome_check("verify.file-form", {"file": "quotas.csv"}, quotas_difference),
    ]


def _ticket_checks(published: Published) -> list[Check]:
    lottery = published.lottery
    root = published.directory
    total = sum(int(p["tickets"]) for p in lottery["panels"])
    announced = int(published.commitment["parameters"]["tickets"])
    ok = total == announced == int(lottery["tickets"]) and all(int(p["tickets"]) >= 0 for p in lottery["panels"])
    return [
        Check("verify.tickets-total", "pass" if ok else "fail", {"total": total, "announced": announced}),
        outcome_check(
            "verify.tickets-table",
            {"file": "tickets.csv"},
            csv_difference("tickets.csv", tickets_csv(lottery), _read(root, "tickets.csv")),
        ),
        outcome_check(
            "verify.probabilities",
            {"wrong": "", "count": 0},
            csv_difference("probabilities.csv", probabilities_csv(lottery), _read(root, "probabilities.csv")),
        ),
    ]


def _expected_record(published: Published, audit: dict[str, Any], seed_text: str) -> dict[str, Any]:
    """The audit record a draw of this commitment with this seed writes (tool and date as recorded)."""
    outcome = derive_outcome(published, seed_text)
    full = [row[0] for row in full_panel_rows(published, outcome.panel)]
    record: dict[str, Any] = {
        "format": AUDIT_FORMAT,
        "tool": published.commitment.get("tool"),  # the draw is run by the tool the commitment names
        "commitment_sha256": published.commitment_hash,
        "seed": {"text": seed_text, "source": published.commitment.get("seed_source", {})},
        "key": outcome.key,
        "ticket": outcome.ticket,
        "panel_index": outcome.panel_index,
        "panel": list(outcome.panel),
        "full_panel": full,
        "reserves": list(outcome.reserves),
        "date": audit.get("date"),
        "previous": published.commitment.get("previous", ""),
    }
    beacon = audit.get("seed", {}).get("beacon")
    if isinstance(beacon, dict):
        record["seed"]["beacon"] = {**beacon, "signature_checked": False}
    return record


def _draw_checks(published: Published, audit_bytes: bytes) -> list[Check]:
    try:
        audit = _json(audit_bytes)
    except (ValueError, RecursionError):
        return [Check("verify.audit-readable", "fail", {})]
    checks = [_schema_check("audit.json", audit, AUDIT)]
    checks.append(Check("verify.audit-canonical", "pass" if is_canonical(audit_bytes) else "fail", {}))
    commitment_hash = published.commitment_hash
    difference = json_difference("audit.json", commitment_hash, audit.get("commitment_sha256"), "commitment_sha256")
    checks.append(outcome_check("verify.commitment", {"hash": commitment_hash[:16]}, difference))
    checks += _seed_checks(published, audit)
    seed_text = str(audit.get("seed", {}).get("text", ""))
    try:
        expected = _expected_record(published, audit, seed_text)
    except (ValueError, DrawError):
        checks.append(
            Check(
                "verify.key",
                "fail",
                {},
                "verify.d-field",
                {"file": "audit.json", "field": "seed.text", "expected": "-", "found": short(seed_text)},
            )
        )
        return checks
    checks.append(
        outcome_check("verify.key", {}, json_difference("audit.json", expected["key"], audit.get("key"), "key"))
    )
    last = int(published.lottery["tickets"]) - 1
    checks.append(
        outcome_check(
            "verify.ticket",
            {"ticket": expected["ticket"], "last": last},
            json_difference("audit.json", expected["ticket"], audit.get("ticket"), "ticket"),
        )
    )
    categories = list(published.lottery["categories"])
    rows = full_panel_rows(published, expected["panel"])
    panel_difference = (
        json_difference("audit.json", expected["panel_index"], audit.get("panel_index"), "panel_index")
        or json_difference("audit.json", expected["panel"], audit.get("panel"), "panel")
        or json_difference("audit.json", expected["full_panel"], audit.get("full_panel"), "full_panel")
        or csv_difference("panel.csv", csv_bytes(["id", *categories], rows), _read(published.directory, "panel.csv"))
    )
    params = {"panel": expected["panel_index"], "size": len(expected["panel"])}
    checks.append(outcome_check("verify.panel", params, panel_difference))
    values = pool_values(published)
    reserve_rows = [
        [rank, pid, *(values[pid][c] for c in categories)] for rank, pid in enumerate(expected["reserves"], 1)
    ]
    reserves_difference = json_difference(
        "audit.json", expected["reserves"], audit.get("reserves"), "reserves"
    ) or csv_difference(
        "reserves.csv", csv_bytes(["rank", "id", *categories], reserve_rows), _read(published.directory, "reserves.csv")
    )
    checks.append(outcome_check("verify.reserves", {"count": len(expected["reserves"])}, reserves_difference))
    checks.append(_record_check(published, audit, expected))
    return checks


def _record_check(published: Published, audit: dict[str, Any], expected: dict[str, Any]) -> Check:
    """Every other field of audit.json: format, tool (the one the commitment names), seed source and beacon,
    link to the previous draw, date (a day, not before the commitment's), and no field the tool does not write."""
    difference = json_difference("audit.json", expected, audit)
    committed, drawn = str(published.commitment.get("date", "")), str(audit.get("date", ""))
    if difference is None and committed and drawn and drawn < committed:
        difference = (
            "verify.d-field",
            {"file": "audit.json", "field": "date", "expected": f">= {committed}", "found": drawn},
        )
    return outcome_check("verify.audit-record", {}, difference)


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
    if kind in TYPED_KINDS:
        try:
            canonical = SeedSource.from_dict(source).canonical_result(text)
        except DrawError as exc:
            return [Check("verify.seed-typed", "fail", {"seed": short(text)}, exc.key, dict(exc.params))]
        difference = json_difference("audit.json", canonical, text, "seed.text")
        return [
            outcome_check("verify.seed-typed", {"seed": short(text)}, difference),
            Check("verify.seed-result", "manual", {"source": source.get("description", ""), "seed": text}),
        ]
    if kind == "rehearsal":
        return [Check("verify.seed-rehearsal", "manual", {"seed": text})]
    return [Check("verify.seed-text", "manual", {"announced": source.get("description", ""), "seed": text})]


def _resolve_check(published: Published, tolerance: float) -> Check:
    """Re-solve LEXIMIN from the published pool and quotas with this machine's solver; the ticket
    lottery's least probability must be within the rounding deviation (plus ``tolerance``) of it."""
    least = float(min(ticket_probabilities(published.lottery).values()))
    optimum = solve(published_instance(published), "leximin").min_probability
    deviation = float(published.lottery.get("rounding", {}).get("max_deviation", "0"))
    ok = least >= optimum - deviation - tolerance
    return Check(
        "verify.resolve",
        "pass" if ok else "fail",
        {"least": f"{least:.6f}", "optimum": f"{optimum:.6f}", "deviation": f"{deviation:.6f}"},
    )


def _reserve_mode_checks(root: Path, commitment: dict[str, Any], commitment_bytes: bytes) -> list[Check]:
    """A reserve-list replacement has no lottery: its documents follow their schemas, its record points at
    its commitment; the walk down the reserve list re-derives in the chain checks."""
    checks = [_schema_check("commitment.json", commitment, RESERVE_COMMITMENT)]
    audit_bytes = _read(root, "audit.json")
    if audit_bytes is None:
        present = [name for name in ("panel.csv",) if (root / name).exists()]
        return [*checks, Check("verify.missing-audit", "fail", {"files": ", ".join(present) or "-"})]
    try:
        audit = _json(audit_bytes)
    except ValueError:
        return [*checks, Check("verify.audit-readable", "fail", {})]
    checks.append(_schema_check("audit.json", audit, RESERVE_AUDIT))
    canonical = is_canonical(commitment_bytes) and is_canonical(audit_bytes)
    checks.append(Check("verify.canonical", "pass" if canonical else "fail", {"file": "audit.json"}))
    commitment_hash = sha256_hex(commitment_bytes)
    difference = json_difference("audit.json", commitment_hash, audit.get("commitment_sha256"), "commitment_sha256")
    checks.append(outcome_check("verify.commitment", {"hash": commitment_hash[:16]}, difference))
    return checks


__all__ = ["Check", "guarded", "verify"]
