"""The owner's files: the combined history and the day's Z report as .xlsx (for Excel) or .csv.

Both formats hold the same table, built once here from the journal's rows, so the window (through
``pos_app.services.exports``) and the owner's command line (``python -m pos_app.journal``, which may not
import the services) write the same files. The format follows the file name: ``.xlsx`` or ``.csv``.

Values are what an accountant reads, in Korean whatever the screen's language (``domain.labels``):
승인 / 취소 / 거절 …, 일시불 / 3개월, 카드 결제 / 카드 취소 / 현금영수증, and one card mask
(``domain.card.display_card_number``), the one the screen and the slip show. Each value keeps its type:
amounts are numbers, times are date-times in the computer's local zone, and every identifier made of
digits (approval number, phone, order number, card mask, receipt identifier) is text.

- ``.xlsx`` (openpyxl, streamed in write-only mode so a year of sales stays small in memory): numbers are
  number cells (``#,##0``), times date cells, text text cells — an approval number ``00123456`` or a
  phone ``010…`` keeps its leading 0. A text that starts with ``=`` stays text, never a formula.
- ``.csv``: UTF-8 with a BOM so Excel reads the Hangul; every text value is quoted, numbers are not.
  A CSV carries no types: Excel opening a .csv by double-click ignores the quotes, turns ``00123456``
  into 123456 and a long number into 1.2E+10. That cannot be prevented in the file without writing
  formulas (``="0123"``), which every other program would read as garbage and which is the same trick
  as a CSV formula injection — so the CSV stays plain data for other programs, and the .xlsx is the
  file for Excel. Texts starting with ``= + - @`` get a leading ``'`` so a spreadsheet never runs them.

Free text a person typed (names, phone, order name, reasons, messages) is masked with the card-digit rule
(``domain.free_text``) on the way out. Files are written next to their target and renamed into place, so
a half-written export never looks like a finished one.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pos_app.domain.card import display_card_number
from pos_app.domain.free_text import mask_card_like
from pos_app.domain.labels import (
    ACTIVITY_KIND_WORDS,
    identifier_type_word,
    outcome_word,
    quota_word,
    receipt_type_word,
)
from pos_app.domain.money import vat_of
from pos_app.journal.activity import ActivityFilter, ActivityRow
from pos_app.journal.audit import CashierTotals
from pos_app.journal.records import MONEY_TAKEN, DayReport

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from pos_app.journal.store import Journal

ExportFormat = Literal["csv", "xlsx"]
# a cell: text (always text, even when it is digits), a whole number of won or a count, a local time
Value = str | int | datetime | None

HISTORY_COLUMNS: tuple[str, ...] = (
    "구분", "일시", "결과", "주문번호", "금액", "면세 금액", "부가세", "승인 금액", "취소 금액", "남은 금액",
    "취소 일시", "카드사", "카드번호", "할부", "승인번호", "구매자", "전화번호", "주문명", "현금영수증 용도",
    "현금영수증 식별번호", "취소 사유", "메시지", "imp_uid", "고객 UID", "직원", "계산대",
    "승인자",  # schema 6: the manager or owner who approved a refund on the spot
)  # fmt: skip
_COLUMN_WIDTHS = {"일시": 20, "취소 일시": 20, "주문번호": 30, "카드번호": 21, "주문명": 20, "메시지": 30}
_MONEY_FORMAT = "#,##0"
_TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormatError(ValueError):
    """The file name does not end in .xlsx or .csv."""


def export_format(path: Path) -> ExportFormat:
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    raise ExportFormatError(f"파일 이름은 .xlsx 또는 .csv로 끝나야 합니다: {Path(path).name}")


def local_time(ts: float | None) -> datetime | None:
    """UNIX seconds as the computer's local wall time (spreadsheets have no time zones)."""
    if not ts:
        return None
    return datetime.fromtimestamp(ts).replace(microsecond=0)


# ------------------------------------------------------------------------------------------ history
# free text a person typed: masked with the card-digit rule on the way out (a journal converted from an
# older format may hold a card number typed with dashes, which the old guard let through)
_FREE_TEXT = frozenset(
    HISTORY_COLUMNS.index(c)
    for c in ("구매자", "전화번호", "주문명", "취소 사유", "메시지", "직원", "승인자")
)


def history_line(row: ActivityRow) -> list[Value]:
    """One history row in the order of ``HISTORY_COLUMNS``."""
    values = _history_values(row)
    return [mask_card_like(v) if i in _FREE_TEXT and isinstance(v, str) else v for i, v in enumerate(values)]


def _history_values(row: ActivityRow) -> list[Value]:
    kind = ACTIVITY_KIND_WORDS[row.kind]
    sale, cancel, receipt = row.sale, row.cancel, row.receipt
    if receipt is not None:
        issued = receipt.amount if receipt.applied_at else 0
        withdrawn = receipt.amount if receipt.cancelled_at else 0
        return [
            kind,
            local_time(row.at),
            outcome_word(row.outcome),
            receipt.merchant_uid or "",
            receipt.amount,
            receipt.tax_free,
            receipt.vat if receipt.vat is not None else vat_of(receipt.amount, receipt.tax_free),
            issued,
            withdrawn,
            issued - withdrawn,
            local_time(receipt.cancelled_at),
            "",
            "",
            "",
            receipt.apply_num or "",
            receipt.buyer_name,
            "",
            receipt.order_name,
            receipt_type_word(receipt.receipt_type),
            f"{identifier_type_word(receipt.identifier_type)} {receipt.identifier_hint}".strip(),
            "",
            receipt.message or "",
            receipt.imp_uid or "",
            "",
            "",
            "",
            "",
        ]
    assert sale is not None
    card = [
        sale.card_name or sale.card_company or "",
        display_card_number(sale.card_number, sale.card_hint),
        quota_word(sale.card_quota),
    ]
    if cancel is not None:
        refunded = cancel.cancelled_amount
        return [
            kind,
            local_time(row.at),
            outcome_word(row.outcome),
            sale.merchant_uid,
            row.amount,
            cancel.tax_free,
            vat_of(row.amount, min(cancel.tax_free, row.amount)),
            None,
            refunded,
            None,
            local_time(cancel.cancelled_at),
            *card,
            sale.apply_num or "",
            sale.buyer_name,
            sale.buyer_tel,
            sale.order_name,
            "",
            "",
            cancel.reason,
            cancel.message or "",
            cancel.imp_uid or sale.imp_uid or "",
            sale.customer_uid or "",
            cancel.operator,
            sale.counter_id,
            cancel.approver,
        ]
    taken = sale.outcome in MONEY_TAKEN
    paid = sale.paid_amount if taken else 0
    return [
        kind,
        local_time(row.at),
        outcome_word(row.outcome),
        sale.merchant_uid,
        sale.amount,
        sale.tax_free,
        vat_of(paid, min(sale.tax_free, paid)) if paid else 0,
        paid,
        sale.cancel_amount if taken else 0,
        sale.remaining if taken else 0,
        local_time(sale.cancelled_at),
        *card,
        sale.apply_num or "",
        sale.buyer_name,
        sale.buyer_tel,
        sale.order_name,
        "",
        "",
        "",
        sale.message or "",
        sale.imp_uid or "",
        sale.customer_uid or "",
        sale.operator,
        sale.counter_id,
        "",
    ]


def export_history(journal: Journal, flt: ActivityFilter, path: Path) -> int:
    """Every row of the combined history matching ``flt``, newest first; returns the rows written."""
    lines = (history_line(row) for row in journal.iter_activity(flt))
    return write_table(Path(path), "거래내역", HISTORY_COLUMNS, lines)


# ------------------------------------------------------------------------------------------ Z report
@dataclass(frozen=True)
class DayReportDocument:
    """What the Z report shows, prints and exports: the report, the shop's name and when it was made."""

    report: DayReport
    shop_name: str
    printed_at: datetime
    # schema 6: the same money split by who took it and who gave it back (audit.day_by_cashier)
    by_cashier: tuple[CashierTotals, ...] = ()

    @property
    def card_and_cash_total(self) -> int:
        """Card sales net of cancels plus the cash the day's valid cash receipts declare."""
        return self.report.net + self.report.receipts_sum


DAY_REPORT_CASHIER_COLUMNS: tuple[str, ...] = (
    "담당자", "승인 건수", "승인 금액", "취소 건수", "취소 금액", "순매출", "현금영수증 건수",
    "현금영수증 금액",
)  # fmt: skip
DAY_REPORT_COMPANY_COLUMNS: tuple[str, ...] = (
    "카드사", "승인 건수", "승인 금액", "취소 건수", "취소 금액", "순매출",
)  # fmt: skip


def day_report_lines(document: DayReportDocument) -> list[list[Value]]:
    """The Z report as rows: heading, the companies with the 합계 row, then the day's other totals."""
    report = document.report
    lines: list[list[Value]] = []
    if document.shop_name:
        lines.append(["상호", document.shop_name])
    lines += [["마감일", report.day.isoformat()], ["출력 시각", document.printed_at.replace(microsecond=0)]]
    lines.append([])
    lines.append(list(DAY_REPORT_COMPANY_COLUMNS))
    for company in report.by_company:
        lines.append(
            [
                company.card_company,
                company.paid_count,
                company.paid_sum,
                company.cancel_count,
                company.cancel_sum,
                company.net,
            ]
        )
    lines.append(
        ["합계", report.paid_count, report.paid_sum, report.cancel_count, report.cancel_sum, report.net]
    )
    # of the paid above, what PortOne charged on its own from recurring plans (정기결제), shown apart
    lines += [
        [
            "그중 계산대 결제",
            report.paid_count - report.scheduled_count,
            report.paid_sum - report.scheduled_sum,
        ],
        ["그중 정기결제", report.scheduled_count, report.scheduled_sum],
    ]
    lines += [
        [],
        ["면세 금액", report.tax_free_sum],
        ["부가세", report.vat_sum],
        ["현금영수증 건수", report.receipts_count],
        ["현금영수증 금액", report.receipts_sum],
        ["합계 (카드 + 현금영수증)", document.card_and_cash_total],
    ]
    if report.anchor:
        lines.append(["기록 기준점", report.anchor])
    if document.by_cashier:
        lines += [[], list(DAY_REPORT_CASHIER_COLUMNS)]
        for person in document.by_cashier:
            name = (
                "다른 곳에서 한 환불"
                if person.elsewhere
                else (mask_card_like(person.operator) or "(이름 없음)")
            )
            lines.append(
                [
                    name,
                    person.paid_count,
                    person.paid_sum,
                    person.cancel_count,
                    person.cancel_sum,
                    person.net,
                    person.receipts_count,
                    person.receipts_sum,
                ]
            )
    return lines


def export_day_report(document: DayReportDocument, path: Path) -> None:
    lines = day_report_lines(document)
    write_table(Path(path), "일일 마감", None, iter(lines))


# ------------------------------------------------------------------------------------------ writers
def write_table(path: Path, title: str, header: Sequence[str] | None, lines: Iterator[list[Value]]) -> int:
    """Write ``header`` (bold, frozen in .xlsx) and ``lines`` in the format of ``path``; returns the
    number of lines after the header."""
    if export_format(path) == "xlsx":
        return _write_xlsx(path, title, header, lines)
    return _write_csv(path, header, lines)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``, renamed over it when the block ends without an error."""
    temporary = path.with_name(path.name + ".part")
    try:
        yield temporary
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _csv_value(value: Value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(path: Path, header: Sequence[str] | None, lines: Iterable[list[Value]]) -> int:
    written = 0
    with _replacing(path) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        if header is not None:
            writer.writerow(header)
        for line in lines:
            writer.writerow([_csv_value(value) for value in line])
            written += 1
    return written


def _write_xlsx(path: Path, title: str, header: Sequence[str] | None, lines: Iterable[list[Value]]) -> int:
    # imported here: the window loads the journal at start-up, openpyxl only when someone exports
    from openpyxl import Workbook

    with _replacing(path) as temporary:
        # made before any row is streamed: a missing or read-only folder fails here, not inside
        # openpyxl's row writer (which would leave its generator open)
        temporary.open("wb").close()
        workbook = Workbook(write_only=True)
        written = _fill_sheet(workbook.create_sheet(title), header, lines)
        workbook.save(str(temporary))
    return written


def _fill_sheet(sheet: WriteOnlyWorksheet, header: Sequence[str] | None, lines: Iterable[list[Value]]) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value: Value, *, bold: bool = False) -> Cell:
        out = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            out.data_type = "s"  # never a formula, whatever the text starts with
        elif isinstance(value, datetime):
            out.number_format = _TIME_FORMAT
        elif isinstance(value, int):
            out.number_format = _MONEY_FORMAT
        if bold:
            out.font = Font(bold=True)
        return out

    # write-only sheets have column_dimensions at run time; types-openpyxl does not declare them
    widths = sheet.column_dimensions  # type: ignore[attr-defined]
    if header is not None:
        for index, name in enumerate(header, start=1):
            widths[get_column_letter(index)].width = _COLUMN_WIDTHS.get(name, 12)
        sheet.freeze_panes = "A2"
        sheet.append([cell(name, bold=True) for name in header])
    else:
        widths["A"].width = 24
        for letter in "BCDEF":
            widths[letter].width = 14
    written = 0
    for line in lines:
        sheet.append([cell(value) for value in line])
        written += 1
    return written
