"""Entry point for ``python -m catalogue``."""

import sys

from .cli import main

sys.exit(main())
