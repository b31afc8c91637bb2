"""Steps 4 to 7: the commitment to publish, the public draw, what follows it, and the verification of any draw."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from sortition import workflows
from sortition.app.context import Context, checked_form, lang_of, redirect, render, text
from sortition.app.jobs import Job
from sortition.app.project import DRAW
from sortition.app.tasks import replace_task, report_task
from sortition.confirmations import Confirmation
from sortition.errors import DrawError, InfeasibleError, InputError
from sortition.protocol.files import read_directory
from sortition.protocol.published import read_published
from sortition.protocol.sampler import normalise_seed

CONTACT_MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}
MAX_ZIP = 100 * 1024 * 1024  # a published draw directory is a few megabytes at most


def _directory_name(request: Request) -> str:
    name = request.query_params.get("d", DRAW)
    return name if name == DRAW or name.startswith("remplacement-") else DRAW


def _commitment(ctx: Context, name: str) -> dict[str, Any] | None:
    """The published commitment of a draw directory of the project (None before the lottery)."""
    try:
        published = read_published(ctx.project.directory(name))
    except (FileNotFoundError, InputError, DrawError, OSError):
        return None
    return {"hash": published.commitment_hash, "source": published.commitment.get("seed_source", {}),
            "tickets": published.lottery.get("tickets"), "k": published.commitment.get("parameters", {}).get("k"),
            "n": len(published.pool_rows)}  # fmt: skip


async def commitment(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    name = _directory_name(request)
    return render(ctx, request, "commitment.j2", info=_commitment(ctx, name), name=name)


async def announcement(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    name = _directory_name(request)
    info = _commitment(ctx, name)
    if info is None:
        return redirect("/engagement")
    return render(ctx, request, "announcement.j2", info=info, name=name)


async def public_files(request: Request) -> Response:
    """The public files of a draw directory as one zip (the private map lives in another folder)."""
    ctx: Context = request.app.state.ctx
    name = _directory_name(request)
    try:
        files = read_directory(ctx.project.directory(name))
    except OSError as exc:
        raise HTTPException(404) from exc
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file_name in sorted(files):
            archive.writestr(f"{name}/{file_name}", files[file_name])
    headers = {"content-disposition": f'attachment; filename="{name}.zip"'}
    return Response(buffer.getvalue(), media_type="application/zip", headers=headers)


# --- step 5 ---------------------------------------------------------------------------------------------


def _profiles(directory: Path, ids: list[str]) -> tuple[list[str], list[list[str]]]:
    published = read_published(directory)
    rows = {row[0]: list(row) for row in published.pool_rows}
    return list(published.pool_header), [rows.get(pid, [pid]) for pid in ids]


def drawn(ctx: Context, name: str) -> dict[str, Any]:
    value = ctx.project.section("draws").get(name)
    return value if isinstance(value, dict) else {}


async def ceremony(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    name = _directory_name(request)
    result = drawn(ctx, name)
    header, panel = _profiles(ctx.project.directory(name), result["panel"]) if result else ([], [])
    return render(
        ctx, request, "ceremony.j2", info=_commitment(ctx, name), name=name, result=result, header=header,
        panel=panel, refusal=request.query_params.get("refus"), minutes=request.url.path.endswith("proces-verbal"),
    )  # fmt: skip


async def ceremony_draw(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    name = _directory_name(request)
    seed, again = text(form, "result"), text(form, "confirm")
    if " ".join(seed.split()) != " ".join(again.split()):
        return render(ctx, request, "ceremony.j2", status=400, info=_commitment(ctx, name), name=name, result={},
                      header=[], panel=[], refusal="mismatch", minutes=False)  # fmt: skip
    try:
        with ctx.project.locked():
            done = await run_in_threadpool(
                workflows.draw, ctx.project.directory(name), seed=seed, lang=lang_of(request)
            )
    except (DrawError, InputError) as exc:
        message = exc.message(lang_of(request)) if isinstance(exc, DrawError) else exc.render(lang_of(request))
        return render(ctx, request, "ceremony.j2", status=400, info=_commitment(ctx, name), name=name, result={},
                      header=[], panel=[], refusal=message, minutes=False)  # fmt: skip
    outcome = done.outcome
    draws = ctx.project.section("draws")
    draws[name] = {"canonical": normalise_seed(seed), "ticket": outcome.ticket, "total": done.tickets,
                   "key": outcome.key, "panel": list(outcome.panel), "reserves": list(outcome.reserves)}  # fmt: skip
    ctx.project.update("draws", draws)
    return redirect(f"/tirage?d={name}")


# --- step 6 ---------------------------------------------------------------------------------------------


def _rounds(ctx: Context) -> list[dict[str, Any]]:
    value = ctx.project.state().get("replacements", [])
    return list(value) if isinstance(value, list) else []


def current_panel(ctx: Context) -> tuple[str, list[str]]:
    """The latest drawn directory of the project and its full panel (kept members and replacements)."""
    name, panel = DRAW, list(drawn(ctx, DRAW).get("panel", []))
    for round_ in _rounds(ctx):
        declined = set(round_.get("declined", []))
        added = round_.get("taken") or drawn(ctx, round_["directory"]).get("panel")
        if added is None:
            break
        panel = [p for p in panel if p not in declined] + [p for p in added if p not in panel]
        name = round_["directory"]
    return name, sorted(panel)


def _members(ctx: Context, latest: str) -> tuple[Confirmation, ...] | None:
    """The current panel by the organiser's own ids with the answers recorded in the private side (the
    library's confirmation table); None when the project has no private side to read them from."""
    try:
        return workflows.confirmation_list(ctx.project.directory(latest))
    except (DrawError, OSError):
        return None


def _table(ctx: Context, latest: str, panel: list[str]) -> tuple[list[str], list[str], list[list[str]], dict[str, str]]:
    """The confirmation table: ids, header, rows (id and category values, never a private column), answers."""
    members = _members(ctx, latest) if panel else None
    if members is None:  # no private side: the published ids and profiles, answers kept in the project file
        header, profiles = _profiles(ctx.project.directory(DRAW), panel) if panel else ([], [])
        return panel, header, profiles, ctx.project.section("confirmations")
    categories = list(members[0].categories) if members else []
    rows = [[c.id, *(c.categories[name] for name in categories)] for c in members]
    return [c.id for c in members], ["id", *categories], rows, {c.id: c.status for c in members}


async def after(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    latest, published = current_panel(ctx)
    panel, header, profiles, answers = _table(ctx, latest, published)
    job = ctx.jobs.get(ctx.job_key)
    declined = [p for p in panel if answers.get(p) == "declined"]
    listed = [(name, [p.name for p in workflows.contact_files(ctx.project.directory(name))])
              for name in [DRAW, *(r["directory"] for r in _rounds(ctx))]]  # fmt: skip
    return render(
        ctx, request, "after.j2", contacts=[(n, files) for n, files in listed if files],
        panel=panel, header=header, profiles=profiles, answers=answers,
        declined=declined, rounds=_rounds(ctx), latest=latest, job=job.as_dict() if job else None,
        failure=ctx.project.section("after_error"), report=ctx.project.section("report"),
        pseudonymised=bool(ctx.project.section("lottery").get("pseudonymise")),
        pending=bool(_rounds(ctx)) and latest != _rounds(ctx)[-1]["directory"],
    )  # fmt: skip


async def after_confirm(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    latest, published = current_panel(ctx)
    members = _members(ctx, latest) if published else None
    panel = [c.id for c in members] if members is not None else published
    answers = {
        pid: value for pid in panel if (value := text(form, f"answer-{pid}")) in ("confirmed", "declined", "pending")
    }
    if members is not None:
        with ctx.project.locked(), contextlib.suppress(DrawError):  # a stale form (panel changed): nothing recorded
            await run_in_threadpool(workflows.record_confirmations, ctx.project.directory(latest), answers)
    else:
        ctx.project.update("confirmations", {**ctx.project.section("confirmations"), **answers})
    return redirect("/apres")


def _after_done(ctx: Context, kind: str) -> Any:
    def done(job: Job) -> None:
        if job.status == "done" and kind == "replace":
            ctx.project.update("replacements", [*_rounds(ctx), job.result])
            ctx.project.update("after_error", None)
        elif job.status == "done":
            ctx.project.update("report", job.result)
        elif isinstance(job.error, InfeasibleError):
            ctx.project.update("after_error", {"key": "after.infeasible"})
        else:
            ctx.project.update("after_error", {"key": "app.error-text"})

    return done


async def after_replace(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    latest, published = current_panel(ctx)
    members = _members(ctx, latest) if published else None
    if members is not None:  # the organiser's own ids go straight to the library; the project file keeps published ones
        declined = [c.id for c in members if c.status == "declined"]
        declined_published = [c.published_id for c in members if c.status == "declined"]
    else:
        answers = ctx.project.section("confirmations")
        declined = declined_published = [p for p in published if answers.get(p) == "declined"]
    mode = "reserves" if text(form, "mode") == "reserves" else "fair"
    rounds = _rounds(ctx)
    if not declined or (rounds and latest != rounds[-1]["directory"]):
        return redirect("/apres")
    source = ctx.project.section("lottery").get("seed_source") or "text"
    source = text(form, "source") or source
    kwargs = {"folder": str(ctx.project.folder), "source": latest, "dropouts": declined,
              "number": len(rounds) + 1, "mode": mode, "seed_source": source, "lang": lang_of(request),
              "published": declined_published}  # fmt: skip
    ctx.jobs.start(ctx.job_key, "replace", replace_task, kwargs, _after_done(ctx, "replace"))
    return redirect("/apres")


async def after_report(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    await checked_form(ctx, request)
    latest, _ = current_panel(ctx)
    kwargs = {"folder": str(ctx.project.folder), "name": latest}
    ctx.jobs.start(ctx.job_key, "report", report_task, kwargs, _after_done(ctx, "report"))
    return redirect("/apres")


async def report_file(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    info = ctx.project.section("report")
    if not info:
        raise HTTPException(404)
    path = ctx.project.directory(str(info["directory"])) / Path(str(info["file"])).name
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="text/html; charset=utf-8")


async def contact_file(request: Request) -> Response:
    """One private contact list of a draw directory, as a download (``?d=`` the directory, ``?f=`` the file):
    only the files the library lists as contact lists, never another file of the private side."""
    ctx: Context = request.app.state.ctx
    directory = ctx.project.directory(_directory_name(request))
    wanted = request.query_params.get("f", "")
    found = [p for p in workflows.contact_files(directory) if p.name == wanted]
    if not found:
        raise HTTPException(404)
    media = CONTACT_MEDIA.get(found[0].suffix, "application/octet-stream")
    headers = {"cache-control": "no-store"}
    return FileResponse(found[0], media_type=media, filename=found[0].name, headers=headers)


# --- step 7 ---------------------------------------------------------------------------------------------


def _extract(data: bytes, target: Path) -> Path | None:
    """Unpack a zip of a draw directory inside ``target`` (members outside it are refused); return the
    folder holding ``commitment.json``, or None when the zip is not readable or holds no draw directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_ZIP:
                return None
            for member in members:
                parts = PurePosixPath(member.filename.replace("\\", "/")).parts
                if not parts or member.filename.startswith("/") or ".." in parts:
                    return None
                destination = target.joinpath(*parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(member))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    found = sorted(target.rglob("commitment.json"), key=lambda p: len(p.parts))
    return found[0].parent if found else None


async def verify_page(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    return render(ctx, request, "verify.j2", result=None, bad=False, has_draw=bool(drawn(ctx, DRAW)))


async def verify_run(request: Request) -> Response:
    ctx: Context = request.app.state.ctx
    form = await checked_form(ctx, request)
    upload = form.get("file")
    if text(form, "project"):
        directory: Path | None = ctx.project.directory(current_panel(ctx)[0])
    elif isinstance(upload, UploadFile) and upload.filename:
        import secrets

        directory = _extract(await upload.read(), ctx.project.scratch(secrets.token_hex(6)))
    else:
        directory = None
    if directory is None:
        return render(ctx, request, "verify.j2", status=400, result=None, bad=True, has_draw=bool(drawn(ctx, DRAW)))
    result = await run_in_threadpool(workflows.verify, directory)
    return render(ctx, request, "verify.j2", result=result, bad=False, has_draw=bool(drawn(ctx, DRAW)))


ROUTES = [
    Route("/engagement", commitment),
    Route("/engagement/annonce", announcement),
    Route("/engagement/fichiers.zip", public_files),
    Route("/tirage", ceremony),
    Route("/tirage", ceremony_draw, methods=["POST"]),
    Route("/tirage/proces-verbal", ceremony),
    Route("/apres", after),
    Route("/apres/confirmations", after_confirm, methods=["POST"]),
    Route("/apres/remplacer", after_replace, methods=["POST"]),
    Route("/apres/rapport", after_report, methods=["POST"]),
    Route("/apres/rapport.html", report_file),
    Route("/apres/contacts", contact_file),
    Route("/verifier", verify_page),
    Route("/verifier", verify_run, methods=["POST"]),
]
