"""Canonical JSON and the canonical documents that a commitment hashes.

Canonical JSON (documented in docs/audit-protocol.md): UTF-8, keys sorted, no insignificant whitespace
(``,`` and ``:`` separators), non-ASCII characters written as themselves, and **no floating-point
numbers** (numbers are integers; fractional quantities are strings). The same data always gives the same
bytes, in any language, so hashes can be recomputed by anyone.

The pool is hashed as a document built from its published form (pseudonymous ids and category values
only), not as file bytes: the same pool exported with another row order, encoding, delimiter, line ending
or Unicode normal form hashes the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from sortition.model.instance import Instance
from sortition.protocol.formats import POOL_FORMAT, QUOTAS_FORMAT


class NotCanonicalError(ValueError):
    """A value that canonical JSON cannot hold (a float, a non-string key...)."""


def _check(value: Any, path: str = "$") -> None:
    """Raise on the first value canonical JSON cannot hold, naming where it is. Lists of plain values (the
    millions of a national pool's documents) are checked without building a path for each item."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return
    if isinstance(value, float):
        raise NotCanonicalError(f"{path}: floats are not allowed in canonical JSON ({value!r})")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonicalError(f"{path}: keys must be strings ({key!r})")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if item is None or isinstance(item, int | str):  # (bool is an int)
                continue
            _check(item, f"{path}[{i}]")
        return
    raise NotCanonicalError(f"{path}: {type(value).__name__} is not allowed in canonical JSON")


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of ``value`` (see the module docstring)."""
    _check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_canonical(data: bytes) -> bool:
    """Whether ``data`` is exactly the canonical JSON of what it parses to."""
    try:
        return canonical_json(json.loads(data.decode("utf-8"))) == data
    except (ValueError, UnicodeDecodeError):
        return False


def pool_document(
    ids: Sequence[str],
    categories: Sequence[str],
    values: Sequence[Sequence[str]],
    households: Sequence[Sequence[str]] = (),
) -> dict[str, Any]:
    """The published pool: persons sorted by id, values in canonical category order, and (with the
    household rule) the households of two or more persons as sorted lists of ids, sorted."""
    persons = sorted([pid, *row] for pid, row in zip(ids, values, strict=True))
    return {
        "format": POOL_FORMAT,
        "categories": list(categories),
        "persons": persons,
        "households": sorted(sorted(h) for h in households),
    }


def instance_pool_document(instance: Instance, ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The pool document of ``instance``; ``ids`` replaces the pool's ids (pseudonyms), same order."""
    published = list(ids) if ids is not None else list(instance.pool.ids)
    households = [[published[p] for p in members] for members in instance.household_members]
    return pool_document(published, instance.categories, instance.profiles, households)


def share_text(share: Fraction | None) -> str:
    """A population share as an exact fraction "p/q" ("" when none was given)."""
    return "" if share is None else f"{share.numerator}/{share.denominator}"


def quotas_document(instance: Instance) -> dict[str, Any]:
    """Every quota as [category, value, min, max, population share ("p/q" or "")], sorted."""
    return {
        "format": QUOTAS_FORMAT,
        "quotas": sorted([q.category, q.value, q.min, q.max, share_text(q.share)] for q in instance.quotas),
    }
