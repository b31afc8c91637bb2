"""French with no English left: every command's help, Click's own words, usage errors and number formats."""

from __future__ import annotations

import re

import pytest
import typer
from sortition_cli.main import app
from typer.testing import CliRunner

from sortition.i18n.catalogue import method_name, translate
from sortition.i18n.numbers import format_number, format_scientific, french_param

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
# Words Click and Typer write in English, and English number formats.
ENGLISH = (
    "Usage",
    "Options",
    "[required]",
    "Show this message",
    "Show the version",
    "Error",
    "Missing",
    "No such",
    "Got unexpected",
    "Try ",
    "for help",
    "default:",
    "Commands",
    "Arguments",
    "Invalid value",
    "Possible options",
    "Traceback",
)
ENGLISH_NUMBER = re.compile(r"\d\.\d+e[-+]?\d|\b0\.\d{6}\b")


def _french(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), prog_name="sortition")
    return result.exit_code, result.output


def _no_english(text: str) -> None:
    found = [word for word in ENGLISH if word in text]
    assert not found, (found, text)
    assert not ENGLISH_NUMBER.search(text), text


def test_commands_are_known():
    assert {"check", "prepare", "draw", "verify", "rehearse", "replace", "sample", "plan", "report"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_is_french_wherever_lang_is_given(command):
    for args in (
        ("--lang", "fr", command, "--help"),
        (command, "--lang", "fr", "--help"),
        (command, "--help", "--lang=fr"),
    ):
        code, text = _french(*args)
        assert code == 0, text
        assert text.startswith(f"Utilisation : sortition {command} [PARAMÈTRES]"), text
        assert "Paramètres :" in text and "Afficher cette aide et quitter." in text
        _no_english(text)


def test_the_top_level_help_in_french():
    for args in (("--lang", "fr", "--help"), ("--lang", "fr")):
        code, text = _french(*args)
        assert code == (0 if "--help" in args else 2)
        assert "Utilisation : sortition [PARAMÈTRES] COMMANDE [ARGUMENTS]..." in text
        assert "Commandes :" in text and "  check " in text and "Afficher la version et quitter." in text
        _no_english(text)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "a.csv", "b.csv"), "Erreur : il manque le paramètre « --k »."),
        (("check", "a.csv"), "Erreur : il manque l'entrée « QUOTAS »."),
        (("check", "a.csv", "b.csv", "--kk", "3"), "Erreur : paramètre inconnu : --kk. (paramètres possibles : --k)"),
        (("check", "a.csv", "b.csv", "c.csv", "--k", "2"), "Erreur : entrée(s) en trop (c.csv)."),
        (("check", "a.csv", "b.csv", "--k", "x"), "Erreur : valeur non valable pour « --k » : un nombre entier"),
        (("check", "a.csv", "b.csv", "--k"), "Erreur : le paramètre « --k » demande une valeur."),
        (("tirer",), "Erreur : commande inconnue « tirer »."),
    ],
)
def test_usage_errors_in_french(args, expected):
    code, text = _french("--lang", "fr", *args)
    assert code == 2, text
    assert expected in text
    assert "Essayez « sortition" in text and "--help » pour obtenir de l'aide." in text
    _no_english(text)


def test_a_bad_input_file_is_reported_in_french_from_the_top_level_lang(tmp_path):
    code, text = _french("--lang", "fr", "check", str(tmp_path / "absent.csv"), str(tmp_path / "q.csv"), "--k", "2")
    assert code == 2 and "fichier introuvable" in text
    _no_english(text)


def test_english_stays_typers_own():
    code, text = _french("check", "--help", "--lang", "en")
    assert code == 0 and "Usage" in text and "Panel size" in text


def test_numbers_in_french_output():
    assert format_scientific(2.3e-10, 1, "fr") == "2,3\u202f×\u202f10⁻¹⁰"
    assert format_scientific(2.3e-10, 1, "en") == "2.3e-10"
    assert format_number(1234567.5, "fr") == "1\u202f234\u202f567,5"
    assert format_number(0.032, "fr") == "0,032"
    # a number an upstream module formatted in English reaches French output converted...
    assert french_param("deviation", "0.032000") == "0,032"
    assert french_param("gap", "2.3e-10") == "2,3\u202f×\u202f10⁻¹⁰"
    assert french_param("least", 0.25) == "0,25"
    # ...but what the user wrote is quoted as written
    assert french_param("value", "0.032000") == "0.032000"
    line = translate(
        "prepare.certificate",
        "fr",
        method=method_name("lp-relaxation+decomposition", "fr"),
        gap="2.3e-10",
        optimal="",
    )
    assert line == "Certificat : relaxation linéaire + décomposition ; écart d'optimalité 2,3\u202f×\u202f10⁻¹⁰"
    assert method_name("lp-relaxation+decomposition", "en") == "LP relaxation + decomposition"
    assert method_name("unknown method", "fr") == "unknown method"
