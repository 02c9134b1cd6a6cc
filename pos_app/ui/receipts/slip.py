"""The card slip and the cash-receipt slip: what they say (``Slip``) and how it is laid out for a paper.

One layout is used on screen, on paper and in PDF files: ``slip_html(slip, paper)`` builds the HTML for
the paper's printable width (slip_paper.Paper), measuring every row with the slip font. A row whose
label and value fit side by side is one line (label left, value right); one that does not is stacked
(label, then the value on its own line). Values that are one token — dates, amounts, card and order
numbers — are never broken inside (``white-space: nowrap``); one too wide even for a line of its own
(a long order number on 58 mm) gets a smaller font and, as a last resort, breaks only after a "-". Free
text (order name, a cancel's reason) wraps between words.

The shop's name, business number, address and phone come from the settings (``ShopDetails``), set by
the window when settings load or change, as does the paper. A slip of test money (the app runs on the
sandbox) says "TEST — 실제 결제 아님" above and below and is never titled 매출전표. Card data on a
slip is the masked number only, as PortOne gives it. Times are written without a colon (19시 42분 05초),
which the CJK fonts draw raised.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontMetricsF

from pos_app.domain.money import vat_of
from pos_app.domain.outcomes import Outcome
from pos_app.ui.receipts.slip_paper import (
    PAPER_80,
    SLIP_FONT_FAMILIES,
    Paper,
    configure_slip_printer,
    mm_to_px,
    paper_for,
    screen_dpi,
    slip_document,
)
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.config import Settings
    from pos_app.services.counter import CancelRow, ReceiptRow, SaleRow

__all__ = [
    "ShopDetails",
    "Slip",
    "SlipRow",
    "cash_receipt_slip",
    "cash_receipt_slip_html",
    "configure_slip_printer",
    "sale_slip",
    "sale_slip_html",
    "slip_document",
    "slip_html",
]

_GAP_PX_AT_96 = 8.0  # between a label and its value on one line
_FIT = 0.94  # leave a little room: the printer's glyph widths are not exactly the screen's


@dataclass(frozen=True)
class ShopDetails:
    """The shop lines printed at the top of every slip (from settings; empty fields are left out), the
    paper slips are laid out for, and whether the money is test money (the app runs on the sandbox)."""

    name: str = ""
    business_no: str = ""
    address: str = ""
    tel: str = ""
    paper: str = "80mm"
    test_money: bool = False

    @classmethod
    def from_settings(cls, settings: Settings, *, test_money: bool = False) -> ShopDetails:
        """From ``pos_app.config.Settings`` (shop_name, business_no, shop_address, shop_tel, slip_paper)."""
        return cls(
            name=settings.shop_name,
            business_no=_business_no_text(settings.business_no),
            address=settings.shop_address,
            tel=settings.shop_tel,
            paper=settings.slip_paper,
            test_money=test_money,
        )


def _business_no_text(number: str) -> str:
    """``1234567890`` → ``123-45-67890`` as printed on Korean slips; anything else as given."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else number


@dataclass(frozen=True)
class SlipRow:
    label: str
    value: str
    strong: bool = False
    text: bool = False  # free text that may wrap between words; otherwise one unbreakable token


@dataclass(frozen=True)
class Slip:
    shop: ShopDetails
    title: str
    sections: tuple[tuple[SlipRow, ...], ...]  # a rule between sections
    notes: tuple[str, ...] = field(default=())


# ------------------------------------------------------------------------------------------- content
def sale_slip(shop: ShopDetails, sale: SaleRow, cancels: Sequence[CancelRow] = ()) -> Slip:
    """The card slip of one sale with each successful cancel listed under it."""
    outcome = Outcome(sale.outcome)
    paid_amount = int(sale.paid_amount or 0) or int(sale.amount)
    tax_free = int(sale.tax_free or 0)
    vat = vat_of(paid_amount, tax_free)
    # Only money that moved gets a 매출전표 title; anything else (and test money) must not pass for one.
    if shop.test_money or outcome is Outcome.TEST_PAYMENT:
        title = QCoreApplication.translate("Slip", "테스트 결제 전표 (매출전표 아님)")
    elif outcome in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED):
        title = QCoreApplication.translate("Slip", "신용카드 매출전표 (취소 포함)")
    elif outcome is Outcome.APPROVED:
        title = QCoreApplication.translate("Slip", "신용카드 매출전표")
    elif outcome is Outcome.MISMATCH:
        title = QCoreApplication.translate("Slip", "금액 불일치 — 취소가 필요한 결제")
    elif outcome in (Outcome.UNKNOWN, Outcome.PENDING):
        title = QCoreApplication.translate("Slip", "결제 확인 중 (영수증 아님)")
    else:
        title = QCoreApplication.translate("Slip", "결제되지 않음 (영수증 아님)")
    details = [
        SlipRow(
            QCoreApplication.translate("Slip", "거래일시"),
            fmt.day_and_time(sale.paid_at or sale.created_at, seconds=True),
        ),
        SlipRow(QCoreApplication.translate("Slip", "주문명"), sale.order_name, text=True),
        SlipRow(QCoreApplication.translate("Slip", "카드사"), sale.card_name or sale.card_company or ""),
        SlipRow(
            QCoreApplication.translate("Slip", "카드번호"), fmt.masked_card(sale.card_number, sale.card_hint)
        ),
        SlipRow(QCoreApplication.translate("Slip", "할부"), fmt.quota_text(int(sale.card_quota or 0))),
        SlipRow(QCoreApplication.translate("Slip", "승인번호"), sale.apply_num or "-", strong=True),
        SlipRow(QCoreApplication.translate("Slip", "주문번호"), sale.merchant_uid),
    ]
    if sale.buyer_name:
        details.append(SlipRow(QCoreApplication.translate("Slip", "구매자"), sale.buyer_name, text=True))
    money = [
        SlipRow(QCoreApplication.translate("Slip", "공급가액"), fmt.won(paid_amount - tax_free - vat)),
        SlipRow(QCoreApplication.translate("Slip", "부가세"), fmt.won(vat)),
    ]
    if tax_free:
        money.append(SlipRow(QCoreApplication.translate("Slip", "면세"), fmt.won(tax_free)))
    money.append(SlipRow(QCoreApplication.translate("Slip", "합계"), fmt.won(paid_amount), strong=True))
    refunds: list[SlipRow] = []
    for cancel in cancels:
        if Outcome(cancel.outcome) not in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED, Outcome.APPROVED):
            continue
        label = QCoreApplication.translate("Slip", "취소 {when}").format(
            when=fmt.day_and_time(cancel.cancelled_at or cancel.created_at)
        )
        # amount 0 in the request means "all that remained"; cancelled_amount is what PortOne refunded
        refunded = int(cancel.cancelled_amount or cancel.amount)
        refunds.append(SlipRow(label, "-" + fmt.won(refunded)))
        if cancel.reason:
            refunds.append(SlipRow(QCoreApplication.translate("Slip", "사유"), cancel.reason, text=True))
    cancel_amount = int(sale.cancel_amount or 0)
    if cancel_amount:
        refunds.append(SlipRow(QCoreApplication.translate("Slip", "취소 합계"), "-" + fmt.won(cancel_amount)))
        refunds.append(
            SlipRow(
                QCoreApplication.translate("Slip", "남은 금액"),
                fmt.won(max(0, paid_amount - cancel_amount)),
                strong=True,
            )
        )
    status = [SlipRow(QCoreApplication.translate("Slip", "상태"), fmt.outcome_text(outcome), strong=True)]
    if sale.operator:
        status.append(SlipRow(QCoreApplication.translate("Slip", "담당"), sale.operator, text=True))
    sections = [tuple(details), tuple(money)]
    if refunds:
        sections.append(tuple(refunds))
    sections.append(tuple(status))
    return Slip(shop, title, tuple(sections))


def cash_receipt_slip(shop: ShopDetails, receipt: ReceiptRow) -> Slip:
    """The slip of one cash receipt: identifier masked, 소득공제/지출증빙, approval."""
    amount = int(receipt.amount)
    tax_free = int(receipt.tax_free or 0)
    vat = vat_of(amount, tax_free)
    rows = [
        SlipRow(
            QCoreApplication.translate("Slip", "발행일시"), fmt.day_and_time(receipt.created_at, seconds=True)
        ),
        SlipRow(QCoreApplication.translate("Slip", "주문명"), receipt.order_name, text=True),
        SlipRow(QCoreApplication.translate("Slip", "용도"), fmt.receipt_type_text(receipt.receipt_type)),
        SlipRow(fmt.identifier_type_text(receipt.identifier_type), receipt.identifier_hint),
        SlipRow(QCoreApplication.translate("Slip", "승인번호"), receipt.apply_num or "-", strong=True),
        SlipRow(
            QCoreApplication.translate("Slip", "주문번호"), receipt.merchant_uid or receipt.imp_uid or ""
        ),
    ]
    money = [
        SlipRow(QCoreApplication.translate("Slip", "공급가액"), fmt.won(amount - tax_free - vat)),
        SlipRow(QCoreApplication.translate("Slip", "부가세"), fmt.won(vat)),
    ]
    if tax_free:
        money.append(SlipRow(QCoreApplication.translate("Slip", "면세"), fmt.won(tax_free)))
    money.append(SlipRow(QCoreApplication.translate("Slip", "합계"), fmt.won(amount), strong=True))
    state = fmt.outcome_text(receipt.outcome)
    if receipt.cancelled_at:
        state = QCoreApplication.translate("Slip", "발행 취소 ({when})").format(
            when=fmt.day_and_time(receipt.cancelled_at)
        )
    status = (SlipRow(QCoreApplication.translate("Slip", "상태"), state, strong=True),)
    title = (
        QCoreApplication.translate("Slip", "테스트 현금영수증 (국세청 발급 아님)")
        if shop.test_money
        else QCoreApplication.translate("Slip", "현금영수증")
    )
    return Slip(shop, title, (tuple(rows), tuple(money), status))


def sale_slip_html(shop: ShopDetails, sale: SaleRow, cancels: Sequence[CancelRow] = ()) -> str:
    return slip_html(sale_slip(shop, sale, cancels), paper_for(shop.paper))


def cash_receipt_slip_html(shop: ShopDetails, receipt: ReceiptRow) -> str:
    return slip_html(cash_receipt_slip(shop, receipt), paper_for(shop.paper))


# -------------------------------------------------------------------------------------------- layout
class _Measure:
    """Widths of slip text on the screen, and the paper's printable width in the same pixels."""

    def __init__(self, paper: Paper) -> None:
        dpi = screen_dpi()
        self.width = mm_to_px(paper.content_width_mm, dpi) * _FIT
        self.gap = _GAP_PX_AT_96 * dpi / 96
        self.paper = paper
        self._plain = QFontMetricsF(paper.font())
        bold_font = paper.font()
        bold_font.setBold(True)
        self._bold = QFontMetricsF(bold_font)

    def text(self, text: str, *, strong: bool = False, scale: float = 1.0) -> float:
        if scale != 1.0:
            font = self.paper.font(scale)
            font.setBold(strong)
            return QFontMetricsF(font).horizontalAdvance(text)
        return (self._bold if strong else self._plain).horizontalAdvance(text)


def _value_style(*, nowrap: bool, scale: float = 1.0) -> str:
    styles = ["margin:0"]
    if nowrap:
        styles.append("white-space:nowrap")
    if scale != 1.0:
        styles.append(f"font-size:{scale * 100:.0f}%")
    return ";".join(styles)


def _row_html(row: SlipRow, measure: _Measure) -> str:
    """One row as its own block: rows share no columns, so one long label never widens every row."""
    label = html.escape(row.label)
    value = html.escape(row.value)
    if row.strong:
        value = f"<b>{value}</b>"
    label_w, value_w = measure.text(row.label), measure.text(row.value, strong=row.strong)
    if label_w + measure.gap + value_w <= measure.width:
        return (
            '<table width="100%" cellspacing="0" cellpadding="0" style="margin:1px 0"><tr>'
            f'<td style="color:#333;white-space:nowrap;padding-right:{measure.gap:.0f}px">{label}</td>'
            f'<td align="right" style="white-space:nowrap">{value}</td></tr></table>'
        )
    head = f'<p style="margin:1px 0 0 0;color:#333">{label}</p>'
    if row.text:
        return head + f'<p align="right" style="{_value_style(nowrap=False)}">{value}</p>'
    scale = 1.0
    while measure.text(row.value, strong=row.strong, scale=scale) > measure.width and scale > 0.76:
        scale = round(scale - 0.08, 2)
    nowrap = measure.text(row.value, strong=row.strong, scale=scale) <= measure.width
    if not nowrap:
        value = value.replace("-", "-\u200b")  # the last resort: break only after a dash, between parts
    return head + f'<p align="right" style="{_value_style(nowrap=nowrap, scale=scale)}">{value}</p>'


def _test_banner() -> str:
    text = html.escape(QCoreApplication.translate("Slip", "TEST — 실제 결제 아님"))
    return (
        '<table width="100%" border="1" cellspacing="0" cellpadding="3" style="border-style:solid">'
        f'<tr><td align="center" style="white-space:nowrap"><b>{text}</b></td></tr></table>'
    )


def slip_html(slip: Slip, paper: Paper = PAPER_80) -> str:
    """The slip laid out for ``paper`` (see the module docstring)."""
    measure = _Measure(paper)
    shop = slip.shop
    name = shop.name or QCoreApplication.translate("Slip", "(상호 미설정)")
    parts: list[str] = []
    if shop.test_money:
        parts.append(_test_banner())
    parts.append(f'<p align="center" style="margin:4px 0 0 0;font-size:130%"><b>{html.escape(name)}</b></p>')
    lines = []
    if shop.business_no:
        lines.append(
            QCoreApplication.translate("Slip", "사업자번호 {number}").format(number=shop.business_no)
        )
    if shop.address:
        lines.append(shop.address)
    if shop.tel:
        lines.append(QCoreApplication.translate("Slip", "전화 {tel}").format(tel=shop.tel))
    for line in lines:
        nowrap = measure.text(line) <= measure.width
        style = "margin:0" + (";white-space:nowrap" if nowrap else "")
        parts.append(f'<p align="center" style="{style}">{html.escape(line)}</p>')
    parts.append(
        f'<p align="center" style="margin:6px 0 2px 0;font-size:112%"><b>{html.escape(slip.title)}</b></p>'
    )
    for index, section in enumerate(slip.sections):
        if index:
            parts.append('<hr style="margin:2px 0">')
        parts.extend(_row_html(row, measure) for row in section)
    if shop.test_money:
        parts.append(
            '<p align="center" style="margin:4px 0">'
            + html.escape(
                QCoreApplication.translate(
                    "Slip", "샌드박스(테스트 서버)에서 만든 전표입니다. 돈이 오가지 않았습니다."
                )
            )
            + "</p>"
        )
        parts.append(_test_banner())
    family = ",".join(f"'{f}'" if " " in f else f for f in SLIP_FONT_FAMILIES)
    return (
        f'<html><body style="font-family:{family};font-size:{paper.font_pt}pt">{"".join(parts)}</body></html>'
    )
