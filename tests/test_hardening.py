"""Hostile inputs, spreadsheet formulas, interrupted runs, and byte-identical outputs across environments."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sortition_cli.main import app, main
from typer.testing import CliRunner

from sortition.errors import InputError
from sortition.load.instance import load_instance
from sortition.load.tables import read_table
from sortition.protocol.files import csv_bytes, from_spreadsheet_safe, spreadsheet_safe
from sortition.protocol.verify import verify
from tests.conftest import ROOT, SAMPLES

QUOTAS = "category,value,min,max\nsexe,F,0,2\nsexe,H,0,2\n"
FUZZ_CASES = 400  # per fuzz test; the number of cases tried is recorded here and in the closing note


def _load_or_input_error(pool: Path, quotas: Path) -> None:
    """The only acceptable outcomes: an instance, or an InputError whose every problem renders in both
    languages and names a file."""
    try:
        load_instance(pool, quotas, 2)
    except InputError as exc:
        for problem in exc.problems:
            assert problem.message("en") and problem.message("fr")
        assert any(p.file for p in exc.problems) or all(p.code.startswith(("k-", "category-")) for p in exc.problems)


@settings(max_examples=FUZZ_CASES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "pool.csv").write_bytes(data)
    (folder / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    _load_or_input_error(folder / "pool.csv", folder / "quotas.csv")


CELL = st.one_of(
    st.sampled_from(
        [
            "F",
            "H",
            "f",
            " F ",
            "",
            "=1+1",
            "+33 6",
            "-",
            "@SUM(A1)",
            '"quoted, cell"',
            "é\u0301",
            "\x00",
            "x" * 5000,
            "\t",
            "\r",
            ";",
            ",",
            "'",
        ]
    ),
    st.text(max_size=20),
)


@st.composite
def messy_csv(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.sampled_from([["id", "sexe"], ["id", "sexe", "nom"], ["ID", "Sexe"], ["id"], [], ["id", "id"]]))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=4), max_size=15))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=FUZZ_CASES, deadline=None, suppress_health_check=list(HealthCheck))
@given(messy_csv())
def test_messy_spreadsheet_exports_never_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "pool.csv").write_bytes(data)
    (folder / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    _load_or_input_error(folder / "pool.csv", folder / "quotas.csv")
    _load_or_input_error(folder / "quotas.csv", folder / "pool.csv")  # the mess as a quota file too


# the control characters an XLSX cell cannot hold (openpyxl refuses them): not an input a user can send
XLSX_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(-5, 5),
                st.floats(allow_nan=False, allow_infinity=False),
                st.booleans(),
                CELL.filter(lambda c: not XLSX_REFUSED.search(c) and len(c) < 300),
            ),
            max_size=4,
        ),
        max_size=8,
    )
)
def test_random_workbooks_never_crash(tmp_path_factory, rows):
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path_factory.mktemp("fuzz")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["id", "sexe"], *rows]:
        sheet.append(row)
    workbook.save(folder / "pool.xlsx")
    (folder / "quotas.csv").write_text(QUOTAS, encoding="utf-8")
    _load_or_input_error(folder / "pool.xlsx", folder / "quotas.csv")


def test_huge_cell_is_a_clear_error(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text('id,sexe\n1,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.problems[0].code == "file-unreadable" and info.value.problems[0].row == 2


def test_header_only_and_empty_files(tmp_path):
    (tmp_path / "q.csv").write_text(QUOTAS, encoding="utf-8")
    for content, code in [(b"id,sexe\n", "pool-empty"), (b"", "file-empty"), (b"\n\n", "file-empty")]:
        (tmp_path / "p.csv").write_bytes(content)
        with pytest.raises(InputError) as info:
            load_instance(tmp_path / "p.csv", tmp_path / "q.csv", 2)
        assert code in [p.code for p in info.value.problems]


@pytest.mark.slow
def test_a_million_rows_load(tmp_path):
    path = tmp_path / "pool.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("id,sexe\n")
        handle.writelines(f"p{i:07d},{'FH'[i % 2]}\n" for i in range(1_000_000))
    (tmp_path / "q.csv").write_text("category,value,min,max\nsexe,F,40,60\nsexe,H,40,60\n", encoding="utf-8")
    instance = load_instance(path, tmp_path / "q.csv", 100)
    assert len(instance.pool) == 1_000_000 and len(instance.grouping().groups) == 2


# --- spreadsheet formula injection (OWASP) -----------------------------------------------------------------


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-1", "@A1", "\tx", "\rx", "'quoted"])
def test_formula_cells_are_neutralised_and_restored(cell):
    safe = spreadsheet_safe(cell)
    assert safe.startswith("'") and from_spreadsheet_safe(safe) == cell
    assert csv_bytes(["h"], [[cell]]).decode().split("\n")[1].lstrip('"').startswith("'")


def _escaped_by_the_rule(cell: str) -> str:
    """docs/audit-protocol.md's rule in words, character by character (the oracle for the library's regex)."""
    out, at_start = [], True
    for ch in cell:
        if at_start and ch in "=+-@\t\r'":
            out.append("'")
        out.append(ch)
        at_start = ch in ",;\t\r\n"
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@'\t\r\n,;\"ax é")), max_size=12) | st.text(max_size=12))
def test_cell_escaping_follows_the_rule_in_words(cell):
    safe = spreadsheet_safe(cell)
    assert safe == _escaped_by_the_rule(cell)
    assert from_spreadsheet_safe(safe) == cell


def test_formula_values_survive_a_full_draw(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("id,sexe\n=cmd,F\n+33,H\n-x,F\n@y,H\nplain,F\n", encoding="utf-8")
    quotas = tmp_path / "quotas.csv"
    quotas.write_text("category,value,min,max\nsexe,F,1,2\nsexe,H,1,2\n", encoding="utf-8")
    out = tmp_path / "d"
    base = [sys.executable, "-m", "sortition"]
    subprocess.run(
        [*base, "rehearse", str(pool), str(quotas), "--k", "3", "--seed", "s", "--out", str(out), "--quiet"],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    for name in ("pool.csv", "panel.csv", "reserves.csv", "probabilities.csv"):
        for line in (out / name).read_text(encoding="utf-8").split("\n")[1:]:
            for cell in line.split(","):
                assert not cell.startswith(("=", "+", "-", "@")), (name, line)
    assert all(c.status != "fail" for c in verify(out))


# --- interrupted runs ----------------------------------------------------------------------------------------
# Every interruption lands at a known point of the write: os.fsync (called once per file written) or
# os.rename is patched to raise the signal there, so each test checks one side of the rename, every time.
# SIGINT and SIGTERM are raised in this process, around the real entry point (its handlers run at once);
# SIGKILL, which no handler sees, stops a child process that waits at the same point for it.

PREPARED = (
    "commitment.json",
    "lottery.json",
    "pool.csv",
    "probabilities.csv",
    "quotas.csv",
    "tickets.csv",
    "verify.html",
)
# The child: the command line with ``os.<name>`` halting at its n-th call, before or after the call itself;
# it writes "stopped" to an inherited pipe and sleeps until the parent's signal arrives.
_STOPPING_CLI = """
import os, sys, time
name, stop, when, pipe = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
real, calls = getattr(os, name), []
def halt():
    os.write(pipe, b"stopped")
    time.sleep(120)
def stopping(*args):
    calls.append(args)
    if len(calls) == stop and when == "before":
        halt()
    result = real(*args)
    if len(calls) == stop and when == "after":
        halt()
    return result
setattr(os, name, stopping)
sys.argv = ["sortition", *sys.argv[5:]]
from sortition_cli.main import main
main()
"""


def _kill_child_at(args: list[str], name: str, stop: int, when: str) -> int:
    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", _STOPPING_CLI, name, str(stop), when, str(write_end), *args],
        cwd=ROOT,
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 120)
        announced = os.read(read_end, 16) if ready else b""
        if announced != b"stopped":
            process.kill()
            _, stderr = process.communicate(timeout=60)
            raise AssertionError(f"the command never reached the stop: {stderr.decode(errors='replace')}")
        process.kill()
        process.communicate(timeout=60)
    finally:
        os.close(read_end)
    return process.returncode


def _signal_here_at(monkeypatch, args: list[str], name: str, stop: int, when: str, sig: int) -> int:
    real, calls = getattr(os, name), []

    def raise_signal() -> None:
        # without a handler, the default action would end the test run itself
        assert signal.getsignal(sig) not in (signal.SIG_DFL, signal.SIG_IGN), f"{sig.name} is not handled"
        signal.raise_signal(sig)  # the handler runs now, and raises

    def signalling(*call_args):
        calls.append(call_args)
        if len(calls) == stop and when == "before":
            raise_signal()
        result = real(*call_args)
        if len(calls) == stop and when == "after":
            raise_signal()
        return result

    monkeypatch.setattr(os, name, signalling)
    monkeypatch.setattr(sys, "argv", ["sortition", *args])
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as info:
            main()  # the real entry point, which installs the SIGTERM handler
    finally:
        signal.signal(signal.SIGTERM, previous)
        monkeypatch.undo()
    assert len(calls) >= stop, "the command never reached the stop"
    return int(info.value.code or 0)


def _interrupt(monkeypatch, args: list[str], name: str, stop: int, when: str, sig: int) -> int:
    """Run ``sortition *args --quiet`` and deliver ``sig`` at ``os.<name>``'s ``stop``-th call; the exit code."""
    if sig == signal.SIGKILL:
        return _kill_child_at([*args, "--quiet"], name, stop, when)
    return _signal_here_at(monkeypatch, [*args, "--quiet"], name, stop, when, sig)


def _prepare_args(out: Path) -> list[str]:
    small = SAMPLES / "example_small_20"
    files = [str(small / "pool.csv"), str(small / "quotas.csv")]
    return ["prepare", *files, "--k", "20", "--out", str(out), "--seed-source", "dice"]


def _finals(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=lambda s: s.name)
def test_prepare_signalled_while_writing_finishes_the_write_then_stops(tmp_path, monkeypatch, sig):
    """A polite signal during the write (Ctrl-C, a service stop) is held until both sides are in place: the
    run then stops with its signal's exit code, and what it wrote is whole and verifies; nothing is left."""
    out = tmp_path / "d"
    code = _interrupt(monkeypatch, _prepare_args(out), "fsync", 3, "before", sig)
    assert code == {signal.SIGINT: 130, signal.SIGTERM: 130}[sig]  # SIGTERM unwinds like Ctrl-C
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "d.private"]
    assert sorted(p.name for p in out.iterdir()) == list(PREPARED)
    assert all(c.status != "fail" for c in verify(out))


def test_prepare_killed_while_writing_publishes_nothing_and_the_next_run_cleans_up(tmp_path):
    """A kill (which no program can answer) inside the write of the private side: neither side is in place,
    only a hidden staging folder and the lock file, which the next run on that directory removes."""
    out = tmp_path / "d"
    code = _interrupt(None, _prepare_args(out), "fsync", 3, "before", signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert _finals(tmp_path) == []
    assert all(p.name.startswith(".d.") for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, [*_prepare_args(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "d.private"]
    assert sorted(p.name for p in out.iterdir()) == list(PREPARED)


@pytest.mark.parametrize(
    "sig", [signal.SIGINT, pytest.param(signal.SIGKILL, marks=pytest.mark.slow)], ids=lambda s: s.name
)
def test_prepare_interrupted_after_the_first_rename_leaves_a_complete_record(tmp_path, monkeypatch, sig):
    """After the private side is in place: a held signal lets the public one follow; a kill leaves the
    private side alone (never a public directory without it), and the next run replaces it."""
    out = tmp_path / "d"
    code = _interrupt(monkeypatch, _prepare_args(out), "rename", 1, "after", sig)
    assert code != 0
    if sig == signal.SIGKILL:
        assert _finals(tmp_path) == ["d.private"]
        return
    assert _finals(tmp_path) == ["d", "d.private"]
    assert sorted(p.name for p in out.iterdir()) == list(PREPARED)
    checks = verify(out)
    assert checks and all(c.status != "fail" for c in checks)


DICE = " ".join(str(1 + i % 6) for i in range(30))  # a result of the announced dice:30d6


def _prepared(tmp_path: Path) -> Path:
    small = SAMPLES / "example_small_20"
    out = tmp_path / "d"
    args = ["prepare", str(small / "pool.csv"), str(small / "quotas.csv"), "--k", "20", "--seed-source", "dice:30d6"]
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def _contents(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir()}


@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, pytest.param(signal.SIGKILL, marks=pytest.mark.slow)], ids=lambda s: s.name
)
def test_draw_interrupted_while_writing_keeps_the_prepared_record(tmp_path, monkeypatch, sig):
    out = _prepared(tmp_path)
    before = _contents(out)
    assert "audit.json" not in before
    code = _interrupt(monkeypatch, ["draw", str(out), "--seed", DICE], "fsync", 2, "before", sig)
    assert code != 0
    # the second fsync is in the private contact lists, written before the public files: nothing is drawn
    assert _contents(out) == before
    assert _finals(tmp_path) == ["d", "d.private"]
    assert not (tmp_path / "d.private" / "contacts.xlsx").exists()
    hidden = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    if sig == signal.SIGKILL:  # hidden staging and lock at most, removed by the next run
        assert all(name.startswith(".d.") for name in hidden)
    else:
        assert hidden == []


def test_a_failure_after_the_swap_puts_the_prepared_record_back(tmp_path, monkeypatch):
    """An error just after the drawn directory is swapped in (a crash in the cleanup) rolls the swap back:
    the prepared record stays as it was, no contact list is left, and the directory can still be drawn."""
    out = _prepared(tmp_path)
    before = _contents(out)
    real_rmtree, calls = shutil.rmtree, []

    def interrupted_cleanup(path, *args, **kwargs):
        # after the swap, the staging folder holds the previous directory: removing it is the cleanup
        if Path(path).name.startswith(".d.pid") and not calls:
            calls.append(path)
            raise KeyboardInterrupt
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", interrupted_cleanup)
    result = CliRunner().invoke(app, ["draw", str(out), "--seed", DICE, "--quiet"])
    monkeypatch.undo()
    assert result.exit_code != 0 and calls
    assert _contents(out) == before
    assert not (tmp_path / "d.private" / "contacts.xlsx").exists()
    assert _finals(tmp_path) == ["d", "d.private"]
    again = CliRunner().invoke(app, ["draw", str(out), "--seed", DICE, "--quiet"])
    assert again.exit_code == 0, again.output
    assert all(c.status != "fail" for c in verify(out))


# --- determinism sweep ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_rehearsal_is_byte_identical_across_environments(tmp_path):
    jury = SAMPLES / "jury30"
    outputs = []
    environments = [
        {"PYTHONHASHSEED": "0", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC"},
        {"PYTHONHASHSEED": "98765", "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "TZ": "Pacific/Auckland"},
    ]
    for i, extra in enumerate(environments):
        out = tmp_path / f"env{i}" / "draw"  # same names: the chain records the earlier draw's relative path
        env = {**os.environ, **extra}
        base = [sys.executable, "-m", "sortition"]
        subprocess.run(
            [
                *base,
                "prepare",
                str(jury / "pool.csv"),
                str(jury / "quotas.csv"),
                "--k",
                "30",
                "--households",
                "household",
                "--out",
                str(out),
                "--seed-source",
                "dice",
                "--quiet",
            ],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
        subprocess.run(
            [*base, "draw", str(out), "--seed", "2 4 6", "--quiet"], check=True, env=env, cwd=ROOT, capture_output=True
        )
        panel = (out / "panel.csv").read_text(encoding="utf-8").splitlines()[1:3]
        dropouts = tmp_path / f"dropouts{i}.csv"
        dropouts.write_text("id\n" + "".join(line.split(",")[0] + "\n" for line in panel), encoding="utf-8")
        replacement = out.parent / "draw-r1"
        for args in (
            ["replace", str(out), "--dropouts", str(dropouts), "--seed-source", "dice", "--out", str(replacement)],
            ["draw", str(replacement), "--seed", "1 3 5"],
            ["report", str(out), "--lang", "fr", "--legacy-runs", "10"],
            ["report", str(replacement), "--lang", "en", "--legacy-runs", "10"],
        ):
            subprocess.run([*base, *args, "--quiet"], check=True, env=env, cwd=ROOT, capture_output=True)
        outputs.append(
            {
                f"{d.name[len(out.name) :]}/{p.name}": p.read_bytes()
                for d in (out, replacement)
                for p in sorted(d.iterdir())
            }
        )
    assert {"/rapport.html", "-r1/report.html", "-r1/panel.csv", "-r1/audit.json"} <= outputs[0].keys()
    assert outputs[0].keys() == outputs[1].keys()
    differing = [k for k in outputs[0] if outputs[0][k] != outputs[1][k]]
    assert not differing, differing
    assert outputs[0] == outputs[1]
