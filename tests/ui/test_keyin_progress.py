"""While a charge is out, and after a lost reply: elapsed seconds, what is happening in a cashier's words,
and never an HTTP path or a transport error's developer text (issue 12, items 1 and 5).

The services are a small fake whose charge waits until the test lets it go, so "a call is out for 35 s" is
a state the test holds with a fake clock, not a real wait; the tab is the real KeyInTab on a real runner.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.ui.keyin.tab import KeyInOptions, KeyInTab
from pos_app.ui.shell import dialogs
from pos_app.ui.widgets.charge_result import ResultState
from pos_app.workers import BackgroundRunner

UID = "T01-20261201T120000000-held0001"
TRANSPORT_TEXT = "응답 대기 시간이 지났습니다 (처리되었을 수 있음): POST /subscribe/payments/onetime"


@dataclass
class _Row:
    merchant_uid: str
    outcome: Outcome
    amount: int = 12_000
    card_hint: str = "4518-42**-****-0007"
    created_at: float = 0.0
    message: str | None = None
    apply_num: str | None = None
    paid_at: float | None = None


@dataclass
class _Result:
    outcome: Outcome
    merchant_uid: str
    sale: Any
    message: str | None
    journal_error: str | None = None


@dataclass
class HeldCharge:
    """charge_keyed_card waits for ``release`` and answers ``answer``; open_sales tells what the journal
    holds meanwhile (PENDING until ``reply_lost`` is set)."""

    release: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    reply_lost: threading.Event = field(default_factory=threading.Event)
    answer: Outcome = Outcome.UNKNOWN
    message: str | None = TRANSPORT_TEXT
    row_extra: dict[str, Any] = field(default_factory=dict)

    def check_duplicate(self, order: Any) -> list[Any]:
        return []

    def charge_keyed_card(self, order: Any) -> _Result:
        self.started.set()
        assert self.release.wait(10)
        return _Result(self.answer, UID, _Row(UID, self.answer, **self.row_extra), self.message)

    def open_sales(self) -> list[_Row]:
        import time

        outcome = Outcome.UNKNOWN if self.reply_lost.is_set() else Outcome.PENDING
        return [_Row(UID, outcome, created_at=time.time())]

    def open_operations(self) -> list[Any]:
        """The settlement engine holds the sale once its reply is lost; it looks next in 600 s."""
        from pos_app.services.counter import OpenOperation

        if not self.release.is_set():
            return []
        return [
            OpenOperation(
                UID,
                "sale",
                Outcome.UNKNOWN,
                12_000,
                "홍길동 451842******0007",
                70.0,
                "",
                {},
                None,
                UID,
                1,
                600.0,
            )
        ]

    def check_unknown(self, merchant_uid: str) -> _Result:
        return _Result(Outcome.UNKNOWN, merchant_uid, _Row(merchant_uid, Outcome.UNKNOWN), None)

    def sale(self, merchant_uid: str) -> _Row:
        return _Row(merchant_uid, Outcome.UNKNOWN)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def held(qtbot: Any, cashier: Any) -> Iterator[tuple[KeyInTab, HeldCharge, FakeClock]]:
    runner = BackgroundRunner()
    services = HeldCharge()
    # not qtbot.addWidget: pytest-qt deletes registered widgets before fixtures end, and the held call
    # must come back to a living tab
    tab = KeyInTab(services, runner, KeyInOptions(unknown_recheck_delays_ms=(600_000,)))  # type: ignore[arg-type]
    clock = FakeClock()
    tab.result_box.elapsed.clock = clock
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    dialogs.answer_next(True)  # the read-back
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(services.started.is_set, timeout=10_000)  # the charge is out and held
    yield tab, services, clock
    services.release.set()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    tab.shutdown()
    assert runner.shutdown(10_000)
    tab.deleteLater()


def test_sending_counts_the_seconds(qtbot: Any, held: Any) -> None:
    tab, _services, clock = held
    box = tab.result_box
    assert box.state is ResultState.SENDING
    assert box.title.text() == "보내는 중"
    clock.now += 12
    box.elapsed.tick()
    assert box.elapsed_label.text() == "12초"
    assert "카드사에 승인을 요청하고 있습니다 · 12초" in box.details.text()
    assert "응답이 늦습니다" not in box.details.text()
    clock.now += 23  # 35 s: slow, and the screen says what that means
    box.elapsed.tick()
    assert box.elapsed_label.text() == "35초"
    assert "응답이 늦습니다" in box.details.text()
    assert "다시 결제하지 마세요" in box.details.text()


def test_a_lost_reply_is_said_as_soon_as_the_journal_knows_it(qtbot: Any, held: Any) -> None:
    tab, services, clock = held
    box = tab.result_box
    tab._probe.probe()  # the request is still out: PENDING, nothing changes
    qtbot.wait(200)
    assert box.state is ResultState.SENDING
    services.reply_lost.set()  # the services recorded UNKNOWN and are looking the payment up
    clock.now += 35
    with qtbot.waitSignal(tab._probe.reply_lost, timeout=5000):
        tab._probe.probe()
    assert box.state is ResultState.CHECKING
    assert box.title.text() == "확인 중"
    assert "응답이 늦어 PortOne에 결과를 확인하고 있습니다 · 35초" in box.details.text()
    assert not tab._probe.is_running()


def test_an_unknown_result_is_in_cashier_words_with_the_seconds_and_no_http_path(
    qtbot: Any, held: Any
) -> None:
    tab, services, clock = held
    box = tab.result_box
    clock.now += 70
    with qtbot.waitSignal(tab.charge_finished, timeout=10_000):
        services.release.set()
    assert box.title.text() == "확인 중"
    shown = "\n".join((box.title.text(), box.details.text(), box.facts.text(), box.notice.text()))
    assert "1분 10초" in shown
    assert "응답이 늦어 PortOne에 결과를 확인하고 있습니다" in shown
    assert "다음 확인: 600초 후" in shown  # said only because the settlement engine really looks it up again
    clock.now += 15
    box.elapsed.tick()
    assert "다음 확인: 585초 후" in box.details.text()
    for developer_text in ("POST", "/subscribe", "HTTP", "처리되었을 수 있음"):
        assert developer_text not in shown
    assert "자동으로" not in shown


def test_a_not_charged_reason_is_shown_without_the_request_line(qtbot: Any, held: Any) -> None:
    tab, services, _clock = held
    services.answer = Outcome.NOT_CHARGED
    services.message = (
        "PortOne 서버에 연결하지 못했습니다 (연결 거부 또는 주소 확인 실패): POST /subscribe/payments/onetime"
    )
    with qtbot.waitSignal(tab.charge_finished, timeout=10_000):
        services.release.set()
    box = tab.result_box
    assert box.title.text() == "청구 안 됨"
    assert "PortOne 서버에 연결하지 못했습니다 (연결 거부 또는 주소 확인 실패)" in box.details.text()
    assert "POST" not in box.details.text()
    assert "/subscribe" not in box.details.text()
    assert box.elapsed_label.text() == ""


def test_a_test_channel_payment_is_never_shown_as_an_approval(qtbot: Any, held: Any) -> None:
    from pos_app.services.charging import TEST_CHANNEL

    tab, services, _clock = held
    services.answer = Outcome.TEST_PAYMENT
    services.message = TEST_CHANNEL
    services.row_extra = {"apply_num": "30001234", "paid_at": 1_796_000_000.0}  # PortOne gave both
    with qtbot.waitSignal(tab.charge_finished, timeout=10_000):
        services.release.set()
    box = tab.result_box
    assert box.state is ResultState.TEST_PAYMENT
    assert box.title.text() == "테스트 결제 — 실제 결제 아님"
    assert "승인 완료" not in box.title.text()
    assert box.headline.isHidden()
    assert "상품을 내주지 말고" in box.details.text()
    assert box.details.text().count("돈이 움직이지 않았습니다") == 1  # said once, not repeated
    assert "승인번호" not in box.facts.text()  # nothing that reads like a real approval
    assert "승인 시각" not in box.facts.text()
    assert not tab.has_card_data()
