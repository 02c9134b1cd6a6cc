"""Nothing a cashier must read is cut off at 1024×768, in Korean and in English: every visible label, button,
check box and field of the counter screens (키인 결제 in its states, 단골 고객, 영수증) and their dialogs is
at least as large as its text needs (issue 12: "no visible label is elided or clipped").

A label without word wrap must be as wide as its size hint and as tall; a wrapping one as tall as its
text at its width; a button, check box or radio button as wide as its text needs; a line edit or combo
box not squeezed below its minimum height (an earlier large result box squeezed the form).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.faults import Fault
from pos_app.ui.customers.dialogs import ChargeAgainDialog, RegisterCardDialog
from pos_app.ui.receipts.cancel_dialog import CancelDialog
from pos_app.ui.receipts.cash_receipt_dialog import CashReceiptDialog
from pos_app.ui.shell import dialogs

SIZE = (1024, 768)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def clipped(root: QWidget) -> list[str]:
    """What is shown smaller than its text needs, as "Class 'text': have < need"."""
    QApplication.processEvents()
    problems: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not root.window():
            continue
        if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if widget.height() + 1 < need:
                    problems.append(f"QLabel {widget.text()!r}: height {widget.height()} < {need}")
            else:
                hint = widget.sizeHint()
                if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
                    problems.append(f"QLabel {widget.text()!r}: {widget.size().toTuple()} < {hint.toTuple()}")
        elif isinstance(widget, (QPushButton, QCheckBox, QRadioButton)) and widget.text():
            button: QAbstractButton = widget
            text_width = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
            need = max(button.sizeHint().width() - 1, text_width)
            if button.width() < need:
                problems.append(f"{type(button).__name__} {button.text()!r}: {button.width()} < {need}")
        elif (
            isinstance(widget, (QLineEdit, QComboBox))
            and widget.height() + 1 < widget.minimumSizeHint().height()
        ):
            problems.append(f"{type(widget).__name__} {widget.objectName()!r}: squeezed to {widget.height()}")
    return problems


@pytest.fixture(params=["ko", "en"])
def window(request: pytest.FixtureRequest, qtbot: Any, main_window: Any, translations: Any) -> Any:
    translations.switch(request.param)
    QApplication.processEvents()
    main_window.resize(*SIZE)
    main_window.keyin_tab.options = replace(
        main_window.keyin_tab.options, unknown_recheck_delays_ms=(600_000,)
    )
    qtbot.waitUntil(lambda: main_window.size().toTuple() == SIZE, timeout=5000)
    return main_window


def _fill(cashier: Any, tab: Any, amount: str = "58000") -> None:
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount=amount, birth="900101", pwd="12")


def test_the_key_in_tab_in_every_state_fits(qtbot: Any, cashier: Any, window: Any, app_parts: Any) -> None:
    tab = window.keyin_tab
    screen = tab  # this screen only: the window's status bar is the shell's
    assert clipped(screen) == [], "empty form"
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert clipped(screen) == [], "every field with an error"
    tab.clear_errors()
    _fill(cashier, tab)
    tab.quota_combo.setCurrentIndex(tab.quota_combo.findData(3))
    qtbot.keyClick(tab.amount_edit, Qt.Key.Key_Backspace)  # 할부 went back to 일시불: the long note
    tab.save_card_check.click()
    assert clipped(screen) == [], "filled, 할부 reset, saving the card"
    cashier.type(tab.amount_edit, "0")
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000):
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    window.tabs.setCurrentWidget(tab)
    assert not tab.result_box.saved_label.isHidden()
    assert clipped(screen) == [], "the approval with 카드 저장됨"
    sandbox = app_parts.sandbox_server
    sandbox.faults.add(Fault(kind="http_504", path_prefix="/subscribe/payments/onetime", method="POST"))
    sandbox.faults.add(Fault(kind="http_500", path_prefix="/payments", method="GET", count=1000))
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="41000")
    dialogs.answer_next(True)
    with qtbot.waitSignal(tab.charge_finished, timeout=20_000):
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert not tab.result_box.resend_button.isHidden()
    assert clipped(screen) == [], "unknown, with its three buttons"
    sandbox.faults.clear()
    tab.shutdown()


def test_the_customers_tab_and_its_dialogs_fit(qtbot: Any, window: Any) -> None:
    tab = window.customers_tab
    with qtbot.waitSignal(tab.customers_loaded, timeout=10_000):
        window.tabs.setCurrentWidget(tab)
    assert clipped(tab) == []
    register = RegisterCardDialog(window)
    qtbot.addWidget(register)
    register.show()
    qtbot.mouseClick(register.submit_button, Qt.MouseButton.LeftButton)  # every error at once
    assert clipped(register) == []
    from pos_app.domain.outcomes import Outcome
    from pos_app.journal.records import CustomerRow

    customer = CustomerRow(
        "C01-cust-3333-20261201T000000000-abc",
        "박단골",
        "010-2222-3333",
        "451842******0007",
        "신한카드",
        Outcome.APPROVED,
        1.0,
        None,
        None,
    )
    charge = ChargeAgainDialog(customer, window)
    qtbot.addWidget(charge)
    charge.show()
    qtbot.mouseClick(charge.submit_button, Qt.MouseButton.LeftButton)
    assert clipped(charge) == []


def test_the_receipt_panel_and_its_dialogs_fit(qtbot: Any, cashier: Any, window: Any) -> None:
    tab = window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT, amount="30000")
    panel = window.receipt_panel
    dialogs.answer_next(True)
    with qtbot.waitSignal(panel.slip_shown, timeout=20_000):
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert clipped(panel) == []
    sale = window.services.sale(panel.current_merchant_uid)
    refund = CancelDialog(sale, window)
    qtbot.addWidget(refund)
    refund.show()
    qtbot.mouseClick(refund.ok_button, Qt.MouseButton.LeftButton)  # nothing chosen: the errors
    assert clipped(refund) == []
    refund.partial_radio.setChecked(True)
    refund.amount_edit.set_value(10_000)
    refund.reason_edit.setText("고객 요청 일부 환불")
    qtbot.mouseClick(refund.ok_button, Qt.MouseButton.LeftButton)
    assert refund.showing_read_back()
    assert clipped(refund) == []
    receipt = CashReceiptDialog(window.services.mint_external_merchant_uid(), window)
    qtbot.addWidget(receipt)
    receipt.show()
    qtbot.mouseClick(receipt.ok_button, Qt.MouseButton.LeftButton)
    assert clipped(receipt) == []
