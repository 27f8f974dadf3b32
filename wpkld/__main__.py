"""Run the command line: ``python -m wpkld``."""

from .cli import main

main()
