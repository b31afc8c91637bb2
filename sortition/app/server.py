"""The local web application: a Starlette app over one draw project, served by uvicorn on 127.0.0.1 only.

It is a third front end over :mod:`sortition.workflows` (beside the command line and the notebooks): its pages
parse what the organiser typed, call the library, and render. Error pages say what to do, never what the
data was (no traceback, no cell value); the access log is off (addresses carry ids and the launch token).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from sortition.app.context import HERE, Context, render
from sortition.app.project import Project
from sortition.app.routes_draw import ROUTES as DRAW_ROUTES
from sortition.app.routes_setup import ROUTES as SETUP_ROUTES
from sortition.app.security import Guard, Secrets

DEFAULT_PORT = 8765


def create_app(folder: str | os.PathLike[str], keys: Secrets) -> Guard:
    """The application for the project in ``folder``, behind the Host and token guard."""
    ctx = Context.create(Project(folder), keys)

    async def error_page(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return render(ctx, request, "error.j2", status=status, code=status)

    app = Starlette(
        routes=[*SETUP_ROUTES, *DRAW_ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
        exception_handlers={HTTPException: error_page, Exception: error_page},
    )
    app.state.ctx = ctx
    return Guard(app, keys)


def free_port(preferred: int = DEFAULT_PORT, host: str = "127.0.0.1") -> int:
    """``preferred`` if nothing listens on it, else the next free port above it."""
    for port in range(preferred, preferred + 100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise OSError(f"no free port between {preferred} and {preferred + 99}")


def serve(folder: str | os.PathLike[str], keys: Secrets) -> None:
    """Serve until interrupted (Ctrl+C), on 127.0.0.1 only, without an access log."""
    import uvicorn

    Path(folder).mkdir(parents=True, exist_ok=True)
    uvicorn.run(create_app(folder, keys), host="127.0.0.1", port=keys.port, access_log=False, log_level="warning")
