"""The immutable objects the data flow passes along: who volunteered (``Pool``), what the panel must look like
(``Quotas``, ``PanelConstraints``), the problem (``Instance``, ``Grouping``) and its answer (``Lottery`` with its
``Certificate``)."""

from sortition.model.constraints import PanelConstraints
from sortition.model.instance import Group, Grouping, Instance, Pool, Quota, Quotas
from sortition.model.lottery import Certificate, Level, Lottery

__all__ = [
    "Certificate",
    "Group",
    "Grouping",
    "Instance",
    "Level",
    "Lottery",
    "PanelConstraints",
    "Pool",
    "Quota",
    "Quotas",
]
