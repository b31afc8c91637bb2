"""Fair, fast and auditable selection of citizens' panels by lot.

Typical use::

    from sortition import load_instance, check, solve
    instance = load_instance("pool.csv", "quotas.csv", k=30)
    report = check(instance)                  # feasible? if not: report.conflict, report.repairs
    lottery = solve(instance, "leximin")      # lottery.marginals, lottery.min_probability, lottery.certificate

The library never prints, exits, logs or touches global random state; the ``sortition`` command line
(package ``cli``) owns the terminal.
"""

from sortition._version import __version__
from sortition.algorithms import ALGORITHMS, solve
from sortition.errors import InfeasibleError, InputError, Problem, SolverError, SortitionError
from sortition.feasibility import FeasibilityReport, check
from sortition.instance import Group, Grouping, Instance, Pool, Quota, Quotas
from sortition.load import load_instance, make_instance, read_pool, read_quotas
from sortition.lottery import Certificate, Lottery

__all__ = [
    "ALGORITHMS",
    "Certificate",
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
]
