"""What a verification step reports: its name, its status, and for a failure what differs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sortition.protocol.compare import Detail

# what a malformed file can raise while it is being read: each becomes a named FAIL, never a traceback
READ_ERRORS = (KeyError, IndexError, TypeError, ValueError, ArithmeticError, AttributeError, OSError, RecursionError)


@dataclass
class Check:
    """One verification step: ``status`` is "pass", "fail" or "manual" (a human must compare with a public
    record); ``key`` names the check in the message catalogue; ``params`` fill its message; a failure's
    ``detail_key`` and ``detail`` say what differs (file, row, field, expected, found)."""

    key: str
    status: str
    params: dict[str, Any] = field(default_factory=dict)
    detail_key: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def outcome_check(key: str, params: dict[str, Any], difference: Detail | None) -> Check:
    """A check that passes when there is no difference, else fails with it."""
    if difference is None:
        return Check(key, "pass", params)
    return Check(key, "fail", params, difference[0], difference[1])
