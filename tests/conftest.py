"""Shared fixtures: the bundled reference instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from sortition.load.instance import load_instance

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_pools"


def load_sample(name: str, **kwargs):
    import json

    folder = SAMPLES / name
    k = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["k"]
    return load_instance(folder / "pool.csv", folder / "quotas.csv", k, **kwargs)


@pytest.fixture(scope="session")
def reference_small():
    return load_sample("example_small_20")


@pytest.fixture(scope="session")
def reference_large():
    return load_sample("example_large_200")
