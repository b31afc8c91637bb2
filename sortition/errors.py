"""Typed errors that carry codes and every problem found, so a user fixes all of them in one pass.

A :class:`Problem` names where it is (file, spreadsheet row, column, value) and what is wrong, as a message
key of :mod:`sortition.i18n` plus parameters; it renders in English or French on demand. The library
raises :class:`InputError` with all the problems it collected, never the first one alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sortition.i18n.catalogue import translate
from sortition.text import printable

_CELLS = ("value", "suggestion", "category", "column", "extra")  # cells: cut at 80 characters, others at 400
ROWS_SHOWN = 5  # rows named when one problem recurs on many rows; the others are counted


def _own_text(cell: str) -> str:
    """A cell holding a line break was opened by a stray quote and swallowed the rest of its row and the next
    rows, private columns included (found by the fuzz suite): a message shows it only up to its first line
    break or column separator, which is the cell's own text."""
    if "\n" not in cell and "\r" not in cell:
        return cell
    cut = min(i for i in (cell.find(mark) for mark in "\n\r,;\t") if i >= 0)
    return cell[:cut] + "…"


def shown(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters made safe to show: text without control characters, cells holding a line break cut to their own text,
    long values cut (see :func:`sortition.text.printable`), so that no cell floods, drives a console or
    leaks the rows it swallowed."""
    return {
        k: (printable(_own_text(v), 80) if k in _CELLS else printable(v, 400)) if isinstance(v, str) else v
        for k, v in params.items()
    }


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``row`` is the spreadsheet row number (the header is row 1, the first person is row 2), which is what an
    organiser sees when opening the file. ``code`` is a stable identifier (also the message key).
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self, lang: str = "en", rows: tuple[int, ...] = ()) -> str:
        """Where the problem is; ``rows``, when it recurs on several rows, replaces its own row."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(printable(self.file, 400))
        if len(rows) > 1:
            shown_rows = ", ".join(str(r) for r in rows[:ROWS_SHOWN])
            if len(rows) > ROWS_SHOWN:
                parts.append(translate("loc.rows-more", lang, rows=shown_rows, more=len(rows) - ROWS_SHOWN))
            else:
                parts.append(translate("loc.rows", lang, rows=shown_rows))
        elif self.row is not None:
            parts.append(translate("loc.row", lang, row=self.row))
        if self.column is not None:
            parts.append(translate("loc.column", lang, column=printable(self.column)))
        return ", ".join(parts)

    def message(self, lang: str = "en", rows: tuple[int, ...] = ()) -> str:
        """The problem in words, with its location, e.g. ``pool.csv, row 7, column 'age': ...`` (``rows``: see
        :meth:`location`)."""
        params = dict(self.params)
        params.setdefault("value", self.value)
        params.setdefault("column", self.column)
        for word in ("bound", "field"):  # parameters naming a quota column are words to translate
            if word in params:
                params[word] = translate("word." + str(params[word]), lang)
        params = shown(params)
        text = translate("problem." + self.code, lang, **params)
        if params.get("suggestion"):
            text += translate("hint.did-you-mean", lang, suggestion=params["suggestion"])
        where = self.location(lang, rows)
        return where + translate("loc.separator", lang) + text if where else text

    def __reduce__(self) -> tuple[Any, ...]:
        # the parameters are a read-only mapping proxy, which pickle cannot copy: rebuild it from a dict
        return (_rebuild_problem, (self.code, dict(self.params), self.file, self.row, self.column, self.value))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else printable(self.value),
            "message": self.message("en"),
            "params": {k: v for k, v in sorted(shown(self.params).items())},
        }


def _rebuild_problem(
    code: str, params: dict[str, Any], file: str | None, row: int | None, column: str | None, value: str | None
) -> Problem:
    return Problem(code, MappingProxyType(params), file, row, column, value)


class SortitionError(Exception):
    """Base class of every error the library raises on purpose. Every subclass pickles (a worker process or a
    web application's job queue hands errors across processes): ``args`` is what its constructor takes."""

    code = "error"


class InputError(SortitionError):
    """The input files or parameters are wrong; ``problems`` lists every problem found, in file order."""

    code = "bad-input"

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self.problems)

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        lines = [translate("input.header", lang, count=len(self.problems))]
        lines += ["  - " + line for line in problem_messages(self.problems, lang)]
        return "\n".join(lines)


def problem_messages(problems: Iterable[Problem], lang: str = "en") -> list[str]:
    """Every problem in words, for a person to read: a problem that recurs on several rows of a file (same
    code, file, column and parameters) is said once with its rows, at the place of its first row. A quota
    file without one value of a category would otherwise give one line per volunteer (529 lines for the
    400 volunteers of the jury30 sample, seen in French from the command line). Machine outputs (JSON) keep
    every problem."""
    groups: dict[tuple[Any, ...], tuple[Problem, list[int]]] = {}
    for p in problems:
        if p.row is None:  # not about a row: said as it is
            groups[("alone", len(groups))] = (p, [])
            continue
        key = (p.code, p.file, p.column, p.value, repr(sorted(p.params.items())))
        groups.setdefault(key, (p, []))[1].append(p.row)
    return [p.message(lang, tuple(rows)) for p, rows in groups.values()]


class SolverError(SortitionError):
    """The LP/MIP engine failed in a way that is not a property of the instance (numerical trouble, crash)."""

    code = "solver"


class InfeasibleError(SortitionError):
    """The quotas cannot be met by any panel; ``report`` (a :class:`~sortition.check.FeasibilityReport`, when
    the caller ran the check) holds the conflict and the repairs."""

    code = "infeasible"

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message, report)
        self.report = report

    def __str__(self) -> str:
        return str(self.args[0])


class DrawError(SortitionError):
    """The draw cannot go ahead (files altered since the commitment, wrong beacon round, ...): a message key of
    the catalogue and its parameters, so that every front end renders it in the user's language."""

    code = "draw"

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(translate(key, "en", **shown(params)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_draw_error, (self.key, self.params))

    def message(self, lang: str = "en") -> str:
        return translate(self.key, lang, **shown(self.params))


def _rebuild_draw_error(key: str, params: dict[str, Any]) -> DrawError:
    return DrawError(key, **params)


class ProblemCollector:
    """Accumulates problems while loading; ``raise_if_any`` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        code: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        **params: Any,
    ) -> None:
        self.problems.append(
            Problem(code, MappingProxyType(dict(params)), file=file, row=row, column=column, value=value)
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
