"""The bare reference window and the benchmark probe hook, run unfrozen (fast) in child interpreters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from build_scripts_loader import BUILD_SCRIPTS, ROOT, load_build_script

build = load_build_script("build.py")
PROBE_HOOK = BUILD_SCRIPTS / "pyinstaller_hooks" / "rth_bench_probe.py"
REFERENCE = BUILD_SCRIPTS / "reference_app.py"
# What the frozen bootloader does: run the runtime hook, then the entry script as __main__.
RUN_LIKE_FROZEN = (
    "import runpy, sys\n"
    "exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'), {'__name__': 'rth'})\n"
    "sys.argv = sys.argv[2:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_APP_BENCH_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), **extra)
    return env


def run_reference(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_LIKE_FROZEN, str(PROBE_HOOK), str(REFERENCE), *args],
        env=child_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def recorded(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text("utf-8").splitlines())


def test_reference_self_test_passes_with_clean_stderr(tmp_path: Path) -> None:
    proc = run_reference(tmp_path, "--self-test")
    assert proc.returncode == 0, proc.stderr
    assert "self-test: ok" in proc.stdout
    assert build.unexpected_stderr_lines(proc.stderr) == []


def test_startup_probe_ends_a_normal_run_once_the_event_loop_runs(tmp_path: Path) -> None:
    out = tmp_path / "probe.txt"
    proc = run_reference(tmp_path, POS_APP_BENCH_PROBE="startup", POS_APP_BENCH_PROBE_OUT=str(out))
    assert proc.returncode == 0, proc.stderr  # without the probe this run would wait for a person
    facts = recorded(out)
    assert facts["probe"] == "startup"
    assert float(facts["hook_at"]) <= float(facts["exec_at"])
    assert "rss_kb" not in facts


def test_ready_probe_records_when_the_window_is_usable_and_when_it_quit(tmp_path: Path) -> None:
    out = tmp_path / "probe.txt"
    proc = run_reference(tmp_path, POS_APP_BENCH_PROBE="ready", POS_APP_BENCH_PROBE_OUT=str(out))
    assert proc.returncode == 0, proc.stderr
    facts = recorded(out)
    # the bare window has no is_ready(): usable once its event loop runs
    assert float(facts["exec_at"]) <= float(facts["ready_at"]) <= float(facts["quit_at"])


def test_startup_probe_can_quit_later_into_start_up(tmp_path: Path) -> None:
    out = tmp_path / "probe.txt"
    proc = run_reference(
        tmp_path,
        POS_APP_BENCH_PROBE="startup",
        POS_APP_BENCH_PROBE_OUT=str(out),
        POS_APP_BENCH_QUIT_AFTER_MS="300",
    )
    assert proc.returncode == 0, proc.stderr
    facts = recorded(out)
    # Qt's coarse timers may fire up to 5 % early; without the variable it quits at once (< 0.05 s)
    assert float(facts["quit_at"]) - float(facts["exec_at"]) >= 0.25


def test_idle_probe_records_resident_memory_from_proc(tmp_path: Path) -> None:
    out = tmp_path / "probe.txt"
    proc = run_reference(
        tmp_path, POS_APP_BENCH_PROBE="idle", POS_APP_BENCH_PROBE_OUT=str(out), POS_APP_BENCH_IDLE_MS="50"
    )
    assert proc.returncode == 0, proc.stderr
    facts = recorded(out)
    assert facts["probe"] == "idle"
    if sys.platform.startswith("linux"):
        assert int(facts["rss_kb"]) > 10_000  # a Qt process is well over 10 MB
    else:
        assert facts["rss_kb"] == ""


def test_probe_hook_is_inert_without_its_variable(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        f"exec(open({str(PROBE_HOOK)!r}, encoding='utf-8').read(), {{'__name__': 'rth'}})\n"
        "print('PySide6' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], env=child_env(tmp_path), capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"  # nothing imported, nothing patched


@pytest.mark.parametrize(
    ("stderr", "unexpected"),
    [
        ("", []),
        ("This plugin does not support propagateSizeHints()\n", []),
        (
            "This plugin does not support propagateSizeHints()\nQFont::setPointSize: bad\n",
            ["QFont::setPointSize: bad"],
        ),
        (
            "Traceback (most recent call last):\n  File x\n",
            ["Traceback (most recent call last):", "  File x"],
        ),
    ],
)
def test_only_known_harmless_stderr_lines_are_tolerated(stderr: str, unexpected: list[str]) -> None:
    assert build.unexpected_stderr_lines(stderr) == unexpected
