"""Entry point of the ``sortition`` command (also ``python -m sortition``)."""

from __future__ import annotations

import typer

from sortition import __version__

from .app import app_command
from .check import check_command
from .common import T, resolve_lang
from .draw import draw_command, rehearse_command
from .faults import entry
from .lang import LocalisedGroup
from .plan import plan_command
from .prepare import prepare_command
from .replace import replace_command
from .report import report_command
from .sample import sample_command
from .verify import verify_command


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sortition-toolkit {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=LocalisedGroup,
    help=T("help.app"),
    epilog=T("help.exit-codes"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check", help=T("help.check"))(check_command)
app.command("prepare", help=T("help.prepare"))(prepare_command)
app.command("draw", help=T("help.draw"))(draw_command)
app.command("verify", help=T("help.verify"))(verify_command)
app.command("rehearse", help=T("help.rehearse"))(rehearse_command)
app.command("replace", help=T("help.replace"))(replace_command)
app.command("sample", help=T("help.sample"))(sample_command)
app.command("plan", help=T("help.plan"))(plan_command)
app.command("report", help=T("help.report"))(report_command)
app.command("app", help="Ouvre l'application web locale / open the local web application.")(app_command)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help=T("help.version")),
    lang: str | None = typer.Option(None, "--lang", help=T("help.lang-root"), show_default=False),
) -> None:
    """``--lang`` before the command sets the language of everything (read by LocalisedGroup)."""
    resolve_lang(lang)


def main() -> None:
    """The ``sortition`` command: every failure ends as a message and an exit code (see cli/faults.py)."""
    raise SystemExit(entry(app))
