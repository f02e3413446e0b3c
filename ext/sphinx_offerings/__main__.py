"""``python -m sphinx_offerings`` is the ``offerings`` command."""

import sys

from .cli import main

sys.exit(main())
