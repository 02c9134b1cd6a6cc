"""`python -m pos_app --self-test` as packaging runs it on the frozen binary: exit 0 if all works, else 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "POS_APP_NO_KEYRING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pos_app", "--self-test", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_self_test_passes_against_the_sandbox() -> None:
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test ok" in result.stdout


def test_self_test_in_english_passes_too() -> None:
    result = _run("--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr


def test_self_test_fails_with_exit_code_1_and_says_why(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = _run("--data-dir", str(not_a_folder))
    assert result.returncode == 1
    assert "self-test FAILED" in result.stdout
