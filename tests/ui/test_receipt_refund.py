"""Refunds as a cashier makes them: nothing preselected, the remaining amount shown, and a read-back of
amount, balance after, card and reason before one request is sent (issue 12, item 4); the status line
belongs to the transaction it answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.outcomes import Outcome
from pos_app.ui.receipts.panel import ReceiptPanel

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, cancel_posts, click_option, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE


@pytest.fixture
def panel(qtbot: Any, panel_services: Any, panel_runner: Any) -> ReceiptPanel:
    widget = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def _open_refund(qtbot: Any, panel: ReceiptPanel, panel_services: Any, amount: int = 30_000) -> Any:
    sale = keyin_sale(panel_services, amount=amount).sale
    assert sale is not None
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(sale.merchant_uid)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_nothing_is_preselected_and_the_remaining_amount_is_shown(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    dialog = _open_refund(qtbot, panel, panel_services)
    assert not dialog.full_radio.isChecked()
    assert not dialog.partial_radio.isChecked()
    assert "30,000원" in dialog.full_radio.text()
    assert "남은 금액 30,000원" in dialog.summary.text()
    type_text(dialog.reason_edit, "고객 요청")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # a reason and Enter no longer refund
    assert not dialog.showing_read_back()
    assert "전액 취소와 부분 취소 중 하나를 고르세요" in dialog.error_label.text()
    assert cancel_posts(sandbox) == 0
    click_option(qtbot, dialog.full_radio)
    assert "고르세요" not in dialog.error_label.text()  # the error went with the choice
    dialog.reject()


def test_the_read_back_shows_amount_balance_card_and_reason_and_sends_once(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    dialog = _open_refund(qtbot, panel, panel_services)
    click_option(qtbot, dialog.partial_radio)
    type_text(dialog.amount_edit, "12000")
    assert dialog.amount_edit.text() == "12,000"  # grouped like every amount field
    qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)
    type_text(dialog.reason_edit, "한 송이 시듦")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.showing_read_back()
    text = dialog.read_back.text()
    assert "환불할 금액: 12,000원" in text
    assert "환불 후 남은 금액: 18,000원" in text
    assert "4518-42**-****-0007" in text
    assert "사유: 한 송이 시듦" in text
    assert cancel_posts(sandbox) == 0  # read back, not sent
    assert dialog.focusWidget() is dialog.confirm_button
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    assert cancel_posts(sandbox) == 1
    row = panel_services.sale(panel.current_merchant_uid)
    assert row.cancel_amount == 12_000
    assert "처리했습니다" in panel.status_label.text()  # the result stays with this transaction


def test_going_back_from_the_read_back_sends_nothing_and_keeps_the_form(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    dialog = _open_refund(qtbot, panel, panel_services)
    click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, "주문 취소")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert "환불 후 남은 금액: 0원" in dialog.read_back.text()
    qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Escape)  # Esc on the read-back goes back
    assert dialog.isVisible()
    assert not dialog.showing_read_back()
    assert dialog.reason_edit.text() == "주문 취소"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert not dialog.showing_read_back()
    assert cancel_posts(sandbox) == 0
    assert dialog.request is None
    dialog.reject()


def test_a_held_enter_never_runs_through_to_the_refund(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    dialog = _open_refund(qtbot, panel, panel_services)
    click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, "주문 취소")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.showing_read_back()
    repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True)
    QApplication.sendEvent(dialog.confirm_button, repeat)  # the key still held from the reason field
    assert dialog.isVisible()
    assert cancel_posts(sandbox) == 0
    dialog.reject()
    dialog.reject()


def test_the_status_of_one_transaction_is_not_shown_on_another(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any
) -> None:
    dialog = _open_refund(qtbot, panel, panel_services)
    first = panel.current_merchant_uid
    click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, "주문 취소")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert panel_services.sale(first).outcome is Outcome.CANCELLED
    assert panel.status_label.text()
    other = keyin_sale(panel_services, amount=9_000).sale
    assert other is not None
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(other.merchant_uid)
    assert panel.status_label.text() == ""
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(first)
    assert panel.status_label.text() == ""  # not carried back either: another transaction was between
