"""verify.html, the JavaScript re-implementation, gives the same verdict as ``sortition verify`` on honest and
tampered draws, with and without the commitment hash (headless system Chromium through Playwright): first
draws, fair and reserve-mode replacements (households, pseudonymised, a relaxation, a second round, odd seeds,
cells a spreadsheet would read as formulas), and tampered copies of replacement folders. The auditor picks the
first draw's folder; the page verifies it and every replacement inside it, each with its own verdict."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import random
import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from sortition.model.instance import Instance, Pool, Quota, Quotas
from sortition.protocol.files import csv_bytes
from sortition.protocol.page import verify_page
from sortition.protocol.replace import Residual, reserve_walk
from sortition.protocol.verify import verify
from tests.conftest import ROOT, require_browser
from tests.test_tamper import _cases, _inputs, _invoke, _pool


def test_docs_copy_is_the_tools_page():
    assert (ROOT / "docs" / "verify.html").read_bytes() == verify_page()
    page = verify_page().decode("utf-8")
    assert "http://" not in page and "https://" not in page and "<script src" not in page  # self-contained


def test_the_page_asks_for_its_hash_field_not_a_command_option():
    """The not-anchored check is shared with ``sortition verify``, whose text says "--commitment"; the page,
    which has no command line, says to paste the hash in its field."""
    catalogue = json.loads(verify_page().decode("utf-8").split("const CATALOGUE = ", 1)[1].split(";\n", 1)[0])
    for lang in ("en", "fr"):
        text = catalogue[lang]["verify.not-anchored"]
        assert "--commitment" not in text and "{hash}" in text


@pytest.fixture(scope="module")
def browser_page():
    chromium = require_browser()
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((ROOT / "docs" / "verify.html").as_uri())
        yield page, errors
        browser.close()


def _page_verdict(page, directory: Path, commitment: str | None) -> dict:
    """The page's verdict on ``directory``, chosen in its folder picker."""
    page.set_input_files("#folder", str(directory))
    page.fill("#anchor", commitment or "")
    return page.evaluate("runVerification()")


def _page_folders(page, jobs: list[tuple[Path, str]]) -> list[dict[str, dict]]:
    """For each (directory, hashes), the page's verdict on every folder, by path: the same verification as the
    folder picker's, given the files' contents (what a picker shows: files, not empty folders), many at once."""
    out: list[dict[str, dict]] = []
    for start in range(0, len(jobs), 40):
        batch = []
        for directory, hashes in jobs[start : start + 40]:
            files = [p for p in sorted(directory.rglob("*")) if p.is_file()]
            entries = [[p.relative_to(directory).as_posix(), base64.b64encode(p.read_bytes()).decode()] for p in files]
            batch.append([entries, hashes])
        found = page.evaluate("async (jobs) => Promise.all(jobs.map(([e, h]) => verifyFiles(e, h)))", batch)
        out += [{folder["path"]: folder for folder in folders} for folders in found]
    return out


@pytest.fixture(scope="module")
def first_draws(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("page")
    _inputs(root)
    a, b = root / "base" / "households", root / "base" / "pseudonymised"
    _invoke(
        "prepare", str(root / "pool_h.csv"), str(root / "quotas.csv"), "--k", "8", "--households", "foyer",
        "--seed-source", "euromillions:2026-12-01", "--date", "2026-11-20", "--out", str(a),
    )  # fmt: skip
    _invoke("draw", str(a), "--seed", "07 19 23 38 44 02 11", "--date", "2026-12-01")
    _invoke(
        "prepare", str(root / "pool.csv"), str(root / "quotas.csv"), "--k", "8", "--pseudonymise",
        "--seed-source", "loto:2026-12-05", "--out", str(b),
    )  # fmt: skip
    _invoke("draw", str(b), "--seed", "3-12-25-31-47 / 7")
    return {"households": a, "pseudonymised": b}


def test_same_checks_as_sortition_verify(browser_page, first_draws, tmp_path):
    page, errors = browser_page
    corpus = [(name, "honest", lambda d: None) for name in first_draws]
    # an empty folder is invisible to a browser's folder picker: the one case the page cannot see
    corpus += [(name, label, mutate) for name, label, _, mutate in _cases(first_draws) if label != "folder added"]
    assert len(corpus) >= 100
    jobs, expected = [], []
    for i, (name, label, mutate) in enumerate(corpus):
        source = first_draws[name]
        directory = tmp_path / str(i) / source.name
        shutil.copytree(source, directory)
        mutate(directory)
        anchor = hashlib.sha256((source / "commitment.json").read_bytes()).hexdigest()
        for commitment in (None, anchor):
            jobs.append((directory, commitment or ""))
            failed = [c.key for c in verify(directory, commitment=commitment) if c.status == "fail"]
            anchored = commitment is not None or not (directory / "commitment.json").exists()
            expected.append((name, label, commitment is not None, failed, anchored))
    disagreements = []
    for (name, label, anchor_given, failed, anchored), found in zip(expected, _page_folders(page, jobs), strict=True):
        mine = found[""]
        if mine["ok"] != (not failed) or mine["failed"] != failed or mine["anchored"] != anchored:
            disagreements.append((name, label, anchor_given, failed, mine["failed"]))
    failing = sum(1 for *_, failed, _ in expected if failed)
    assert disagreements == [] and errors == []
    # passing: each honest draw and 6 uncovered changes (twice), each consistent rewrite without the hash
    assert failing == 2 * len(corpus) - 2 * 2 - 2 * 2 * 6 - 2 * 2


def test_same_verdict_on_every_kind_of_seed_source(browser_page, tmp_path):
    page, errors = browser_page
    _pool(tmp_path / "pool.csv", False)
    (tmp_path / "quotas.csv").write_text("category,value,min,max\nsexe,F,3,5\nsexe,H,3,5\n", encoding="utf-8")
    signature = hashlib.sha256(b"signature 7").hexdigest() * 3
    randomness = hashlib.sha256(bytes.fromhex(signature)).hexdigest()
    (tmp_path / "round.json").write_text(
        f'{{"round": 7, "signature": "{signature}", "randomness": "{randomness}"}}', encoding="utf-8"
    )
    draws = {  # seed source announced -> what the draw is given (None: not drawn)
        "drand:quicknet:7": ["--beacon", str(tmp_path / "round.json")],
        "dice:12d20": ["--seed", "20 1 1 5 7 7 7 19 3 2 2 11"],
        "Tirage public du maire": ["--seed", "3 1 4"],
        "loto:2026-12-05": None,
    }
    expected_ok = {}
    for i, (source, seed) in enumerate(draws.items()):
        out = tmp_path / f"d{i}"
        _invoke(
            "prepare",
            str(tmp_path / "pool.csv"),
            str(tmp_path / "quotas.csv"),
            "--k",
            "8",
            "--seed-source",
            source,
            "--out",
            str(out),
        )
        if seed is not None:
            _invoke("draw", str(out), *seed)
        expected_ok[out] = True
    unannounced = tmp_path / "unannounced"
    _invoke("prepare", str(tmp_path / "pool.csv"), str(tmp_path / "quotas.csv"), "--k", "8", "--out", str(unannounced))
    _invoke("draw", str(unannounced), "--seed", "z")
    expected_ok[unannounced] = False
    for directory, ok in expected_ok.items():
        python = [c.key for c in verify(directory) if c.status == "fail"]
        found = _page_verdict(page, directory, None)
        assert (python == []) == ok and found["ok"] == ok and found["failed"] == python, (directory, found, python)
    assert errors == []


# --- replacements -----------------------------------------------------------------------------------------------


def _sha(directory: Path) -> str:
    return hashlib.sha256((directory / "commitment.json").read_bytes()).hexdigest()


def _panel_ids(directory: Path) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO((directory / "panel.csv").read_text(encoding="utf-8")))][1:]


def _ids_file(path: Path, ids: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["id"], *([i] for i in ids)])
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


def _escaping_pool(root: Path) -> tuple[Path, Path]:
    """Ids and values a spreadsheet would read as formulas: =, +, -, @ at the start of a cell and right after a
    , or ; inside it, an apostrophe, quotes (tabs and line breaks inside a cell are refused by the tool)."""
    zones = ["=Nord", "+Sud, est;=x", "-Ouest,@y", '@Centre "vieux";-z']
    special = ["=1+1", "+33 6", "-minus", "@at", "a,=b", "c;+d", 'q"uote;x', "'apos"]
    pool, quotas = io.StringIO(), io.StringIO()
    rows = [[special[i] if i < len(special) else f"p{i:02d}", "F" if i % 2 else "H", zones[i % 4]] for i in range(32)]
    csv.writer(pool, lineterminator="\n").writerows([["id", "sexe", "zone"], *rows])
    bounds = [["sexe", "F", 3, 5], ["sexe", "H", 3, 5]] + [["zone", z, 1, 3] for z in zones]
    csv.writer(quotas, lineterminator="\n").writerows([["category", "value", "min", "max"], *bounds])
    (root / "pool_x.csv").write_text(pool.getvalue(), encoding="utf-8")
    (root / "quotas_x.csv").write_text(quotas.getvalue(), encoding="utf-8")
    return root / "pool_x.csv", root / "quotas_x.csv"


@pytest.fixture(scope="module")
def chains(tmp_path_factory) -> dict[str, Path]:
    """Honest first draws with replacements inside them, by name: the folder each tamper case starts from."""
    root = tmp_path_factory.mktemp("chains")
    _inputs(root)
    a = root / "households"
    _invoke(
        "prepare", str(root / "pool_h.csv"), str(root / "quotas.csv"), "--k", "8", "--households", "foyer",
        "--seed-source", "euromillions:2026-12-01", "--date", "2026-11-20", "--out", str(a),
    )  # fmt: skip
    _invoke("draw", str(a), "--seed", "07 19 23 38 44 02 11", "--date", "2026-12-01")
    relaxed = root / "relaxed"
    shutil.copytree(a, relaxed)
    panel = _panel_ids(a)
    fair = a / "replacement-1"
    _invoke(
        "replace", str(a), "--dropouts", _ids_file(root / "out1.csv", panel[:2]), "--seed-source", "loto:2026-12-12",
        "--out", str(fair),
    )  # fmt: skip
    _invoke("draw", str(fair), "--seed", "1 2 3 4 5 6")
    _invoke("replace", str(a), "--dropouts", _ids_file(root / "out2.csv", panel[2:3]), "--mode", "reserves",
            "--out", str(a / "reserve-1"))  # fmt: skip
    second = a / "replacement-2"  # a second round, from the fair replacement's reserves: links to ../replacement-1
    _invoke("replace", str(fair), "--dropouts", _ids_file(root / "out3.csv", _panel_ids(fair)[:1]),
            "--mode", "reserves", "--out", str(second))  # fmt: skip
    # a relaxation (pool.csv: id, age, ...): two older members drop out, every other older volunteer declines
    values = dict(row.split(",")[:2] for row in (a / "pool.csv").read_text(encoding="utf-8").splitlines()[1:])
    older = [pid for pid in panel if values[pid] == "vieux"][:2]
    declined = [pid for pid, age in values.items() if age == "vieux" and pid not in panel]
    _invoke(
        "replace", str(relaxed), "--dropouts", _ids_file(root / "out4.csv", older + declined), "--accept-repair", "1",
        "--seed-source", "dice:4d6", "--out", str(relaxed / "replacement-1"),
    )  # fmt: skip
    _invoke("draw", str(relaxed / "replacement-1"), "--seed", "6, 1,1 3")
    b = root / "pseudonymised"
    _invoke(
        "prepare", str(root / "pool.csv"), str(root / "shares.csv"), "--k", "9", "--pseudonymise",
        "--seed-source", "loto:2026-12-05", "--out", str(b),
    )  # fmt: skip
    _invoke("draw", str(b), "--seed", "3-12-25-31-47 / 7")
    panel = _panel_ids(b)
    _invoke(
        "replace", str(b), "--dropouts", _ids_file(root / "out5.csv", panel[3:5]), "--seed-source",
        "Tirage public\u00a0du  maire", "--out", str(b / "replacement-1"),
    )  # fmt: skip
    _invoke("draw", str(b / "replacement-1"), "--seed", "  Boule  n°7  e\u0301te\u0301 ")
    _invoke("replace", str(b), "--dropouts", _ids_file(root / "out6.csv", panel[:1]), "--mode", "reserves",
            "--out", str(b / "reserve-1"))  # fmt: skip
    x = root / "escaping"
    pool_x, quotas_x = _escaping_pool(root)
    _invoke("prepare", str(pool_x), str(quotas_x), "--k", "8", "--seed-source", "dice:5d6", "--out", str(x))
    _invoke("draw", str(x), "--seed", "6 6 1 2 5")
    panel = _panel_ids(x)
    _invoke("replace", str(x), "--dropouts", _ids_file(root / "out7.csv", panel[:2]), "--seed-source",
            "dice:6d6", "--out", str(x / "replacement-1"))  # fmt: skip
    _invoke("draw", str(x / "replacement-1"), "--seed", "1 2 3 4 5 6")
    _invoke("replace", str(x), "--dropouts", _ids_file(root / "out8.csv", panel[2:4]), "--mode", "reserves",
            "--out", str(x / "reserve-1"))  # fmt: skip
    return {
        "fair": fair,
        "reserves": a / "reserve-1",
        "second round": second,
        "relaxed": relaxed / "replacement-1",
        "pseudonymised fair": b / "replacement-1",
        "pseudonymised reserves": b / "reserve-1",
        "escaping fair": x / "replacement-1",
        "escaping reserves": x / "reserve-1",
    }


def _folders(top: Path) -> list[Path]:
    """The folders the page verifies when ``top`` is chosen: ``top`` and every folder inside it holding a file."""
    return [top, *sorted({p.parent for p in top.rglob("*") if p.is_file() and p.parent != top})]


def _python_folders(top: Path, anchors: dict[str, str] | None) -> dict[str, tuple[list[str], bool]]:
    """``sortition verify`` on every draw folder of ``top``: failed checks and whether it was anchored."""
    out = {}
    for folder in _folders(top):
        name = folder.relative_to(top).as_posix() if folder != top else ""
        checks = verify(folder, commitment=anchors.get(name) if anchors else None)
        anchored = any(c.key == "verify.anchor" for c in checks) or not (folder / "commitment.json").exists()
        out[name] = ([c.key for c in checks if c.status == "fail"], anchored)
    return out


def _differences(expected: dict[str, tuple[list[str], bool]], found: dict[str, dict]) -> list[tuple]:
    out = []
    for name, (failed, anchored) in expected.items():
        mine = found.get(name)
        if mine is None or mine["failed"] != failed or mine["anchored"] != anchored or mine["ok"] != (not failed):
            out.append((name, failed, mine and mine["failed"]))
    return out


def test_replacements_verify_in_the_page(browser_page, chains):
    page, errors = browser_page
    for top in sorted({directory.parent for directory in chains.values()}):
        anchors = {
            folder.relative_to(top).as_posix() if folder != top else "": _sha(folder) for folder in _folders(top)
        }
        for given in (None, anchors):  # chosen in the folder picker, as an auditor does
            page.set_input_files("#folder", str(top))
            page.fill("#anchor", " ".join(given.values()) if given else "")
            found = {f["path"]: f for f in page.evaluate("runVerification()")["folders"]}
            expected = _python_folders(top, given)
            assert _differences(expected, found) == [] and all(not failed for failed, _ in expected.values())
    # a replacement's folder alone: its previous draw is not there to check, and the page says so
    alone = _page_verdict(page, chains["fair"], None)
    assert alone["ok"] is False and alone["failed"] == ["replace.check-previous-missing"]
    assert page.inner_text("#checks").count("choose the first draw's folder") == 1
    page.select_option("#language", "fr")  # the language switch translates the results already shown
    assert page.inner_text("#checks").count("choisissez le dossier du premier tirage") == 1
    assert page.inner_text("#run") == "Vérifier"
    page.select_option("#language", "en")
    assert errors == []


def _only(source: Path):
    """Copy a first draw with only the replacement ``source`` (and the draw it replaces) inside."""
    keep = {source.name, *(["replacement-1"] if source.name == "replacement-2" else [])}
    return lambda folder, names: [n for n in names if Path(folder) == source.parent and "." not in n and n not in keep]


def test_tampered_replacements_same_checks(browser_page, chains, tmp_path):
    page, errors = browser_page
    subjects = {name: chains[name] for name in ("fair", "reserves", "relaxed", "second round")}
    cases = [(n, label, mutate) for n, label, _, mutate in _cases({n: subjects[n] for n in ("fair", "reserves")})]
    # a relaxed replacement and a second round: every field of their JSON documents changed
    more = _cases({n: subjects[n] for n in ("relaxed", "second round")})
    cases += [
        (n, label, mutate) for n, label, _, mutate in more if label.startswith(("commitment.json: ", "audit.json: "))
    ]
    cases = [case for case in cases if case[1] != "folder added"]
    assert len(cases) >= 200
    jobs, expected = [], []
    for i, (name, label, mutate) in enumerate(cases):
        source = subjects[name]
        top = tmp_path / str(i) / source.parent.name
        shutil.copytree(source.parent, top, ignore=_only(source))
        anchors = {f.relative_to(top).as_posix() if f != top else "": _sha(f) for f in _folders(top)}
        mutate(top / source.name)
        for given in (None, anchors):
            jobs.append((top, " ".join(given.values()) if given else ""))
            expected.append((name, label, _python_folders(top, given)))
    disagreements = [
        (name, label, *difference)
        for (name, label, folders), found in zip(expected, _page_folders(page, jobs), strict=True)
        for difference in _differences(folders, found)
    ]
    assert disagreements == [] and errors == []
    # every change fails in the replacement's folder but what is not committed: the fair replacement's verify.html
    # (5 changes) and its draw's date, with and without the hashes, and its 2 consistent rewrites without them
    failing = Counter(bool(folders[subjects[name].name][0]) for name, _, folders in expected)
    assert failing[False] == 2 * 5 + 2 * 1 + 2 + 1 + 2


def _random_walk_case(rng: random.Random) -> dict:
    """A small residual problem (2 or 3 categories, households or not) and a reserve order to walk."""
    categories = {c: [f"{c}{v}" for v in range(rng.randint(2, 3))] for c in ("a", "b", "c")[: rng.randint(2, 3)]}
    n = rng.randint(6, 16)
    ids = [f"r{i:02d}" for i in range(n)]
    values = {pid: {c: rng.choice(vs) for c, vs in categories.items()} for pid in ids}
    households = {pid: (f"h{rng.randint(0, n // 2)}" if rng.random() < 0.6 else "") for pid in ids}
    k = rng.randint(1, 4)
    quotas = []
    for c, vs in categories.items():
        for v in vs:
            low = rng.randint(0, 1)
            quotas.append([c, v, low, low + rng.randint(0, 2), ""])
    return {
        "ids": ids,
        "values": values,
        "households": households if rng.random() < 0.5 else None,
        "k": k,
        "quotas": quotas,
    }


def _python_walk(case: dict) -> list[list[str]] | None:
    columns = {c: tuple(case["values"][pid][c] for pid in case["ids"]) for c, *_ in case["quotas"]}
    household_columns: tuple[str, ...] = ()
    if case["households"] is not None:
        columns["household"] = tuple(case["households"][pid] for pid in case["ids"])
        household_columns = ("household",)
    quotas = Quotas(tuple(Quota(c, v, low, high) for c, v, low, high, _ in case["quotas"]))
    instance = Instance(Pool(tuple(case["ids"]), columns), quotas, case["k"], household_columns)
    residual = Residual(instance, (), (), (), (), ())
    state = SimpleNamespace(reserves=tuple(case["ids"]))
    walked = reserve_walk(state, residual)  # type: ignore[arg-type]
    return None if walked is None else [walked[0], walked[1]]


_JS_WALK = """(cases) => cases.map((c) => {
  const original = {
    values: new Map(Object.entries(c.values)),
    household: c.households === null ? null : new Map(Object.entries(c.households)),
  };
  const walked = reserveWalk({ original, reserves: c.ids }, { k: c.k, quotas: c.quotas, eligible: c.ids });
  return walked;
})"""


def test_reserve_walk_search_is_exact(browser_page):
    """The page's completion search (an exact search, no solver) decides as the tool's integer program does,
    reserve by reserve, on random small residual problems with and without households."""
    page, errors = browser_page
    rng = random.Random(20261128)
    cases = [_random_walk_case(rng) for _ in range(150)]
    found = page.evaluate(_JS_WALK, cases)
    expected = [_python_walk(case) for case in cases]
    assert found == expected and errors == []
    # walks that run out, and walks that skip a reserve (a "no completion" proved) before completing, households too
    skipped = [case for case, walked in zip(cases, expected, strict=True) if walked and walked[1] != walked[0]]
    assert sum(walked is None for walked in expected) >= 30 and len(skipped) >= 30
    assert sum(case["households"] is not None for case in skipped) >= 10


def test_cell_escaping_as_the_tool_writes_it(browser_page):
    """The escaping rule in the page writes what the tool writes and reads back what the tool reads, for every
    place a spreadsheet may start a cell (tab and line break too, which the CLI refuses in a pool)."""
    page, errors = browser_page
    starts = ["=", "+", "-", "@", "\t", "\r", "'", "x"]
    breaks = [",", ";", "\t", "\r", "\n", "\r\n", " "]
    cells = [s + "A1" for s in starts] + [f"a{b}{s}b" for b in breaks for s in starts]
    cells += ['q"uote', '"', "", "''", "=;=", "1,5", "\n"]
    rows = [[cell, str(i)] for i, cell in enumerate(cells)]
    written = bytes(page.evaluate("(rows) => Array.from(csvBytes(['id', 'n'], rows))", rows))
    assert written == csv_bytes(["id", "n"], rows)
    read = page.evaluate("(data) => parseCsv(new Uint8Array(data)).map((r) => r.map(unsafeCell))", list(written))
    assert read == [["id", "n"], *rows] and errors == []
