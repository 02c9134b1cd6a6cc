"""Double submit (issue 13, item 4): ten quick clicks and ten quick Enters on a money button send one request.

승인 (key-in) has its own test in test_keyin_charge.py (``test_ten_quick_presses_send_one_request``);
here are 결제 (a saved card charged again), 취소 (a refund's confirm), 발행 (a cash receipt) and 삭제 (a
saved card deleted). Each press after the first must neither send nor ask again: an extra confirmation
box would be an unanswered message box, which the panel fixtures fail on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos_app.domain.forms import validate_card_registration
from pos_app.domain.outcomes import Outcome
from pos_app.sandbox import cards
from pos_app.ui.customers.tab import CustomersTab
from pos_app.ui.receipts.panel import ReceiptPanel
from pos_app.ui.shell import dialogs

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, click_option, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE

PRESSES = 10


def _requests(sandbox: Any, method: str, prefix: str) -> int:
    return sum(1 for e in sandbox.ledger() if e.method == method and e.path.startswith(prefix))


def _under_the_finger(button: QWidget, fallback: QWidget) -> QWidget:
    """Where the next press lands: the button while it is on screen, else what was under it (the button
    that opened its dialog) — a cashier cannot press a closed dialog's button."""
    if shiboken6.isValid(button) and button.isVisible():
        return button
    return fallback


def _hammer(qtbot: Any, button: QWidget, fallback: QWidget) -> None:
    """Ten clicks, then ten Enters, as fast as the event loop takes them."""
    for _ in range(PRESSES):
        qtbot.mouseClick(_under_the_finger(button, fallback), Qt.MouseButton.LeftButton)
    for _ in range(PRESSES):
        qtbot.keyClick(_under_the_finger(button, fallback), Qt.Key.Key_Return)


@pytest.fixture
def panel(qtbot: Any, panel_services: Any, panel_runner: Any) -> ReceiptPanel:
    widget = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


@pytest.fixture
def tab(qtbot: Any, panel_services: Any, panel_runner: Any) -> CustomersTab:
    widget = CustomersTab(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    with qtbot.waitSignal(widget.customers_loaded, timeout=10_000):
        widget.show()
    return widget


def _saved_card(qtbot: Any, tab: CustomersTab, services: Any) -> str:
    form = {
        "buyer_name": "문단골",
        "buyer_tel": "010-3131-4141",
        "card_number": cards.APPROVE_CREDIT,
        "expiry": f"12/{(date.today().year + 3) % 100:02d}",
        "birth": "880101",
        "pwd_2digit": "12",
    }
    card, buyer = validate_card_registration(form, date.today())
    result = services.register_card(card, buyer, "테스트 동의 문구")
    assert result.outcome is Outcome.APPROVED
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    tab.table.selectRow(0)
    return str(result.customer_uid)


def test_ten_presses_of_pay_on_a_saved_card_send_one_charge(
    qtbot: Any, tab: CustomersTab, panel_services: Any, sandbox: Any
) -> None:
    _saved_card(qtbot, tab, panel_services)
    qtbot.mouseClick(tab.charge_button, Qt.MouseButton.LeftButton)
    charge = tab.charge_dialog
    assert charge is not None
    type_text(charge.amount_edit, "10000")
    type_text(charge.order_name_edit, "꽃 정기 배송")
    dialogs.answer_next(True)  # the one read-back confirmation
    with qtbot.waitSignal(tab.transaction_selected, timeout=20_000) as selected:
        _hammer(qtbot, charge.submit_button, tab.charge_button)
    qtbot.waitUntil(lambda: tab.charge_button.isEnabled(), timeout=10_000)
    assert sandbox.posts_for(selected.args[0]) == 1
    assert _requests(sandbox, "POST", "/subscribe/payments/again") == 1


def test_ten_presses_of_delete_send_one_deletion(
    qtbot: Any, tab: CustomersTab, panel_services: Any, sandbox: Any
) -> None:
    customer_uid = _saved_card(qtbot, tab, panel_services)
    dialogs.answer_next(True)  # the one "delete this card?"
    with qtbot.waitSignal(tab.action_finished, timeout=20_000):
        _hammer(qtbot, tab.delete_button, tab.delete_button)
    assert _requests(sandbox, "DELETE", "/subscribe/customers/") == 1
    assert panel_services.customer(customer_uid).deleted_at is not None


def _open_refund(qtbot: Any, panel: ReceiptPanel, services: Any) -> Any:
    sale = keyin_sale(services, amount=30_000).sale
    assert sale is not None
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(sale.merchant_uid)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, "고객 요청")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.showing_read_back()
    return dialog


def test_ten_presses_of_the_refund_confirm_send_one_cancel(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    dialog = _open_refund(qtbot, panel, panel_services)
    with qtbot.waitSignal(panel.slip_shown, timeout=20_000):
        _hammer(qtbot, dialog.confirm_button, panel.cancel_button)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert _requests(sandbox, "POST", "/payments/cancel") == 1
    row = panel_services.sale(panel.current_merchant_uid)
    assert row.cancel_amount == 30_000


@pytest.mark.parametrize("press", ["click", "enter"])
def test_ten_presses_of_issue_send_one_cash_receipt(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any, press: str
) -> None:
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    assert dialog is not None
    type_text(dialog.amount_edit, "15,000")
    type_text(dialog.order_name_edit, "케이크 현금 판매")
    type_text(dialog.buyer_edit, "김영희")
    type_text(dialog.identifier_edit, "010-9876-5432")

    def presses() -> None:
        if press == "click":
            _hammer(qtbot, dialog.ok_button, panel.receipt_issue_button)
            return
        for _ in range(2 * PRESSES):  # Enter in the last field submits the form
            target = dialog.identifier_edit if shiboken6.isValid(dialog) and dialog.isVisible() else panel
            qtbot.keyClick(target, Qt.Key.Key_Return)

    with qtbot.waitSignal(panel.slip_shown, timeout=20_000):
        presses()
    assert _requests(sandbox, "POST", "/receipts") == 1
