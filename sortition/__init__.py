"""Fair, fast and auditable selection of citizens' panels by lot.

Typical use (each of pool and quotas is a path or a pandas DataFrame)::

    from sortition import load_instance, check, solve, workflows
    instance = load_instance("pool.csv", "quotas.csv", k=30)
    report = check(instance)                  # feasible? if not: report.conflict, report.repairs
    lottery = solve(instance, "leximin")      # lottery.to_frame(), lottery.min_probability, lottery.certificate
    prepared = workflows.prepare(instance, "draw", seed_source="...")   # publish prepared.commitment_hash
    workflows.draw("draw", seed="...")        # then workflows.verify("draw"), workflows.report("draw")

The library never prints, exits, logs or touches global random state; the ``sortition`` command line
(package ``sortition_cli``) owns the terminal.
"""

from sortition import workflows
from sortition._version import __version__
from sortition.check import FeasibilityReport, check
from sortition.errors import DrawError, InfeasibleError, InputError, Problem, SolverError, SortitionError
from sortition.load.instance import load_instance, read_pool, read_quotas
from sortition.load.objects import make_instance
from sortition.model.instance import Group, Grouping, Instance, Pool, Quota, Quotas
from sortition.model.lottery import Certificate, Lottery
from sortition.solve import ALGORITHMS, solve

__all__ = [
    "ALGORITHMS",
    "Certificate",
    "DrawError",
    "FeasibilityReport",
    "Group",
    "Grouping",
    "InfeasibleError",
    "InputError",
    "Instance",
    "Lottery",
    "Pool",
    "Problem",
    "Quota",
    "Quotas",
    "SolverError",
    "SortitionError",
    "__version__",
    "check",
    "load_instance",
    "make_instance",
    "read_pool",
    "read_quotas",
    "solve",
    "workflows",
]
