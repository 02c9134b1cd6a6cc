"""Entry script of the frozen executable: exactly what `python -m pos_app` runs (pos_app.app.main)."""

import sys

from pos_app.app import main

if __name__ == "__main__":
    sys.exit(main())
