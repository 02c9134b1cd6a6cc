"""The card slip and cash-receipt slip: one HTML layout used on screen, on paper and in PDF files.

The receipt panel shows the HTML in a QTextBrowser, prints the same QTextDocument through the printer
the cashier picked, and writes PDF with QPrinter's PdfFormat, so what is seen is what is printed. The
shop's name, business number, address and phone come from the settings (``ShopDetails``), set by the
window when settings load or change. Card data on a slip is the masked number only, as PortOne gives it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from pos_app.domain.money import vat_of
from pos_app.domain.outcomes import Outcome
from pos_app.ui.shell import formatting as fmt

SLIP_WIDTH_MM = 80.0  # thermal-roll width; A4 printers print it as a narrow column


@dataclass(frozen=True)
class ShopDetails:
    """The shop lines printed at the top of every slip (from settings; empty fields are left out)."""

    name: str = ""
    business_no: str = ""
    address: str = ""
    tel: str = ""

    @classmethod
    def from_settings(cls, settings: Any) -> ShopDetails:
        """From ``pos_app.config.Settings`` (shop_name, business_no, shop_address, shop_tel)."""
        return cls(
            name=settings.shop_name,
            business_no=_business_no_text(settings.business_no),
            address=settings.shop_address,
            tel=settings.shop_tel,
        )


def _business_no_text(number: str) -> str:
    """``1234567890`` → ``123-45-67890`` as printed on Korean slips; anything else as given."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else number


def _row(label: str, value: str, *, strong: bool = False) -> str:
    value_html = html.escape(value)
    if strong:
        value_html = f"<b>{value_html}</b>"
    return (
        f'<tr><td style="padding:1px 8px 1px 0;color:#333">{html.escape(label)}</td>'
        f'<td align="right" style="padding:1px 0">{value_html}</td></tr>'
    )


def _header(shop: ShopDetails, title: str) -> str:
    name = shop.name or QCoreApplication.translate("Slip", "(상호 미설정)")
    parts = [f'<h3 align="center" style="margin:0">{html.escape(name)}</h3>']
    lines = []
    if shop.business_no:
        lines.append(
            QCoreApplication.translate("Slip", "사업자번호 {number}").format(number=shop.business_no)
        )
    if shop.address:
        lines.append(shop.address)
    if shop.tel:
        lines.append(QCoreApplication.translate("Slip", "전화 {tel}").format(tel=shop.tel))
    if lines:
        parts.append(
            '<p align="center" style="margin:2px 0">' + "<br>".join(map(html.escape, lines)) + "</p>"
        )
    parts.append(f'<h4 align="center" style="margin:6px 0 2px 0">{html.escape(title)}</h4>')
    return "".join(parts)


def _field(obj: Any, name: str, default: Any = None) -> Any:
    return getattr(obj, name, default)


def sale_slip_html(shop: ShopDetails, sale: Any, cancels: Sequence[Any] = ()) -> str:
    """The card slip of one sale (a ``SaleRow``) with each successful cancel listed under it."""
    outcome = Outcome(sale.outcome)
    paid_amount = int(_field(sale, "paid_amount") or 0) or int(sale.amount)
    tax_free = int(sale.tax_free or 0)
    vat = vat_of(paid_amount, tax_free)
    # Only money that moved gets a 매출전표 title; anything else must not pass for a receipt.
    if outcome in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED):
        title = QCoreApplication.translate("Slip", "신용카드 매출전표 (취소 포함)")
    elif outcome is Outcome.APPROVED:
        title = QCoreApplication.translate("Slip", "신용카드 매출전표")
    elif outcome is Outcome.MISMATCH:
        title = QCoreApplication.translate("Slip", "금액 불일치 — 취소가 필요한 결제")
    elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
        title = QCoreApplication.translate("Slip", "결제 확인 중 (영수증 아님)")
    else:
        title = QCoreApplication.translate("Slip", "결제되지 않음 (영수증 아님)")
    rows = [
        _row(
            QCoreApplication.translate("Slip", "거래일시"),
            fmt.date_time(_field(sale, "paid_at") or sale.created_at),
        ),
        _row(QCoreApplication.translate("Slip", "주문명"), sale.order_name),
        _row(
            QCoreApplication.translate("Slip", "카드사"),
            _field(sale, "card_name") or _field(sale, "card_company") or "",
        ),
        _row(
            QCoreApplication.translate("Slip", "카드번호"),
            fmt.masked_card(_field(sale, "card_number"), _field(sale, "card_hint")),
        ),
        _row(QCoreApplication.translate("Slip", "할부"), fmt.quota_text(int(sale.card_quota or 0))),
        _row(QCoreApplication.translate("Slip", "승인번호"), _field(sale, "apply_num") or "-", strong=True),
        _row(QCoreApplication.translate("Slip", "주문번호"), sale.merchant_uid),
    ]
    if sale.buyer_name:
        rows.append(_row(QCoreApplication.translate("Slip", "구매자"), sale.buyer_name))
    money = [
        _row(QCoreApplication.translate("Slip", "공급가액"), fmt.won(paid_amount - tax_free - vat)),
        _row(QCoreApplication.translate("Slip", "부가세"), fmt.won(vat)),
    ]
    if tax_free:
        money.append(_row(QCoreApplication.translate("Slip", "면세"), fmt.won(tax_free)))
    money.append(_row(QCoreApplication.translate("Slip", "합계"), fmt.won(paid_amount), strong=True))
    cancel_rows = []
    for cancel in cancels:
        if Outcome(cancel.outcome) not in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED, Outcome.APPROVED):
            continue
        label = QCoreApplication.translate("Slip", "취소 {when}").format(
            when=fmt.date_time(cancel.cancelled_at or cancel.created_at)
        )
        # amount 0 in the request means "all that remained"; cancelled_amount is what PortOne refunded
        refunded = int(_field(cancel, "cancelled_amount", 0) or cancel.amount)
        cancel_rows.append(_row(label, "-" + fmt.won(refunded)))
        if cancel.reason:
            cancel_rows.append(_row(QCoreApplication.translate("Slip", "  사유"), cancel.reason))
    cancel_amount = int(_field(sale, "cancel_amount") or 0)
    if cancel_amount:
        cancel_rows.append(
            _row(QCoreApplication.translate("Slip", "취소 합계"), "-" + fmt.won(cancel_amount))
        )
        cancel_rows.append(
            _row(
                QCoreApplication.translate("Slip", "남은 금액"),
                fmt.won(max(0, paid_amount - cancel_amount)),
                strong=True,
            )
        )
    status = [_row(QCoreApplication.translate("Slip", "상태"), fmt.outcome_text(outcome), strong=True)]
    if _field(sale, "operator"):
        status.append(_row(QCoreApplication.translate("Slip", "담당"), sale.operator))
    body = "".join(rows) + _rule() + "".join(money) + _rule() + "".join(cancel_rows)
    if cancel_rows:
        body += _rule()
    body += "".join(status)
    return _page(_header(shop, title) + _table(body))


def cash_receipt_slip_html(shop: ShopDetails, receipt: Any) -> str:
    """The slip of one cash receipt (a ``ReceiptRow``): identifier masked, 소득공제/지출증빙, approval."""
    amount = int(receipt.amount)
    tax_free = int(receipt.tax_free or 0)
    vat = vat_of(amount, tax_free)
    rows = [
        _row(QCoreApplication.translate("Slip", "발행일시"), fmt.date_time(receipt.created_at)),
        _row(QCoreApplication.translate("Slip", "주문명"), receipt.order_name),
        _row(QCoreApplication.translate("Slip", "용도"), fmt.receipt_type_text(receipt.receipt_type)),
        _row(fmt.identifier_type_text(receipt.identifier_type), receipt.identifier_hint),
        _row(
            QCoreApplication.translate("Slip", "승인번호"), _field(receipt, "apply_num") or "-", strong=True
        ),
        _row(
            QCoreApplication.translate("Slip", "주문번호"),
            _field(receipt, "merchant_uid") or _field(receipt, "imp_uid") or "",
        ),
        _row(QCoreApplication.translate("Slip", "공급가액"), fmt.won(amount - tax_free - vat)),
        _row(QCoreApplication.translate("Slip", "부가세"), fmt.won(vat)),
    ]
    if tax_free:
        rows.append(_row(QCoreApplication.translate("Slip", "면세"), fmt.won(tax_free)))
    rows.append(_row(QCoreApplication.translate("Slip", "합계"), fmt.won(amount), strong=True))
    state = fmt.outcome_text(receipt.outcome)
    if _field(receipt, "cancelled_at"):
        state = QCoreApplication.translate("Slip", "발행 취소 ({when})").format(
            when=fmt.date_time(receipt.cancelled_at)
        )
    rows.append(_row(QCoreApplication.translate("Slip", "상태"), state, strong=True))
    return _page(_header(shop, QCoreApplication.translate("Slip", "현금영수증")) + _table("".join(rows)))


def _rule() -> str:
    return '<tr><td colspan="2"><hr style="margin:2px 0"></td></tr>'


def _table(body: str) -> str:
    return f'<table width="100%" cellspacing="0" cellpadding="0">{body}</table>'


def _page(inner: str) -> str:
    # Noto Sans CJK / Malgun Gothic cover Hangul on Linux and Windows; Qt falls back per glyph anyway.
    return (
        "<html><body style=\"font-family:'Noto Sans CJK KR','Malgun Gothic',sans-serif;"
        f'font-size:10pt">{inner}</body></html>'
    )


def slip_document(slip_html: str) -> QTextDocument:
    """A QTextDocument laid out at slip width, ready to print or write as PDF."""
    document = QTextDocument()
    document.setHtml(slip_html)
    return document


def configure_slip_printer(printer: QPrinter) -> None:
    """80 mm wide page, tall enough for one slip; small margins as a receipt printer expects."""
    printer.setPageSize(QPageSize(QSizeF(SLIP_WIDTH_MM, 200.0), QPageSize.Unit.Millimeter, "Slip"))
    printer.setPageMargins(QMarginsF(4, 4, 4, 4), QPageLayout.Unit.Millimeter)


def write_slip_pdf(slip_html: str, path: Path) -> None:
    """Write the slip as a PDF file (fonts embedded, Korean included)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    configure_slip_printer(printer)
    document = slip_document(slip_html)
    document.print_(printer)
