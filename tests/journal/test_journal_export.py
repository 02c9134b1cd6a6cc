"""The owner's files: typed .xlsx cells, Korean values, one card mask, cancels and cash receipts listed."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, cancel_intent, paid, receipt_facts, receipt_intent, sale_intent
from openpyxl import load_workbook

from pos_app.domain.outcomes import Outcome
from pos_app.journal import ActivityFilter, DayReportDocument, ExportFormatError, Journal
from pos_app.journal.export import HISTORY_COLUMNS, export_day_report, export_format, export_history

KST = timezone(timedelta(hours=9))


@pytest.fixture
def shop(journal: Journal, clock: ManualClock) -> Journal:
    """A 3-month instalment sale (PortOne's mask), one by our own hint, its cancel, and a cash receipt."""
    journal.record_sale_intent(
        sale_intent(
            "S-1", amount=60000, card_quota=3, buyer_tel="010-1234-5678", card_hint="4330-28**-****-0001"
        )
    )
    journal.record_sale_result(
        "S-1",
        Outcome.APPROVED,
        message=None,
        payment=paid(
            "imp_1",
            amount=60000,
            card_number="433028******0001",
            apply_num="00123456",
            card_quota=3,
            card_name="현대카드",
        ),
    )
    clock.advance(60)
    journal.record_sale_intent(
        sale_intent(
            "S-2", card_hint="4579-73**-****-9006", card_company="KB국민카드", order_name='=HYPERLINK("x")'
        )
    )
    journal.record_sale_result("S-2", Outcome.DECLINED, payment=None, message="분실 신고 카드")
    clock.advance(60)
    journal.record_receipt_intent(receipt_intent("R-1", merchant_uid="C01-ext-0001"))
    journal.record_receipt_result(
        "R-1",
        Outcome.APPROVED,
        message=None,
        facts=receipt_facts(apply_num="012345678", applied_at=clock.now),
    )
    clock.advance(60)
    journal.record_cancel_intent(cancel_intent("X-1", "S-1", amount=20000, imp_uid="imp_1", checksum=60000))
    journal.record_cancel_result(
        "X-1",
        Outcome.PARTIALLY_CANCELLED,
        message=None,
        payment=paid(
            "imp_1",
            amount=60000,
            status="cancelled",
            cancel_amount=20000,
            cancelled_at=clock.now,
            card_number="433028******0001",
            apply_num="00123456",
            card_quota=3,
            card_name="현대카드",
        ),
    )
    return journal


def _by_kind(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {f"{r['구분']}:{r['주문번호']}": r for r in rows}


def test_xlsx_cells_are_typed(shop: Journal, tmp_path: Path) -> None:
    target = tmp_path / "history.xlsx"
    assert export_history(shop, ActivityFilter(), target) == 4
    sheet = load_workbook(target).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == list(HISTORY_COLUMNS)
    rows = [dict(zip(header, (c.value for c in line), strict=True)) for line in sheet.iter_rows(min_row=2)]
    cells = {
        f"{line[0].value}:{line[3].value}": dict(zip(header, line, strict=True))
        for line in sheet.iter_rows(min_row=2)
    }
    sale = cells["카드 결제:S-1"]
    # text stays text: the approval number keeps its leading 0, the phone too
    assert sale["승인번호"].data_type == "s"
    assert sale["승인번호"].value == "00123456"
    assert sale["전화번호"].data_type == "s"
    assert sale["전화번호"].value == "010-1234-5678"
    # amounts are numbers, times are date-times
    assert sale["금액"].data_type == "n"
    assert sale["금액"].value == 60000
    assert sale["남은 금액"].value == 40000
    assert sale["취소 금액"].value == 20000
    assert isinstance(sale["일시"].value, datetime)
    assert sale["결과"].value == "부분취소"
    assert sale["할부"].value == "3개월"
    assert isinstance(sale["취소 일시"].value, datetime)
    # a text that looks like a formula is still text
    declined = cells["카드 결제:S-2"]
    assert declined["주문명"].data_type == "s"
    assert declined["주문명"].value.startswith("=HYPERLINK")
    assert declined["결과"].value == "거절"
    assert declined["승인 금액"].value == 0
    by_kind = _by_kind(rows)
    assert by_kind["카드 취소:S-1"]["취소 금액"] == 20000
    assert by_kind["카드 취소:S-1"]["승인번호"] == "00123456"
    assert by_kind["현금영수증:C01-ext-0001"]["승인번호"] == "012345678"
    assert by_kind["현금영수증:C01-ext-0001"]["현금영수증 용도"] == "소득공제"


def test_one_card_mask_in_every_row(shop: Journal, tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    export_history(shop, ActivityFilter(), target)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    masks = {r["주문번호"]: r["카드번호"] for r in rows if r["카드번호"]}
    # PortOne's 433028******0001 and our hint 4579-73**-****-9006 come out in one form
    assert masks == {"S-1": "4330-28**-****-0001", "S-2": "4579-73**-****-9006"}


def test_csv_values_are_korean_and_texts_quoted(shop: Journal, tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    export_history(shop, ActivityFilter(), target)
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert {r["결과"] for r in rows} == {"부분취소", "거절", "승인"}
    assert {r["구분"] for r in rows} == {"카드 결제", "카드 취소", "현금영수증"}
    assert {r["할부"] for r in rows} == {"3개월", "일시불", ""}
    assert '"00123456"' in text
    assert ",60000," in text  # texts quoted, numbers bare
    assert "'=HYPERLINK" in text  # never a live formula in a spreadsheet
    english = {"approved", "declined", "cancelled", "partially_cancelled", "sale", "receipt"}
    assert not english & {value for row in rows for value in row.values()}


def test_day_report_xlsx_holds_the_screen(journal: Journal, shop: Journal, tmp_path: Path) -> None:
    day = datetime.fromtimestamp(T0).astimezone(KST).date()
    report = shop.day_report(day, KST)
    target = tmp_path / "z.xlsx"
    export_day_report(DayReportDocument(report, "행복한 꽃집", datetime(2026, 11, 26, 22, 0)), target)
    sheet = load_workbook(target).active
    assert sheet is not None
    lines = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0] is not None}
    assert lines["상호"][0] == "행복한 꽃집"
    assert lines["출력 시각"][0] == datetime(2026, 11, 26, 22, 0)
    assert lines["합계"][:5] == (1, 60000, 1, 20000, 40000)
    assert lines["현대카드"][:5] == (1, 60000, 1, 20000, 40000)
    assert lines["합계 (카드 + 현금영수증)"][0] == 40000 + 33000


def test_names_other_than_xlsx_or_csv_are_refused() -> None:
    assert export_format(Path("a.XLSX")) == "xlsx"
    assert export_format(Path("a.csv")) == "csv"
    with pytest.raises(ExportFormatError, match=r"history\.xls"):
        export_format(Path("history.xls"))


def test_a_failed_write_leaves_no_file(shop: Journal, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "history.xlsx"
    with pytest.raises(FileNotFoundError):
        export_history(shop, ActivityFilter(date_from=date(2026, 1, 1)), target)
    assert not target.exists()
