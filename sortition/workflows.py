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
import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sortition.check import FeasibilityReport, Repair, check
from sortition.confirmations import Confirmation, confirmation_rows, record
from sortition.contacts import CONTACT_FILES, contact_documents, contact_sheets
from sortition.errors import DrawError, InfeasibleError
from sortition.i18n.catalogue import translate
from sortition.load.tables import TableSource
from sortition.model.instance import Instance
from sortition.model.lottery import Lottery
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
from sortition.protocol.published import chain, read_published
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


def _seed_source(source: str | commit.SeedSource | None) -> commit.SeedSource | None:
    if source is None or isinstance(source, commit.SeedSource):
        return source
    try:
        return commit.SeedSource.parse(source)
    except ValueError as exc:  # the message is a catalogue key naming what is wrong with the source
        reason = translate(str(exc), "en", text=source[:60])
        raise DrawError("cli.bad-option", option="--seed-source", reason=reason) from exc


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
    _check_choice("--algorithm", algorithm, ALGORITHMS)
    if tickets is not None:
        _whole("--tickets", tickets, 1, MAX_TICKETS)
    _whole("--legacy-runs", legacy_runs, 1, MAX_RUNS)
    _seconds("--time-limit", time_limit)
    _text("--date", date)
    directory = Path(out)
    source = _seed_source(seed_source)
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
    _text("--seed", seed)
    _text("--date", date)
    root = Path(directory)
    with directory_lock(root):
        with _published_files(root):
            added, outcome = draw_files(root, seed=seed, beacon=beacon, date=date)
            tickets = int(read_published(root).lottery["tickets"])
            files = read_directory(root)
            files.update(added)
            side = _first_private_side(root)
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


def contact_files(directory: PathLike) -> tuple[Path, ...]:
    """The private contact lists of a drawn directory (first draw or replacement): the XLSX workbook first,
    then one CSV per list. Empty when none were written (no private side)."""
    folder = private_directory(directory)
    return tuple(folder / name for name in CONTACT_FILES if (folder / name).is_file())


def _first_private_side(directory: PathLike) -> PrivateSide | None:
    """The private side of the first draw of ``directory``'s chain (where the pool as given is kept); None
    when it is not there, or the chain cannot be followed here (a replacement copied without its draw)."""
    try:
        root = chain(directory)[0]
    except (OSError, ValueError):
        return None
    return read_private(private_directory(root))


def _private_side(directory: PathLike) -> PrivateSide:
    side = _first_private_side(directory)
    if side is None:
        raise DrawError("private.missing", directory=str(directory))
    return side


def confirmation_list(directory: PathLike) -> tuple[Confirmation, ...]:
    """The current panel of a drawn directory by the organiser's own ids, with names, category values and
    the status recorded so far ("pending", "confirmed" or "declined"), and whether each member is new."""
    return confirmation_rows(directory, _private_side(directory))


def record_confirmations(directory: PathLike, answers: Mapping[str, str]) -> tuple[Confirmation, ...]:
    """Record "confirmed"/"declined" (or back to "pending") for panel members by original (or published)
    id, in the private side; returns the updated list. Hand the declined ids to :func:`replace`."""
    return record(directory, _private_side(directory), answers)


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
    _text("--seed", seed)
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
    with _published_files(directory):
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
    _check_choice("--mode", mode, MODES)
    _check_choice("--algorithm", algorithm, ALGORITHMS)
    if tickets is not None:
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
        with _published_files(root):
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
    about = {"title": title or "", "purpose": purpose or "", "organiser": organiser or ""}
    with _published_files(directory):
        data = collect(
            directory, legacy_runs=runs, legacy_seed=legacy_seed, progress=progress, labels=labels, about=about
        )
    try:
        atomic_write_text(target, render_html(data, lang), overwrite=overwrite)
    except FileExistsError as exc:
        raise DrawError("report.exists", file=str(target)) from exc
    return Report(target, data)
