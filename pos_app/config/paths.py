"""Where the app keeps its files: one data folder per OS user, chosen by platformdirs.

The data folder holds settings.json, the journal, crash reports and, in sandbox mode, the sandbox's own
state and journal. ``--data-dir`` overrides it (tests, a second counter on one PC, a USB stick).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "pos_app"
APP_AUTHOR = "pos_app"


def default_data_dir() -> Path:
    """The per-user data folder (e.g. %LOCALAPPDATA%\\pos_app on Windows); not created here."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))
