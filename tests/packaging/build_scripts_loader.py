"""Helper for the packaging tests: load the build scripts (they live outside the pos_app package).

tests/packaging has no __init__.py on purpose: as a package it would be named "packaging" and shadow the
library of that name, so pytest imports these files by their own directory and names stay unique.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPTS = ROOT / "build_scripts"


def load_build_script(relative: str) -> ModuleType:
    """Import build_scripts/<relative> under a private name, so generic names like "build" cannot clash."""
    if str(BUILD_SCRIPTS) not in sys.path:
        sys.path.insert(0, str(BUILD_SCRIPTS))  # the scripts import each other (bundle_policy, dev)
    name = "pos_app_build_scripts_" + relative.replace("/", "_").removesuffix(".py")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BUILD_SCRIPTS / relative)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
