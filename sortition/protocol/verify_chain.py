"""Chain checks of a replacement: the link to the previous draw by hash, the previous draw itself, the
residual problem re-derived from it, the replacement's files, and the whole new panel against the quotas."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sortition.model.instance import Instance
from sortition.protocol.canonical import canonical_json, instance_pool_document, quotas_document, sha256_hex
from sortition.protocol.checks import Check, outcome_check
from sortition.protocol.commit import pool_csv, quotas_csv
from sortition.protocol.compare import csv_difference, json_difference
from sortition.protocol.replace import (
    DrawState,
    Residual,
    commitment_extra,
    draw_state,
    reserve_walk,
    reserves_record,
    residual_problem,
)

Verifier = Callable[..., list[Check]]


def _load(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8"))


def chain_checks(path: Path, verify: Verifier) -> list[Check]:
    """Every chain check of the replacement in ``path``; ``verify`` verifies the previous draw."""
    commitment = _load(path / "commitment.json")
    link = commitment["previous"]
    replacement = commitment["replacement"]
    previous = (path / link["path"]).resolve()
    if not (previous / "audit.json").is_file() or not (previous / "commitment.json").is_file():
        return [Check("replace.check-previous-missing", "fail", {"path": str(link["path"])})]
    link_difference = json_difference(
        "commitment.json",
        sha256_hex((previous / "audit.json").read_bytes()),
        link["audit_sha256"],
        "previous.audit_sha256",
    ) or json_difference(
        "commitment.json",
        sha256_hex((previous / "commitment.json").read_bytes()),
        link["commitment_sha256"],
        "previous.commitment_sha256",
    )
    out = [outcome_check("replace.check-link", {"path": link["path"]}, link_difference)]
    earlier = verify(previous)
    failed = sum(1 for c in earlier if c.status == "fail")
    out.append(Check("replace.check-previous", "pass" if failed == 0 else "fail", {"failed": failed}))
    state = draw_state(previous)
    dropouts, declined = list(replacement["dropouts"]), list(replacement["declined"])
    relaxation = [tuple(r) for r in replacement.get("relaxation", [])]
    residual = residual_problem(state, dropouts, declined, relaxation)
    expected = commitment_extra(state, residual, path, replacement["mode"])
    difference = json_difference("commitment.json", expected, {"previous": link, "replacement": replacement})
    if difference is None and (not set(dropouts) <= set(state.panel) or set(declined) & set(state.panel)):
        difference = (
            "verify.d-field",
            {"file": "commitment.json", "field": "replacement.dropouts", "expected": "-", "found": "-"},
        )
    out.append(outcome_check("replace.check-residual", {"round": replacement["round"]}, difference))
    audit_path = path / "audit.json"
    if replacement["mode"] == "fair":
        pool_doc = instance_pool_document(residual.instance)
        household_rule = residual.instance.households is not None
        files_difference = csv_difference(
            "pool.csv", pool_csv(pool_doc, household_rule), _bytes(path / "pool.csv")
        ) or csv_difference("quotas.csv", quotas_csv(quotas_document(residual.instance)), _bytes(path / "quotas.csv"))
        out.append(outcome_check("replace.check-residual-files", {}, files_difference))
        pseudonymised = bool(commitment["parameters"].get("pseudonymised"))
        out.append(
            outcome_check(
                "replace.check-pseudonymised",
                {},
                json_difference("commitment.json", state.pseudonymised, pseudonymised, "parameters.pseudonymised"),
            )
        )
    elif audit_path.is_file():
        out += _reserve_walk_checks(path, state, residual, expected, commitment)
    if audit_path.is_file():
        out.append(_full_panel_check(state.original, _load(audit_path).get("full_panel", []), relaxation))
    return out


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _reserve_walk_checks(
    path: Path, state: DrawState, residual: Residual, extra: dict[str, Any], commitment: dict[str, Any]
) -> list[Check]:
    """The walk down the reserve list re-derives; the commitment, the record and panel.csv are exactly what
    ``replace --mode reserves`` writes (with the tool and date as recorded)."""
    audit = _load(path / "audit.json")
    walked = reserve_walk(state, residual)
    taken: Sequence[str] = sorted(walked[0]) if walked is not None else []
    considered: Sequence[str] = walked[1] if walked is not None else []
    walk_difference = json_difference("audit.json", list(taken), audit.get("panel"), "panel") or json_difference(
        "audit.json", list(considered), audit.get("considered"), "considered"
    )
    out = [outcome_check("replace.check-reserves", {}, walk_difference)]
    files = reserves_record(state, residual, taken, considered, extra, commitment.get("date"))
    want_commitment = {**_parse(files["commitment.json"]), "tool": commitment.get("tool")}
    commitment_difference = json_difference("commitment.json", want_commitment, commitment)
    want_audit = {
        **_parse(files["audit.json"]),
        "tool": commitment.get("tool"),
        "commitment_sha256": sha256_hex(canonical_json(commitment)) if commitment_difference is None else "-",
    }
    record_difference = commitment_difference or json_difference("audit.json", want_audit, audit)
    out.append(outcome_check("verify.audit-record", {}, record_difference))
    panel_difference = csv_difference("panel.csv", files["panel.csv"], _bytes(path / "panel.csv"))
    out.append(outcome_check("replace.check-panel-file", {}, panel_difference))
    return out


def _parse(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _full_panel_check(original: Instance, full: Sequence[str], relaxation: Sequence[tuple[Any, ...]]) -> Check:
    """The whole new panel meets every original quota (relaxed as accepted) and the household rule."""
    index = original.pool.index
    ok = len(full) == original.k and len(set(full)) == len(full) and all(pid in index for pid in full)
    loosened = {(c, v, side): new - old for c, v, side, old, new in relaxation}
    for q in original.quotas if ok else ():
        count = sum(1 for pid in full if original.pool.columns[q.category][index[pid]] == q.value)
        low = q.min + loosened.get((q.category, q.value, "min"), 0)
        high = q.max + loosened.get((q.category, q.value, "max"), 0)
        ok = ok and low <= count <= high
    if ok and original.households is not None:
        homes = [original.households[index[pid]] for pid in full]
        ok = len(set(homes)) == len(homes)
    return Check("replace.check-full-panel", "pass" if ok else "fail", {"k": original.k})
