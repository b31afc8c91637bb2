"""Fictitious contact columns (name, telephone, e-mail) that exercise the privacy handling of the toolkit.

Names come from ``sortition/data/fr/names.json``; telephones are in the fictitious 06 00 range and e-mails
at example.org, so that no generated row can reach a real person.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources

from sortition.synthetic.streams import STREAM_NAMES, rng_for

PRIVATE_COLUMNS = ("nom", "telephone", "email")


@cache
def _names() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(female first names, male first names, family names), read once from the package data."""
    text = resources.files("sortition").joinpath("data", "fr", "names.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return tuple(data["first_names_female"]), tuple(data["first_names_male"]), tuple(data["family_names"])


def _ascii(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return "".join(ch for ch in bare.lower() if ch.isalnum())


def fake_contacts(
    header: Sequence[str], rows: Sequence[tuple[str, ...]], seed: int, households: bool
) -> list[tuple[str, str, str]]:
    """Fake name, telephone (06 00 ..., fictitious) and e-mail (@example.org) per person."""
    first_f, first_m, family_names = _names()
    rng = rng_for(seed, STREAM_NAMES)
    n = len(rows)
    first_pick = rng.integers(0, len(first_f), size=n)
    last_pick = rng.integers(0, len(family_names), size=n)
    shares_name = rng.random(n) < 0.8  # household members mostly share the family name [A]
    sexe = header.index("sexe") if "sexe" in header else None
    hh = header.index("household") if households else None
    family: dict[str, str] = {}
    out: list[tuple[str, str, str]] = []
    for i, row in enumerate(rows):
        firsts: tuple[str, ...] = first_f + first_m
        if sexe is not None:
            firsts = first_f if row[sexe] == "Femme" else first_m
        first = firsts[int(first_pick[i]) % len(firsts)]
        last = family_names[int(last_pick[i])]
        if hh is not None:
            known = family.get(row[hh])
            if known is None:
                family[row[hh]] = last
            elif bool(shares_name[i]):
                last = known
        digits = f"{i + 1:06d}"
        phone = f"06 00 {digits[0:2]} {digits[2:4]} {digits[4:6]}"
        email = f"{_ascii(first)}.{_ascii(last)}.{i + 1}@example.org"
        out.append((f"{first} {last}", phone, email))
    return out
