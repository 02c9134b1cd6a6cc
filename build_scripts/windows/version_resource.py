"""The Windows version resource (file properties → Details) of pos_app.exe, built from pos_app.__version__.

Generated at build time rather than kept as a hand-edited text file, so the exe can never claim a
different version than the package it contains.  pos_app.spec passes `version_resource(...)` to EXE();
PyInstaller ignores it on other platforms.
"""

from __future__ import annotations

import re
from typing import Any

COMPANY = "pos_app"
PRODUCT = "pos_app 카드 키인 결제 (PortOne V1 · KSNET)"
DESCRIPTION = "Counter key-in card payments through PortOne V1 (KSNET)"
COPYRIGHT = "© pos_app contributors"
# 0x0412 = Korean, 0x04B0 = code page 1200 (UTF-16): the language the shop sees first.
LANGUAGE_ID = 0x0412
CODEPAGE = 1200


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0); pre-release/local suffixes are dropped (Windows wants four 16-bit numbers)."""
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    parts = tuple(int(p) if p is not None else 0 for p in match.groups())
    if any(p > 0xFFFF for p in parts):
        raise ValueError(f"version parts must fit 16 bits: {version!r}")
    return parts  # type: ignore[return-value]


def string_table(version: str, exe_name: str) -> dict[str, str]:
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": exe_name,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }


def version_resource(version: str, exe_name: str) -> Any:
    """A PyInstaller VSVersionInfo for the given package version and exe base name."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    numbers = version_tuple(version)
    lang_cp = f"{LANGUAGE_ID:04X}{CODEPAGE:04X}"
    strings = string_table(version, exe_name)
    return VSVersionInfo(
        ffi=FixedFileInfo(
            filevers=numbers,
            prodvers=numbers,
            mask=0x3F,
            flags=0x0,
            OS=0x40004,  # VOS_NT_WINDOWS32
            fileType=0x1,  # VFT_APP
            subtype=0x0,
            date=(0, 0),
        ),
        kids=[
            StringFileInfo([StringTable(lang_cp, [StringStruct(k, v) for k, v in strings.items()])]),
            VarFileInfo([VarStruct("Translation", [LANGUAGE_ID, CODEPAGE])]),
        ],
    )
