"""The exe's icon (resources/icons/app.ico) and version resource strings, checked on any platform."""

from __future__ import annotations

import struct

import pytest
from build_scripts_loader import ROOT, load_build_script

import pos_app

version_resource = load_build_script("windows/version_resource.py")
ICON = ROOT / "resources" / "icons" / "app.ico"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1), "not an ICO file"
    entries = []
    for index in range(count):
        width, height, _colors, _res, planes, bpp, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height
        assert (planes, bpp) == (1, 32)
        entries.append((width or 256, data[offset : offset + size]))
    return entries


def test_app_icon_has_every_size_windows_asks_for_as_png() -> None:
    entries = ico_entries(ICON.read_bytes())
    assert [size for size, _ in entries] == [16, 24, 32, 48, 64, 128, 256]
    for size, payload in entries:
        assert payload.startswith(PNG_SIGNATURE)
        width, height = struct.unpack(">II", payload[16:24])  # IHDR
        assert (width, height) == (size, size)


def test_icon_writer_lays_out_directory_and_payloads() -> None:
    make_icon = load_build_script("make_icon.py")
    data = make_icon.ico_bytes({16: PNG_SIGNATURE + b"a", 256: PNG_SIGNATURE + b"bb"})
    assert ico_entries(data) == [(16, PNG_SIGNATURE + b"a"), (256, PNG_SIGNATURE + b"bb")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.3.4.5", (2, 3, 4, 5)), ("1.0.0rc1", (1, 0, 0, 0))],
)
def test_version_numbers_for_the_fixed_file_info(text: str, expected: tuple[int, ...]) -> None:
    assert version_resource.version_tuple(text) == expected


@pytest.mark.parametrize("bad", ["", "v1", "70000.0.0"])
def test_unusable_versions_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="version"):
        version_resource.version_tuple(bad)


def test_string_table_names_the_exe_and_the_package_version() -> None:
    strings = version_resource.string_table(pos_app.__version__, "pos_app")
    assert strings["FileVersion"] == strings["ProductVersion"] == pos_app.__version__
    assert strings["OriginalFilename"] == "pos_app.exe"
    assert strings["InternalName"] == "pos_app"
    assert all(strings.values())
