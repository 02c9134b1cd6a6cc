"""현금영수증 in the receipt panel: external receipt issue, second refused, cancel; per-payment receipt."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.outcomes import Outcome
from pos_app.ui.receipts.panel import ReceiptPanel
from pos_app.ui.shell import dialogs

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, click_option, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE


@pytest.fixture
def panel(qtbot: Any, panel_services: Any, panel_runner: Any) -> ReceiptPanel:
    widget = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _receipt_posts(sandbox: Any) -> int:
    return sum(1 for e in sandbox.ledger() if e.method == "POST" and e.path.startswith("/receipts"))


def test_external_receipt_issue_second_refused_then_cancel(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    assert dialog is not None
    assert dialog.external_radio.isChecked()
    type_text(dialog.amount_edit, "15,000")
    type_text(dialog.order_name_edit, "케이크 현금 판매")
    type_text(dialog.buyer_edit, "김영희")
    type_text(dialog.identifier_edit, "010-9876-5432")
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.keyClick(dialog.identifier_edit, Qt.Key.Key_Return)

    merchant_uid = panel.current_merchant_uid
    assert merchant_uid is not None
    receipt = panel_services.receipt_for(merchant_uid)
    assert receipt is not None
    assert receipt.outcome is Outcome.APPROVED
    assert (receipt.amount, receipt.identifier_type, receipt.receipt_type) == (15_000, "phone", "person")
    assert "현금영수증" in panel.title.text()
    text = panel.slip_view.toPlainText()
    assert "15,000원" in text
    assert "케이크 현금 판매" in text
    assert receipt.apply_num in text
    assert "9876-5432" not in text  # identifier shown masked
    assert panel.receipt_cancel_button.isEnabled()
    assert not panel.cancel_button.isEnabled()  # no card cancel for a cash receipt
    posts_after_first = _receipt_posts(sandbox)

    # Issuing again for the same cash sale is refused by the services, with the reason shown.
    assert panel.receipt_reissue_button.isVisibleTo(panel)
    qtbot.mouseClick(panel.receipt_reissue_button, Qt.MouseButton.LeftButton)
    again = panel.cash_receipt_dialog
    assert again is not None
    assert again is not dialog
    assert again.amount_edit.text() == "15,000"
    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)
    type_text(again.identifier_edit, "01011112222")
    # after a refusal the panel reloads the transaction it shows
    with qtbot.waitSignals([panel.action_finished, panel.slip_shown], timeout=15_000):
        qtbot.keyClick(again.identifier_edit, Qt.Key.Key_Return)
    assert len(seen) == 1
    assert "이미 현금영수증이 있습니다" in seen[0]
    assert _receipt_posts(sandbox) == posts_after_first

    # Cancel it: a confirmation, then the slip says it was cancelled.
    dialogs.answer_next(True)
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.mouseClick(panel.receipt_cancel_button, Qt.MouseButton.LeftButton)
    cancelled = panel_services.receipt_for(merchant_uid)
    assert cancelled.cancelled_at is not None
    assert "취소" in panel.title.text()
    assert not panel.receipt_cancel_button.isEnabled()


def test_receipt_cancel_needs_confirmation(qtbot: Any, panel: ReceiptPanel, panel_services: Any) -> None:
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    assert dialog is not None
    type_text(dialog.amount_edit, "8000")
    click_option(qtbot, dialog.self_issue_check)
    assert not dialog.identifier_edit.isEnabled()
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    merchant_uid = panel.current_merchant_uid
    receipt = panel_services.receipt_for(merchant_uid)
    assert receipt.outcome is Outcome.APPROVED
    assert receipt.identifier_hint.endswith("1234")  # NTS self-issue number

    dialogs.answer_next(False)  # the cashier says no
    qtbot.mouseClick(panel.receipt_cancel_button, Qt.MouseButton.LeftButton)
    assert panel_services.receipt_for(merchant_uid).cancelled_at is None
    assert panel.receipt_cancel_button.isEnabled()


def test_invalid_identifier_is_shown_inline(qtbot: Any, panel: ReceiptPanel, sandbox: Any) -> None:
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    assert dialog is not None
    type_text(dialog.amount_edit, "8000")
    dialog.identifier_type_combo.setCurrentIndex(1)  # 사업자번호
    assert dialog.company_radio.isChecked()  # 지출증빙 follows a business number
    type_text(dialog.identifier_edit, "123-45-67892")  # wrong check digit
    qtbot.keyClick(dialog.identifier_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text()
    assert _receipt_posts(sandbox) == 0
    dialog.reject()


def test_per_payment_receipt_for_a_bank_transfer(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    transfer_uid = "C01-20261126T101010000-xfer"
    sandbox.make_transfer_payment(transfer_uid, 44_000, "박철수")
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    assert dialog is not None
    click_option(qtbot, dialog.payment_radio)
    assert not dialog.amount_edit.isVisibleTo(dialog)
    type_text(dialog.payment_uid_edit, transfer_uid)
    type_text(dialog.identifier_edit, "01055556666")
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.keyClick(dialog.identifier_edit, Qt.Key.Key_Return)
    receipt = panel_services.receipt_for(transfer_uid)
    assert receipt is not None
    assert receipt.outcome is Outcome.APPROVED
    assert receipt.amount == 44_000
    assert "44,000원" in panel.slip_view.toPlainText()

    # a card sale cannot get a per-payment cash receipt: the refusal is shown
    card_sale = keyin_sale(panel_services)
    qtbot.mouseClick(panel.receipt_issue_button, Qt.MouseButton.LeftButton)
    dialog = panel.cash_receipt_dialog
    click_option(qtbot, dialog.payment_radio)
    type_text(dialog.payment_uid_edit, card_sale.merchant_uid)
    type_text(dialog.identifier_edit, "01055556666")
    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)
    with qtbot.waitSignal(panel.action_finished, timeout=15_000):
        qtbot.keyClick(dialog.identifier_edit, Qt.Key.Key_Return)
    assert len(seen) == 1
    assert "카드 결제 제외" in seen[0]
