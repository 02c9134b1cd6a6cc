"""거래내역 as one list: cash receipts and cancels are found and open in the receipt panel; typed dates,
period buttons and Enter search; the .xlsx export and the printed Z report hold what the screen holds."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pos_app.domain import validate_external_receipt
from pos_app.ui.history.tab import HistoryTab
from pos_app.ui.receipts.panel import ReceiptPanel
from pos_app.ui.receipts.slip import ShopDetails, slip_document

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE

FIXED_TODAY = date(2026, 11, 26)  # a Thursday


def _open_tab(qtbot: Any, services: Any, runner: Any, **kwargs: Any) -> HistoryTab:
    tab = HistoryTab(services, runner, **kwargs)
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        tab.show()
    return tab


def _cash_sale(services: Any, amount: int = 15_000) -> Any:
    merchant_uid = services.mint_external_merchant_uid()
    form = {
        "amount": str(amount), "tax_free": "0", "order_name": "케이크 현금 판매", "buyer_name": "김영희",
        "product_type": "real", "identifier": "010-9876-5432", "identifier_type": "phone",
        "receipt_type": "person",
    }  # fmt: skip
    return services.issue_external_cash_receipt(validate_external_receipt(form, merchant_uid))


def _kinds(tab: HistoryTab) -> list[str]:
    column = tab.model.column_of("kind")
    return [tab.model.index(row, column).data() for row in range(tab.model.rowCount())]


def _search(qtbot: Any, tab: HistoryTab) -> None:
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)


def test_cash_receipts_and_cancels_are_in_the_list_and_open_in_the_receipt_panel(
    qtbot: Any, panel_services: Any, panel_runner: Any
) -> None:
    sale = keyin_sale(panel_services, amount=30_000, order_name="꽃다발")
    panel_services.cancel(sale.merchant_uid, 10_000, "부분 환불")
    receipt = _cash_sale(panel_services).receipt
    tab = _open_tab(qtbot, panel_services, panel_runner)
    assert sorted(_kinds(tab)) == ["카드 결제", "카드 취소", "현금영수증"]
    qtbot.waitUntil(lambda: tab.count_label.text() == "3건")

    panel = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(panel)
    tab.transaction_selected.connect(panel.show_transaction)

    tab.kind_combo.setCurrentIndex(3)  # 현금영수증
    _search(qtbot, tab)
    assert _kinds(tab) == ["현금영수증"]
    amount_column = tab.model.column_of("amount")
    assert tab.model.index(0, amount_column).data() == "15,000"
    tab.table.selectRow(0)
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000) as shown:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert shown.args == [receipt.receipt_id]
    assert "현금영수증" in panel.title.text()
    assert "케이크 현금 판매" in panel.slip_view.toPlainText()
    assert panel.receipt_cancel_button.isEnabled()  # found again: it can be cancelled from here

    tab.kind_combo.setCurrentIndex(2)  # 카드 취소
    _search(qtbot, tab)
    assert _kinds(tab) == ["카드 취소"]
    assert tab.model.index(0, amount_column).data() == "-10,000"
    tab.table.selectRow(0)
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000) as shown:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert shown.args == [sale.merchant_uid]  # the cancel opens its sale, whose slip lists the cancel
    assert "부분 환불" in panel.slip_view.toPlainText()


@pytest.mark.parametrize(
    ("button", "first", "last"),
    [
        ("today", date(2026, 11, 26), date(2026, 11, 26)),
        ("yesterday", date(2026, 11, 25), date(2026, 11, 25)),
        ("this_week", date(2026, 11, 23), date(2026, 11, 26)),
        ("this_month", date(2026, 11, 1), date(2026, 11, 26)),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_period_buttons_set_the_range_and_search(
    qtbot: Any, panel_services: Any, panel_runner: Any, button: str, first: date, last: date
) -> None:
    tab = _open_tab(qtbot, panel_services, panel_runner, today=lambda: FIXED_TODAY)
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        qtbot.mouseClick(tab.period_buttons[button], Qt.MouseButton.LeftButton)  # type: ignore[index]
    flt = tab.model.current_filter
    assert flt is not None
    assert (flt.date_from, flt.date_to) == (first, last)
    assert (tab.date_from.text(), tab.date_to.text()) == (first.isoformat(), last.isoformat())


def test_typed_dates_are_read_and_enter_searches(qtbot: Any, panel_services: Any, panel_runner: Any) -> None:
    tab = _open_tab(qtbot, panel_services, panel_runner, today=lambda: FIXED_TODAY)
    for edit, typed in ((tab.date_from.edit, "1120"), (tab.date_to.edit, "11/24")):
        edit.clear()
        type_text(edit, typed)
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        qtbot.keyClick(tab.date_to.edit, Qt.Key.Key_Return)
    flt = tab.model.current_filter
    assert flt is not None
    assert (flt.date_from, flt.date_to) == (date(2026, 11, 20), date(2026, 11, 24))
    assert tab.date_to.text() == "2026-11-24"  # shown as understood

    tab.date_from.edit.clear()
    type_text(tab.date_from.edit, "1340")
    qtbot.keyClick(tab.date_from.edit, Qt.Key.Key_Return)
    assert "1340" in tab.filter_error.text()
    assert tab.model.current_filter == flt  # the table keeps the last good search


def test_history_xlsx_export_has_typed_cells(
    qtbot: Any, panel_services: Any, panel_runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sale = keyin_sale(panel_services, amount=30_000, buyer_tel="010-1234-5678")
    _cash_sale(panel_services)
    tab = _open_tab(qtbot, panel_services, panel_runner)
    target = tmp_path / "거래내역"  # no suffix typed: the chosen type adds .xlsx
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "Excel 파일 (*.xlsx)")
    )
    with qtbot.waitSignal(tab.history_exported, timeout=10_000) as exported:
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "거래내역.xlsx"
    assert exported.args == [str(written), 2]
    sheet = load_workbook(written).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, line, strict=True)) for line in sheet.iter_rows(min_row=2)]
    card = next(r for r in rows if r["구분"].value == "카드 결제")
    assert card["주문번호"].value == sale.merchant_uid
    assert card["승인번호"].data_type == "s"
    assert card["전화번호"].value == "010-1234-5678"
    assert card["금액"].data_type == "n"
    assert card["금액"].value == 30_000
    assert card["결과"].value == "승인"
    assert card["할부"].value == "일시불"
    assert isinstance(card["일시"].value, datetime)
    cash = next(r for r in rows if r["구분"].value == "현금영수증")
    assert cash["금액"].value == 15_000
    assert cash["승인번호"].data_type == "s"


def test_printed_z_report_holds_what_the_screen_holds(
    qtbot: Any, panel_services: Any, panel_runner: Any
) -> None:
    sale = keyin_sale(panel_services, amount=30_000)
    panel_services.cancel(sale.merchant_uid, 5_000, "부분 환불")
    _cash_sale(panel_services, amount=15_000)
    tab = _open_tab(qtbot, panel_services, panel_runner)
    tab.set_shop_details(ShopDetails(name="행복한 꽃집", business_no="123-45-67890", tel="02-123-4567"))
    with qtbot.waitSignal(tab.day_report_shown, timeout=10_000) as shown:
        qtbot.mouseClick(tab.close_day_button, Qt.MouseButton.LeftButton)
    document = shown.args[0]
    dialog = tab.day_close_dialog
    assert dialog is not None
    printed = slip_document(dialog.report_html()).toPlainText()
    for text in (
        "행복한 꽃집",
        "합계",
        "취소 1건",
        "-5,000원",
        "순매출",
        "25,000원",
        "현금영수증 1건",
        "합계 (카드 + 현금영수증)",
        "40,000원",
    ):
        assert text in printed, text
    assert document.printed_at.strftime("%Y-%m-%d %H:%M:%S") in printed
    # the screen shows the same figures, the card + cash total too
    summary = dialog.summary.text()
    assert "40,000원" in summary
    assert "행복한 꽃집" in summary
    table = dialog.company_table
    last = table.rowCount() - 1
    assert [table.item(last, c).text() for c in range(6)] == [
        "합계",
        "1",
        "30,000원",
        "1",
        "5,000원",
        "25,000원",
    ]
    dialog.close()
