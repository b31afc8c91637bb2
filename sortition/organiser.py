"""The organiser's private side of a drawn directory, as workflows: the contact lists written by a draw and
the confirmation table keyed by the organiser's own ids. Nothing here is ever published."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sortition.confirmations import Confirmation, confirmation_rows, record
from sortition.contacts import CONTACT_FILES
from sortition.errors import DrawError
from sortition.protocol.private import PrivateSide, private_directory, read_private
from sortition.protocol.published import chain

PathLike = str | os.PathLike[str]


def contact_files(directory: PathLike) -> tuple[Path, ...]:
    """The private contact lists of a drawn directory (first draw or replacement): the XLSX workbook first,
    then one CSV per list. Empty when none were written (no private side)."""
    folder = private_directory(directory)
    return tuple(folder / name for name in CONTACT_FILES if (folder / name).is_file())


def first_private_side(directory: PathLike) -> PrivateSide | None:
    """The private side of the first draw of ``directory``'s chain (where the pool as given is kept); None
    when it is not there, or the chain cannot be followed here (a replacement copied without its draw)."""
    try:
        root = chain(directory)[0]
    except (OSError, ValueError):
        return None
    return read_private(private_directory(root))


def _private_side(directory: PathLike) -> PrivateSide:
    side = first_private_side(directory)
    if side is None:
        raise DrawError("private.missing", directory=str(directory))
    return side


def confirmation_list(directory: PathLike) -> tuple[Confirmation, ...]:
    """The current panel of a drawn directory by the organiser's own ids, with names, category values and
    the status recorded so far ("pending", "confirmed" or "declined"), and whether each member is new."""
    return confirmation_rows(directory, _private_side(directory))


def record_confirmations(directory: PathLike, answers: Mapping[str, str]) -> tuple[Confirmation, ...]:
    """Record "confirmed"/"declined" (or back to "pending") for panel members by original (or published)
    id, in the private side; returns the updated list. Hand the declined ids to :func:`replace`."""
    return record(directory, _private_side(directory), answers)
