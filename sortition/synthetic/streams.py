"""Random streams of the synthetic pools: each purpose draws from its own stream of the seed, so that e.g.
adding the private columns never changes the categories of the persons."""

from __future__ import annotations

import numpy as np

STREAM_POPULATION = 1
STREAM_POOL = 2
STREAM_NAMES = 3
STREAM_SHAPE = 4


def rng_for(seed: int | np.random.Generator, stream: int, attempt: int = 0) -> np.random.Generator:
    """The generator of ``stream`` (and redraw ``attempt``) of ``seed``; a given generator is used as is."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    return np.random.default_rng([seed, stream, attempt])
