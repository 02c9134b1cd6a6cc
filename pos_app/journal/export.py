"""CSV exports for the owner: sale history and the day's Z report, UTF-8 with a BOM so Excel shows Korean.

Every free-text cell (names, order name, phone, message) is masked with the card-digit rule
(``domain.free_text``) on the way out. Times are written in the computer's local time zone as
"YYYY-MM-DD HH:MM:SS". Amounts are plain
integers (won) so a spreadsheet can sum them. The file is written next to its target and renamed into
place, so a half-written export never looks like a finished one.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pos_app.domain.free_text import mask_card_like
from pos_app.journal.records import DayReport, HistoryFilter, SaleRow

if TYPE_CHECKING:
    from pos_app.journal.store import Journal

HISTORY_COLUMNS = (
    "일시",
    "주문번호",
    "결과",
    "결제금액",
    "면세금액",
    "결제된 금액",
    "취소된 금액",
    "남은 금액",
    "카드사",
    "카드번호",
    "할부",
    "승인번호",
    "구매자",
    "전화번호",
    "상품명",
    "고객 UID",
    "imp_uid",
    "메시지",
    "직원",
    "계산대",
)


def _local_time(ts: float | None) -> str:
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _safe(text: str) -> str:
    # the last guard on the way out: a journal of an older format may hold text the forms refuse today
    return mask_card_like(text)


def _history_line(row: SaleRow) -> list[Any]:
    return [
        _local_time(row.created_at),
        row.merchant_uid,
        row.outcome.value,
        row.amount,
        row.tax_free,
        row.paid_amount,
        row.cancel_amount,
        row.remaining,
        row.card_name or row.card_company or "",
        row.card_number or row.card_hint,
        row.card_quota,
        row.apply_num or "",
        _safe(row.buyer_name),
        _safe(row.buyer_tel),
        _safe(row.order_name),
        row.customer_uid or "",
        row.imp_uid or "",
        _safe(row.message or ""),
        _safe(row.operator),
        row.counter_id,
    ]


@contextmanager
def _csv_file(path: Path) -> Iterator[TextIO]:
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def export_history_csv(journal: Journal, flt: HistoryFilter, path: Path) -> int:
    """Every sale matching ``flt``, newest first; returns the number of sale rows written."""
    written = 0
    with _csv_file(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(HISTORY_COLUMNS)
        for row in journal.iter_history(flt):
            writer.writerow(_history_line(row))
            written += 1
    return written


def export_day_report_csv(report: DayReport, path: Path) -> None:
    with _csv_file(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["마감일", report.day.isoformat()])
        writer.writerow([])
        writer.writerow(["카드사", "승인 건수", "승인 금액", "취소 건수", "취소 금액", "순매출"])
        for company in report.by_company:
            writer.writerow(
                [
                    company.card_company,
                    company.paid_count,
                    company.paid_sum,
                    company.cancel_count,
                    company.cancel_sum,
                    company.net,
                ]
            )
        writer.writerow(
            ["합계", report.paid_count, report.paid_sum, report.cancel_count, report.cancel_sum, report.net]
        )
        writer.writerow([])
        writer.writerow(["면세 금액", report.tax_free_sum])
        writer.writerow(["부가세", report.vat_sum])
        writer.writerow(["현금영수증 건수", report.receipts_count])
        writer.writerow(["현금영수증 금액", report.receipts_sum])
