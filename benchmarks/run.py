"""Benchmark our algorithms against published figures and, in the same run, the peer library.

    .venv/bin/python benchmarks/run.py                    # everything (about 6 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick            # small pools only (about 2 minutes)
    .venv/bin/python benchmarks/run.py --only cca_like peer500 --no-peer --out results.json

Every timed run of ours is a fresh subprocess (``benchmarks/_worker.py`` under ``sys.executable``): the wall
clock includes Python start-up, imports and loading the CSV files, and nothing is cached between runs. The
CPU seconds and peak RSS are the subprocess's own (``os.wait4``). When ``python -m sortition prepare`` exists,
the whole command is timed too (column ``cmd s``); the targets of the issue are for that command, so the
PASS/MISS mark uses it, or the library subprocess when the command is not there yet.

The peer library ``sortition-algorithms`` (GPL-3.0) runs in its own virtual environment (``--peer-python``)
through ``../shared/peer/run_peer.py``, each run under ``timeout``; nothing of it is imported here.

Output: one table on stdout (Markdown pipe syntax, aligned), progress on stderr, and with ``--out`` a JSON
file with every measurement and the machine description.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fairness import render_tickets, ticket_figures

from sortition.stats import wilson

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
WORKER = BENCH / "_worker.py"
SHARED = REPO.parent / "shared"
PUBLISHED_CSV = SHARED / "data" / "published" / "nature2021_headline_metrics.csv"


@dataclass(frozen=True)
class PoolSpec:
    name: str
    source: str  # "sample" (sample_pools/), "pools" (benchmarks/pools.py), "peer" (peer's gen_pool.py)
    quick: bool = False
    published_key: str | None = None  # row of nature2021_headline_metrics.csv
    reference: str = ""  # reference figure when not published
    target_seconds: float | None = None
    target_rss_mb: float | None = None
    target_same_min_as_peer: bool = False
    peer: tuple[str, ...] = ()  # peer algorithms to run here
    peer_skip: str = ""  # why the peer does not run (or some of its algorithms)


POOLS: tuple[PoolSpec, ...] = (
    PoolSpec("example_small_20", "sample", quick=True, published_key="example_small_20", peer=("maximin", "leximin")),
    PoolSpec(
        "peer500",
        "peer",
        quick=True,
        reference="peer README: maximin 7.2 s (CBC), LEXIMIN 121.9 s (Gurobi), min 0.0653",
        target_seconds=1.5,
        target_same_min_as_peer=True,
        peer=("maximin", "leximin", "legacy"),
    ),
    PoolSpec(
        "cca_like",
        "pools",
        quick=True,
        published_key="cca_75",
        target_seconds=2.0,
        peer=("maximin",),
        peer_skip="peer leximin not run: with the size-limited gurobipy licence it stops with 'Model too "
        "large for size-limited license' (GurobiError, after 33 s in a trial); use --peer-all",
    ),
    PoolSpec(
        "example_large_200",
        "sample",
        quick=True,
        published_key="example_large_200",
        target_seconds=3.0,
        peer_skip="peer not run: in a trial (CBC) maximin and leximin had not finished after 200 s "
        "(leximin still in its first phase, 2096/6000 rounds); use --peer-all",
    ),
    PoolSpec(
        "sf_e_like",
        "pools",
        published_key="sf_e_110",
        target_seconds=10.0,
        peer_skip="peer not run: n=1727 with 7 categories, larger than pools where it did not finish "
        "(example_large_200 > 200 s, six2000 > 600 s)",
    ),
    PoolSpec(
        "six2000",
        "pools",
        reference="peer README: maximin, leximin, nash not finished in 600 s",
        target_seconds=10.0,
        peer_skip="peer not run: its README reports no result in 600 s on this shape",
    ),
    PoolSpec(
        "national5000",
        "pools",
        target_seconds=30.0,
        peer_skip="peer not run: larger than six2000, where it did not finish in 600 s",
    ),
    PoolSpec(
        "national50000",
        "pools",
        target_seconds=300.0,
        target_rss_mb=4096.0,
        peer_skip="peer not run: larger than six2000, where it did not finish in 600 s",
    ),
)
POOL_BY_NAME = {p.name: p for p in POOLS}
CHECK_POOL = "national50000"  # the foundation issue's feasibility benchmark
# The previous release, timed beside ours in the same run: 0.1.0's last commit (the next one made the
# version 0.2.0). Its sources come from git (``git archive``) and run on this environment's packages.
PREVIOUS_RELEASE = ("0.1.0", "0040abe")
PREVIOUS_MAX_N = 10_000  # above this the previous release is timed only with --previous-large (229 s at 50,000)
CHECK_TARGET_SECONDS = 5.0


# ------------------------------------------------------------------------------------------------ running


@dataclass
class Measured:
    """One subprocess: wall clock, CPU (user + system, descendants included), peak RSS."""

    cmd: list[str]
    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    killed: bool
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)


def measure(cmd: list[str], timeout: float, cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``cmd`` in its own session, killing the whole process group after ``timeout`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(ProcessLookupError):  # leftovers of the group, if any
            os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        return Measured(
            cmd,
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            proc.returncode,
            fired.is_set(),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def last_json(text: str) -> dict[str, Any] | None:
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                return json.loads(line)
    return None


def tail(text: str, n: int = 1, width: int = 160) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-n:])[-width:]


class Log:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.start:7.1f}s] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ pools


@dataclass(frozen=True)
class PoolFiles:
    spec: PoolSpec
    pool: Path
    quotas: Path
    n: int
    k: int


def count_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def prepare_pools(specs: list[PoolSpec], folder: Path, peer_dir: Path, log: Log) -> dict[str, PoolFiles]:
    folder.mkdir(parents=True, exist_ok=True)
    missing = [s.name for s in specs if s.source == "pools" and not (folder / s.name / "meta.json").exists()]
    if missing:
        log(f"building pools {', '.join(missing)} into {folder}")
        subprocess.run(
            [sys.executable, str(BENCH / "pools.py"), "--out", str(folder), *missing], check=True, stdout=sys.stderr
        )
    files: dict[str, PoolFiles] = {}
    for spec in specs:
        if spec.source == "sample":
            base = REPO / "sample_pools" / spec.name
            pool, k = base / "pool.csv", int(json.loads((base / "meta.json").read_text())["k"])
        elif spec.source == "pools":
            base = folder / spec.name
            pool, k = base / "pool.csv", int(json.loads((base / "meta.json").read_text())["k"])
        else:  # the peer's own 500-person pool, made by the peer's script
            base, k = folder / spec.name, 40
            pool = base / "people.csv"
            if not pool.exists():
                log(f"building {spec.name} with the peer's gen_pool.py")
                subprocess.run(
                    [
                        sys.executable,
                        str(peer_dir / "gen_pool.py"),
                        "--n",
                        "500",
                        "--categories",
                        "4",
                        "--k",
                        "40",
                        "--seed",
                        "1",
                        "--out",
                        str(base),
                    ],
                    check=True,
                    stdout=sys.stderr,
                )
        files[spec.name] = PoolFiles(spec, pool, base / "quotas.csv", count_rows(pool), k)
    return files


def published_figures() -> dict[str, dict[str, str]]:
    if not PUBLISHED_CSV.exists():
        return {}
    with PUBLISHED_CSV.open(newline="") as f:
        return {row["instance"]: row for row in csv.DictReader(f)}


# ------------------------------------------------------------------------------------------------ results


@dataclass
class Result:
    pool: str
    n: int
    k: int
    algorithm: str
    tool: str  # "ours" | "peer"
    status: str  # "ok" | "timeout" | "failed" | "skipped"
    wall: float | None = None
    cpu: float | None = None
    rss_mb: float | None = None
    cmd_wall: float | None = None
    cmd_cpu: float | None = None
    cmd_rss_mb: float | None = None
    cmd_status: str = "n/a"
    previous_wall: float | None = None  # the previous release's prepare command, same pool, same run
    previous_cpu: float | None = None
    previous_status: str = "n/a"
    min_probability: float | None = None
    min_upper: float | None = None  # legacy: upper end of the 99% Wilson interval of the least-selected
    certificate: str = ""
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    cmd_raw: dict[str, Any] = field(default_factory=dict)


def run_ours(files: PoolFiles, algorithm: str, args: argparse.Namespace, tmp: Path, log: Log) -> Result:
    spec = files.spec
    cmd = [sys.executable, str(WORKER), "solve", str(files.pool), str(files.quotas), str(files.k), algorithm]
    runs = args.legacy_runs_large if files.n > 10_000 else args.legacy_runs
    if algorithm == "legacy":
        cmd += ["--runs", str(runs), "--seed", "0"]
    elif algorithm != "leximin" and args.time_limit > 0:
        cmd += ["--time-limit", str(args.time_limit)]
    m = measure(cmd, args.our_timeout, tmp)
    res = Result(spec.name, files.n, files.k, algorithm, "ours", "ok", m.wall, m.cpu, m.rss_mb)
    out = last_json(m.stdout)
    if m.killed:
        res.status = "timeout"
        res.notes.append(f"not finished in {args.our_timeout:g} s (killed)")
    elif m.returncode != 0 or out is None:
        res.status = "failed"
        res.notes.append(f"exit {m.returncode}: {tail(m.stderr)}")
    else:
        res.raw = out
        res.min_probability = out["min_probability"]
        if algorithm == "legacy":
            res.min_upper = out["min_upper"]
            res.certificate = f"sampling, {out['runs']} runs"
            if out["failures"]:
                res.notes.append(f"{out['failures']} runs found no panel")
        else:
            res.certificate = f"{out['method']}, gap {out['gap']:.1e}" + ("" if out["optimal"] else ", not optimal")
            res.notes.extend(out["notes"])
            if algorithm != "leximin" and args.time_limit > 0 and not out["optimal"]:
                res.notes.append(f"(time limit {args.time_limit:g} s)")
    log(f"{spec.name:18} {algorithm:8} ours  {res.status:8} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU")
    return res


def prepare_available(tmp: Path) -> bool:
    m = measure([sys.executable, "-m", "sortition", "prepare", "--help"], 60, tmp)
    return m.returncode == 0


def prepare_command(files: PoolFiles, out_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sortition",
        "prepare",
        str(files.pool),
        str(files.quotas),
        "--k",
        str(files.k),
        "--algorithm",
        "leximin",
        "--out",
        str(out_dir),
    ]


def extract_previous(revision: str, tmp: Path, log: Log) -> Path | None:
    """The previous release's ``sortition`` and ``cli`` packages from git, importable from the folder returned
    (``cli`` is installed as ``sortition_cli``); None when this is not a git checkout holding ``revision``."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", revision, "sortition", "cli"],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"previous release {revision} not available from git ({exc}): its column stays empty")
        return None
    folder = tmp / "previous-release"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4: refuse links and paths out of the folder
            tar.extractall(folder, filter="data")
        else:
            tar.extractall(folder)  # our own repository's archive
    (folder / "sortition_cli").symlink_to("cli", target_is_directory=True)
    return folder


def previous_label(args: argparse.Namespace) -> str:
    """The previous release's name: its version for the default revision, else the revision given."""
    return str(PREVIOUS_RELEASE[0] if args.previous == PREVIOUS_RELEASE[1] else args.previous)


def run_previous(files: PoolFiles, res: Result, folder: Path, args: argparse.Namespace, tmp: Path, log: Log) -> None:
    """The previous release's ``prepare`` on the same pool: its sources first on PYTHONPATH, before ours."""
    out_dir = Path(tempfile.mkdtemp(dir=tmp)) / "draw"
    env = {**os.environ, "PYTHONPATH": str(folder)}
    m = measure(prepare_command(files, out_dir), args.our_timeout, tmp, env=env)
    res.previous_wall, res.previous_cpu = m.wall, m.cpu
    res.previous_status = "timeout" if m.killed else "failed" if m.returncode else "ok"
    if res.previous_status != "ok":
        res.notes.append(f"{previous_label(args)} command {res.previous_status}: {tail(m.stderr)}")
    shutil.rmtree(out_dir.parent, ignore_errors=True)
    name, label = files.spec.name, previous_label(args)
    log(f"{name:18} leximin  {label} {res.previous_status:8} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU")


def run_prepare(files: PoolFiles, res: Result, args: argparse.Namespace, tmp: Path, log: Log) -> None:
    """The whole user command ``python -m sortition prepare ... --algorithm leximin``; reads back the lottery it
    wrote (the LEXIMIN minimum and certificate, and the minimum after rounding to tickets)."""
    out_dir = Path(tempfile.mkdtemp(dir=tmp)) / "draw"
    cmd = prepare_command(files, out_dir)
    m = measure(cmd, args.our_timeout, tmp)
    res.cmd_wall, res.cmd_cpu, res.cmd_rss_mb = m.wall, m.cpu, m.rss_mb
    res.cmd_raw = {"cmd": m.cmd, "returncode": m.returncode, "stderr_tail": tail(m.stderr, 3, 400)}
    if m.killed:
        res.cmd_status = "timeout"
        res.notes.append(f"command not finished in {args.our_timeout:g} s")
    elif m.returncode != 0:
        res.cmd_status = "failed"
        res.notes.append(f"command exit {m.returncode}: {tail(m.stderr)}")
    else:
        res.cmd_status = "ok"
        try:
            read_prepare_output(out_dir, res)
        except (OSError, KeyError, ValueError) as exc:
            res.notes.append(f"could not read the command's lottery.json/probabilities.csv: {exc}")
    shutil.rmtree(out_dir.parent, ignore_errors=True)
    log(f"{files.spec.name:18} leximin  cmd   {res.cmd_status:8} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU")


def read_prepare_output(out_dir: Path, res: Result) -> None:
    lottery = json.loads((out_dir / "lottery.json").read_text())
    cert = lottery["certificate"]
    optimal_min = float(lottery["optimal_min_probability"])
    with (out_dir / "probabilities.csv").open(newline="") as f:
        ticket_min = min(float(row["probability"]) for row in csv.DictReader(f))
    res.cmd_raw.update(
        optimal_min_probability=optimal_min,
        ticket_min_probability=ticket_min,
        tickets_figures=ticket_figures(lottery),
        certificate={k: v for k, v in cert.items() if k != "levels"},
        rounding=lottery.get("rounding"),
        tickets=lottery.get("tickets"),
    )
    if res.min_probability is None:  # the library path was not run separately
        res.min_probability = optimal_min
        optimal = str(cert.get("optimal")).lower() == "true"
        res.certificate = f"{cert['method']}, gap {float(cert['gap']):.1e}" + ("" if optimal else ", not optimal")
        res.notes.extend(cert.get("notes", []))
    elif abs(res.min_probability - optimal_min) > 1e-6:
        res.notes.append(f"command's minimum {optimal_min:.6f} differs from the library run's")
    res.notes.append(f"{lottery.get('tickets')} tickets: min {ticket_min:.4f} after rounding")


def run_check(files: PoolFiles, args: argparse.Namespace, tmp: Path, log: Log) -> Result:
    lib = measure(
        [sys.executable, str(WORKER), "check", str(files.pool), str(files.quotas), str(files.k)], args.our_timeout, tmp
    )
    res = Result(files.spec.name, files.n, files.k, "check", "ours", "ok", lib.wall, lib.cpu, lib.rss_mb)
    out = last_json(lib.stdout)
    if lib.killed or lib.returncode != 0 or out is None:
        res.status = "timeout" if lib.killed else "failed"
        res.notes.append(f"exit {lib.returncode}: {tail(lib.stderr)}")
    else:
        res.raw = out
        res.certificate = f"{'feasible' if out['feasible'] else 'infeasible'}, {out['n_groups']} groups"
        res.notes.append(f"check() itself {out['check_seconds']:.2f} s, load {out['load_seconds']:.2f} s")
    if args.no_command:
        log(f"{files.spec.name:18} check    ours  {res.status:8} {lib.wall:8.2f} s lib")
        return res
    cmd = [sys.executable, "-m", "sortition", "check", str(files.pool), str(files.quotas), "--k", str(files.k)]
    m = measure(cmd, args.our_timeout, tmp)
    res.cmd_wall, res.cmd_cpu, res.cmd_rss_mb = m.wall, m.cpu, m.rss_mb
    res.cmd_raw = {"cmd": m.cmd, "returncode": m.returncode, "stdout_tail": tail(m.stdout, 1, 400)}
    res.cmd_status = "ok" if m.returncode == 0 else ("timeout" if m.killed else f"exit {m.returncode}")
    log(f"{files.spec.name:18} check    ours  {res.status:8} {lib.wall:8.2f} s lib, {m.wall:.2f} s command")
    return res


def run_peer(files: PoolFiles, algorithm: str, args: argparse.Namespace, tmp: Path, log: Log) -> Result:
    limit = args.peer_timeout
    cmd = [
        "timeout",
        "-k",
        "5",
        str(limit),
        str(args.peer_python),
        str(args.peer_dir / "run_peer.py"),
        "--people",
        str(files.pool),
        "--quotas",
        str(files.quotas),
        "-k",
        str(files.k),
        "--algorithm",
        algorithm,
        "--seed",
        "42",
        "--backend",
        "mip",
        "--time-limit",
        str(limit),
        "--no-probabilities",
    ]
    if algorithm == "legacy":
        cmd += ["--estimate-runs", str(args.peer_legacy_runs)]
    m = measure(cmd, limit + 30, tmp)
    res = Result(files.spec.name, files.n, files.k, algorithm, "peer", "ok", m.wall, m.cpu, m.rss_mb)
    try:
        out: dict[str, Any] | None = json.loads(m.stdout)
    except json.JSONDecodeError:
        out = None
    res.raw = {k: v for k, v in (out or {}).items() if k not in ("selected_ids", "quota_check", "phases")}
    if m.killed or m.returncode in (124, 137) or (out or {}).get("error_type") == "Timeout":
        res.status = "timeout"
        res.notes.append(f"not finished in {limit} s")
        progress = [ln for ln in m.stderr.splitlines() if ln.lstrip().startswith("[")]
        if progress:
            res.notes.append(f"last progress: {' '.join(progress[-1].split())}")
    elif out is None or not out.get("ok"):
        res.status = "failed"
        error = (out or {}).get("error") or next(
            (ln.strip() for ln in reversed(m.stderr.splitlines()) if "Error" in ln), tail(m.stderr)
        )
        res.notes.append(f"exit {m.returncode}: {error[:200]}")
    else:
        res.notes.append(f"backend mip (CBC); run_stratification {out['runtime_seconds']:.2f} s")
        if algorithm == "legacy":
            emp = out["empirical"]
            runs = emp["runs"] - emp["failed_runs"]
            res.min_probability = emp["min_frequency"]
            res.min_upper = float(wilson(emp["min_frequency"] * runs, runs, 0.99)[1])  # the peer's legacy frequencies
            res.certificate = f"sampling, {emp['runs']} runs"
            res.notes.append(f"{emp['runs']} draws in {emp['seconds']:.1f} s")
        else:
            res.min_probability = out["min_probability"]
            res.certificate = f"{out['n_committees_support']} panels"
            if out.get("algorithm_used") != algorithm:
                res.notes.append(f"peer used: {out.get('algorithm_used')}")
    log(f"{files.spec.name:18} {algorithm:8} peer  {res.status:8} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU")
    return res


# ------------------------------------------------------------------------------------------------ environment


def peer_info(peer_python: Path) -> dict[str, str | None]:
    code = (
        "import importlib.metadata as m, json\n"
        "def v(n):\n"
        "    try:\n        return m.version(n)\n"
        "    except Exception:\n        return None\n"
        "print(json.dumps({n: v(n) for n in ('sortition-algorithms', 'gurobipy', 'mip', 'highspy')}))\n"
    )
    try:
        done = subprocess.run([str(peer_python), "-c", code], capture_output=True, text=True, timeout=60)
        return json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError):
        return {}


def environment(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    import importlib.metadata as md

    def version(name: str) -> str | None:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return None

    startup = measure([sys.executable, str(WORKER), "import"], 120, tmp)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "--no-optional-locks", "-C", str(REPO), "status", "--porcelain", "-uno"], capture_output=True, text=True
    ).stdout.strip()
    if commit and changed:
        commit += f" + {len(changed.splitlines())} modified tracked files"
    cpu_model = ""
    with contextlib.suppress(OSError):
        cpu_model = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")
            ),
            "",
        )
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "highspy": version("highspy"),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "sortition_toolkit": version("sortition-toolkit"),
        "commit": commit,
        "load_average_start": os.getloadavg(),
        "python_startup_and_imports_seconds": round(startup.wall, 3),
        "peer": None if args.no_peer else peer_info(args.peer_python),
    }


# ------------------------------------------------------------------------------------------------ table


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}" if x < 100 else f"{x:.1f}"


def fmt_p(x: float | None, upper: float | None = None) -> str:
    if x is None:
        return "-"
    text = f"{x:.4f}"
    return f"{text} (<= {upper:.4f})" if upper is not None else text


def ratio(a: float, b: float) -> str:
    r = a / b
    return f"{r:.0f}x" if r >= 10 else f"{r:.1f}x"


def annotate(results: list[Result], files: dict[str, PoolFiles], published: dict[str, dict[str, str]]) -> None:
    """Reference figures, ratios and PASS/MISS marks, once every run is done."""
    for res in results:
        res.raw.setdefault("_reference", "")
        res.raw.setdefault("_target", "")
        res.raw.setdefault("_mark", "")
    peer = {(r.pool, r.algorithm): r for r in results if r.tool == "peer"}
    for res in results:
        spec = POOL_BY_NAME[res.pool]
        if res.tool != "ours":
            continue
        timed, timed_name = (res.cmd_wall, "command") if res.cmd_status == "ok" else (res.wall, "library subprocess")
        if res.algorithm == "check":
            res.raw["_target"] = f"< {CHECK_TARGET_SECONDS:g} s"
            figures = [x for x in (res.wall, res.cmd_wall) if x is not None]
            ok = res.status == "ok" and res.cmd_status in ("ok", "n/a") and max(figures) < CHECK_TARGET_SECONDS
            res.raw["_mark"] = "PASS" if ok else "MISS"
            continue
        if res.algorithm != "leximin":
            continue
        row = published.get(spec.published_key or "")
        if row:
            pub_s, pub_min = float(row["pub_leximin_median_runtime_s"]), float(row["pub_leximin_min"])
            shape = "" if spec.source == "sample" else ", real pool of this shape"
            res.raw["_reference"] = f"published (Gurobi{shape}): {pub_s:g} s, min {pub_min:g}"
            if res.status == "ok" and timed:
                res.notes.append(f"published/ours {ratio(pub_s, timed)}")
        elif spec.reference:
            res.raw["_reference"] = spec.reference
        for algorithm in ("maximin", "leximin"):
            other = peer.get((res.pool, algorithm))
            if other is None:
                continue
            ours = res.wall or timed
            if other.status == "ok" and other.wall and ours:
                res.notes.append(f"peer {algorithm} {other.wall:.1f} s here: {ratio(other.wall, ours)} ours")
            else:
                res.notes.append(f"peer {algorithm}: {other.status}")
        if spec.target_seconds is None:
            continue
        parts = [f"< {spec.target_seconds:g} s"]
        ok = res.status == "ok" and timed is not None and timed < spec.target_seconds
        if spec.target_rss_mb is not None:
            parts.append(f"< {spec.target_rss_mb / 1024:g} GB")
            rss = res.cmd_rss_mb if res.cmd_status == "ok" else res.rss_mb
            ok = ok and rss is not None and rss < spec.target_rss_mb
        if spec.target_same_min_as_peer:
            parts.append("min >= peer")
            ref_min, ref_name = 0.0653, "peer README"
            for algorithm in ("maximin", "leximin"):
                other = peer.get((res.pool, algorithm))
                if other is not None and other.status == "ok" and other.min_probability is not None:
                    ref_min, ref_name = other.min_probability, f"peer {algorithm} here"
            ok = ok and res.min_probability is not None and res.min_probability >= ref_min - 1e-6
            res.notes.append(f"min vs {ref_name} {ref_min:.6f}")
        res.raw["_target"] = ", ".join(parts)
        res.raw["_mark"] = "PASS" if ok else "MISS"
        if timed_name != "command":
            res.notes.append("mark on the library subprocess (command not timed)")


def render(results: list[Result]) -> str:
    head = [
        "instance",
        "n",
        "k",
        "algorithm",
        "tool",
        "wall s",
        "CPU s",
        "cmd s",
        "cmd CPU s",
        "RSS MB",
        "min probability",
        "certificate",
        "reference",
        "target",
        "mark",
        "notes",
    ]
    rows = []
    for r in results:
        if r.status == "skipped":
            wall = "skipped"
        elif r.wall is None:
            wall = "-"
        elif r.status == "timeout":
            wall = f"> {fmt_s(r.wall)}"
        else:
            wall = fmt_s(r.wall)
        if r.cmd_status == "ok":
            cmd = fmt_s(r.cmd_wall)
        elif r.cmd_status == "timeout":
            cmd = f"> {fmt_s(r.cmd_wall)}"
        elif r.cmd_status == "n/a":
            cmd = "n/a" if r.tool == "ours" and r.algorithm in ("leximin", "check") else ""
        else:
            cmd = r.cmd_status
        rss = "/".join(f"{x:.0f}" for x in (r.rss_mb, r.cmd_rss_mb) if x) or "-"
        rows.append(
            [
                r.pool,
                str(r.n),
                str(r.k),
                r.algorithm,
                r.tool,
                wall,
                fmt_s(r.cpu),
                cmd,
                fmt_s(r.cmd_cpu) if r.cmd_cpu is not None else "",
                rss,
                fmt_p(r.min_probability, r.min_upper),
                r.certificate,
                r.raw.get("_reference", ""),
                r.raw.get("_target", ""),
                r.raw.get("_mark", ""),
                "; ".join(r.notes),
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)]
    numeric = {1, 2, 5, 6, 7, 8, 9}

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in pairs]
        return "| " + " | ".join(padded) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in numeric else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(head), sep, *(line(r) for r in rows)])


def ticket_rows(results: list[Result]) -> list[dict[str, Any]]:
    """The tickets table: one row per pool whose LEXIMIN command ran, with the peer's figures beside."""
    rows = []
    for res in results:
        figures = res.cmd_raw.get("tickets_figures")
        if res.tool != "ours" or res.algorithm != "leximin" or not figures or res.cmd_wall is None:
            continue
        peers = [
            f"{r.algorithm} min {r.min_probability:.4f}, {r.wall:.1f} s"
            for r in results
            if r.tool == "peer" and r.pool == res.pool and r.status == "ok" and r.min_probability is not None and r.wall
        ]
        rows.append(
            {
                **figures,
                "pool": res.pool,
                "n": res.n,
                "k": res.k,
                "command_seconds": res.cmd_wall,
                "previous_seconds": res.previous_wall if res.previous_status == "ok" else None,
                "peer": "; ".join(peers),
            }
        )
    return rows


# ------------------------------------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the small pools (a minute or two)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=list(POOL_BY_NAME),
        help=f"only these pools: {', '.join(POOL_BY_NAME)}",
    )
    parser.add_argument("--no-peer", action="store_true", help="do not run the peer library")
    parser.add_argument(
        "--peer-all",
        action="store_true",
        help="also try the peer where a trial showed it cannot finish (small pools and "
        "example_large_200: maximin and leximin)",
    )
    parser.add_argument("--no-command", action="store_true", help="do not time the `python -m sortition` commands")
    parser.add_argument(
        "--library-large",
        action="store_true",
        help="on pools of more than 10,000 persons, time LEXIMIN by the library path as well as by "
        "the command (adds about 1 minute)",
    )
    parser.add_argument(
        "--previous",
        default=PREVIOUS_RELEASE[1],
        metavar="REVISION",
        help=f"git revision of the previous release, timed beside ours (default {PREVIOUS_RELEASE[1]}, "
        f"{PREVIOUS_RELEASE[0]}); '' to skip it",
    )
    parser.add_argument(
        "--previous-large",
        action="store_true",
        help=f"also time the previous release on pools of more than {PREVIOUS_MAX_N:,} persons (about 4 minutes)",
    )
    parser.add_argument("--out", type=Path, help="write every measurement as JSON here")
    parser.add_argument("--pools", type=Path, default=BENCH / "pools", help="where to build/reuse the pools")
    parser.add_argument("--peer-timeout", type=int, default=120, help="seconds per peer run (default 120)")
    parser.add_argument(
        "--peer-python",
        type=Path,
        default=REPO.parent / ".peer-venv" / "bin" / "python",
        help="python of the peer's own virtual environment",
    )
    parser.add_argument("--peer-dir", type=Path, default=SHARED / "peer", help="folder of run_peer.py, gen_pool.py")
    parser.add_argument("--peer-legacy-runs", type=int, default=500, help="peer legacy --estimate-runs (peer500)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=20.0,
        help="time limit (s) passed to our maximin and nash (0: none); LEXIMIN never has one",
    )
    parser.add_argument("--our-timeout", type=float, default=600.0, help="kill one run of ours after this (s)")
    parser.add_argument("--legacy-runs", type=int, default=200, help="runs of our legacy method per pool")
    parser.add_argument(
        "--legacy-runs-large",
        type=int,
        default=50,
        help="runs of our legacy method on pools of more than 10,000 persons (about 0.5 s a run)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log = Log()
    specs = [s for s in POOLS if (not args.quick or s.quick) and (not args.only or s.name in args.only)]
    if not specs:
        print("no pool selected", file=sys.stderr)
        return 2
    if not args.no_peer and not args.peer_python.exists():
        log(f"peer python {args.peer_python} not found: running without the peer (see benchmarks/README.md)")
        args.no_peer = True
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="sortition-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment(args, tmp)
        files = prepare_pools(specs, args.pools, args.peer_dir, log)
        has_prepare = not args.no_command and prepare_available(tmp)
        env["prepare_command"] = has_prepare
        previous = extract_previous(args.previous, tmp, log) if has_prepare and args.previous else None
        env["previous_release"] = f"{previous_label(args)} ({args.previous})" if previous else None
        peer_versions = env.get("peer") or {}
        log(f"python -m sortition prepare: {'available' if has_prepare else 'n/a'}; peer: {peer_versions}")
        for spec in specs:
            pf = files[spec.name]
            algorithms = ["leximin", "maximin"] + (["nash"] if pf.n <= 2000 else []) + ["legacy"]
            for algorithm in algorithms:
                if algorithm == "leximin" and has_prepare and pf.n > 10_000 and not args.library_large:
                    res = Result(spec.name, pf.n, pf.k, algorithm, "ours", "ok")
                    res.notes.append("command only (n > 10,000; --library-large times the library path too)")
                else:
                    res = run_ours(pf, algorithm, args, tmp, log)
                if algorithm == "leximin" and has_prepare:
                    run_prepare(pf, res, args, tmp, log)
                    if previous is not None and (pf.n <= PREVIOUS_MAX_N or args.previous_large):
                        run_previous(pf, res, previous, args, tmp, log)
                    if res.wall is None and res.cmd_status != "ok":
                        res.status = res.cmd_status
                results.append(res)
            if spec.name == CHECK_POOL:
                results.append(run_check(pf, args, tmp, log))
            if args.no_peer:
                continue
            peer_algorithms = list(spec.peer)
            if args.peer_all and spec.name in ("cca_like", "example_large_200"):
                peer_algorithms = ["maximin", "leximin"]
            if "leximin" in peer_algorithms and not peer_versions.get("gurobipy"):
                peer_algorithms.remove("leximin")
                results.append(
                    Result(
                        spec.name,
                        pf.n,
                        pf.k,
                        "leximin",
                        "peer",
                        "skipped",
                        notes=["needs Gurobi (gurobipy not installed in the peer's environment)"],
                    )
                )
            for algorithm in peer_algorithms:
                results.append(run_peer(pf, algorithm, args, tmp, log))
            if spec.peer_skip and not (args.peer_all and spec.name in ("cca_like", "example_large_200")):
                algorithm = "leximin" if spec.peer else "-"
                results.append(Result(spec.name, pf.n, pf.k, algorithm, "peer", "skipped", notes=[spec.peer_skip]))
    annotate(results, files, published_figures())
    env["load_average_end"] = os.getloadavg()
    env["total_seconds"] = round(time.perf_counter() - log.start, 1)
    peer_text = ""
    if not args.no_peer:
        pv = env.get("peer") or {}
        peer_text = (
            f"; peer sortition-algorithms {pv.get('sortition-algorithms')} (mip {pv.get('mip')}, "
            f"gurobipy {pv.get('gurobipy') or 'not installed'})"
        )
    print(
        f"# {env['date']}  {env['nproc']} CPUs ({env['cpu']}), Python {env['python']}, highspy {env['highspy']}, "
        f"commit {env['commit']}{peer_text}"
    )
    print(
        f"# Python start-up + imports of ours: {env['python_startup_and_imports_seconds']:.2f} s; load average "
        f"{' '.join(f'{x:.2f}' for x in env['load_average_start'])} at start, "
        f"{' '.join(f'{x:.2f}' for x in env['load_average_end'])} at end; total {env['total_seconds']:.0f} s"
    )
    print(render(results))
    print()
    print("# Rounding to tickets: the least positive probability (LEXIMIN, command's default tickets, 1,000 tickets)")
    if env.get("previous_release"):
        print(f"# previous release s: the same command from {env['previous_release']}, in this run")
    print(render_tickets(ticket_rows(results)))
    if args.out:
        payload = {"environment": env, "results": [asdict(r) for r in results]}
        args.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
