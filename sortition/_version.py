"""Single source of the toolkit's version (recorded in every commitment and audit record)."""

__version__ = "0.2.0"
