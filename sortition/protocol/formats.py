"""Names of the published document formats, and the tool identity every commitment and audit record carries.

A format string changes only when a document's fields or meaning change, so that an auditor's tool can refuse
a document it does not understand. The tool identity names the exact code: the version and, when the package
runs from a git checkout, the commit it runs (``sortition-toolkit 0.2.0+g1a2b3c4d5e6f``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sortition._version import __version__

POOL_FORMAT = "sortition-pool/1"
QUOTAS_FORMAT = "sortition-quotas/1"
LOTTERY_FORMAT = "sortition-lottery/1"
COMMITMENT_FORMAT = "sortition-commitment/1"
AUDIT_FORMAT = "sortition-audit/1"

TOOL = "sortition-toolkit"


def _git_revision(start: Path) -> str | None:
    """The commit a git checkout holding ``start`` is at, read from ``.git`` without running git."""
    for folder in (start, *start.parents):
        git = folder / ".git"
        if not git.is_dir():
            continue
        try:
            head = (git / "HEAD").read_text(encoding="ascii").strip()
            if not head.startswith("ref: "):
                return head if len(head) == 40 else None
            ref = head[5:]
            loose = git / ref
            if loose.is_file():
                return loose.read_text(encoding="ascii").strip()
            packed = git / "packed-refs"
            if packed.is_file():
                for line in packed.read_text(encoding="ascii").splitlines():
                    sha, _, name = line.partition(" ")
                    if name == ref:
                        return sha
        except (OSError, UnicodeDecodeError):
            return None
        return None
    return None


@cache
def tool_name() -> str:
    """``sortition-toolkit VERSION`` plus ``+gREVISION`` (12 hex digits) when the source revision is known."""
    revision = _git_revision(Path(__file__).resolve().parent)
    return f"{TOOL} {__version__}" + (f"+g{revision[:12]}" if revision else "")
