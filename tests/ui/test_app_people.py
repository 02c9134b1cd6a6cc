"""People through the window (pytest-qt): the owner made at the first start, signing in with name, PIN and
Enter, a refund approved on the spot in its confirmation, a wrong PIN, F12 to the next person, signing out
when idle, the owner's people and audit on 설정, the day close for a cashier — all typed as a person would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos_app.app import AppParts
from pos_app.domain.forms import validate_keyed_charge
from pos_app.domain.outcomes import Outcome
from pos_app.domain.people import Role
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.services.counter import AuditFilter, CounterServices
from pos_app.ui.people.approval import ApprovalDialog
from pos_app.ui.shell.main_window import MainWindow

OWNER, MANAGER, CASHIER, CASHIER_2 = "이사장", "박관리", "김점원", "최점원"
PINS = {OWNER: "73914682", MANAGER: "51847326", CASHIER: "60293817", CASHIER_2: "48160395"}


def set_up_people(services: CounterServices) -> None:
    """The shop's people, made through the services (the owner first, who adds the others), then nobody
    signed in: the window opens on its sign-in screen."""
    people = services.people
    people.add_person(OWNER, Role.OWNER, PINS[OWNER])
    people.add_person(MANAGER, Role.MANAGER, PINS[MANAGER])
    people.add_person(CASHIER, Role.CASHIER, PINS[CASHIER])
    people.add_person(CASHIER_2, Role.CASHIER, PINS[CASHIER_2])
    people.sign_out()


@pytest.fixture
def app_parts(app_parts: AppParts) -> AppParts:
    set_up_people(app_parts.services)
    return app_parts


@pytest.fixture
def window_options() -> dict[str, Any]:
    return {"idle_check_ms": 20}


def sign_in(
    qtbot: Any, cashier: Any, window: MainWindow, name: str, pin: str | None = None, *, succeed: bool = True
) -> None:
    page = window.people_gate.page
    assert window.people_gate.showing_sign_in()
    cashier.type(page.name_edit, name)
    cashier.enter(page.name_edit)
    assert page.pin_edit.hasFocus()
    cashier.type(page.pin_edit, pin or PINS[name])
    cashier.enter(page.pin_edit)
    if succeed:
        qtbot.waitUntil(lambda: not window.people_gate.showing_sign_in(), timeout=10_000)


def paid_sale(services: CounterServices, amount: int = 30_000) -> str:
    form = {
        "amount": str(amount),
        "tax_free": "0",
        "order_name": "꽃다발",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "card_number": APPROVE_CREDIT,
        "expiry": f"12/{(date.today().year + 3) % 100:02d}",
        "card_quota": "0",
        "product_type": "real",
    }
    result = services.charge_keyed_card(validate_keyed_charge(form, date.today()))
    assert result.outcome is Outcome.APPROVED
    return result.merchant_uid


def test_a_counter_with_people_opens_on_the_sign_in_screen_and_signs_in_by_keyboard(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    gate = main_window.people_gate
    assert gate.showing_sign_in()
    assert not main_window.tabs.isVisible()
    assert gate.page.name_edit.hasFocus()
    sign_in(qtbot, cashier, main_window, CASHIER)
    assert main_window.tabs.isVisible()
    assert gate.person_button.text() == "김점원 · 점원"
    assert main_window.keyin_tab.amount_edit.hasFocus()
    assert not main_window.settings_tab.isEnabled()  # the owner's
    assert gate.page.pin_edit.text() == ""  # the PIN did not stay in the field


def test_a_wrong_pin_is_said_and_counted_and_the_fifth_locks(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    page = main_window.people_gate.page
    for attempt in range(1, 6):
        sign_in(qtbot, cashier, main_window, CASHIER, "99124578", succeed=False)
        qtbot.waitUntil(
            lambda: page.error_label.isVisible() and page.submit_button.isEnabled(), timeout=10_000
        )
        if attempt < 5:
            assert f"{5 - attempt}번 더 틀리면" in page.error_label.text()
            assert page.pin_edit.hasFocus()
        page.name_edit.clear()
    assert "잠겼습니다" in page.error_label.text()
    sign_in(qtbot, cashier, main_window, CASHIER, succeed=False)  # the right PIN, still locked
    qtbot.waitUntil(lambda: page.submit_button.isEnabled(), timeout=10_000)
    assert main_window.people_gate.showing_sign_in()
    person = next(p for p in main_window.services.people.people() if p.name == CASHIER)
    assert person.locked_until is not None


def test_a_cashiers_refund_is_approved_by_a_manager_in_its_confirmation(
    qtbot: Any, main_window: MainWindow, cashier: Any, app_parts: AppParts
) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER)
    services = main_window.services
    uid = paid_sale(services)
    panel = main_window.receipt_panel
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        main_window._show_in_receipt_panel(uid)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    dialog.full_radio.setChecked(True)
    cashier.type(dialog.reason_edit, "고객 요청")
    cashier.enter(dialog.reason_edit)
    assert dialog.showing_read_back()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: panel.findChild(ApprovalDialog) is not None, timeout=5_000)
    approval = panel.findChild(ApprovalDialog)
    assert approval is not None
    assert "관리자 이상" in approval.heading.text()
    cashier.type(approval.name_edit, MANAGER)
    cashier.enter(approval.name_edit)
    cashier.type(approval.pin_edit, "99124578")
    with qtbot.waitSignal(approval.approval_refused, timeout=10_000):
        cashier.enter(approval.pin_edit)
    assert "4번 더 틀리면" in approval.error_label.text()
    assert approval.isVisible()  # stays open for the right PIN
    assert services.cancels_of(uid) == []
    cashier.type(approval.pin_edit, PINS[MANAGER])
    with qtbot.waitSignal(panel.action_finished, timeout=20_000):
        cashier.enter(approval.pin_edit)
    [cancel] = services.cancels_of(uid)
    assert (cancel.operator, cancel.approver, cancel.outcome) == (CASHIER, MANAGER, Outcome.CANCELLED)

    # the history names who approved it
    history = main_window.history_tab
    model = history.model
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        main_window.tabs.setCurrentWidget(history)
        qtbot.mouseClick(history.search_button, Qt.MouseButton.LeftButton)
    staff = [model.index(r, model.column_of("staff")).data() for r in range(model.rowCount())]
    assert "김점원 (박관리)" in staff


def test_a_sign_out_while_the_approval_pin_is_checked_refunds_nothing_and_crashes_nothing(
    qtbot: Any, main_window: MainWindow, cashier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle sign-out rejects every open dialog; a PIN check still out must not approve in its name."""
    import threading

    sign_in(qtbot, cashier, main_window, CASHIER)
    services = main_window.services
    uid = paid_sale(services)
    panel = main_window.receipt_panel
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        main_window._show_in_receipt_panel(uid)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    dialog.full_radio.setChecked(True)
    cashier.type(dialog.reason_edit, "고객 요청")
    cashier.enter(dialog.reason_edit)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.findChild(ApprovalDialog) is not None, timeout=5_000)
    approval = panel.findChild(ApprovalDialog)
    assert approval is not None

    people = services.people
    checking, release = threading.Event(), threading.Event()
    real_approve = people.approve

    def slow_approve(*args: Any, **kwargs: Any) -> Any:
        checking.set()
        release.wait(10)
        return real_approve(*args, **kwargs)

    monkeypatch.setattr(people, "approve", slow_approve)
    cashier.type(approval.name_edit, MANAGER)
    cashier.enter(approval.name_edit)
    cashier.type(approval.pin_edit, PINS[MANAGER])
    cashier.enter(approval.pin_edit)
    assert checking.wait(10)
    main_window.people_gate.sign_out("idle")  # what the idle watcher does: every dialog is rejected
    assert main_window.people_gate.showing_sign_in()
    with qtbot.waitSignal(main_window.runner.work_finished, timeout=10_000):
        release.set()  # the manager's PIN was right: the answer comes back to a closed dialog
    qtbot.waitUntil(lambda: main_window.runner.busy_count() == 0, timeout=10_000)
    assert services.cancels_of(uid) == []  # nothing refunded in the name of a dialog nobody sees
    sale = services.sale(uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED


def test_f12_hands_the_counter_to_the_next_person_and_an_open_form_stays(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER)
    cashier.type(main_window.keyin_tab.amount_edit, "15000")
    qtbot.keyClick(main_window, Qt.Key.Key_F12)
    assert main_window.people_gate.showing_sign_in()
    sign_in(qtbot, cashier, main_window, CASHIER_2)
    assert main_window.people_gate.person_button.text() == "최점원 · 점원"
    assert main_window.keyin_tab.amount_edit.text() == "15,000"  # the order was not the person's
    services = main_window.services
    sign_in_owner(qtbot, cashier, main_window)
    rows = services.audit(AuditFilter(kinds=frozenset({"sign_in", "sign_out"})))
    kinds = [(r.kind, r.person) for r in rows]
    assert kinds[:4] == [
        ("sign_in", OWNER),
        ("sign_out", CASHIER_2),
        ("sign_in", CASHIER_2),
        ("sign_out", CASHIER),
    ]


def sign_in_owner(qtbot: Any, cashier: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F12)
    sign_in(qtbot, cashier, window, OWNER)


@pytest.mark.parametrize("window_options", [{"idle_check_ms": 20, "idle_minute_ms": 40}])
def test_nobody_at_the_counter_for_the_idle_minutes_signs_out(
    qtbot: Any, main_window: MainWindow, cashier: Any, window_options: dict[str, Any]
) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER)
    with qtbot.waitSignal(main_window.people_gate.signed_out, timeout=10_000) as left:
        pass  # 5 "minutes" of 40 ms without a key or a click
    assert left.args == ["idle"]
    assert main_window.people_gate.showing_sign_in()
    assert main_window.services.people.signed_in() is None


def test_the_owner_adds_a_person_and_reads_the_audit_on_settings(
    qtbot: Any, main_window: MainWindow, cashier: Any, tmp_path: Path
) -> None:
    sign_in(qtbot, cashier, main_window, OWNER)
    assert main_window.settings_tab.isEnabled()
    section = main_window.people_gate.section
    assert section.table.rowCount() > 0
    assert section.table.item(0, 0).text() == OWNER
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    form = section.open_dialog
    cashier.type(form.name_edit, "정알바")
    cashier.type(form.pin_edit, "80264193")
    cashier.type(form.pin_again_edit, "80264193")
    with qtbot.waitSignal(section.people_changed, timeout=10_000):
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert "정알바" in [p.name for p in main_window.services.people.people()]

    audit = section.open_audit()
    qtbot.waitUntil(lambda: audit.table.rowCount() > 0, timeout=10_000)
    kinds = [audit.table.item(r, 1).text() for r in range(audit.table.rowCount())]
    assert kinds[0] == "사람 추가"
    audit.person_combo.setCurrentIndex(audit.person_combo.findData("정알바"))
    with qtbot.waitSignal(audit.rows_shown, timeout=10_000):
        audit.load()
    assert [audit.table.item(r, 4).text() for r in range(audit.table.rowCount())] == ["정알바"]
    target = tmp_path / "audit.csv"
    with qtbot.waitSignal(audit.exported, timeout=10_000):
        audit.export(target)
    text = target.read_text(encoding="utf-8-sig")
    assert "정알바" in text
    assert "사람 추가" in text
    audit.close()


def test_a_cashier_closes_the_day_with_a_managers_pin(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER)
    paid_sale(main_window.services, 20_000)
    history = main_window.history_tab
    dialog = history.open_day_close()
    qtbot.waitUntil(lambda: dialog.findChild(ApprovalDialog) is not None, timeout=5_000)
    approval = dialog.findChild(ApprovalDialog)
    assert approval is not None
    cashier.type(approval.name_edit, MANAGER)
    cashier.enter(approval.name_edit)
    cashier.type(approval.pin_edit, PINS[MANAGER])
    with qtbot.waitSignal(dialog.report_shown, timeout=10_000) as shown:
        cashier.enter(approval.pin_edit)
    [person] = shown.args[0].by_cashier
    assert (person.operator, person.paid_sum) == (CASHIER, 20_000)
    assert dialog.cashier_table.item(0, 0).text() == CASHIER
    dialog.close()
    QApplication.processEvents()
