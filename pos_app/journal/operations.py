"""Money operations of every kind in one table: written ahead, open until PortOne's record makes them final.

Every call that changes something at PortOne — a sale attempt, a cancel, a card registration or deletion,
a cash receipt's issue or cancel — gets an ``operations`` row in the same transaction as its intent event
and its domain row (``sales``, ``cancels``, ``customers``, ``receipts``). The settlement engine in services
reads the open ones from here after a restart and keeps them until their outcome is final; the window
lists them. The row keeps what the engine needs to measure the not-charged window without the PC clock:
``portone_at`` (PortOne's clock at the write-ahead, estimated from the last token's ``now``), and how the
final state was decided (``decided_by``): a "window" decision — no record for the whole window — is looked
at again for a day, because a late payment found then is real money.

The rows are written by ``projection`` only (the intent and result events carry the facts), so the table
is a projection of the events like the others; this module reads it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.records import OperationKind, OperationRow

OPEN_STATES = (Outcome.PENDING.value, Outcome.UNKNOWN.value)


def next_op_number(conn: sqlite3.Connection, prefix: str) -> int:
    """1 + how many operations already have an id starting with ``prefix`` (deletes, receipt cancels)."""
    row = conn.execute(
        "SELECT count(*) FROM operations WHERE op_id >= ? AND op_id < ?", [prefix, prefix + "\U0010ffff"]
    ).fetchone()
    return int(row[0]) + 1


# Stored compactly (no fact twice): ``ref`` is NULL when it is the op_id itself. A sale attempt's
# operation is not a row here at all: it lives in the attempt's own ``sales`` row (``op_state``,
# ``decided_by``, ``settled_at``, ``op_updated_at``; its label is the buyer and card hint), and the reads
# below take both in one list.
OPERATION_SELECT = (
    "SELECT o.op_id, o.kind, coalesce(o.ref, o.op_id), o.state, o.decided_by, o.amount, "
    "coalesce(o.label, ''), o.created_at, o.updated_at, o.portone_at, o.settled_at, o.message, o.sale_ref, "
    "coalesce(o.counter_id, ''), coalesce(o.operator, ''), coalesce(o.approver, '') FROM operations o"
)
SALE_OPERATION_SELECT = (
    "SELECT s.merchant_uid, 'sale', s.merchant_uid, s.op_state, s.decided_by, s.amount, "
    "trim(coalesce(s.buyer_name, '') || ' ' || coalesce(s.card_hint, '')), s.created_at, s.op_updated_at, "
    "s.portone_at, s.settled_at, s.message, s.merchant_uid, coalesce(s.counter_id, ''), "
    "coalesce(s.operator, ''), '' FROM sales s"
)


def operation_from_tuple(t: tuple[Any, ...]) -> OperationRow:
    return OperationRow(
        t[0],
        t[1],
        t[2],
        Outcome(t[3]),
        t[4],
        int(t[5] or 0),
        t[6],
        float(t[7]),
        float(t[8]),
        t[9],
        t[10],
        t[11],
        t[12],
        t[13],
        t[14],
        t[15],
    )


def operation(db: Database, op_id: str) -> OperationRow | None:
    row = db.conn.execute(OPERATION_SELECT + " WHERE o.op_id = ?", (op_id,)).fetchone()
    if row is None:
        row = db.conn.execute(SALE_OPERATION_SELECT + " WHERE s.merchant_uid = ?", (op_id,)).fetchone()
    return operation_from_tuple(row) if row else None


def open_operations(db: Database) -> list[OperationRow]:
    return [
        operation_from_tuple(r)
        for r in db.conn.execute(
            f"{OPERATION_SELECT} WHERE o.state IN ('pending', 'unknown') UNION ALL "
            f"{SALE_OPERATION_SELECT} WHERE s.op_state IN ('pending', 'unknown') ORDER BY 8, 1"
        )
    ]


def operations_of(db: Database, ref: str) -> list[OperationRow]:
    """Every operation acting on one journal row (a sale, a customer, a receipt), oldest first."""
    return [
        operation_from_tuple(r)
        for r in db.conn.execute(
            f"{OPERATION_SELECT} WHERE o.op_id = ?1 OR o.ref = ?1 OR o.sale_ref = ?1 UNION ALL "
            f"{SALE_OPERATION_SELECT} WHERE s.merchant_uid = ?1 ORDER BY 8, 1",
            (ref,),
        )
    ]


def decided_by_window_since(
    db: Database, since_ts: float, kind: OperationKind | None = None
) -> list[OperationRow]:
    """Operations closed because PortOne had no record for the whole window, settled since ``since_ts``."""
    sql = OPERATION_SELECT + " WHERE o.decided_by = 'window' AND o.settled_at >= ?1"
    if kind is not None:
        sql += " AND o.kind = ?2"
    if kind in (None, "sale"):
        sql += f" UNION ALL {SALE_OPERATION_SELECT} WHERE s.decided_by = 'window' AND s.settled_at >= ?1"
    params: tuple[Any, ...] = (since_ts, kind) if kind is not None else (since_ts,)
    return [operation_from_tuple(r) for r in db.conn.execute(sql + " ORDER BY 11, 1", params)]
