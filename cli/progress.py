"""A rich progress display implementing the library's Progress protocol (transient, on stderr)."""

from __future__ import annotations

from types import TracebackType

from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from .common import err_console


class RichProgress:
    def __init__(self, enabled: bool = True) -> None:
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[message]}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=not enabled,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._progress.__exit__(kind, value, traceback)

    def phase(self, name: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(name, total=total, message="")

    def update(self, done: int, message: str = "") -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=done, message=message)
