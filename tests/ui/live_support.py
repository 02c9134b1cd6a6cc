"""Helpers for the going-live tests: a keyring in memory, a window as the composition root builds it.

``PortOne`` in these tests is a second SandboxServer standing in for api.iamport.kr
(``POS_APP_PORTONE_BASE_URL``): a test channel by default, a live one with ``live_channel=True``. The
app's own embedded sandbox (a fresh install) is another instance, so what reaches "PortOne" can be told
apart from the demo.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from keyring_support import MemoryKeyring, installed
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from pos_app.app import AppParts, _window_context, build_parts
from pos_app.config import SecretStore, Settings
from pos_app.sandbox.server import SandboxServer
from pos_app.ui.shell.main_window import MainWindow

FAST_SERVICES = {
    "reconcile_poll_delays": (0.05, 0.05),
    "not_charged_after_s": 600,
    "background_delays": (0.2,),
}


@contextmanager
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    with installed(monkeypatch, MemoryKeyring()) as backend:
        yield backend


@contextmanager
def standin_portone(
    monkeypatch: pytest.MonkeyPatch, *, live_channel: bool = False
) -> Iterator[SandboxServer]:
    server = SandboxServer(host="127.0.0.1", port=0, live_channel=live_channel)
    server.start()
    monkeypatch.setenv("POS_APP_PORTONE_BASE_URL", server.base_url)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def open_window(
    qtbot: Any, settings: Settings, translations: Any, **window: Any
) -> Iterator[tuple[MainWindow, AppParts]]:
    """The window on ``build_parts(settings, SecretStore(), force_sandbox=False)``, started; closed after."""
    parts = build_parts(settings, SecretStore(), force_sandbox=False, service_overrides=FAST_SERVICES)
    main = MainWindow(_window_context(parts, translations, **window))
    try:
        main.show()
        qtbot.waitExposed(main)
        with qtbot.waitSignal(main.reconciliation_finished, timeout=15_000):
            main.start()
        yield main, parts
    finally:
        qtbot.waitUntil(lambda: not main.keyin_tab.is_busy() and not main.live_mode.applying, timeout=80_000)
        main.close()
        main.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        parts.close()


def apply_and_wait(qtbot: Any, window: MainWindow, click: Any) -> Any:
    """Run ``click`` (a save that applies settings) and wait until the window took the new context and
    its reconciliation ended."""
    with qtbot.waitSignal(window.live_mode.settings_applied, timeout=20_000) as applied:
        click()
    qtbot.waitUntil(lambda: not window.is_reconciling(), timeout=20_000)
    return applied.args[0]


def today() -> date:
    return date.today()
