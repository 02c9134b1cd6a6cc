"""A key-in charge end to end through the window, the services and the in-process sandbox."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox.cards import APPROVE_CREDIT, APPROVE_HYUNDAI, DECLINE_LIMIT
from pos_app.sandbox.faults import Fault
from pos_app.ui.shell import dialogs

ONETIME = "/subscribe/payments/onetime"


def onetime_posts(parts: Any) -> int:
    return sum(1 for e in parts.sandbox_server.ledger() if e.method == "POST" and e.path == ONETIME)


def approve_and_wait(qtbot: Any, tab: Any, *, seen: list[str] | None = None, timeout: int = 20_000) -> Any:
    dialogs.answer_next(True, seen=seen)  # the read-back confirmation
    with qtbot.waitSignal(tab.charge_finished, timeout=timeout) as blocker:
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_approval_end_to_end(qtbot: Any, cashier: Any, main_window: Any, app_parts: Any) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="12000", buyer="홍길동")
    seen: list[str] = []
    with qtbot.waitSignal(tab.sale_approved, timeout=20_000) as approved:
        outcome = approve_and_wait(qtbot, tab, seen=seen)
    # the read-back the cashier reads to the customer
    assert len(seen) == 1
    assert "4518-42**-****-0007" in seen[0]
    assert APPROVE_CREDIT not in seen[0].replace("-", "")
    assert "신한카드" in seen[0]
    assert "12,000원" in seen[0]
    assert "홍길동" in seen[0]
    assert "일시불" in seen[0]
    # the result
    assert outcome.outcome is Outcome.APPROVED
    assert approved.args == [outcome.merchant_uid]
    sale = app_parts.services.sale(outcome.merchant_uid)
    assert sale.outcome is Outcome.APPROVED
    assert sale.buyer_name == "홍길동"
    assert tab.result_box.title.text() == "승인 완료"
    details = tab.result_box.details.text()
    assert sale.apply_num in details
    assert sale.card_name in details
    assert "카드: 신한카드 4518-42**-****-0007" in details  # the one display form of a masked card
    assert tab.result_box.headline.text() == "12,000원"  # the amount, large beside 승인 완료
    assert APPROVE_CREDIT not in details.replace("-", "")
    # one request, card fields cleared, the form ready for the next order
    assert app_parts.sandbox_server.posts_for(outcome.merchant_uid) == 1
    assert not tab.has_card_data()
    assert tab.amount_edit.text() == ""
    assert tab.approve_button.isEnabled()
    # the receipt panel opened on the sale when the other developer's panel is in the tree
    if hasattr(main_window.receipt_panel, "show_transaction"):
        assert main_window.tabs.currentWidget() is main_window.receipt_panel


def test_decline_shows_the_pg_message_and_clears_the_card(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=DECLINE_LIMIT)
    outcome = approve_and_wait(qtbot, tab)
    assert outcome.outcome is Outcome.DECLINED
    assert tab.result_box.title.text() == "승인 거절"
    assert outcome.message
    assert outcome.message in tab.result_box.details.text()
    assert not tab.has_card_data()
    assert tab.amount_edit.text() == "12,000"  # the order stays for a second card
    assert main_window.tabs.currentWidget() is tab
    assert tab.approve_button.isEnabled()


def test_cashier_can_back_out_at_the_read_back(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    dialogs.answer_next(False)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.approve_button.isEnabled(), timeout=5000)
    assert onetime_posts(app_parts) == 0
    assert tab.has_card_data()  # nothing happened: the cashier can correct and try again


def test_ten_quick_presses_send_one_request(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_HYUNDAI)
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as blocker:
        for _ in range(10):
            qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
        for _ in range(10):  # and by keyboard
            qtbot.keyClick(tab.approve_button, Qt.Key.Key_Return)
    assert blocker.args[0].outcome is Outcome.APPROVED
    qtbot.wait(200)  # a second charge would have been queued by now; let it show if it exists
    assert onetime_posts(app_parts) == 1


def test_event_loop_runs_while_the_sandbox_delays_a_charge(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    app_parts.sandbox_server.faults.add(
        Fault(kind="delay", path_prefix=ONETIME, method="POST", delay_ms=2000)
    )
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(tick)
    timer.start()
    busy_seen: list[bool] = []
    tab.busy_changed.connect(busy_seen.append)
    try:
        outcome = approve_and_wait(qtbot, tab)
    finally:
        timer.stop()
    assert outcome.outcome is Outcome.APPROVED
    # 2 s at 50 ms is 40 ticks if the GUI thread never waited; a blocked loop gives ~1
    assert ticks >= 25, ticks
    assert busy_seen[:1] == [True]
    assert busy_seen[-1] is False


def test_busy_indicator_and_disabled_button_while_in_flight(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    app_parts.sandbox_server.faults.add(Fault(kind="delay", path_prefix=ONETIME, method="POST", delay_ms=700))
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.busy_changed, timeout=5000):
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab._state == "charging", timeout=5000)
    assert not tab.approve_button.isEnabled()
    box = tab.result_box
    assert box.title.text() == "보내는 중"
    assert "카드사에 승인을 요청하고 있습니다" in box.details.text()
    assert box.elapsed_label.text().endswith("초")
    assert not tab.card_number_edit.isEnabled()
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000):
        pass
    assert box.title.text() == "승인 완료"
    assert box.elapsed_label.text() == ""


def test_duplicate_warning_asks_before_a_second_charge(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="33000")
    first = approve_and_wait(qtbot, tab)
    assert first.outcome is Outcome.APPROVED
    main_window.tabs.setCurrentWidget(tab)
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="33000")
    seen: list[str] = []
    dialogs.answer_next(False, seen=seen)  # "같은 카드와 같은 금액…" → 결제하지 않음
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 1 and tab.approve_button.isEnabled(), timeout=5000)
    # in the cashier's words: when, what became of it, the approval number — no raw status or order id
    earlier = app_parts.services.sale(first.merchant_uid)
    assert "같은 카드(4518-42**-****-0007)" in seen[0]
    assert "33,000원" in seen[0]
    assert "오늘 " in seen[0]
    assert "시 " in seen[0]
    assert "승인 · 승인번호 " + earlier.apply_num in seen[0]
    assert "approved" not in seen[0]
    assert first.merchant_uid not in seen[0]
    assert onetime_posts(app_parts) == 1
    # confirming goes on to the read-back and the charge
    dialogs.answer_next(True)
    second = approve_and_wait(qtbot, tab)
    assert second.outcome is Outcome.APPROVED
    assert second.merchant_uid != first.merchant_uid
    assert onetime_posts(app_parts) == 2


def test_unknown_shows_checking_and_resolves_by_itself(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    sandbox = app_parts.sandbox_server
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    # the charge commits but its reply is lost, and lookups fail for a while
    sandbox.faults.add(Fault(kind="http_504", path_prefix=ONETIME, method="POST"))
    sandbox.faults.add(Fault(kind="http_500", path_prefix="/payments", method="GET", count=1000))
    outcome = approve_and_wait(qtbot, tab)
    assert outcome.outcome is Outcome.UNKNOWN
    assert tab.result_box.title.text() == "확인 중"
    assert not tab.approve_button.isEnabled()
    assert tab.has_card_data()  # not final yet
    sandbox.faults.clear()  # PortOne answers lookups again
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000) as resolved:
        pass
    assert resolved.args[0].outcome is Outcome.APPROVED
    assert tab.result_box.title.text() == "승인 완료"
    assert not tab.has_card_data()
    assert tab.approve_button.isEnabled()
    assert sandbox.posts_for(outcome.merchant_uid) == 1  # resolved by lookups, never sent again


@pytest.mark.parametrize("window_options", [{"offline_reason": "PortOne에 연결되어 있지 않습니다."}])
def test_offline_refuses_charges_with_a_clear_message(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, window_options: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    assert not tab.approve_button.isEnabled()
    assert tab.blocked_label.isVisible()
    assert "오프라인" in tab.blocked_label.text()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert onetime_posts(app_parts) == 0


@pytest.mark.parametrize("window_options", [{"keyin_idle_clear_ms": 300}])
def test_card_fields_cleared_after_idle(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, window_options: Any
) -> None:
    tab = main_window.keyin_tab
    tab.options = replace(tab.options, idle_clear_ms=300)
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, birth="900101", pwd="12")
    assert tab.has_card_data()
    with qtbot.waitSignal(tab.card_fields_cleared, timeout=5000) as cleared:
        pass
    assert cleared.args == ["idle"]
    assert [e.text() for e in tab.card_edits()] == ["", "", "", ""]
    assert tab.buyer_name_edit.text() == "홍길동"  # only card data goes
    tab.card_number_edit.setFocus()
    tab.card_number_edit.undo()
    assert tab.card_number_edit.text() == ""  # and cannot be brought back with undo


def test_save_card_registers_with_consent_then_charges(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any
) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, birth="900101", pwd="12")
    tab.save_card_check.setChecked(True)
    seen: list[str] = []
    outcome = approve_and_wait(qtbot, tab, seen=seen)
    assert "동의" in seen[0]
    assert outcome.outcome is Outcome.APPROVED
    sale = app_parts.services.sale(outcome.merchant_uid)
    assert sale.kind == "billing"
    assert sale.customer_uid
    customers = app_parts.services.find_customers("5678")
    assert [c.customer_uid for c in customers] == [sale.customer_uid]
    assert not tab.save_card_check.isChecked()
    assert not tab.has_card_data()


def test_save_card_needs_birth_and_pin(qtbot: Any, cashier: Any, main_window: Any, app_parts: Any) -> None:
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    tab.save_card_check.setChecked(True)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert tab.error_text("birth")
    assert tab.error_text("pwd_2digit")
    assert onetime_posts(app_parts) == 0


def test_card_data_reaches_no_log_journal_or_settings(
    qtbot: Any, cashier: Any, main_window: Any, app_parts: Any, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, birth="880214", pwd="47")
    outcome = approve_and_wait(qtbot, tab)
    assert outcome.outcome is Outcome.APPROVED
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert APPROVE_CREDIT[6:12] not in logged.replace("-", "")
    assert "880214" not in logged
    files = [app_parts.journal.path, *app_parts.journal.path.parent.glob("journal.sqlite3*")]
    for path in files:
        if path.exists():
            data = path.read_bytes()
            assert APPROVE_CREDIT.encode() not in data
            assert b"880214" not in data
    settings_file = app_parts.settings.data_dir / "settings.json"
    assert not settings_file.exists() or "880214" not in settings_file.read_text(encoding="utf-8")
