"""Reading a draw directory's published files back: what ``draw``, ``verify``, ``replace`` and the report
work from. Nothing here trusts the files; callers compare them with the commitment."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from sortition.errors import DrawError, ProblemCollector
from sortition.load.tables import Table, read_table
from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.protocol.canonical import pool_document, sha256_hex
from sortition.protocol.files import from_spreadsheet_safe
from sortition.protocol.formats import COMMITMENT_FORMAT, QUOTAS_FORMAT


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
            [r[0] for r in self.pool_rows],
            categories,
            [list(r[1:width]) for r in self.pool_rows],
            list(households.values()),
        )

    def quotas_doc(self) -> dict[str, Any]:
        return {"format": QUOTAS_FORMAT, "quotas": sorted(self.quotas)}


def unsafe_rows(table: Table) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    header = tuple(from_spreadsheet_safe(h) for h in table.header)
    rows = tuple(tuple(from_spreadsheet_safe(c) for c in row) for row in table.rows)
    return header, rows


def read_published(directory: str | os.PathLike[str]) -> Published:
    """Parse the prepared files; raises InputError naming any missing or unreadable file."""
    root = Path(directory)
    missing = [
        name for name in ("commitment.json", "lottery.json", "pool.csv", "quotas.csv") if not (root / name).is_file()
    ]
    if missing:
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
    pool_header, pool_rows = unsafe_rows(read_table(root / "pool.csv"))
    _, quota_rows = unsafe_rows(read_table(root / "quotas.csv"))
    quotas = []
    for row in quota_rows:
        try:
            quotas.append([row[0], row[1], int(row[2]), int(row[3]), row[4] if len(row) > 4 else ""])
        except (ValueError, IndexError) as exc:
            raise DrawError("draw.bad-quotas-file", row=",".join(row)) from exc
    return Published(root, commitment, commitment_bytes, lottery, lottery_bytes, pool_header, pool_rows, quotas)


def pool_values(published: Published) -> dict[str, dict[str, str]]:
    doc = published.pool_doc()
    return {row[0]: dict(zip(doc["categories"], row[1:], strict=True)) for row in doc["persons"]}


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
    quotas = Quotas(tuple(Quota(q[0], q[1], q[2], q[3], Fraction(q[4]) if q[4] else None) for q in published.quotas))
    return Instance(Pool(ids, columns), quotas, int(published.lottery["k"]), household_columns)


def chain(directory: str | os.PathLike[str]) -> list[Path]:
    """The draw directories from the first draw to ``directory``, following each commitment's link."""
    out = [Path(directory).resolve()]
    seen = {out[0]}
    while True:
        commitment = json.loads((out[0] / "commitment.json").read_bytes())
        previous = commitment.get("previous")
        if not previous:
            return out
        parent = (out[0] / previous["path"]).resolve()
        if parent in seen:
            raise ValueError("the chain of draws loops")
        seen.add(parent)
        out.insert(0, parent)
