"""A draw project: one folder on the organiser's disk holding every step, so that closing the browser loses nothing.

``project.json`` records the choices (column roles, quotas, seed source, confirmations); the volunteers' file
is copied in as it was uploaded; the draw directories are written by the library workflows beside it
(``tirage/`` public, ``tirage.private/`` the organiser's id map; ``remplacement-N/`` for replacement rounds).
One writer at a time: every change holds an exclusive lock on ``.lock`` (two browser tabs, or two launches on
one folder, wait for each other) and files are replaced atomically, never half written.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sortition.load.instance import load_instance
from sortition.load.tables import Table, read_table
from sortition.model.instance import Instance
from sortition.protocol.files import atomic_write_bytes

STATE = "project.json"
DRAW = "tirage"
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class Project:
    """The folder of one draw project and its saved state."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)

    # --- storage --------------------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the project's writer lock (blocking): one change at a time, across tabs and processes."""
        with open(self.folder / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def state(self) -> dict[str, Any]:
        path = self.folder / STATE
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}

    def _write_state(self, state: dict[str, Any]) -> None:
        text = json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        atomic_write_bytes(self.folder / STATE, text.encode("utf-8"), overwrite=True)

    def update(self, section: str, value: Any) -> dict[str, Any]:
        """Replace one section of the state under the lock; return the new state."""
        with self.locked():
            state = self.state()
            if value is None:
                state.pop(section, None)
            else:
                state[section] = value
            self._write_state(state)
            return state

    def section(self, name: str) -> dict[str, Any]:
        value = self.state().get(name)
        return value if isinstance(value, dict) else {}

    def save_upload(self, stem: str, filename: str, data: bytes) -> Path:
        """Keep an uploaded file inside the project folder under a fixed stem (the name is never a path)."""
        suffix = Path(_SAFE_NAME.sub("_", filename or "")).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            suffix = ".csv"
        target = self.folder / f"{stem}{suffix}"
        with self.locked():
            for old in self.folder.glob(f"{stem}.*"):
                if old.suffix in UPLOAD_SUFFIXES and old != target:
                    old.unlink()
            atomic_write_bytes(target, data, overwrite=True)
        return target

    def import_volunteers(self, path: str | os.PathLike[str]) -> Path:
        """Start the project from a volunteers' file on disk (``sortition app --volunteers FILE``)."""
        source = Path(path)
        target = self.save_upload("volontaires", source.name, source.read_bytes())
        self.update("volunteers", {"file": target.name, "original_name": source.name})
        return target

    # --- what the steps read --------------------------------------------------------------------------

    def volunteers_file(self) -> Path | None:
        name = self.section("volunteers").get("file")
        path = self.folder / str(name) if name else None
        return path if path is not None and path.is_file() else None

    def volunteers_table(self) -> Table:
        path = self.volunteers_file()
        if path is None:
            raise FileNotFoundError("no volunteers file yet")
        return read_table(path, name=self.section("volunteers").get("original_name") or path.name)

    def quota_rows(self) -> list[dict[str, Any]]:
        rows = self.section("quotas").get("rows", [])
        return [dict(r) for r in rows] if isinstance(rows, list) else []

    def quotas_frame(self) -> Any:
        """The quota table as the library reads it (category, value, min, max), from the saved rows."""
        import pandas

        rows = self.quota_rows()
        return pandas.DataFrame(
            {
                "category": [r["category"] for r in rows],
                "value": [r["value"] for r in rows],
                "min": [str(r.get("min", "")) for r in rows],
                "max": [str(r.get("max", "")) for r in rows],
            }
        )

    def instance(self) -> Instance:
        """Load and validate the volunteers and the quotas (raises InputError listing every problem)."""
        roles = self.section("volunteers")
        path = self.volunteers_file()
        if path is None:
            raise FileNotFoundError("no volunteers file yet")
        return load_instance(
            path,
            self.quotas_frame(),
            int(self.section("quotas").get("k", 0)),
            id_column=str(roles.get("id", "id")),
            household_columns=tuple(roles.get("households", ())),
        )

    def draw_directory(self) -> Path:
        return self.folder / DRAW

    def replacement_directory(self, number: int) -> Path:
        return self.folder / f"remplacement-{number}"

    def directory(self, name: str) -> Path:
        """A draw directory of this project by its folder name (the first draw or a replacement round)."""
        if name != DRAW and not re.fullmatch(r"remplacement-[0-9]{1,3}", name):
            raise FileNotFoundError(name)
        return self.folder / name

    def scratch(self, name: str) -> Path:
        """A folder inside the project for uploads to verify (never outside the project)."""
        path = self.folder / "verifications" / _SAFE_NAME.sub("_", name)
        path.mkdir(parents=True, exist_ok=True)
        return path
