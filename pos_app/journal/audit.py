"""The audit: who did what and when, in one list — and the Z report's money split by cashier.

One ``AuditRow`` per action, newest first, from the rows that already name their operator: each sale
attempt (``charge`` / ``charge_again``, from ``sales``), each refund asked for at this counter (``refund``,
with its approver) or found in PortOne's record (``refund_elsewhere``), each card registration and
deletion and cash receipt issue and cancel (from ``operations``), and every audit event of schema 6
(sign-in and out, wrong PIN, lockout, approval, people, role table, settings, Z report; ``audit``).
The time is when the action was asked for (a refund made elsewhere: when PortOne says it happened).
Filters: the shop's calendar days, one person (as operator, approver or the person an event is about)
and a set of kinds. One ``UNION ALL`` statement picks a page (the date filter goes into every arm, on
their time indexes), as the combined history does (``activity``).

``day_by_cashier`` sums the Z report's own rows (the same days, outcomes and columns as
``history.day_report``) by who took the money and who gave it back, so the split adds up to the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.history import _local_midnight
from pos_app.journal.records import MONEY_TAKEN

# the audit's kinds, in the order a filter offers them
MONEY_KINDS = (
    "charge",
    "charge_again",
    "refund",
    "refund_elsewhere",
    "register_card",
    "delete_card",
    "issue_receipt",
    "cancel_receipt",
)
EVENT_KINDS = {
    "US": "sign_in",
    "UO": "sign_out",
    "UF": "pin_failed",
    "UL": "locked_out",
    "UV": "approved",
    "UA": "person_added",
    "UE": "person_changed",
    "UP": "pin_set",
    "AR": "rules_changed",
    "AS": "settings_changed",
    "DZ": "day_report",
}
AUDIT_KINDS: tuple[str, ...] = (*MONEY_KINDS, *EVENT_KINDS.values())


@dataclass(frozen=True)
class AuditFilter:
    """``date_from``/``date_to``: the shop's calendar days, inclusive (``tz``: the shop's zone, None = the
    computer's); ``person``: one name, as operator, approver or the person an event is about;
    ``kinds``: None = every kind."""

    date_from: date | None = None
    date_to: date | None = None
    person: str | None = None
    kinds: frozenset[str] | None = None
    tz: tzinfo | None = None


@dataclass(frozen=True)
class AuditRow:
    kind: str  # one of AUDIT_KINDS (another program's operation kind passes through as it is)
    key: str  # the row's own id: merchant_uid, cancel_id, op_id, or the event id
    at: float
    operator: str  # who did it
    approver: str  # who approved it on the spot ("" when nobody had to)
    person: str  # whom an audit event is about (sign-in, wrong PIN, role change …)
    counter_id: str
    amount: int
    outcome: str  # the operation's state ("approved", "cancelled", "unknown" …); "" for audit events
    ref: str  # what it acted on: the sale's merchant_uid, the customer, the receipt
    detail: str  # buyer and card hint, the reason, or the audit event's details (JSON)


@dataclass(frozen=True)
class CashierTotals:
    """One person's share of a day: card money taken, card money given back, cash receipts."""

    operator: str
    paid_count: int
    paid_sum: int
    cancel_count: int
    cancel_sum: int
    receipts_count: int
    receipts_sum: int
    elsewhere: bool = False  # refunds made elsewhere (PortOne's console, another counter), not a person

    @property
    def net(self) -> int:
        return self.paid_sum - self.cancel_sum


_COLUMNS = "kind, key, at, operator, approver, person, counter_id, amount, outcome, ref, detail, seq"
_OPERATION_KINDS = (
    "CASE o.kind WHEN 'billing_key_issue' THEN 'register_card' WHEN 'billing_key_delete' THEN 'delete_card' "
    "WHEN 'receipt_issue' THEN 'issue_receipt' WHEN 'receipt_cancel' THEN 'cancel_receipt' ELSE o.kind END"
)
_EVENT_KIND = "CASE a.kind " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in EVENT_KINDS.items()) + " END"


def _dates(column: str, flt: AuditFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from is not None:
        clauses.append(f"{column} >= ?")
        params.append(_local_midnight(flt.date_from, flt.tz))
    if flt.date_to is not None:
        clauses.append(f"{column} < ?")
        params.append(_local_midnight(flt.date_to + timedelta(days=1), flt.tz))
    return (" AND ".join(clauses) or "1"), params


def _union(flt: AuditFilter) -> tuple[str, list[Any]]:
    arms: list[str] = []
    params: list[Any] = []

    def arm(sql: str, time_column: str) -> None:
        where, values = _dates(time_column, flt)
        arms.append(sql.replace("{dates}", where))
        params.extend(values)

    arm(
        "SELECT CASE s.kind WHEN 'billing' THEN 'charge_again' ELSE 'charge' END AS kind, "
        "s.merchant_uid AS key, s.created_at AS at, coalesce(s.operator, '') AS operator, '' AS approver, "
        "'' AS person, coalesce(s.counter_id, '') AS counter_id, "
        "CASE WHEN s.paid_amount > 0 THEN s.paid_amount ELSE s.amount END AS amount, s.outcome AS outcome, "
        "s.merchant_uid AS ref, "
        "trim(coalesce(s.buyer_name, '') || ' ' || coalesce(s.card_hint, '')) AS detail, "
        "s.id AS seq FROM sales s WHERE {dates}",
        "s.created_at",
    )
    arm(
        "SELECT CASE c.origin WHEN 'portone' THEN 'refund_elsewhere' ELSE 'refund' END, c.cancel_id, "
        "CASE c.origin WHEN 'portone' THEN coalesce(c.cancelled_at, c.created_at) ELSE c.created_at END, "
        "CASE c.origin WHEN 'portone' THEN '' ELSE coalesce(c.operator, '') END, "
        "coalesce(c.approver, ''), '', "
        "coalesce(c.counter_id, ''), coalesce(nullif(c.cancelled_amount, 0), c.amount), c.outcome, "
        "c.merchant_uid, coalesce(c.reason, ''), c.seq FROM cancels c WHERE {dates}",
        "CASE c.origin WHEN 'portone' THEN coalesce(c.cancelled_at, c.created_at) ELSE c.created_at END",
    )
    arm(
        f"SELECT {_OPERATION_KINDS}, o.op_id, o.created_at, coalesce(o.operator, ''), "  # noqa: S608
        "coalesce(o.approver, ''), '', coalesce(o.counter_id, ''), o.amount, o.state, "
        "coalesce(o.ref, o.op_id), coalesce(o.label, ''), 0 FROM operations o "
        "WHERE o.kind NOT IN ('sale', 'cancel') AND {dates}",
        "o.created_at",
    )
    arm(
        f"SELECT {_EVENT_KIND}, CAST(a.id AS TEXT), a.ts, coalesce(a.operator, ''), "  # noqa: S608
        "coalesce(a.approver, ''), "
        "coalesce(a.person, ''), coalesce(a.counter_id, ''), 0, '', '', coalesce(a.detail, ''), a.id "
        "FROM audit a WHERE {dates}",
        "a.ts",
    )
    union = " UNION ALL ".join(arms)
    clauses: list[str] = []
    if flt.person:
        clauses.append("(operator = ? OR approver = ? OR person = ?)")
        params += [flt.person] * 3
    if flt.kinds is not None:
        kinds = sorted(flt.kinds)
        clauses.append(f"kind IN ({', '.join('?' * len(kinds))})" if kinds else "0")
        params += kinds
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"SELECT {_COLUMNS} FROM ({union}){where}", params  # noqa: S608 - the SQL is ours


def _row(t: tuple[Any, ...]) -> AuditRow:
    return AuditRow(
        str(t[0]),
        str(t[1]),
        float(t[2]),
        str(t[3]),
        str(t[4]),
        str(t[5]),
        str(t[6]),
        int(t[7] or 0),
        str(t[8] or ""),
        str(t[9] or ""),
        str(t[10] or ""),
    )


def audit(db: Database, flt: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
    """One page, newest first (ties in a stable order)."""
    sql, params = _union(flt)
    rows = db.conn.execute(
        f"{sql} ORDER BY at DESC, seq DESC, key DESC LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return [_row(t) for t in rows]


def iter_audit(db: Database, flt: AuditFilter, chunk: int = 500) -> Iterator[AuditRow]:
    sql, params = _union(flt)
    cursor = db.conn.execute(f"{sql} ORDER BY at DESC, seq DESC, key DESC", params)
    while batch := cursor.fetchmany(chunk):
        yield from (_row(t) for t in batch)


def count_audit(db: Database, flt: AuditFilter) -> int:
    sql, params = _union(flt)
    return int(db.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])  # noqa: S608


# ----------------------------------------------------------------------------------- Z report split
def day_by_cashier(db: Database, day: date, tz: tzinfo) -> list[CashierTotals]:
    """The day's card money and cash receipts by person, in name order (refunds made elsewhere last)."""
    start, end = _local_midnight(day, tz), _local_midnight(day + timedelta(days=1), tz)
    taken = sorted(o.value for o in MONEY_TAKEN)
    totals: dict[tuple[str, bool], list[int]] = {}

    def add(key: tuple[str, bool], index: int, count: int, amount: int) -> None:
        entry = totals.setdefault(key, [0, 0, 0, 0, 0, 0])
        entry[index] += int(count)
        entry[index + 1] += int(amount or 0)

    # the Z report's own conditions (history.day_report), grouped by who
    for operator, count, paid in db.conn.execute(
        "SELECT coalesce(operator, ''), count(*), sum(paid_amount) FROM sales INDEXED BY sales_paid_at "  # noqa: S608
        f"WHERE paid_at >= ? AND paid_at < ? AND +outcome IN ({', '.join('?' * len(taken))}) GROUP BY 1",
        [start, end, *taken],
    ):
        add((str(operator), False), 0, count, paid)
    for operator, elsewhere, count, cancelled in db.conn.execute(
        "SELECT CASE c.origin WHEN 'portone' THEN '' ELSE coalesce(c.operator, '') END, "
        "c.origin = 'portone', "
        "count(*), sum(c.cancelled_amount) FROM cancels c JOIN sales s ON s.merchant_uid = c.merchant_uid "
        "WHERE c.cancelled_at >= ? AND c.cancelled_at < ? AND +c.outcome IN (?, ?) GROUP BY 1, 2",
        [start, end, Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value],
    ):
        add((str(operator), bool(elsewhere)), 2, count, cancelled)
    for operator, count, amount in db.conn.execute(
        "SELECT coalesce(operator, ''), count(*), coalesce(sum(amount), 0) FROM receipts "
        "WHERE applied_at >= ? AND applied_at < ? AND +outcome = ? GROUP BY 1",
        [start, end, Outcome.APPROVED.value],
    ):
        add((str(operator), False), 4, count, amount)
    ordered = sorted(totals.items(), key=lambda item: (item[0][1], item[0][0]))
    return [
        CashierTotals(name, v[0], v[1], v[2], v[3], v[4], v[5], elsewhere) for (name, elsewhere), v in ordered
    ]
