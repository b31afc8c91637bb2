"""Who on the panel has confirmed and who declined, recorded by the organiser's own ids. Private.

After a draw the organiser phones each member of the panel and notes the answer. The answers are kept in
``confirmations.csv`` of the draw's private side (original id, status), so a front end (the web
application's confirmation step) can show the list, record answers as they come, and hand the declines to
a replacement by the same ids.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sortition.errors import DrawError
from sortition.protocol.files import csv_bytes
from sortition.protocol.private import PrivateSide, add_private_files, private_directory, read_csv_rows

CONFIRMATIONS_FILE = "confirmations.csv"
STATUSES = ("pending", "confirmed", "declined")


@dataclass(frozen=True)
class Confirmation:
    """One member of the current panel: original id, published id, the private columns (names, phones...),
    the category values, the recorded status (one of :data:`STATUSES`) and whether a replacement brought
    them in."""

    id: str
    published_id: str
    details: Mapping[str, str]
    categories: Mapping[str, str]
    status: str
    new: bool

    def __repr__(self) -> str:  # no private value in a repr that may end up in a log
        return f"Confirmation(status={self.status!r}, new={self.new})"


def _statuses(directory: Path) -> dict[str, str]:
    path = private_directory(directory) / CONFIRMATIONS_FILE
    if not path.is_file():
        return {}
    return {row[0]: row[1] for row in read_csv_rows(path.read_bytes())[1:]}


def confirmation_rows(directory: str | os.PathLike[str], side: PrivateSide) -> tuple[Confirmation, ...]:
    """The current panel of the drawn ``directory`` with each member's recorded status, by original id."""
    root = Path(directory)
    if not (root / "audit.json").is_file():
        raise DrawError("replace.not-drawn", directory=str(root))
    audit = json.loads((root / "audit.json").read_bytes())
    commitment = json.loads((root / "commitment.json").read_bytes())
    replacement = commitment.get("replacement")
    kept = {str(row[0]) for row in replacement.get("kept", [])} if replacement else None
    statuses = _statuses(root)
    out = []
    for published in audit.get("full_panel", audit.get("panel", [])):
        original = side.original_of[published]
        values = side.values[published]
        out.append(
            Confirmation(
                original,
                published,
                {c: values[c] for c in side.private_columns},
                {c: values[c] for c in side.categories},
                statuses.get(original, "pending"),
                kept is not None and published not in kept,
            )
        )
    return tuple(sorted(out, key=lambda c: c.id))


def record(
    directory: str | os.PathLike[str], side: PrivateSide, answers: Mapping[str, str]
) -> tuple[Confirmation, ...]:
    """Record ``answers`` (id -> status; the original id, or the published one) for members of the current
    panel; every unknown id or status is refused at once, before anything is written."""
    root = Path(directory)
    rows = confirmation_rows(root, side)
    aliases = side.aliases()
    on_panel = {c.published_id: c.id for c in rows}
    statuses = {c.id: c.status for c in rows}
    unknown = [typed for typed in answers if aliases.get(typed) not in on_panel]
    if unknown:
        raise DrawError("confirm.not-on-panel", ids=", ".join(unknown), id_column=side.id_column)
    wrong = sorted({status for status in answers.values() if status not in STATUSES})
    if wrong:
        raise DrawError("cli.bad-option", option="status", reason=" | ".join(STATUSES))
    for typed, status in answers.items():
        statuses[on_panel[aliases[typed]]] = status
    data = csv_bytes(["id", "status"], sorted(statuses.items()))
    add_private_files(private_directory(root), {CONFIRMATIONS_FILE: data})
    return tuple(Confirmation(c.id, c.published_id, c.details, c.categories, statuses[c.id], c.new) for c in rows)
