"""Benchmark: history page and count queries on a journal with a million sale rows.

    .venv/bin/python tests/journal/bench_history.py [--rows 1000000] [--keep FILE]

Not collected by pytest (no test_ prefix). Fills the ``sales`` table of a fresh journal (schema and
indexes exactly as the app makes them) with rows spread over a year, then times each history filter the
UI offers: one page (200 rows) and the matching count. Rows are bulk-inserted with plain SQL in one
transaction, without events (through the state tables' guard; such a journal fails verify, which is not
what is measured here): the history screen reads only ``sales``.
``build_scripts/bench/bench_journal_scale.py``
builds a whole journal through the write path instead.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pos_app.domain.outcomes import Outcome
from pos_app.journal import ActivityFilter, HistoryFilter, Journal, export_history

NAMES = ["홍길동", "김영희", "박철수", "이민수", "최지우", "정하늘", "강민준", "조서연", "윤도현", "장나라"]
COMPANIES = ["신한카드", "국민카드", "삼성카드", "현대카드", "BC카드", "롯데카드", "하나카드", "NH카드"]
OUTCOMES = (
    [Outcome.APPROVED] * 80
    + [Outcome.DECLINED] * 12
    + [Outcome.CANCELLED] * 4
    + [Outcome.PARTIALLY_CANCELLED, Outcome.NOT_CHARGED, Outcome.MISMATCH, Outcome.UNKNOWN]
)
COLUMNS = (
    "merchant_uid",
    "sale_id",
    "kind",
    "created_at",
    "updated_at",
    "amount",
    "tax_free",
    "order_name",
    "card_hint",
    "card_company",
    "buyer_name",
    "buyer_tel",
    "buyer_email",
    "card_quota",
    "product_type",
    "outcome",
    "imp_uid",
    "apply_num",
    "card_name",
    "card_number",
    "paid_amount",
    "cancel_amount",
    "paid_at",
    "partial_cancel_count",
    "operator",
    "counter_id",
    "card_last4",
)


def rows(count: int, start: float, rng: random.Random) -> Iterator[tuple[object, ...]]:
    span = 365 * 86400
    for i in range(count):
        at = start + span * i / count
        uid = f"C01-{i:08d}"
        last4 = f"{rng.randrange(10000):04d}"
        tel_digits = f"010{rng.randrange(10**8):08d}"
        tel = f"{tel_digits[:3]}-{tel_digits[3:7]}-{tel_digits[7:]}"
        outcome = rng.choice(OUTCOMES)
        amount = rng.choice((1000, 5500, 12000, 30000, 55000, 120000)) + 100 * rng.randrange(50)
        paid = outcome in (Outcome.APPROVED, Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED, Outcome.MISMATCH)
        company = rng.choice(COMPANIES)
        yield (
            uid,
            uid,
            "keyin",
            at,
            at,
            amount,
            0,
            "상품",
            f"5365-10**-****-{last4}",
            company,
            rng.choice(NAMES) + str(rng.randrange(100)),
            tel,
            "",
            0,
            "real",
            outcome.value,
            f"imp_{i:012d}" if paid else None,
            f"{rng.randrange(10**8):08d}" if paid else None,
            company if paid else None,
            f"536510******{last4}" if paid else None,
            amount if paid else 0,
            0,
            at + 2 if paid else None,
            0,
            "김점원",
            "C01",
            last4,
        )


def timed(label: str, fn: Callable[[], object], repeat: int = 3) -> None:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    size = len(result) if isinstance(result, list) else result
    print(f"  {label:<44} {best * 1000:8.1f} ms   ({size})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the filled journal at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "journal.sqlite3"
        journal = Journal.open(path, counter_id="C01", operator="bench")
        try:
            assert journal.health.ok, journal.health.problems
            start = datetime(2026, 1, 1).astimezone().timestamp()
            db = journal._db()
            began = time.perf_counter()
            db.conn.execute("BEGIN")
            db.conn.executemany(
                f"INSERT INTO sales ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",  # noqa: S608
                rows(args.rows, start, random.Random(20261126)),
            )
            db.conn.execute("COMMIT")
            db.conn.execute("ANALYZE")
            print(
                f"filled {args.rows:,} rows in {time.perf_counter() - began:.1f} s; "
                f"file {path.stat().st_size / 1e6:.0f} MB"
            )
            day = datetime.fromtimestamp(start).date() + timedelta(days=200)
            week_end = day + timedelta(days=6)
            filters = {
                "no filter": HistoryFilter(),
                "one day": HistoryFilter(date_from=day, date_to=day),
                "one week, approved": HistoryFilter(
                    date_from=day, date_to=week_end, outcomes=frozenset({Outcome.APPROVED})
                ),
                "outcome unknown": HistoryFilter(outcomes=frozenset({Outcome.UNKNOWN})),
                "card last 4": HistoryFilter(last4="4321"),
                "phone (full number)": HistoryFilter(phone="010-1234-5678"),
                "phone prefix 0101234": HistoryFilter(phone="0101234"),
                "phone last 4": HistoryFilter(phone="5678"),
                "buyer name prefix": HistoryFilter(buyer="홍길동1"),
                "merchant_uid": HistoryFilter(merchant_uid="C01-00500000"),
                "imp_uid": HistoryFilter(imp_uid="imp_000000500000"),
                "amount": HistoryFilter(amount=12000),
            }
            for name, flt in filters.items():
                print(name)
                timed("page (first 200)", lambda flt=flt: journal.history(flt, 0, 200))
                timed("page at offset 10,000", lambda flt=flt: journal.history(flt, 10_000, 200))
                timed("count", lambda flt=flt: journal.count_history(flt))
            month = ActivityFilter(date_from=day, date_to=day + timedelta(days=30))
            for label, flt in (("one month", month), ("everything", ActivityFilter())):
                target = Path(tmp) / "export.csv"
                began = time.perf_counter()
                written = export_history(journal, flt, target)
                print(
                    f"export {label}: {written:,} rows in {time.perf_counter() - began:.1f} s, "
                    f"{target.stat().st_size / 1e6:.0f} MB"
                )
        finally:
            journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
