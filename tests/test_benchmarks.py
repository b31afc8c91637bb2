"""The benchmark scripts still run against the library (they are not imported by anything else: a renamed
library name once broke ``benchmarks/run.py`` at import, unnoticed)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sortition import workflows
from tests.conftest import ROOT, load_sample
from tests.test_synthetic import load_script


@pytest.mark.parametrize("script", ["run.py", "scale.py", "plan_bench.py", "pools.py"])
def test_the_benchmark_scripts_start(script):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


def test_ticket_figures_read_back_what_prepare_wrote(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    fairness = load_script(ROOT / "benchmarks" / "fairness.py", "benchmark_fairness")
    prepared = workflows.prepare(load_sample("jury30"), tmp_path / "jury", date="2026-11-28")
    figures = fairness.ticket_figures(json.loads((tmp_path / "jury" / "lottery.json").read_text(encoding="utf-8")))
    lottery, tickets = prepared.lottery, prepared.tickets
    assert figures["leximin_min"] == pytest.approx(lottery.min_probability, abs=1e-9)
    assert figures["panels"] == len(lottery.weights)
    assert figures["default_tickets"] == tickets.total
    assert figures["default_min"] == pytest.approx(tickets.least, abs=1e-12)
    assert figures["default_loss"] <= 0.001
    assert figures["t1000_deviation"] <= figures["t1000_bound"]
    # the library's rounding to 1,000 is never worse than plain largest remainder on the least probability
    assert figures["t1000_min"] >= figures["t1000_largest_remainder_min"] - 1e-12
