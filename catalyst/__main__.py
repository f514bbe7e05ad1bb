"""`python -m catalyst build|check`: the command line is catalyst.tools.cli."""

import sys

from catalyst.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
