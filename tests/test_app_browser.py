"""The local web application in a real browser (the system Chromium driven by Playwright): the clerk's
journey in French from an .xlsx to the verified panel, a replacement of three declined members and the report;
an infeasible quota repaired from the page; a broken file's problems; a wrong public result refused; no request
outside 127.0.0.1; the token and Host checks; the main path with the keyboard alone.

Skipped when /usr/bin/chromium or the playwright package is missing (CI installs both). With
``SORTITION_SCREENSHOTS=1`` the journey also writes the screenshots of docs/img/app-*.png.
"""

from __future__ import annotations

import csv
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no system Chromium at /usr/bin/chromium (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
uvicorn = pytest.importorskip("uvicorn")

from sortition.app.security import Secrets  # noqa: E402
from sortition.app.server import create_app, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JURY = ROOT / "sample_pools" / "jury30"
IMAGES = ROOT / "docs" / "img"
SHOTS = os.environ.get("SORTITION_SCREENSHOTS") == "1"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]  # fmt: skip
SEED = "7 12 25 31 44 - 3"


class Server:
    """The application served by uvicorn in a thread, on a free port, for one test."""

    def __init__(self, folder: Path) -> None:
        self.keys = Secrets(free_port(18765))
        self.app = create_app(folder, self.keys)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.keys.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.started and time.monotonic() < end:
            time.sleep(0.05)
        self.base = f"http://127.0.0.1:{self.keys.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "projet")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    opened = context.new_page()
    opened.requests = []  # type: ignore[attr-defined]
    opened.on("request", lambda request: opened.requests.append(request.url))  # type: ignore[attr-defined]
    opened.set_default_timeout(30_000)
    opened.goto(server.keys.url())
    yield opened
    context.close()


def shot(page: Any, name: str, full: bool = True) -> None:
    if SHOTS:
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / f"app-{name}.png"), full_page=full)


def jury_xlsx(folder: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    with open(JURY / "pool.csv", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    path = folder / "volontaires.xlsx"
    workbook.save(path)
    return path


def fill_quotas(page: Any, bands: dict[tuple[str, str], tuple[str, str]], k: int) -> None:
    page.fill("#k", str(k))
    rows = int(page.locator("input[name=rows]").get_attribute("value"))
    for i in range(rows):
        category = page.locator(f"input[name=category-{i}]").get_attribute("value")
        value = page.locator(f"input[name=value-{i}]").get_attribute("value")
        low, high = bands[(category, value)]
        page.fill(f"input[name=min-{i}]", low)
        page.fill(f"input[name=max-{i}]", high)


def jury_bands() -> dict[tuple[str, str], tuple[str, str]]:
    with open(JURY / "quotas.csv", encoding="utf-8") as handle:
        return {(r["category"], r["value"]): (r["min"], r["max"]) for r in csv.DictReader(handle)}


def wait_job(page: Any, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=180_000)


def test_the_clerks_journey_from_an_xlsx_to_the_verified_panel(page: Any, server: Server, tmp_path: Path) -> None:
    expect = sync_api.expect
    shot(page, "0-accueil", full=False)
    page.get_by_role("link", name="Commencer par les volontaires").click()
    page.set_input_files("#file", str(jury_xlsx(tmp_path)))
    page.get_by_role("button", name="Téléverser").click()
    expect(page.get_by_text("Fichier actuel : volontaires.xlsx (400 lignes)")).to_be_visible()
    expect(page.locator("#role-7")).to_have_value("private")  # nom: private by default
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("400 volontaires lus, sans problème.")).to_be_visible()
    shot(page, "1-volontaires")
    page.get_by_role("link", name="Étape suivante").click()
    fill_quotas(page, jury_bands(), 30)
    page.get_by_role("button", name="Vérifier la faisabilité").click()
    expect(page.get_by_text("Faisable : au moins un panel de 30 personnes")).to_be_visible()
    shot(page, "2-quotas")
    page.get_by_role("link", name="Étape suivante").click()
    page.fill("#detail", "2026-12-05")
    page.get_by_role("button", name="Calculer la loterie").click()
    wait_job(page, "Chance minimale")
    expect(page.locator(".big")).to_contain_text("4,9")
    shot(page, "3-loterie")
    page.get_by_role("link", name="Étape suivante").click()
    commitment = server.app.app.state.ctx.project.section("lottery")["hash"]  # type: ignore[attr-defined]
    expect(page.locator("#hash")).to_have_text(commitment)
    shot(page, "4-engagement")
    page.get_by_role("link", name="Annonce imprimable (A4)").click()
    expect(page.get_by_text("loto:2026-12-05", exact=False).first).to_be_visible()
    shot(page, "4-annonce")
    page.goto(server.base + "/tirage")
    page.set_viewport_size({"width": 1920, "height": 1080})
    shot(page, "5-tirage-saisie", full=False)
    page.fill("#result", SEED)
    page.fill("#confirm", SEED)
    page.get_by_role("button", name="Tirer le panel").click()
    expect(page.locator("#canonical")).to_have_text(SEED)
    expect(page.locator("#ticket")).to_contain_text("Billet tiré")
    expect(page.locator("#panel tbody tr")).to_have_count(30)
    assert "Sophie Bonnet" not in page.content()  # a name never reaches a page of the draw
    shot(page, "5-tirage", full=False)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("link", name="Imprimer le procès-verbal").click()
    expect(page.get_by_role("heading", name="Procès-verbal du tirage au sort")).to_be_visible()
    page.goto(server.base + "/apres")
    for row in range(3):
        page.locator("table tbody tr").nth(row).get_by_label("Décliné").check()
    page.get_by_role("button", name="Enregistrer les réponses").click()
    page.fill("#source", "loto:2026-12-12")
    page.get_by_role("button", name="Remplacer les 3 personnes qui déclinent").last.click()
    wait_job(page, "remplacement-1 :")
    shot(page, "6-apres")
    page.get_by_role("link", name="Tirage public de ce remplacement").click()
    page.fill("#result", "3 9 14 27 41 - 7")  # a loto result has 6 numbers
    page.fill("#confirm", "3 9 14 27 41 - 7")
    page.get_by_role("button", name="Tirer le panel").click()
    expect(page.locator("#panel tbody tr")).to_have_count(3)
    page.goto(server.base + "/apres")
    expect(page.get_by_role("heading", name="Listes de contacts (privées)")).to_be_visible()
    assert "Sophie Bonnet" not in page.content()  # the names stay inside the private downloads
    page.get_by_role("button", name="Écrire le rapport").click()
    wait_job(page, "Ouvrir le rapport")
    page.get_by_role("link", name="Ouvrir le rapport").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(server.base + "/engagement")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les fichiers à publier (zip)").click()
    published = tmp_path / "publie.zip"
    download.value.save_as(published)
    page.goto(server.base + "/verifier")
    page.get_by_role("button", name="Vérifier le tirage de ce projet").click()
    expect(page.get_by_text("Toutes les vérifications automatiques sont réussies.")).to_be_visible()
    page.set_input_files("#zip", str(published))
    page.get_by_role("button", name="Vérifier", exact=True).click()
    expect(page.get_by_text("Toutes les vérifications automatiques sont réussies.")).to_be_visible()
    expect(page.locator(".checks li.fail")).to_have_count(0)
    shot(page, "7-verifier")
    outside = [url for url in page.requests if not url.startswith(server.base + "/")]  # type: ignore[attr-defined]
    assert outside == [], outside


def test_a_broken_file_lists_its_problems(page: Any, tmp_path: Path) -> None:
    broken = tmp_path / "casse.csv"
    broken.write_text("id,sexe,age\n1,F,30-44\n1,H,30-44\n2,F,\n2,H,45-59\n", encoding="utf-8")
    page.goto(page.url.split("?")[0] + "volontaires")
    page.set_input_files("#file", str(broken))
    page.get_by_role("button", name="Téléverser").click()
    page.get_by_role("button", name="Enregistrer").click()
    alert = page.locator(".problems")
    sync_api.expect(alert).to_contain_text("2 problème(s) dans le fichier")
    sync_api.expect(alert).to_contain_text("ligne 3, colonne « id »")
    sync_api.expect(alert).to_contain_text("ligne 5, colonne « id »")
    shot(page, "1-problemes")


def test_an_infeasible_quota_is_repaired_from_the_page(page: Any, tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text(
        "id,sexe,age\n" + "".join(f"{i},{'F' if i < 5 else 'H'},{'jeune' if i < 5 else 'vieux'}\n" for i in range(10))
    )
    page.goto(page.url.split("?")[0] + "volontaires")
    page.set_input_files("#file", str(pool))
    page.get_by_role("button", name="Téléverser").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(page.url.split("volontaires")[0] + "quotas")
    bands = {
        ("sexe", "F"): ("3", "4"),
        ("sexe", "H"): ("0", "4"),
        ("age", "jeune"): ("0", "2"),
        ("age", "vieux"): ("0", "4"),
    }
    fill_quotas(page, bands, 4)
    page.get_by_role("button", name="Vérifier la faisabilité").click()
    sync_api.expect(page.get_by_text("Impossible : aucun panel de 4 personnes")).to_be_visible()
    shot(page, "2-quotas-impossibles")
    page.get_by_role("button", name="Appliquer la réparation 1").click()
    sync_api.expect(page.get_by_text("Faisable : au moins un panel de 4 personnes")).to_be_visible()


def test_the_live_check_needs_no_click(page: Any, tmp_path: Path) -> None:
    pool = tmp_path / "pool.csv"
    pool.write_text("id,sexe\n" + "".join(f"{i},{'F' if i % 2 else 'H'}\n" for i in range(10)))
    page.goto(page.url.split("?")[0] + "volontaires")
    page.set_input_files("#file", str(pool))
    page.get_by_role("button", name="Téléverser").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(page.url.split("volontaires")[0] + "quotas")
    fill_quotas(page, {("sexe", "F"): ("2", "2"), ("sexe", "H"): ("2", "2")}, 4)
    sync_api.expect(page.get_by_text("Faisable : au moins un panel de 4 personnes")).to_be_visible()


def test_a_mistyped_public_result_is_refused(page: Any, server: Server) -> None:
    from sortition import workflows
    from sortition.load.instance import load_instance

    instance = load_instance(JURY / "pool.csv", JURY / "quotas.csv", 30, household_columns=("household",))
    workflows.prepare(instance, server.app.app.state.ctx.project.draw_directory(), seed_source="loto:2026-12-05")  # type: ignore[attr-defined]
    page.goto(server.base + "/tirage")
    page.fill("#result", SEED)
    page.fill("#confirm", "7 12 25 31 45 - 3")
    page.get_by_role("button", name="Tirer le panel").click()
    sync_api.expect(page.get_by_role("alert")).to_contain_text("Les deux saisies du résultat diffèrent")
    assert not (server.app.app.state.ctx.project.draw_directory() / "audit.json").exists()  # type: ignore[attr-defined]


def test_the_token_and_the_host_are_checked(browser: Any, server: Server) -> None:
    context = browser.new_context()
    stranger = context.new_page()
    refused = stranger.goto(server.base + "/")
    assert refused is not None and refused.status == 403
    assert stranger.goto(server.base + "/?token=devine").status == 403
    rebound = context.request.get(server.base + "/", headers={"Host": f"attacker.example:{server.keys.port}"})
    assert rebound.status == 421
    opened = stranger.goto(server.keys.url().replace("127.0.0.1", "localhost"))
    assert opened is not None and opened.status == 200
    assert context.cookies()[0]["httpOnly"] and context.cookies()[0]["sameSite"] == "Strict"
    context.close()


def test_the_main_path_with_the_keyboard_alone(page: Any, tmp_path: Path) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Commencer par les volontaires":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/volontaires")
    pool = tmp_path / "pool.csv"
    pool.write_text("id,sexe\n" + "".join(f"{i},{'F' if i % 2 else 'H'}\n" for i in range(10)))
    page.focus("#file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(pool))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_text("Fichier actuel : pool.csv")).to_be_visible()
    page.focus("#role-0")
    for _ in range(2):  # the role of "sexe", then the button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Enregistrer"
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_text("10 volontaires lus, sans problème.")).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Étape suivante", focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/quotas")
    page.focus("#k")
    page.keyboard.type("4")
    for value in ("", "", "2", "2", "", "2", "2"):  # tolerance, then share, min, max of each value
        page.keyboard.press("Tab")
        if value:
            page.keyboard.type(value)
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_text("Faisable : au moins un panel de 4 personnes")).to_be_visible()
    page.keyboard.press("Tab")  # the focused control shows a visible outline
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_pages_keep_to_a_phones_width(browser: Any, server: Server) -> None:
    """At 390 px the column-role and quota tables used to widen the page past the screen (their selects and
    inputs do not shrink), and so did a long project folder in the footer (this test's own temporary folder
    did); the tables now scroll inside their card, the folder breaks, and the page keeps to the phone's width."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    page.goto(server.keys.url())
    base = page.url.split("?")[0]
    page.goto(base + "volontaires")
    page.set_input_files("#file", str(JURY / "pool.csv"))
    page.get_by_role("button", name="Téléverser").click()
    sync_api.expect(page.locator("select").first).to_be_visible()
    widths = {"volontaires": page.evaluate("document.documentElement.scrollWidth")}
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(base + "quotas")
    sync_api.expect(page.locator("input[name=rows]")).to_have_count(1)
    widths["quotas"] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert widths == {"volontaires": 390, "quotas": 390}
