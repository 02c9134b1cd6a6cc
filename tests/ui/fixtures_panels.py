"""Fixtures for the customers, receipt and history panel tests: the real stack against the sandbox.

A real Journal in tmp_path, a PortOneClient on the sandbox, CounterServices and a BackgroundRunner that
is shut down (joining its threads) before the test ends. A test module loads the fixtures with
``pytest_plugins = ["fixtures_panels"]`` and imports the helpers after
``pytest.register_assert_rewrite("fixtures_panels")`` (tests/ui has no __init__.py, so pytest puts the
folder on sys.path). Helpers type as a cashier does (Korean through key events carrying the text),
click options on their indicator, and make sales through the services so a test starts from a known
journal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from requests.adapters import HTTPAdapter

from pos_app.domain.forms import validate_keyed_charge
from pos_app.journal import Journal
from pos_app.portone.client import ChannelConfig, PortOneClient
from pos_app.sandbox import cards
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.services.results import SaleOutcome
from pos_app.ui.shell import dialogs
from pos_app.workers import BackgroundRunner

COUNTER_ID = "C01"

# The offscreen platform plugin says this for every top-level window shown; it is about the plugin,
# not about our widgets. Test modules set ``pytestmark = OFFSCREEN_SHOW_IS_FINE``.
OFFSCREEN_SHOW_IS_FINE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def panel_journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal.open(tmp_path / "journal.sqlite", counter_id=COUNTER_ID, operator="김점원")
    assert journal.health.ok, journal.health.problems
    yield journal
    journal.close()


@pytest.fixture
def panel_services(sandbox: Any, panel_journal: Journal) -> Iterator[CounterServices]:
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, HTTPAdapter(max_retries=0))
    client = PortOneClient(
        session,
        sandbox.base_url,
        sandbox.imp_key,
        sandbox.imp_secret,
        channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
        backoff_s=0.01,
    )
    settings = ServiceSettings(counter_id=COUNTER_ID, reconcile_poll_delays=(0.05, 0.1))
    yield CounterServices(client, panel_journal, settings)
    session.close()


@pytest.fixture
def panel_runner(qtbot: Any) -> Iterator[BackgroundRunner]:
    runner = BackgroundRunner()
    yield runner
    assert runner.shutdown(10_000), "background work still running at the end of the test"
    # deliver callbacks of work that ended during shutdown while the widgets still exist
    QApplication.processEvents()
    runner.deleteLater()


@pytest.fixture(autouse=True)
def _no_unanswered_message_boxes() -> Iterator[None]:
    yield
    left = dialogs.clear_scripted_answers()
    assert not left, f"scripted message-box answers never used: {left}"


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard (with IME output for Hangul): one key press/release per character."""
    widget.setFocus()
    for char in text:
        key = Qt.Key.Key_unknown if not char.isascii() else Qt.Key(ord(char.upper()))
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def click_option(qtbot: Any, button: QWidget) -> None:
    """Click a radio button or check box on its indicator, as a person does (the widget may be wider
    than its clickable label, so its centre can be empty space)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def keyin_sale(
    services: CounterServices,
    *,
    amount: int = 30_000,
    card_number: str = cards.APPROVE_CREDIT,
    buyer_name: str = "홍길동",
    buyer_tel: str = "010-1234-5678",
    order_name: str = "꽃다발",
    tax_free: int = 0,
) -> SaleOutcome:
    """Make one key-in sale through the services (test setup, blocking)."""
    today = date.today()
    form = {
        "amount": str(amount),
        "tax_free": str(tax_free),
        "order_name": order_name,
        "buyer_name": buyer_name,
        "buyer_tel": buyer_tel,
        "card_number": card_number,
        "expiry": f"12/{(today.year + 3) % 100:02d}",
        "card_quota": "0",
        "product_type": "real",
    }
    outcome = services.charge_keyed_card(validate_keyed_charge(form, today))
    return outcome


def cancel_posts(sandbox: Any) -> int:
    """Cancel requests the sandbox has received so far."""
    return sum(1 for e in sandbox.ledger() if e.method == "POST" and e.path.startswith("/payments/cancel"))
