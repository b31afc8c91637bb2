"""From the organiser's spreadsheets (or DataFrames) to a checked :class:`~sortition.model.Instance`: tables
with detected encodings and delimiters, cleaned cells, quotas from bands or from shares, every problem at once."""

from sortition.load.instance import load_instance, read_pool, read_quotas
from sortition.load.objects import make_instance

__all__ = ["load_instance", "make_instance", "read_pool", "read_quotas"]
