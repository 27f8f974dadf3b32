"""Run the command line: ``python -m wpkld``."""

from .cli import main

raise SystemExit(main())
