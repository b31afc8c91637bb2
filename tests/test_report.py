"""The report of a draw: its content checked against the published files, in both languages, self-contained,
never overwriting a file without --force, and the chain of earlier draws."""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import json
import re
import shutil
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
import typer
from sortition_cli.main import app
from sortition_cli.report import report_command
from typer.testing import CliRunner

from sortition.i18n.catalogue import format_decimal, format_int, format_percent
from sortition.protocol.published import published_instance, read_published
from sortition.report import (
    QuotaRow,
    collect,
    display_date,
    draw_chain,
    previous_entries,
    probability_histogram,
    render_html,
    representation_figure,
)
from tests.conftest import SAMPLES
from tests.helpers import feasible_dropouts

runner = CliRunner()
report_app = typer.Typer()
report_app.command("report")(report_command)


@report_app.callback()
def _group() -> None:
    """Keep 'report' as a subcommand, as in the real application."""


LEGACY_RUNS = "100"
SEED_SOURCE = "Loto du 14 mars 2026, numéros dans l'ordre de sortie"


def _run(target: typer.Typer, args: list[str], code: int = 0) -> str:
    result = runner.invoke(target, args)
    assert result.exit_code == code, result.output
    return result.output


def _report(directory: Path, out: Path, lang: str, *extra: str, code: int = 0) -> str:
    return _run(
        report_app,
        ["report", str(directory), "--out", str(out), "--lang", lang, "--legacy-runs", LEGACY_RUNS, *extra],
        code,
    )


@pytest.fixture(scope="module")
def jury(tmp_path_factory) -> Path:
    """jury30 with the household rule, quotas from the population shares of its meta.json, drawn from a
    free-text seed, with a date."""
    base = tmp_path_factory.mktemp("report")
    out = base / "jury"
    sample = SAMPLES / "jury30"
    shares = json.loads((sample / "meta.json").read_text(encoding="utf-8"))["population_shares"]
    with (base / "shares.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "value", "share"])
        writer.writerows([c, v, s] for c, values in shares.items() for v, s in values.items())
    _run(
        app,
        [
            "prepare",
            str(sample / "pool.csv"),
            str(base / "shares.csv"),
            "--k",
            "30",
            "--out",
            str(out),
            "--households",
            "household",
            "--seed-source",
            SEED_SOURCE,
            "--quiet",
        ],
    )
    _run(app, ["draw", str(out), "--seed", "3 14 15 92 65", "--date", "2026-03-14", "--quiet"])
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """example_small_20 prepared (a copy kept before the draw) and drawn, without a date."""
    base = tmp_path_factory.mktemp("report-small")
    out = base / "small"
    sample = SAMPLES / "example_small_20"
    _run(
        app,
        [
            "prepare",
            str(sample / "pool.csv"),
            str(sample / "quotas.csv"),
            "--k",
            "20",
            "--out",
            str(out),
            "--seed-source",
            "three dice at the public meeting",
            "--quiet",
        ],
    )
    undrawn = base / "small-undrawn"
    shutil.copytree(out, undrawn)
    _run(app, ["draw", str(out), "--seed", "6 2 5", "--quiet"])
    return out, undrawn


@pytest.fixture(scope="module")
def pages(jury, tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for lang in ("fr", "en"):
        target = folder / f"report-{lang}.html"
        _report(jury, target, lang)
        out[lang] = target.read_text(encoding="utf-8")
    return out


class _Page(HTMLParser):
    """Quota rows (data-category, data-value -> cell texts), key figures (data-figure -> text), images."""

    def __init__(self) -> None:
        super().__init__()
        self.quotas: dict[tuple[str, str], list[str]] = {}
        self.quota_classes: dict[tuple[str, str], str] = {}
        self.figures: dict[str, str] = {}
        self.images: list[str] = []
        self._row: tuple[str, str] | None = None
        self._cell: list[str] | None = None
        self._figure: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-category" in a:
            self._row = (a["data-category"], a["data-value"])
            self.quotas[self._row] = []
            self.quota_classes[self._row] = a.get("class", "")
        elif tag == "td":
            self._cell = []
            self._figure = a.get("data-figure")
        elif tag == "img":
            self.images.append(a.get("src", ""))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            text = "".join(self._cell).strip()
            if self._row is not None:
                self.quotas[self._row].append(text)
            if self._figure:
                self.figures[self._figure] = text
            self._cell, self._figure = None, None
        elif tag == "tr":
            self._row = None


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _gini(values: np.ndarray) -> float:
    """Mean absolute difference over twice the mean: the textbook definition, not the library's formula."""
    return float(np.abs(values[:, None] - values[None, :]).sum() / (2 * values.size**2 * values.mean()))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_quota_row_with_pool_and_panel_counts(jury, pages, lang):
    parsed = _parse(pages[lang])
    pool = _rows(jury / "pool.csv")
    panel = _rows(jury / "panel.csv")
    quotas = _rows(jury / "quotas.csv")
    assert set(parsed.quotas) == {(q["category"], q["value"]) for q in quotas}
    for q in quotas:
        cells = parsed.quotas[(q["category"], q["value"])]
        in_pool = sum(1 for p in pool if p[q["category"]] == q["value"])
        in_panel = sum(1 for p in panel if p[q["category"]] == q["value"])
        band = ("{} à {}" if lang == "fr" else "{} to {}").format(q["min"], q["max"])
        # category (on the first row of each), value, target, volunteers, pool share, band, panel, share, limit
        assert cells[1] == q["value"]
        assert cells[2] == format_percent(float(Fraction(q["share"])), 1, lang)
        assert cells[3] == format_int(in_pool, lang)
        assert cells[4] == format_percent(in_pool / len(pool), 1, lang)
        assert cells[5] == band
        assert cells[6] == format_int(in_panel, lang)
        assert cells[7] == format_percent(in_panel / 30, 1, lang)
        binding = in_panel in (int(q["min"]), int(q["max"]))
        assert ("binding" in parsed.quota_classes[(q["category"], q["value"])]) == binding
        assert int(q["min"]) <= in_panel <= int(q["max"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_minimum_probability_and_gini_are_the_lotterys(jury, pages, lang):
    rows = _rows(jury / "probabilities.csv")
    exact = [Fraction(r["exact"]) for r in rows]
    values = np.array([float(f) for f in exact])
    figures = _parse(pages[lang]).figures
    assert figures["min"] == format_percent(float(min(exact)), 2, lang)
    assert figures["gini"] == format_decimal(_gini(values), 3, lang)
    assert figures["max"] == format_percent(float(max(exact)), 2, lang)


def test_identity_hash_ticket_seed_and_verification(jury, pages):
    audit = json.loads((jury / "audit.json").read_text(encoding="utf-8"))
    total = json.loads((jury / "lottery.json").read_text(encoding="utf-8"))["tickets"]  # the default count
    commitment_hash = hashlib.sha256((jury / "commitment.json").read_bytes()).hexdigest()
    for lang, page in pages.items():
        assert commitment_hash in page
        assert audit["seed"]["text"] in page
        assert f"sortition verify {jury.name}" in page
        assert "sortition-toolkit" in page
        ticket = format_int(audit["ticket"], lang)
        last = re.escape(format_int(total - 1, lang))
        assert re.search(rf"{re.escape(ticket)} \((of|parmi) 0 (to|à) {last}\)", page)
    assert "14 mars 2026" in pages["fr"] and "14 March 2026" in pages["en"]
    # every check is listed; the free-text seed and the commitment's publication are compared by hand
    assert pages["en"].count('<td class="status pass">PASS</td>') >= 15
    assert pages["en"].count('<td class="status manual">CHECK BY HAND</td>') == 2
    assert "NOT ANCHORED" in pages["en"]
    assert '<td class="status fail">' not in pages["en"]
    assert pages["fr"].count('<td class="status pass">OK</td>') >= 15


def test_both_languages_with_french_labels_and_typography(pages):
    fr, en = pages["fr"], pages["en"]
    assert '<html lang="fr">' in fr and '<html lang="en">' in en
    for text in (
        "Rapport du tirage au sort",
        "Équité",
        "Représentativité",
        "Cible (population)",
        "Ancienne méthode",
        "Chacun peut vérifier",
    ):
        assert text in fr
    for text in ("Report of the draw by lot", "Fairness", "Representativeness", "Old method"):
        assert text in en
    assert "Rapport du tirage" not in en and "Report of the draw by lot" not in fr
    assert "\u00a0:" in fr and "\u2019" in fr  # no-break space before colons, curly apostrophes
    assert "\u00a0:" not in en
    # the legacy contrast, in words
    assert "avec ce tirage, chaque volontaire avait au moins" in fr
    assert "with this draw, every volunteer had at least" in en


def test_plot_labels_are_translated_with_accents():
    values = np.array([0.05, 0.05, 0.1, 0.3])
    fig = probability_histogram([("Ce tirage", values)], 0.1, "fr")
    assert fig.axes[0].get_xlabel() == "chance d\u2019être tiré au sort"
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts == ["minimum\u00a0: 5,0\u202f%", "chance égale\u00a0: 10,0\u202f%"]
    assert fig.axes[0].xaxis.get_major_formatter()(0.25, 0) == "25\u202f%"
    row = QuotaRow("région", "Île-de-France", 1, 3, Fraction(1, 5), 10, 0.25, 2, 10)
    fig = representation_figure([row], "fr")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["population (cible)", "volontaires (vivier)", "panel", "quota"]
    assert fig.axes[0].get_yticklabels()[0].get_text() == "Île-de-France"


def test_self_contained_page(pages):
    for page in pages.values():
        parsed = _parse(page)
        categories = {q[0] for q in parsed.quotas}
        assert len(parsed.images) == 2 + len(categories)  # histogram, Lorenz curve, one figure per category
        for src in parsed.images:
            assert src.startswith("data:image/png;base64,")
            assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert not re.search(r"https?://", page)
        assert "<script" not in page and "<link" not in page and "@import" not in page
        assert "@media print" in page


def test_data_never_becomes_markup(small):
    """The template escapes every value it is given: a category value or a seed description written as HTML
    shows as text, and reads back unchanged."""
    drawn, _ = small
    data = collect(drawn, legacy_runs=0)
    value, description = '<img src=x onerror="alert(1)">', "<script>alert('seed')</script> & co"
    quota = data.quotas[0]
    data = dataclasses.replace(
        data,
        commitment={**data.commitment, "seed_source": {"kind": "public", "description": description}},
        quotas=(dataclasses.replace(quota, value=value), *data.quotas[1:]),
    )
    page = render_html(data, "en")
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;seed&#39;)&lt;/script&gt; &amp; co" in page
    assert (quota.category, value) in _parse(page).quotas


def test_refuses_to_overwrite_unless_forced(jury, tmp_path):
    target = tmp_path / "rapport.html"
    target.write_text("a published report", encoding="utf-8")
    output = _report(jury, target, "en", code=2)
    assert "already exists" in output
    assert target.read_text(encoding="utf-8") == "a published report"
    _report(jury, target, "fr", "--force", "--legacy-runs", "0", "--quiet")
    assert "Rapport du tirage au sort" in target.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary file left behind


def test_default_output_in_the_draw_directory(small):
    drawn, _ = small
    output = _run(report_app, ["report", str(drawn), "--lang", "fr", "--legacy-runs", "0"])
    assert (drawn / "rapport.html").is_file()
    assert "Rapport écrit dans" in output
    _run(report_app, ["report", str(drawn), "--lang", "fr", "--legacy-runs", "0"], code=2)
    (drawn / "rapport.html").unlink()


def test_without_legacy_and_json_summary(small, tmp_path):
    drawn, _ = small
    output = _run(
        report_app,
        ["report", str(drawn), "--out", str(tmp_path / "r.html"), "--lang", "en", "--legacy-runs", "0", "--json"],
    )
    summary = json.loads(output)
    exact = [Fraction(r["exact"]) for r in _rows(drawn / "probabilities.csv")]
    assert summary["min_probability"] == pytest.approx(float(min(exact)))
    assert summary["failed"] == 0 and summary["legacy_min_frequency"] is None
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Old method" not in page
    assert "With this draw, every volunteer had a chance of at least" in page
    assert "Population target" not in page  # bands only: no target column


def test_undrawn_directory(small, tmp_path):
    _, undrawn = small
    page = render_html(collect(undrawn, legacy_runs=0), "en")
    assert "Not drawn yet" in page
    assert '<th class="num">Panel</th>' not in page
    parsed = _parse(page)
    assert all(len(cells) == 5 for cells in parsed.quotas.values())
    assert "not recorded" in page  # no date


def test_legacy_figures_come_from_the_seeded_simulation(jury):
    from sortition.solve.legacy import legacy_estimate

    data = collect(jury, legacy_runs=int(LEGACY_RUNS), legacy_seed=7)
    expected = legacy_estimate(published_instance(read_published(jury)), runs=int(LEGACY_RUNS), seed=7)
    assert data.lottery is not None and data.lottery.legacy is not None
    np.testing.assert_array_equal(data.lottery.legacy.frequencies, expected.frequencies)
    assert data.lottery.legacy.min_upper == expected.min_upper
    assert data.lottery.legacy.min_frequency < float(data.lottery.minimum)
    page = render_html(data, "en")
    assert format_percent(expected.min_frequency, 2, "en") in page
    assert format_percent(expected.min_upper, 2, "en") in page
    assert page == render_html(data, "en")  # same figures, same bytes


def test_missing_directory_is_a_clear_error(tmp_path):
    output = _run(report_app, ["report", str(tmp_path / "nowhere"), "--lang", "en"], code=2)
    assert "file not found" in output
    assert not (tmp_path / "nowhere").exists()


def test_quota_status():
    def row(panel):
        return QuotaRow("age", "18-24", 2, 4, None, 10, 0.1, panel, 10)

    assert [row(p).status for p in (None, 1, 2, 3, 4, 5)] == [
        "not-drawn",
        "violated",
        "at-min",
        "inside",
        "at-max",
        "violated",
    ]


def test_dates():
    assert display_date("2026-12-01", "fr") == "1 décembre 2026"
    assert display_date("2026-12-01", "en") == "1 December 2026"
    assert display_date("1er décembre", "fr") == "1er décembre"
    assert display_date("2026-13-01", "en") == "2026-13-01"


# --- chain of draws ---------------------------------------------------------------------------------------


def test_previous_entries_accepts_every_form():
    digest = "ab" * 32
    assert previous_entries("") == [] and previous_entries(None) == [] and previous_entries([]) == []
    assert previous_entries(digest) == [{"commitment": digest}]
    assert previous_entries("../draw-1") == [{"directory": "../draw-1"}]
    assert previous_entries([{"directory": "d1", "commitment_sha256": digest, "date": "2026-01-02"}, "d0"]) == [
        {"directory": "d1", "commitment": digest, "date": "2026-01-02"},
        {"directory": "d0"},
    ]


def test_chain_follows_earlier_draws(small, tmp_path):
    drawn, _ = small
    first = tmp_path / "draw-1"
    shutil.copytree(drawn, first)
    first_hash = hashlib.sha256((first / "commitment.json").read_bytes()).hexdigest()
    second = tmp_path / "draw-2"
    shutil.copytree(drawn, second)
    commitment = json.loads((second / "commitment.json").read_text(encoding="utf-8"))
    commitment["previous"] = {"directory": "draw-1", "commitment_sha256": first_hash, "date": "2026-01-02"}
    (second / "commitment.json").write_text(json.dumps(commitment), encoding="utf-8")

    chain = draw_chain(second, commitment, None)
    assert [(link.directory, link.found, link.matches, link.current) for link in chain] == [
        ("draw-1", True, True, False),
        ("draw-2", True, None, True),
    ]
    assert chain[0].commitment == first_hash and chain[0].date == "2026-01-02"

    wrong = dict(commitment, previous=[{"directory": "draw-1", "commitment_sha256": "0" * 64}, "lost-draw"])
    chain = draw_chain(second, wrong, None)
    assert [(link.directory, link.found, link.matches) for link in chain[:-1]] == [
        ("lost-draw", False, None),
        ("draw-1", True, False),
    ]
    assert draw_chain(second, {}, {"previous": ""}) == ()

    # the page shows the chain (and the failed checks: the commitment was edited after the draw)
    page = render_html(collect(second, legacy_runs=0), "fr")
    assert "5. Chaîne des tirages" in page and first_hash in page and "empreinte conforme" in page
    assert 'class="banner fail"' in page
    assert "Chaîne des tirages" not in render_html(collect(drawn, legacy_runs=0), "fr")


# --- replacements -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def replaced(jury, tmp_path_factory) -> tuple[Path, Path, Path]:
    """The jury, a fair replacement of two members (drawn), then a reserve-list replacement of one."""
    work = tmp_path_factory.mktemp("replaced") / "jury"
    shutil.copytree(jury, work)
    first = work / "replacement-1"
    leaving = feasible_dropouts(work, 2)
    (work.parent / "dropouts-1.csv").write_text("id\n" + "\n".join(leaving) + "\n", encoding="utf-8")
    _run(
        app,
        [
            "replace",
            str(work),
            "--dropouts",
            str(work.parent / "dropouts-1.csv"),
            "--seed-source",
            "Loto du 21 mars 2026",
            "--out",
            str(first),
            "--quiet",
        ],
    )
    _run(app, ["draw", str(first), "--seed", "2 7 18 28 45", "--date", "2026-03-21", "--quiet"])
    second = work / "replacement-2"
    (work.parent / "dropouts-2.csv").write_text("id\n" + feasible_dropouts(first, 1)[0] + "\n", encoding="utf-8")
    _run(
        app,
        [
            "replace",
            str(first),
            "--dropouts",
            str(work.parent / "dropouts-2.csv"),
            "--mode",
            "reserves",
            "--out",
            str(second),
            "--date",
            "2026-03-28",
            "--quiet",
        ],
    )
    return work, first, second


def test_fair_replacement_report(replaced):
    work, first, _ = replaced
    data = collect(first, legacy_runs=0)
    assert data.failed == 0 and data.replacement is not None and data.replacement.round == 1
    assert [(link.found, link.matches, link.current) for link in data.chain] == [
        (True, True, False),
        (True, None, True),
    ]
    assert data.chain[0].commitment == hashlib.sha256((work / "commitment.json").read_bytes()).hexdigest()
    page = render_html(data, "fr")
    assert "5. Chaîne des tirages" in page and "empreinte conforme" in page and "21 mars 2026" in page
    # the whole new panel against the first draw's quotas and pool
    parsed = _parse(page)
    pool = _rows(work / "pool.csv")
    panel = _rows(first / "panel.csv")
    assert len(panel) == 30 and data.n == len(pool) == 400
    for q in _rows(work / "quotas.csv"):
        cells = parsed.quotas[(q["category"], q["value"])]
        assert cells[3] == format_int(sum(1 for p in pool if p[q["category"]] == q["value"]), "fr")
        assert cells[6] == format_int(sum(1 for p in panel if p[q["category"]] == q["value"]), "fr")
    # the chances are those of the replacement's own lottery; those no residual panel can hold (LEXIMIN
    # gives them 0) are counted apart, and the least chance quoted is over the others
    rows = _rows(first / "probabilities.csv")
    reachable = [Fraction(r["exact"]) for r in rows if float(r["optimal_probability"]) > 1e-9]
    cannot_fit = len(rows) - len(reachable)
    assert 0 < cannot_fit < len(rows)
    assert data.lottery is not None and data.lottery.cannot_fit == cannot_fit
    assert data.lottery.least == min(reachable) > 0
    assert parsed.figures["min"] == format_percent(float(min(reachable)), 2, "fr")
    assert f"{cannot_fit} de ces {len(rows)} volontaires ne peuvent figurer dans aucun panel" in page
    assert "encore éligibles" in page


def test_reserve_list_replacement_report(replaced, tmp_path):
    work, _, second = replaced
    output = _run(
        report_app, ["report", str(second), "--out", str(tmp_path / "r.html"), "--lang", "en", "--legacy-runs", "0"]
    )
    assert "Verification: 0 failed" in output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "walked down the reserve list" in page and "Old method" not in page
    parsed = _parse(page)
    assert len(parsed.images) == len({q[0] for q in parsed.quotas})  # no lottery: representativeness only
    panel = _rows(second / "panel.csv")
    for q in _rows(work / "quotas.csv"):
        count = sum(1 for p in panel if p[q["category"]] == q["value"])
        assert parsed.quotas[(q["category"], q["value"])][6] == format_int(count, "en")
    data = collect(second, legacy_runs=0)
    assert [link.directory for link in data.chain][-1] == "replacement-2" and len(data.chain) == 3
    assert all(link.found and link.matches is not False for link in data.chain)
