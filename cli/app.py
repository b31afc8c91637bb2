"""``sortition app``: open the local web application on a draw project folder."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from .common import LANG, console


def app_command(
    port: Annotated[int, typer.Option(help="Port to listen on (the next free one if taken).")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open the browser.")] = False,
    project: Annotated[Path, typer.Option(help="The draw project's folder (created if missing).")] = Path(
        "tirage-projet"
    ),
    volunteers: Annotated[
        Path | None,
        typer.Option(help="Start the project from this volunteers' file (CSV or XLSX).", show_default=False),
    ] = None,
) -> None:
    """Serve the application on 127.0.0.1; the first line printed is its address with the launch token."""
    try:
        from sortition.app.project import Project
        from sortition.app.security import Secrets
        from sortition.app.server import free_port, serve
    except ImportError as exc:  # the app extra is not installed
        console.print(f"{exc}: pip install 'sortition-toolkit[app]'", markup=False)
        raise typer.Exit(2) from exc
    if volunteers is not None:
        if not volunteers.is_file():
            console.print(f"{volunteers}: no such file", markup=False)
            raise typer.Exit(2)
        Project(project).import_volunteers(volunteers)
    keys = Secrets(free_port(port))
    url = keys.url()
    typer.echo(url)
    console.print(
        "Ouvrez cette adresse dans votre navigateur ; Ctrl+C pour arrêter." if LANG == "fr"
        else "Open this address in your browser; Ctrl+C to stop.", markup=False
    )  # fmt: skip
    console.print(f"{project.resolve()}", markup=False)
    if not no_browser:
        webbrowser.open(url)
    serve(project, keys)
