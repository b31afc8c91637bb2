"""The worked examples run, top to bottom, without error, so they never rot.

Each notebook runs in a fresh kernel whose working directory is a temporary folder; it finds the repository
through $SORTITION_ROOT and writes only under $TMPDIR (pointed at pytest's temporary folder), never into
the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbclient
import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds, per cell: a guard against a hang, not a speed test (speed is in benchmarks/)


def _snapshot(*folders: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for folder in folders for p in folder.rglob("*") if p.is_file()}


def _code(path: Path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def test_the_notebooks_call_the_library_workflows_and_rebuild_none():
    """The notebooks are front ends like the CLI: the organiser's journey goes through sortition.workflows,
    and no notebook assembles a workflow from the protocol's parts (commit, draw files, write directories)."""
    assert [p.name for p in NOTEBOOKS] == ["01_organiser_convention.ipynb", "02_auditor.ipynb", "03_local_jury.ipynb"]
    organiser = _code(NOTEBOOKS[0])
    for call in (
        "load_instance(pool",
        "check(instance)",
        "workflows.prepare(",
        "workflows.draw(",
        "workflows.verify(",
        "workflows.report(",
    ):
        assert call in organiser, call
    for path in NOTEBOOKS:
        assert "sortition.protocol" not in _code(path), f"{path.name} rebuilds a workflow from protocol parts"


@pytest.mark.slow  # a kernel per notebook, 1-3 minutes on a loaded 2-core machine: CI runs it (`pytest -m slow`)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit notebooks without outputs"
    )
    env = {**os.environ, "SORTITION_ROOT": str(ROOT), "TMPDIR": str(tmp_path), "MPLBACKEND": "Agg"}
    work = tmp_path / "cwd"
    work.mkdir()
    before = _snapshot(ROOT / "notebooks", ROOT / "sample_pools")
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
    )
    client.execute(env=env)  # raises CellExecutionError, naming the cell, on any error
    assert _snapshot(ROOT / "notebooks", ROOT / "sample_pools") == before, "a notebook wrote into the repository"
    errors = [out for cell in notebook.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
    images = [out for cell in notebook.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
    assert images or path.stem == "02_auditor", "the organiser's and the town's notebooks show their figures"
