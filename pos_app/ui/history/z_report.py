"""The printed Z report: what the 일일 마감 screen shows, laid out for the 80 mm slip printer.

One ``DayReportDocument`` (the report, the shop's name and the time it was made) feeds the screen, the
paper and the exported file, so they never disagree: each card company with 승인 and 취소 (count and
amount) and 순매출, the 합계 of every company, tax-free and VAT, the cash receipts, and the card + cash
total. A six-column table does not fit 80 mm, so each company is a small block of lines instead.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pos_app.ui.receipts.slip import ShopDetails
from pos_app.ui.shell import formatting as fmt

if TYPE_CHECKING:
    from pos_app.services.counter import CashierTotals, CompanyTotals, DayReport, DayReportDocument


def _line(label: str, value: str, *, strong: bool = False, indent: bool = False) -> str:
    value_html = html.escape(value)
    label_html = html.escape(label)
    if strong:
        value_html, label_html = f"<b>{value_html}</b>", f"<b>{label_html}</b>"
    padding = "padding:0 6px 0 10px" if indent else "padding:0 6px 0 0"
    return f'<tr><td style="{padding}">{label_html}</td><td align="right">{value_html}</td></tr>'


def _company_block(
    name: str, totals: CompanyTotals | DayReport | CashierTotals, *, strong: bool = False
) -> str:
    count = QCoreApplication.translate("ZReport", "{count}건")
    paid = QCoreApplication.translate("ZReport", "승인") + " " + count.format(count=totals.paid_count)
    cancelled = QCoreApplication.translate("ZReport", "취소") + " " + count.format(count=totals.cancel_count)
    refund = ("-" if totals.cancel_sum else "") + fmt.won(totals.cancel_sum)
    open_b, close_b = ("<b>", "</b>") if strong else ("", "")
    return "".join(
        [
            f'<tr><td colspan="2" style="padding-top:4px">{open_b}{html.escape(name)}{close_b}</td></tr>',
            _line(paid, fmt.won(totals.paid_sum), indent=True),
            _line(cancelled, refund, indent=True),
            _line(
                QCoreApplication.translate("ZReport", "순매출"), fmt.won(totals.net), indent=True, strong=True
            ),
        ]
    )


def _heading(document: DayReportDocument, shop: ShopDetails) -> str:
    name = document.shop_name or shop.name or QCoreApplication.translate("ZReport", "(상호 미설정)")
    details = []
    if shop.business_no:
        number = QCoreApplication.translate("ZReport", "사업자번호 {number}")
        details.append(number.format(number=shop.business_no))
    if shop.address:
        details.append(shop.address)
    if shop.tel:
        details.append(QCoreApplication.translate("ZReport", "전화 {tel}").format(tel=shop.tel))
    parts = [f'<h3 align="center" style="margin:0">{html.escape(name)}</h3>']
    if details:
        lines = "<br>".join(map(html.escape, details))
        parts.append(f'<p align="center" style="margin:2px 0">{lines}</p>')
    title = html.escape(QCoreApplication.translate("ZReport", "일일 마감 (Z 리포트)"))
    parts.append(f'<h4 align="center" style="margin:6px 0 2px 0">{title}</h4>')
    return "".join(parts)


def z_report_html(document: DayReportDocument, shop: ShopDetails) -> str:
    """The Z report for the printer (and its PDF), from the document the screen shows."""
    report = document.report
    unknown = QCoreApplication.translate("ZReport", "(카드사 미상)")
    receipts = QCoreApplication.translate("ZReport", "현금영수증 {count}건")
    receipts = receipts.format(count=report.receipts_count)
    grand = QCoreApplication.translate("ZReport", "합계 (카드 + 현금영수증)")
    rows = [
        _line(QCoreApplication.translate("ZReport", "마감일"), fmt.short_date(report.day)),
        _line(QCoreApplication.translate("ZReport", "출력 시각"), fmt.date_time(document.printed_at)),
        _rule(),
        *(_company_block(company.card_company or unknown, company) for company in report.by_company),
        _rule(),
        _company_block(QCoreApplication.translate("ZReport", "합계"), report, strong=True),
        *_counter_and_scheduled(report),
        _rule(),
        _line(QCoreApplication.translate("ZReport", "면세"), fmt.won(report.tax_free_sum)),
        _line(QCoreApplication.translate("ZReport", "부가세"), fmt.won(report.vat_sum)),
        _line(receipts, fmt.won(report.receipts_sum)),
        _rule(),
        _line(grand, fmt.won(document.card_and_cash_total), strong=True),
        *_cashier_rows(document),
    ]
    if report.anchor:
        # the journal's chain head: a later copy of the journal must still hold this many records
        rows += [_rule(), _line(QCoreApplication.translate("ZReport", "기록 기준점"), report.anchor)]
    table = f'<table width="100%" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'
    return (
        "<html><body style=\"font-family:'Noto Sans CJK KR','Malgun Gothic',sans-serif;font-size:10pt\">"
        f"{_heading(document, shop)}{table}</body></html>"
    )


def _counter_and_scheduled(report: DayReport) -> list[str]:
    """Of the paid, the counter's sales and what PortOne charged from recurring plans (정기결제)."""
    count = QCoreApplication.translate("ZReport", "{count}건")
    counter = QCoreApplication.translate("ZReport", "그중 계산대 결제") + " "
    scheduled = QCoreApplication.translate("ZReport", "그중 정기결제") + " "
    return [
        _line(
            counter + count.format(count=report.paid_count - report.scheduled_count),
            fmt.won(report.paid_sum - report.scheduled_sum),
            indent=True,
        ),
        _line(
            scheduled + count.format(count=report.scheduled_count), fmt.won(report.scheduled_sum), indent=True
        ),
    ]


def _cashier_rows(document: DayReportDocument) -> list[str]:
    """The same money by who took it and who gave it back (people, schema 6)."""
    if not document.by_cashier:
        return []
    title = html.escape(QCoreApplication.translate("ZReport", "담당자별"))
    rows = [_rule(), f'<tr><td colspan="2"><b>{title}</b></td></tr>']
    for person in document.by_cashier:
        name = (
            QCoreApplication.translate("ZReport", "다른 곳에서 한 환불")
            if person.elsewhere
            else person.operator or QCoreApplication.translate("ZReport", "(이름 없음)")
        )
        rows.append(_company_block(name, person))
    return rows


def _rule() -> str:
    return '<tr><td colspan="2"><hr style="margin:2px 0"></td></tr>'
