"""Refresh resources/i18n/pos_app_en.ts from the source: every tr()/translate()/QT_TRANSLATE_NOOP text.

    .venv/bin/python build_scripts/update_translations.py

Runs pyside6-lupdate over every .py file under pos_app/. Existing translations are kept (lupdate merges
into the .ts it finds); texts that disappeared from the code are dropped so the file stays readable.
Korean is the source language; translators fill the English in Qt Linguist (pyside6-linguist) or by
editing the .ts. build_scripts/dev.py compiles the .ts into the .qm the app loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILES = [ROOT / "resources" / "i18n" / "pos_app_en.ts"]


def lupdate_path() -> Path:
    scripts = Path(sys.executable).parent
    for name in ("pyside6-lupdate", "pyside6-lupdate.exe"):
        if (scripts / name).exists():
            return scripts / name
    return Path("pyside6-lupdate")


def sources() -> list[Path]:
    return sorted(p for p in (ROOT / "pos_app").rglob("*.py") if "__pycache__" not in p.parts)


def main() -> int:
    files = sources()
    for ts in TS_FILES:
        ts.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            str(lupdate_path()),
            "-no-obsolete",
            "-locations",
            "none",
            "-source-language",
            "ko_KR",
            "-target-language",
            ts.stem.rsplit("_", 1)[-1],
            *(str(f.relative_to(ROOT)) for f in files),
            "-ts",
            str(ts.relative_to(ROOT)),
        ]
        result = subprocess.run(cmd, cwd=ROOT, check=False)
        if result.returncode != 0:
            print(f"pyside6-lupdate failed for {ts.name}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
