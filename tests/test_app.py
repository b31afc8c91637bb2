"""The local web application over plain HTTP (Starlette's TestClient): the guard (Host, token, CSRF), the
project folder, and the journey from a pool file to a verified draw, byte-identical to the library's."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2", reason="Starlette's TestClient needs httpx2")

from sortition_cli.main import app as cli_app
from starlette.testclient import TestClient
from typer.testing import CliRunner

from sortition import workflows
from sortition.app.security import Secrets
from sortition.app.server import create_app, free_port
from sortition.load.instance import load_instance
from sortition.protocol.tickets import FAIR_LOSS

ROOT = Path(__file__).resolve().parent.parent
JURY = ROOT / "sample_pools" / "jury30"
SOURCE = "loto:2026-12-05"
SEED = "7 12 25 31 44 - 3"
LEXIMIN_MIN = 0.0489510  # jury30's least LEXIMIN probability (households, k = 30)


class App:
    """A running application on a temporary project folder, with a logged-in client."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.keys = Secrets(8765)
        self.app = create_app(folder, self.keys)
        self.ctx = self.app.app.state.ctx  # type: ignore[attr-defined]
        self.client = TestClient(self.app, base_url="http://127.0.0.1:8765")
        self.client.cookies.set("sortition_token", self.keys.token)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.client.post(path, data={"csrf": self.keys.csrf, **(data or {})}, **kwargs)

    def upload(self, path: str, name: str, content: bytes) -> Any:
        return self.post(path, files={"file": (name, content)})

    def accept_roles(self) -> Any:
        page = self.client.get("/volontaires").text
        roles = re.findall(r'<option value="(\w+)" selected>', page)
        return self.post("/volontaires/roles", {f"role-{j}": r for j, r in enumerate(roles)})

    def quota_form(self, bands: dict[tuple[str, str], tuple[str, str]], k: int = 30) -> dict[str, str]:
        page = self.client.get("/quotas").text
        n = int(re.search(r'name="rows" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
        data = {"rows": str(n), "k": str(k), "tolerance": "0.1", "action": "check"}
        for i in range(n):
            category = html.unescape(re.search(rf'name="category-{i}" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
            value = html.unescape(re.search(rf'name="value-{i}" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
            low, high = bands.get((category, value), ("", ""))
            data.update({f"category-{i}": category, f"value-{i}": value, f"min-{i}": low, f"max-{i}": high})
        return data

    def run_lottery(self, **choice: str) -> Any:
        self.post("/loterie", {"algorithm": "leximin", "kind": "loto", "detail": "2026-12-05", **choice})
        return self.ctx.jobs.wait(self.ctx.job_key)


def jury_bands() -> dict[tuple[str, str], tuple[str, str]]:
    with open(JURY / "quotas.csv", encoding="utf-8") as handle:
        return {(r["category"], r["value"]): (r["min"], r["max"]) for r in csv.DictReader(handle)}


@pytest.fixture
def running(tmp_path: Path) -> App:
    return App(tmp_path / "projet")


@pytest.fixture
def prepared(running: App) -> App:
    running.upload("/volontaires/fichier", "pool.csv", (JURY / "pool.csv").read_bytes())
    running.accept_roles()
    running.post("/quotas", running.quota_form(jury_bands()))
    job = running.run_lottery()
    assert job is not None and job.status == "done", job and job.error
    return running


# --- the guard ------------------------------------------------------------------------------------------


def test_refuses_another_host_name(running: App) -> None:
    rebound = running.client.get("/", headers={"host": "attacker.example:8765"})
    assert rebound.status_code == 421
    assert running.client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 421
    assert running.client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_needs_the_launch_token(running: App) -> None:
    stranger = TestClient(running.app, base_url="http://127.0.0.1:8765")
    assert stranger.get("/").status_code == 403
    assert stranger.get("/?token=guessed").status_code == 403
    assert stranger.get("/static/app.css").status_code == 403
    opened = stranger.get(f"/quotas?token={running.keys.token}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/quotas"
    cookie = opened.headers["set-cookie"]
    assert f"sortition_token={running.keys.token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert stranger.get("/").status_code == 200


def test_state_changes_need_the_csrf_token(running: App) -> None:
    refused = running.client.post("/volontaires/fichier", files={"file": ("pool.csv", b"id,a\n1,x\n")})
    assert refused.status_code == 403
    wrong = running.client.post("/quotas", data={"csrf": "nope", "rows": "0", "k": "3"})
    assert wrong.status_code == 403
    assert not (running.folder / "project.json").exists() and not list(running.folder.glob("volontaires*"))


def test_uploads_stay_in_the_project_folder(running: App) -> None:
    running.upload("/volontaires/fichier", "../../../evil.csv", b"id,sexe\n1,F\n2,H\n")
    assert sorted(p.name for p in running.folder.iterdir()) == [".lock", "project.json", "volontaires.csv"]
    assert not (running.folder.parent / "evil.csv").exists()


def test_free_port_skips_a_taken_port() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert free_port(port) > port


# --- step 1 and 2 ---------------------------------------------------------------------------------------


def test_a_broken_file_shows_every_problem_with_its_place(running: App) -> None:
    broken = b"id,sexe,age,nom\n1,F,30-44,Ann\n1,H,30-44,Bob\n3,F,45-59,Cy\n3,H,45-59,Di\n"
    running.upload("/volontaires/fichier", "volontaires.csv", broken)
    page = running.accept_roles()
    text = html.unescape(page.text)
    assert "2 problème(s) dans le fichier" in text
    assert "ligne 3, colonne « id » : l'identifiant « 1 » est aussi utilisé ligne 2" in text
    assert "ligne 5, colonne « id » : l'identifiant « 3 » est aussi utilisé ligne 4" in text
    assert "Ann" not in text and "Bob" not in text  # a private column's values never shown


def test_infeasible_quotas_are_repaired_in_one_click(running: App) -> None:
    # every woman is young: at least 3 women and at most 2 young persons cannot both hold
    pool = "id,sexe,age\n" + "".join(
        f"{i},{'F' if i < 5 else 'H'},{'jeune' if i < 5 else 'vieux'}\n" for i in range(10)
    )
    running.upload("/volontaires/fichier", "pool.csv", pool.encode())
    running.accept_roles()
    bands = {
        ("sexe", "F"): ("3", "4"),
        ("sexe", "H"): ("0", "4"),
        ("age", "jeune"): ("0", "2"),
        ("age", "vieux"): ("0", "4"),
    }
    page = html.unescape(running.post("/quotas", running.quota_form(bands, k=4)).text)
    assert "Impossible : aucun panel de 4 personnes ne respecte ces quotas ensemble." in page
    assert "au moins 3 « sexe = F » (5 volontaires)" in page and "au plus 2 « age = jeune » (5 volontaires)" in page
    assert "Appliquer la réparation 1" in page
    repaired = html.unescape(running.post("/quotas/reparer", {"repair": "1"}).text)
    assert "Faisable : au moins un panel de 4 personnes respecte tous les quotas." in repaired
    rows = {(r["category"], r["value"]): (r["min"], r["max"]) for r in running.ctx.project.quota_rows()}
    assert rows[("sexe", "F")][0] == "2" or rows[("age", "jeune")][1] == "3"


def test_min_max_from_population_shares(running: App) -> None:
    running.upload(
        "/volontaires/fichier",
        "pool.csv",
        b"id,sexe\n" + b"".join(b"%d,%s\n" % (i, b"FH"[i % 2 : i % 2 + 1]) for i in range(40)),
    )
    running.accept_roles()
    form = running.quota_form({}, k=10)
    form.update({"share-0": "0.52", "share-1": "0.48", "action": "shares"})
    running.post("/quotas", form)
    rows = {r["value"]: (r["min"], r["max"]) for r in running.ctx.project.quota_rows()}
    assert rows == {"F": ("4", "6"), "H": ("4", "6")}


def test_the_live_check_returns_the_verdict_alone(running: App) -> None:
    running.upload("/volontaires/fichier", "pool.csv", (JURY / "pool.csv").read_bytes())
    running.accept_roles()
    fragment = running.post("/quotas", running.quota_form(jury_bands()), headers={"X-Live": "1"})
    assert fragment.text.lstrip().startswith('<div id="check-result"') and "Faisable" in fragment.text


# --- steps 3 to 7 ---------------------------------------------------------------------------------------


def test_the_draw_directory_is_the_librarys_byte_for_byte(prepared: App, tmp_path: Path) -> None:
    # the same inputs: the volunteers file, and the quota table as the organiser typed it (its order is recorded)
    quotas = prepared.ctx.project.quotas_frame()
    instance = load_instance(JURY / "pool.csv", quotas, 30, household_columns=("household",))
    library = workflows.prepare(instance, tmp_path / "cli", seed_source=SOURCE)
    ours = prepared.folder / "tirage"
    assert sorted(p.name for p in ours.iterdir()) == sorted(library.files)
    for name in library.files:
        assert (ours / name).read_bytes() == (library.directory / name).read_bytes(), name
    drawn = prepared.post("/tirage", {"result": SEED, "confirm": SEED})
    workflows.draw(library.directory, seed=SEED)
    for name in ("panel.csv", "reserves.csv", "audit.json"):
        assert (ours / name).read_bytes() == (library.directory / name).read_bytes(), name
    assert "Billet tiré" in drawn.text
    result = CliRunner().invoke(cli_app, ["verify", str(ours), "--lang", "fr"])
    assert result.exit_code == 0, result.output


def test_the_lottery_page_explains_the_figures(prepared: App) -> None:
    page = html.unescape(prepared.client.get("/loterie").text)
    least = prepared.ctx.project.section("lottery")["least"]
    # the default tickets lose at most 0.1% of the LEXIMIN minimum (0.0489510; which panels carry it may change)
    assert LEXIMIN_MIN * (1 - FAIR_LOSS) <= least <= LEXIMIN_MIN + 1e-6
    assert "Chance minimale : 4,9 %" in page.replace("\u202f", " ")
    assert "Avec l'ancienne méthode, la personne la moins favorisée aurait eu environ" in page
    commitment = prepared.client.get("/engagement").text
    assert prepared.ctx.project.section("lottery")["hash"] in commitment
    announcement = html.unescape(prepared.client.get("/engagement/annonce").text)
    assert "loto:2026-12-05" in announcement and "30 personnes" in announcement


def test_the_public_files_download_as_one_zip(prepared: App) -> None:
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(prepared.client.get("/engagement/fichiers.zip").content))
    names = sorted(archive.namelist())
    assert names == sorted(f"tirage/{n}" for n in workflows.read_directory(prepared.folder / "tirage"))  # type: ignore[attr-defined]
    assert not any("private" in n or "nom" in n for n in names)


def test_a_mistyped_result_is_refused_and_nothing_drawn(prepared: App) -> None:
    page = prepared.post("/tirage", {"result": SEED, "confirm": "7 12 25 31 45 - 3"})
    assert page.status_code == 400 and "Les deux saisies du résultat diffèrent" in html.unescape(page.text)
    empty = prepared.post("/tirage", {"result": " ", "confirm": " "})
    assert empty.status_code == 400
    assert not (prepared.folder / "tirage" / "audit.json").exists()


def test_no_second_lottery_after_the_draw(prepared: App) -> None:
    prepared.post("/tirage", {"result": SEED, "confirm": SEED})
    before = (prepared.folder / "tirage" / "commitment.json").read_bytes()
    page = html.unescape(prepared.post("/loterie", {"algorithm": "leximin", "kind": "loto", "detail": "x"}).text)
    assert "déjà tiré" in page
    assert (prepared.folder / "tirage" / "commitment.json").read_bytes() == before


def test_replacing_three_declined_members_and_the_report(prepared: App) -> None:
    prepared.post("/tirage", {"result": SEED, "confirm": SEED})
    panel = prepared.ctx.project.section("draws")["tirage"]["panel"]
    answers = {f"answer-{pid}": "confirmed" for pid in panel}
    answers.update({f"answer-{pid}": "declined" for pid in panel[:3]})
    page = html.unescape(prepared.post("/apres/confirmations", answers).text)
    assert "Remplacer les 3 personnes qui déclinent" in page
    prepared.post("/apres/remplacer", {"mode": "fair", "source": "loto:2026-12-12"})
    job = prepared.ctx.jobs.wait(prepared.ctx.job_key)
    assert job is not None and job.status == "done", job and job.error
    round_ = prepared.ctx.project.state()["replacements"][0]
    assert round_["directory"] == "remplacement-1" and round_["declined"] == panel[:3]
    refused = html.unescape(
        prepared.post("/tirage?d=remplacement-1", {"result": "1 2 3 4 5", "confirm": "1 2 3 4 5"}).text
    )
    assert "un résultat compte 6 numéros, 5 ont été tapés" in refused  # the loto source's own form, checked
    prepared.post("/tirage?d=remplacement-1", {"result": "1 2 3 4 5 - 6", "confirm": "1 2 3 4 5 - 6"})
    after = html.unescape(prepared.client.get("/apres").text)
    kept = [p for p in panel if p not in panel[:3]]
    new = prepared.ctx.project.section("draws")["remplacement-1"]["panel"]
    assert len(new) == 3 and not set(new) & set(panel)
    assert all(pid in after for pid in kept + new)
    verdict = html.unescape(prepared.post("/verifier", {"project": "1"}).text)
    assert "Toutes les vérifications automatiques sont réussies." in verdict
    prepared.post("/apres/rapport")
    assert prepared.ctx.jobs.wait(prepared.ctx.job_key).status == "done"  # type: ignore[union-attr]
    report = prepared.client.get("/apres/rapport.html")
    assert report.status_code == 200 and 'lang="fr"' in report.text
    private = {p.name for p in workflows.contact_files(prepared.folder / "remplacement-1")}
    assert "contacts.xlsx" in private and "contacts-changes.csv" in private
    for path in prepared.folder.rglob("*"):  # no name, phone or e-mail outside the uploaded file and private sides
        if path.is_file() and not path.name.startswith("volontaires.") and not path.parent.name.endswith(".private"):
            data = path.read_bytes()
            assert b"Sophie Bonnet" not in data and b"@example.org" not in data and b"06 00 00" not in data, path


def test_verifying_a_dropped_zip(prepared: App) -> None:
    prepared.post("/tirage", {"result": SEED, "confirm": SEED})
    archive = prepared.client.get("/engagement/fichiers.zip").content
    page = html.unescape(prepared.upload("/verifier", "tirage.zip", archive).text)
    assert "Toutes les vérifications automatiques sont réussies." in page and "échoué" not in page
    bad = prepared.upload("/verifier", "x.zip", b"not a zip")
    assert bad.status_code == 400 and "pas un zip lisible" in html.unescape(bad.text)
    extracted = list((prepared.folder / "verifications").iterdir())
    assert len(extracted) == 2  # inside the project folder, one folder per upload


def test_english_is_one_click_away(running: App) -> None:
    switched = running.client.get("/langue?l=en&next=/quotas")
    assert "2. The quotas" in switched.text
    assert running.client.get("/langue?l=en&next=//evil.example", follow_redirects=False).headers["location"] == "/"


def test_an_unknown_page_shows_no_detail(running: App) -> None:
    page = running.client.get("/tirage?d=../../etc")
    assert page.status_code == 200  # an unknown directory name falls back to the project's draw
    missing = running.client.get("/nulle-part")
    assert missing.status_code == 404 and "Traceback" not in missing.text


def test_the_command_prints_the_address_first_and_listens_on_loopback_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    folder = tmp_path / "mon-tirage"
    result = CliRunner().invoke(
        cli_app, ["app", "--no-browser", "--project", str(folder), "--volunteers", str(JURY / "pool.csv")]
    )
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{32}", first), first
    assert calls[0]["host"] == "127.0.0.1" and str(calls[0]["port"]) in first and calls[0]["access_log"] is False
    assert (folder / "volontaires.csv").read_bytes() == (JURY / "pool.csv").read_bytes()
    missing = CliRunner().invoke(cli_app, ["app", "--no-browser", "--volunteers", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2


def test_two_writers_wait_for_each_other(running: App) -> None:
    import threading

    order: list[str] = []
    with running.ctx.project.locked():
        other = threading.Thread(target=lambda: running.ctx.project.update("x", {"n": 1}) and order.append("other"))
        other.start()
        other.join(timeout=0.5)
        order.append("first")
        assert other.is_alive()  # the second writer waits for the lock
    other.join(timeout=5)
    assert order == ["first", "other"] and running.ctx.project.section("x") == {"n": 1}


def test_the_worker_tasks_return_plain_figures(prepared: App) -> None:
    """The tasks run in a spawned worker above; here in-process, to pin what they return."""
    import json

    from sortition.app import tasks
    from sortition.progress import NO_PROGRESS
    from sortition.protocol.published import read_published

    folder = str(prepared.folder)
    prepared.ctx.project.update("draws", None)
    result = tasks.prepare_task(folder, "leximin", SOURCE, False, progress=NO_PROGRESS)
    assert LEXIMIN_MIN * (1 - FAIR_LOSS) <= result["least"] <= LEXIMIN_MIN + 1e-6
    assert result["k"] == 30 and result["n"] == 400
    assert result["optimal"] is True and result["gini"] == pytest.approx(0.273, abs=1e-3)
    assert result["hash"] == read_published(prepared.folder / "tirage").commitment_hash
    assert json.loads(json.dumps(result)) == result  # saved as it is in project.json
    workflows.draw(prepared.folder / "tirage", seed=SEED)
    panel = sorted(workflows.verify(prepared.folder / "tirage").checks, key=lambda c: c.key)
    assert all(c.status != "fail" for c in panel)
    drawn = [row.split(",")[0] for row in (prepared.folder / "tirage" / "panel.csv").read_text().splitlines()[1:]]
    taken = tasks.replace_task(folder, "tirage", drawn[:2], 1, "reserves", "", progress=NO_PROGRESS)
    assert taken["mode"] == "reserves" and len(taken["taken"]) == 2 and taken["hash"] is None
    assert not set(taken["taken"]) & set(drawn)


def test_the_private_contact_lists_download_from_step_6_only(prepared: App) -> None:
    prepared.post("/tirage", {"result": SEED, "confirm": SEED})
    after = html.unescape(prepared.client.get("/apres").text)
    assert "Listes de contacts (privées)" in after and "ne les publiez jamais" in after
    assert "Sophie Bonnet" not in after and "@example.org" not in after  # names only inside the files
    files = workflows.contact_files(prepared.folder / "tirage")
    assert files and files[0].suffix == ".xlsx"
    for path in files:
        assert f"f={path.name}" in after
        got = prepared.client.get(f"/apres/contacts?d=tirage&f={path.name}")
        assert got.status_code == 200 and got.content == path.read_bytes()
        assert "attachment" in got.headers["content-disposition"] and got.headers["cache-control"] == "no-store"
    assert prepared.client.get("/apres/contacts?d=tirage&f=pool.csv").status_code == 404  # not a contact list
    assert prepared.client.get("/apres/contacts?d=tirage&f=../tirage.private/contacts.xlsx").status_code == 404
    stranger = TestClient(prepared.app, base_url="http://127.0.0.1:8765")
    assert stranger.get(f"/apres/contacts?d=tirage&f={files[0].name}").status_code == 403


def test_confirmations_go_by_the_organisers_own_ids(running: App) -> None:
    running.upload("/volontaires/fichier", "pool.csv", (JURY / "pool.csv").read_bytes())
    running.accept_roles()
    running.post("/quotas", running.quota_form(jury_bands()))
    assert running.run_lottery(pseudonymise="1").status == "done"
    running.post("/tirage", {"result": SEED, "confirm": SEED})
    members = workflows.confirmation_list(running.folder / "tirage")
    assert members and all(c.id != c.published_id for c in members)
    after = html.unescape(running.client.get("/apres").text)
    assert all(c.id in after for c in members) and not any(c.published_id in after for c in members)
    assert not any(value in after for c in members for value in c.details.values())  # no name, no phone
    running.post("/apres/confirmations", {f"answer-{c.id}": "declined" for c in members[:2]})
    recorded = workflows.confirmation_list(running.folder / "tirage")
    assert [c.status for c in recorded] == ["declined"] * 2 + ["pending"] * (len(members) - 2)
    running.post("/apres/remplacer", {"mode": "reserves"})
    job = running.ctx.jobs.wait(running.ctx.job_key)
    assert job is not None and job.status == "done", job and job.error
    round_ = running.ctx.project.state()["replacements"][0]
    assert round_["declined"] == [c.published_id for c in members[:2]] and len(round_["taken"]) == 2
    project_file = (running.folder / "project.json").read_text(encoding="utf-8")
    assert not any(f'"{c.id}"' in project_file for c in members)  # the project file keeps published ids only
    again = html.unescape(running.client.get("/apres").text)
    now = workflows.confirmation_list(running.folder / "remplacement-1")
    assert len(now) == len(members) and sum(c.new for c in now) == 2 and all(c.id in again for c in now)
