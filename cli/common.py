"""What every command shares: language, consoles, option parsing helpers, and error exits."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NoReturn

import typer

from sortition.errors import InputError, problem_messages
from sortition.i18n.catalogue import default_language, translate
from sortition.load.tables import TableSource, sheet_notes

from .console import SafeConsole

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2

LANG = default_language()
console = SafeConsole(highlight=False, soft_wrap=True)
err_console = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


# Help texts as declared (in the start-up language) -> their key and parameters, to render them in another.
_DECLARED: dict[str, tuple[str, dict[str, Any]]] = {}


def T(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate a catalogue key (help texts use the locale's language, read once at start-up; they are
    remembered so that ``--lang`` can render them in another language, see :func:`retranslate`)."""
    text = translate(key, lang or LANG, **params)
    if lang is None:
        _DECLARED[text] = (key, params)
    return text


def retranslate(text: str, lang: str) -> str:
    """A help text declared with :func:`T`, in ``lang`` (other texts are returned as they are)."""
    found = _DECLARED.get(text)
    return translate(found[0], lang, **found[1]) if found is not None else text


def resolve_lang(lang: str | None) -> str:
    if lang is None:
        return LANG
    if lang not in ("en", "fr"):
        raise typer.BadParameter(T("cli.bad-option", option="--lang", reason="en | fr"))
    return lang


def split_columns(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--households a --households b,c`` -> ('a', 'b', 'c'), order kept, duplicates dropped."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            name = part.strip()
            if name and name not in out:
                out.append(name)
    return tuple(out)


def print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True))


def print_sheet_notes(source: TableSource, sheet: str | None, lang: str, as_json: bool) -> None:
    """Say which sheet of a workbook is read when it has several (on stderr, not in JSON output)."""
    if not as_json:
        for note in sheet_notes(source, sheet):
            err_console.print(note.message(lang), markup=False, style="yellow")


def exit_input_error(exc: InputError, lang: str, as_json: bool) -> NoReturn:
    """Report every problem of the input, then exit with code 2 (nothing was written)."""
    if as_json:
        print_json({"error": exc.code, "problems": [p.as_dict() for p in exc.problems]})
    else:
        err_console.print(translate("input.header", lang, count=len(exc.problems)), style="bold red")
        for line in problem_messages(exc.problems, lang):
            err_console.print("  - " + line, markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)
