"""Shared fixtures: the bundled reference instances."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sortition.load.instance import load_instance

# Commitments record the toolkit's source revision, and the key of a draw derives from the commitment hash:
# without this, which panel a test draws would change with every commit. Subprocesses inherit it.
os.environ["SORTITION_SOURCE_REVISION"] = ""

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


def require_browser() -> Path:
    """The system Chromium for browser tests. Skipped on a developer machine without it; in CI (``CI`` set,
    where .ci/run installs it) its absence is a failure, so the browser tests can never silently not run."""
    chromium = Path("/usr/bin/chromium")
    missing = [] if chromium.exists() else ["system Chromium (apt-get install -y chromium)"]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if missing:
        if os.environ.get("CI"):
            pytest.fail("browser tests need " + " and ".join(missing))
        pytest.skip("needs " + " and ".join(missing))
    return chromium
