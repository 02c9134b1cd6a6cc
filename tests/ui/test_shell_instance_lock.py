"""A second instance on the same data folder is refused with a clear message; a dead holder's lock is
taken over; two data folders never meet (issue 13, item 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import pos_app.app as app_module
from pos_app.app import SECOND_INSTANCE_EXIT, parse_args, run_window
from pos_app.ui.shell.instance_lock import LOCK_NAME, InstanceLock, refusal_text

_HOLD = """
import sys
from pathlib import Path
from pos_app.ui.shell.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("taken" if lock.acquire() is None else "refused", flush=True)
sys.stdin.readline()
"""


def _holder(folder: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "taken"
    return proc


def _end(proc: subprocess.Popen[str]) -> None:
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
    proc.wait(timeout=30)


def test_a_second_instance_on_the_folder_is_refused_and_told_who_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    told: list[str] = []
    monkeypatch.setattr(app_module, "tell_second_instance", told.append)
    holder = _holder(data)
    try:
        code = run_window(parse_args(["--sandbox", "--data-dir", str(data), "--lang", "ko"]))
    finally:
        _end(holder)
    assert code == SECOND_INSTANCE_EXIT
    assert len(told) == 1
    assert f"프로세스 {holder.pid}" in told[0]
    assert str(data) in told[0]
    assert not (data / "journal.sqlite3").exists(), "the refused instance opened the journal"


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    holder = _holder(tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    _end(holder)
    assert (tmp_path / LOCK_NAME).exists()
    lock = InstanceLock(tmp_path)
    try:
        assert lock.acquire() is None
    finally:
        lock.release()


def test_a_live_lock_is_refused_in_the_same_process_and_free_again_after_release(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path), InstanceLock(tmp_path)
    assert first.acquire() is None
    refused = second.acquire()
    assert refused is not None
    assert refused.pid == os.getpid()
    first.release()
    assert second.acquire() is None
    second.release()


def test_two_data_folders_are_two_counters(tmp_path: Path) -> None:
    one, two = InstanceLock(tmp_path / "C01"), InstanceLock(tmp_path / "C02")
    try:
        assert one.acquire() is None
        assert two.acquire() is None
    finally:
        one.release()
        two.release()


def test_the_refusal_names_the_folder_even_when_the_holder_is_unknown(tmp_path: Path) -> None:
    from pos_app.ui.shell.instance_lock import Holder

    text = refusal_text(tmp_path, Holder(0, ""))
    assert str(tmp_path) in text
    assert "{" not in text
