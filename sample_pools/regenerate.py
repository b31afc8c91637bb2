"""Rebuild the bundled synthetic sample pools from their seeds (byte for byte).

    python sample_pools/regenerate.py                 # refuses to replace existing files
    python sample_pools/regenerate.py --overwrite     # after a deliberate change of the generator
    python sample_pools/regenerate.py --out /tmp/x    # elsewhere, e.g. to compare with the bundled files

Each pool is written to ``<out>/<name>/`` as ``pool.csv``, ``quotas.csv`` and ``meta.json``. The figures
behind them are described in ``sample_pools/README.md`` and ``docs/synthetic-pools.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sortition.synthetic import PoolData, sample_pool, write_pool

# name -> (scenario, pool size, seed, households); private columns are on for every bundled pool.
POOLS: dict[str, tuple[str, int, int, bool]] = {
    "convention150": ("convention150", 2500, 1, False),
    "convention185": ("convention185", 3000, 2, False),
    "jury30": ("jury30", 400, 3, True),
}


def build(name: str) -> PoolData:
    """The bundled pool ``name``, exactly as committed."""
    scenario, n, seed, households = POOLS[name]
    return sample_pool(scenario, n, seed, households=households, private_columns=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent, help="output folder")
    parser.add_argument("--overwrite", action="store_true", help="replace existing pool files")
    parser.add_argument("names", nargs="*", help=f"pools to build (default: all of {', '.join(POOLS)})")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in POOLS]
    if unknown:
        parser.error(f"unknown pool(s): {', '.join(unknown)}")
    for name in args.names or list(POOLS):
        pool = build(name)
        try:
            folder = write_pool(pool, args.out / name, overwrite=args.overwrite)
        except FileExistsError as exc:
            print(f"{exc} (use --overwrite to replace)", file=sys.stderr)
            return 1
        binding = pool.meta["proportional_draw_violates"]
        assert isinstance(binding, list)
        print(f"{folder}: n={len(pool.rows)} k={pool.k} quotas binding for a uniform draw: {len(binding)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
