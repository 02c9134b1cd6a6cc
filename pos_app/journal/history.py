"""What the history screen and the day close read: filtered, paged sale history and the local Z report.

History dates are the shop's local calendar days in the computer's time zone (``HistoryFilter`` has no
zone); the Z report takes its zone explicitly. Every filter maps onto an index of schema 4: the broad
ones (date, status, buyer, amount) end in ``created_at`` so a page of the newest rows is read in index
order without sorting; the selective ones (last 4, phone, imp_uid) find a handful of rows to sort.

Z report rules: a sale counts as paid on the day PortOne says it was paid (``paid_at``), for every
outcome under which money was taken (MISMATCH included: that money is real); a cancel counts on the day
it went through, with the amount it refunded. Companies are PortOne's card name when known, else the
guess made from the BIN, else "기타". Tax-free and VAT are net of cancels; VAT is
``domain.money.vat_of`` (PortOne's round((amount − tax_free) / 11)) of each payment and each cancel.
Cash receipts count the ones issued that day that are still valid.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from pos_app.domain.money import vat_of  # noqa: F401 - the rule the SQL below follows; imported from here
from pos_app.domain.outcomes import Outcome
from pos_app.journal.projection import digits_of
from pos_app.journal.records import MONEY_TAKEN, CompanyTotals, DayReport, HistoryFilter, SaleRow
from pos_app.journal.sales import SALE_SELECT, sale_from_tuple
from pos_app.journal.schema_v4 import TEL_DIGITS_SQL, TEL_LAST4_SQL

OTHER_COMPANY = "기타"
_TOP_CHAR = "\U0010ffff"  # sorts after every character: the upper bound of a prefix range


def _local_midnight(day: date, tz: tzinfo | None = None) -> float:
    if tz is None:
        return datetime.combine(day, time.min).astimezone().timestamp()
    return datetime.combine(day, time.min, tzinfo=tz).timestamp()


def _where(flt: HistoryFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from is not None:
        clauses.append("created_at >= ?")
        params.append(_local_midnight(flt.date_from))
    if flt.date_to is not None:
        clauses.append("created_at < ?")
        params.append(_local_midnight(flt.date_to + timedelta(days=1)))
    if flt.outcomes is not None:
        wanted = sorted(o.value for o in flt.outcomes)
        if not wanted:
            clauses.append("0")
        else:
            clauses.append(f"outcome IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
    if flt.last4:
        clauses.append("card_last4 = ?")
        params.append(digits_of(flt.last4)[-4:])
    if flt.phone:
        digits = digits_of(flt.phone)
        if len(digits) == 4:
            clauses.append(f"{TEL_LAST4_SQL} = ?")
            params.append(digits)
        elif digits:
            # digits only, and ':' follows '9': [digits, digits + ':') is exactly "starts with digits"
            clauses.append(f"{TEL_DIGITS_SQL} >= ? AND {TEL_DIGITS_SQL} < ?")
            params.extend([digits, digits + ":"])
    if flt.buyer:
        clauses.append("buyer_name >= ? AND buyer_name < ?")
        params.extend([flt.buyer, flt.buyer + _TOP_CHAR])
    if flt.merchant_uid:
        clauses.append("merchant_uid = ?")
        params.append(flt.merchant_uid)
    if flt.imp_uid:
        clauses.append("imp_uid = ?")
        params.append(flt.imp_uid)
    if flt.amount is not None:
        clauses.append("amount = ?")
        params.append(flt.amount)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def history(db: Database, flt: HistoryFilter, offset: int = 0, limit: int = 200) -> list[SaleRow]:
    """Newest first."""
    where, params = _where(flt)
    sql = f"{SALE_SELECT}{where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
    return list(map(sale_from_tuple, db.conn.execute(sql, [*params, max(limit, 0), max(offset, 0)])))


def iter_history(db: Database, flt: HistoryFilter, chunk: int = 500) -> Iterator[SaleRow]:
    """Every matching sale, newest first, from one statement (one consistent snapshot under WAL);
    exports use this instead of OFFSET paging, which would rescan the skipped rows for every page."""
    where, params = _where(flt)
    cursor = db.conn.execute(f"{SALE_SELECT}{where} ORDER BY created_at DESC, id DESC", params)
    while batch := cursor.fetchmany(chunk):
        yield from map(sale_from_tuple, batch)


def count_history(db: Database, flt: HistoryFilter) -> int:
    where, params = _where(flt)
    return int(db.execute(f"SELECT count(*) FROM sales{where}", params).fetchone()[0])  # noqa: S608


def _vat_sql(amount: str, tax_free: str) -> str:
    """``domain.money.vat_of`` as SQL: (2 × taxable + 11) // 22, floored like Python's // below zero."""
    n = f"(2 * ({amount} - {tax_free}) + 11)"
    return f"CASE WHEN {n} >= 0 THEN {n} / 22 ELSE -((21 - {n}) / 22) END"


# a company name as the report shows it: PortOne's card name, else the BIN's guess, else "기타"
_COMPANY = "coalesce(nullif(coalesce({p}card_name, {p}card_company, ?1), ''), ?1)"


def day_report(db: Database, day: date, tz: tzinfo) -> DayReport:
    """Summed by SQLite over the day's index entries only (a day is ~1,000 of 1,000,000 sales)."""
    start = _local_midnight(day, tz)
    end = _local_midnight(day + timedelta(days=1), tz)
    totals: dict[str, list[int]] = {}  # company → [paid_count, paid_sum, cancel_count, cancel_sum]
    tax_free_sum = vat_sum = 0
    taken = sorted(o.value for o in MONEY_TAKEN)
    assert len(taken) == 4  # the placeholders below
    # the day's index (paid_at); "+outcome" keeps the planner off the outcome index, which would walk
    # every paid sale of all time
    paid_rows = db.execute(
        f"SELECT {_COMPANY.format(p='')}, count(*), sum(paid_amount), sum(tax_free), "  # noqa: S608
        f"sum({_vat_sql('paid_amount', 'tax_free')}) FROM sales INDEXED BY sales_paid_at "
        "WHERE paid_at >= ?2 AND paid_at < ?3 AND +outcome IN (?4, ?5, ?6, ?7) GROUP BY 1",
        [OTHER_COMPANY, start, end, *taken],
    ).fetchall()
    for company, count, paid, tax_free, vat in paid_rows:
        entry = totals.setdefault(company, [0, 0, 0, 0])
        entry[0] += int(count)
        entry[1] += int(paid)
        tax_free_sum += int(tax_free)
        vat_sum += int(vat)
    cancel_rows = db.execute(
        f"SELECT {_COMPANY.format(p='s.')}, count(*), sum(c.cancelled_amount), "  # noqa: S608
        "sum(coalesce(c.tax_free, 0)), "
        f"sum({_vat_sql('c.cancelled_amount', 'coalesce(c.tax_free, 0)')}) "
        "FROM cancels c JOIN sales s ON s.merchant_uid = c.merchant_uid "
        "WHERE c.cancelled_at >= ?2 AND c.cancelled_at < ?3 AND +c.outcome IN (?4, ?5) GROUP BY 1",
        [OTHER_COMPANY, start, end, Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value],
    ).fetchall()
    for company, count, cancelled, tax_free, vat in cancel_rows:
        entry = totals.setdefault(company, [0, 0, 0, 0])
        entry[2] += int(count)
        entry[3] += int(cancelled)
        tax_free_sum -= int(tax_free)
        vat_sum -= int(vat)
    receipts_count, receipts_sum = db.execute(
        "SELECT count(*), coalesce(sum(amount), 0) FROM receipts "
        "WHERE applied_at >= ? AND applied_at < ? AND +outcome = ?",
        [start, end, Outcome.APPROVED.value],
    ).fetchone()
    by_company = [
        CompanyTotals(name, pc, ps, cc, cs, ps - cs) for name, (pc, ps, cc, cs) in sorted(totals.items())
    ]
    paid_count = sum(c.paid_count for c in by_company)
    paid_sum = sum(c.paid_sum for c in by_company)
    cancel_count = sum(c.cancel_count for c in by_company)
    cancel_sum = sum(c.cancel_sum for c in by_company)
    return DayReport(
        day=day,
        by_company=by_company,
        paid_count=paid_count,
        paid_sum=paid_sum,
        cancel_count=cancel_count,
        cancel_sum=cancel_sum,
        net=paid_sum - cancel_sum,
        tax_free_sum=tax_free_sum,
        vat_sum=vat_sum,
        receipts_count=int(receipts_count),
        receipts_sum=int(receipts_sum),
    )
