"""A small progress protocol: the library reports, the caller (the CLI's rich display) shows.

Algorithms call ``phase`` when they start a step and ``update`` as it advances; both are cheap and must not
raise. ``NO_PROGRESS`` ignores everything and is the default.
"""

from __future__ import annotations

import time
from typing import Protocol


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> None:
        """A new step starts (e.g. "relaxation", "decomposition"); ``total`` if its length is known."""

    def update(self, done: int, message: str = "") -> None:
        """The current step reached ``done`` (of ``total``, if given); ``message`` says where it stands."""


class NoProgress:
    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def update(self, done: int, message: str = "") -> None:
        pass


NO_PROGRESS: Progress = NoProgress()


class Deadline:
    """Wall-clock budget shared by the steps of one computation (None = no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.start = time.perf_counter()
        self.end = None if seconds is None else self.start + seconds

    def remaining(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.perf_counter())

    def expired(self) -> bool:
        return self.end is not None and time.perf_counter() >= self.end

    def elapsed(self) -> float:
        return time.perf_counter() - self.start
