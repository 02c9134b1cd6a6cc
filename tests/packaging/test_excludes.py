"""The spec's exclude list against what pos_app really imports, so the frozen app never misses a module.

bundle_policy.module_excludes() is what pos_app.spec passes to PyInstaller.  Three views of "imported":
the import statements in pos_app's source (ast, every function body included), the modules Python has
loaded after importing every pos_app module (this catches what requests, sqlite-utils or keyring pull
in), and the image files under resources/ (each needs its Qt image plugin kept).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from build_scripts_loader import ROOT, load_build_script

policy = load_build_script("bundle_policy.py")
PACKAGE = ROOT / "pos_app"


def imported_modules(source_root: Path) -> dict[str, list[str]]:
    """Absolute module names imported anywhere under source_root → the files that import them."""
    found: dict[str, list[str]] = {}
    for path in sorted(source_root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # "from PySide6 import QtSvg" imports PySide6.QtSvg: count both spellings.
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            for name in names:
                found.setdefault(name, []).append(str(path.relative_to(source_root)))
    return found


def excluded_match(module: str, excludes: list[str]) -> str | None:
    return next((ex for ex in excludes if module == ex or module.startswith(ex + ".")), None)


def test_walker_sees_imports_inside_functions_and_from_imports(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import os\nfrom PySide6 import QtSvg\n\n"
        "def f():\n    import tkinter.ttk\n    from . import sibling\n",
        encoding="utf-8",
    )
    found = imported_modules(tmp_path)
    assert {"os", "PySide6", "PySide6.QtSvg", "tkinter.ttk"} <= set(found)
    assert excluded_match("PySide6.QtSvg", policy.module_excludes()) == "PySide6.QtSvg"
    assert excluded_match("tkinter.ttk", policy.module_excludes()) == "tkinter"
    assert not any(name.startswith(".") or name == "sibling" for name in found)


def test_used_qt_modules_are_never_excluded() -> None:
    excludes = policy.module_excludes()
    for module in policy.QT_MODULES_USED:
        assert f"PySide6.{module}" not in excludes
    # Everything installed that pos_app does not use is excluded, not merely "not imported".
    for module in policy.installed_qt_modules() - policy.QT_MODULES_USED:
        assert f"PySide6.{module}" in excludes


def test_pos_app_source_imports_nothing_the_spec_excludes() -> None:
    excludes = policy.module_excludes()
    clashes = {
        module: files
        for module, files in imported_modules(PACKAGE).items()
        if excluded_match(module, excludes) is not None
    }
    assert clashes == {}, f"excluded in bundle_policy but imported by pos_app: {clashes}"


def test_every_qt_module_pos_app_imports_is_declared_used() -> None:
    qt_imports = {
        module.split(".")[1]
        for module in imported_modules(PACKAGE)
        if module.startswith("PySide6.") and module.split(".")[1].startswith("Qt")
    }
    assert qt_imports, "pos_app imports no Qt module at all; the walker is broken"
    assert qt_imports <= policy.QT_MODULES_USED, qt_imports - policy.QT_MODULES_USED


@pytest.mark.timeout(120)
def test_importing_all_of_pos_app_loads_no_excluded_module() -> None:
    """Dependencies count too: import every pos_app module in a fresh interpreter and look at sys.modules."""
    script = (
        "import importlib, json, pkgutil, sys\n"
        "import pos_app\n"
        "for info in pkgutil.walk_packages(pos_app.__path__, 'pos_app.'):\n"
        "    if not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=110, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "PySide6.QtWidgets" in loaded  # it really imported the app
    assert "requests" in loaded
    excludes = policy.module_excludes()
    clashes = sorted(m for m in loaded if excluded_match(m, excludes) is not None)
    assert clashes == [], f"loaded at run time but excluded from the bundle: {clashes}"


def test_image_files_in_resources_have_their_qt_plugin_kept() -> None:
    kept_formats = policy.KEPT_QT_PLUGINS["imageformats"] or frozenset()
    for path in (ROOT / "resources").rglob("*"):
        suffix = path.suffix.lower()
        if not path.is_file() or suffix in policy.BUILTIN_IMAGE_SUFFIXES:
            continue
        plugin = policy.IMAGE_PLUGIN_FOR_SUFFIX.get(suffix)
        if plugin is not None:
            assert plugin in kept_formats, f"{path.name} needs the {plugin} image plugin"
