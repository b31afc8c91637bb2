"""The organiser's and the auditor's tasks as library functions: prepare, draw, verify, replace, report.

Each workflow takes what a person has (an instance, a draw directory, a seed), runs the steps of the data flow
in order (check -> solve -> round -> commit -> write; or read -> draw -> write), writes its files atomically,
and returns a value describing what it did. The command line, the notebooks and the web application are
front ends over these functions: they parse, call, and render; none of them repeats a step.

Failures are exceptions of :mod:`sortition.errors`: :class:`InputError` (bad input, every problem at once),
:class:`InfeasibleError` (the quotas admit no panel; ``report`` holds the conflict and repairs),
:class:`DrawError` (a catalogue key and parameters: a directory that exists, a draw that cannot go ahead).
Nothing is written when a workflow fails.
"""

from __future__ import annotations

import contextlib
import importlib.util
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sortition.check import FeasibilityReport, Repair, check
from sortition.errors import DrawError, InfeasibleError
from sortition.i18n.catalogue import translate
from sortition.load.tables import TableSource
from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
from sortition.progress import NO_PROGRESS, Progress
from sortition.protocol import commit
from sortition.protocol.draw import Outcome
from sortition.protocol.draw import draw as draw_files
from sortition.protocol.files import (
    atomic_write_text,
    check_target,
    directory_lock,
    read_directory,
    write_directories,
    write_directory,
)
from sortition.protocol.published import read_published
from sortition.protocol.replace import (
    MODES,
    Residual,
    commitment_extra,
    draw_state,
    read_dropouts,
    relaxation_from_repair,
    reserve_walk,
    reserves_record,
    residual_problem,
)
from sortition.protocol.tickets import Tickets, round_to_tickets
from sortition.protocol.verify import Check
from sortition.protocol.verify import verify as verify_checks
from sortition.report import DEFAULT_LEGACY_RUNS, ReportData, collect, render_html
from sortition.solve import ALGORITHMS, solve

PathLike = str | os.PathLike[str]
DEFAULT_TICKETS = 1000


def private_directory(out: PathLike) -> Path:
    """Where the organiser's private side of a draw directory lives: ``DIR.private`` beside ``DIR``."""
    path = Path(out)
    return path.with_name(path.name + ".private")


def _refuse_existing(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise DrawError("draw.exists", directory=str(path))


def _seed_source(source: str | commit.SeedSource | None) -> commit.SeedSource | None:
    if source is None or isinstance(source, commit.SeedSource):
        return source
    try:
        return commit.SeedSource.parse(source)
    except ValueError as exc:
        raise DrawError("cli.bad-option", option="--seed-source", reason=str(exc)) from exc


def _check_choice(option: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise DrawError("cli.bad-option", option=option, reason=" | ".join(choices))


@contextlib.contextmanager
def _published_files(directory: PathLike) -> Iterator[None]:
    """Read a draw directory as hostile input: a document of the wrong shape (a list for an object, text for a
    number, a missing field) is a refusal naming the directory, not a crash."""
    try:
        yield
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise DrawError("files.malformed", path=str(directory), kind=type(exc).__name__) from exc


# Limits of the options, checked before any work so that no value makes a run endless or crash halfway.
MAX_TICKETS = 10**9
MAX_RUNS = 10**6
MAX_SECONDS = 10.0**7  # about four months
MAX_TEXT = 1000  # characters of a seed or a date


def _whole(option: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DrawError("option.whole", option=option, low=low, high=high)


def _seconds(option: str, value: object) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if value is not None and not (ok and 0 < value <= MAX_SECONDS):  # type: ignore[operator]
        raise DrawError("option.number", option=option, low=0, high=int(MAX_SECONDS))


def _text(option: str, value: object) -> None:
    """Text options (seed, date): bounded, printable, encodable (a seed is hashed as UTF-8)."""
    if value is None:
        return
    if not isinstance(value, str) or len(value) > MAX_TEXT or not value.replace("\n", " ").isprintable():
        raise DrawError("option.text", option=option, high=MAX_TEXT)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DrawError("option.text", option=option, high=MAX_TEXT) from exc


# --- prepare --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preparation:
    """A prepared draw directory: the optimal lottery, its tickets, and the commitment to publish."""

    directory: Path
    private_directory: Path | None
    lottery: Lottery
    tickets: Tickets
    commitment_hash: str
    files: tuple[str, ...]
    seed_source: commit.SeedSource | None

    def __repr__(self) -> str:
        return f"Preparation({str(self.directory)!r}, commitment {self.commitment_hash[:16]}..., {self.lottery!r})"


def solve_feasible(
    instance: Instance,
    *,
    algorithm: str = "leximin",
    time_limit: float | None = None,
    legacy_runs: int = 1000,
    progress: Progress = NO_PROGRESS,
) -> Lottery:
    """Check the quotas (raising :class:`InfeasibleError` with the report when no panel meets them), then
    solve. Checking first turns an infeasible instance into an explanation instead of a solver failure."""
    _check_choice("--algorithm", algorithm, ALGORITHMS)
    report = check(instance)
    if not report.feasible:
        raise InfeasibleError("the quotas admit no panel", report)
    options: dict[str, Any] = {"runs": legacy_runs} if algorithm == "legacy" else {}
    return solve(instance, algorithm, time_limit=time_limit, progress=progress, **options)


def prepare(
    instance: Instance,
    out: PathLike,
    *,
    algorithm: str = "leximin",
    tickets: int = DEFAULT_TICKETS,
    seed_source: str | commit.SeedSource | None = None,
    pseudonymise: bool = False,
    date: str | None = None,
    time_limit: float | None = None,
    legacy_runs: int = 1000,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Preparation:
    """Check, solve, round to ``tickets`` and commit: write the public draw directory ``out`` (and, with
    ``pseudonymise``, the private id map in ``out.private``). Publish ``commitment.json`` before the seed."""
    _check_choice("--algorithm", algorithm, ALGORITHMS)
    _whole("--tickets", tickets, 1, MAX_TICKETS)
    _whole("--legacy-runs", legacy_runs, 1, MAX_RUNS)
    _seconds("--time-limit", time_limit)
    _text("--date", date)
    directory = Path(out)
    source = _seed_source(seed_source)
    check_target(directory)
    with directory_lock(directory):
        _refuse_existing(directory, overwrite)
        if pseudonymise:
            _refuse_existing(private_directory(directory), overwrite)
        lottery = solve_feasible(
            instance, algorithm=algorithm, time_limit=time_limit, legacy_runs=legacy_runs, progress=progress
        )
        rounded = round_to_tickets(lottery, tickets)
        prepared = commit.prepare(instance, lottery, rounded, source, pseudonymise=pseudonymise, date=date)
        private = private_directory(directory) if prepared.private else None
        # the private side first: an interruption never leaves a public directory whose pseudonyms are lost
        targets: dict[PathLike, Mapping[str, bytes]] = {private: prepared.private} if private is not None else {}
        targets[directory] = prepared.public
        write_directories(targets, replace=overwrite)
    return Preparation(
        directory, private, lottery, rounded, prepared.commitment_hash, tuple(sorted(prepared.public)), source
    )


# --- draw -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """The outcome of a draw (ticket, panel, reserves, derived key) and the files it added."""

    directory: Path
    outcome: Outcome
    tickets: int
    files: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"Draw({str(self.directory)!r}, ticket {self.outcome.ticket} of {self.tickets}, "
            f"panel {self.outcome.panel_index}, {len(self.outcome.panel)} persons)"
        )


def draw(
    directory: PathLike,
    *,
    seed: str | None = None,
    beacon: dict[str, Any] | None = None,
    date: str | None = None,
    redraw: bool = False,
) -> Draw:
    """Draw the panel of a prepared directory from the public ``seed`` (or drand ``beacon``), and add
    ``panel.csv``, ``reserves.csv`` and ``audit.json`` to it atomically. A drawn directory is refused."""
    _text("--seed", seed)
    _text("--date", date)
    root = Path(directory)
    with directory_lock(root):
        if (root / "audit.json").exists() and not redraw:
            raise DrawError("draw.already-drawn", directory=str(root))
        with _published_files(root):
            added, outcome = draw_files(root, seed=seed, beacon=beacon, date=date)
            tickets = int(read_published(root).lottery["tickets"])
        files = read_directory(root)
        files.update(added)
        write_directory(root, files, replace=True)
    return Draw(root, outcome, tickets, tuple(sorted(added)))


def rehearse(
    instance: Instance,
    out: PathLike,
    *,
    seed: str,
    date: str | None = None,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    **options: Any,
) -> tuple[Preparation, Draw]:
    """Prepare and draw at once with a seed known in advance: to try things out, never a real draw."""
    _text("--seed", seed)
    source = commit.SeedSource("rehearsal", " ".join(seed.split()))
    prepared = prepare(instance, out, seed_source=source, date=date, overwrite=overwrite, progress=progress, **options)
    return prepared, draw(prepared.directory, seed=seed, date=date)


# --- verify ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """Every check of a draw directory: ``passed`` only if none failed; ``manual`` ones need a person."""

    directory: Path
    checks: tuple[Check, ...]

    @property
    def failed(self) -> int:
        return sum(1 for c in self.checks if c.status == "fail")

    @property
    def manual(self) -> int:
        return sum(1 for c in self.checks if c.status == "manual")

    @property
    def passed(self) -> bool:
        return self.failed == 0

    def __repr__(self) -> str:
        counts = f"{len(self.checks)} checks, {self.failed} failed, {self.manual} by hand"
        return f"Verification({str(self.directory)!r}, {counts})"


def verify(directory: PathLike, *, resolve: bool = False) -> Verification:
    """Check a draw directory from its published files alone (see :mod:`sortition.protocol.verify`)."""
    with _published_files(directory):
        return Verification(Path(directory), tuple(verify_checks(directory, resolve=resolve)))


# --- replace --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replacement:
    """A replacement round: the residual problem, the repair accepted (if any), and either the prepared fair
    lottery (``preparation``, to be drawn like a first draw) or the reserves taken in reserve mode."""

    directory: Path
    residual: Residual
    round: int
    mode: str
    repair: Repair | None
    preparation: Preparation | None
    taken: tuple[str, ...] = ()

    def __repr__(self) -> str:
        dropouts = len(self.residual.dropouts)
        return f"Replacement({str(self.directory)!r}, round {self.round}, {self.mode}, {dropouts} drop-outs)"


def _dropouts(source: TableSource | Sequence[str], state: Any) -> tuple[list[str], list[str]]:
    if isinstance(source, str | os.PathLike) or hasattr(source, "columns"):
        return read_dropouts(source, state)  # type: ignore[arg-type]
    import pandas

    return read_dropouts(pandas.DataFrame({"id": list(source)}), state)  # type: ignore[arg-type]


def replace(
    directory: PathLike,
    dropouts: TableSource | Sequence[str],
    out: PathLike,
    *,
    seed_source: str | commit.SeedSource | None = None,
    mode: str = "fair",
    algorithm: str = "leximin",
    tickets: int = DEFAULT_TICKETS,
    accept_repair: int | None = None,
    time_limit: float | None = None,
    date: str | None = None,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Replacement:
    """Replace the persons of ``dropouts`` (a file or DataFrame with an ``id`` column, or a list of ids) in
    the panel of the drawn ``directory``, keeping the quotas: ``mode="fair"`` commits a fair lottery over
    the residual problem in ``out`` (draw it with :func:`draw`); ``mode="reserves"`` takes the first fitting
    reserves. When the residual quotas admit no panel, :class:`InfeasibleError` carries the report (and
    ``residual``); ``accept_repair`` (1-based) accepts one of its repairs."""
    root, target = Path(directory), Path(out)
    _check_choice("--mode", mode, MODES)
    _check_choice("--algorithm", algorithm, ALGORITHMS)
    _whole("--tickets", tickets, 1, MAX_TICKETS)
    _seconds("--time-limit", time_limit)
    _text("--date", date)
    if accept_repair is not None:
        _whole("--accept-repair", accept_repair, 1, MAX_RUNS)
    if not (root / "audit.json").is_file():
        raise DrawError("replace.not-drawn", directory=str(root))
    source = _seed_source(seed_source)
    check_target(target)
    with directory_lock(target):
        _refuse_existing(target, overwrite)
        return _replace(
            root,
            target,
            dropouts,
            source,
            mode,
            algorithm,
            tickets,
            accept_repair,
            time_limit,
            date,
            overwrite,
            progress,
        )


def _replace(
    root: Path,
    target: Path,
    dropouts: TableSource | Sequence[str],
    source: commit.SeedSource | None,
    mode: str,
    algorithm: str,
    tickets: int,
    accept_repair: int | None,
    time_limit: float | None,
    date: str | None,
    overwrite: bool,
    progress: Progress,
) -> Replacement:
    with _published_files(root):
        state = draw_state(root)
        dropped, declined = _dropouts(dropouts, state)
        residual = residual_problem(state, dropped, declined)
    report = check(residual.instance)
    repair: Repair | None = None
    if not report.feasible:
        if accept_repair is None or not 1 <= accept_repair <= len(report.repairs):
            raise _infeasible(report, residual)
        repair = report.repairs[accept_repair - 1]
        residual = residual_problem(state, dropped, declined, relaxation_from_repair(residual, repair))
    extra = commitment_extra(state, residual, target, mode)
    if mode == "reserves":
        walked = reserve_walk(state, residual)
        if walked is None:
            raise _infeasible(None, residual)
        write_directory(target, reserves_record(state, residual, walked[0], walked[1], extra, date), replace=overwrite)
        return Replacement(target, residual, state.round + 1, mode, repair, None, tuple(walked[0]))
    lottery = solve(residual.instance, algorithm, time_limit=time_limit, progress=progress)
    rounded = round_to_tickets(lottery, tickets)
    prepared = commit.prepare(residual.instance, lottery, rounded, source, date=date, extra=extra)
    write_directory(target, prepared.public, replace=overwrite)
    preparation = Preparation(
        target, None, lottery, rounded, prepared.commitment_hash, tuple(sorted(prepared.public)), source
    )
    return Replacement(target, residual, state.round + 1, mode, repair, preparation)


def _infeasible(report: FeasibilityReport | None, residual: Residual) -> InfeasibleError:
    """The residual problem admits no panel (``report``), or no reserve fits (``report`` is None)."""
    error = InfeasibleError("the residual quotas admit no panel" if report else "no reserve fits", report)
    error.residual = residual  # type: ignore[attr-defined]
    return error


# --- report ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """The report page written for a draw directory, and the figures it shows."""

    path: Path
    data: ReportData

    def __repr__(self) -> str:
        return f"Report({str(self.path)!r})"


def report(
    directory: PathLike,
    *,
    out: PathLike | None = None,
    lang: str = "en",
    legacy_runs: int | None = None,
    legacy_seed: int = 0,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Report:
    """Write the self-contained HTML report of a draw directory in ``lang`` (default file name from the
    catalogue, inside the directory). Needs matplotlib (the ``report`` extra) for its charts."""
    _check_choice("--lang", lang, ("en", "fr"))
    if legacy_runs is not None:
        _whole("--legacy-runs", legacy_runs, 0, MAX_RUNS)
    _whole("--legacy-seed", legacy_seed, 0, 2**63 - 1)
    if importlib.util.find_spec("matplotlib") is None:
        raise DrawError("report.needs-matplotlib")
    target = Path(out) if out is not None else Path(directory) / translate("report.file-name", lang)
    if target.exists() and not overwrite:
        raise DrawError("report.exists", file=str(target))
    runs = DEFAULT_LEGACY_RUNS if legacy_runs is None else legacy_runs
    with _published_files(directory):
        data = collect(directory, legacy_runs=runs, legacy_seed=legacy_seed, progress=progress)
    try:
        atomic_write_text(target, render_html(data, lang), overwrite=overwrite)
    except FileExistsError as exc:
        raise DrawError("report.exists", file=str(target)) from exc
    return Report(target, data)
