"""The UNKNOWN buttons and the idle wipe while a lookup or a resend is out, with calls the test holds.

The services are a small fake whose check_unknown / retry_unknown wait until the test lets them go, so
"while a call is out" is a state the test controls instead of a race against the sandbox; the window
code under test is the real KeyInTab on a real BackgroundRunner.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.ui.keyin.tab import KeyInOptions, KeyInTab
from pos_app.ui.shell import dialogs
from pos_app.workers import BackgroundRunner

UID = "T01-20261126T120000000-unknown"


@dataclass
class _Row:
    merchant_uid: str
    outcome: Outcome
    amount: int = 12_000
    card_hint: str = "451842******0007"
    message: str | None = None


@dataclass
class _Result:
    outcome: Outcome
    merchant_uid: str
    sale: Any
    message: str | None
    journal_error: str | None = None


@dataclass
class HeldServices:
    """Charges come back UNKNOWN; lookups and resends wait for ``release`` and say what they were told."""

    release: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    resend_answer: Outcome = Outcome.UNKNOWN
    lookups: int = 0
    resends: list[Any] = field(default_factory=list)

    def check_duplicate(self, order: Any) -> list[Any]:
        return []

    def charge_keyed_card(self, order: Any) -> _Result:
        return _Result(Outcome.UNKNOWN, UID, _Row(UID, Outcome.UNKNOWN), None)

    def check_unknown(self, merchant_uid: str) -> _Result:
        self.lookups += 1
        self.started.set()
        assert self.release.wait(10)
        return _Result(Outcome.UNKNOWN, merchant_uid, _Row(merchant_uid, Outcome.UNKNOWN), None)

    def sale(self, merchant_uid: str) -> _Row:
        return _Row(merchant_uid, Outcome.UNKNOWN)

    def open_operations(self) -> list[Any]:
        return []  # the settlement engine's list: nothing it would say when it looks next

    def retry_unknown(self, merchant_uid: str, order: Any = None) -> _Result:
        self.resends.append(order)
        self.started.set()
        assert self.release.wait(10)
        return _Result(self.resend_answer, merchant_uid, _Row(merchant_uid, self.resend_answer), None)


@pytest.fixture
def held(qtbot: Any, cashier: Any) -> Iterator[tuple[KeyInTab, HeldServices]]:
    runner = BackgroundRunner()
    services = HeldServices()
    # the tab's own rechecks only when a test asks for them
    widget = KeyInTab(services, runner, KeyInOptions(unknown_recheck_delays_ms=(600_000,)))
    qtbot.addWidget(widget)
    cashier.fill_keyin(widget, card=APPROVE_CREDIT, birth="900101", pwd="12")
    dialogs.answer_next(True)  # the read-back
    with qtbot.waitSignal(widget.charge_finished, timeout=10_000):
        qtbot.mouseClick(widget.approve_button, Qt.MouseButton.LeftButton)
    assert widget.result_box.title.text() == "확인 중"
    yield widget, services
    services.release.set()
    assert runner.shutdown(10_000)


def test_resend_is_disabled_while_a_lookup_is_out(qtbot: Any, held: Any) -> None:
    tab, services = held
    box = tab.result_box
    qtbot.mouseClick(box.check_button, Qt.MouseButton.LeftButton)  # 지금 다시 확인
    assert services.started.wait(10)
    assert not box.resend_button.isEnabled()
    assert not box.check_button.isEnabled()
    assert box.release_button.isEnabled()  # a slow lookup may be left behind
    box.resend_requested.emit(UID)  # a stray request while the lookup is out does nothing
    services.release.set()
    qtbot.waitUntil(box.resend_button.isEnabled, timeout=10_000)
    assert services.resends == []
    assert services.lookups == 1
    assert tab._state == "unknown"


def test_resend_sends_the_order_typed_in_the_form_and_the_same_uid(qtbot: Any, held: Any) -> None:
    tab, services = held
    services.release.set()
    services.resend_answer = Outcome.APPROVED
    with qtbot.waitSignal(tab.sale_approved, timeout=10_000) as approved:
        qtbot.mouseClick(tab.result_box.resend_button, Qt.MouseButton.LeftButton)
    assert approved.args == [UID]
    [order] = services.resends
    assert order.amount == 12_000
    assert order.card.number.masked == "4518-42**-****-0007"
    assert order.buyer.name == "홍길동"
    assert "900101" not in repr(order)  # the captured order redacts what it carries
    assert not tab.has_card_data()
    assert tab.result_box.resend_button.isHidden()


def test_idle_time_running_out_during_a_resend_wipes_when_it_returns_unknown(
    qtbot: Any, cashier: Any, held: Any
) -> None:
    tab, services = held
    tab.options = replace(tab.options, idle_clear_ms=100)
    tab.pwd_edit.wipe()
    cashier.type(tab.pwd_edit, "12")  # the idle clock starts again from this key
    qtbot.mouseClick(tab.result_box.resend_button, Qt.MouseButton.LeftButton)
    assert services.started.wait(10)
    assert tab.is_busy()
    qtbot.waitUntil(lambda: not tab._idle_timer.isActive(), timeout=5000)
    assert tab.has_card_data()  # locked on screen while the call is out
    with qtbot.waitSignal(tab.card_fields_cleared, timeout=10_000) as cleared:
        services.release.set()
    assert cleared.args == ["idle"]
    assert not tab.has_card_data()
    assert tab.result_box.title.text() == "확인 중"  # still unknown: the resend can be asked again
    assert not tab.result_box.resend_button.isHidden()
    assert tab.result_box.resend_button.isEnabled()
    assert "카드 정보를 지웠습니다" in tab.result_box.notice.text()
