"""영수증 panel driven as a cashier: slips, partial and full cancels, KSNET limits, PDF, PG slip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import QFileDialog

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox import cards
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.ui.receipts.cancel_dialog import CancelDialog
from pos_app.ui.receipts.panel import ReceiptPanel
from pos_app.ui.receipts.slip import ShopDetails
from pos_app.ui.shell import dialogs

# fixtures_panels is both a pytest plugin (its fixtures) and a module of helpers: let pytest rewrite its
# asserts before this import loads it.
pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, cancel_posts, click_option, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE


@pytest.fixture
def panel(qtbot: Any, panel_services: Any, panel_runner: Any) -> ReceiptPanel:
    widget = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(widget)
    shop = ShopDetails(name="꽃집 하늘", business_no="123-45-67890", address="서울시 중구 1")
    widget.set_shop_details(shop)
    widget.resize(600, 700)
    widget.show()
    return widget


def _show(qtbot: Any, panel: ReceiptPanel, merchant_uid: str) -> None:
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(merchant_uid)


def _cancel_through_dialog(qtbot: Any, panel: ReceiptPanel, amount: int | None, reason: str) -> str:
    """Ask for the refund, then confirm the read-back with Enter; returns the read-back text."""
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    if amount is not None:
        click_option(qtbot, dialog.partial_radio)
        type_text(dialog.amount_edit, f"{amount:,}")
        qtbot.keyClick(dialog.amount_edit, Qt.Key.Key_Return)  # Enter moves on to the reason
        assert dialog.reason_edit.hasFocus()
    else:
        click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, reason)
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # to the read-back, nothing sent yet
    assert dialog.showing_read_back()
    read_back = dialog.read_back.text()
    with qtbot.waitSignal(panel.slip_shown, timeout=15_000):
        qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
    return read_back


def test_slip_shows_shop_card_approval_and_vat(qtbot: Any, panel: ReceiptPanel, panel_services: Any) -> None:
    sale = keyin_sale(panel_services, amount=33_000, tax_free=0).sale
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    _show(qtbot, panel, sale.merchant_uid)

    text = panel.slip_view.toPlainText()
    for expected in (
        "꽃집 하늘",
        "123-45-67890",
        "서울시 중구 1",
        sale.apply_num,
        "4518-42**-****-0007",
        "33,000원",
        "3,000원",
        "30,000원",
        "일시불",
        "승인",
    ):
        assert expected in text, expected
    assert "4518420000000007" not in panel.slip_html
    assert panel.cancel_button.isEnabled()
    assert "남은 금액 33,000원" in panel.title.text()


def test_partial_then_full_cancel_shows_the_balance(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    sale = keyin_sale(panel_services, amount=30_000).sale
    assert sale is not None
    _show(qtbot, panel, sale.merchant_uid)

    _cancel_through_dialog(qtbot, panel, 10_000, "고객 요청 일부 환불")
    assert "부분취소" in panel.title.text()
    assert "남은 금액 20,000원" in panel.title.text()
    text = panel.slip_view.toPlainText()
    assert "-10,000원" in text
    assert "고객 요청 일부 환불" in text
    row = panel_services.sale(sale.merchant_uid)
    assert (row.cancel_amount, row.partial_cancel_count) == (10_000, 1)

    _cancel_through_dialog(qtbot, panel, None, "주문 취소")
    assert "남은 금액 0원" in panel.title.text()
    assert panel_services.sale(sale.merchant_uid).outcome is Outcome.CANCELLED
    assert not panel.cancel_button.isEnabled()
    assert "-20,000원" in panel.slip_view.toPlainText()


def test_tenth_partial_cancel_is_refused_with_the_ksnet_explanation(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    sale = keyin_sale(panel_services, amount=50_000).sale
    assert sale is not None
    for n in range(9):
        result = panel_services.cancel(sale.merchant_uid, 1_000, f"부분 {n + 1}")
        assert result.outcome is Outcome.PARTIALLY_CANCELLED
    _show(qtbot, panel, sale.merchant_uid)
    assert "남은 금액 41,000원" in panel.title.text()

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    assert not dialog.partial_radio.isEnabled()
    assert not dialog.ok_button.isEnabled()
    note = dialog.limit_note.text()
    assert "9회" in note
    assert "41,000원" in note
    assert "다른 방법" in note

    # Enter in the reason field does not slip a request past the disabled button
    type_text(dialog.reason_edit, "한 번 더")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert cancel_posts(sandbox) == 9
    dialog.reject()


def test_cancel_dialog_explains_the_six_month_window(qtbot: Any, panel_services: Any) -> None:
    sale = keyin_sale(panel_services, amount=20_000).sale
    assert sale is not None
    assert sale.paid_at
    later = datetime.fromtimestamp(sale.paid_at, tz=UTC) + timedelta(days=181)
    dialog = CancelDialog(sale, now=later)
    qtbot.addWidget(dialog)
    assert "6개월" in dialog.limit_note.text()
    assert not dialog.ok_button.isEnabled()
    assert not dialog.full_radio.isEnabled()


def test_partial_cancel_over_the_balance_is_refused_inline(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, sandbox: Any
) -> None:
    sale = keyin_sale(panel_services, amount=10_000).sale
    assert sale is not None
    _show(qtbot, panel, sale.merchant_uid)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    click_option(qtbot, dialog.partial_radio)
    type_text(dialog.amount_edit, "20000")
    type_text(dialog.reason_edit, "잘못 입력")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert not dialog.showing_read_back()
    assert "10,000" in dialog.error_label.text()
    assert cancel_posts(sandbox) == 0


def test_pdf_is_written_with_korean_text(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    korean_fonts = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
    assert korean_fonts, "no Korean font installed: on Debian/Ubuntu run apt-get install fonts-noto-cjk"
    sale = keyin_sale(panel_services, amount=12_000, order_name="장미 한 다발").sale
    assert sale is not None
    _show(qtbot, panel, sale.merchant_uid)
    target = tmp_path / "영수증.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF"))
    with qtbot.waitSignal(panel.pdf_saved, timeout=10_000):
        qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 5_000
    # Hangul glyphs come from an embedded CJK font subset, not from boxes of a Latin font
    assert b"FontFile" in data
    assert b"CJK" in data or b"Malgun" in data or b"Nanum" in data


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_pg_slip_opens_the_receipt_url(qtbot: Any, panel: ReceiptPanel, panel_services: Any) -> None:
    sale = keyin_sale(panel_services).sale
    assert sale is not None
    assert sale.receipt_url
    _show(qtbot, panel, sale.merchant_uid)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("http", catcher, "open")
    try:
        qtbot.mouseClick(panel.pg_slip_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("http")
    assert catcher.urls == [sale.receipt_url]


def test_offline_reprint_works_and_cancel_is_refused_plainly(
    qtbot: Any, panel_services: Any, panel_journal: Any, panel_runner: Any
) -> None:
    sale = keyin_sale(panel_services, amount=18_000).sale
    assert sale is not None
    offline = CounterServices(None, panel_journal, ServiceSettings(counter_id="C01"))
    panel = ReceiptPanel(offline, panel_runner)
    qtbot.addWidget(panel)
    panel.show()
    _show(qtbot, panel, sale.merchant_uid)
    assert "18,000원" in panel.slip_view.toPlainText()
    assert panel.print_button.isEnabled()

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    dialog = panel.cancel_dialog
    assert dialog is not None
    click_option(qtbot, dialog.full_radio)
    type_text(dialog.reason_edit, "환불")
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)
    with qtbot.waitSignals([panel.action_finished, panel.slip_shown], timeout=10_000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert "연결되어 있지 않습니다" in seen[0]
    assert panel_services.sale(sale.merchant_uid).outcome is Outcome.APPROVED
    assert panel.cancel_button.isEnabled()


def test_declined_sale_is_not_shown_as_a_receipt(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any
) -> None:
    declined = keyin_sale(panel_services, amount=9_000, card_number=cards.DECLINE_LIMIT)
    assert declined.outcome is Outcome.DECLINED
    _show(qtbot, panel, declined.merchant_uid)
    text = panel.slip_view.toPlainText()
    assert "매출전표" not in text
    assert "영수증 아님" in text
    assert "거절" in panel.title.text()
    assert "남은 금액" not in panel.title.text()
    assert not panel.cancel_button.isEnabled()


def test_print_sends_the_slip_to_the_chosen_printer(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from pos_app.ui.receipts import slip_view

    target = tmp_path / "printed.pdf"

    class PrinterChosen:
        """Stands in for the modal print dialog: the cashier picked a (PDF) printer and pressed 인쇄."""

        def __init__(self, printer: QPrinter, _parent: Any) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(slip_view, "QPrintDialog", PrinterChosen)
    sale = keyin_sale(panel_services, amount=21_000).sale
    assert sale is not None
    _show(qtbot, panel, sale.merchant_uid)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")
