"""The command line in the user's language, Click's own words included.

Typer and Click write their help and their usage errors in English ("Usage", "Options", "[required]",
"Missing option", ...). When the language is not English (``--lang fr`` anywhere on the command line, at the
top level or after the command, or the locale), :class:`LocalisedGroup` renders the help and the usage
errors itself, from the catalogue, and translates the help texts the commands were declared with (they were
written in the start-up language, see :func:`sortition_cli.common.T`). English output stays Typer's own.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from sortition.i18n.catalogue import CATALOGUE, LANGUAGES, format_decimal, translate

from . import common

_WIDTH = 100
_HELP_FLAGS = ("--help", "-h")


def requested_language(argv: Sequence[str]) -> str | None:
    """The last ``--lang X`` / ``--lang=X`` before a ``--``, if X is a known language."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            found = value
    return found


class LocalisedGroup(TyperGroup):
    """Typer's group, with help and usage errors rendered from the catalogue when the language is not English."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, *a: Any, **kw: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        previous = common.LANG
        lang = requested_language(argv) or previous
        common.LANG = lang
        try:
            if lang == "en":
                return super().main(argv, prog_name, *a, **kw)
            return self._main_localised(argv, prog_name or "sortition", lang, kw.get("standalone_mode", True))
        finally:
            common.LANG = previous

    def _main_localised(self, argv: list[str], prog: str, lang: str, standalone: bool) -> Any:
        words = [a for a in argv if a != "--"]
        name = next((w for w in words if w in self.commands), None)
        asks_help = any(w in _HELP_FLAGS for w in words)
        values = {words[i + 1] for i, w in enumerate(words[:-1]) if w == "--lang"}
        first = next((w for w in words if not w.startswith("-") and w not in values), None)
        if first is not None and name is None:
            _echo(translate("cli.error", lang, message=translate("cli.error-no-command", lang, value=first)), err=True)
            _echo(translate("cli.error-try", lang, command=prog), err=True)
            return _finish(2, standalone)
        if name is None:
            if "--version" not in words:
                _echo(render_help(self, prog, lang, group=True))
                return _finish(0 if asks_help else 2, standalone)
        elif any(w in _HELP_FLAGS for w in words[words.index(name) :]):
            _echo(render_help(self.commands[name], f"{prog} {name}", lang, group=False))
            return _finish(0, standalone)
        try:
            code = super().main(argv, prog, standalone_mode=False)
        except Exception as exc:  # Click's usage errors, whatever Click the installed Typer brings
            if not hasattr(exc, "format_message") or not hasattr(exc, "exit_code"):
                raise
            _usage_error(exc, prog, name, lang)
            return _finish(int(exc.exit_code), standalone)
        return _finish(code if isinstance(code, int) else 0, standalone)


def _finish(code: int, standalone: bool) -> int:
    if standalone:
        sys.exit(code)
    return code


def _echo(text: str, err: bool = False) -> None:
    typer.echo(text, err=err)


def _help_text(text: str | None, lang: str) -> str:
    return common.retranslate(text or "", lang)


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(text, _WIDTH - indent) or [""]


def render_help(command: Any, path: str, lang: str, *, group: bool) -> str:
    """The help of a command (or of the group) in ``lang``: usage, description, inputs, options."""
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = [path, translate("cli.usage-options", lang)]
    usage += [_metavar(p, lang) for p in arguments]
    if group:
        usage.append(translate("cli.usage-command", lang))
    lines = [translate("cli.usage", lang, usage=" ".join(usage)), ""]
    lines += ["  " + line for line in _wrap(_help_text(command.help, lang), 2)] + [""]
    rows: list[tuple[str, str]] = []
    for p in arguments:
        rows.append((_metavar(p, lang), _describe(p, lang)))
    if rows:
        lines.append(translate("cli.section-arguments", lang))
        lines += [*_table(rows), ""]
    rows = [(_option_names(p, lang), _describe(p, lang)) for p in options]
    rows.append(("--help", translate("cli.help-option", lang)))
    lines.append(translate("cli.section-options", lang))
    lines += _table(rows)
    if group:
        lines += ["", translate("cli.section-commands", lang)]
        rows = [(n, _help_text(c.help, lang).split(". ")[0].rstrip(".") + ".") for n, c in command.commands.items()]
        lines += _table(rows)
    return "\n".join(lines)


def _metavar(param: Any, lang: str) -> str:
    key = "cli.metavar-" + str(param.name)
    return translate(key, lang) if key in CATALOGUE["en"] else str(param.name).upper()


def _option_names(param: Any, lang: str) -> str:
    names = ", ".join([*param.opts, *getattr(param, "secondary_opts", [])])
    if getattr(param, "is_flag", False):
        return names
    return f"{names} {translate('cli.value', lang)}"


def _describe(param: Any, lang: str) -> str:
    text = _help_text(getattr(param, "help", None), lang)
    if param.required:
        text += " " + translate("cli.required", lang)
    default = param.default
    shown = getattr(param, "show_default", True) is not False and not getattr(param, "is_flag", False)
    if shown and default is not None and default != () and not callable(default) and not param.required:
        if isinstance(default, float):
            value = format_decimal(default, max(1, len(repr(default).split(".")[-1])), lang)
        else:
            value = str(default)
        text += " " + translate("cli.default", lang, value=value)
    return text.strip()


def _table(rows: list[tuple[str, str]]) -> list[str]:
    width = min(max(len(left) for left, _ in rows) + 2, 34)
    out: list[str] = []
    for left, right in rows:
        wrapped = _wrap(right, width + 2)
        if len(left) + 2 > width:
            out.append("  " + left)
            out += [" " * (width + 2) + line for line in wrapped]
        else:
            out.append("  " + left.ljust(width) + wrapped[0])
            out += [" " * (width + 2) + line for line in wrapped[1:]]
    return out


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<value>.*)\)\.?$"), "cli.error-extra"),
    (re.compile(r"^No such command '(?P<value>.*)'\.?$"), "cli.error-no-command"),
    (re.compile(r"^Missing command\.?$"), "cli.error-missing-command"),
    (re.compile(r"^Option '(?P<value>.*)' requires (?:an argument|\d+ arguments)\.?$"), "cli.error-needs-value"),
    (re.compile(r"valid int|valid integer|as an integer"), "cli.error-not-integer"),
    (re.compile(r"valid float|valid number|as a number"), "cli.error-not-number"),
    (re.compile(r"valid bool"), "cli.error-not-boolean"),
)


def _usage_error(exc: Any, prog: str, name: str | None, lang: str) -> None:
    """A usage error in ``lang``: what went wrong, and where to find help."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    where = _param_name(param, lang) if param is not None else None
    message = str(getattr(exc, "message", "") or exc.format_message())
    if kind == "NoSuchOption":
        text = translate("cli.error-no-option", lang, value=getattr(exc, "option_name", ""))
        possible = sorted(getattr(exc, "possibilities", None) or ())
        if possible:
            text += " " + translate("cli.error-did-you-mean", lang, value=", ".join(possible))
    elif kind == "MissingParameter":
        key = "cli.error-missing-argument" if getattr(param, "param_type_name", "") == "argument" else None
        text = translate(key or "cli.error-missing-option", lang, value=where or "")
    else:
        text = _translated_message(message, lang)
        if kind == "BadParameter" and where:
            text = translate("cli.error-bad-value", lang, value=where, reason=text)
    command = f"{prog} {name}" if name else prog
    _echo(translate("cli.error", lang, message=text), err=True)
    _echo(translate("cli.error-try", lang, command=command), err=True)


def _param_name(param: Any, lang: str) -> str:
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument":
        return _metavar(param, lang)
    return str(opts[0]) if opts else str(getattr(param, "name", ""))


def _translated_message(message: str, lang: str) -> str:
    for pattern, key in _PATTERNS:
        match = pattern.search(message.strip())
        if match:
            return translate(key, lang, value=match.groupdict().get("value", ""))
    return message
