"""Normalisation of spreadsheet cells, and near-match suggestions for misspelt values.

Matching rule (documented in the README): ids, column names and values are compared exactly after
:func:`clean` (surrounding whitespace removed, Unicode NFC). ``Femme`` and ``femme`` are different values;
when a value is unknown, :func:`suggest` proposes the known value that differs only by case, accents,
spacing or punctuation, so the organiser fixes the file instead of the tool guessing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-_.'’`´,;:/()]+")


def clean(cell: str) -> str:
    """Strip surrounding whitespace (including non-breaking spaces) and normalise to NFC."""
    return unicodedata.normalize("NFC", cell).strip()


def invisible(cell: str) -> tuple[int, str] | None:
    """The first invisible format character of ``cell`` (Unicode category Cf: zero-width space, BOM,
    direction marks...) as (1-based position, ``U+XXXX``), or None. Two ids that differ only by one print
    the same, so the loader names them instead of guessing."""
    for i, ch in enumerate(cell):
        if unicodedata.category(ch) == "Cf":
            return i + 1, f"U+{ord(ch):04X}"
    return None


def printable(text: str, limit: int | None = 80, *, keep: str = "") -> str:
    """``text`` safe to show on a console: control and format characters (terminal escape sequences, bidi
    overrides, line breaks except those in ``keep``) shown as ``\\xNN``/``\\uNNNN``, and cut to ``limit``
    characters with an ellipsis so that a huge cell cannot flood a message."""
    out = "".join(
        ch if ch in keep or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp") else ascii(ch)[1:-1]
        for ch in text
    )
    if limit is not None and len(out) > limit:
        out = out[: limit - 1] + "…"
    return out


def fold(text: str) -> str:
    """A loose key: no accents, no case, punctuation and spacing collapsed. Only for suggestions."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _PUNCT.sub(" ", bare.casefold()).strip()


def household_key(text: str) -> str:
    """Household cells (addresses) compare ignoring case and repeated spaces: '12 Rue X' = '12  rue x'."""
    return _SPACES.sub(" ", clean(text).casefold())


def suggest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``value`` was probably meant to be, or None.

    First a candidate equal after :func:`fold` (case, accents, spacing, punctuation); failing that, the
    closest one by :mod:`difflib` ratio when it is very close (typos such as ``Fmme``).
    """
    ordered = sorted(set(candidates))
    key = fold(value)
    for candidate in ordered:
        if fold(candidate) == key:
            return candidate
    folded = {fold(c): c for c in ordered}
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.8)
    return folded[close[0]] if close else None
