"""Where the journal file lives: ``journal.sqlite3`` in the data folder.

The default data folder is platformdirs' per-user folder for ("pos_app", "pos_app"), the same one
``pos_app.config`` offers (the journal does not import config: it sits below it in the layers).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

JOURNAL_FILE_NAME = "journal.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("pos_app", "pos_app", roaming=False))


def journal_path(data_dir: Path | None = None) -> Path:
    return (data_dir if data_dir is not None else default_data_dir()) / JOURNAL_FILE_NAME
