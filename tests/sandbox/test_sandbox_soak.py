"""Soak: 10,000 mixed requests from 8 threads, no error, no leaked threads or sockets."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from soak_load import run_load
from standalone_process import StandaloneSandbox

from pos_app.sandbox.server import SandboxServer

pytestmark = pytest.mark.slow


def _open_fds(pid: int | str = "self") -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def _threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts sockets through /proc (Linux)")
def test_in_process_server_under_load_leaks_nothing() -> None:
    fds_before = _open_fds()
    started = time.perf_counter()
    server = SandboxServer()
    server.start()
    print(f"in-process sandbox listening after {(time.perf_counter() - started) * 1000:.1f} ms")
    try:
        result = run_load(server.base_url, total=10_000, workers=8)
    finally:
        server.stop()
    print(f"{result.requests} requests in {result.seconds:.1f} s = {result.per_second:.0f}/s (in-process)")
    assert result.errors == []
    assert result.requests == 10_000
    assert len(server.ledger()) == 10_000
    assert _open_fds() == fds_before  # the leaked-thread guard checks threads after the test


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="counts sockets through /proc (Linux)")
def test_standalone_server_under_load_leaks_nothing() -> None:
    fds_before = _open_fds()
    with StandaloneSandbox() as sandbox:
        print(f"standalone sandbox printed its URL {sandbox.start_seconds * 1000:.0f} ms after launch")
        server_fds = _open_fds(sandbox.pid)
        server_threads = _threads(sandbox.pid)
        result = run_load(sandbox.base_url, total=10_000, workers=8)
        print(
            f"{result.requests} requests in {result.seconds:.1f} s = {result.per_second:.0f}/s (standalone)"
        )
        assert result.errors == []
        assert result.requests == 10_000
        # Every client connection is closed now; the server's per-connection threads notice the close
        # and end. Wait for that condition (bounded) rather than for a fixed time.
        deadline = time.monotonic() + 10
        while (_open_fds(sandbox.pid), _threads(sandbox.pid)) != (server_fds, server_threads):
            assert time.monotonic() < deadline, (_open_fds(sandbox.pid), _threads(sandbox.pid))
            time.sleep(0.05)
        code, _out, err = sandbox.stop()
        assert code == 0, err
    assert _open_fds() == fds_before
