"""``python -m sortition``: the same command line as ``sortition``."""

from sortition_cli.main import main

main()
