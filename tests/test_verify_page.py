"""verify.html, the JavaScript re-implementation, gives the same verdict as ``sortition verify`` on honest and
tampered first draws, with and without the commitment hash (headless system Chromium through Playwright)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from sortition.protocol.page import verify_page
from sortition.protocol.verify import verify
from tests.conftest import ROOT, require_browser
from tests.test_tamper import _cases, _invoke, _pool


def test_docs_copy_is_the_tools_page():
    assert (ROOT / "docs" / "verify.html").read_bytes() == verify_page()
    page = verify_page().decode("utf-8")
    assert "http://" not in page and "https://" not in page and "<script src" not in page  # self-contained


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
    page.set_input_files("#folder", str(directory))
    page.fill("#anchor", commitment or "")
    return page.evaluate("runVerification()")


@pytest.fixture(scope="module")
def first_draws(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("page")
    _pool(root / "pool_h.csv", True)
    _pool(root / "pool.csv", False)
    (root / "quotas.csv").write_text(
        "category,value,min,max\nsexe,F,3,5\nsexe,H,3,5\nage,jeune,4,6\nage,vieux,2,4\n", encoding="utf-8"
    )
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


def test_same_verdict_as_sortition_verify(browser_page, first_draws, tmp_path):
    page, errors = browser_page
    corpus = [(name, "honest", lambda d: None) for name in first_draws]
    # an empty folder is invisible to a browser's folder picker: the one case the page cannot see
    corpus += [(name, label, mutate) for name, label, _, mutate in _cases(first_draws) if label != "folder added"]
    assert len(corpus) >= 100
    disagreements = []
    failing = 0
    for i, (name, label, mutate) in enumerate(corpus):
        source = first_draws[name]
        directory = tmp_path / str(i) / source.name
        shutil.copytree(source, directory)
        mutate(directory)
        anchor = hashlib.sha256((source / "commitment.json").read_bytes()).hexdigest()
        for commitment in (None, anchor):
            expected = not any(c.status == "fail" for c in verify(directory, commitment=commitment))
            found = _page_verdict(page, directory, commitment)
            failing += not expected
            anchored = commitment is not None or not (directory / "commitment.json").exists()
            if found["ok"] != expected or found["anchored"] != anchored:
                disagreements.append((name, label, commitment is not None, expected, found))
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
