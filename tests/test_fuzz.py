"""Every command on hostile input: no traceback, no hang, no partial state, no private value in any output.

Each case runs a command (in this process through the same wrapper as the installed ``sortition``, or in a
subprocess for signals and concurrency) and is classified by :func:`tests.fuzz_helpers.classify`: ok, clean
refusal, traceback, hang, partial state, leak. Any of the last four fails the test; the counts per class are
printed at the end of the session (``pytest -s tests/test_fuzz.py``).

Profiles: the default one is bounded (Hypothesis examples kept small, under two minutes on a laptop). The
long one runs many more generated pools and quota files::

    SORTITION_FUZZ=long pytest -s tests/test_fuzz.py

Every example of issue 15 is a case below: numbers (``1e30``, ``1e9999``, ``99999999999999999999``,
``1e999999999`` as a bound and as a share, ``1_0``, ``nan``), options (``--tickets`` of 2^63 and more,
``--time-limit nan`` or negative, a binary ``--seed``, unknown algorithm or language), ``--out`` targets (an
existing file, a read-only folder, under a file, ``.``), a full disk during prepare, draw and report, broken
published files for verify, replace and report, concurrent prepares and draws, interrupted preparations
(SIGINT, SIGTERM, SIGKILL), a system without atomic exchange, ragged rows holding private cells, terminal
escapes, formula injection through ``;`` and line breaks, invisible characters, reserved category names.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sortition.protocol import files as files_module
from sortition.protocol.files import from_spreadsheet_safe, spreadsheet_safe, write_directory
from tests.fuzz_helpers import (
    BAD,
    COUNTS,
    DRAWN_FILES,
    MARKER,
    PUBLIC_FILES,
    ROOT,
    SMALL_QUOTAS,
    classify,
    pool_csv,
    run_cli,
    small_pool,
)

LONG = os.environ.get("SORTITION_FUZZ") == "long"
EXAMPLES = 200 if LONG else 12


@pytest.fixture(scope="module", autouse=True)
def _print_counts():
    yield
    print("\nfuzz outcomes per class:", dict(sorted(COUNTS.items())))


@pytest.fixture
def space(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "pool.csv").write_text(small_pool(), encoding="utf-8")
    (inputs / "quotas.csv").write_text(SMALL_QUOTAS, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def drawn_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("drawn")
    (base / "pool.csv").write_text(small_pool(), encoding="utf-8")
    (base / "quotas.csv").write_text(SMALL_QUOTAS, encoding="utf-8")
    run = run_cli(
        ["rehearse", base / "pool.csv", base / "quotas.csv", "--k", "4", "--seed", "s", "--out", base / "d", "--quiet"]
    )
    assert run.code == 0, run.text
    return base / "d"


@pytest.fixture
def drawn(space: Path, drawn_template: Path) -> Path:
    target = space / "drawn"
    shutil.copytree(drawn_template, target)
    return target


@pytest.fixture(scope="module")
def prepared_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("prepared")
    (base / "pool.csv").write_text(small_pool(), encoding="utf-8")
    (base / "quotas.csv").write_text(SMALL_QUOTAS, encoding="utf-8")
    args = ["prepare", base / "pool.csv", base / "quotas.csv", "--k", "4", "--seed-source", "a public result"]
    run = run_cli([*args, "--out", base / "d", "--quiet"])
    assert run.code == 0, run.text
    return base / "d"


@pytest.fixture
def prepared(space: Path, prepared_template: Path) -> Path:
    """A prepared directory not drawn yet (a commitment is drawn once)."""
    target = space / "prepared"
    shutil.copytree(prepared_template, target)
    return target


def _expect_clean(run, space: Path, out: Path | None = None, markers=(MARKER,)) -> str:
    kind = classify(run, space, out, markers)
    assert kind not in BAD, (kind, run.code, run.text[-2000:])
    return kind


def _prepare(space: Path, *extra: object, quotas: str | None = None, pool: str | None = None) -> list[object]:
    if quotas is not None:
        (space / "inputs" / "quotas.csv").write_text(quotas, encoding="utf-8")
    if pool is not None:
        (space / "inputs" / "pool.csv").write_text(pool, encoding="utf-8")
    inputs = space / "inputs"
    return ["prepare", inputs / "pool.csv", inputs / "quotas.csv", "--k", "4", "--quiet", *extra]


# --- numbers: refused with a message, at once ----------------------------------------------------------------

BAD_NUMBERS = ["1e30", "1e9999", "99999999999999999999", "1e999999999", "1_0", "nan", "inf", "-inf", "0x10"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
@pytest.mark.parametrize("command", ["check", "prepare"])
def test_quota_bounds_out_of_range_are_refused(space, number, command):
    quotas = f"category,value,min,max\nsexe,F,1,{number}\nsexe,H,1,3\n"
    args = _prepare(space, "--out", space / "out", quotas=quotas)
    if command == "check":
        args = ["check", *args[1:5]]
    run = run_cli(args, timeout=20)
    assert _expect_clean(run, space, space / "out") == "refused"
    assert run.code == 2 and number in run.text
    assert not (space / "out").exists()


@pytest.mark.parametrize("number", ["1e999999999", "1e30", "1_0", "nan", "1e-999999999"])
def test_shares_out_of_range_are_refused(space, number):
    quotas = f"category,value,share\nsexe,F,{number}\nsexe,H,0.5\n"
    run = run_cli(_prepare(space, "--out", space / "out", quotas=quotas), timeout=20)
    assert _expect_clean(run, space, space / "out") == "refused"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--tickets", str(2**63)),
        ("--tickets", str(2**64 + 1)),
        ("--tickets", "1000000001"),
        ("--time-limit", "nan"),
        ("--time-limit", "-1"),
        ("--time-limit", "inf"),
        ("--time-limit", "0"),
        ("--legacy-runs", str(2**63)),
        ("--algorithm", "nope"),
        ("--lang", "xx"),
        ("--date", "\x1b[2J" + "x"),
    ],
)
def test_prepare_options_beyond_limits_are_refused_before_work(space, option, value):
    run = run_cli(_prepare(space, "--out", space / "out", option, value), timeout=30)
    assert _expect_clean(run, space, space / "out") == "refused"
    assert run.code == 2
    assert "\x1b" not in run.text
    if option in ("--algorithm", "--lang"):
        assert option in run.text  # the option is named
    assert not (space / "out").exists()


def test_negative_time_limit_is_refused_by_the_library(tmp_path, reference_small):
    from sortition import workflows
    from sortition.errors import DrawError

    for bad in (-1.0, float("nan"), float("inf"), True):
        with pytest.raises(DrawError):
            workflows.prepare(reference_small, tmp_path / "x", time_limit=bad)  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("seed", ["\udcff\udcfe", "a" * 5000, "x\x00y", "\x1b]0;evil\x07"])
def test_bad_seeds_are_refused(space, drawn, seed):
    before = {p.name: p.read_bytes() for p in drawn.iterdir()}
    run = run_cli(["draw", drawn, "--seed", seed], timeout=20)
    assert _expect_clean(run, space, drawn) == "refused"
    assert {p.name: p.read_bytes() for p in drawn.iterdir()} == before
    assert "\x1b" not in run.text and "\x07" not in run.text


# --- output targets ---------------------------------------------------------------------------------------------


def test_out_onto_an_existing_file_or_under_a_file_or_dot(space, monkeypatch):
    (space / "afile").write_text("keep", encoding="utf-8")
    for out in (space / "afile", space / "afile" / "sub"):
        for force in ((), ("--force",)):
            run = run_cli(_prepare(space, "--out", out, *force))
            assert _expect_clean(run, space) == "refused"
            assert (space / "afile").read_text(encoding="utf-8") == "keep"
    monkeypatch.chdir(space)
    for out in (".", "..", str(space)):
        run = run_cli(_prepare(space, "--out", out, "--force"))
        assert _expect_clean(run, space) == "refused"
    assert (space / "inputs" / "pool.csv").exists()


def test_read_only_folder_is_reported_cleanly(space, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files_module.tempfile, "mkdtemp", refuse)  # as root, chmod cannot make a folder read-only
    run = run_cli(_prepare(space, "--out", space / "out"))
    assert _expect_clean(run, space, space / "out") == "refused"
    assert "Permission denied" in run.text and not (space / "out").exists()


@pytest.mark.parametrize("command", ["prepare", "draw", "report"])
def test_full_disk_leaves_nothing_half_written(space, drawn, prepared, monkeypatch, command):
    pytest.importorskip("matplotlib") if command == "report" else None
    if command == "draw":
        drawn = prepared  # a commitment is drawn once: the draw that meets the full disk is the first
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    before = {p.name: p.read_bytes() for p in drawn.iterdir()}
    monkeypatch.setattr(files_module.os, "fsync", full)
    out = space / "out"
    args = {
        "prepare": _prepare(space, "--out", out),
        "draw": ["draw", drawn, "--seed", "other", "--quiet"],
        "report": ["report", drawn, "--out", out / "r.html", "--legacy-runs", "0", "--quiet"],
    }[command]
    run = run_cli(args)
    assert _expect_clean(run, space, out if command == "prepare" else drawn) == "refused"
    assert "No space left on device" in run.text
    assert not out.exists() or not any(out.iterdir())
    assert {p.name: p.read_bytes() for p in drawn.iterdir()} == before
    assert not [p.name for p in space.iterdir() if p.name.startswith(".")]


# --- broken published files ---------------------------------------------------------------------------------------


def _break(folder: Path, name: str, content: object) -> None:
    (folder / name).write_text(json.dumps(content), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("commitment.json", {"format": "sortition-commitment/1", "parameters": 5, "files": "x"}),
        ("commitment.json", {"format": "sortition-commitment/1", "files": {"pool.csv": 7}}),
        ("commitment.json", []),
        ("lottery.json", {"tickets": "many", "panels": 3}),
        ("lottery.json", [1, 2]),
        ("audit.json", [1, 2, 3]),
        ("audit.json", {"ticket": "x", "panel": None}),
    ],
)
@pytest.mark.parametrize("command", ["verify", "replace", "report", "draw"])
def test_broken_published_files_are_refused_or_fail(space, drawn, name, content, command):
    if command == "report":
        pytest.importorskip("matplotlib")
    _break(drawn, name, content)
    (space / "drops.csv").write_text("id\np01\n", encoding="utf-8")
    args = {
        "verify": ["verify", drawn],
        "replace": ["replace", drawn, "--dropouts", space / "drops.csv", "--out", space / "r", "--quiet"],
        "report": ["report", drawn, "--out", space / "r.html", "--legacy-runs", "0", "--quiet"],
        "draw": ["draw", drawn, "--seed", "x", "--quiet"],
    }[command]
    run = run_cli(args, timeout=60)
    assert _expect_clean(run, space, space / "r") in ("refused", "ok")
    if command == "verify":
        assert run.code in (1, 2)


def test_replace_without_a_commitment(space, drawn):
    (drawn / "commitment.json").unlink()
    (space / "drops.csv").write_text("id\np01\n", encoding="utf-8")
    run = run_cli(["replace", drawn, "--dropouts", space / "drops.csv", "--out", space / "r"])
    assert _expect_clean(run, space, space / "r") == "refused"


# --- concurrency ------------------------------------------------------------------------------------------------


def test_two_prepares_into_one_out_at_once(space):
    inputs = space / "inputs"
    args = ["prepare", inputs / "pool.csv", inputs / "quotas.csv", "--k", "4", "--out", space / "out", "--quiet"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sortition", *map(str, args)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    for out, err in results:
        assert "Traceback" not in out + err
    assert codes == [0, 2], (codes, results)
    assert {p.name for p in (space / "out").iterdir()} == PUBLIC_FILES
    assert not [p.name for p in space.iterdir() if p.name.startswith(".")]


def test_two_draws_of_one_directory_at_once_never_lose_a_result(space, prepared):
    drawn = prepared
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sortition", "draw", str(drawn), "--seed", seed, "--json"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in ("one", "two")
    ]
    results = [p.communicate(timeout=120) for p in procs]
    for out, err in results:
        assert "Traceback" not in out + err
    succeeded = [seed for seed, p in zip(("one", "two"), procs, strict=True) if p.returncode == 0]
    refused = [p for p in procs if p.returncode != 0]
    assert succeeded and all(p.returncode == 2 for p in refused), results
    audit = json.loads((drawn / "audit.json").read_text(encoding="utf-8"))
    if len(succeeded) == 1:  # the other was refused while the first held the directory: its result stands
        assert audit["seed"]["text"] == succeeded[0]
    else:  # one after the other: the record is one of the announced results
        assert audit["seed"]["text"] in succeeded


def test_a_held_lock_refuses_a_second_writer(space):
    from sortition.errors import DrawError
    from sortition.protocol.files import directory_lock

    with directory_lock(space / "d"):
        with pytest.raises(DrawError) as info, directory_lock(space / "d"):
            pass
        assert info.value.key == "files.busy"
    with directory_lock(space / "d"):  # released: free again, and the lock file is gone after
        pass
    assert not [p.name for p in space.iterdir() if p.name.startswith(".")]


# --- interruptions ---------------------------------------------------------------------------------------------


@pytest.mark.slow  # a real child process killed mid-write, three times (about 11 s each): run in CI
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_pseudonymised_prepare_never_publishes_alone(tmp_path, sig):
    pool = ROOT / "sample_pools" / "convention150"
    out = tmp_path / "d"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sortition",
            "prepare",
            str(pool / "pool.csv"),
            str(pool / "quotas.csv"),
            "--k",
            "150",
            "--out",
            str(out),
            "--pseudonymise",
            "--quiet",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.startswith(".d") and p.name.endswith(".tmp") for p in tmp_path.iterdir()):
            break  # staging has begun: interrupt in the middle of writing
        time.sleep(0.002)
    process.send_signal(sig)
    out_text, err_text = process.communicate(timeout=120)
    assert "Traceback" not in out_text + err_text
    private = tmp_path / "d.private"
    assert out.exists() <= private.exists()  # never a public directory whose pseudonyms cannot be linked back
    if out.exists():
        assert {p.name for p in out.iterdir()} == PUBLIC_FILES
    if sig != signal.SIGKILL:
        assert out.exists() == private.exists()
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def _interrupt_second_rename(monkeypatch):
    real_rename = os.rename
    calls = []

    def rename(a, b):
        calls.append((a, b))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_rename(a, b)

    monkeypatch.setattr(files_module, "_exchange", lambda a, b: False)
    monkeypatch.setattr(files_module.os, "rename", rename)
    return calls


def test_without_atomic_exchange_an_interrupted_replacement_keeps_the_old_directory(tmp_path, monkeypatch):
    target = tmp_path / "d"
    write_directory(target, {"a.txt": b"old", "audit.json": b"1"})
    calls = _interrupt_second_rename(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_directory(target, {"a.txt": b"new", "audit.json": b"2", "panel.csv": b"x"}, replace=True)
    assert len(calls) >= 2
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"a.txt": b"old", "audit.json": b"1"}
    assert [p.name for p in tmp_path.iterdir()] == ["d"]


def test_without_atomic_exchange_a_killed_replacement_is_repaired_by_the_next_writer(tmp_path, monkeypatch):
    target = tmp_path / "d"
    write_directory(target, {"a.txt": b"old"})
    monkeypatch.setattr(files_module, "_exchange", lambda a, b: False)
    os.rename(target, tmp_path / ".d.previous")  # as a kill between the two renames leaves it
    (tmp_path / ".d.pid999999999.x.tmp").mkdir()  # and a dead process's staging
    from sortition.protocol.files import directory_lock

    with directory_lock(target):
        assert (target / "a.txt").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["d"]
    write_directory(target, {"a.txt": b"new"}, replace=True)
    assert (target / "a.txt").read_bytes() == b"new"


def test_write_directories_is_all_or_nothing(tmp_path, monkeypatch):
    real = files_module._swap_in
    seen = []

    def second_fails(staging, final):
        seen.append(final)
        if len(seen) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(staging, final)

    monkeypatch.setattr(files_module, "_swap_in", second_fails)
    from sortition.errors import DrawError

    with pytest.raises(DrawError):
        files_module.write_directories({tmp_path / "a.private": {"x": b"1"}, tmp_path / "a": {"y": b"2"}})
    assert list(tmp_path.iterdir()) == []


# --- leaks and hostile cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("as_json", [False, True])
def test_ragged_row_never_echoes_its_cells(space, lang, as_json):
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", "jeune", f"{MARKER}{i}") for i in range(12)]
    text = pool_csv(rows) + f"p99,F,jeune,{MARKER}x,{MARKER}extra\n"
    args = _prepare(space, "--out", space / "out", "--lang", lang, *(["--json"] if as_json else []), pool=text)
    run = run_cli(args)
    assert _expect_clean(run, space, space / "out") == "refused"
    if not as_json:
        assert ("cellules" in run.text) == (lang == "fr")


def test_terminal_escapes_never_reach_the_console(space):
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", "jeune", "x") for i in range(12)]
    rows.append(("p99", "F\x1b[31m", "jeune\x1b]0;title\x07", "x"))
    run = run_cli(_prepare(space, "--out", space / "out", pool=pool_csv(rows)))
    assert _expect_clean(run, space, space / "out") == "refused"
    assert "\x1b" not in run.text and "\x07" not in run.text
    assert "\\x1b" in run.text


def test_a_huge_cell_is_shortened_in_messages(space):
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", "jeune", "x") for i in range(12)]
    rows.append(("p99", "F" * 1_000_000, "jeune", "x"))
    for extra in ((), ("--json",)):
        run = run_cli(_prepare(space, "--out", space / "out", *extra, pool=pool_csv(rows)))
        assert _expect_clean(run, space, space / "out") == "refused"
        assert len(run.text) < 3000


@pytest.mark.parametrize("cell", ['x;=HYPERLINK("http://e")', "x\n=1+1", "a,@SUM(A1)", "x\t+1", "x;'y", "'"])
def test_formula_injection_is_neutralised_for_comma_and_semicolon_readers(cell):
    from sortition.protocol.files import csv_bytes

    assert from_spreadsheet_safe(spreadsheet_safe(cell)) == cell
    data = csv_bytes(["v"], [[cell]]).decode("utf-8")
    body = data.split("\n", 1)[1]
    if any(ch in cell for ch in ",;\t\n"):
        assert body.startswith('"')  # quoted: a ',' or ';' reader keeps the cell whole
    for piece in body.replace("\n", ";").replace(",", ";").replace("\t", ";").split(";"):
        assert not piece.strip('"').startswith(("=", "+", "@")), (cell, data)


def test_injected_values_survive_a_full_draw_and_round_trip(space):
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", ("x;=HYPERLINK(1)", "jeune")[i % 2], "n") for i in range(12)]
    quotas = "category,value,min,max\nsexe,F,1,3\nsexe,H,1,3\nage,x;=HYPERLINK(1),0,4\nage,jeune,0,4\n"
    (space / "inputs" / "pool.csv").write_text(pool_csv(rows), encoding="utf-8")
    (space / "inputs" / "quotas.csv").write_text(quotas, encoding="utf-8")
    inputs = space / "inputs"
    run = run_cli(
        ["rehearse", inputs / "pool.csv", inputs / "quotas.csv", "--k", "4", "--seed", "a", "--out", space / "d"]
    )
    assert _expect_clean(run, space, space / "d", markers=()) == "ok"
    verify = run_cli(["verify", space / "d"])
    assert verify.code == 0, verify.text


@pytest.mark.parametrize(
    ("header", "category"),
    [("id,sexe;x,nom", "sexe;x"), ("id,sexe,nom", None), ("id,household,nom", "household")],
)
def test_category_names_that_cannot_round_trip_are_refused_or_round_trip(space, header, category):
    name = category or "sexe"
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", f"{MARKER}{i}") for i in range(12)]
    quotas = f'category,value,min,max\n"{name}",F,1,3\n"{name}",H,1,3\n'
    (space / "inputs" / "pool.csv").write_text(
        pool_csv(rows, header=[c.strip('"') for c in _split_header(header)]), encoding="utf-8"
    )
    (space / "inputs" / "quotas.csv").write_text(quotas, encoding="utf-8")
    inputs = space / "inputs"
    run = run_cli(
        ["rehearse", inputs / "pool.csv", inputs / "quotas.csv", "--k", "4", "--seed", "a", "--out", space / "d"]
    )
    kind = _expect_clean(run, space, space / "d")
    if name == "household":
        assert kind == "refused" and "household" in run.text
    else:
        assert kind == "ok"
        assert run_cli(["verify", space / "d"]).code == 0


def _split_header(header: str) -> list[str]:
    return ["id", header.split(",")[1], "nom"]


def test_category_named_like_the_id_column_is_refused(space):
    rows = [(f"p{i:02d}", f"p{i:02d}", "F", "x") for i in range(12)]
    pool = pool_csv(rows, header=("num", "id", "sexe", "nom"))
    quotas = "category,value,min,max\nnum,p01,0,1\n"
    run = run_cli(_prepare(space, "--out", space / "out", "--id-column", "num", quotas=quotas, pool=pool))
    assert _expect_clean(run, space, space / "out") == "refused"
    assert "num" in run.text


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u200e"])
def test_ids_differing_by_an_invisible_character_are_named(space, invisible):
    rows = [(f"p{i:02d}", "F" if i % 2 else "H", "jeune", "x") for i in range(12)]
    rows.append((f"p0{invisible}1", "F", "jeune", "x"))
    run = run_cli(_prepare(space, "--out", space / "out", pool=pool_csv(rows)))
    assert _expect_clean(run, space, space / "out") == "refused"
    assert f"U+{ord(invisible):04X}" in run.text and "row 14" in run.text


def test_french_messages_for_faults(space):
    (space / "afile").write_text("x", encoding="utf-8")
    run = run_cli(_prepare(space, "--out", space / "afile" / "sub", "--force", "--lang", "fr"))
    assert _expect_clean(run, space) == "refused"
    assert "dossier" in run.text or "impossible" in run.text, run.text


def test_internal_error_writes_a_report_without_personal_data(space, monkeypatch, tmp_path):
    from sortition import workflows

    def bug(*args, **kwargs):
        raise ZeroDivisionError(f"secret {MARKER}")

    monkeypatch.setattr(workflows, "solve_feasible", bug)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "reports"))
    (tmp_path / "reports").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    run = run_cli(_prepare(space, "--out", space / "out", "--seed-source", "dice"))
    assert run.code == 3 and "Traceback" not in run.text and MARKER not in run.text
    assert "ZeroDivisionError" in run.text
    (report,) = (tmp_path / "reports").iterdir()
    text = report.read_text(encoding="utf-8")
    assert MARKER not in text and "dice" not in text and str(space) not in text
    assert "--seed-source" in text and "ZeroDivisionError" in text and "workflows.py:" in text
    assert not (space / "out").exists()


# --- generated pools and quota files ----------------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(["F", "H", "", " ", "=1+1", "x;=A1", "1e999999999", "\u200b", "\x1b[1m", "1_0", "\ud800"]),
    st.text(max_size=8),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.lists(CELLS, min_size=2, max_size=5), min_size=0, max_size=8),
    quota_rows=st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), min_size=0, max_size=5),
    k=st.sampled_from(["1", "2", "0", "-1", str(2**63)]),
)
# a stray quote opens a cell that swallows the next rows, private column included: the message about the
# cell's line break quoted it whole (a leak Hypothesis found)
@example(rows=[["F", "F"], ['"', "F"], ["F", "F", "F"]], quota_rows=[], k="1")
def test_generated_pools_and_quotas(tmp_path_factory, rows, quota_rows, k):
    space = tmp_path_factory.mktemp("gen")
    inputs = space / "inputs"
    inputs.mkdir()
    # the cells after the first two (the private column, and a ragged row's extras) all hold the marker
    rows = [r[:2] + [MARKER + c for c in r[2:]] for r in rows]
    lines = ["id,sexe,nom"] + [",".join(c.replace(",", " ").replace("\n", " ") for c in r) for r in rows]
    (inputs / "pool.csv").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    quota_lines = ["category,value,min,max"] + [",".join(c.replace(",", " ") for c in q) for q in quota_rows]
    (inputs / "quotas.csv").write_text("\n".join(quota_lines) + "\n", encoding="utf-8", errors="surrogatepass")
    for command in ("check", "prepare"):
        args = [command, inputs / "pool.csv", inputs / "quotas.csv", "--k", k]
        if command == "prepare":
            args += ["--out", space / "out", "--quiet", "--time-limit", "20"]
        run = run_cli(args, timeout=60)
        _expect_clean(run, space, space / "out")


def test_a_stray_quote_never_shows_the_columns_it_swallowed(tmp_path):
    """The quote opens the 'sexe' cell of row 3: the cell runs on through that row's name and the next row."""
    (tmp_path / "pool.csv").write_text('id,sexe,nom\np1,F,Dupont\np2,"H,Martin\np3,F,Lefebvre\n', encoding="utf-8")
    (tmp_path / "quotas.csv").write_text("category,value,min,max\nsexe,F,1,2\n", encoding="utf-8")
    run = run_cli(["--lang", "fr", "check", tmp_path / "pool.csv", tmp_path / "quotas.csv", "--k", "1"], timeout=60)
    assert run.code == 2 and "colonne « sexe »" in run.text
    assert not {"Martin", "Lefebvre", "p3"} & set(re.findall(r"\w+", run.text))


def test_every_drawn_file_is_complete(drawn):
    assert {p.name for p in drawn.iterdir()} == DRAWN_FILES


@pytest.mark.parametrize(
    "extra",
    [
        ["--invitations", "1:99999999999"],
        ["--invitations", "1:99999999999:1", "--trials", "2"],
        ["--invitations", ",".join(str(i) for i in range(1, 3000))],
        ["--invitations", "500", "--trials", str(2**63)],
    ],
)
def test_plan_with_huge_ranges_is_refused_at_once(tmp_path, extra):
    run = run_cli(["plan", "--scenario", "jury30", *extra, "--quiet"], timeout=30)
    assert _expect_clean(run, tmp_path) == "refused"


def test_the_consoles_never_print_control_characters():
    import io

    from sortition_cli.console import SafeConsole

    buffer = io.StringIO()
    SafeConsole(file=buffer, highlight=False, force_terminal=False).print("a\x1b[31mb\u202e\x07\nc\td", markup=False)
    text = buffer.getvalue()
    assert text.startswith("a\\x1b[31mb\\u202e\\x07\nc") and text.endswith("d\n")
    assert not any(ch in text for ch in "\x1b\x07\u202e")
