"""The report for the public on the bundled 150-member convention: what was drawn (title, purpose,
organiser), display labels in the quota file's order, one least-chance figure, who was certain and why,
what to publish after the draw, and a page that fits a 390 px wide phone (tables reflow, chart text at least
11 px). Also the prepare summary and the check's explanations in the command line."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from matplotlib.text import Text
from sortition_cli.common import console
from sortition_cli.main import app
from sortition_cli.prepare import print_summary
from typer.testing import CliRunner

from sortition import load_instance, workflows
from sortition.i18n.catalogue import format_percent
from sortition.report import lorenz_figure, probability_histogram, representation_figure
from sortition.report.data import QuotaRow
from sortition.report.labels import Labels, labels_of, read_labels
from sortition.report.plots import DPI
from tests.conftest import SAMPLES
from tests.helpers import write_csv

CONVENTION = SAMPLES / "convention150"
PHONE = 390
PAGE = PHONE - 2 * 16  # the page's margins on a phone: 1rem each side
ABOUT = {
    "title": "Convention citoyenne sur la fin de vie",
    "purpose": "Tirer au sort les 150 membres de la convention",
    "organiser": "Conseil économique, social et environnemental",
}


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    base = tmp_path_factory.mktemp("public")
    instance = load_instance(CONVENTION / "pool.csv", CONVENTION / "quotas.csv", 150)
    prepared = workflows.prepare(
        instance,
        base / "draw",
        seed_source="Loto du samedi 5 décembre 2026",
        date="2026-11-28",
        tickets=1000,  # a count that loses chance to rounding, so the published and optimal figures differ
        **ABOUT,
    )
    undrawn = json.loads((prepared.directory / "commitment.json").read_bytes())
    workflows.draw(prepared.directory, seed="3 14 15 32 46 7", date="2026-12-05")
    labels = read_labels(CONVENTION / "labels.csv")
    pages = {
        lang: workflows.report(
            prepared.directory, out=base / f"report-{lang}.html", lang=lang, legacy_runs=0, labels=labels
        )
        for lang in ("fr", "en")
    }
    return prepared, undrawn, {lang: r.path.read_text(encoding="utf-8") for lang, r in pages.items()}, pages


def _text(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))  # keeps no-break spaces


def test_commitment_records_what_was_drawn_only_when_given(drawn, tmp_path) -> None:
    _, commitment, _, _ = drawn
    assert {key: commitment[key] for key in ABOUT} == ABOUT
    small = SAMPLES / "example_small_20"
    instance = load_instance(small / "pool.csv", small / "quotas.csv", 20)
    plain = workflows.prepare(instance, tmp_path / "plain", title="  ")
    keys = set(json.loads((plain.directory / "commitment.json").read_bytes()))
    assert keys.isdisjoint(ABOUT)


def test_labels_file_keeps_the_quota_file_order(drawn) -> None:
    prepared, _, _, reports = drawn
    with (CONVENTION / "quotas.csv").open(encoding="utf-8", newline="") as handle:
        quota_rows = [(row["category"], row["value"]) for row in csv.DictReader(handle)]
    written = labels_of(json.loads((prepared.directory / "commitment.json").read_bytes()))
    assert list(written.order) == quota_rows
    assert quota_rows[:3] == [("sexe", "Femme"), ("sexe", "Homme"), ("age", "16-17")]  # not code point order
    shown = [(q.category, q.value) for q in reports["fr"].data.quotas]
    assert shown == list(written.order)
    assert reports["fr"].data.categories == ("sexe", "age", "diplome", "pcs", "territoire_densite", "region", "qpv")


def test_report_says_what_was_drawn_with_labels(drawn) -> None:
    _, _, pages, _ = drawn
    page = pages["fr"]
    assert f"<h1>{ABOUT['title']}</h1>" in page
    text = _text(page)
    assert "Objet Tirer au sort les 150 membres de la convention" in text
    assert "Organisateur Conseil économique, social et environnemental" in text
    assert '<td class="category">Catégorie socioprofessionnelle</td>' in page
    assert '<td class="category">pcs</td>' not in page and ">territoire_densite<" not in page
    assert '<td class="value">65 ans et plus</td>' in page


def test_one_least_chance_figure_with_the_optimal_beside(drawn) -> None:
    _, _, pages, reports = drawn
    lottery = reports["fr"].data.lottery
    assert lottery is not None and lottery.least_optimal is not None
    published, optimal = format_percent(float(lottery.least), 2, "fr"), format_percent(lottery.least_optimal, 2, "fr")
    assert (published, optimal) == ("3,20\u202f%", "3,31\u202f%")
    least = re.search(r'data-figure="least"><strong>([^<]*)</strong><span>([^<]*)</span>', pages["fr"])
    assert least is not None and least.group(1) == published and optimal in least.group(2)
    assert re.search(rf'data-figure="min"[^>]*>{published}</td>', pages["fr"])
    assert re.search(rf'data-figure="min-optimal"[^>]*>{optimal}</td>', pages["fr"])


def test_report_states_who_was_certain_and_why(drawn) -> None:
    _, _, pages, _ = drawn
    fr, en = _text(pages["fr"]), _text(pages["en"])
    assert "8 volontaires sur 2\u202f500 ont une chance d\u2019au moins 90\u202f% (dont 8 sont sûrs de siéger)" in fr
    assert "8 of 2,500 volunteers have a chance of at least 90% (8 of them are certain to sit)" in en
    young = (
        "1 × Homme, 16-17 ans, Aucun diplôme, CEP ou brevet (BEPC/DNB), Autres sans activité professionnelle, "
        "Commune de densité intermédiaire, Nouvelle-Aquitaine, Habite un quartier prioritaire"
    )
    assert young in en
    assert "Quartier prioritaire de la ville (QPV) = Habite un quartier prioritaire: at least 10 of 87" in en
    assert "p0" not in re.search(r'<section id="outcomes">.*?</section>', pages["en"], re.S).group(0)  # no ids


def test_what_to_publish_after_the_draw(drawn, tmp_path) -> None:
    prepared, _, pages, _ = drawn
    text = _text(pages["fr"])
    assert "Ce qu\u2019il faut publier maintenant" in text
    for name in ("commitment.json", "pool.csv", "lottery.json", "panel.csv", "reserves.csv", "audit.json"):
        assert f"{name}\u00a0:" in text
    assert f"{prepared.commitment_hash} (daté du 28 novembre 2026)" in text
    small = SAMPLES / "example_small_20"
    undrawn = workflows.prepare(load_instance(small / "pool.csv", small / "quotas.csv", 20), tmp_path / "u")
    page = workflows.report(undrawn.directory, legacy_runs=0).path.read_text(encoding="utf-8")
    assert 'id="publish"' not in page


def test_every_table_reflows_on_a_phone(drawn) -> None:
    _, _, pages, _ = drawn
    page = pages["fr"]
    tables = re.findall(r"<table[^>]*>", page)
    assert len(tables) >= 3 and all("reflow" in t for t in tables)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    phone = re.search(r"@media \(max-width: 40rem\) \{(.*?)\n\}", style, re.S)
    assert phone is not None and PHONE < 40 * 16
    rules = phone.group(1)
    assert re.search(r"table\.reflow td \{[^}]*display: block", rules)
    assert re.search(r"table\.reflow thead \{ display: none; \}", rules)
    assert "min-width: 0" in rules  # the value column's desktop min-width is lifted
    outside = style.replace(phone.group(0), "")
    widths = [
        float(v) * (16 if unit == "rem" else 1) for v, unit in re.findall(r"min-width: ([\d.]+)(rem|px)", outside)
    ]
    assert all(w <= PAGE for w in widths)  # no fixed width wider than a phone's page, even before reflowing
    assert 'name="viewport" content="width=device-width' in page


def _displayed_sizes(fig) -> list[float]:
    """Font sizes in CSS px of every text of a chart shown at most at its natural width in a phone's page."""
    fig.canvas.draw()
    width = fig.get_figwidth() * DPI
    scale = min(1.0, PAGE / width)
    return [t.get_fontsize() * DPI / 72 * scale for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_chart_text_stays_readable_on_a_phone() -> None:
    values = [0.03, 0.05, 0.06, 0.2, 1.0]
    import numpy as np

    probabilities = np.array(values)
    rows = [
        QuotaRow("pcs", "Autres sans activité professionnelle", 20, 25, None, 162, 0.065, 20, 150),
        QuotaRow("pcs", "Ouvriers", 15, 20, None, 141, 0.056, 15, 150),
    ]
    labels = Labels(values={("pcs", "Ouvriers"): "Ouvriers et ouvrières"}, categories={"pcs": "Catégorie sociale"})
    figures = [
        probability_histogram(
            [("Ce tirage (leximin)", probabilities), ("Ancienne méthode", probabilities)], 0.06, "fr"
        ),
        lorenz_figure([("Ce tirage (leximin)", probabilities)], "fr"),
        representation_figure(rows, "fr", labels.label),
    ]
    for fig in figures:
        sizes = _displayed_sizes(fig)
        assert sizes and min(sizes) >= 11, min(sizes)
    texts = {t.get_text() for t in figures[2].findobj(Text)}
    assert "Catégorie sociale" in texts and "Ouvriers et\nouvrières" in texts


def test_prepare_summary_states_the_certain_and_both_least_chances(drawn) -> None:
    prepared, _, _, _ = drawn
    with console.capture() as captured:
        print_summary(prepared, "en")
    text = captured.get()
    assert "leximin: minimum probability 0.0320" in text
    assert "Least chance (published tickets): 0.0320; in the optimal lottery: 0.0331." in text
    assert "8 of 2,500 volunteers have a chance of at least 90% (8 of them are certain to sit)" in text
    assert "- 1 × Homme, 16-17, Aucun diplôme, CEP ou brevet (BEPC/DNB)" in text


runner = CliRunner()


def test_check_explains_an_intersection_and_forced_volunteers(tmp_path: Path) -> None:
    pool = [("id", "A", "B")] + [(f"p{i}", a, b) for i, (a, b) in enumerate(["xu", "xv", "xv", "xv", "yu", "yu"])]
    write_csv(tmp_path / "pool.csv", pool)
    quotas = [("category", "value", "min", "max"), ("A", "x", "2", "3"), ("A", "y", "0", "1")]
    write_csv(tmp_path / "quotas.csv", [*quotas, ("B", "u", "3", "3"), ("B", "v", "0", "0")])
    args = ["check", str(tmp_path / "pool.csv"), str(tmp_path / "quotas.csv"), "--k", "3", "--lang", "en"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "The cause is an intersection of two quotas:" in result.output
    assert "A = x and B = u: the quotas need at least 2 panel members with both values, but at most 1" in result.output
    write_csv(tmp_path / "quotas.csv", [*quotas, ("B", "u", "2", "3"), ("B", "v", "0", "3")])
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    outcomes = json.loads(result.output)["outcomes"]
    assert outcomes["certain"] == 1 and outcomes["high_profiles"][0]["profile"] == {"A": "x", "B": "u"}
    result = runner.invoke(app, args)
    assert "1 of 6 volunteers sit on every possible panel" in result.output
    assert "the quotas need at least 1 panel members with A = x and B = u, and only 1 volunteers have both" in (
        result.output.replace("\n", " ")
    )


def test_report_command_options_override_the_commitment(drawn, tmp_path) -> None:
    prepared, _, _, _ = drawn
    labels = tmp_path / "labels.csv"
    write_csv(labels, [("category", "value", "label"), ("pcs", "", "Profession")])
    out = tmp_path / "page.html"
    args = ["report", str(prepared.directory), "--out", str(out), "--legacy-runs", "0", "--lang", "en"]
    result = runner.invoke(app, [*args, "--title", "Jury 2027", "--organiser", "Town hall", "--labels", str(labels)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>Jury 2027</h1>" in page and "Town hall" in page and ABOUT["purpose"] in page
    assert '<td class="category">Profession</td>' in page
    result = runner.invoke(app, [*args, "--force", "--json"])
    summary = json.loads(result.output)
    assert summary["outcomes"]["certain"] == 8
    assert summary["least_probability_optimal"] == pytest.approx(0.0331, abs=5e-5)
    write_csv(labels, [("name", "label"), ("pcs", "Profession")])
    result = runner.invoke(app, [*args, "--force", "--labels", str(labels)])
    assert result.exit_code == 2 and "labels.csv" in result.output


def test_prepare_json_has_both_least_chances_and_the_outcomes(tmp_path) -> None:
    small = SAMPLES / "example_small_20"
    args = ["prepare", str(small / "pool.csv"), str(small / "quotas.csv"), "--k", "20", "--out", str(tmp_path / "d")]
    result = runner.invoke(app, [*args, "--json", "--title", "Petit jury"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["least_probability"] <= summary["least_probability_optimal"] + 0.01
    assert summary["outcomes"]["high_threshold"] == 0.9 and summary["outcomes"]["low_threshold"] == 0.01
    commitment = json.loads((tmp_path / "d" / "commitment.json").read_bytes())
    assert commitment["title"] == "Petit jury" and "purpose" not in commitment
