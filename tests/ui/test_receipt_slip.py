"""The slip on paper: 80 mm and 58 mm rolls and A4, text filling the roll, no value broken mid-token, no
page number, TEST on every sandbox slip, printing on the chosen paper, and the receipt link for the
customer (issue 12, item 6).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from pos_app.config import Settings
from pos_app.domain.outcomes import Outcome
from pos_app.journal.records import SaleRow
from pos_app.ui.receipts.panel import ReceiptPanel
from pos_app.ui.receipts.slip import ShopDetails, sale_slip, slip_html
from pos_app.ui.receipts.slip_paper import (
    PAPER_58,
    PAPER_80,
    PAPER_A4,
    Paper,
    lay_out_slip,
    mm_to_px,
    slip_document,
    write_slip_pdf,
)

pytest.register_assert_rewrite("fixtures_panels")
from fixtures_panels import OFFSCREEN_SHOW_IS_FINE, keyin_sale  # noqa: E402

pytest_plugins = ["fixtures_panels"]
pytestmark = OFFSCREEN_SHOW_IS_FINE

# the longest merchant_uid a counter mints (12-character counter id) and a long order name
LONG_UID = "COUNTER12345-20261201T194249123-mraif1bd"
SHOP = ShopDetails(
    name="행복한 꽃집", business_no="123-45-67890", address="서울시 중구 세종대로 110", tel="02-123-4567"
)
_MM_PER_PT = 25.4 / 72


def _sale(**changes: Any) -> SaleRow:
    values: dict[str, Any] = {
        "merchant_uid": LONG_UID,
        "sale_id": LONG_UID,
        "kind": "keyin",
        "created_at": 1_796_132_569.0,
        "updated_at": 1_796_132_569.0,
        "amount": 1_250_000,
        "tax_free": 0,
        "order_name": "꽃바구니 배송 (장미 스무 송이와 안개꽃, 리본 포장)",
        "card_hint": "451842******0007",
        "card_company": "신한카드",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "customer_uid": None,
        "card_quota": 3,
        "product_type": "real",
        "outcome": Outcome.APPROVED,
        "message": None,
        "imp_uid": "imp_123456789012",
        "apply_num": "86579066",
        "card_name": "신한카드",
        "card_number": "451842******0007",
        "paid_amount": 1_250_000,
        "cancel_amount": 0,
        "paid_at": 1_796_132_569.0,
        "receipt_url": "https://iniweb.example/receipt?tid=StdpayCARD0000001",
        "partial_cancel_count": 0,
        "operator": "김점원",
        "counter_id": "C01",
    }
    values.update(changes)
    return SaleRow(**values)


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _media_box_mm(path: Path) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", path.read_bytes())
    assert match is not None
    return float(match.group(1)) * _MM_PER_PT, float(match.group(2)) * _MM_PER_PT


def _page_count(path: Path) -> int:
    match = re.search(rb"/Type /Pages.*?/Count ([0-9]+)", path.read_bytes(), re.S)
    assert match is not None
    return int(match.group(1))


def _lines_of(document: QTextDocument) -> list[tuple[str, list[str], float, float]]:
    """(block text, the text of each line, left, right) of every text block as laid out."""
    layout = document.documentLayout()
    found = []
    block = document.begin()
    while block.isValid():
        text_layout = block.layout()
        if block.text().strip() and text_layout is not None and text_layout.lineCount():
            box = layout.blockBoundingRect(block)
            lines = [text_layout.lineAt(i) for i in range(text_layout.lineCount())]
            texts = [block.text()[line.textStart() : line.textStart() + line.textLength()] for line in lines]
            lefts = [box.left() + line.naturalTextRect().left() for line in lines]
            rights = [box.left() + line.naturalTextRect().right() for line in lines]
            found.append((block.text().replace("\u200b", ""), texts, min(lefts), max(rights)))
        block = block.next()
    return found


@pytest.mark.parametrize("paper", [PAPER_80, PAPER_58], ids=["80mm", "58mm"])
def test_the_slip_fills_the_roll_and_never_breaks_a_value(qtbot: Any, tmp_path: Path, paper: Paper) -> None:
    printer = _pdf_printer(tmp_path / "probe.pdf")
    document = lay_out_slip(slip_html(sale_slip(SHOP, _sale()), paper), paper, printer)
    width = mm_to_px(paper.content_width_mm, printer.resolution())
    lines = _lines_of(document)
    rightmost = max(right for _text, _parts, _left, right in lines)
    leftmost = min(left for _text, _parts, left, _right in lines)
    assert rightmost > 0.97 * width, "values are right-aligned at the edge of the printable width"
    assert rightmost <= width + 1
    assert leftmost < 0.02 * width
    tokens = ("2026-12-01", LONG_UID, "4518-42**-****-0007", "1,250,000원", "86579066", "123-45-67890")
    for token in tokens:
        holders = [(text, parts) for text, parts, _l, _r in lines if token in text]
        assert holders, f"{token} is not one piece of text on the slip"
        for _text, parts in holders:
            # one line; or (the longest order number on 58 mm) lines that end between its parts, at a dash
            broken = [part for part in parts[:-1] if not part.replace("\u200b", "").endswith("-")]
            assert not broken, f"{token!r} broken inside a part: {parts!r}"
    date_rows = [parts for text, parts, _l, _r in lines if "2026-12-01" in text]
    assert all(len(parts) == 1 for parts in date_rows)


@pytest.mark.parametrize("paper", [PAPER_80, PAPER_58, PAPER_A4], ids=["80mm", "58mm", "A4"])
def test_the_pdf_is_one_page_of_the_paper_with_nothing_under_the_slip(
    qtbot: Any, tmp_path: Path, paper: Paper, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_paginating_print(*_args: Any) -> None:
        raise AssertionError("QTextDocument.print_ adds 2 cm margins and a page number")

    monkeypatch.setattr(QTextDocument, "print_", no_paginating_print)
    target = tmp_path / f"slip-{paper.key}.pdf"
    write_slip_pdf(slip_html(sale_slip(SHOP, _sale()), paper), paper, target)
    width_mm, height_mm = _media_box_mm(target)
    assert _page_count(target) == 1
    assert width_mm == pytest.approx(paper.width_mm, abs=0.5)
    if paper.roll:
        # the page is the slip: its text plus the margins, no room left for a footer or a page number
        document = lay_out_slip(
            slip_html(sale_slip(SHOP, _sale()), paper), paper, _pdf_printer(tmp_path / "x.pdf")
        )
        content_mm = document.size().height() / 1200 * 25.4
        assert height_mm == pytest.approx(content_mm + 2 * paper.margin_mm + 2, abs=1.5)
    else:
        assert height_mm == pytest.approx(297, abs=0.5)
    assert b"FontFile" in target.read_bytes()


def test_a_sandbox_slip_says_test_above_and_below_and_is_no_sales_slip() -> None:
    test_shop = ShopDetails(name="행복한 꽃집", test_money=True)
    html = slip_html(sale_slip(test_shop, _sale()), PAPER_80)
    assert html.count("TEST — 실제 결제 아님") == 2
    assert "돈이 오가지 않았습니다" in html
    assert "신용카드 매출전표" not in html
    assert "매출전표 아님" in html
    real = slip_html(sale_slip(SHOP, _sale()), PAPER_80)
    assert "TEST" not in real
    assert "신용카드 매출전표" in real


def test_the_sandbox_window_marks_its_slips_as_test(qtbot: Any, main_window: Any, cashier: Any) -> None:
    from pos_app.sandbox.cards import APPROVE_CREDIT
    from pos_app.ui.shell import dialogs

    tab = main_window.keyin_tab
    cashier.fill_keyin(tab, card=APPROVE_CREDIT)
    dialogs.answer_next(True)
    with qtbot.waitSignal(main_window.receipt_panel.slip_shown, timeout=20_000):
        qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert "TEST — 실제 결제 아님" in main_window.receipt_panel.slip_view.toPlainText()


def test_shop_lines_and_paper_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path).with_changes(
        shop_name="행복한 꽃집", business_no="1234567890", shop_tel="02-123-4567", slip_paper="58mm"
    )
    shop = ShopDetails.from_settings(settings)
    assert shop.paper == "58mm"
    html = slip_html(sale_slip(shop, _sale()), PAPER_58)
    for line in ("행복한 꽃집", "사업자번호 123-45-67890", "전화 02-123-4567"):
        assert line in html
    assert Settings.load(tmp_path).slip_paper == "80mm"  # the default


def test_the_compatible_document_prints_full_width_without_page_numbers() -> None:
    document = slip_document("<p>Z</p>", PAPER_80)
    # a document with its own page size is printed as it is: print_ adds no margins, no page number
    assert document.pageSize().isValid()
    assert document.pageSize().height() < 10_000
    assert document.documentMargin() == 0


@pytest.fixture
def panel(qtbot: Any, panel_services: Any, panel_runner: Any) -> ReceiptPanel:
    widget = ReceiptPanel(panel_services, panel_runner)
    qtbot.addWidget(widget)
    widget.set_shop_details(SHOP)
    widget.resize(900, 700)
    widget.show()
    return widget


def test_print_uses_the_chosen_paper(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog

    from pos_app.ui.receipts import slip_view

    printed: list[Path] = []

    class PrinterChosen:
        """The print dialog: the cashier picked a PDF printer whose default paper is Letter."""

        def __init__(self, printer: QPrinter, _parent: Any) -> None:
            self.opened_on = printer.pageLayout().fullRect().width()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            target = tmp_path / f"printed-{len(printed)}.pdf"
            printer.setOutputFileName(str(target))
            printed.append(target)
            from PySide6.QtGui import QPageSize

            printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(slip_view, "QPrintDialog", PrinterChosen)
    sale = keyin_sale(panel_services, amount=21_000).sale
    assert sale is not None
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(sale.merchant_uid)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert _media_box_mm(printed[0])[0] == pytest.approx(80, abs=0.5)
    panel.paper_combo.setCurrentIndex(panel.paper_combo.findData("58mm"))
    panel.paper_combo.activated.emit(panel.paper_combo.currentIndex())
    assert panel.paper is PAPER_58
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    assert _media_box_mm(printed[1])[0] == pytest.approx(58, abs=0.5)


def test_the_preview_is_the_paper_width(qtbot: Any, panel: ReceiptPanel) -> None:
    narrow = panel.slip_view.width()
    panel.set_shop_details(ShopDetails(name="x", paper="58mm"))
    assert panel.slip_view.width() < narrow
    assert panel.slip_view.lineWrapColumnOrWidth() == round(mm_to_px(48, panel.logicalDpiX()))


def test_copy_receipt_link_puts_portones_link_on_the_clipboard(
    qtbot: Any, panel: ReceiptPanel, panel_services: Any
) -> None:
    sale = keyin_sale(panel_services).sale
    assert sale is not None
    assert sale.receipt_url
    with qtbot.waitSignal(panel.slip_shown, timeout=10_000):
        panel.show_transaction(sale.merchant_uid)
    QGuiApplication.clipboard().setText("before")
    assert panel.copy_link_button.isEnabled()
    qtbot.mouseClick(panel.copy_link_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == sale.receipt_url
    assert "4518420000000007" not in copied.replace("-", "")
    assert "0007" not in copied  # no part of the card number travels with the link
    assert "카카오톡" in panel.status_label.text()
