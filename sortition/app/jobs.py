"""Long computations (solving a lottery, a replacement round, the report) run in a worker process, not in the
request: the page polls a small JSON endpoint for progress and may cancel, which ends the worker process.

A worker is a spawned process (a clean interpreter: no lock or thread of the server is inherited), running a
module-level function with the library's :class:`~sortition.progress.Progress` protocol mapped onto a queue.
Cancelling terminates the process; the workflows write their files atomically, so a cancelled job leaves
nothing half written. One job per project at a time.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Task = Callable[..., Any]


class QueueProgress:
    """The library's progress protocol, sent to the server through a queue."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel

    def phase(self, name: str, total: int | None = None) -> None:
        self.channel.put(("phase", name, total))

    def update(self, done: int, message: str = "") -> None:
        self.channel.put(("update", done, message))


def _run(task: Task, kwargs: dict[str, Any], channel: Any) -> None:
    """The worker's body: run the task, send its result or the exception it raised."""
    try:
        result = task(progress=QueueProgress(channel), **kwargs)
    except BaseException as exc:
        channel.put(("error", exc))
        return
    channel.put(("done", result))


@dataclass
class Job:
    """What the page shows of a running or finished job."""

    kind: str
    status: str = "running"  # running | done | error | cancelled
    phase: str = ""
    total: int | None = None
    done: int = 0
    message: str = ""
    started: float = field(default_factory=time.monotonic)
    result: Any = None
    error: BaseException | None = None
    settled: bool = False  # the result is saved (or the failure recorded): the page may show it

    def as_dict(self) -> dict[str, Any]:
        fraction = min(1.0, self.done / self.total) if self.total else None
        return {
            "kind": self.kind,
            "status": self.status if self.settled else "running",
            "phase": self.phase,
            "fraction": fraction,
            "seconds": round(time.monotonic() - self.started, 1),
        }


class Jobs:
    """The jobs of one server: at most one per project folder."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._processes: dict[str, Any] = {}
        self._context = multiprocessing.get_context("spawn")

    def get(self, key: str) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def start(self, key: str, kind: str, task: Task, kwargs: dict[str, Any], on_done: Callable[[Job], None]) -> Job:
        """Start ``task(progress=..., **kwargs)`` in a worker; ``on_done`` runs in the server when it ends."""
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and not current.settled:
                return current
            channel = self._context.Queue()
            process = self._context.Process(target=_run, args=(task, kwargs, channel), daemon=True)
            job = Job(kind)
            self._jobs[key] = job
            self._processes[key] = process
            process.start()
        threading.Thread(target=self._follow, args=(key, job, process, channel, on_done), daemon=True).start()
        return job

    def _follow(self, key: str, job: Job, process: Any, channel: Any, on_done: Callable[[Job], None]) -> None:
        outcome = "error"
        while True:
            try:
                message = channel.get(timeout=0.2)
            except queue.Empty:
                if not process.is_alive():
                    break
                continue
            if job.status == "cancelled":
                break
            if message[0] == "phase":
                job.phase, job.total, job.done = str(message[1]), message[2], 0
            elif message[0] == "update":
                job.done, job.message = int(message[1]), str(message[2])
            elif message[0] in ("done", "error"):
                outcome = message[0]
                job.result, job.error = (message[1], None) if outcome == "done" else (None, message[1])
                break
        if job.status != "cancelled":
            job.status = outcome
            if outcome == "done" or job.error is not None:
                try:
                    on_done(job)
                except Exception as exc:  # a result that cannot be saved is a failed job, not a dead thread
                    job.status, job.error = "error", exc
        job.settled = True
        process.join(timeout=5)

    def cancel(self, key: str) -> None:
        with self._lock:
            job, process = self._jobs.get(key), self._processes.get(key)
            if job is None or process is None or job.status != "running":
                return
            job.status = "cancelled"
            process.terminate()

    def wait(self, key: str, timeout: float = 300.0) -> Job | None:
        """Block until the project's job ends (for tests and scripts)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(key)
            if job is None or job.settled:
                return job
            time.sleep(0.1)
        return self.get(key)
