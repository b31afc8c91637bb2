"""Writing a generated pool: ``pool.csv``, ``quotas.csv`` and ``meta.json``, byte for byte reproducible.

Files are UTF-8 without BOM, LF line endings, comma delimiter, ``csv`` module quoting; ``meta.json`` has
sorted keys and indent 2. Each file is written atomically, ``pool.csv`` last.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path

from sortition.protocol.files import atomic_write_bytes
from sortition.synthetic.sampling import PoolData


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A table as the bytes of a CSV file in the format above."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def pool_files(pool: PoolData) -> dict[str, bytes]:
    """The bytes of ``pool.csv``, ``quotas.csv`` and ``meta.json`` (UTF-8, LF, sorted JSON keys)."""
    meta = json.dumps(pool.meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    return {
        "pool.csv": csv_bytes(pool.header, pool.rows),
        "quotas.csv": csv_bytes(("category", "value", "min", "max"), pool.quotas),
        "meta.json": meta.encode("utf-8"),
    }


def write_pool(pool: PoolData, directory: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Write the pool's three files into ``directory`` atomically; never replace them unless ``overwrite``.

    ``pool.csv`` is written last, so a directory with a ``pool.csv`` always has its quotas and meta.
    """
    target = Path(directory)
    files = pool_files(pool)
    if not overwrite:
        existing = sorted(name for name in files if (target / name).exists())
        if existing:
            raise FileExistsError(f"{target}: {', '.join(existing)} already exist; not replaced")
    for name in ("meta.json", "quotas.csv", "pool.csv"):
        atomic_write_bytes(target / name, files[name], overwrite=overwrite)
    return target
