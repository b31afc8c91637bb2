"""The published files of ``prepare`` do not depend on the machine: the same bytes from two processes running
at once, one with one BLAS/OpenMP thread and another hash seed, the other with two."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

JURY = ROOT / "sample_pools" / "jury30"


def _start(out: Path, threads: str, hash_seed: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = threads
    command = [
        sys.executable, "-m", "sortition", "prepare", str(JURY / "pool.csv"), str(JURY / "quotas.csv"),
        "--k", "30", "--households", "household", "--seed-source", "loto:2026-12-05", "--out", str(out),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_two_processes_with_one_and_two_threads_publish_the_same_bytes(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    running = [_start(one, "1", "0"), _start(two, "2", "4242")]
    for process in running:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    published = _files(one)
    assert {"lottery.json", "tickets.csv", "probabilities.csv", "commitment.json"} <= set(published)
    assert published == _files(two)
    assert _files(Path(f"{one}.private")) == _files(Path(f"{two}.private"))
