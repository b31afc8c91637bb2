"""The organiser's private side of a draw directory: ``DIR.private`` beside ``DIR``, never published.

It holds what the organiser needs to reach people again and must keep to themselves: the pool as given
(``pool.csv``: original ids and every column; ``original.<ext>``: the bytes of the file it came from), with
pseudonymisation the salt and the id map, and later the contact lists and confirmations. The folder is
created ``0o700`` and its files ``0o600`` so that other accounts of a shared machine cannot read them.

Writing order keeps both sides consistent: the private side is written first and removed again when the
public write fails (:func:`private_first`, :func:`private_added`), so an interruption leaves both or neither.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sortition.model.instance import Instance
from sortition.protocol.files import atomic_write_bytes, csv_bytes, from_spreadsheet_safe, spreadsheet_safe
from sortition.protocol.published import chain

POOL_FILE = "pool.csv"
MAP_FILE = "pseudonyms.csv"
MANIFEST_FILE = "private.json"
ORIGINAL_STEM = "original"
DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def private_directory(directory: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Path:
    """Where the organiser's private side of a draw directory lives: ``DIR.private`` beside a first draw
    ``DIR``; for a replacement kept inside its first draw's folder (``DIR/replacement-1``, the usual place),
    inside the first draw's private side (``DIR.private/replacement-1``), never inside the published folder.
    ``root`` is the first draw, for a replacement not written yet; otherwise it is found from the chain."""
    path = Path(directory)
    if not path.name:  # "." or "..": named by its absolute path (the workflows refuse such a target anyway)
        path = Path(os.path.abspath(path))
    if root is None:
        try:
            root = chain(path)[0] if (path / "commitment.json").is_file() else None
        except (OSError, ValueError, KeyError, TypeError):  # an unreadable chain: verify names it
            root = None
    if root is not None:
        first = Path(root).resolve()
        inside = path.resolve()
        if inside != first and inside.is_relative_to(first):
            return first.with_name(first.name + ".private") / inside.relative_to(first)
    return path.with_name(path.name + ".private")


def private_pool_files(instance: Instance, published_ids: Sequence[str], *, pseudonymised: bool) -> dict[str, bytes]:
    """The pool as given (every column, original ids, the published id of each person), the original
    file's bytes when the pool came from a file, and a manifest saying how to read them."""
    pool = instance.pool
    columns = list(pool.columns)
    rows = [
        [pid, published, *(pool.columns[c][i] for c in columns)]
        for i, (pid, published) in enumerate(zip(pool.ids, published_ids, strict=True))
    ]
    files = {POOL_FILE: csv_bytes([pool.id_column, "published_id", *columns], rows)}
    manifest: dict[str, Any] = {
        "id_column": pool.id_column,
        "columns": columns,
        "categories": list(instance.categories),
        "household_columns": list(instance.household_columns),
        "pseudonymised": pseudonymised,
        "pool_file": Path(pool.file).name if pool.file else "",
    }
    source = Path(pool.file) if pool.file else None
    if source is not None and source.is_file():
        original = ORIGINAL_STEM + source.suffix.lower()
        files[original] = source.read_bytes()
        manifest["original"] = original
    files[MANIFEST_FILE] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


@dataclass(frozen=True)
class PrivateSide:
    """The private pool read back: each person's original id, published id and every column."""

    directory: Path
    id_column: str
    columns: tuple[str, ...]
    categories: tuple[str, ...]
    pseudonymised: bool
    original_of: Mapping[str, str]  # published id -> original id
    published_of: Mapping[str, str]  # original id -> published id
    values: Mapping[str, Mapping[str, str]]  # published id -> column -> value

    def __repr__(self) -> str:
        return f"PrivateSide({str(self.directory)!r}, {len(self.values)} persons)"

    @property
    def private_columns(self) -> tuple[str, ...]:
        """The columns that are never published (neither id nor category)."""
        return tuple(c for c in self.columns if c not in self.categories)

    def aliases(self) -> dict[str, str]:
        """Every form in which the organiser may type a person's id, mapped to the published id."""
        return id_forms(self.original_of)


def id_forms(original_of: Mapping[str, str]) -> dict[str, str]:
    """Each way to write a person's id (published id -> original id given), mapped to the published id: the
    original id, the published id, and the apostrophe-escaped form of both (the published CSV files escape
    ids starting with ``= + - @``). A form naming two different persons maps to ""."""
    out: dict[str, str] = {}
    for published, original in original_of.items():
        for form in {original, published, spreadsheet_safe(original), spreadsheet_safe(published)}:
            out[form] = published if out.get(form, published) == published else ""
    return out


def read_csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a private CSV file, cells restored from their spreadsheet-safe form."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [[from_spreadsheet_safe(cell) for cell in row] for row in reader]


def read_private(directory: str | os.PathLike[str]) -> PrivateSide | None:
    """The private side in ``directory`` (a ``DIR.private`` folder), or None when it holds no pool (a
    directory prepared before private sides existed, or moved without it)."""
    root = Path(directory)
    if not (root / MANIFEST_FILE).is_file() or not (root / POOL_FILE).is_file():
        return None
    manifest = json.loads((root / MANIFEST_FILE).read_bytes())
    rows = read_csv_rows((root / POOL_FILE).read_bytes())
    columns = tuple(rows[0][2:])
    original_of = {row[1]: row[0] for row in rows[1:]}
    values = {row[1]: dict(zip(columns, row[2:], strict=True)) for row in rows[1:]}
    return PrivateSide(
        root,
        str(manifest["id_column"]),
        columns,
        tuple(manifest["categories"]),
        bool(manifest["pseudonymised"]),
        original_of,
        {o: p for p, o in original_of.items()},
        values,
    )


def _write_file(path: Path, data: bytes) -> None:
    """One private file, never readable by others: written through a ``0o600`` temporary file."""
    atomic_write_bytes(path, data, overwrite=True)
    os.chmod(path, FILE_MODE)


@contextmanager
def private_first(directory: Path, files: Mapping[str, bytes], *, overwrite: bool = False) -> Iterator[Path]:
    """Write the private folder ``directory`` holding ``files``, then run the body (the public write);
    if the body fails, remove the new folder and put back the one it replaced."""
    if directory.exists() and not overwrite:
        raise FileExistsError(str(directory))
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="." + directory.name + ".", suffix=".tmp", dir=directory.parent))
    aside = directory.with_name("." + directory.name + ".previous")
    try:
        os.chmod(staging, DIRECTORY_MODE)
        for name, data in sorted(files.items()):
            _write_file(staging / name, data)
        if directory.exists():
            shutil.rmtree(aside, ignore_errors=True)
            os.rename(directory, aside)
        os.rename(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if aside.exists() and not directory.exists():
            os.rename(aside, directory)
        raise
    try:
        yield directory
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        if aside.exists():
            os.rename(aside, directory)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def add_private_files(directory: Path, files: Mapping[str, bytes]) -> None:
    """Add or replace ``files`` in the private folder ``directory`` (created ``0o700`` if missing)."""
    with private_added(directory, files):
        pass


@contextmanager
def private_added(directory: Path, files: Mapping[str, bytes]) -> Iterator[Path]:
    """Add ``files`` to the private folder ``directory`` (created ``0o700`` if missing), then run the body
    (the public write); if the body fails, restore every file to what it was before."""
    created = not directory.exists()
    directory.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    os.chmod(directory, DIRECTORY_MODE)
    before = {name: (directory / name).read_bytes() for name in files if (directory / name).is_file()}
    try:
        for name, data in sorted(files.items()):
            _write_file(directory / name, data)
        yield directory
    except BaseException:
        if created:
            shutil.rmtree(directory, ignore_errors=True)
        else:
            for name in files:
                if name in before:
                    _write_file(directory / name, before[name])
                else:
                    (directory / name).unlink(missing_ok=True)
        raise
