"""Test-wide settings: offscreen Qt, no network but loopback, and a guard against leaked threads."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep tests away from the developer's real settings, keyring and data folder.
os.environ.setdefault("POS_APP_NO_KEYRING", "1")


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a Python thread running (sandbox servers, workers, pools)."""
    before = set(threading.enumerate())
    yield
    leaked = []
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)
        if thread.is_alive():
            leaked.append(thread.name)
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture
def sandbox() -> Iterator[object]:
    """A fresh PortOne V1 sandbox on a free loopback port, stopped after the test."""
    from pos_app.sandbox.server import SandboxServer

    server = SandboxServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()
