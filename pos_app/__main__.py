"""`python -m pos_app`: start the counter window (see pos_app.app)."""

import sys

from pos_app.app import main

sys.exit(main())
