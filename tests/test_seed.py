"""Typed seed sources: one canonical text per result, whatever the spelling; impossible results refused;
``prepare`` warns about free text and about sources with too few results, and says what to publish."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.errors import DrawError
from sortition.protocol.seed import SeedSource, chance_spread, normalise_seed, seed_warnings
from tests.conftest import SAMPLES

runner = CliRunner()
SMALL = SAMPLES / "example_small_20"


@pytest.mark.parametrize(
    "typed",
    [
        "07 19 23 38 44 02 11",
        "7 19 23 38 44 2 11",
        "7, 19, 23, 38, 44, 2, 11",
        "44-38-23-19-7 / 11-2",
        "7/19/23/38/44 2,11",
    ],
)
def test_every_spelling_of_a_euromillions_result_has_one_text(typed):
    source = SeedSource.parse("EuroMillions:2026-12-01")
    assert source.description == "euromillions:2026-12-01"
    assert source.canonical_result(typed) == "euromillions:2026-12-01:7,19,23,38,44:2,11"


@pytest.mark.parametrize(
    ("source", "typed", "key"),
    [
        ("euromillions:2026-12-01", "7 19 23 38 44 2", "seed.wrong-count"),
        ("euromillions:2026-12-01", "7 19 23 38 51 2 11", "seed.out-of-range"),
        ("euromillions:2026-12-01", "7 19 23 38 44 2 13", "seed.out-of-range"),
        ("euromillions:2026-12-01", "7 7 23 38 44 2 11", "seed.repeated"),
        ("loto:2026-12-05", "1 2 3 4 50 7", "seed.out-of-range"),
        ("loto:2026-12-05", "1 2 3 4 5 11", "seed.out-of-range"),
        ("loto:2026-12-05", "1 2 3 4 5 six", "seed.not-a-number"),
        ("dice:3d6", "1 2 7", "seed.out-of-range"),
        ("dice:3d6", "", "seed.wrong-count"),
    ],
)
def test_impossible_results_are_refused_by_name(source, typed, key):
    with pytest.raises(DrawError) as info:
        SeedSource.parse(source).canonical_result(typed)
    assert info.value.key == key


def test_dice_repeat_and_are_sorted_and_sources_count_their_results():
    dice = SeedSource.parse("dice:3d6")
    assert dice.canonical_result("6 1 6") == "dice:3d6:1,6,6"
    assert dice.outcomes() == math.comb(8, 3) and dice.equally_likely_outcomes() == 6**3 // 6
    assert SeedSource.parse("euromillions:2026-12-01").outcomes() == math.comb(50, 5) * math.comb(12, 2)
    assert SeedSource.parse("loto:2026-12-05").outcomes() == math.comb(49, 5) * 10
    loto = SeedSource.parse("loto:2026-12-05")
    # a person's chance, not a ticket's: 0.015 (a national pool's least) moves by 0.19% under the loto
    assert seed_warnings(loto, 0.015) == []
    assert seed_warnings(loto, 1e-6)[0][0] == "seed.too-few-outcomes"  # about 23%
    assert seed_warnings(dice, 0.05)[0][1]["outcomes"] == 36
    assert seed_warnings(SeedSource.parse("the mayor's dice"), 0.05)[0][0] == "seed.free-text"


def test_the_chance_spread_is_what_hashing_the_results_does_to_a_volunteer():
    """chance_spread against the experiment it describes: N equally likely results hashed onto M tickets, a
    volunteer holding tickets worth p. Over many independent hashings (salts), the relative spread of the
    volunteer's chance is sqrt((1 - p) / (N p)), whatever M; a single ticket's is sqrt(M / N), far larger."""
    source = SeedSource.parse("dice:2d6")  # sorted dice: 21 results, worth 18 equally likely ones
    results = [f"dice:2d6:{a},{b}" for a in range(1, 7) for b in range(a, 7)]
    weights = np.array(
        [1.0 if r.split(":")[2].split(",")[0] == r.split(":")[2].split(",")[1] else 2.0 for r in results]
    )
    weights /= weights.sum()
    tickets, held = 1000, 300  # the volunteer holds tickets 0..299: p = 0.3
    chances = []
    for salt in range(4000):
        hit = [
            int.from_bytes(hashlib.sha256(f"{salt}|{r}".encode()).digest()[:8], "big") % tickets < held for r in results
        ]
        chances.append(float(weights @ np.array(hit, dtype=np.float64)))
    observed = float(np.std(chances) / np.mean(chances))
    predicted = chance_spread(source, held / tickets)
    # sorted dice are not equally likely: N = 1 / (likeliest result's chance) bounds the spread from above
    exact = math.sqrt(0.7 * float(np.sum(weights**2)) / 0.3)
    assert observed == pytest.approx(exact, rel=0.05)
    assert exact <= predicted < 1.2 * exact
    assert math.sqrt(tickets / source.equally_likely_outcomes()) > 5 * predicted  # the old per-ticket figure


@pytest.mark.parametrize("text", ["euromillions:2026-02-30", "loto:01/12/2026", "dice:0d6", "dice:3", "drand:x:y"])
def test_malformed_typed_sources_are_refused(text):
    with pytest.raises(ValueError, match=r"^seed\.source-"):
        SeedSource.parse(text)


def test_the_whitespace_set_is_pythons_not_javascripts():
    assert normalise_seed("a\u0085b\x1cc\u3000d") == "a b c d"
    assert normalise_seed("\ufeffa b") == "\ufeffa b"  # U+FEFF is not whitespace here (it is in JavaScript)
    assert normalise_seed("  Tirage\u00a0 public ") == "Tirage public"


def _prepare(out: Path, *extra: str, lang: str = "en"):
    return runner.invoke(
        app,
        [
            "prepare",
            str(SMALL / "pool.csv"),
            str(SMALL / "quotas.csv"),
            "--k",
            "20",
            "--out",
            str(out),
            "--lang",
            lang,
            *extra,
        ],
    )


def test_spelling_cannot_change_the_panel_and_a_commitment_is_drawn_once(tmp_path):
    out = tmp_path / "d"
    result = _prepare(out, "--seed-source", "euromillions:2026-12-01", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    commitment_hash = hashlib.sha256((out / "commitment.json").read_bytes()).hexdigest()
    assert commitment_hash in result.output and "BEFORE the seed exists" in result.output
    assert f"--commitment {commitment_hash}" in result.output and "Warning" not in result.output
    assert "139,838,160 possible results" in result.output and "(0.10000) holds to about 0.03%" in result.output
    panels = set()
    for i, typed in enumerate(["07 19 23 38 44 02 11", "7, 19, 23, 38, 44, 2, 11"]):
        copy = tmp_path / f"c{i}"
        copy.mkdir()
        for p in out.iterdir():
            (copy / p.name).write_bytes(p.read_bytes())
        drawn = runner.invoke(app, ["draw", str(copy), "--seed", typed, "--lang", "en"])
        assert drawn.exit_code == 0 and "euromillions:2026-12-01:7,19,23,38,44:2,11" in drawn.output
        panels.add((copy / "panel.csv").read_bytes())
        again = runner.invoke(app, ["draw", str(copy), "--seed", "1 2 3 4 5 6 7", "--lang", "en"])
        assert again.exit_code == 2 and "drawn once" in again.output
    assert len(panels) == 1
    before = {p.name for p in out.iterdir()}
    refused = runner.invoke(app, ["draw", str(out), "--seed", "7 19 23 38 44 2 44", "--lang", "fr"])
    assert refused.exit_code == 2 and "44 n'est pas un numéro possible ici (de 1 à 12)" in refused.output
    assert {p.name for p in out.iterdir()} == before


def test_prepare_warns_about_free_text_and_few_results(tmp_path):
    free = _prepare(tmp_path / "a", "--seed-source", "Loto of Saturday")
    assert free.exit_code == 0 and "spelled many ways" in free.output and "euromillions:<YYYY-MM-DD>" in free.output
    dice = _prepare(tmp_path / "b", "--seed-source", "dice:3d6", lang="fr")
    assert (
        dice.exit_code == 0
        and "n'a que 36 résultats équiprobables : la plus petite chance d'un volontaire (0,10000)" in dice.output
    )
    assert "d'environ 50,00\u202f%" in dice.output
    bad = _prepare(tmp_path / "c", "--seed-source", "euromillions:tomorrow")
    assert bad.exit_code == 2 and not (tmp_path / "c").exists()
    record = json.loads((tmp_path / "b" / "commitment.json").read_bytes())
    assert record["seed_source"] == {"kind": "dice", "description": "dice:3d6", "count": 3, "sides": 6}
