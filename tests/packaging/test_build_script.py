"""build_scripts/build.py without PyInstaller: bundle checks, paths, probe arithmetic and the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from build_scripts_loader import load_build_script

build = load_build_script("build.py")

LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle layout")


def app_target(onefile: bool = False) -> Any:
    return build.Target("pos_app", build.BUILD_SCRIPTS / "pos_app.spec", "pos_app", onefile)


def fake_linux_bundle(root: Path) -> Path:
    """The files verify_bundle looks for in a Linux onedir bundle, as empty placeholders."""
    internal = root / "dist" / "pos_app-onedir" / "pos_app" / "_internal"
    for relative in (
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/QtWidgets.abi3.so",
        "certifi/cacert.pem",
        "resources/icons/app.ico",
        "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
        "python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so",
    ):
        (internal / relative).parent.mkdir(parents=True, exist_ok=True)
        (internal / relative).write_bytes(b"")
    return internal


@LINUX_ONLY
def test_a_complete_bundle_has_no_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "ROOT", tmp_path)
    fake_linux_bundle(tmp_path)
    assert build.verify_bundle(app_target()) == []


@LINUX_ONLY
def test_missing_plugins_data_and_excluded_modules_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "ROOT", tmp_path)
    internal = fake_linux_bundle(tmp_path)
    (internal / "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so").unlink()
    (internal / "certifi/cacert.pem").unlink()
    (internal / "PySide6/QtQml.abi3.so").write_bytes(b"")
    (tmp_path / "resources" / "i18n").mkdir(parents=True)
    (tmp_path / "resources" / "i18n" / "pos_app_en.ts").write_text("<TS/>", encoding="utf-8")
    problems = build.verify_bundle(app_target())
    assert len(problems) == 4, problems
    assert any("ibus" in p for p in problems)
    assert any("cacert.pem" in p for p in problems)
    assert any("QtQml" in p for p in problems)
    assert any("pos_app_en.qm" in p for p in problems)


def test_output_and_test_executable_paths() -> None:
    onedir, onefile = app_target(), app_target(onefile=True)
    assert onedir.output == build.ROOT / "dist" / "pos_app-onedir" / "pos_app"
    assert onedir.work == build.ROOT / "build" / "pyinstaller" / "pos_app-onedir"
    if sys.platform == "win32":  # the console twin runs the self-test there
        assert onedir.test_executable == onedir.output / "pos_app_debug.exe"
        assert onefile.test_executable == onefile.dist / "pos_app_debug.exe"
    else:
        assert onedir.test_executable == onedir.output / "pos_app"
        assert onefile.test_executable == onefile.output
    assert onedir.run_args(Path("/h")) == ["--data-dir", str(Path("/h") / "pos_app-data")]
    reference = build.Target("reference", build.BUILD_SCRIPTS / "reference.spec", "reference_app", False)
    assert reference.run_args(Path("/h")) == []


def test_probe_timestamps_are_relative_to_the_spawn() -> None:
    run = build.ProbeRun(wall_s=1.0, recorded={"hook_at": "100.25", "exec_at": "100.75"}, spawned_at=100.0)
    assert run.since_spawn("hook_at") == 0.25
    assert run.since_spawn("exec_at") == 0.75
    assert run.since_spawn("rss_kb") is None


def test_quit_to_gone_is_measured_against_the_end_of_the_process() -> None:
    run = build.ProbeRun(wall_s=1.0, recorded={"quit_at": "100.5"}, spawned_at=100.0, ended_at=100.625)
    assert run.until_gone("quit_at") == 0.125
    assert run.until_gone("ready_at") is None
    assert build.ProbeRun(wall_s=1.0, recorded={"quit_at": "1"}, spawned_at=0.0).until_gone("quit_at") is None


def test_isolated_env_keeps_runs_away_from_real_folders_and_stale_probe_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POS_APP_BENCH_PROBE", "idle")
    env = build.isolated_env(Path("/iso"), EXTRA="1")
    assert "POS_APP_BENCH_PROBE" not in env
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["POS_APP_NO_KEYRING"] == "1"
    assert env["HOME"] == str(Path("/iso"))
    assert env["XDG_DATA_HOME"] == str(Path("/iso") / "data")
    assert env["EXTRA"] == "1"


def test_report_holds_medians_and_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    def measured(label: str, size: int, runs: list[float], rss: int) -> Any:
        m = build.Measurement(label, f"dist/{label}", size, True, 0, [])
        m.startup_runs_s, m.event_loop_runs_s, m.idle_rss_kb = runs, [r / 2 for r in runs], rss
        m.interpreter_ready_runs_s = [0.01 for _ in runs]
        m.ready_runs_s = list(runs)
        m.quit_to_gone_runs_s = [r / 10 for r in runs]
        return m

    app = measured("pos_app", 120, [0.9, 0.5, 0.6, 0.7, 0.8], 100_000)
    ref = measured("reference", 100, [0.2, 0.4, 0.3, 0.5, 0.1], 50_000)
    report = build.summary({"pos_app": app, "reference": ref}, onefile=False)
    assert report["ratios"] == {
        "size": 1.2,
        "startup": 2.333,
        "startup_to_event_loop": 2.333,
        "tabs_usable": 2.333,
        "quit_to_gone": 2.333,
        "idle_rss": 2.0,
    }
    assert report["results"]["pos_app"]["startup_median_s"] == 0.7
    assert "ratios vs reference: size 1.20x" in capsys.readouterr().out
