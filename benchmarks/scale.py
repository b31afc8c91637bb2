"""Scale: a 100,000-person pool loads, checks and draws (legacy and LEXIMIN) within this machine's memory.

    .venv/bin/python benchmarks/scale.py                 # 100,000 persons, convention150 scenario
    .venv/bin/python benchmarks/scale.py --n 50000 --legacy-runs 20

Each step runs in a fresh subprocess; the table gives wall-clock seconds and the peak resident memory of
that subprocess (its own ``ru_maxrss``). The pool is synthetic (sortition.synthetic), built once into
benchmarks/pools/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import json, sys, time
from sortition.load.instance import load_instance
start = time.perf_counter()
folder, step, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
k = json.load(open(folder + "/meta.json"))["k"]
instance = load_instance(folder + "/pool.csv", folder + "/quotas.csv", k)
loaded = time.perf_counter()
out = {"load": loaded - start, "groups": len(instance.grouping().groups)}
if step == "check":
    from sortition.check import check
    out["feasible"] = check(instance).feasible
elif step == "leximin":
    from sortition.solve import solve
    from sortition.protocol.tickets import round_to_tickets
    lottery = solve(instance, "leximin")
    tickets = round_to_tickets(lottery)
    out.update(min=lottery.min_probability, panels=lottery.n_panels, gap=lottery.certificate.gap,
               rounding=tickets.max_deviation)
elif step == "legacy":
    from sortition.solve.legacy import legacy_estimate
    estimate = legacy_estimate(instance, runs=runs, seed=1)
    out.update(min=estimate.min_frequency, runs=runs)
out["step"] = time.perf_counter() - loaded
import resource
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def build(n: int, folder: Path) -> None:
    if (folder / "pool.csv").exists():
        return
    sys.path.insert(0, str(ROOT))
    from sortition.synthetic import sample_pool, write_pool

    write_pool(sample_pool("convention150", n, seed=7), folder)


def run(folder: Path, step: str, runs: int) -> dict[str, object]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", STEP, str(folder), step, str(runs)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    wall = time.perf_counter() - start
    out: dict[str, object] = json.loads(result.stdout)
    out["wall"] = wall
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--legacy-runs", type=int, default=20)
    parser.add_argument("--pools", type=Path, default=ROOT / "benchmarks" / "pools")
    args = parser.parse_args()
    folder = args.pools / f"scale{args.n}"
    build(args.n, folder)
    print(f"pool: {folder} (n={args.n}, convention150 scenario, k=150)")
    print(f"{'step':<9} {'groups':>7} {'load s':>7} {'step s':>8} {'wall s':>8} {'peak MB':>8}  result")
    for step in ("check", "legacy", "leximin"):
        out = run(folder, step, args.legacy_runs)
        detail = {key: out[key] for key in ("feasible", "min", "panels", "gap", "rounding", "runs") if key in out}
        print(
            f"{step:<9} {out['groups']:>7} {out['load']:>7.2f} {out['step']:>8.2f} {out['wall']:>8.2f} "
            f"{out['peak_mb']:>8.0f}  {detail}",
            flush=True,
        )


if __name__ == "__main__":
    main()
