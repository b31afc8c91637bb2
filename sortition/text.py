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
