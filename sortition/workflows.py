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

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sortition.check import FeasibilityReport, Repair, check
from sortition.contacts import contact_documents, contact_sheets
from sortition.errors import DrawError, InfeasibleError
from sortition.i18n.catalogue import translate
from sortition.load.tables import TableSource
from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
from sortition.options import (
    MAX_RUNS,
    MAX_TICKETS,
    check_choice,
    check_seconds,
    check_text,
    check_whole,
    parsed_seed_source,
    published_files,
)
from sortition.organiser import confirmation_list as confirmation_list
from sortition.organiser import contact_files as contact_files
from sortition.organiser import first_private_side
from sortition.organiser import record_confirmations as record_confirmations
from sortition.progress import NO_PROGRESS, Progress
from sortition.protocol import commit
from sortition.protocol.canonical import sha256_hex
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
from sortition.protocol.private import (
    PrivateSide,
    private_added,
    private_pool_files,
    read_private,
)
from sortition.protocol.private import private_directory as private_directory
from sortition.protocol.replace import (
    MODES,
    DrawState,
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
from sortition.report.labels import Labels, labels_record
from sortition.solve import ALGORITHMS, solve

PathLike = str | os.PathLike[str]


def _refuse_existing(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise DrawError("draw.exists", directory=str(path))


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
    check_choice("--algorithm", algorithm, ALGORITHMS)
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
    tickets: int | None = None,
    seed_source: str | commit.SeedSource | None = None,
    pseudonymise: bool = False,
    date: str | None = None,
    time_limit: float | None = None,
    legacy_runs: int = 1000,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    title: str | None = None,
    purpose: str | None = None,
    organiser: str | None = None,
    labels: Labels | None = None,
) -> Preparation:
    """Check, solve, round to ``tickets`` (by default the smallest round count whose rounding costs at most
    0.1% of the least probability) and commit: write the public draw directory ``out`` and the organiser's
    private side ``out.private`` (the pool as given; with ``pseudonymise``, the salt and the id map), both or
    neither. Publish ``commitment.json`` before the seed; never publish ``out.private``.

    ``title``, ``purpose`` and ``organiser`` are recorded in the commitment only when given; ``labels``
    records the quota file's order and the display labels for the report."""
    check_choice("--algorithm", algorithm, ALGORITHMS)
    if tickets is not None:
        check_whole("--tickets", tickets, 1, MAX_TICKETS)
    check_whole("--legacy-runs", legacy_runs, 1, MAX_RUNS)
    check_seconds("--time-limit", time_limit)
    check_text("--date", date)
    directory = Path(out)
    source = parsed_seed_source(seed_source)
    check_target(directory)
    with directory_lock(directory):
        _refuse_existing(directory, overwrite)
        _refuse_existing(private_directory(directory), overwrite)
        lottery = solve_feasible(
            instance, algorithm=algorithm, time_limit=time_limit, legacy_runs=legacy_runs, progress=progress
        )
        rounded = round_to_tickets(lottery, tickets)
        described = {"title": title, "purpose": purpose, "organiser": organiser}
        extra: dict[str, Any] = {key: text.strip() for key, text in described.items() if text and text.strip()}
        extra["labels"] = labels_record([(q.category, q.value) for q in instance.quotas], labels or Labels())
        prepared = commit.prepare(instance, lottery, rounded, source, pseudonymise=pseudonymise, date=date, extra=extra)
        private = private_directory(directory)
        private_files = {
            **prepared.private,
            **private_pool_files(instance, prepared.published_ids, pseudonymised=pseudonymise),
        }
        # the private side first: an interruption never leaves a public directory without its private side
        write_directories(
            {private: private_files, directory: prepared.public}, replace=overwrite, modes={private: 0o700}
        )
    return Preparation(
        directory, private, lottery, rounded, prepared.commitment_hash, tuple(sorted(prepared.public)), source
    )


# --- draw -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """The outcome of a draw (ticket, panel, reserves, derived key), the files it added, and the private
    contact lists written beside them (none when the directory has no private side)."""

    directory: Path
    outcome: Outcome
    tickets: int
    files: tuple[str, ...]
    contacts: tuple[Path, ...] = ()

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
    lang: str = "en",
) -> Draw:
    """Draw the panel of a prepared directory from the public ``seed`` (or drand ``beacon``), and add
    ``panel.csv``, ``reserves.csv`` and ``audit.json`` to it atomically; write the contact lists (headers
    in ``lang``) to its private side first. A commitment is drawn once: a directory holding a draw is refused
    (:class:`DrawError` ``draw.already-drawn``)."""
    check_text("--seed", seed)
    check_text("--date", date)
    root = Path(directory)
    with directory_lock(root):
        with published_files(root):
            added, outcome = draw_files(root, seed=seed, beacon=beacon, date=date)
            files = read_directory(root)
            files.update(added)
            tickets = int(json.loads(files["lottery.json"])["tickets"])  # read once, with the other files
            side = first_private_side(root)
            contacts: dict[str, bytes] = {}
            if side is not None:
                replacement = json.loads(files["commitment.json"]).get("replacement")
                panel = json.loads(added["audit.json"])["full_panel"]
                if not all(pid in side.values for pid in (*panel, *outcome.reserves)):
                    raise DrawError("private.mismatch", directory=str(root), private=str(side.directory))
                reserves = list(enumerate(outcome.reserves, start=1))
                contacts = contact_documents(contact_sheets(side, panel, reserves, replacement, lang))
        _write_both(root, files, contacts, replace=True)
    return Draw(root, outcome, tickets, tuple(sorted(added)), contact_files(root))


def _write_both(
    directory: Path, public: dict[str, bytes], contacts: dict[str, bytes], *, replace: bool, private: Path | None = None
) -> None:
    """The private files first, then the public directory; the private files are undone if that fails."""
    if not contacts:
        write_directory(directory, public, replace=replace)
        return
    with private_added(private or private_directory(directory), contacts):
        write_directory(directory, public, replace=replace)


def rehearse(
    instance: Instance,
    out: PathLike,
    *,
    seed: str,
    date: str | None = None,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    lang: str = "en",
    **options: Any,
) -> tuple[Preparation, Draw]:
    """Prepare and draw at once with a seed known in advance: to try things out, never a real draw."""
    check_text("--seed", seed)
    source = commit.SeedSource("rehearsal", " ".join(seed.split()))
    prepared = prepare(instance, out, seed_source=source, date=date, overwrite=overwrite, progress=progress, **options)
    return prepared, draw(prepared.directory, seed=seed, date=date, lang=lang)


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


def verify(directory: PathLike, *, commitment: str | None = None, resolve: bool = False) -> Verification:
    """Check a draw directory from its published files alone (see :mod:`sortition.protocol.verify`).
    ``commitment`` is the hash published before the seed (64 hex digits): without it the draw is not anchored,
    and the verification says so as a check by hand."""
    with published_files(directory):
        checks = verify_checks(directory, commitment=commitment, resolve=resolve)
    return Verification(Path(directory), tuple(checks))


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
    commitment_hash: str
    taken: tuple[str, ...] = ()
    contacts: tuple[Path, ...] = ()

    def __repr__(self) -> str:
        dropouts = len(self.residual.dropouts)
        return f"Replacement({str(self.directory)!r}, round {self.round}, {self.mode}, {dropouts} drop-outs)"


def _dropouts(
    source: TableSource | Sequence[str], state: DrawState, side: PrivateSide | None
) -> tuple[list[str], list[str]]:
    if isinstance(source, str | os.PathLike) or hasattr(source, "columns"):
        return read_dropouts(source, state, side)  # type: ignore[arg-type]
    import pandas

    return read_dropouts(pandas.DataFrame({"id": list(source)}), state, side)  # type: ignore[arg-type]


def replace(
    directory: PathLike,
    dropouts: TableSource | Sequence[str],
    out: PathLike,
    *,
    seed_source: str | commit.SeedSource | None = None,
    mode: str = "fair",
    algorithm: str = "leximin",
    tickets: int | None = None,
    accept_repair: int | None = None,
    time_limit: float | None = None,
    date: str | None = None,
    overwrite: bool = False,
    progress: Progress = NO_PROGRESS,
    lang: str = "en",
) -> Replacement:
    """Replace the persons of ``dropouts`` (a file or DataFrame with an ``id`` column, or a list of ids) in
    the panel of the drawn ``directory``, keeping the quotas. Ids are published ids (escaped or not) or,
    when the private side is there, the ids of the organiser's pool file (whose column name may then head
    the file instead of ``id``). ``mode="fair"`` commits a fair lottery over the residual problem in ``out``
    (draw it with :func:`draw`); ``mode="reserves"`` takes the first fitting reserves and writes their
    contact lists. When the residual quotas admit no panel, :class:`InfeasibleError` carries the report
    (and ``residual``); ``accept_repair`` (1-based) accepts one of its repairs."""
    root, target = Path(directory), Path(out)
    check_choice("--mode", mode, MODES)
    check_choice("--algorithm", algorithm, ALGORITHMS)
    if tickets is not None:
        check_whole("--tickets", tickets, 1, MAX_TICKETS)
    check_seconds("--time-limit", time_limit)
    check_text("--date", date)
    if accept_repair is not None:
        check_whole("--accept-repair", accept_repair, 1, MAX_RUNS)
    if not (root / "audit.json").is_file():
        raise DrawError("replace.not-drawn", directory=str(root))
    source = parsed_seed_source(seed_source)
    check_target(target)
    with directory_lock(target):
        _refuse_existing(target, overwrite)
        with published_files(root):
            state = draw_state(root)
            side = read_private(private_directory(state.root))
            dropped, declined = _dropouts(dropouts, state, side)
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
            eligible = set(residual.instance.pool.ids)
            walked = reserve_walk(state, residual)
            if walked is None:
                raise _infeasible(None, residual)
            taken = walked[0]
            contacts: dict[str, bytes] = {}
            if side is not None:
                rest = [
                    (rank, pid) for rank, pid in enumerate(state.reserves, 1) if pid in eligible and pid not in taken
                ]
                panel = [*residual.kept, *taken]
                contacts = contact_documents(contact_sheets(side, panel, rest, extra["replacement"], lang))
            record_files = reserves_record(state, residual, taken, walked[1], extra, date)
            _write_both(
                target, record_files, contacts, replace=overwrite, private=private_directory(target, state.root)
            )
            commitment_hash = sha256_hex(record_files["commitment.json"])
            return Replacement(
                target,
                residual,
                state.round + 1,
                mode,
                repair,
                None,
                commitment_hash,
                tuple(taken),
                contact_files(target),
            )
        lottery = solve(residual.instance, algorithm, time_limit=time_limit, progress=progress)
        rounded = round_to_tickets(lottery, tickets)
        prepared = commit.prepare(
            residual.instance, lottery, rounded, source, date=date, extra=extra, pseudonymous_ids=state.pseudonymised
        )
        write_directory(target, prepared.public, replace=overwrite)
        preparation = Preparation(
            target, None, lottery, rounded, prepared.commitment_hash, tuple(sorted(prepared.public)), source
        )
        return Replacement(target, residual, state.round + 1, mode, repair, preparation, prepared.commitment_hash)


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
    title: str | None = None,
    purpose: str | None = None,
    organiser: str | None = None,
    labels: Labels | None = None,
) -> Report:
    """Write the self-contained HTML report of a draw directory in ``lang`` (default file name from the
    catalogue, inside the directory). Needs matplotlib (the ``report`` extra) for its charts. ``title``,
    ``purpose``, ``organiser`` and ``labels`` override what the draw directory records."""
    check_choice("--lang", lang, ("en", "fr"))
    if legacy_runs is not None:
        check_whole("--legacy-runs", legacy_runs, 0, MAX_RUNS)
    check_whole("--legacy-seed", legacy_seed, 0, 2**63 - 1)
    if importlib.util.find_spec("matplotlib") is None:
        raise DrawError("report.needs-matplotlib")
    target = Path(out) if out is not None else Path(directory) / translate("report.file-name", lang)
    if target.exists() and not overwrite:
        raise DrawError("report.exists", file=str(target))
    runs = DEFAULT_LEGACY_RUNS if legacy_runs is None else legacy_runs
    about = {"title": title or "", "purpose": purpose or "", "organiser": organiser or ""}
    with published_files(directory):
        data = collect(
            directory, legacy_runs=runs, legacy_seed=legacy_seed, progress=progress, labels=labels, about=about
        )
    try:
        atomic_write_text(target, render_html(data, lang), overwrite=overwrite)
    except FileExistsError as exc:
        raise DrawError("report.exists", file=str(target)) from exc
    return Report(target, data)
