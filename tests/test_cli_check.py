"""``sortition check`` as a user runs it: exit codes, tables, JSON, French, broken input."""

from __future__ import annotations

import json
import subprocess
import sys

from sortition_cli.main import app
from typer.testing import CliRunner

from tests.conftest import SAMPLES

runner = CliRunner()
SMALL = SAMPLES / "example_small_20"


def _run(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def test_feasible_sample_exits_zero_with_table():
    result = _run(SMALL / "pool.csv", SMALL / "quotas.csv", "--k", 20, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "FEASIBLE" in result.output
    assert "conservative" in result.output and "101" in result.output


def test_infeasible_exits_one_with_conflict_and_repairs(tmp_path):
    (tmp_path / "q.csv").write_text(
        "category,value,min,max\ngender,female,15,20\ngender,male,0,20\nleaning,liberal,0,12\n"
        "leaning,conservative,0,20\n",
        encoding="utf-8",
    )
    result = _run(SMALL / "pool.csv", tmp_path / "q.csv", "--k", 20, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "INFEASIBLE" in result.output
    assert "gender = female: at least 15" in result.output
    assert "leaning = liberal: at most 12" in result.output
    assert "lower the min of gender = female from 15 to 13 (2 seat(s) in all)" in result.output
    as_json = _run(SMALL / "pool.csv", tmp_path / "q.csv", "--k", 20, "--json")
    payload = json.loads(as_json.output)
    assert as_json.exit_code == 1 and payload["feasible"] is False
    assert {b["value"] for b in payload["conflict"]} >= {"female"}


def test_bad_input_exits_two_and_lists_every_problem(tmp_path):
    (tmp_path / "p.csv").write_text("id;sexe\n1;Femme\n1;femme\n", encoding="cp1252")
    (tmp_path / "q.csv").write_text("category,value,min,max\nsexe,Femme,1,x\n", encoding="utf-8")
    result = _run(tmp_path / "p.csv", tmp_path / "q.csv", "--k", 1, "--lang", "fr")
    assert result.exit_code == 2
    assert "ligne 2, colonne « max »" in result.output
    assert "ligne 3, colonne « id »" in result.output
    assert "vouliez-vous dire « Femme »" in result.output
    as_json = runner.invoke(app, ["check", str(tmp_path / "p.csv"), str(tmp_path / "q.csv"), "--k", "1", "--json"])
    codes = [p["code"] for p in json.loads(as_json.output)["problems"]]
    assert codes == ["bound-not-integer", "id-duplicate", "value-unknown"]


def test_a_value_missing_from_the_quotas_is_one_line_not_one_per_volunteer(tmp_path):
    """Seen as a new user in French: quotas listing only 'Femme' for sexe printed one line per man (hundreds);
    the screen now says it once with the first rows, and --json still lists every problem."""
    jury = SAMPLES / "jury30"
    (tmp_path / "q.csv").write_text("category,value,min,max\nsexe,Femme,0,30\n", encoding="utf-8")
    result = _run(jury / "pool.csv", tmp_path / "q.csv", "--k", 30, "--lang", "fr")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert len(lines) == 1 and "autres, colonne « sexe » : « Homme » n'est pas une valeur des quotas" in lines[0]
    as_json = runner.invoke(app, ["check", str(jury / "pool.csv"), str(tmp_path / "q.csv"), "--k", "30", "--json"])
    problems = json.loads(as_json.output)["problems"]
    assert len(problems) > 100 and {p["value"] for p in problems} == {"Homme"}


def test_french_output():
    result = _run(SMALL / "pool.csv", SMALL / "quotas.csv", "--k", 20, "--lang", "fr")
    assert result.exit_code == 0
    assert "RÉALISABLE" in result.output and "Volontaires" in result.output


def test_python_dash_m_and_help():
    out = subprocess.run(
        [sys.executable, "-m", "sortition", "check", "--help"],
        capture_output=True,
        text=True,
        env={"LANG": "C", "PATH": "", "COLUMNS": "120"},
    )
    assert out.returncode == 0
    assert "--households" in out.stdout and "--k" in out.stdout
