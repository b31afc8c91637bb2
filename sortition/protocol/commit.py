"""The published files of a prepared draw: pseudonymised pool, quotas, lottery, tickets, probabilities,
and the commitment that binds them before the seed exists.

Only pseudonymous ids and category values leave the organiser's machine (plus, under the household rule,
which pseudonymous persons share a household, so the rule can be checked). Every other column of the pool
stays private. With ``pseudonymise``, ids are replaced by ``HMAC-SHA256(salt, id)`` (first 16 hex digits);
the salt and the id map go to a private folder the organiser keeps.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from sortition.errors import DrawError
from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
from sortition.protocol.canonical import canonical_json, instance_pool_document, quotas_document, sha256_hex
from sortition.protocol.files import csv_bytes
from sortition.protocol.formats import COMMITMENT_FORMAT, LOTTERY_FORMAT, tool_name
from sortition.protocol.page import PAGE, verify_page
from sortition.protocol.schema import valid_day
from sortition.protocol.seed import SeedSource
from sortition.protocol.tickets import Tickets, group_probabilities

__all__ = ["PUBLIC_FILES", "Prepared", "SeedSource", "prepare"]

PUBLIC_FILES = (
    "pool.csv",
    "quotas.csv",
    "lottery.json",
    "tickets.csv",
    "probabilities.csv",
    "commitment.json",
    PAGE,
)


@dataclass(frozen=True)
class Prepared:
    public: dict[str, bytes]
    private: dict[str, bytes]
    commitment_hash: str
    tickets: Tickets
    published_ids: tuple[str, ...] = ()  # aligned with the pool's ids: what the public files call each person


def pseudonyms(ids: tuple[str, ...], salt: bytes) -> list[str]:
    out = [hmac.new(salt, pid.encode("utf-8"), "sha256").hexdigest()[:16] for pid in ids]
    if len(set(out)) != len(out):  # 64-bit collisions are astronomically unlikely; refuse rather than guess
        raise RuntimeError("pseudonym collision: run again to draw a new salt")
    return out


def number(x: float) -> str:
    """A float as a string for canonical JSON: shortest repr that reads back to the same float."""
    return repr(float(x))


def fraction_text(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def prepare(
    instance: Instance,
    lottery: Lottery,
    tickets: Tickets,
    seed_source: SeedSource | None,
    *,
    pseudonymise: bool = False,
    salt: bytes | None = None,
    date: str | None = None,
    extra: dict[str, Any] | None = None,
    pseudonymous_ids: bool = False,
) -> Prepared:
    """The public files, the private files and the commitment hash of a draw of ``lottery``. ``extra``
    adds fields to the commitment (a replacement's link to the previous draw); ``pseudonymous_ids`` says the
    instance's ids are already pseudonyms (a replacement of a pseudonymised draw), so the commitment says so."""
    if date and not valid_day(date):
        raise DrawError("draw.bad-date", date=date)
    private: dict[str, bytes] = {}
    if pseudonymise:
        salt = salt if salt is not None else secrets.token_bytes(32)
        published_ids = pseudonyms(instance.pool.ids, salt)
        private["salt.txt"] = (salt.hex() + "\n").encode("ascii")
        private["pseudonyms.csv"] = csv_bytes(
            ["id", "pseudonym"], sorted(zip(instance.pool.ids, published_ids, strict=True))
        )
    else:
        published_ids = list(instance.pool.ids)
    pool_doc = instance_pool_document(instance, published_ids)
    quotas_doc = quotas_document(instance)
    files: dict[str, bytes] = {
        "pool.csv": pool_csv(pool_doc, instance.households is not None),
        "quotas.csv": quotas_csv(quotas_doc),
    }
    lottery_doc = lottery_document(lottery, tickets, published_ids)
    files["lottery.json"] = canonical_json(lottery_doc)
    files["tickets.csv"] = tickets_csv(lottery_doc)
    files["probabilities.csv"] = probabilities_csv(lottery_doc)
    commitment = {
        "format": COMMITMENT_FORMAT,
        "tool": tool_name(),
        "pool_sha256": sha256_hex(canonical_json(pool_doc)),
        "quotas_sha256": sha256_hex(canonical_json(quotas_doc)),
        "lottery_sha256": sha256_hex(files["lottery.json"]),
        "parameters": {
            "k": instance.k,
            "algorithm": lottery.algorithm,
            "tickets": tickets.total,
            "household_rule": instance.households is not None,
            "pseudonymised": pseudonymise or pseudonymous_ids,
        },
        "seed_source": (seed_source.as_dict() if seed_source is not None else {"kind": "unannounced"}),
        "date": date or "",
        **(extra or {}),
    }
    files["commitment.json"] = canonical_json(commitment)
    files[PAGE] = verify_page()  # the offline checker, for auditors without the tool (not committed)
    return Prepared(files, private, sha256_hex(files["commitment.json"]), tickets, tuple(published_ids))


def pool_csv(pool_doc: dict[str, Any], household_rule: bool) -> bytes:
    """pool.csv from the pool document: id and values, sorted by id, and under the household rule a last
    column ``household`` labelled h00001, h00002... in the order of the document's households ("" alone)."""
    household_of = {pid: f"h{h + 1:05d}" for h, members in enumerate(pool_doc["households"]) for pid in members}
    header = ["id", *pool_doc["categories"]] + (["household"] if household_rule else [])
    rows = [list(row) + ([household_of.get(row[0], "")] if household_rule else []) for row in pool_doc["persons"]]
    return csv_bytes(header, rows)


def tickets_csv(lottery_doc: dict[str, Any]) -> bytes:
    """tickets.csv: the consecutive ticket range of every panel with tickets, in panel order."""
    rows = []
    start = 0
    for j, panel in enumerate(lottery_doc["panels"]):
        count = int(panel["tickets"])
        if count:
            rows.append([start, start + count - 1, count, j])
            start += count
    return csv_bytes(["first_ticket", "last_ticket", "tickets", "panel"], rows)


def quotas_csv(quotas_doc: dict[str, Any]) -> bytes:
    return csv_bytes(["category", "value", "min", "max", "share"], quotas_doc["quotas"])


def lottery_document(lottery: Lottery, tickets: Tickets, published_ids: list[str]) -> dict[str, Any]:
    """lottery.json: groups (members by published id, sorted), panels (group counts, optimal weight,
    tickets), and what the algorithm proved."""
    instance = lottery.instance
    groups = []
    for group in lottery.grouping.groups:
        groups.append({"profile": list(group.profile), "members": sorted(published_ids[p] for p in group.members)})
    panels = []
    nonzero = lottery.sparse_compositions
    for j in range(lottery.n_panels):
        start, end = nonzero.indptr[j], nonzero.indptr[j + 1]
        groups_j, counts_j = nonzero.indices[start:end].tolist(), nonzero.data[start:end].tolist()
        panels.append(
            {
                "counts": [[g, c] for g, c in zip(groups_j, counts_j, strict=True)],
                "weight": number(lottery.weights[j]),
                "tickets": int(tickets.counts[j]),
            }
        )
    certificate = lottery.certificate
    return {
        "format": LOTTERY_FORMAT,
        "algorithm": lottery.algorithm,
        "k": instance.k,
        "categories": list(instance.categories),
        "groups": groups,
        "panels": panels,
        "tickets": tickets.total,
        "rounding": {
            "method": tickets.method,
            "max_deviation": number(tickets.max_deviation),
            "proven_bound": number(tickets.bound),
        },
        "certificate": {
            "method": certificate.method,
            "optimal": certificate.optimal,
            "gap": number(certificate.gap),
            "levels": [
                {"value": number(lv.value), "bound": number(lv.bound), "groups": lv.groups, "persons": lv.persons}
                for lv in certificate.levels
            ],
            "notes": list(certificate.notes),
        },
        "optimal_min_probability": number(lottery.min_probability),
    }


def document_panels(lottery_doc: dict[str, Any]) -> tuple[sp.csr_matrix, npt.NDArray[np.int64]]:
    """lottery.json's panels as a panels x groups matrix of counts (sparse: a dense one was 650 MB at 100,000
    persons), and the size of each group."""
    groups, panels = lottery_doc["groups"], lottery_doc["panels"]
    rows = [j for j, panel in enumerate(panels) for _ in panel["counts"]]
    cols = [int(g) for panel in panels for g, _ in panel["counts"]]
    values = [int(c) for panel in panels for _, c in panel["counts"]]
    compositions = sp.csr_matrix((values, (rows, cols)), shape=(len(panels), len(groups)), dtype=np.int64)
    return compositions, np.array([len(g["members"]) for g in groups], dtype=np.int64)


def ticket_probabilities(lottery_doc: dict[str, Any]) -> dict[str, Fraction]:
    """Each published id's exact selection probability under the ticket lottery."""
    compositions, sizes = document_panels(lottery_doc)
    counts = np.array([int(panel["tickets"]) for panel in lottery_doc["panels"]], dtype=np.int64)
    per_group = group_probabilities(compositions, counts, sizes, int(lottery_doc["tickets"]))
    return {pid: per_group[g] for g, group in enumerate(lottery_doc["groups"]) for pid in group["members"]}


def optimal_probabilities(lottery_doc: dict[str, Any]) -> dict[str, float]:
    groups = lottery_doc["groups"]
    expected = [0.0] * len(groups)
    for panel in lottery_doc["panels"]:
        weight = float(panel["weight"])
        for g, c in panel["counts"]:
            expected[int(g)] += weight * int(c)
    return {pid: expected[g] / len(group["members"]) for g, group in enumerate(groups) for pid in group["members"]}


def probabilities_csv(lottery_doc: dict[str, Any]) -> bytes:
    """id, probability under the tickets (decimal and exact fraction), and under the optimal lottery."""
    exact = ticket_probabilities(lottery_doc)
    optimal = optimal_probabilities(lottery_doc)
    rows = [
        [pid, f"{float(exact[pid]):.10f}", fraction_text(exact[pid]), f"{optimal[pid]:.10f}"] for pid in sorted(exact)
    ]
    return csv_bytes(["id", "probability", "exact", "optimal_probability"], rows)
