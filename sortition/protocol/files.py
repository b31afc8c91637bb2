"""Writing outputs atomically, and the cell escaping of every published CSV.

Writing goes to a temporary file in the same directory followed by :func:`os.replace`, so a reader sees the
old file or the new one, never half of one; a directory is staged beside its target and renamed into place.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Refuses to replace an existing file unless ``overwrite``: a published output is a record.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> None:
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


def write_directory(
    target: str | os.PathLike[str], files: dict[str, bytes], *, replace: bool = False, mode: int = 0o755
) -> None:
    """Create directory ``target`` holding exactly ``files``, all at once.

    The files are written to a temporary sibling directory which is then renamed into place, so an
    interruption leaves either no directory (or the previous one) or the complete new one. An existing
    ``target`` is only replaced when ``replace`` is true (atomically where the system can swap two
    directories; otherwise the old one is moved aside first). ``mode`` is the directory's permissions (0o700
    for a private folder); its files get the same without execution bits.
    """
    final = Path(target)
    if final.exists() and not replace:
        raise FileExistsError(str(final))
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="." + final.name + ".", suffix=".tmp", dir=final.parent))
    try:
        os.chmod(staging, mode)
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode & 0o666), "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if not final.exists():
            os.rename(staging, final)
            return
        if _exchange(staging, final):
            shutil.rmtree(staging)  # staging now holds the previous directory
            return
        aside = final.with_name("." + final.name + ".previous")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(final, aside)
        os.rename(staging, final)
        shutil.rmtree(aside)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_directory(source: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every regular file under ``source`` (relative names with '/'), for rewriting with additions."""
    root = Path(source)
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_safe(cell: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (OWASP rule): a leading ``= + - @``, tab or
    carriage return gets a leading apostrophe. A leading apostrophe is doubled too, so that
    :func:`from_spreadsheet_safe` restores every cell exactly."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def from_spreadsheet_safe(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 CSV, comma-separated, LF line endings, every text cell made spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(str(h)) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue().encode("utf-8")
