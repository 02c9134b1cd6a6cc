"""Start-up: the window appears before the slow parts (keyring, sandbox, journal check) are built.

run_window shows the window at once and builds the parts on the window's runner; these tests hold the
journal's opening on a gate to see the window while it waits, then let it go and watch the window become
usable. Closing during the build and a failed build are covered the same way. The runs go through
``run_window`` itself, on the test's QApplication: a driver scheduled on the event loop plays the owner.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

import pos_app.app as app_module
from pos_app.app import AppParts, _window_context, build_parts, parse_args, run_window
from pos_app.config import SecretStore, Settings
from pos_app.domain.outcomes import Outcome
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.main_window import MainWindow

GATE_TIMEOUT_S = 30
SAFETY_CLOSE_MS = 60_000  # a broken driver must not hang the test run in app.exec()


def _the_window() -> MainWindow:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert len(windows) == 1
    return windows[0]


@pytest.fixture
def gated_journal(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Journal.open waits for ``gate``; records on which thread it ran."""
    real_open: Callable[..., Journal] = Journal.open.__func__  # type: ignore[attr-defined]
    real_close = Journal.close
    state: dict[str, Any] = {
        "gate": threading.Event(), "threads": [], "entered": threading.Event(), "opened": threading.Event(),
        "late_closed": threading.Event(),
    }  # fmt: skip

    def gated_open(cls: type[Journal], path: Path, /, **kwargs: Any) -> Journal:
        state["threads"].append(threading.current_thread() is threading.main_thread())
        state["entered"].set()
        assert state["gate"].wait(GATE_TIMEOUT_S), "the test never opened the gate"
        journal = real_open(cls, path, **kwargs)
        state["opened"].set()
        return journal

    def recording_close(self: Journal) -> None:
        real_close(self)
        if threading.current_thread().name == "pos_app-journal-open":
            state["late_closed"].set()

    monkeypatch.setattr(Journal, "open", classmethod(gated_open))
    monkeypatch.setattr(Journal, "close", recording_close)
    return state


@pytest.fixture
def built_parts(monkeypatch: pytest.MonkeyPatch) -> list[AppParts]:
    """What run_window's build made, for the assertions after it returned."""
    made: list[AppParts] = []

    def recording_build(*args: Any, **kwargs: Any) -> AppParts:
        parts = build_parts(*args, **kwargs)
        made.append(parts)
        return parts

    monkeypatch.setattr(app_module, "build_parts", recording_build)
    return made


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """gc.freeze would keep every later test's objects: record the call instead."""
    calls: list[bool] = []
    monkeypatch.setattr(app_module, "_freeze_startup_objects", lambda: calls.append(True))
    return calls


def _run(tmp_path: Path, driver: Callable[[], None]) -> int:
    """run_window in sandbox mode on tmp_path, with ``driver`` called once the event loop runs."""

    def start_driver() -> None:
        window = _the_window()
        safety = QTimer(window)
        safety.setSingleShot(True)
        safety.timeout.connect(window.close)
        safety.start(SAFETY_CLOSE_MS)
        driver()

    QTimer.singleShot(0, start_driver)
    return run_window(parse_args(["--sandbox", "--data-dir", str(tmp_path / "data"), "--lang", "ko"]))


def test_the_window_is_shown_before_the_journal_opens_and_usable_after(
    tmp_path: Path, gated_journal: dict[str, Any], built_parts: list[AppParts], frozen: list[bool]
) -> None:
    seen: dict[str, Any] = {}

    def driver() -> None:
        window = _the_window()
        # the journal has not been opened yet (the build waits on the gate): the window is up anyway
        seen["visible"] = window.isVisible()
        seen["ready_while_building"] = window.is_ready()
        seen["tabs_shown_while_building"] = window.tabs.isVisible()
        seen["has_keyin_while_building"] = hasattr(window, "keyin_tab")
        seen["starting_text"] = window.starting_label.text()
        seen["journal_opened_while_shown"] = list(gated_journal["threads"])

        def on_ready() -> None:
            # reconciliation has started: 승인 waits for it, exactly as before
            seen["approve_enabled_when_ready"] = window.keyin_tab.approve_button.isEnabled()
            seen["tabs_shown_when_ready"] = window.tabs.isVisible()

        def on_reconciled() -> None:
            seen["approve_enabled_after"] = window.keyin_tab.approve_button.isEnabled()
            seen["journal_label"] = window.journal_label.text()
            seen["frozen_before_close"] = list(frozen)
            QTimer.singleShot(0, window.close)

        window.services_ready.connect(on_ready)
        window.reconciliation_finished.connect(on_reconciled)
        gated_journal["gate"].set()

    assert _run(tmp_path, driver) == 0
    assert seen["visible"] is True
    assert seen["ready_while_building"] is False
    assert seen["tabs_shown_while_building"] is False
    assert seen["has_keyin_while_building"] is False
    assert seen["starting_text"] == "시작 중…"
    # Journal.open was called, or is waiting, on a worker thread; never on the GUI thread
    assert all(on_main is False for on_main in gated_journal["threads"])
    assert gated_journal["threads"], "the build never reached the journal"
    assert seen["approve_enabled_when_ready"] is False
    assert seen["tabs_shown_when_ready"] is True
    assert seen["approve_enabled_after"] is True
    assert seen["journal_label"] in ("거래 기록 정상", "거래 기록 검사 중", "거래 기록 검사 통과")
    assert seen["frozen_before_close"] == [True]  # once the long-lived objects exist
    # run_window closed what it built: the journal refuses further use, the sandbox stopped
    assert len(built_parts) == 1
    assert built_parts[0].closers == []
    assert built_parts[0].journal._closed


def test_closing_while_building_closes_what_was_built(
    tmp_path: Path, gated_journal: dict[str, Any], built_parts: list[AppParts], frozen: list[bool]
) -> None:
    seen: dict[str, Any] = {}

    def driver() -> None:
        window = _the_window()
        gated_journal["gate"].set()
        gated_journal["opened"].wait(GATE_TIMEOUT_S)  # the journal is open: the build ends on its own
        window.close()  # no money call can be out yet: the window closes without asking
        seen["closed"] = not window.isVisible()
        seen["ready"] = window.is_ready()

    assert _run(tmp_path, driver) == 0
    assert seen == {"closed": True, "ready": False}
    assert len(built_parts) == 1  # the build ran to its end before the runner let go ...
    assert built_parts[0].closers == []  # ... and run_window closed it
    assert built_parts[0].journal._closed
    assert frozen == []


def test_closing_while_the_journal_check_runs_does_not_wait_for_it(
    tmp_path: Path, gated_journal: dict[str, Any], built_parts: list[AppParts], frozen: list[bool]
) -> None:
    """A million-sale journal's integrity check takes ~50 s: closing then must not hold the GUI thread;
    the sandbox started for the build is stopped, and the journal, opened after all, is closed."""
    seen: dict[str, Any] = {}
    stopped: list[bool] = []
    from pos_app.sandbox.server import SandboxServer

    real_stop = SandboxServer.stop

    def recording_stop(self: SandboxServer, timeout: float = 10.0) -> None:
        stopped.append(True)
        real_stop(self, timeout)

    def driver() -> None:
        window = _the_window()
        assert gated_journal["entered"].wait(GATE_TIMEOUT_S)  # the build waits inside Journal.open
        started = time.monotonic()
        window.close()  # the gate stays shut: the check is still "running"
        seen["close_s"] = time.monotonic() - started
        seen["closed"] = not window.isVisible()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SandboxServer, "stop", recording_stop)
        assert _run(tmp_path, driver) == 0
    assert seen["closed"] is True
    assert seen["close_s"] < 5  # without the cancel it waited for the gate's 30 s timeout
    assert built_parts == []  # the build gave up ...
    assert stopped == [True]  # ... and stopped the sandbox it had started
    assert not gated_journal["opened"].is_set()
    gated_journal["gate"].set()  # the check "finishes" late, on its own thread
    assert gated_journal["late_closed"].wait(GATE_TIMEOUT_S), "the late journal was not closed"


def test_a_failed_build_is_shown_and_the_window_still_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frozen: list[bool]
) -> None:
    from pos_app.sandbox.server import SandboxServer

    def refuse(self: SandboxServer) -> None:
        raise OSError("no free port on the loopback interface")

    monkeypatch.setattr(SandboxServer, "start", refuse)
    shown: list[str] = []
    seen: dict[str, Any] = {}

    def driver() -> None:
        window = _the_window()

        def on_failed(text: str) -> None:
            seen["signal_text"] = text
            seen["status"] = window.reconcile_label.text()
            seen["centre"] = window.starting_label.text()
            seen["ready"] = window.is_ready()
            QTimer.singleShot(0, window.close)

        window.startup_failed.connect(on_failed)

    dialogs.answer_next(True, seen=shown)
    assert _run(tmp_path, driver) == 0
    assert len(shown) == 1
    assert "시작하지 못했습니다" in shown[0]
    assert "no free port" in shown[0]
    assert seen["signal_text"] in shown[0]
    assert seen["status"] == seen["centre"] == seen["signal_text"]
    assert seen["ready"] is False
    assert frozen == []


def test_services_built_off_the_gui_thread_carry_a_charge(
    qtbot: Any, cashier: Any, settings: Settings, translations: Any
) -> None:
    """The journal opened on a worker thread serves the runner's threads: a whole charge goes through."""
    made: list[AppParts] = []

    def build() -> Any:
        parts = build_parts(settings, SecretStore(), force_sandbox=True)
        made.append(parts)
        return _window_context(parts, translations)

    window = MainWindow(None)
    window.show()
    try:
        with pytest.raises(RuntimeError):
            _ = window.context  # nothing to use before the build ended
        with qtbot.waitSignal(window.reconciliation_finished, timeout=20_000):
            window.build_in_background(build)
        assert window.is_ready()
        with pytest.raises(RuntimeError):
            window.attach(window.context)  # once only
        tab = window.keyin_tab
        cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="12000")
        dialogs.answer_next(True)  # the read-back confirmation
        with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as finished:
            qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
        outcome = finished.args[0]
        assert outcome.outcome is Outcome.APPROVED
        assert made[0].sandbox_server is not None
        assert made[0].sandbox_server.posts_for(outcome.merchant_uid) == 1
    finally:
        window.close()
        window.deleteLater()
        for parts in made:
            parts.close()
    # read back on a fresh connection after the window and the parts are gone
    with Journal.open(made[0].journal.path, counter_id="T01", operator="김점원", read_only=True) as journal:
        sale = journal.sale(outcome.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED


def test_the_window_module_leaves_the_services_to_the_build_thread() -> None:
    """Importing the composition root and the window must not import the tabs' heavy dependencies on
    the GUI thread: the services, the journal and requests load off it (load_service_modules) while the
    window is up, and the tabs' own modules (Qt) are left for the GUI thread."""
    import subprocess
    import sys

    code = (
        "import sys, pos_app.app as m, pos_app.ui.shell.main_window; "
        "print(sorted(n for n in ('pos_app.services.counter', 'pos_app.journal', 'requests', "
        "'pos_app.ui.keyin.tab') if n in sys.modules)); "
        "m.load_service_modules(); print('pos_app.services.counter' in sys.modules, "
        "'pos_app.ui.keyin.tab' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert out == ["[]", "True False"]
