"""``python -m sortition``: the same command line as ``sortition``."""

from cli.main import main

main()
