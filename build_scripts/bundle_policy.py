"""What goes into the frozen bundle and what stays out: one policy shared by pos_app.spec and reference.spec.

PyInstaller's PySide6 hooks collect every plugin type and every Qt translation a Qt module could ever use
(Wayland, EGL, SVG icons, TLS backends, 30 languages…).  A counter PC needs far less, and the size budget is
a ratio against a bare PySide6 window slimmed by these same rules, so both specs import them from here.

The rules:
- Qt Python modules: only `QT_MODULES_USED` are allowed in; every other PySide6 module is excluded
  (tests/packaging/test_excludes.py checks that pos_app imports none of them).
- Qt plugins: only the types and names in `KEPT_QT_PLUGINS`.  The platform plugins (offscreen for the
  self-test, xcb on Linux, windows, cocoa), the input-method plugins Korean typing needs on Linux (ibus, and
  compose for dead keys; Windows IMEs work through the windows platform plugin itself), the print support,
  the Windows 11 style, and the .ico reader for window icons.  The filtering happens inside our own Qt
  hooks (build_scripts/pyinstaller_hooks), before PyInstaller's binary dependency analysis, so the
  libraries that only dropped plugins need (libQt6WaylandClient, libQt6Svg, EGL…) never enter the bundle.
- Qt translations: only the languages the app offers (Korean, English).
- Python modules: big stdlib parts the app never imports (tkinter, unittest, pydoc…) and the dev tools
  that live in the same venv (pytest, mypy, hypothesis, PyInstaller…).
- Binaries: the 20 MB software OpenGL renderer on Windows (widgets paint with the raster engine), and on
  Linux the host's print system (libcups and the TLS/Kerberos stack only it needs; see
  HOST_PROVIDED_LINUX_LIBRARIES).

This module is imported by the spec files and by our PyInstaller hooks (via sys.path), and by tests; it
uses only the standard library.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path, PurePath

# The Qt modules pos_app may import.  Adding one here is the deliberate act that lets it into the bundle.
QT_MODULES_USED: frozenset[str] = frozenset({"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"})
# The bare reference window needs only these.
QT_MODULES_REFERENCE: frozenset[str] = frozenset({"QtCore", "QtGui", "QtWidgets"})

# Every PySide6 module name that exists on some platform (6.7–6.12).  Whatever is installed is added at
# build time too (see qt_module_excludes), so a newer PySide6 cannot sneak a module past this list.
KNOWN_QT_MODULES: frozenset[str] = frozenset(
    {
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
        "QtBluetooth", "QtCharts", "QtConcurrent", "QtCore", "QtDBus", "QtDataVisualization", "QtDesigner",
        "QtGraphs", "QtGraphsWidgets", "QtGui", "QtHelp", "QtHttpServer", "QtLabsStyleKit", "QtLocation",
        "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL",
        "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml",
        "QtQmlFeatures", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
        "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
        "QtStateMachine", "QtSvg", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
        "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
    }
)  # fmt: skip

# Plugin type -> plugin names kept (file name without "lib" prefix and extension); None keeps the whole type.
# Types not listed are dropped entirely: egldeviceintegrations, generic, iconengines, platformthemes,
# networkinformation, tls, sqldrivers, qmltooling, wayland-*, xcbglintegrations (no OpenGL in a widget app).
KEPT_QT_PLUGINS: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qoffscreen", "qxcb", "qwindows", "qcocoa"}),
    "platforms/darwin": None,
    # ibus carries Korean (and every other) IME on Linux desktops; compose handles dead keys.
    "platforminputcontexts": frozenset(
        {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}
    ),
    "printsupport": None,
    "styles": None,  # Windows 11 style (qmodernwindowsstyle); empty on Linux
    "imageformats": frozenset({"qico"}),  # PNG/BMP/XPM are built into QtGui
}

# Image formats Qt reads without a plugin; any other image type under resources/ needs its plugin kept.
BUILTIN_IMAGE_SUFFIXES: frozenset[str] = frozenset({".png", ".bmp", ".ppm", ".pbm", ".pgm", ".xbm", ".xpm"})
IMAGE_PLUGIN_FOR_SUFFIX: dict[str, str] = {
    ".ico": "qico", ".jpg": "qjpeg", ".jpeg": "qjpeg", ".gif": "qgif", ".svg": "qsvg", ".webp": "qwebp",
    ".tif": "qtiff", ".tiff": "qtiff", ".tga": "qtga", ".icns": "qicns", ".wbmp": "qwbmp",
}  # fmt: skip

# Qt's own translations (standard dialogs, context menus) for the languages the app offers; "qt_xx" is
# the catalogue that loads "qtbase_xx".
APP_LANGUAGES: tuple[str, ...] = ("ko", "en")
QT_TRANSLATION_CATALOGUES: tuple[str, ...] = ("qt", "qtbase")

# multiprocessing: nothing in the app starts processes; it is only reachable through asyncio's
# concurrent.futures, and bundled it brings PyInstaller's multiprocessing runtime hook, which imports it
# at every start (~12 ms before the first line of the app). tests/packaging checks nothing loads it.
STDLIB_EXCLUDES: tuple[str, ...] = (
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "unittest", "doctest", "pydoc", "pydoc_data",
    "lib2to3", "test", "ensurepip", "venv", "distutils", "curses", "_curses", "xmlrpc", "pdb",
    "multiprocessing",
)  # fmt: skip
DEV_TOOL_EXCLUDES: tuple[str, ...] = (
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "mypyc", "ruff",
    "importlinter", "grimp", "jsonschema", "jsonschema_specifications", "PyInstaller", "setuptools",
    "pkg_resources", "pip", "IPython", "numpy", "rich", "pygments", "markdown_it",
)  # fmt: skip

# Strip symbols from Linux/macOS binaries: Python builds often ship an unstripped libpython (20+ MB).
# Windows binaries carry no symbols (PyInstaller ignores strip there).  No UPX anywhere: it slows start-up
# and makes virus scanners flag the exe.
STRIP_BINARIES: bool = sys.platform != "win32"

# Linux: the print system belongs to the host.  Qt's CUPS plugin links libcups, and PyInstaller would
# bundle the build machine's libcups with its private TLS/Kerberos/Avahi stack (~7 MB: gnutls, krb5,
# p11-kit, nettle…).  Left out, the plugin uses the host's libcups, which every Linux desktop that can
# print has; without it Qt simply lists no printers.  Libraries that something else in the bundle needs
# stay (see drop_host_provided_libraries).
HOST_PROVIDED_LINUX_LIBRARIES: frozenset[str] = frozenset({"libcups.so.2"})

# Binaries never wanted (matched against the file name, case-insensitively).
DROPPED_BINARY_NAMES: frozenset[str] = frozenset({"opengl32sw.dll"})

_PLUGIN_STEM = re.compile(r"^(?:lib)?(?P<name>.+?)(?:\.so(?:\.\d+)*|\.dll|\.dylib)$", re.IGNORECASE)


def installed_qt_modules() -> frozenset[str]:
    """The PySide6 extension modules in the installed package (found on disk, without importing Qt)."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    names = set()
    for location in spec.submodule_search_locations:
        for entry in Path(location).iterdir():
            if entry.name.startswith("Qt") and entry.suffix in {".so", ".pyd"}:
                names.add(entry.name.split(".", 1)[0])
    return frozenset(names)


def qt_module_excludes(used: Iterable[str] = QT_MODULES_USED) -> list[str]:
    """Dotted names of every PySide6 module not in `used`, for the spec's `excludes`."""
    wanted = set(used)
    every = KNOWN_QT_MODULES | installed_qt_modules()
    return sorted(f"PySide6.{name}" for name in every - wanted)


def module_excludes(used_qt_modules: Iterable[str] = QT_MODULES_USED) -> list[str]:
    """The complete `excludes` list for Analysis."""
    return [*qt_module_excludes(used_qt_modules), *STDLIB_EXCLUDES, *DEV_TOOL_EXCLUDES]


def plugin_kept(plugin_type: str, file_name: str) -> bool:
    """Whether a Qt plugin file of the given type (directory under Qt/plugins) belongs in the bundle."""
    if plugin_type not in KEPT_QT_PLUGINS:
        return False
    names = KEPT_QT_PLUGINS[plugin_type]
    if names is None:
        return True
    match = _PLUGIN_STEM.match(file_name)
    return match is not None and match.group("name").lower() in names


def _plugin_type_of(dest_dir: str) -> str | None:
    parts = PurePath(dest_dir.replace("\\", "/")).parts
    if "plugins" not in parts:
        return None
    return "/".join(parts[parts.index("plugins") + 1 :])


def _file_name(path: str) -> str:
    """Base name of a Windows or POSIX path, whatever the platform the build runs on."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def filter_hook_binaries(binaries: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the (source, destination directory) pairs of a Qt hook that the policy allows."""
    kept = []
    for source, dest_dir in binaries:
        plugin_type = _plugin_type_of(dest_dir)
        if plugin_type is not None and not plugin_kept(plugin_type, _file_name(source)):
            continue
        if _file_name(source).lower() in DROPPED_BINARY_NAMES:
            continue
        kept.append((source, dest_dir))
    return kept


def translation_kept(file_name: str) -> bool:
    """Qt translations are named like qtbase_ko.qm or qt_help_pt_BR.qm: keep the catalogues/languages used."""
    stem = file_name.rsplit(".", 1)[0]
    wanted = {f"{catalogue}_{lang}" for catalogue in QT_TRANSLATION_CATALOGUES for lang in APP_LANGUAGES}
    return stem in wanted


def filter_hook_datas(datas: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep the (source, destination directory) data pairs of a Qt hook that the policy allows."""
    kept = []
    for source, dest_dir in datas:
        in_translations = "translations" in PurePath(dest_dir.replace("\\", "/")).parts
        if source.endswith(".qm") and in_translations and not translation_kept(_file_name(source)):
            continue
        kept.append((source, dest_dir))
    return kept


def slim_qt6_dependencies(hook_file: str) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Body of our hook-PySide6.Qt*.py overrides: PyInstaller's own collection, filtered by this policy.

    PyInstaller prefers hooks from `hookspath` to its built-in ones.  Filtering must happen here, not on the
    finished TOC, because PyInstaller analyses the link-time dependencies of every collected plugin after
    the hooks run: a plugin dropped later would still drag its libraries (Wayland, EGL, SVG…) in.
    """
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)
    return list(hiddenimports), filter_hook_binaries(binaries), filter_hook_datas(datas)


def direct_elf_needs(path: str) -> set[str]:
    """The DT_NEEDED entries of an ELF file (the libraries it names itself, not theirs)."""
    import subprocess

    out = subprocess.run(
        ["objdump", "-p", path], capture_output=True, text=True, check=True, errors="replace"
    ).stdout
    return {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}


def drop_host_provided_libraries(
    binaries: list[tuple[str, str, str]], platform: str = sys.platform
) -> list[tuple[str, str, str]]:
    """Remove HOST_PROVIDED_LINUX_LIBRARIES and whatever only they need (Linux; elsewhere a no-op).

    Mark and sweep over the direct link-time dependencies (ELF DT_NEEDED, read with objdump, which
    PyInstaller needs on Linux anyway; ldd would not do, it lists the transitive closure): a library
    reachable from a host-provided one is dropped only if nothing outside that group reaches it.
    """
    if not platform.startswith("linux"):
        return list(binaries)
    by_name = {PurePath(dest).name: src for dest, src, _kind in binaries}

    def needs(name: str) -> set[str]:
        return direct_elf_needs(by_name[name]) & by_name.keys()

    def closure(start: Iterable[str], stop_at: frozenset[str] = frozenset()) -> set[str]:
        seen: set[str] = set()
        stack = [name for name in start if name not in stop_at]
        while stack:
            name = stack.pop()
            if name not in seen:
                seen.add(name)
                stack.extend(needs(name) - stop_at)
        return seen

    host_group = closure(HOST_PROVIDED_LINUX_LIBRARIES & by_name.keys())
    if not host_group:
        return list(binaries)
    # What the rest of the bundle reaches, treating the host-provided libraries as dead ends.
    still_needed = closure(by_name.keys() - host_group, stop_at=HOST_PROVIDED_LINUX_LIBRARIES)
    dropped = host_group - still_needed
    return [entry for entry in binaries if PurePath(entry[0]).name not in dropped]


def toc_entry_dropped(dest_name: str) -> bool:
    """For the final TOC pass in the spec: entries the hooks could not filter (e.g. Windows extras)."""
    normalised = dest_name.replace("\\", "/")
    name = normalised.rsplit("/", 1)[-1]
    if name.lower() in DROPPED_BINARY_NAMES:
        return True
    plugin_type = _plugin_type_of(normalised.rsplit("/", 1)[0]) if "/" in normalised else None
    return plugin_type is not None and not plugin_kept(plugin_type, name)


def check_toc(binaries: Iterable[tuple[str, ...]], datas: Iterable[tuple[str, ...]]) -> None:
    """Fail the build if anything the policy drops is still in the TOC (e.g. our hooks were not used)."""
    leaked = [entry[0] for entry in binaries if toc_entry_dropped(entry[0])]
    leaked += [
        entry[0]
        for entry in datas
        if entry[0].endswith(".qm")
        and "/translations/" in entry[0].replace("\\", "/")
        and entry[0].replace("\\", "/").startswith("PySide6/")
        and not translation_kept(entry[0].rsplit("/", 1)[-1])
    ]
    if leaked:
        raise SystemExit("bundle_policy: these should have been left out: " + ", ".join(sorted(leaked)))


# Files under resources/ that are sources, not runtime data.
RESOURCE_SOURCE_SUFFIXES: frozenset[str] = frozenset({".ts", ".pro", ".md"})
# Data files the frozen app cannot work without (destination paths inside the bundle).
REQUIRED_DATAS: tuple[str, ...] = ("certifi/cacert.pem",)


def resource_datas(resources: Path) -> list[tuple[str, str]]:
    """(source, destination directory) pairs for everything under resources/ the app reads at run time.

    Translations must be compiled: a .ts without an up-to-date .qm beside it stops the build, because the
    frozen app would silently fall back to the untranslated source text.
    """
    stale = [
        ts.name
        for ts in sorted(resources.rglob("*.ts"))
        if not ts.with_suffix(".qm").exists() or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
    ]
    if stale:
        raise SystemExit("bundle_policy: compile the translations first (build.py does): " + ", ".join(stale))
    pairs = []
    for path in sorted(resources.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.suffix in RESOURCE_SOURCE_SUFFIXES:
            continue
        dest_dir = Path("resources") / path.parent.relative_to(resources)
        pairs.append((str(path), dest_dir.as_posix()))
    return pairs


def check_required_datas(datas: Iterable[tuple[str, ...]]) -> None:
    """Fail the build if a data file the frozen app needs was not collected."""
    present = {entry[0].replace("\\", "/") for entry in datas}
    missing = [name for name in REQUIRED_DATAS if name not in present]
    if missing:
        raise SystemExit("bundle_policy: required data files were not collected: " + ", ".join(missing))
