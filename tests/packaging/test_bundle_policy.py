"""bundle_policy: which Qt plugins, translations, resources and libraries go into the frozen bundle."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from build_scripts_loader import load_build_script

policy = load_build_script("bundle_policy.py")

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    ("plugin_type", "file_name"),
    [
        ("platforms", "libqxcb.so"),
        ("platforms", "libqoffscreen.so"),
        ("platforms", "qwindows.dll"),
        ("platforms", "libqcocoa.dylib"),
        ("platforminputcontexts", "libibusplatforminputcontextplugin.so"),
        ("platforminputcontexts", "libcomposeplatforminputcontextplugin.so"),
        ("printsupport", "libcupsprintersupport.so"),
        ("styles", "qmodernwindowsstyle.dll"),
        ("imageformats", "qico.dll"),
        ("imageformats", "libqico.so"),
    ],
)
def test_plugins_the_counter_needs_are_kept(plugin_type: str, file_name: str) -> None:
    assert policy.plugin_kept(plugin_type, file_name)


@pytest.mark.parametrize(
    ("plugin_type", "file_name"),
    [
        ("platforms", "libqwayland.so"),
        ("platforms", "libqeglfs.so"),
        ("platforms", "libqvnc.so"),
        ("platforms", "qdirect2d.dll"),
        ("platforminputcontexts", "libqtvirtualkeyboardplugin.so"),  # would pull QtQuick and QtQml
        ("imageformats", "libqsvg.so"),  # would pull QtSvg
        ("imageformats", "qpdf.dll"),
        ("iconengines", "libqsvgicon.so"),
        ("platformthemes", "libqgtk3.so"),
        ("tls", "qopensslbackend.dll"),  # TLS is requests' job, not QtNetwork's
        ("sqldrivers", "libqsqlite.so"),  # the journal uses Python's sqlite3
        ("wayland-shell-integration", "libxdg-shell.so"),
        ("xcbglintegrations", "libqxcb-glx-integration.so"),
        ("egldeviceintegrations", "libqeglfs-kms-integration.so"),
        ("generic", "libqevdevkeyboardplugin.so"),
    ],
)
def test_plugins_nobody_uses_are_dropped(plugin_type: str, file_name: str) -> None:
    assert not policy.plugin_kept(plugin_type, file_name)


def test_hook_binaries_are_filtered_by_destination_directory_on_both_path_styles() -> None:
    binaries = [
        ("/qt/plugins/platforms/libqxcb.so", f"{PLUGINS}/platforms"),
        ("/qt/plugins/platforms/libqwayland.so", f"{PLUGINS}/platforms"),
        ("C:\\qt\\plugins\\platforms\\qwindows.dll", "PySide6\\plugins\\platforms"),
        ("C:\\qt\\plugins\\tls\\qschannelbackend.dll", "PySide6\\plugins\\tls"),
        ("/qt/lib/libQt6Gui.so.6", "PySide6/Qt/lib"),  # not a plugin: untouched
        ("C:\\qt\\opengl32sw.dll", "PySide6"),  # software OpenGL: always dropped
    ]
    kept = policy.filter_hook_binaries(binaries)
    assert [Path(src.replace("\\", "/")).name for src, _ in kept] == [
        "libqxcb.so",
        "qwindows.dll",
        "libQt6Gui.so.6",
    ]


def test_only_korean_and_english_qt_translations_are_kept() -> None:
    datas = [
        (f"/qt/translations/{name}", "PySide6/Qt/translations")
        for name in (
            "qtbase_ko.qm",
            "qt_ko.qm",
            "qtbase_en.qm",
            "qtbase_ja.qm",
            "qt_help_ko.qm",
            "qtbase_pt_BR.qm",
        )
    ]
    datas.append(("/somewhere/else/notes_ja.qm", "pos_app/data"))  # not Qt's: untouched
    kept = [Path(src).name for src, _ in policy.filter_hook_datas(datas)]
    assert kept == ["qtbase_ko.qm", "qt_ko.qm", "qtbase_en.qm", "notes_ja.qm"]


def test_final_toc_pass_catches_what_the_hooks_missed() -> None:
    assert policy.toc_entry_dropped("opengl32sw.dll")
    assert policy.toc_entry_dropped("PySide6/Qt/plugins/iconengines/libqsvgicon.so")
    assert policy.toc_entry_dropped("PySide6\\plugins\\platforms\\qdirect2d.dll")
    assert not policy.toc_entry_dropped("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert not policy.toc_entry_dropped("PySide6/Qt/lib/libQt6Widgets.so.6")


def test_check_toc_fails_the_build_when_a_dropped_plugin_slipped_in() -> None:
    good = [("PySide6/Qt/plugins/platforms/libqxcb.so", "/src", "BINARY")]
    policy.check_toc(good, [("PySide6/Qt/translations/qtbase_ko.qm", "/src", "DATA")])
    with pytest.raises(SystemExit, match="libqwayland"):
        policy.check_toc([*good, ("PySide6/Qt/plugins/platforms/libqwayland.so", "/src", "BINARY")], [])
    with pytest.raises(SystemExit, match="qtbase_de"):
        policy.check_toc(good, [("PySide6/Qt/translations/qtbase_de.qm", "/src", "DATA")])


def test_required_data_files_are_checked() -> None:
    policy.check_required_datas([("certifi/cacert.pem", "/src", "DATA")])
    with pytest.raises(SystemExit, match=r"certifi/cacert\.pem"):
        policy.check_required_datas([("certifi/py.typed", "/src", "DATA")])


def test_resources_are_bundled_without_translation_sources(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "icons").mkdir()
    ts, qm = tmp_path / "i18n" / "pos_app_en.ts", tmp_path / "i18n" / "pos_app_en.qm"
    ts.write_text("<TS/>", encoding="utf-8")
    qm.write_bytes(b"qm")
    os.utime(ts, (1_000_000, 1_000_000))  # the .qm is newer than its source
    (tmp_path / "icons" / "app.ico").write_bytes(b"ico")
    (tmp_path / "styles.qss").write_text("QWidget {}", encoding="utf-8")
    pairs = sorted((Path(src).name, dest) for src, dest in policy.resource_datas(tmp_path))
    assert pairs == [
        ("app.ico", "resources/icons"),
        ("pos_app_en.qm", "resources/i18n"),
        ("styles.qss", "resources"),
    ]


def test_a_translation_without_a_fresh_qm_stops_the_build(tmp_path: Path) -> None:
    ts = tmp_path / "pos_app_en.ts"
    ts.write_text("<TS/>", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"pos_app_en\.ts"):
        policy.resource_datas(tmp_path)
    qm = tmp_path / "pos_app_en.qm"
    qm.write_bytes(b"qm")
    os.utime(qm, (1_000_000, 1_000_000))  # older than the source: stale
    with pytest.raises(SystemExit, match=r"pos_app_en\.ts"):
        policy.resource_datas(tmp_path)


def test_host_provided_libraries_go_with_what_only_they_need(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = {
        "/src/libcups.so.2": {"libgnutls.so.30", "libz.so.1", "libc.so.6"},
        "/src/libgnutls.so.30": {"libnettle.so.8", "libc.so.6"},
        "/src/libnettle.so.8": {"libc.so.6"},
        "/src/libz.so.1": {"libc.so.6"},
        "/src/libcupsprintersupport.so": {"libcups.so.2", "libQt6PrintSupport.so.6"},
        "/src/libQt6PrintSupport.so.6": set(),
        "/src/zlib.so": {"libz.so.1"},
    }
    monkeypatch.setattr(policy, "direct_elf_needs", lambda path: graph[path])
    binaries = [(Path(src).name, src, "BINARY") for src in graph]
    kept = {name for name, _src, _kind in policy.drop_host_provided_libraries(binaries, "linux")}
    # libcups and its private TLS stack go; zlib stays because the zlib module needs it too; the plugin
    # stays and will load the host's libcups.
    assert kept == {"libz.so.1", "libcupsprintersupport.so", "libQt6PrintSupport.so.6", "zlib.so"}


def test_nothing_is_dropped_when_no_host_provided_library_was_collected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(policy, "direct_elf_needs", lambda path: set())
    binaries = [("libz.so.1", "/src/libz.so.1", "BINARY")]
    assert policy.drop_host_provided_libraries(binaries, "linux") == binaries
    assert policy.drop_host_provided_libraries(binaries, "win32") == binaries


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("objdump") is None, reason="ELF tools"
)
def test_direct_elf_needs_reads_only_the_libraries_a_file_names_itself() -> None:
    import _sqlite3

    needs = policy.direct_elf_needs(_sqlite3.__file__)
    assert any(name.startswith("libsqlite3.so") for name in needs)
    # ldd would also list what libsqlite3 itself needs (libm); DT_NEEDED does not.
    assert "libm.so.6" not in needs
