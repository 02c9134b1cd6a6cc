"""The manual resend of an UNKNOWN key-in charge: same merchant_uid, sent only when PortOne has none.

DESIGN.md step 6 through the window, the services and the in-process sandbox. The tab's own rechecks
are pushed out of the way (a long first delay) so that what each test sees comes from the resend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sandbox_support import FakeClock

from pos_app.app import AppParts, build_parts
from pos_app.config import SecretStore, Settings
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT, APPROVE_SAMSUNG
from pos_app.sandbox.faults import Fault
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.ui.shell import dialogs

ONETIME = "/subscribe/payments/onetime"
NOT_CHARGED_AFTER_S = 600.0


@pytest.fixture
def clock() -> FakeClock:
    """The services' clock (starts at the real time, as the journal's): a resend waits until PortOne has had
    no record for the not-charged window."""
    return FakeClock()


@pytest.fixture
def app_parts(settings: Settings, clock: FakeClock) -> Iterator[AppParts]:
    parts = build_parts(settings, SecretStore(), force_sandbox=True)
    parts.services = CounterServices(
        parts.client,
        parts.journal,
        ServiceSettings(
            counter_id=settings.counter_id,
            reconcile_poll_delays=(0.05, 0.05),
            not_charged_after_s=NOT_CHARGED_AFTER_S,
        ),
        clock=clock,
        monotonic=clock.monotonic,
    )
    yield parts
    parts.close()


def charge_until_unknown(qtbot: Any, cashier: Any, tab: Any, *faults: Fault, sandbox: Any) -> Any:
    """Type an order, add the faults, press 승인 and return the UNKNOWN outcome."""
    tab.options = replace(tab.options, unknown_recheck_delays_ms=(600_000,))
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="23000")
    for fault in faults:
        sandbox.faults.add(fault)
    dialogs.answer_next(True)  # the read-back
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]
    assert outcome.outcome is Outcome.UNKNOWN
    assert tab.result_box.title.text() == "확인 중"
    return outcome


def press_resend(qtbot: Any, tab: Any, *, times: int = 1) -> Any:
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as blocker:
        for _ in range(times):
            qtbot.mouseClick(tab.result_box.resend_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def paid_payments(app_parts: Any, merchant_uid: str) -> list[Any]:
    return [p for p in app_parts.client.find_all_payments(merchant_uid) if p.status == "paid"]


def test_dropped_request_is_resent_under_the_same_merchant_uid(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    first = charge_until_unknown(
        qtbot, cashier, tab, Fault(kind="reset_before", path_prefix=ONETIME, method="POST"), sandbox=sandbox
    )
    # at once, "no record at PortOne" proves nothing (the first request may still be on its way)
    early = press_resend(qtbot, tab)
    assert early.outcome is Outcome.UNKNOWN
    assert early.merchant_uid == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 1
    assert tab.result_box.title.text() == "확인 중"
    clock.advance(NOT_CHARGED_AFTER_S + 60)  # PortOne has had no record for the whole window
    box = tab.result_box
    # what the cashier sees while it is unknown: the card kept, the order locked, the resend explained
    assert not box.resend_button.isHidden()
    assert box.resend_button.isEnabled()
    assert box.resend_button.text() == "같은 주문번호로 다시 보내기"
    assert not box.resend_hint.isHidden()
    assert "결제가 없다고 확인할 때만" in box.resend_hint.text()
    assert tab.has_card_data()
    assert tab.card_number_edit.isEnabled()
    assert tab.expiry_edit.isEnabled()
    assert not tab.amount_edit.isEnabled()
    assert not tab.buyer_name_edit.isEnabled()
    assert not tab.save_card_check.isEnabled()
    assert not tab.approve_button.isEnabled()
    assert sandbox.posts_for(first.merchant_uid) == 1
    assert paid_payments(app_parts, first.merchant_uid) == []

    with qtbot.waitSignal(tab.sale_approved, timeout=20_000) as approved:
        resent = press_resend(qtbot, tab)
    assert resent.outcome is Outcome.APPROVED
    assert resent.merchant_uid == first.merchant_uid  # no new merchant_uid was minted
    assert approved.args == [first.merchant_uid]
    assert sandbox.posts_for(first.merchant_uid) == 2
    assert len(paid_payments(app_parts, first.merchant_uid)) == 1
    onetime_uids = {e.body.get("merchant_uid") for e in sandbox.ledger() if e.path == ONETIME}
    assert onetime_uids == {first.merchant_uid}
    assert app_parts.services.sale(first.merchant_uid).outcome is Outcome.APPROVED
    # final now: the card is gone and the resend is not offered any more
    assert tab.result_box.title.text() == "승인 완료"
    assert not tab.has_card_data()
    assert box.resend_button.isHidden()
    assert box.resend_hint.isHidden()
    box.resend_requested.emit(first.merchant_uid)  # even a stray request sends nothing
    qtbot.wait(100)
    assert sandbox.posts_for(first.merchant_uid) == 2
    assert tab.approve_button.isEnabled()


def test_lost_reply_is_found_by_the_resend_without_a_second_post(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    # processed, reply lost; and PortOne's lookups fail for now, so the charge itself cannot tell
    first = charge_until_unknown(
        qtbot,
        cashier,
        tab,
        Fault(kind="reset_after", path_prefix=ONETIME, method="POST"),
        Fault(kind="http_500", path_prefix="/payments", method="GET", count=1000),
        sandbox=sandbox,
    )
    assert len(paid_payments_after_clear(sandbox, app_parts, first.merchant_uid)) == 1
    resent = press_resend(qtbot, tab)
    assert resent.outcome is Outcome.APPROVED
    assert resent.merchant_uid == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 1  # found by the lookup, never sent again
    assert tab.result_box.title.text() == "승인 완료"
    assert app_parts.services.sale(first.merchant_uid).apply_num in tab.result_box.details.text()
    assert not tab.has_card_data()


def paid_payments_after_clear(sandbox: Any, app_parts: Any, merchant_uid: str) -> list[Any]:
    sandbox.faults.clear()  # PortOne answers lookups again
    return paid_payments(app_parts, merchant_uid)


def test_ten_presses_of_resend_send_at_most_one_request(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    first = charge_until_unknown(
        qtbot, cashier, tab, Fault(kind="reset_before", path_prefix=ONETIME, method="POST"), sandbox=sandbox
    )
    clock.advance(NOT_CHARGED_AFTER_S + 60)  # PortOne has had no record for the whole window
    # the resend is slow, so every press lands while it is out
    sandbox.faults.add(Fault(kind="delay", path_prefix=ONETIME, method="POST", delay_ms=400))
    button = tab.result_box.resend_button
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not button.isEnabled()
        assert tab.is_busy()  # the window waits for it before closing
        assert not tab.result_box.release_button.isEnabled()
        assert not tab.card_number_edit.isEnabled()
        for _ in range(9):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            tab.result_box.resend_requested.emit(first.merchant_uid)
    assert blocker.args[0].outcome is Outcome.APPROVED
    assert blocker.args[0].merchant_uid == first.merchant_uid
    qtbot.wait(200)  # a second resend would have been queued by now
    assert sandbox.posts_for(first.merchant_uid) == 2  # the dropped one and one resend
    assert len(paid_payments(app_parts, first.merchant_uid)) == 1


def test_wiped_card_is_asked_for_again_at_the_field(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    first = charge_until_unknown(
        qtbot, cashier, tab, Fault(kind="reset_before", path_prefix=ONETIME, method="POST"), sandbox=sandbox
    )
    clock.advance(NOT_CHARGED_AFTER_S + 60)  # PortOne has had no record for the whole window
    # the cashier types once more, then nothing for the idle time: the card goes, the UNKNOWN stays
    tab.options = replace(tab.options, idle_clear_ms=200)
    with qtbot.waitSignal(tab.card_fields_cleared, timeout=5000) as cleared:
        cashier.type(tab.pwd_edit, "1")
    assert cleared.args == ["idle"]
    assert not tab.has_card_data()
    assert tab.result_box.title.text() == "확인 중"
    assert "카드 정보를 지웠습니다" in tab.result_box.notice.text()

    # resend without a card: PortOne has no payment, so the card is asked for (inline, no message box)
    qtbot.mouseClick(tab.result_box.resend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(tab.error_text("card_number")), timeout=10_000)
    assert "카드 정보를 다시 입력" in tab.error_text("card_number")
    assert tab._state == "unknown"
    assert tab.result_box.resend_button.isEnabled()
    assert sandbox.posts_for(first.merchant_uid) == 1

    tab.options = replace(tab.options, idle_clear_ms=60_000)
    cashier.type(tab.card_number_edit, APPROVE_CREDIT)
    cashier.type(tab.expiry_edit, cashier.expiry())
    resent = press_resend(qtbot, tab)
    assert resent.outcome is Outcome.APPROVED
    assert resent.merchant_uid == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 2
    assert not tab.error_text("card_number")


def test_another_card_is_refused_and_nothing_is_sent(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, clock: FakeClock
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    first = charge_until_unknown(
        qtbot, cashier, tab, Fault(kind="reset_before", path_prefix=ONETIME, method="POST"), sandbox=sandbox
    )
    clock.advance(NOT_CHARGED_AFTER_S + 60)  # PortOne has had no record for the whole window
    tab.card_number_edit.wipe()
    cashier.type(tab.card_number_edit, APPROVE_SAMSUNG)
    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)  # the refusal's message box
    with qtbot.waitSignal(tab.charge_failed, timeout=10_000):
        qtbot.mouseClick(tab.result_box.resend_button, Qt.MouseButton.LeftButton)
    assert first.merchant_uid in seen[0]
    assert tab.result_box.title.text() == "확인 중"
    assert sandbox.posts_for(first.merchant_uid) == 1
