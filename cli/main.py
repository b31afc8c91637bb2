"""Entry point of the ``sortition`` command (also ``python -m sortition``)."""

from __future__ import annotations

import typer

from sortition import __version__

from .app import app_command
from .check import check_command
from .common import T
from .draw import draw_command, rehearse_command
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


app = typer.Typer(help=T("help.app"), no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
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
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    pass


def main() -> None:
    app()
