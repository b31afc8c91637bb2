"""The test vectors of docs/audit-protocol.md, re-derived in a few lines of the standard library (as another
implementation would) and by the reference implementation."""

from __future__ import annotations

import csv
import hashlib
import io
import json

from sortition.protocol.seed import SeedSource
from sortition.protocol.verify import verify
from tests.conftest import ROOT

VECTORS = ROOT / "docs" / "vectors"


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _rows(name: str) -> list[list[str]]:
    text = (VECTORS / "draw" / name).read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_canonical_documents_and_hashes_from_the_published_files():
    vectors = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    header, *rows = _rows("pool.csv")
    assert header[-1] == "household"
    labels: dict[str, list[str]] = {}
    for row in rows:
        if row[-1]:
            labels.setdefault(row[-1], []).append(row[0])
    pool = {
        "format": "sortition-pool/1",
        "categories": header[1:-1],
        "persons": sorted(row[:-1] for row in rows),
        "households": sorted(sorted(ids) for ids in labels.values()),
    }
    assert _canonical(pool).decode("utf-8") == vectors["pool_document"]
    assert hashlib.sha256(_canonical(pool)).hexdigest() == vectors["pool_sha256"]
    _, *quota_rows = _rows("quotas.csv")
    quotas = {
        "format": "sortition-quotas/1",
        "quotas": sorted([c, v, int(lo), int(hi), s] for c, v, lo, hi, s in quota_rows),
    }
    assert _canonical(quotas).decode("utf-8") == vectors["quotas_document"]
    assert hashlib.sha256(_canonical(quotas)).hexdigest() == vectors["quotas_sha256"]
    commitment_bytes = (VECTORS / "draw" / "commitment.json").read_bytes()
    commitment = json.loads(commitment_bytes)
    assert hashlib.sha256(commitment_bytes).hexdigest() == vectors["commitment_sha256"]
    assert (
        commitment["pool_sha256"] == vectors["pool_sha256"] and commitment["quotas_sha256"] == vectors["quotas_sha256"]
    )
    assert _canonical(commitment) == commitment_bytes


def test_seed_key_and_ticket_from_scratch():
    vectors = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    numbers = sorted(int(n) for n in vectors["seed_typed"].split()[:5])
    stars = sorted(int(n) for n in vectors["seed_typed"].split()[5:])
    text = "euromillions:2026-12-01:" + ",".join(map(str, numbers)) + ":" + ",".join(map(str, stars))
    assert text == vectors["seed_text"]
    assert SeedSource.parse("euromillions:2026-12-01").canonical_result(vectors["seed_typed"]) == text
    key = hashlib.sha256(
        b"sortition-toolkit draw v1\x00" + vectors["commitment_sha256"].encode("ascii") + b"\x00" + text.encode("utf-8")
    ).digest()
    assert key.hex() == vectors["key"]
    first = int.from_bytes(hashlib.sha256(key + (0).to_bytes(8, "big")).digest()[:8], "big")
    assert first < 2**64 - 2**64 % 1000  # not rejected
    assert first % 1000 == vectors["ticket"]
    ranges = [row for row in _rows("tickets.csv")[1:] if int(row[0]) <= first % 1000 <= int(row[1])]
    audit = json.loads((VECTORS / "draw" / "audit.json").read_bytes())
    assert [int(ranges[0][3])] == [audit["panel_index"]]


def test_the_vector_draw_verifies_anchored():
    vectors = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    checks = verify(VECTORS / "draw", commitment=vectors["commitment_sha256"])
    assert [c.key for c in checks if c.status == "fail"] == []
    assert [c.key for c in checks if c.status == "manual"] == ["verify.seed-result"]
