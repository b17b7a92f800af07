#!/usr/bin/env python3
"""briefkit's command line: articles/ -> briefings/ -> site/. Run `build.py --help`."""

import sys

from briefkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
