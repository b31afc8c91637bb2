"""Time the invitation planner: 200 trials for a 30-member jury and a 150-member convention.

    python benchmarks/plan_bench.py                          # every case, all local cores
    python benchmarks/plan_bench.py --cases jury30 --jobs 1  # one case, no parallelism
    python benchmarks/plan_bench.py --fairness none relaxation

Each plan is timed without fairness estimation (feasibility only), with the exact LEXIMIN minimum probability
on the first 20 feasible trials of each number of invitations, and with the fast relaxation bound. The
feasibility-only plan is also timed on one process, to show what parallelism buys. Figures are recorded in
docs/planner.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from sortition.planning import plan, scenario_inputs

CASES = {
    "jury30": tuple(range(500, 3001, 250)),
    "convention150": tuple(range(2500, 15001, 2500)),
}
FAIRNESS = ("none", "leximin", "relaxation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--fairness", nargs="*", default=list(FAIRNESS), choices=list(FAIRNESS))
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--fairness-trials", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all local cores)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.processor() or platform.machine()}")
    for name in args.cases:
        grid = CASES[name]
        inputs = scenario_inputs(name)
        print(f"\n{name}: k={inputs.k}, invitations {grid[0]}..{grid[-1]} ({len(grid)} values), {args.trials} trials")
        runs: list[tuple[str, int | None]] = [(f, args.jobs) for f in args.fairness]
        if "none" in args.fairness and args.jobs != 1:
            runs.insert(1, ("none", 1))
        for fairness, jobs in runs:
            start = time.perf_counter()
            result = plan(
                inputs,
                grid,
                trials=args.trials,
                seed=args.seed,
                fairness_trials=0 if fairness == "none" else args.fairness_trials,
                fairness="leximin" if fairness == "none" else fairness,
                jobs=jobs,
            )
            seconds = time.perf_counter() - start
            solves = sum(r.fairness_trials for r in result.rows)
            row = result.row(result.recommended) if result.recommended is not None else None
            fair = f"{row.mean_min_probability:.4f}" if row is not None and row.mean_min_probability else "-"
            print(
                f"  fairness={fairness:<10} jobs={'all' if jobs is None else jobs:<3} {seconds:7.1f} s "
                f"({seconds / len(grid):5.2f} s per number of invitations, {solves} fairness solves); "
                f"recommended {result.recommended} (feasible {row.feasibility if row else 0:.3f}, "
                f"LEXIMIN min {fair})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
