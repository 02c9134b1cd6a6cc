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


# Stored compactly (no fact twice): ``ref`` is NULL when it is the op_id itself, ``sale_ref`` NULL for a
# sale attempt (it is the op_id), and a sale attempt's label is its sale's buyer and card hint.
OPERATION_SELECT = (
    "SELECT o.op_id, o.kind, coalesce(o.ref, o.op_id), o.state, o.decided_by, o.amount, "
    "coalesce(o.label, (SELECT trim(coalesce(s.buyer_name, '') || ' ' || coalesce(s.card_hint, '')) "
    "FROM sales s WHERE s.merchant_uid = o.op_id), ''), o.created_at, o.updated_at, o.portone_at, "
    "o.settled_at, o.message, CASE WHEN o.kind = 'sale' THEN o.op_id ELSE o.sale_ref END, "
    "coalesce(o.counter_id, ''), coalesce(o.operator, '') FROM operations o"
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
    )


def operation(db: Database, op_id: str) -> OperationRow | None:
    row = db.conn.execute(OPERATION_SELECT + " WHERE o.op_id = ?", (op_id,)).fetchone()
    return operation_from_tuple(row) if row else None


def open_operations(db: Database) -> list[OperationRow]:
    return [
        operation_from_tuple(r)
        for r in db.conn.execute(
            OPERATION_SELECT + " WHERE o.state IN ('pending', 'unknown') ORDER BY o.created_at, o.op_id"
        )
    ]


def operations_of(db: Database, ref: str) -> list[OperationRow]:
    """Every operation acting on one journal row (a sale, a customer, a receipt), oldest first."""
    return [
        operation_from_tuple(r)
        for r in db.conn.execute(
            OPERATION_SELECT
            + " WHERE o.op_id = ?1 OR o.ref = ?1 OR o.sale_ref = ?1 ORDER BY o.created_at, o.op_id",
            (ref,),
        )
    ]


def decided_by_window_since(
    db: Database, since_ts: float, kind: OperationKind | None = None
) -> list[OperationRow]:
    """Operations closed because PortOne had no record for the whole window, settled since ``since_ts``."""
    sql = OPERATION_SELECT + " WHERE o.decided_by = 'window' AND o.settled_at >= ?"
    params: list[Any] = [since_ts]
    if kind is not None:
        sql += " AND o.kind = ?"
        params.append(kind)
    return [operation_from_tuple(r) for r in db.conn.execute(sql + " ORDER BY o.settled_at", params)]
