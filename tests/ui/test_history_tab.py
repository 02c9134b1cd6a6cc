"""거래내역 driven as a cashier: filters typed with Enter, reprint into the receipt panel, lazy pages."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pos_app.domain.outcomes import Outcome
from pos_app.sandbox import cards
from pos_app.ui.history.model import PAGE_SIZE
from pos_app.ui.history.tab import HistoryTab
from pos_app.ui.receipts.panel import ReceiptPanel

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, keyin_sale, type_text  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE


def _open_tab(qtbot: Any, services: Any, runner: Any) -> HistoryTab:
    tab = HistoryTab(services, runner)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    # the constructor starts the first search; its page arrives through the event loop
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        tab.show()
    return tab


def _search_with_enter(qtbot: Any, tab: HistoryTab, edit: Any, text: str) -> None:
    edit.clear()
    type_text(edit, text)
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def _column_texts(tab: HistoryTab, key: str) -> list[str]:
    model = tab.model
    column = model.column_of(key)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_filters_typed_with_enter(qtbot: Any, panel_services: Any, panel_runner: Any) -> None:
    keyin_sale(panel_services, amount=30_000, buyer_name="홍길동", buyer_tel="010-1111-2222")
    keyin_sale(
        panel_services,
        amount=12_000,
        card_number=cards.APPROVE_SAMSUNG,
        buyer_name="김영희",
        buyer_tel="010-3333-4444",
    )
    keyin_sale(
        panel_services,
        amount=7_000,
        card_number=cards.DECLINE_LIMIT,
        buyer_name="이철수",
        buyer_tel="010-5555-6666",
    )
    tab = _open_tab(qtbot, panel_services, panel_runner)
    assert tab.model.rowCount() == 3
    qtbot.waitUntil(lambda: tab.count_label.text() == "3건")

    _search_with_enter(qtbot, tab, tab.last4_edit, "0004")
    assert _column_texts(tab, "buyer") == ["김영희"]

    tab.last4_edit.clear()
    _search_with_enter(qtbot, tab, tab.phone_edit, "010-5555")
    assert _column_texts(tab, "buyer") == ["이철수"]
    assert _column_texts(tab, "status") == ["거절"]

    tab.phone_edit.clear()
    _search_with_enter(qtbot, tab, tab.buyer_edit, "홍길")
    assert _column_texts(tab, "amount") == ["30,000"]

    tab.buyer_edit.clear()
    _search_with_enter(qtbot, tab, tab.amount_edit, "12,000")
    assert _column_texts(tab, "buyer") == ["김영희"]

    tab.amount_edit.clear()
    tab.status_combo.setCurrentIndex(1)  # 승인
    with qtbot.waitSignal(tab.model.page_loaded, timeout=10_000):
        qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert sorted(_column_texts(tab, "buyer")) == ["김영희", "홍길동"]

    tab.last4_edit.setText("12")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert "4" in tab.filter_error.text()  # refused inline, the table keeps its rows
    assert tab.model.rowCount() == 2


def test_reprint_from_history_opens_the_slip(qtbot: Any, panel_services: Any, panel_runner: Any) -> None:
    first = keyin_sale(panel_services, amount=11_000, order_name="첫 주문")
    second = keyin_sale(panel_services, amount=22_000, order_name="두번째 주문")
    tab = _open_tab(qtbot, panel_services, panel_runner)
    panel = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(panel)
    tab.transaction_selected.connect(panel.show_transaction)

    # newest first: row 1 is the first sale; click it, then Enter opens it
    rect = tab.table.visualRect(tab.model.index(1, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000) as shown:
        qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert shown.args == [first.merchant_uid]
    assert "첫 주문" in panel.slip_view.toPlainText()
    assert "11,000원" in panel.slip_view.toPlainText()

    # the 영수증 보기 button does the same for the current row
    tab.table.selectRow(0)
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000) as shown:
        qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    assert shown.args == [second.merchant_uid]
    assert panel.print_button.isEnabled()
    assert panel.pdf_button.isEnabled()


def _seed_sales(journal_path: Path, template_uid: str, count: int) -> None:
    """Copy one real sales row ``count`` times straight into the journal's table (fast test setup)."""
    db = sqlite3.connect(journal_path)
    # the state tables refuse writes from outside the journal (its guard asks for this function); these
    # rows have no events behind them, which is fine for a paging test that never verifies
    db.create_function("journal_projecting", 0, lambda: 1)
    try:
        db.row_factory = sqlite3.Row
        template = dict(db.execute("SELECT * FROM sales WHERE merchant_uid = ?", (template_uid,)).fetchone())
        columns = [c for c in template if c != "id"]  # a fresh row id each
        base = float(template["created_at"]) - count * 0.001  # all within the last 100 s: today
        rows = []
        for n in range(count):
            row = dict(template)
            row["merchant_uid"] = row["sale_id"] = f"C01-SEED-{n:07d}"
            row["created_at"] = row["updated_at"] = base + n * 0.001
            row["amount"] = row["paid_amount"] = 100_000 + n
            rows.append(tuple(row[c] for c in columns))
        marks = ",".join("?" * len(columns))
        with db:
            db.executemany(f"INSERT INTO sales ({','.join(columns)}) VALUES ({marks})", rows)  # noqa: S608
    finally:
        db.close()


def test_lazy_model_fetches_pages_on_100k_rows(
    qtbot: Any, panel_services: Any, panel_runner: Any, panel_journal: Any
) -> None:
    template = keyin_sale(panel_services, amount=5_000)
    _seed_sales(panel_journal.path, template.merchant_uid, 100_000)

    started = time.perf_counter()
    tab = HistoryTab(panel_services, panel_runner)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    with qtbot.waitSignals([tab.model.page_loaded, tab.model.total_changed], timeout=20_000):
        tab.show()
    first_page_s = time.perf_counter() - started
    model = tab.model
    assert model.total == 100_001
    assert model.rowCount() == PAGE_SIZE
    assert model.fetch_more_calls == 1
    assert tab.count_label.text() == "100,001건"
    assert first_page_s < 5.0, f"first page took {first_page_s:.2f}s"

    # scrolling to the end asks for exactly one more page, not for the whole journal
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        tab.table.scrollToBottom()
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.fetch_more_calls == 2
    assert model.row_at(PAGE_SIZE) is not None
    # rows keep arriving newest first across the page boundary
    created = [model.row_at(n).at for n in range(2 * PAGE_SIZE)]
    assert created == sorted(created, reverse=True)

    # a new filter starts over with one page
    _search_with_enter(qtbot, tab, tab.amount_edit, "5,000")
    assert model.rowCount() == 1
    assert model.row_at(0).outcome is Outcome.APPROVED


def test_history_csv_export_has_a_bom_and_korean_text(
    qtbot: Any, panel_services: Any, panel_runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyin_sale(panel_services, amount=30_000, buyer_name="홍길동", order_name="꽃다발")
    keyin_sale(panel_services, amount=12_000, card_number=cards.APPROVE_SAMSUNG, buyer_name="김영희")
    tab = _open_tab(qtbot, panel_services, panel_runner)
    target = tmp_path / "거래내역.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "CSV 파일 (*.csv)")
    )
    with qtbot.waitSignal(tab.history_exported, timeout=10_000) as exported:
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert exported.args == [str(target), 2]
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "홍길동" in text
    assert "김영희" in text
    assert "4518420000000007" not in text
    assert "2건" in tab.filter_error.text()
