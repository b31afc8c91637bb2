"""Limits and checks of the workflows' options, applied before any work so that no value makes a run endless
or crash halfway; and the guard that turns a published document of the wrong shape into a refusal."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator, Sequence

from sortition.errors import DrawError
from sortition.i18n.catalogue import translate
from sortition.protocol import commit

MAX_TICKETS = 10**9
MAX_RUNS = 10**6
MAX_SECONDS = 10.0**7  # about four months
MAX_TEXT = 1000  # characters of a seed or a date


def check_choice(option: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise DrawError("cli.bad-option", option=option, reason=" | ".join(choices))


def check_whole(option: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DrawError("option.whole", option=option, low=low, high=high)


def check_seconds(option: str, value: object) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if value is not None and not (ok and 0 < value <= MAX_SECONDS):  # type: ignore[operator]
        raise DrawError("option.number", option=option, low=0, high=int(MAX_SECONDS))


def check_text(option: str, value: object) -> None:
    """Text options (seed, date): bounded, printable, encodable (a seed is hashed as UTF-8)."""
    if value is None:
        return
    if not isinstance(value, str) or len(value) > MAX_TEXT or not value.replace("\n", " ").isprintable():
        raise DrawError("option.text", option=option, high=MAX_TEXT)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DrawError("option.text", option=option, high=MAX_TEXT) from exc


def parsed_seed_source(source: str | commit.SeedSource | None) -> commit.SeedSource | None:
    """A seed source as given (text like ``loto:2026-12-05``) parsed, or a refusal naming what is wrong."""
    if source is None or isinstance(source, commit.SeedSource):
        return source
    try:
        return commit.SeedSource.parse(source)
    except ValueError as exc:  # the message is a catalogue key naming what is wrong with the source
        reason = translate(str(exc), "en", text=source[:60])
        raise DrawError("cli.bad-option", option="--seed-source", reason=reason) from exc


@contextlib.contextmanager
def published_files(directory: str | os.PathLike[str]) -> Iterator[None]:
    """Read a draw directory as hostile input: a document of the wrong shape (a list for an object, text for a
    number, a missing field) is a refusal naming the directory, not a crash."""
    try:
        yield
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise DrawError("files.malformed", path=str(directory), kind=type(exc).__name__) from exc
