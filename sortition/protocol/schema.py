"""Strict schemas of the published JSON documents: commitment.json, lottery.json and audit.json.

Strict means every key is known and required (or listed as optional), every value has its type, and nothing
else is accepted: a field added by hand fails, as does a number written as text. The schemas are written as
plain data (dicts, lists, tuples) so that docs/audit-protocol.md can list them field by field and another
implementation can follow them.

A schema is one of: a type name (``"str"``, ``"int"`` (never a boolean), ``"bool"``, ``"hex64"`` (64
lowercase hexadecimal digits), ``"hex"`` (an even number of them), ``"date"`` (empty, or a real day as
YYYY-MM-DD), ``"any"``); ``("const", value)``; ``("tuple", s1, s2, ...)`` (a list of that length);
``("either", s1, s2, ...)``; ``[s]`` (a list whose items follow s); a dict (keys ending in ``?`` optional).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from sortition.protocol.formats import AUDIT_FORMAT, COMMITMENT_FORMAT, LOTTERY_FORMAT

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"(?:[0-9a-f]{2})+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

SEED_SOURCE: Any = (
    "either",
    {"kind": ("const", "unannounced")},
    {"kind": ("either", ("const", "text"), ("const", "rehearsal")), "description": "str"},
    {"kind": ("const", "drand"), "description": "str", "chain": "str", "round": "int"},
    {"kind": ("either", ("const", "euromillions"), ("const", "loto")), "description": "str", "date": "date"},
    {"kind": ("const", "dice"), "description": "str", "count": "int", "sides": "int"},
)
PREVIOUS: Any = {"path": "str", "audit_sha256": "hex64", "commitment_sha256": "hex64"}
REPLACEMENT: Any = {
    "round": "int",
    "mode": ("either", ("const", "fair"), ("const", "reserves")),
    "dropouts": ["str"],
    "declined": ["str"],
    "excluded": ["str"],
    "kept": [["str"]],
    "relaxation": [("tuple", "str", "str", ("either", ("const", "min"), ("const", "max")), "int", "int")],
}
COMMITMENT: Any = {
    "format": ("const", COMMITMENT_FORMAT),
    "tool": "str",
    "pool_sha256": "hex64",
    "quotas_sha256": "hex64",
    "lottery_sha256": "hex64",
    "parameters": {"k": "int", "algorithm": "str", "tickets": "int", "household_rule": "bool", "pseudonymised": "bool"},
    "seed_source": SEED_SOURCE,
    "date": "date",
    "previous?": PREVIOUS,
    "replacement?": REPLACEMENT,
    "title?": "str",
    "purpose?": "str",
    "organiser?": "str",
    "labels?": [("tuple", "str", "str", "str")],
}
RESERVE_COMMITMENT: Any = {
    "format": ("const", COMMITMENT_FORMAT),
    "tool": "str",
    "parameters": {"k": "int", "algorithm": ("const", "reserve list"), "household_rule": "bool"},
    "seed_source": {"kind": ("const", "none")},
    "date": "date",
    "previous": PREVIOUS,
    "replacement": REPLACEMENT,
}
LOTTERY: Any = {
    "format": ("const", LOTTERY_FORMAT),
    "algorithm": "str",
    "k": "int",
    "categories": ["str"],
    "groups": [{"profile": ["str"], "members": ["str"]}],
    "panels": [{"counts": [("tuple", "int", "int")], "weight": "str", "tickets": "int"}],
    "tickets": "int",
    "rounding": {"method": "str", "max_deviation": "str", "proven_bound": "str"},
    "certificate": {
        "method": "str",
        "optimal": "bool",
        "gap": "str",
        "levels": [{"value": "str", "bound": "str", "groups": "int", "persons": "int"}],
        "notes": ["str"],
    },
    "optimal_min_probability": "str",
}
AUDIT: Any = {
    "format": ("const", AUDIT_FORMAT),
    "tool": "str",
    "commitment_sha256": "hex64",
    "seed": {
        "text": "str",
        "source": SEED_SOURCE,
        "beacon?": {"round": "int", "randomness": "hex64", "signature": "hex", "signature_checked": "bool"},
    },
    "key": "hex64",
    "ticket": "int",
    "panel_index": "int",
    "panel": ["str"],
    "full_panel": ["str"],
    "reserves": ["str"],
    "date": "date",
    "previous": ("either", ("const", ""), PREVIOUS),
}
RESERVE_AUDIT: Any = {
    "format": ("const", AUDIT_FORMAT),
    "tool": "str",
    "commitment_sha256": "hex64",
    "panel": ["str"],
    "full_panel": ["str"],
    "considered": ["str"],
    "reserves": ["str"],
    "date": "date",
    "previous": PREVIOUS,
}


def valid_day(text: str) -> bool:
    """A real calendar day written YYYY-MM-DD."""
    if not _DAY.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(schema: Any) -> str:
    if isinstance(schema, str):
        return schema
    if isinstance(schema, dict):
        return "object"
    if isinstance(schema, list):
        return "list"
    if schema[0] == "const":
        return repr(schema[1])
    if schema[0] == "tuple":
        return f"list of {len(schema) - 1}"
    return " | ".join(_describe(s) for s in schema[1:])


def _scalar(schema: str, value: Any) -> bool:
    if schema == "any":
        return True
    if schema == "bool":
        return isinstance(value, bool)
    if schema == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    if schema == "hex64":
        return bool(_HEX64.fullmatch(value))
    if schema == "hex":
        return bool(_HEX.fullmatch(value))
    if schema == "date":
        return value == "" or valid_day(value)
    return schema == "str"


def problems(value: Any, schema: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Every departure of ``value`` from ``schema``: (field path, expected, found), in document order."""
    if isinstance(schema, str):
        return [] if _scalar(schema, value) else [(path or "$", schema, _short(value))]
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [(path or "$", "object", _short(value))]
        out: list[tuple[str, str, str]] = []
        known = {name.rstrip("?") for name in schema}
        for name, sub in schema.items():
            key = name.rstrip("?")
            if key in value:
                out += problems(value[key], sub, f"{path}.{key}" if path else key)
            elif not name.endswith("?"):
                out.append((f"{path}.{key}" if path else key, _describe(sub), "(missing)"))
        for key in sorted(set(value) - known):
            out.append((f"{path}.{key}" if path else key, "(no such field)", _short(value[key])))
        return out
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [(path or "$", "list", _short(value))]
        return [p for i, item in enumerate(value) for p in problems(item, schema[0], f"{path}[{i}]")]
    if schema[0] == "const":
        same = value == schema[1] and type(value) is type(schema[1])
        return [] if same else [(path or "$", repr(schema[1]), _short(value))]
    if schema[0] == "tuple":
        items = schema[1:]
        if not isinstance(value, list) or len(value) != len(items):
            return [(path or "$", f"list of {len(items)}", _short(value))]
        return [
            p
            for i, (item, sub) in enumerate(zip(value, items, strict=True))
            for p in problems(item, sub, f"{path}[{i}]")
        ]
    attempts = [(problems(value, sub, path), sub) for sub in schema[1:]]
    if any(not attempt for attempt, _ in attempts):
        return []
    # report against the alternative the document most likely meant: same kind of value, fewest problems
    return min(attempts, key=lambda a: (not _same_kind(value, a[1]), len(a[0])))[0]


def _same_kind(value: Any, schema: Any) -> bool:
    if isinstance(schema, dict):
        return isinstance(value, dict)
    if isinstance(schema, list) or (isinstance(schema, tuple) and schema[0] == "tuple"):
        return isinstance(value, list)
    if isinstance(schema, tuple) and schema[0] == "const":
        return type(value) is type(schema[1])
    return not isinstance(value, dict | list)
