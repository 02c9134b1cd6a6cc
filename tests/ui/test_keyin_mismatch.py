"""MISMATCH (paid, but another amount) is never shown as success and offers the cancel.

The sandbox has no way to approve a different amount than asked, so the services are replaced by a
small fake that answers like CounterServices does; the window code under test is the real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.ui.keyin.tab import KeyInOptions, KeyInTab
from pos_app.ui.shell import dialogs
from pos_app.workers import BackgroundRunner


@dataclass
class _Row:
    merchant_uid: str
    apply_num: str = "30001234"
    card_name: str = "신한카드"
    card_number: str = "451842******0007"
    paid_amount: int = 1_200
    amount: int = 12_000
    card_quota: int = 0
    outcome: Outcome = Outcome.MISMATCH
    message: str | None = None


@dataclass
class _Result:
    outcome: Outcome
    merchant_uid: str
    sale: Any
    message: str | None
    journal_error: str | None = None


class NoPeople:
    """A counter without people: every action is anyone's (services.people.PeopleService unmanaged)."""

    def can(self, action: Any) -> bool:
        return True

    def needs_approval(self, action: Any) -> bool:
        return False


@dataclass
class FakeServices:
    cancels: list[tuple[str, int | None, str]] = field(default_factory=list)
    people: NoPeople = field(default_factory=NoPeople)

    def check_duplicate(self, order: Any) -> list[Any]:
        return []

    def charge_keyed_card(self, order: Any) -> _Result:
        uid = "T01-20261126T120000000-mismatch"
        return _Result(Outcome.MISMATCH, uid, _Row(uid), None)

    def cancel(
        self, merchant_uid: str, amount: int | None, reason: str, tax_free: int = 0, approval: Any = None
    ) -> _Result:
        self.cancels.append((merchant_uid, amount, reason))
        # what services.cancel returns for a refund that went through (see tests/services)
        return _Result(Outcome.CANCELLED, merchant_uid, _Row(merchant_uid, outcome=Outcome.CANCELLED), None)


@pytest.fixture
def tab(qtbot: Any) -> Iterator[tuple[KeyInTab, FakeServices]]:
    runner = BackgroundRunner()
    services = FakeServices()
    widget = KeyInTab(services, runner, KeyInOptions())
    qtbot.addWidget(widget)
    yield widget, services
    assert runner.shutdown(10_000)


def test_mismatch_is_not_success_and_offers_the_cancel(qtbot: Any, cashier: Any, tab: Any) -> None:
    widget, services = tab
    approved: list[str] = []
    widget.sale_approved.connect(approved.append)
    cashier.fill_keyin(widget, card=APPROVE_CREDIT)
    dialogs.answer_next(True)
    with qtbot.waitSignal(widget.charge_finished, timeout=10_000):
        qtbot.mouseClick(widget.approve_button, Qt.MouseButton.LeftButton)
    box = widget.result_box
    assert box.title.text() == "금액 불일치"
    assert "취소" in box.details.text()
    assert "1,200원" in box.details.text()  # what was really paid
    assert not box.cancel_button.isHidden()
    assert approved == []  # never treated as a sale
    assert not widget.has_card_data()

    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)  # 전액 취소?
    dialogs.answer_next(True)  # 결제를 취소했습니다.
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.title.text() == "결제 취소됨", timeout=10_000)
    assert len(services.cancels) == 1
    assert services.cancels[0][0] == "T01-20261126T120000000-mismatch"
    assert services.cancels[0][1] is None  # the whole payment
    assert "T01-20261126T120000000-mismatch" in seen[0]
