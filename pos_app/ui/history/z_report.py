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
    from pos_app.services.counter import DayReportDocument


def _line(label: str, value: str, *, strong: bool = False, indent: bool = False) -> str:
    value_html = html.escape(value)
    label_html = html.escape(label)
    if strong:
        value_html, label_html = f"<b>{value_html}</b>", f"<b>{label_html}</b>"
    padding = "padding:0 6px 0 10px" if indent else "padding:0 6px 0 0"
    return f'<tr><td style="{padding}">{label_html}</td><td align="right">{value_html}</td></tr>'


def _company_block(name: str, paid_count: int, paid_sum: int, cancel_count: int, cancel_sum: int,
                   net: int, *, strong: bool = False) -> str:
    count = QCoreApplication.translate("ZReport", "{count}건")
    return "".join(
        [
            f'<tr><td colspan="2" style="padding-top:4px">{"<b>" if strong else ""}'
            f"{html.escape(name)}{'</b>' if strong else ''}</td></tr>",
            _line(QCoreApplication.translate("ZReport", "승인") + " " + count.format(count=paid_count), fmt.won(paid_sum), indent=True),
            _line(QCoreApplication.translate("ZReport", "취소") + " " + count.format(count=cancel_count),
                  ("-" if cancel_sum else "") + fmt.won(cancel_sum), indent=True),
            _line(QCoreApplication.translate("ZReport", "순매출"), fmt.won(net), indent=True, strong=True),
        ]
    )


def z_report_html(document: DayReportDocument, shop: ShopDetails) -> str:
    """The Z report for the printer (and its PDF), from the document the screen shows."""
    report = document.report
    name = document.shop_name or shop.name or QCoreApplication.translate("ZReport", "(상호 미설정)")
    heading = [f'<h3 align="center" style="margin:0">{html.escape(name)}</h3>']
    details = [
        line
        for line in (
            QCoreApplication.translate("ZReport", "사업자번호 {number}").format(number=shop.business_no) if shop.business_no else "",
            shop.address,
            QCoreApplication.translate("ZReport", "전화 {tel}").format(tel=shop.tel) if shop.tel else "",
        )
        if line
    ]
    if details:
        lines = "<br>".join(map(html.escape, details))
        heading.append(f'<p align="center" style="margin:2px 0">{lines}</p>')
    title = html.escape(QCoreApplication.translate("ZReport", "일일 마감 (Z 리포트)"))
    heading.append(f'<h4 align="center" style="margin:6px 0 2px 0">{title}</h4>')
    rows = [
        _line(QCoreApplication.translate("ZReport", "마감일"), fmt.short_date(report.day)),
        _line(QCoreApplication.translate("ZReport", "출력 시각"), fmt.date_time(document.printed_at)),
        _rule(),
    ]
    for company in report.by_company:
        rows.append(
            _company_block(company.card_company or QCoreApplication.translate("ZReport", "(카드사 미상)"), company.paid_count, company.paid_sum,
                           company.cancel_count, company.cancel_sum, company.net)
        )
    rows.append(_rule())
    rows.append(
        _company_block(QCoreApplication.translate("ZReport", "합계"), report.paid_count, report.paid_sum, report.cancel_count, report.cancel_sum,
                       report.net, strong=True)
    )
    rows += [
        _rule(),
        _line(QCoreApplication.translate("ZReport", "면세"), fmt.won(report.tax_free_sum)),
        _line(QCoreApplication.translate("ZReport", "부가세"), fmt.won(report.vat_sum)),
        _line(QCoreApplication.translate("ZReport", "현금영수증 {count}건").format(count=report.receipts_count), fmt.won(report.receipts_sum)),
        _rule(),
        _line(QCoreApplication.translate("ZReport", "합계 (카드 + 현금영수증)"), fmt.won(document.card_and_cash_total), strong=True),
    ]
    table = f'<table width="100%" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'
    return (
        "<html><body style=\"font-family:'Noto Sans CJK KR','Malgun Gothic',sans-serif;font-size:10pt\">"
        f"{''.join(heading)}{table}</body></html>"
    )


def _rule() -> str:
    return '<tr><td colspan="2"><hr style="margin:2px 0"></td></tr>'
