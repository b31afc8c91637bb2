"""Names of the published document formats, and the tool identity every commitment and audit record carries.

A format string changes only when a document's fields or meaning change, so that an auditor's tool can refuse
a document it does not understand. The tool identity names the exact code: the version and, when the package
runs from a git checkout, the commit it runs (``sortition-toolkit 0.2.0+g1a2b3c4d5e6f``).
"""

from __future__ import annotations

import os
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


REVISION_VARIABLE = "SORTITION_SOURCE_REVISION"


@cache
def tool_name() -> str:
    """``sortition-toolkit VERSION`` plus ``+gREVISION`` (12 hex digits) when the source revision is known.

    The environment variable ``SORTITION_SOURCE_REVISION`` overrides what ``.git`` says: a packager building
    from a source archive sets the commit; an empty value records none (the test suite does so, because the
    commitment hash, hence the panel drawn, would otherwise change with every commit of the toolkit)."""
    override = os.environ.get(REVISION_VARIABLE)
    revision = (override or None) if override is not None else _git_revision(Path(__file__).resolve().parent)
    return f"{TOOL} {__version__}" + (f"+g{revision[:12]}" if revision else "")
