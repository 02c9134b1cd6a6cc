"""build_scripts/constraints.txt pins every package of the dev environment, for Linux and Windows alike."""

from __future__ import annotations

import importlib.metadata

import pytest
from build_scripts_loader import BUILD_SCRIPTS
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

CONSTRAINTS = BUILD_SCRIPTS / "constraints.txt"
# Installed with the venv itself, or the project: not pinned on purpose (see the file's header).
UNPINNED = {"pip", "setuptools", "wheel", "pos-app"}

LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}


def pins() -> list[Requirement]:
    lines = CONSTRAINTS.read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_every_line_is_an_exact_pin() -> None:
    for req in pins():
        specifiers = list(req.specifier)
        assert len(specifiers) == 1, req
        assert specifiers[0].operator == "==", req
        assert not req.extras, req


def test_each_package_is_pinned_once_per_platform() -> None:
    for env in (LINUX, WINDOWS):
        names = [canonicalize_name(r.name) for r in pins() if r.marker is None or r.marker.evaluate(env)]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_installed_distribution_is_pinned_at_its_installed_version() -> None:
    pinned = {canonicalize_name(r.name): r for r in pins()}
    missing, wrong = [], []
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in UNPINNED:
            continue
        req = pinned.get(name)
        if req is None:
            missing.append(name)
        elif dist.version not in req.specifier:
            wrong.append(f"{name} installed {dist.version}, pinned {req.specifier}")
    assert missing == [], f"installed but not pinned (regenerate constraints.txt): {sorted(missing)}"
    assert wrong == [], wrong


def test_linux_only_keyring_backend_is_marked_and_windows_helpers_are_pinned() -> None:
    by_name = {canonicalize_name(r.name): r for r in pins()}
    for linux_only in ("jeepney", "secretstorage"):
        marker = by_name[linux_only].marker
        assert marker is not None
        assert marker.evaluate(LINUX)
        assert not marker.evaluate(WINDOWS)
    for windows_only in ("pywin32-ctypes", "pefile", "colorama"):
        marker = by_name[windows_only].marker
        assert marker is not None
        assert marker.evaluate(WINDOWS)
        assert not marker.evaluate(LINUX)


@pytest.mark.parametrize("name", ["pyside6-essentials", "shiboken6", "pyinstaller", "requests", "certifi"])
def test_what_goes_into_the_bundle_is_pinned_everywhere(name: str) -> None:
    req = next(r for r in pins() if canonicalize_name(r.name) == name)
    assert req.marker is None or Marker(str(req.marker)).evaluate(WINDOWS)
