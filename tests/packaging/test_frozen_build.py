"""The real thing: build the onedir bundle with build_scripts/build.py and run its frozen self-test.

Slow (a PyInstaller run, about a minute with a warm cache) but part of the full suite, because a frozen
app can break in ways no unfrozen test sees: a module or data file not collected, a Qt plugin dropped
by the bundle policy, a hook gone stale after a dependency bump.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from build_scripts_loader import BUILD_SCRIPTS, ROOT


@pytest.mark.slow
@pytest.mark.timeout(480)
def test_onedir_build_passes_its_frozen_self_test_with_clean_stderr(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, str(BUILD_SCRIPTS / "build.py"), "--report", str(report_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=450,
        check=False,
    )
    output = (proc.stdout + proc.stderr)[-4000:]
    assert proc.returncode == 0, output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["variant"] == "onedir"
    app = report["results"]["pos_app"]
    assert app["self_test_returncode"] == 0, output
    assert app["unexpected_stderr"] == [], output
    assert app["bundle_problems"] == [], output
    assert app["self_test_ok"] is True

    bundle = ROOT / app["output"]
    executable = bundle / ("pos_app_debug.exe" if sys.platform == "win32" else "pos_app")
    assert executable.is_file()
    assert app["size_bytes"] > 20 * 2**20  # Qt alone is bigger than that: a real bundle, not a stub

    # The start-up probe ran inside the frozen binary: timings came from its runtime hook.
    assert len(app["startup_runs_s"]) == 5
    assert len(app["event_loop_runs_s"]) == 5
    assert 0 < app["interpreter_ready_median_s"] < app["event_loop_median_s"] <= app["startup_median_s"]
    if sys.platform.startswith("linux"):
        assert app["idle_rss_kb"] > 10_000
