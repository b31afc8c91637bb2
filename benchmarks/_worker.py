"""One timed run of our library, in a fresh process (started by ``benchmarks/run.py``; not meant for users).

    python benchmarks/_worker.py solve POOL QUOTAS K ALGORITHM [--time-limit S] [--runs N] [--seed S]
    python benchmarks/_worker.py check POOL QUOTAS K

The whole library path runs here: imports, ``load_instance``, then ``solve`` (or ``check``). The last line
on stdout is one JSON object with the result and the in-process timings; the parent measures the wall
clock of the whole process (Python start-up included), its CPU time and its peak RSS.
"""

from __future__ import annotations

import time

_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402


def _solve(args: argparse.Namespace) -> dict[str, Any]:
    from sortition.load.instance import load_instance
    from sortition.solve import solve
    from sortition.solve.legacy import legacy_estimate_from

    imported = time.perf_counter()
    instance = load_instance(args.pool, args.quotas, args.k)
    loaded = time.perf_counter()
    legacy = args.algorithm == "legacy"
    options: dict[str, Any] = {"runs": args.runs, "seed": args.seed} if legacy else {"time_limit": args.time_limit}
    lottery = solve(instance, args.algorithm, **options)
    solved = time.perf_counter()
    cert = lottery.certificate
    out: dict[str, Any] = {
        "n": len(lottery.marginals),
        "min_probability": lottery.min_probability,
        "max_probability": lottery.max_probability,
        "gini": lottery.gini,
        "n_panels": lottery.n_panels,
        "method": cert.method,
        "gap": cert.gap,
        "optimal": cert.optimal,
        "notes": list(cert.notes),
        "solve_seconds": lottery.seconds,
        "import_seconds": imported - _START,
        "load_seconds": loaded - imported,
        "solve_wall_seconds": solved - loaded,
    }
    if args.algorithm == "legacy":
        failures = int(lottery.parameters.get("failures", 0))
        done = args.runs - failures
        least, upper = legacy_estimate_from(lottery, done, float(lottery.parameters.get("confidence", 0.99)))
        out.update(runs=args.runs, failures=failures, min_frequency=least, min_upper=upper)
    return out


def _check(args: argparse.Namespace) -> dict[str, Any]:
    from sortition.check import check
    from sortition.load.instance import load_instance

    imported = time.perf_counter()
    instance = load_instance(args.pool, args.quotas, args.k)
    loaded = time.perf_counter()
    report = check(instance)
    return {
        "n": report.n,
        "feasible": report.feasible,
        "n_groups": report.n_groups,
        "check_seconds": report.seconds,
        "import_seconds": imported - _START,
        "load_seconds": loaded - imported,
        "solve_wall_seconds": time.perf_counter() - loaded,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("solve", "check", "import"))
    parser.add_argument("pool", nargs="?")
    parser.add_argument("quotas", nargs="?")
    parser.add_argument("k", nargs="?", type=int)
    parser.add_argument("algorithm", nargs="?", default="leximin")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.mode == "import":
        import importlib

        for module in ("sortition.solve", "sortition.check", "sortition.load.instance"):
            importlib.import_module(module)

        out: dict[str, Any] = {"import_seconds": time.perf_counter() - _START}
    elif args.mode == "solve":
        out = _solve(args)
    else:
        out = _check(args)
    out["cpu_seconds_self"] = time.process_time()
    out["maxrss_mb_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["total_seconds_in_process"] = time.perf_counter() - _START
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
