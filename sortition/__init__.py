"""Fair, fast and auditable selection of citizens' panels by lot.

Typical use::

    from sortition import load_instance, check
    instance = load_instance("pool.csv", "quotas.csv", k=30)
    report = check(instance)

The library never prints, exits, logs or touches global random state; the ``sortition`` command line
(package ``cli``) owns the terminal.
"""

from sortition._version import __version__
from sortition.errors import InfeasibleError, InputError, Problem, SolverError, SortitionError
from sortition.feasibility import FeasibilityReport, check
from sortition.instance import Group, Grouping, Instance, Pool, Quota, Quotas
from sortition.load import load_instance, make_instance, read_pool, read_quotas

__all__ = [
    "FeasibilityReport",
    "Group",
    "Grouping",
    "InfeasibleError",
    "InputError",
    "Instance",
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
]
