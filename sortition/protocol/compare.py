"""Where a published file departs from what it should be: the first difference, by file, row and field.

``verify`` regenerates every file a draw directory holds from what it was derived from, and compares bytes;
when they differ, these functions say where, as a catalogue key and its parameters (file, row, column or
field, expected, found), so an auditor reads *what* was changed rather than only *that* something was.
"""

from __future__ import annotations

import csv
import io
from typing import Any

Detail = tuple[str, dict[str, Any]]


def short(value: Any, limit: int = 40) -> str:
    """A value as a short printable text for a message."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _rows(data: bytes) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None


def csv_difference(file: str, expected: bytes, found: bytes | None) -> Detail | None:
    """None when ``found`` is exactly ``expected``; else the first differing row and column."""
    if found is None:
        return ("verify.d-missing-file", {"file": file})
    if found == expected:
        return None
    want, got = _rows(expected), _rows(found)
    if got is None or want is None:
        return ("verify.d-unreadable", {"file": file, "reason": "not UTF-8 CSV"})
    header = want[0] if want else []
    for i in range(max(len(want), len(got))):
        row = i + 1  # spreadsheet row: the header is row 1
        if i >= len(got):
            return ("verify.d-row-missing", {"file": file, "row": row, "expected": short(",".join(want[i]))})
        if i >= len(want):
            return ("verify.d-row-extra", {"file": file, "row": row, "found": short(",".join(got[i]))})
        if want[i] != got[i]:
            for j in range(max(len(want[i]), len(got[i]))):
                e = want[i][j] if j < len(want[i]) else "(none)"
                f = got[i][j] if j < len(got[i]) else "(none)"
                if e != f:
                    column = header[j] if j < len(header) else str(j + 1)
                    return (
                        "verify.d-cell",
                        {"file": file, "row": row, "field": column, "expected": short(e), "found": short(f)},
                    )
    offset = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b), None)
    offset = offset if offset is not None else min(len(expected), len(found))
    return ("verify.d-bytes", {"file": file, "offset": offset})


def json_difference(file: str, expected: Any, found: Any, path: str = "") -> Detail | None:
    """None when the two parsed documents are equal; else the first differing field (dotted path)."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found)):
            sub = f"{path}.{key}" if path else key
            if key not in found:
                return ("verify.d-field", {"file": file, "field": sub, "expected": short(expected[key]), "found": "-"})
            if key not in expected:
                return ("verify.d-field", {"file": file, "field": sub, "expected": "-", "found": short(found[key])})
            detail = json_difference(file, expected[key], found[key], sub)
            if detail:
                return detail
        return None
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        for i, (e, f) in enumerate(zip(expected, found, strict=True)):
            detail = json_difference(file, e, f, f"{path}[{i}]")
            if detail:
                return detail
        return None
    if expected == found and type(expected) is type(found):
        return None
    return ("verify.d-field", {"file": file, "field": path or "$", "expected": short(expected), "found": short(found)})
