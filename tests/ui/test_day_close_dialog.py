"""일일 마감 from the history tab: totals equal the sales made, CSV with BOM, PortOne comparison."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pos_app.sandbox import cards
from pos_app.ui.history.tab import HistoryTab

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, keyin_sale  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE


@pytest.fixture
def day_of_sales(panel_services: Any) -> dict[str, Any]:
    shinhan = keyin_sale(panel_services, amount=30_000, card_number=cards.APPROVE_CREDIT)
    samsung = keyin_sale(panel_services, amount=12_000, card_number=cards.APPROVE_SAMSUNG, tax_free=2_000)
    keyin_sale(panel_services, amount=9_000, card_number=cards.DECLINE_LIMIT)  # declined: not a sale
    cancel = panel_services.cancel(shinhan.merchant_uid, 5_000, "부분 환불")
    assert cancel.sale.cancel_amount == 5_000
    return {"shinhan": shinhan, "samsung": samsung}


@pytest.fixture
def tab(qtbot: Any, panel_services: Any, panel_runner: Any) -> HistoryTab:
    widget = HistoryTab(panel_services, panel_runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.model.page_loaded, timeout=10_000):
        widget.show()
    return widget


def _open_close(qtbot: Any, tab: HistoryTab) -> Any:
    with qtbot.waitSignal(tab.day_report_shown, timeout=10_000) as shown:
        qtbot.mouseClick(tab.close_day_button, Qt.MouseButton.LeftButton)
    dialog = tab.day_close_dialog
    assert dialog is not None
    return dialog, shown.args[0]


def test_daily_close_totals_equal_the_sales_made(qtbot: Any, tab: HistoryTab, day_of_sales: Any) -> None:
    dialog, document = _open_close(qtbot, tab)
    report = document.report
    assert (report.paid_count, report.paid_sum) == (2, 42_000)
    assert (report.cancel_count, report.cancel_sum) == (1, 5_000)
    assert report.net == 37_000

    summary = dialog.summary.text()
    assert "승인 2건 42,000원" in summary
    assert "취소 1건 5,000원" in summary
    assert "순매출 37,000원" in summary
    table = dialog.company_table
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 6)]
        for r in range(table.rowCount())
    }
    assert rows["신한카드"] == ["1", "30,000원", "1", "5,000원", "25,000원"]
    assert rows["삼성카드"] == ["1", "12,000원", "0", "0원", "12,000원"]
    assert rows["합계"] == ["2", "42,000원", "1", "5,000원", "37,000원"]
    assert "37,000원" in dialog.report_html()
    # the journal's chain head is printed against tail cuts: on the screen, the slip and the file
    assert report.anchor.startswith("기록 ")
    assert report.anchor in summary
    assert "기록 기준점" in dialog.report_html()
    assert report.anchor in dialog.report_html()
    dialog.close()


def test_close_csv_has_a_bom_and_korean_text(
    qtbot: Any, tab: HistoryTab, day_of_sales: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog, _report = _open_close(qtbot, tab)
    target = tmp_path / "마감.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "CSV"))
    with qtbot.waitSignal(dialog.file_exported, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "신한카드" in text
    assert "삼성카드" in text
    assert "37000" in text.replace(",", "")
    assert "저장했습니다" in dialog.summary.text()
    dialog.close()


def test_reconcile_with_portone_lists_the_differences(
    qtbot: Any, tab: HistoryTab, day_of_sales: Any, sandbox: Any
) -> None:
    with qtbot.waitSignal(tab.day_differences_shown, timeout=15_000) as shown:
        qtbot.mouseClick(tab.diff_button, Qt.MouseButton.LeftButton)
    assert shown.args == [0]
    dialog = tab.day_close_dialog
    assert "차이가 없습니다" in dialog.diff_label.text()

    # a payment PortOne has and this counter does not (taken elsewhere) shows as a difference; one of
    # another counter of the shop (its merchant_uid names it) is listed as that counter's, not a difference
    sandbox.make_transfer_payment("web-order-20261126-else", 15_000, "웹 주문")
    sandbox.make_transfer_payment("C09-20261126T120000000-else", 16_000, "다른 계산대")
    with qtbot.waitSignal(tab.day_differences_shown, timeout=15_000) as shown:
        qtbot.mouseClick(dialog.diff_button, Qt.MouseButton.LeftButton)
    assert shown.args[0] >= 1
    kinds = [dialog.diff_table.item(r, 0).text() for r in range(dialog.diff_table.rowCount())]
    uids = [dialog.diff_table.item(r, 1).text() for r in range(dialog.diff_table.rowCount())]
    assert "web-order-20261126-else" in uids
    assert "PortOne에만 있음" in kinds
    assert kinds[uids.index("C09-20261126T120000000-else")] == "다른 계산대의 거래(차이 아님)"
    assert dialog.day == date.today()
    dialog.close()
