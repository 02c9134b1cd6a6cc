"""History search and paging, the local Z report, and the CSV exports of both."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, cancel_intent, paid, receipt_facts, receipt_intent, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import (
    ActivityFilter,
    DayReportDocument,
    HistoryFilter,
    Journal,
    export_day_report,
    export_history,
)
from pos_app.journal.history import vat_of
from pos_app.journal.schema_v4 import TEL_DIGITS_SQL, TEL_LAST4_SQL

KST = timezone(timedelta(hours=9))
DAY = 86400.0


def local_day(ts: float) -> date:
    return datetime.fromtimestamp(ts).astimezone().date()


def _sale(
    journal: Journal, clock: ManualClock, uid: str, outcome: Outcome, *, at: float, **over: object
) -> None:
    clock.now = at
    journal.record_sale_intent(sale_intent(uid, **over))
    amount = over.get("amount", 12000)
    assert isinstance(amount, int)
    if outcome is Outcome.APPROVED:
        facts = paid(
            f"imp_{uid}", amount=amount, paid_at=at + 1, card_name=over.get("card_company", "신한카드")
        )
        journal.record_sale_result(uid, outcome, payment=facts, message=None)
    elif outcome is not Outcome.PENDING:
        journal.record_sale_result(uid, outcome, payment=None, message=None)


@pytest.fixture
def shop(journal: Journal, clock: ManualClock) -> Journal:
    _sale(journal, clock, "M-1", Outcome.APPROVED, at=T0, buyer_name="홍길동", buyer_tel="010-1234-5678")
    _sale(
        journal,
        clock,
        "M-2",
        Outcome.DECLINED,
        at=T0 + 10,
        buyer_name="홍길순",
        card_hint="5365-10**-****-4321",
        amount=5000,
        buyer_tel="",
    )
    _sale(
        journal,
        clock,
        "M-3",
        Outcome.UNKNOWN,
        at=T0 + 20,
        buyer_name="김영희",
        buyer_tel="010 9999 1234",
        amount=5000,
    )
    _sale(
        journal,
        clock,
        "M-4",
        Outcome.APPROVED,
        at=T0 + DAY,
        buyer_name="박철수",
        amount=70000,
        card_company="국민카드",
        buyer_tel="010-5555-0000",
    )
    return journal


def _uids(rows: list[object]) -> list[str]:
    return [r.merchant_uid for r in rows]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (HistoryFilter(), ["M-4", "M-3", "M-2", "M-1"]),
        (HistoryFilter(outcomes=frozenset({Outcome.APPROVED})), ["M-4", "M-1"]),
        (HistoryFilter(outcomes=frozenset({Outcome.UNKNOWN, Outcome.DECLINED})), ["M-3", "M-2"]),
        (HistoryFilter(outcomes=frozenset()), []),
        (HistoryFilter(last4="4321"), ["M-2"]),
        (HistoryFilter(last4="1111"), ["M-4", "M-3", "M-1"]),
        (HistoryFilter(phone="010-1234-5678"), ["M-1"]),
        (HistoryFilter(phone="0109999"), ["M-3"]),
        (HistoryFilter(phone="1234"), ["M-3"]),  # 4 digits: the end of the number
        (HistoryFilter(buyer="홍길"), ["M-2", "M-1"]),
        (HistoryFilter(buyer="홍길동"), ["M-1"]),
        (HistoryFilter(merchant_uid="M-3"), ["M-3"]),
        (HistoryFilter(imp_uid="imp_M-4"), ["M-4"]),
        (HistoryFilter(amount=5000), ["M-3", "M-2"]),
        (HistoryFilter(amount=5000, buyer="김"), ["M-3"]),
    ],
)
def test_history_filters(shop: Journal, flt: HistoryFilter, expected: list[str]) -> None:
    assert _uids(shop.history(flt)) == expected
    assert shop.count_history(flt) == len(expected)


def test_history_date_range_uses_local_days(shop: Journal) -> None:
    first, second = local_day(T0), local_day(T0 + DAY)
    assert _uids(shop.history(HistoryFilter(date_from=first, date_to=first))) == ["M-3", "M-2", "M-1"]
    assert _uids(shop.history(HistoryFilter(date_from=second))) == ["M-4"]
    assert _uids(shop.history(HistoryFilter(date_to=first - timedelta(days=1)))) == []
    assert shop.count_history(HistoryFilter(date_from=first, date_to=second)) == 4


def test_history_pages(shop: Journal) -> None:
    assert _uids(shop.history(HistoryFilter(), offset=1, limit=2)) == ["M-3", "M-2"]
    assert _uids(shop.history(HistoryFilter(), offset=4, limit=2)) == []


def test_history_uses_the_indexes(shop: Journal) -> None:
    db = shop._db()
    plans = {
        "last4": "SELECT * FROM sales WHERE card_last4 = '1111' ORDER BY created_at DESC LIMIT 10",
        "phone": f"SELECT * FROM sales WHERE {TEL_DIGITS_SQL} >= '010' AND {TEL_DIGITS_SQL} < '010:' "  # noqa: S608
        "ORDER BY created_at DESC LIMIT 10",
        "phone last 4": f"SELECT * FROM sales WHERE {TEL_LAST4_SQL} = '1234' "  # noqa: S608
        "ORDER BY created_at DESC LIMIT 9",
        "imp": "SELECT * FROM sales WHERE imp_uid = 'x'",
        "date": "SELECT * FROM sales WHERE created_at >= 0 ORDER BY created_at DESC LIMIT 10",
        "outcome": "SELECT * FROM sales WHERE outcome = 'approved' ORDER BY created_at DESC LIMIT 10",
        "amount": "SELECT * FROM sales WHERE amount = 1 ORDER BY created_at DESC LIMIT 10",
        "buyer": "SELECT * FROM sales WHERE buyer_name >= 'a' AND buyer_name < 'b' ORDER BY created_at DESC",
    }
    for name, sql in plans.items():
        plan = " ".join(str(row[3]) for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (name, plan)


def test_the_z_report_reads_the_day_through_the_day_indexes(
    shop: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the plan of every statement the Z report runs: each must search an index on the day's time, never
    # walk the outcome index (all approved sales of all time) or the table
    db = shop._db()
    plans: list[str] = []
    real = db.execute

    def planned(sql: str, params: object = ()) -> object:
        if sql.lstrip().upper().startswith("SELECT"):
            rows = real("EXPLAIN QUERY PLAN " + sql, params).fetchall()  # type: ignore[arg-type]
            plans.append(" | ".join(str(r[3]) for r in rows))
        return real(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "execute", planned)
    from pos_app.journal.history import day_report

    day_report(db, datetime.fromtimestamp(T0).date(), KST)
    assert len(plans) == 3
    assert "USING INDEX sales_paid_at (paid_at>? AND paid_at<?)" in plans[0]
    assert "cancels_cancelled_at (cancelled_at>? AND cancelled_at<?)" in plans[1]
    assert "receipts_applied_at (applied_at>? AND applied_at<?)" in plans[2]
    assert not any("SCAN" in p.split("|")[0] for p in plans), plans


def test_vat_follows_portone_rounding() -> None:
    assert vat_of(11000, 0) == 1000
    assert vat_of(1000, 0) == 91  # 90.9 → 91
    assert vat_of(1005, 0) == 91  # 91.36 → 91
    assert vat_of(1012, 0) == 92  # 92.0
    assert vat_of(10000, 10000) == 0
    assert vat_of(16500, 5500) == 1000


def _day_of_business(journal: Journal, clock: ManualClock) -> float:
    """Two companies, a partial cancel, a full cancel, a decline, a receipt; all on one KST day."""
    start = datetime(2026, 11, 26, 9, 0, tzinfo=KST).timestamp()
    _sale(journal, clock, "S-1", Outcome.APPROVED, at=start, amount=11000, card_company="신한카드")
    _sale(
        journal,
        clock,
        "S-2",
        Outcome.APPROVED,
        at=start + 60,
        amount=22000,
        tax_free=11000,
        card_company="국민카드",
    )
    _sale(journal, clock, "S-3", Outcome.APPROVED, at=start + 120, amount=5500, card_company="신한카드")
    _sale(journal, clock, "S-4", Outcome.DECLINED, at=start + 180, amount=99000)
    clock.now = start + 3600
    journal.record_cancel_intent(cancel_intent("X-1", "S-1", amount=1100, checksum=11000))
    journal.record_cancel_result(
        "X-1",
        Outcome.PARTIALLY_CANCELLED,
        message=None,
        payment=paid(
            "imp_S-1", amount=11000, status="cancelled", cancel_amount=1100, cancelled_at=start + 3600
        ),
    )
    journal.record_cancel_intent(cancel_intent("X-2", "S-3"))
    journal.record_cancel_result(
        "X-2",
        Outcome.CANCELLED,
        message=None,
        payment=paid(
            "imp_S-3", amount=5500, status="cancelled", cancel_amount=5500, cancelled_at=start + 3700
        ),
    )
    journal.record_receipt_intent(receipt_intent("R-1", amount=33000))
    journal.record_receipt_result(
        "R-1", Outcome.APPROVED, facts=receipt_facts(applied_at=start + 4000), message=None
    )
    journal.record_receipt_intent(receipt_intent("R-2", merchant_uid="C01-ext-2", amount=1000))
    journal.record_receipt_result("R-2", Outcome.DECLINED, facts=None, message="식별번호 오류")
    # the next day: must not count
    _sale(journal, clock, "S-5", Outcome.APPROVED, at=start + DAY, amount=1000)
    return start


def test_day_report(journal: Journal, clock: ManualClock) -> None:
    _day_of_business(journal, clock)
    report = journal.day_report(date(2026, 11, 26), KST)
    by = {c.card_company: c for c in report.by_company}
    assert sorted(by) == ["국민카드", "신한카드"]
    shinhan, kb = by["신한카드"], by["국민카드"]
    assert (shinhan.paid_count, shinhan.paid_sum, shinhan.cancel_count, shinhan.cancel_sum, shinhan.net) == (
        2,
        16500,
        2,
        6600,
        9900,
    )
    assert (kb.paid_count, kb.paid_sum, kb.cancel_count, kb.cancel_sum, kb.net) == (1, 22000, 0, 0, 22000)
    assert (report.paid_count, report.paid_sum, report.cancel_count, report.cancel_sum, report.net) == (
        3,
        38500,
        2,
        6600,
        31900,
    )
    assert report.tax_free_sum == 11000
    # VAT: 1000 + 1000 + 500 paid, minus 100 and 500 cancelled
    assert report.vat_sum == 1900
    assert (report.receipts_count, report.receipts_sum) == (1, 33000)
    next_day = journal.day_report(date(2026, 11, 27), KST)
    assert (next_day.paid_count, next_day.paid_sum, next_day.cancel_count) == (1, 1000, 0)


def test_day_report_csv_has_bom_and_totals(journal: Journal, clock: ManualClock, tmp_path: Path) -> None:
    _day_of_business(journal, clock)
    report = journal.day_report(date(2026, 11, 26), KST)
    target = tmp_path / "z.csv"
    export_day_report(DayReportDocument(report, "행복한 꽃집", datetime(2026, 11, 26, 22, 5)), target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["합계", "3", "38500", "2", "6600", "31900"] in rows
    assert ["신한카드", "2", "16500", "2", "6600", "9900"] in rows
    assert ["부가세", "1900"] in rows
    assert ["상호", "행복한 꽃집"] in rows
    assert ["출력 시각", "2026-11-26 22:05:00"] in rows
    assert ["합계 (카드 + 현금영수증)", str(31900 + 33000)] in rows
    assert not list(tmp_path.glob("*.part"))


def test_history_csv_has_bom_every_row_and_korean(shop: Journal, tmp_path: Path) -> None:
    target = tmp_path / "history.csv"
    count = export_history(shop, ActivityFilter(), target)
    assert count == 4
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["주문번호"] for r in rows] == ["M-4", "M-3", "M-2", "M-1"]
    assert rows[3]["구매자"] == "홍길동"
    assert rows[3]["결과"] == "승인"
    assert rows[3]["구분"] == "카드 결제"
    assert rows[3]["할부"] == "일시불"
    assert rows[3]["남은 금액"] == "12000"


def test_iter_history_streams_every_row_in_order(
    journal: Journal, clock: ManualClock, tmp_path: Path
) -> None:
    from pos_app.journal import history

    for i in range(7):
        _sale(journal, clock, f"P-{i}", Outcome.DECLINED, at=T0 + i)
    db = journal._db()
    streamed = list(history.iter_history(db, HistoryFilter(), chunk=3))
    assert [r.merchant_uid for r in streamed] == [f"P-{i}" for i in range(6, -1, -1)]
    assert streamed == journal.history(HistoryFilter(), 0, 100)
    target = tmp_path / "h.csv"
    assert export_history(journal, ActivityFilter(amount=12000), target) == 7
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["주문번호"] for r in rows] == [f"P-{i}" for i in range(6, -1, -1)]


def test_the_fast_row_mapping_makes_ordinary_rows(shop: Journal) -> None:
    from dataclasses import FrozenInstanceError, fields

    from pos_app.journal.records import SaleRow

    [row] = shop.history(HistoryFilter(merchant_uid="M-1"))
    again = SaleRow(**{f.name: getattr(row, f.name) for f in fields(SaleRow)})
    assert row == again
    assert hash(row) == hash(again)
    assert repr(row) == repr(again)
    assert row.outcome is Outcome.APPROVED
    with pytest.raises(FrozenInstanceError):
        row.amount = 1  # type: ignore[misc]


def test_the_z_reports_sql_vat_is_vat_of() -> None:
    import sqlite3

    from pos_app.journal.history import _vat_sql

    conn = sqlite3.connect(":memory:")
    for amount in (*range(-60, 300), 11000, 16500, 99999):
        for tax_free in (0, 5, 1000):
            got = conn.execute(f"SELECT {_vat_sql('?1', '?2')}", (amount, tax_free)).fetchone()[0]
            assert got == vat_of(amount, tax_free), (amount, tax_free)
