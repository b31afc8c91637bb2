"""Steps 1 to 3: the volunteers' file and its column roles, the quotas with their live check, the lottery."""

from __future__ import annotations

from collections import Counter
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sortition.app.context import LANG_COOKIE, Context, checked_form, lang_of, redirect, render, text
from sortition.app.jobs import Job
from sortition.app.messages import LANGUAGES, t
from sortition.app.tasks import prepare_task
from sortition.check import FeasibilityReport, check
from sortition.errors import InfeasibleError, InputError, Problem, SortitionError, problem_messages
from sortition.i18n.catalogue import translate
from sortition.load.instance import read_pool, read_quotas
from sortition.protocol.commit import SeedSource
from sortition.solve import ALGORITHMS
from sortition.text import fold

ROLES = ("id", "category", "household", "private", "ignore")
_PRIVATE_HINTS = ("nom", "prenom", "name", "telephone", "tel", "phone", "email", "courriel", "mail", "adresse")
_HOUSEHOLD_HINTS = ("household", "foyer", "menage", "logement_id", "address_id")
SOURCE_KINDS = ("loto", "euromillions", "drand", "dice", "other")


def _guess_role(column: str) -> str:
    name = fold(column)
    if name in ("id", "identifiant", "identifier", "numero"):
        return "id"
    if any(name.startswith(h) for h in _HOUSEHOLD_HINTS):
        return "household"
    if any(name.startswith(h) for h in _PRIVATE_HINTS):
        return "private"
    return "category"


def _problems(exc: InputError, lang: str) -> list[str]:
    """Every problem in words; the quota table the page built is named as the page names it."""
    named = t("quotas.table", lang)
    return problem_messages(
        (Problem(p.code, p.params, named, p.row, p.column, p.value) if p.file == "quotas (DataFrame)" else p)
        for p in exc.problems
    )


def _table_view(ctx: Context) -> tuple[Any, list[str]]:
    """The volunteers' table (None when absent or unreadable) and the problems reading it found."""
    if ctx.project.volunteers_file() is None:
        return None, []
    try:
        return ctx.project.volunteers_table(), []
    except InputError as exc:
        return None, [p.code for p in exc.problems]


async def home(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    return render(ctx, request, "home.j2")


async def language(request: Request) -> Response:
    lang = request.query_params.get("l", "fr")
    target = request.query_params.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    response.set_cookie(LANG_COOKIE, lang if lang in LANGUAGES else "fr", samesite="strict", httponly=True)
    return response


# --- step 1 ---------------------------------------------------------------------------------------------


def _volunteer_problems(ctx: Context, lang: str) -> list[str]:
    roles = ctx.project.section("volunteers")
    if ctx.project.volunteers_file() is None:
        return []
    try:
        table = ctx.project.volunteers_table()
    except InputError as exc:
        return _problems(exc, lang)
    if not roles.get("id"):
        return []
    required = [*roles.get("categories", []), *roles.get("households", [])]
    try:
        read_pool(ctx.project.volunteers_file(), id_column=roles["id"], required_columns=required)  # type: ignore[arg-type]
    except InputError as exc:
        name = table.file
        return problem_messages((Problem(p.code, p.params, name, p.row, p.column, p.value) for p in exc.problems), lang)
    return []


async def volunteers(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    lang = lang_of(request)
    table, _ = _table_view(ctx)
    roles = ctx.project.section("volunteers")
    assigned: dict[str, str] = roles.get("roles", {})
    columns = []
    if table is not None:
        for j, name in enumerate(table.header):
            example = table.rows[0][j] if table.rows else ""
            role = assigned.get(name) or _guess_role(name)
            columns.append({"name": name, "example": example if role != "private" else "•••", "role": role})
    problems = _volunteer_problems(ctx, lang)
    rows = len(table.rows) if table is not None else 0
    return render(
        ctx, request, "volunteers.j2", table=table, columns=columns, roles=ROLES, problems=problems, rows=rows,
        info=roles, saved=request.query_params.get("ok") == "1",
    )  # fmt: skip


async def volunteers_upload(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return redirect("/volontaires")
    data = await upload.read()
    path = ctx.project.save_upload("volontaires", upload.filename, data)
    ctx.project.update("volunteers", {"file": path.name, "original_name": upload.filename.rsplit("/", 1)[-1]})
    return redirect("/volontaires")


async def volunteers_roles(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    info = ctx.project.section("volunteers")
    table, _ = _table_view(ctx)
    if table is None:
        return redirect("/volontaires")
    chosen = {name: text(form, f"role-{j}", "ignore") for j, name in enumerate(table.header)}
    chosen = {name: role if role in ROLES else "ignore" for name, role in chosen.items()}
    ids = [c for c, r in chosen.items() if r == "id"]
    info.update(
        roles=chosen,
        id=ids[0] if len(ids) == 1 else "",
        categories=[c for c, r in chosen.items() if r == "category"],
        households=[c for c, r in chosen.items() if r == "household"],
        private=[c for c, r in chosen.items() if r == "private"],
        errors=[key for key, bad in (("vol.need-id", len(ids) != 1),
                                     ("vol.need-category", "category" not in chosen.values())) if bad],
    )  # fmt: skip
    ctx.project.update("volunteers", info)
    return redirect("/volontaires?ok=1#saved")


# --- step 2 ---------------------------------------------------------------------------------------------


def quota_rows(ctx: Context) -> list[dict[str, Any]]:
    """One row per value of each quota category in the pool (with its count), merged with the saved rows."""
    info = ctx.project.section("volunteers")
    saved = {(r["category"], r["value"]): r for r in ctx.project.quota_rows()}
    table, _ = _table_view(ctx)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for category in info.get("categories", []):
        counts = Counter(table.column(category)) if table is not None and category in table.header else Counter()
        for value in sorted(counts):
            row = {"category": category, "value": value, "min": "", "max": "", "share": ""}
            row.update(saved.get((category, value), {}))
            row["count"] = counts[value]
            rows.append(row)
            seen.add((category, value))
    rows.extend({**r, "count": 0} for key, r in saved.items() if key not in seen)
    return rows


def _check(ctx: Context, lang: str) -> tuple[FeasibilityReport | None, list[str], str]:
    """The live check of the saved quotas: the feasibility report, or the problems of the inputs."""
    try:
        return check(ctx.project.instance()), [], lang
    except InputError as exc:
        return None, _problems(exc, lang), lang
    except (FileNotFoundError, SortitionError, ValueError):
        return None, [], lang


def _save_quotas(ctx: Context, form: Any) -> None:
    rows = []
    for i in range(int(text(form, "rows", "0") or 0)):
        rows.append({field: text(form, f"{field}-{i}") for field in ("category", "value", "min", "max", "share")})
    k = text(form, "k")
    ctx.project.update(
        "quotas", {"k": int(k) if k.isdigit() else 0, "tolerance": text(form, "tolerance", "0.1"), "rows": rows}
    )


def _fill_from_shares(ctx: Context, lang: str) -> list[str]:
    """Min/max of each row from its population share, the panel size and the tolerance (the library's bands)."""
    import pandas

    section = ctx.project.section("quotas")
    rows = [r for r in ctx.project.quota_rows() if r.get("share")]
    frame = pandas.DataFrame({f: [r[f] for r in rows] for f in ("category", "value", "share")})
    try:
        quotas = read_quotas(
            frame, k=int(section.get("k", 0)), tolerance=str(section.get("tolerance", "0.1")).replace(",", ".")
        )
    except InputError as exc:
        return _problems(exc, lang)
    bands = {(q.category, q.value): (q.min, q.max) for q in quotas.entries}
    for row in (all_rows := ctx.project.quota_rows()):
        if (row["category"], row["value"]) in bands:
            row["min"], row["max"] = (str(b) for b in bands[(row["category"], row["value"])])
    ctx.project.update("quotas", {**section, "rows": all_rows})
    return []


async def quotas(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    saved = bool(ctx.project.section("quotas").get("k"))
    report, problems, _ = await run_in_threadpool(_check, ctx, lang_of(request)) if saved else (None, [], "")
    extra = ctx.project.section("quotas").get("problems", [])
    return render(
        ctx, request, "quotas.j2", rows=quota_rows(ctx), quotas=ctx.project.section("quotas"),
        report=report, problems=[*extra, *problems], ready=bool(ctx.project.section("volunteers").get("categories")),
    )  # fmt: skip


async def quotas_save(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    _save_quotas(ctx, form)
    problems = _fill_from_shares(ctx, lang_of(request)) if text(form, "action") == "shares" else []
    if problems:
        ctx.project.update("quotas", {**ctx.project.section("quotas"), "problems": problems})
    if request.headers.get("x-live") == "1":
        report, found, _ = await run_in_threadpool(_check, ctx, lang_of(request))
        return render(ctx, request, "check.j2", report=report, problems=[*problems, *found])
    return redirect("/quotas#check")


async def quotas_repair(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    report, _, _ = await run_in_threadpool(_check, ctx, lang_of(request))
    number = text(form, "repair")
    if report is None or not number.isdigit() or not 1 <= int(number) <= len(report.repairs):
        return redirect("/quotas")
    changes = {(c.category, c.value, c.side): c.new for c in report.repairs[int(number) - 1].changes}
    rows = ctx.project.quota_rows()
    for row in rows:
        for side in ("min", "max"):
            if (row["category"], row["value"], side) in changes:
                row[side] = str(changes[(row["category"], row["value"], side)])
    ctx.project.update("quotas", {**ctx.project.section("quotas"), "rows": rows})
    return redirect("/quotas#check")


async def quotas_file(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    upload = form.get("file")
    section = ctx.project.section("quotas")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return redirect("/quotas")
    path = ctx.project.save_upload("quotas-fichier", upload.filename, await upload.read())
    try:
        loaded = read_quotas(path, k=int(section.get("k", 0)) or None, tolerance=str(section.get("tolerance", "0.1")))
    except InputError as exc:
        ctx.project.update("quotas", {**section, "problems": _problems(exc, lang_of(request))})
        return redirect("/quotas")
    rows = [
        {"category": q.category, "value": q.value, "min": str(q.min), "max": str(q.max),
         "share": "" if q.share is None else f"{float(q.share):.6g}"}
        for q in loaded.entries
    ]  # fmt: skip
    ctx.project.update("quotas", {**section, "rows": rows, "problems": []})
    return redirect("/quotas")


# --- step 3 ---------------------------------------------------------------------------------------------


def seed_source_text(kind: str, detail: str) -> str:
    """The seed source as the library parses it: ``kind:detail`` for the typed sources, else the detail."""
    return f"{kind}:{detail}" if kind in SOURCE_KINDS[:-1] and detail and not detail.startswith(kind + ":") else detail


def _lottery_done(ctx: Context) -> Any:
    def done(job: Job) -> None:
        if job.status == "done":
            ctx.project.update("lottery", job.result)
            ctx.project.update("lottery_error", None)
            for section in ("draws", "confirmations", "replacements", "report", "after_error"):
                ctx.project.update(section, None)
        elif isinstance(job.error, InfeasibleError):
            ctx.project.update("lottery_error", {"key": "lottery.need-quotas"})
        elif isinstance(job.error, InputError):
            messages = {lang: problem_messages(job.error.problems, lang) for lang in LANGUAGES}
            ctx.project.update("lottery_error", {"problems": messages})
        else:
            ctx.project.update("lottery_error", {"key": "app.error-text"})

    return done


async def lottery(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    job = ctx.jobs.get(ctx.job_key)
    return render(
        ctx, request, "lottery.j2", job=job.as_dict() if job is not None else None,
        result=ctx.project.section("lottery"), failure=ctx.project.section("lottery_error"),
        choice=ctx.project.section("lottery_choice"), algorithms=ALGORITHMS, kinds=SOURCE_KINDS,
    )  # fmt: skip


async def lottery_run(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    algorithm = text(form, "algorithm", "leximin")
    kind, detail = text(form, "kind", "loto"), text(form, "detail")
    pseudonymise = text(form, "pseudonymise") == "1"
    choice = {"algorithm": algorithm, "kind": kind, "detail": detail, "pseudonymise": pseudonymise}
    ctx.project.update("lottery_choice", choice)
    if (ctx.project.draw_directory() / "audit.json").exists():  # a commitment is drawn once: nothing to redo
        ctx.project.update("lottery_error", {"key": "lottery.drawn"})
        return redirect("/loterie")
    source = seed_source_text(kind, detail)
    try:
        SeedSource.parse(source)
    except ValueError as exc:  # the message is a catalogue key naming what is wrong with the source
        ctx.project.update("lottery_error", {"text": translate(str(exc), lang_of(request), text=source[:60])})
        return redirect("/loterie")
    if algorithm not in ALGORITHMS:
        return redirect("/loterie")
    ctx.project.update("lottery_error", None)
    kwargs = {"folder": str(ctx.project.folder), "algorithm": algorithm, "seed_source": source,
              "pseudonymise": pseudonymise}  # fmt: skip
    ctx.jobs.start(ctx.job_key, "lottery", prepare_task, kwargs, _lottery_done(ctx))
    return redirect("/loterie")


async def job_cancel(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    ctx.jobs.cancel(ctx.job_key)
    target = text(form, "next", "/loterie")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/loterie")


async def job_status(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    job = ctx.jobs.get(ctx.job_key)
    return JSONResponse(job.as_dict() if job is not None else {"status": "none"})


ROUTES = [
    Route("/", home),
    Route("/langue", language),
    Route("/volontaires", volunteers),
    Route("/volontaires/fichier", volunteers_upload, methods=["POST"]),
    Route("/volontaires/roles", volunteers_roles, methods=["POST"]),
    Route("/quotas", quotas),
    Route("/quotas", quotas_save, methods=["POST"]),
    Route("/quotas/reparer", quotas_repair, methods=["POST"]),
    Route("/quotas/fichier", quotas_file, methods=["POST"]),
    Route("/loterie", lottery),
    Route("/loterie", lottery_run, methods=["POST"]),
    Route("/travail/annuler", job_cancel, methods=["POST"]),
    Route("/api/travail", job_status),
]
