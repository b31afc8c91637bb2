"""Build the benchmark pools deterministically: ``<out>/<name>/pool.csv``, ``quotas.csv``, ``meta.json``.

    python benchmarks/pools.py                      # into benchmarks/pools/ (git-ignored)
    python benchmarks/pools.py --out /tmp/pools cca_like sf_e_like
    python benchmarks/pools.py --overwrite          # rebuild after a change of the generator

The shaped pools mimic the published instances' shapes (the real pools are private): ``cca_like`` has the 4
categories of ``cca`` (n=825, k=75), ``sf_e_like`` the 7 categories and 31 values of ``sf_e`` (n=1727,
k=110). ``six2000`` has the shape of the peer's own generator at 2000 persons (6 categories, k=150), where
the peer library did not finish in 600 s. ``national5000`` and ``national50000`` are French volunteer pools
for the 150-member convention scenario. The peer's own 500-person pool is made by the peer's script.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sortition.synthetic import PoolData, quotas_feasible, sample_pool, shaped_pool, write_pool

BENCHMARKS: dict[str, Callable[[], PoolData]] = {
    "cca_like": lambda: shaped_pool(825, 75, [2, 5, 4, 5], seed=101, name="cca_like"),
    "sf_e_like": lambda: shaped_pool(1727, 110, [2, 6, 5, 5, 4, 5, 4], seed=102, name="sf_e_like"),
    "six2000": lambda: shaped_pool(2000, 150, [3, 5, 3, 5, 2, 5], seed=103, name="six2000"),
    "national5000": lambda: sample_pool("convention150", 5000, 104),
    "national50000": lambda: sample_pool("convention150", 50000, 105),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_out = Path(__file__).resolve().parent / "pools"
    parser.add_argument("--out", type=Path, default=default_out, help="output folder")
    parser.add_argument("--overwrite", action="store_true", help="replace existing pool files")
    parser.add_argument("names", nargs="*", help=f"pools to build (default: all of {', '.join(BENCHMARKS)})")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown pool(s): {', '.join(unknown)}")
    for name in args.names or list(BENCHMARKS):
        start = time.perf_counter()
        pool = BENCHMARKS[name]()
        seconds = time.perf_counter() - start
        try:
            write_pool(pool, args.out / name, overwrite=args.overwrite)
        except FileExistsError as exc:
            print(f"{exc} (use --overwrite to replace)", file=sys.stderr)
            return 1
        categories = sorted({category for category, _, _, _ in pool.quotas})
        profiles = len({row[1 : 1 + len(categories)] for row in pool.rows})
        binding = pool.meta["proportional_draw_violates"]
        assert isinstance(binding, list)
        feasible = quotas_feasible(pool.header, pool.rows, pool.quotas, pool.k)
        print(
            f"{name}: n={len(pool.rows)} k={pool.k} categories={len(categories)} values={len(pool.quotas)}"
            f" profiles={profiles} binding={len(binding)} feasible={feasible} built in {seconds:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
