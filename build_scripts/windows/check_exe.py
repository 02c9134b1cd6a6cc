"""Check the built Windows executables: subsystem, icon and version resource (run on Windows, after build.py).

    .venv\\Scripts\\python build_scripts\\windows\\check_exe.py dist\\pos_app-onedir\\pos_app

pos_app.exe must be a windowed (GUI subsystem) program and pos_app_debug.exe a console one; both must
carry an icon group resource and a version resource whose FileVersion/ProductVersion equal
pos_app.__version__.  Uses pefile, which PyInstaller installs on Windows.  Exit 0 = all good.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

GUI, CONSOLE = 2, 3  # IMAGE_SUBSYSTEM_WINDOWS_GUI / _CUI
RT_GROUP_ICON = 14
EXPECTED_SUBSYSTEM = {"pos_app.exe": GUI, "pos_app_debug.exe": CONSOLE}


def version_strings(pe: object) -> dict[str, str]:
    strings: dict[str, str] = {}
    for file_info in getattr(pe, "FileInfo", []) or []:
        for entry in file_info:
            for table in getattr(entry, "StringTable", []):
                strings.update({k.decode(): v.decode() for k, v in table.entries.items()})
    return strings


def check(exe: Path, expected_version: str) -> list[str]:
    import pefile

    problems = []
    pe = pefile.PE(str(exe))
    subsystem = pe.OPTIONAL_HEADER.Subsystem
    if subsystem != EXPECTED_SUBSYSTEM[exe.name]:
        problems.append(f"{exe.name}: subsystem {subsystem}, expected {EXPECTED_SUBSYSTEM[exe.name]}")
    resources = getattr(pe, "DIRECTORY_ENTRY_RESOURCE", None)
    resource_ids = {entry.id for entry in resources.entries} if resources is not None else set()
    if RT_GROUP_ICON not in resource_ids:
        problems.append(f"{exe.name}: no icon resource")
    strings = version_strings(pe)
    for key in ("FileVersion", "ProductVersion"):
        if strings.get(key) != expected_version:
            problems.append(f"{exe.name}: {key} is {strings.get(key)!r}, expected {expected_version!r}")
    if strings.get("OriginalFilename") != exe.name:
        problems.append(f"{exe.name}: OriginalFilename is {strings.get('OriginalFilename')!r}")
    return problems


def main(argv: list[str]) -> int:
    from pos_app import __version__

    folder = Path(argv[0]) if argv else ROOT / "dist" / "pos_app-onedir" / "pos_app"
    problems = []
    for name in EXPECTED_SUBSYSTEM:
        exe = folder / name
        if not exe.is_file():
            problems.append(f"missing {exe}")
            continue
        problems += check(exe, __version__)
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if not problems:
        print(f"ok: {', '.join(EXPECTED_SUBSYSTEM)} in {folder} carry icon and version {__version__}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
