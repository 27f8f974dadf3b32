"""Run the command line as ``python -m wpkld``, with the same exit status as ``wpkld``."""

import sys

from .cli import main

sys.exit(main())
