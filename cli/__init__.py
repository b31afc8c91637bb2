"""The ``sortition`` command line: one Typer command per user task, a thin layer over the library."""
