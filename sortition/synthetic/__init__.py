"""Synthetic volunteer pools: a correlated population, a skewed response, optional households.

Real pools are private, yet every algorithm, benchmark and demo needs pools whose difficulty looks real:
categories that move together (a 70-year-old is retired, a 17-year-old is at school) and volunteers who
are older, more educated and more urban than the population, so that quotas bind. The model (documented,
with the status of every figure, in ``docs/synthetic-pools.md``):

1. **Scenario** (:mod:`~sortition.synthetic.scenarios`): categories with population shares and quotas;
   the French figures and model tables are package data in ``sortition/data/fr``.
2. **Population** (:mod:`~sortition.synthetic.joint`): a joint table over all category values, built from
   seed odds factors between pairs of categories and raked to the population shares.
3. **Response** (:mod:`~sortition.synthetic.response`): each person volunteers with probability
   ``base * prod(factor[category][value])``, ``base`` chosen so that the population's mean rate is the
   overall rate.
4. **Drawing** (:mod:`~sortition.synthetic.sampling`): persons or volunteers, optionally by household;
   benchmark pools of a given shape (:mod:`~sortition.synthetic.shaped`); files
   (:mod:`~sortition.synthetic.files`).

Everything is deterministic given the seed. The library never prints, logs or touches global random state.
"""

from sortition.synthetic.files import csv_bytes, pool_files, write_pool
from sortition.synthetic.joint import JointModel, build_model, population_table, rake
from sortition.synthetic.private import PRIVATE_COLUMNS
from sortition.synthetic.response import DEFAULT_RESPONSE_RATE, ResponseModel, response_model, response_rate
from sortition.synthetic.sampling import (
    GENERATOR_VERSION,
    HOUSEHOLD_PROPENSITY_SHAPE,
    HOUSEHOLD_SIZES,
    PoolData,
    PopulationSample,
    sample_pool,
    sample_population,
)
from sortition.synthetic.scenarios import (
    SCENARIOS,
    Association,
    FrenchTables,
    QuotaLine,
    Scenario,
    build_scenario,
    french_tables,
    load_scenario,
)
from sortition.synthetic.shaped import quotas_feasible, shaped_pool, shaped_scenario

__all__ = [
    "DEFAULT_RESPONSE_RATE",
    "GENERATOR_VERSION",
    "HOUSEHOLD_PROPENSITY_SHAPE",
    "HOUSEHOLD_SIZES",
    "PRIVATE_COLUMNS",
    "SCENARIOS",
    "Association",
    "FrenchTables",
    "JointModel",
    "PoolData",
    "PopulationSample",
    "QuotaLine",
    "ResponseModel",
    "Scenario",
    "build_model",
    "build_scenario",
    "csv_bytes",
    "french_tables",
    "load_scenario",
    "pool_files",
    "population_table",
    "quotas_feasible",
    "rake",
    "response_model",
    "response_rate",
    "sample_pool",
    "sample_population",
    "shaped_pool",
    "shaped_scenario",
    "write_pool",
]
