"""``python -m healthreader``."""

import sys

from healthreader.cli import main

sys.exit(main())
