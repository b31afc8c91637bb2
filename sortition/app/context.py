"""What every page handler shares: the project, the secrets, the jobs, the templates, and the language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from sortition.app.jobs import Jobs
from sortition.app.messages import LANGUAGES, t
from sortition.app.project import Project
from sortition.app.security import CSRF_FIELD, CSRF_HEADER, Secrets
from sortition.i18n.catalogue import format_decimal, format_int, format_percent, translate

HERE = Path(__file__).parent
LANG_COOKIE = "sortition_lang"
STEPS = (
    ("volunteers", "/volontaires"),
    ("quotas", "/quotas"),
    ("lottery", "/loterie"),
    ("commitment", "/engagement"),
    ("ceremony", "/tirage"),
    ("after", "/apres"),
    ("verify", "/verifier"),
)


@dataclass
class Context:
    """The state of one running application."""

    project: Project
    keys: Secrets
    jobs: Jobs
    templates: jinja2.Environment

    @classmethod
    def create(cls, project: Project, keys: Secrets) -> Context:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        return cls(project, keys, Jobs(), env)

    @property
    def job_key(self) -> str:
        return str(self.project.folder)


def lang_of(request: Request) -> str:
    value = request.cookies.get(LANG_COOKIE, "fr")
    return value if value in LANGUAGES else "fr"


def render(ctx: Context, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page in the visitor's language, with the CSRF token for its forms and the number formats."""
    lang = lang_of(request)
    page = ctx.templates.get_template(template).render(
        lang=lang,
        t=lambda key, **p: t(key, lang, **p),
        tr=lambda key, **p: translate(key, lang, **p),
        pct=lambda x, d=1: format_percent(float(x), d, lang),
        dec=lambda x, d=2: format_decimal(float(x), d, lang),
        num=lambda x: format_int(int(x), lang),
        csrf=ctx.keys.csrf,
        csrf_field=CSRF_FIELD,
        steps=STEPS,
        path=request.url.path,
        folder=str(ctx.project.folder),
        **values,
    )
    return HTMLResponse(page, status_code=status)


async def checked_form(ctx: Context, request: Request) -> FormData:
    """The form of a state-changing request, refused (403) without the page's CSRF token."""
    form = await request.form(max_files=4, max_fields=5000)
    offered = form.get(CSRF_FIELD)
    if not isinstance(offered, str):
        offered = request.headers.get(CSRF_HEADER)
    if not ctx.keys.csrf_ok(offered):
        raise HTTPException(403, "CSRF token missing or wrong")
    return form


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else default
