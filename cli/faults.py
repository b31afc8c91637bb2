"""The one error path of the command line: every failure the commands did not render becomes a message.

Exit codes: 0 done, 1 a failed check (quotas that admit no panel, a failed verification, a solver failure),
2 bad input (files, options, folders, a full disk), 3 an internal error, i.e. a bug: the user gets a short
report file to send, holding no personal data (exception types, the toolkit's frames as file:line, versions,
the command's option names without their values), never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import os
import platform
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import sortition
from sortition import __version__
from sortition.errors import DrawError, InfeasibleError, InputError, SolverError
from sortition.text import printable

from .common import EXIT_BAD_INPUT, EXIT_INFEASIBLE, T, err_console, print_json, resolve_lang

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
_PACKAGES = ("numpy", "scipy", "pandas", "highspy", "pulp", "typer", "click", "rich", "matplotlib", "jinja2")
_OWN = (Path(__file__).resolve().parent, Path(str(sortition.__file__)).resolve().parent)


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` of the command line if it names a language, else the locale's."""
    for arg, after in zip(argv, [*argv[1:], ""], strict=True):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else after if arg == "--lang" else None
        if value in ("en", "fr"):
            return value
    return resolve_lang(None)


def option_names(argv: Sequence[str]) -> list[str]:
    """The command and its option names, never a value (a value may be a path, a seed or a name)."""
    names = [argv[0]] if argv and argv[0].isidentifier() else []
    return names + [arg.split("=", 1)[0] for arg in argv if arg.startswith("-")]


def _frames(exc: BaseException) -> list[str]:
    """``file:line in function`` of the toolkit's own frames (library and command line), outermost first."""
    lines: list[str] = []
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        for root in _OWN:
            if path.is_relative_to(root):
                lines.append(f"{root.name}/{path.relative_to(root).as_posix()}:{frame.lineno} in {frame.name}")
    return lines


def crash_report(exc: BaseException, argv: Sequence[str]) -> str:
    """The text of the report of an internal error: nothing from the user's files or arguments."""
    versions = []
    for name in _PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    lines = [
        "sortition internal error report (no messages, values or paths: nothing from your files)",
        f"sortition-toolkit {__version__}; Python {platform.python_version()}; {platform.platform(terse=True)}",
        "packages: " + ", ".join(versions),
        "command: sortition " + " ".join(option_names(argv)),
    ]
    for error in chain:
        lines.append(f"exception: {type(error).__module__}.{type(error).__qualname__}")
        lines += ["  " + frame for frame in _frames(error)]
    return "\n".join(lines) + "\n"


def _write_report(text: str) -> Path | None:
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"sortition-crash-{stamp}-{os.getpid()}.txt"
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError:
        return None
    return path


def _say(code: str, message: str, as_json: bool) -> None:
    if as_json:
        print_json({"error": code, "message": message})
    else:
        err_console.print(message, style="bold red", markup=False, highlight=False)


def _os_error(exc: OSError, lang: str) -> str:
    path = exc.filename if isinstance(exc.filename, str) else os.fsdecode(exc.filename) if exc.filename else "-"
    return T("fault.file", lang, path=printable(path, 400), reason=exc.strerror or type(exc).__name__)


def guarded(run: Callable[[], object], argv: Sequence[str]) -> int:
    """Run the command line; return its exit code, turning every escaped exception into a message."""
    lang, as_json = _language(argv), "--json" in argv
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _say("interrupted", T("fault.interrupted", lang), as_json)
        return EXIT_INTERRUPTED
    except InputError as exc:
        if as_json:
            print_json({"error": exc.code, "problems": [p.as_dict() for p in exc.problems]})
        else:
            _say(exc.code, exc.render(lang), False)
        return EXIT_BAD_INPUT
    except DrawError as exc:
        _say(exc.key, exc.message(lang), as_json)
        return EXIT_BAD_INPUT
    except (InfeasibleError, SolverError) as exc:
        _say(exc.code, printable(str(exc), 400), as_json)
        return EXIT_INFEASIBLE
    except OSError as exc:
        _say("os-error", _os_error(exc, lang), as_json)
        return EXIT_BAD_INPUT
    except MemoryError:
        _say("memory", T("fault.memory", lang), as_json)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: say so, and leave a report to send
        report = _write_report(crash_report(exc, argv))
        kind = type(exc).__name__
        if report is None:
            _say("internal", T("fault.internal-no-report", lang, kind=kind), as_json)
        else:
            _say("internal", T("fault.internal", lang, kind=kind, report=str(report)), as_json)
        return EXIT_INTERNAL
    return 0


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that a SIGTERM cleans up (staging, locks) like a Ctrl-C


def entry(app: Callable[..., object], argv: Sequence[str] | None = None) -> int:
    """Run ``app`` (the Typer application) on ``argv`` (default: the process's arguments) under :func:`guarded`;
    SIGTERM is handled like SIGINT meanwhile."""
    args = list(sys.argv[1:] if argv is None else argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return guarded(lambda: app(args=args, prog_name="sortition"), args)
    finally:
        signal.signal(signal.SIGTERM, previous)
