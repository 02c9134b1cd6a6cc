"""Fixtures for the window-shell tests: the whole app as the composition root builds it, on the sandbox.

``app_parts`` is pos_app.app.build_parts in sandbox mode in tmp_path (its own in-process sandbox, whose
ledger and faults the tests use); ``main_window`` is the MainWindow on it, closed (runner joined) and
torn down before the test ends, so the leaked-thread guard and the Qt-warning check see a clean end.
Helpers type as a cashier does: keyClicks for ASCII, key events carrying the text for Korean.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.app import AppParts, _window_context, build_parts
from pos_app.config import SecretStore, Settings
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.i18n import Translations
from pos_app.ui.shell.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
# The offscreen platform plugin says this for every top-level window shown; it is about the plugin.
OFFSCREEN_SHOW_IS_FINE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
_SHELL_TEST_PREFIXES = ("test_app_", "test_keyin_", "test_settings_", "test_workers_", "test_config_")
# services poll quickly in tests (in the call and in the settlement engine's background passes)
FAST_SERVICES = {
    "reconcile_poll_delays": (0.05, 0.05),
    "not_charged_after_s": 600,
    "background_delays": (0.2, 0.5),
}


def expiry_in_future() -> str:
    return f"12{(date.today().year + 3) % 100:02d}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent == Path(__file__).parent and item.path.name.startswith(_SHELL_TEST_PREFIXES):
            item.add_marker(OFFSCREEN_SHOW_IS_FINE)


@pytest.fixture(autouse=True)
def _no_unused_dialog_answers(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every message box must be answered by the test (dialogs.answer_next); an unexpected one fails
    the test instead of blocking it in a modal loop forever. Only for this shell's test modules: the
    panels' tests in this folder have their own habits."""
    if not request.path.name.startswith(_SHELL_TEST_PREFIXES):
        yield
        return
    from PySide6.QtWidgets import QMessageBox

    def refuse(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected message box: {box.windowTitle()!r} {box.text()!r}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    dialogs.clear_scripted_answers()
    yield
    left = dialogs.clear_scripted_answers()
    assert not left, f"scripted dialog answers not used: {left}"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(tmp_path / "data").with_changes(operator="김점원", counter_id="T01")


@pytest.fixture
def app_parts(settings: Settings) -> Iterator[AppParts]:
    parts = build_parts(settings, SecretStore(), force_sandbox=True, service_overrides=FAST_SERVICES)
    yield parts
    parts.close()


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    tr = Translations(qapp, search_dirs=[compiled_translations()])
    tr.switch("ko")
    yield tr
    tr.switch("ko")


@pytest.fixture
def window_options() -> dict[str, Any]:
    """Overridden by tests that need e.g. a short idle interval."""
    return {}


@pytest.fixture
def main_window(
    qtbot: Any, app_parts: AppParts, translations: Translations, window_options: dict
) -> Iterator[MainWindow]:
    window = MainWindow(_window_context(app_parts, translations, **{"settle_tick_ms": 200, **window_options}))
    window.keyin_tab.options = _fast_keyin_options(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.reconciliation_finished, timeout=15_000):
        window.start()
    yield window
    # a charge still out must end first: the window refuses to close over it (as it should)
    qtbot.waitUntil(lambda: not window.keyin_tab.is_busy(), timeout=80_000)
    window.close()
    assert window.runner.busy_count() == 0 or not window.runner.is_accepting()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _fast_keyin_options(window: MainWindow) -> Any:
    from dataclasses import replace

    return replace(window.keyin_tab.options, unknown_recheck_delays_ms=(100, 200))


_QM_CACHE: dict[str, Path] = {}


def compiled_translations() -> Path:
    """resources/i18n compiled to .qm in a temporary folder (dev.py does this for real runs)."""
    if "dir" in _QM_CACHE:
        return _QM_CACHE["dir"]
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="pos_app-qm-"))
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in sorted((REPO / "resources" / "i18n").glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(out / ts.with_suffix(".qm").name)], check=True
        )
    _QM_CACHE["dir"] = out
    return out


# -- typing like a cashier ----------------------------------------------------------------------------
class Cashier:
    """The helpers below as a fixture (test modules cannot import conftest)."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot

    def type(self, widget: QWidget, text: str) -> None:
        type_text(self.qtbot, widget, text)

    def enter(self, widget: QWidget) -> None:
        press_enter(self.qtbot, widget)

    def fill_keyin(self, tab: Any, **fields: str) -> None:
        fill_keyin_form(self.qtbot, tab, **fields)

    @staticmethod
    def expiry() -> str:
        return expiry_in_future()


@pytest.fixture
def cashier(qtbot: Any) -> Cashier:
    return Cashier(qtbot)


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """ASCII through keyClicks; anything else one key event per character carrying its text."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                )


def press_enter(qtbot: Any, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def fill_keyin_form(
    qtbot: Any,
    tab: Any,
    *,
    amount: str = "12000",
    card: str,
    buyer: str = "홍길동",
    order_name: str = "꽃다발",
    tel: str = "010-1234-5678",
    birth: str = "",
    pwd: str = "",
) -> None:
    type_text(qtbot, tab.amount_edit, amount)
    type_text(qtbot, tab.order_name_edit, order_name)
    type_text(qtbot, tab.buyer_name_edit, buyer)
    type_text(qtbot, tab.buyer_tel_edit, tel)
    type_text(qtbot, tab.card_number_edit, card)
    type_text(qtbot, tab.expiry_edit, expiry_in_future())
    if birth:
        type_text(qtbot, tab.birth_edit, birth)
    if pwd:
        type_text(qtbot, tab.pwd_edit, pwd)
