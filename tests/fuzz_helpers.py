"""Running commands on hostile input and classifying what happened (used by tests/test_fuzz.py).

Each run ends in one class: ``ok`` (exit 0), ``refused`` (exit 1 or 2 with a message), ``traceback`` (a Python
traceback on screen, or exit 3: an internal error), ``hang`` (over the time limit), ``partial`` (an output
directory that is neither absent nor complete, or staging left beside it) or ``leak`` (a private marker value
in stdout, stderr or a published file).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sortition.protocol.commit import PUBLIC_FILES as COMMITTED_FILES

ROOT = Path(__file__).resolve().parent.parent
MARKER = "ZZSECRETZZ"  # in every private cell of the generated pools: it must never come out
PUBLIC_FILES = frozenset(COMMITTED_FILES)  # what prepare publishes
DRAWN_FILES = PUBLIC_FILES | {"panel.csv", "reserves.csv", "audit.json"}
BAD = ("traceback", "hang", "partial", "leak")
COUNTS: Counter[str] = Counter()  # per class, over the whole session (printed by test_fuzz.py)


class Hang(BaseException):
    """Raised by the alarm in a run that took too long (a BaseException: no handler may swallow it)."""


@dataclass(frozen=True)
class Run:
    code: int | None
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(args: Sequence[str], timeout: float = 60.0) -> Run:
    """The ``sortition`` command in this process (through the same wrapper as the installed command)."""
    from sortition_cli.faults import entry
    from sortition_cli.main import app

    out, err = io.StringIO(), io.StringIO()
    try:
        with _alarm(timeout), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | None = entry(app, [str(a) for a in args])
    except Hang:
        code = None
    return Run(code, out.getvalue(), err.getvalue())


def run_process(args: Sequence[str], timeout: float = 60.0, cwd: Path | None = None) -> Run:
    """The command in a fresh interpreter (for signals, hangs that hold the GIL, and concurrency)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sortition", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd or ROOT,
            env={**os.environ, "COLUMNS": "200"},
        )
    except subprocess.TimeoutExpired:
        return Run(None, "", "")
    return Run(done.returncode, done.stdout, done.stderr)


def published_text(folder: Path) -> str:
    """Every file under ``folder`` except the organiser's private sides (``*.private``) and the inputs."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.name.endswith(".private") or p.name == "inputs" for p in path.parents):
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def directory_state(out: Path | None) -> str | None:
    """None when ``out`` is absent, complete (prepared or drawn) or was never asked for; otherwise what is wrong."""
    if out is None:
        return None
    parent = out.parent
    leftovers = [p.name for p in parent.iterdir() if p.name.startswith("." + out.name)] if parent.is_dir() else []
    if leftovers:
        return f"left behind: {leftovers}"
    if not out.exists():
        return None
    if not out.is_dir():
        return None  # a file that was there before the run
    names = {p.name for p in out.iterdir()}
    if names in (set(PUBLIC_FILES), set(DRAWN_FILES)) or not names & PUBLIC_FILES:
        return None
    return f"incomplete: {sorted(names)}"


def classify(run: Run, workspace: Path, out: Path | None = None, markers: Sequence[str] = (MARKER,)) -> str:
    """The class of one run (see the module docstring); counted in :data:`COUNTS`."""
    published = published_text(workspace)
    if run.code is None:
        kind = "hang"
    elif "Traceback (most recent call last)" in run.text or run.code == 3:
        kind = "traceback"
    elif any(m in run.text or m in published for m in markers):
        kind = "leak"
    elif directory_state(out) is not None:
        kind = "partial"
    elif run.code == 0:
        kind = "ok"
    elif run.code in (1, 2):
        kind = "refused"
    else:
        kind = "traceback"
    COUNTS[kind] += 1
    return kind


def pool_csv(rows: Sequence[Sequence[str]], header: Sequence[str] = ("id", "sexe", "age", "nom")) -> str:
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


def small_pool(n: int = 12) -> str:
    """A pool of ``n`` persons with a private column holding the marker."""
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", ("jeune", "vieux")[i % 3 == 0], f"{MARKER}{i}") for i in range(n)]
    return pool_csv(rows)


SMALL_QUOTAS = "category,value,min,max\nsexe,F,1,3\nsexe,H,1,3\nage,jeune,0,4\nage,vieux,0,4\n"
