"""정기결제 driven from the window as an owner would: a customer put on a monthly plan from 단골 고객, the
sandbox clock moved past the payment day, the run seen as a sale, a failed month handled from the
정기결제 tab (지금 다시 결제, 다시 예약…, 일시중지), the card-delete question naming its schedules, and a
payment that ran while no window was open filed by the next start-up on its own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests
from PySide6.QtCore import QDate, Qt, QTime

from pos_app.app import AppParts, _window_context
from pos_app.domain.forms import validate_card_registration
from pos_app.domain.outcomes import Outcome
from pos_app.domain.plans import validate_plan
from pos_app.journal.records import HistoryFilter
from pos_app.sandbox import cards
from pos_app.sandbox.server import DEMO_CHANNEL_KEY
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.main_window import MainWindow

KST = ZoneInfo("Asia/Seoul")


def _register(parts: AppParts, name: str, tel: str, card: str = cards.APPROVE_SAMSUNG) -> str:
    form = {
        "buyer_name": name,
        "buyer_tel": tel,
        "card_number": card,
        "expiry": f"12/{(date.today().year + 3) % 100:02d}",
        "birth": "880101",
        "pwd_2digit": "12",
    }
    secrets, buyer = validate_card_registration(form, date.today())
    result = parts.services.register_card(secrets, buyer, "정기결제 동의")
    assert result.outcome is Outcome.APPROVED
    return result.customer_uid


def _replace_card_at_portone(parts: AppParts, customer_uid: str, card: str) -> None:
    """What the PortOne console would do: the billing key now charges ``card``."""
    server = parts.sandbox_server
    assert server is not None
    assert parts.client is not None
    token = parts.client.token().access_token
    dashed = "-".join(card[i : i + 4] for i in range(0, 16, 4))
    reply = requests.post(
        f"{server.base_url}/subscribe/customers/{customer_uid}",
        json={
            "card_number": dashed,
            "expiry": "2031-03",
            "birth": "880101",
            "pwd_2digit": "12",
            "channel_key": DEMO_CHANNEL_KEY,
        },
        headers={"Authorization": token},
        timeout=5,
    )
    assert reply.json()["code"] == 0, reply.text


def _select_customer(qtbot: Any, window: MainWindow, cashier: Any, tel: str) -> None:
    tab = window.customers_tab
    window.tabs.setCurrentWidget(tab)
    tab.search_edit.clear()
    cashier.type(tab.search_edit, tel)
    with qtbot.waitSignal(tab.plans_section.plans_loaded, timeout=10_000):
        with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
            tab.search()
        tab.table.selectRow(0)


def _make_monthly_plan(qtbot: Any, window: MainWindow, cashier: Any, amount: str, order: str) -> list[str]:
    """새 정기결제… on the selected customer, typed as the owner does; returns the read-back's text."""
    section = window.customers_tab.plans_section
    qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
    dialog = section.plan_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.kind_combo.currentData() == "monthly"
    cashier.type(dialog.amount_edit, amount)
    cashier.type(dialog.order_name_edit, order)
    # the dates are shown while the plan is being made (tomorrow is the first payment by default)
    tomorrow = window.recurring_tab._today() + timedelta(days=1)
    assert tomorrow.isoformat() in dialog.preview.text()
    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)  # the read-back to the customer
    with qtbot.waitSignal(section.action_finished, timeout=20_000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.payment_table.rowCount() == 3, timeout=10_000)
    return seen


def _poll(qtbot: Any, window: MainWindow) -> None:
    """지금 확인 on the 정기결제 tab, and wait for the lists read after it."""
    tab = window.recurring_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.poll_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(tab.loaded, timeout=20_000), qtbot.waitSignal(tab.polled, timeout=20_000):
        qtbot.mouseClick(tab.poll_button, Qt.MouseButton.LeftButton)


def _states(window: MainWindow) -> list[str]:
    table = window.customers_tab.plans_section.payment_table
    return [table.item(row, 3).text() for row in range(table.rowCount())]


def _day_of(at: int) -> date:
    return datetime.fromtimestamp(at, KST).date()


def test_an_owner_puts_a_customer_on_a_monthly_plan_sees_it_run_and_handles_a_failed_month(
    qtbot: Any, main_window: MainWindow, app_parts: AppParts, cashier: Any
) -> None:
    window, services, server = main_window, app_parts.services, app_parts.sandbox_server
    assert server is not None
    customer = _register(app_parts, "김단골", "010-5555-7777")
    _select_customer(qtbot, window, cashier, "01055557777")
    plans = window.customers_tab.plans_section.plan_table
    assert "새 정기결제" in plans.item(0, 0).text()  # no plan yet, and where one is made
    read_back = _make_monthly_plan(qtbot, window, cashier, "30000", "꽃 정기배송")
    assert "30,000원" in read_back[0]
    assert "매월" in read_back[0]
    section = window.customers_tab.plans_section
    assert "3회분을 예약했습니다" in section.status_label.text()
    assert _states(window) == ["예약됨"] * 3
    [view] = services.recurring.plans_of_customer(customer)
    first, second = view.payments[0], view.payments[1]
    at_portone = app_parts.client.get_schedule(first.merchant_uid or "")  # type: ignore[union-attr]
    assert (at_portone.schedule_status, at_portone.amount) == ("scheduled", 30_000)

    # PortOne runs the first month at its time (the PC may be off); the counter's next look files it
    server.set_clock(first.schedule_at + 120)
    _poll(qtbot, window)
    paid = services.recurring.plan(view.plan.plan_id)
    assert paid is not None
    assert [p.state for p in paid.payments][:1] == ["paid"]
    sale = app_parts.journal.sale(first.merchant_uid or "")
    assert sale is not None
    assert (sale.kind, sale.outcome, sale.paid_amount) == ("scheduled", Outcome.APPROVED, 30_000)
    day = _day_of(first.schedule_at)
    history = app_parts.journal.history(HistoryFilter(date_from=day, date_to=day))
    assert [s.merchant_uid for s in history] == [first.merchant_uid]
    closed = services.close_day(day)
    assert (closed.scheduled_count, closed.scheduled_sum) == (1, 30_000)
    # the tab lists the day's payments on PortOne's day, the customer's section says 결제됨
    assert window.recurring_tab.upcoming_title.text().startswith(f"오늘({day.isoformat()})")
    upcoming = window.recurring_tab.upcoming()
    row = next(i for i, s in enumerate(upcoming) if s.slot_id == first.slot_id)
    assert upcoming[row].state == "paid"
    # its slip opens from the tab (double-click), as any sale's from the history
    table = window.recurring_tab.upcoming_table
    with qtbot.waitSignal(window.receipt_panel.slip_shown, timeout=10_000) as shown:
        cell = table.visualItemRect(table.item(row, 1)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a double-click's first
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert shown.args == [first.merchant_uid]
    assert "30,000" in window.receipt_panel.slip_html
    assert sale.apply_num is not None
    assert sale.apply_num in window.receipt_panel.slip_html
    window.tabs.setCurrentWidget(window.customers_tab)  # the pass reloaded the customer's section too
    qtbot.waitUntil(lambda: _states(window)[-1:] == ["결제됨"], timeout=10_000)

    # the next month the card is refused: PortOne's reason reaches the tab and the announcement bar
    _replace_card_at_portone(app_parts, customer, cards.DECLINE_LIMIT)
    server.set_clock(second.schedule_at + 120)
    _poll(qtbot, window)
    tab = window.recurring_tab
    [failed] = tab.failures()
    assert failed.slot_id == second.slot_id
    assert "[2116]" in tab.failure_table.item(0, 4).text()
    assert any("[2116]" in str(a) for a in window.settlement.announcements())
    assert not tab.retry_button.isEnabled()  # nothing chosen yet
    tab.failure_table.selectRow(0)
    assert tab.retry_button.isEnabled()

    # 지금 다시 결제 while the card is still refused: said plainly, nothing taken, still offered
    errors: list[str] = []
    dialogs.answer_next(True)  # the read-back
    dialogs.answer_next(True, seen=errors)  # the refusal
    with qtbot.waitSignal(tab.payment_actions.finished, timeout=20_000):
        qtbot.mouseClick(tab.retry_button, Qt.MouseButton.LeftButton)
    assert "[2116]" in errors[0]
    assert "결제 안 됨" in tab.status_label.text()
    qtbot.waitUntil(lambda: len(tab.failures()) == 1, timeout=10_000)

    # the customer sorted the card out: the retry takes the month's money once and it is a sale
    _replace_card_at_portone(app_parts, customer, cards.APPROVE_CREDIT)
    tab.failure_table.selectRow(0)
    retry_read_back: list[str] = []
    dialogs.answer_next(True, seen=retry_read_back)
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        qtbot.mouseClick(tab.retry_button, Qt.MouseButton.LeftButton)
    assert "30,000원" in retry_read_back[0]
    assert "[2116]" in retry_read_back[0]  # the last failure's reason is read out before charging again
    qtbot.waitUntil(lambda: "승인" in tab.status_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: tab.failures() == [], timeout=10_000)
    retried = app_parts.journal.sale(second.merchant_uid or "")
    assert retried is not None
    assert (retried.kind, retried.outcome) == ("scheduled", Outcome.APPROVED)
    tries = app_parts.client.find_all_payments(second.merchant_uid or "")  # type: ignore[union-attr]
    assert sorted(p.status for p in tries) == ["failed", "failed", "paid"]  # the run, the refused retry
    assert services.open_operations() == []
    assert app_parts.journal.verify().ok


def test_a_failed_month_is_rescheduled_to_a_day_or_its_plan_paused_from_the_tab(
    qtbot: Any, main_window: MainWindow, app_parts: AppParts, cashier: Any
) -> None:
    window, services, server = main_window, app_parts.services, app_parts.sandbox_server
    assert server is not None
    customer = _register(app_parts, "박정기", "010-3333-4444", cards.DECLINE_LIMIT)
    _select_customer(qtbot, window, cashier, "01033334444")
    _make_monthly_plan(qtbot, window, cashier, "55000", "생수 배달")
    [view] = services.recurring.plans_of_customer(customer)
    first = view.payments[0]
    server.set_clock(first.schedule_at + 120)
    _poll(qtbot, window)
    tab = window.recurring_tab
    assert [s.slot_id for s in tab.failures()] == [first.slot_id]

    # 다시 예약…: the owner picks a day three days on; PortOne holds the payment for then
    _replace_card_at_portone(app_parts, customer, cards.APPROVE_CREDIT)
    tab.failure_table.selectRow(0)
    qtbot.mouseClick(tab.reschedule_button, Qt.MouseButton.LeftButton)
    day_dialog = tab.payment_actions.day_dialog
    assert day_dialog is not None
    today = tab._today()
    assert day_dialog.calendar.minimumDate().toPython() == today
    later = today + timedelta(days=3)
    day_dialog.calendar.setSelectedDate(QDate(later.year, later.month, later.day))
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        qtbot.mouseClick(day_dialog.findChild(type(tab.retry_button), "dayOk"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.failures() == [], timeout=10_000)
    assert "예약했습니다" in tab.status_label.text()
    moved = app_parts.client.get_schedule(first.merchant_uid or "")  # type: ignore[union-attr]
    assert (moved.schedule_status, _day_of(moved.schedule_at)) == ("scheduled", later)

    # it runs on that day and is that day's sale
    server.set_clock(moved.schedule_at + 120)
    _poll(qtbot, window)
    sale = app_parts.journal.sale(first.merchant_uid or "")
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    assert services.close_day(later).scheduled_sum == 55_000

    # another refused month; this time the owner pauses the plan: nothing is left scheduled at PortOne
    _replace_card_at_portone(app_parts, customer, cards.DECLINE_LIMIT)
    plan = services.recurring.plan(view.plan.plan_id)
    assert plan is not None
    nxt = min((p for p in plan.payments if p.state == "scheduled"), key=lambda p: p.schedule_at)
    server.set_clock(nxt.schedule_at + 120)
    _poll(qtbot, window)
    row = next(i for i, s in enumerate(tab.failures()) if s.slot_id == nxt.slot_id)
    tab.failure_table.selectRow(row)
    question: list[str] = []
    dialogs.answer_next(True, seen=question)
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        qtbot.mouseClick(tab.pause_button, Qt.MouseButton.LeftButton)
    assert "일시중지" in question[0]
    qtbot.waitUntil(lambda: "일시중지" in tab.status_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "일시중지됨" in tab.failure_table.item(row, 3).text(), timeout=10_000)
    tab.failure_table.selectRow(row)
    assert not tab.pause_button.isEnabled()  # already paused: the row says so
    assert tab.retry_button.isEnabled()  # the failed month itself can still be charged
    paused = services.recurring.plan(view.plan.plan_id)
    assert paused is not None
    assert paused.plan.state == "paused"
    assert [p for p in paused.payments if p.is_live] == []
    now = int(server.now())
    left = app_parts.client.list_customer_schedules(  # type: ignore[union-attr]
        customer, now, now + 200 * 86_400, status="scheduled"
    )
    assert left == []
    assert app_parts.journal.verify().ok


def test_deleting_a_card_with_scheduled_payments_says_so_and_revokes_them_first(
    qtbot: Any, main_window: MainWindow, app_parts: AppParts, cashier: Any
) -> None:
    window, services = main_window, app_parts.services
    customer = _register(app_parts, "최해지", "010-8888-9999")
    _select_customer(qtbot, window, cashier, "01088889999")
    _make_monthly_plan(qtbot, window, cashier, "20000", "레슨비")
    tab = window.customers_tab

    # the owner reads how many payments PortOne would still take, and says no first
    question: list[str] = []
    dialogs.answer_next(False, seen=question)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "예약된 정기결제가 3건" in question[0]
    assert "되돌릴 수 없습니다" in question[0]
    assert services.recurring.live_payments_of_customer(customer) != []

    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.action_finished, timeout=20_000):
        qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    [view] = services.recurring.plans_of_customer(customer)
    assert view.plan.state == "ended"
    assert {p.state for p in view.payments} == {"revoked"}
    customer_row = app_parts.journal.customer(customer)
    assert customer_row is not None
    assert not customer_row.active
    assert app_parts.journal.verify().ok


def test_a_payment_that_ran_while_the_counter_was_closed_is_filed_when_it_starts(
    qtbot: Any, app_parts: AppParts, translations: Any
) -> None:
    """PortOne runs the plan while no window is open; the next start-up looks by itself (no button)."""
    server = app_parts.sandbox_server
    assert server is not None
    customer = _register(app_parts, "정꺼짐", "010-1212-3434")
    today = app_parts.services.recurring.today()
    tomorrow = today + timedelta(days=1)
    terms = validate_plan(
        {
            "amount": "40000",
            "tax_free": "0",
            "order_name": "월 회비",
            "product_type": "digital",
            "buyer_name": "정꺼짐",
            "buyer_tel": "010-1212-3434",
            "plan_kind": "monthly",
            "plan_day": str(tomorrow.day),
            "plan_start": tomorrow.isoformat(),
            "plan_end_kind": "none",
            "plan_time": "09:30",
        },
        customer,
        today,
    )
    made = app_parts.services.recurring.create_plan(terms)
    assert made.plan is not None
    first = app_parts.journal.plan_payments(made.plan.plan_id)[0]
    server.set_clock(first.schedule_at + 3_600)  # the PC was off over the payment's time

    window = MainWindow(_window_context(app_parts, translations, settle_tick_ms=200))
    window.show()
    try:
        with qtbot.waitSignal(window.recurring_tab.polled, timeout=20_000):
            window.start()
        slot = app_parts.journal.plan_payment(first.slot_id)
        assert slot is not None
        assert slot.state == "paid"
        sale = app_parts.journal.sale(first.merchant_uid or "")
        assert sale is not None
        assert _day_of(int(sale.paid_at or 0)) == tomorrow  # filed under the day PortOne charged it
        qtbot.waitUntil(
            lambda: any(a.kind == "made" for a in window.settlement.announcements()), timeout=10_000
        )
        # the horizon was topped up at the same pass: three payments ahead again
        live = [s for s in app_parts.journal.plan_payments(made.plan.plan_id) if s.is_live]
        assert len(live) == 3
    finally:
        window.close()
        window.deleteLater()


def test_a_first_payment_already_past_is_refused_in_the_form_which_stays_open(
    qtbot: Any, main_window: MainWindow, app_parts: AppParts, cashier: Any
) -> None:
    """Today at 00:00 is always past: the form says so at the time field, asks nothing, sends nothing,
    and keeps what was typed (instead of closing and meeting the services' refusal)."""
    window = main_window
    customer = _register(app_parts, "한오늘", "010-4545-6767")
    _select_customer(qtbot, window, cashier, "01045456767")
    section = window.customers_tab.plans_section
    qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
    dialog = section.plan_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    cashier.type(dialog.amount_edit, "25000")
    cashier.type(dialog.order_name_edit, "오늘 배송")
    today = window.recurring_tab._today()
    dialog.start_edit.setDate(QDate(today.year, today.month, today.day))
    dialog.day_spin.setValue(today.day)
    dialog.time_edit.setTime(QTime(0, 0))
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)  # no read-back may be asked
    assert dialog.isVisible()
    assert "지났거나 너무 가깝" in dialog.error_label.text()
    assert dialog.error_fields() == ("plan_time",)
    assert dialog.order_name_edit.text() == "오늘 배송"
    assert app_parts.services.recurring.plans_of_customer(customer) == []
    dialog.reject()
