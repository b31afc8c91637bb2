"""Writing outputs all-or-nothing, one writer per draw directory, and the cell escaping of every published CSV.

A file goes to a temporary sibling and is renamed into place, so a reader sees the old file or the new one,
never half of one. Directories are staged beside their targets and renamed into place together by
:func:`write_directories`; SIGINT, SIGTERM and SIGHUP are held back while it runs (and delivered after), so a
clean interruption leaves every target as it was or complete, and no staging behind. A SIGKILL or a crash
between two renames is repaired by the next writer (:func:`_recover`). :func:`directory_lock` keeps two runs
from writing one draw directory at once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from sortition.errors import DrawError

PathLike = str | os.PathLike[str]


def _cannot_write(path: Path, exc: OSError) -> DrawError:
    return DrawError("files.cannot-write", path=str(path), reason=exc.strerror or type(exc).__name__)


@contextlib.contextmanager
def _held_signals() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP until the block ends, then deliver them with the handlers the
    program had (only in the main thread, where Python runs handlers; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    numbers = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous: dict[int, Any] = {n: signal.signal(n, hold) for n in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def atomic_write_bytes(path: PathLike, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Refuses to replace an existing file unless ``overwrite``: a published output is a record. A failure to
    write (full disk, read-only folder) raises :class:`DrawError` ``files.cannot-write``, leaving nothing.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    if target.is_dir():
        raise DrawError("files.not-a-file", path=str(target))
    with _held_signals():
        tmp: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise _cannot_write(target, exc) from exc
        except BaseException:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise


def atomic_write_text(path: PathLike, text: str, *, overwrite: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _aside(final: Path) -> Path:
    """Where the fallback (no atomic exchange) keeps the previous directory during a replacement."""
    return final.with_name("." + final.name + ".previous")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _recover(final: Path) -> None:
    """Repair what a killed writer left beside ``final``: the previous directory moved aside but not put back
    (restored), and staging directories of dead processes (removed)."""
    aside = _aside(final)
    if aside.is_dir():
        if final.exists():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(aside, final)
    prefix = "." + final.name + ".pid"
    if final.parent.is_dir():
        for path in final.parent.iterdir():
            if path.name.startswith(prefix) and path.name.endswith(".tmp"):
                pid = path.name[len(prefix) :].split(".", 1)[0]
                if pid.isdigit() and not _pid_alive(int(pid)):
                    shutil.rmtree(path, ignore_errors=True)


def check_target(target: PathLike) -> Path:
    """The absolute path of an output directory, refused (:class:`DrawError`) when it cannot be one: the
    current folder or one of its parents, or an existing file."""
    final = Path(os.path.abspath(target))
    here = Path(os.path.abspath(os.curdir))
    if final == here or final in here.parents or final.parent == final:
        raise DrawError("files.bad-target", path=str(target))
    if final.exists() and not final.is_dir():
        raise DrawError("files.not-a-directory", path=str(target))
    return final


def _staging(final: Path, mode: int) -> Path:
    """A new empty staging directory beside ``final``, named with this process's id (see :func:`_recover`)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.pid{os.getpid()}.", suffix=".tmp", dir=final.parent))
    os.chmod(staging, mode)
    return staging


def _fill(staging: Path, files: Mapping[str, bytes], mode: int) -> None:
    """The files, created with the directory's permissions less execution (0o600 in a 0o700 private folder)."""
    for name, data in sorted(files.items()):
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode & 0o666), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _swap_in(staging: Path, final: Path) -> Path | None:
    """Put ``staging`` in place of ``final``; return where the previous directory now is (None if none)."""
    if not final.exists():
        os.rename(staging, final)
        return None
    if _exchange(staging, final):
        return staging  # staging now holds the previous directory
    aside = _aside(final)
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(final, aside)
    try:
        os.rename(staging, final)
    except BaseException:
        os.rename(aside, final)
        raise
    return aside


def _swap_back(final: Path, previous: Path | None) -> None:
    """Undo :func:`_swap_in` (the new directory is removed, the previous one put back)."""
    if previous is None:
        shutil.rmtree(final, ignore_errors=True)
    elif not _exchange(previous, final):
        shutil.rmtree(final, ignore_errors=True)
        os.rename(previous, final)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def write_directories(
    targets: Mapping[PathLike, Mapping[str, bytes]],
    *,
    replace: bool = False,
    modes: Mapping[PathLike, int] | None = None,
) -> None:
    """Create every directory of ``targets`` holding exactly its files: all of them, or none.

    Each is staged beside its target, then the staged directories are renamed into place in the order
    given (put a private side before its public side: a kill between two renames then never leaves a
    public directory without its private one). Any failure puts every target back as it was. An existing
    target is only replaced when ``replace`` is true. Nothing is left behind: the staging directories are
    removed; a full disk or a read-only folder raises :class:`DrawError` ``files.cannot-write``. ``modes``
    gives a target's permissions (0o700 for a private folder; 0o755 by default).
    """
    finals = [(check_target(path), files) for path, files in targets.items()]
    permissions = {check_target(path): mode for path, mode in (modes or {}).items()}
    for final, _ in finals:
        if final.exists() and not replace:
            raise FileExistsError(str(final))
    with _held_signals():
        staged: list[tuple[Path, Path]] = []
        done: list[tuple[Path, Path | None]] = []
        current = finals[0][0] if finals else Path()
        try:
            for final, files in finals:
                current = final
                _recover(final)
                mode = permissions.get(final, 0o755)
                staged.append((_staging(final, mode), final))
                _fill(staged[-1][0], files, mode)
            for staging, final in staged:
                current = final
                done.append((final, _swap_in(staging, final)))
            for _, previous in done:
                if previous is not None:
                    shutil.rmtree(previous, ignore_errors=True)
        except BaseException as exc:
            for final, previous in reversed(done):
                _swap_back(final, previous)
            for staging, _ in staged:
                shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _cannot_write(current, exc) from exc
            raise


def write_directory(target: PathLike, files: Mapping[str, bytes], *, replace: bool = False, mode: int = 0o755) -> None:
    """:func:`write_directories` for one directory (``mode``: its permissions)."""
    write_directories({target: files}, replace=replace, modes={target: mode})


@contextlib.contextmanager
def directory_lock(target: PathLike) -> Iterator[None]:
    """Hold the lock of draw directory ``target`` (a file ``.NAME.lock`` beside it, locked with ``flock``,
    removed on release) so that one run at a time prepares, draws or replaces it; a second run is refused
    at once with :class:`DrawError` ``files.busy``. The system releases the lock of a killed process.
    """
    final = check_target(target)
    lock = final.with_name("." + final.name + ".lock")
    try:
        import fcntl
    except ImportError:  # no flock (Windows): a lock file created exclusively, stale when its process died
        yield from _exclusive_file_lock(final, lock)
        return
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise DrawError("files.busy", path=str(target)) from exc
                raise
            if os.path.exists(lock) and os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break  # still the lock file (not one a finishing run has just removed)
            os.close(fd)
    except OSError as exc:
        raise _cannot_write(final, exc) from exc
    try:
        _recover(final)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _exclusive_file_lock(final: Path, lock: Path) -> Iterator[None]:
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            text = lock.read_text(errors="replace").strip()
            if text.isdigit() and _pid_alive(int(text)):
                raise DrawError("files.busy", path=str(final)) from None
            lock.unlink(missing_ok=True)  # stale: its process is gone
    else:
        raise DrawError("files.busy", path=str(final))
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        _recover(final)
        yield
    finally:
        lock.unlink(missing_ok=True)


def read_directory(source: PathLike) -> dict[str, bytes]:
    """Every regular file under ``source`` (relative names with '/'), for rewriting with additions."""
    root = Path(source)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


# --- cell escaping (part of the audit protocol: docs/audit-protocol.md) ---------------------------------------

# a place a spreadsheet may start a cell: the start, or just after a ``,`` ``;`` tab or line break
_CELL_START = r"(?<![^,;\t\r\n])"
_FORMULA = re.compile(_CELL_START + r"(?=[=+\-@\t\r'])")  # there, what would run as a formula
_ESCAPE = re.compile(_CELL_START + "'")
_QUOTED = re.compile(r'[,;"\t\r\n]')


def spreadsheet_safe(cell: str) -> str:
    """Neutralise what a spreadsheet would run as a formula (OWASP rule), wherever a reader may start a cell:
    at the start, and after each ``,`` ``;`` tab or line break inside it (a ``;`` reader splits ``x;=A1``).
    There a ``= + - @``, tab or carriage return gets an apostrophe before it; an apostrophe is doubled, so
    :func:`from_spreadsheet_safe` restores every cell exactly. (Regular expressions: a loop over the
    characters took 6 s for the 2 million cells of a 100,000-person pool.)"""
    return _FORMULA.sub("'", cell)


def from_spreadsheet_safe(cell: str) -> str:
    """The inverse of :func:`spreadsheet_safe`: one apostrophe dropped at each place a cell may start."""
    return _ESCAPE.sub("", cell)


def _field(cell: object) -> str:
    text = spreadsheet_safe(cell) if isinstance(cell, str) else "" if cell is None else str(cell)
    if _QUOTED.search(text):  # quoted for ',' ';' and tab readers alike
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 CSV, comma-separated, LF line endings, every text cell made spreadsheet-safe; a cell holding a
    ``,`` ``;`` tab, quote or line break is quoted, so a reader splitting on any of them keeps it whole."""
    lines = [",".join(_field(str(h)) for h in header)]
    for row in rows:
        line = ",".join(_field(c) for c in row)
        lines.append('""' if line == "" and len(row) == 1 else line)
    return ("\n".join(lines) + "\n").encode("utf-8")
