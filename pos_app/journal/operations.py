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
from collections.abc import Mapping
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


def _row(db: Database, op_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM operations WHERE op_id = ?", [op_id]))
    return rows[0] if rows else None


def operation_from_row(row: Mapping[str, Any]) -> OperationRow:
    return OperationRow(
        op_id=row["op_id"],
        kind=row["kind"],
        ref=row["ref"],
        state=Outcome(row["state"]),
        decided_by=row["decided_by"],
        amount=int(row["amount"] or 0),
        label=row["label"] or "",
        created_at=float(row["created_at"]),
        updated_at=float(row["updated_at"]),
        portone_at=row["portone_at"],
        settled_at=row["settled_at"],
        message=row["message"],
        sale_ref=row["sale_ref"],
        counter_id=row["counter_id"] or "",
        operator=row["operator"] or "",
    )


def operation(db: Database, op_id: str) -> OperationRow | None:
    row = _row(db, op_id)
    return operation_from_row(row) if row else None


def open_operations(db: Database) -> list[OperationRow]:
    return [
        operation_from_row(r)
        for r in db.query(
            "SELECT * FROM operations WHERE state IN ('pending', 'unknown') ORDER BY created_at, op_id"
        )
    ]


def operations_of(db: Database, ref: str) -> list[OperationRow]:
    """Every operation acting on one journal row (a sale, a customer, a receipt), oldest first."""
    return [
        operation_from_row(r)
        for r in db.query(
            "SELECT * FROM operations WHERE ref = ? OR sale_ref = ? ORDER BY created_at, op_id", [ref, ref]
        )
    ]


def decided_by_window_since(
    db: Database, since_ts: float, kind: OperationKind | None = None
) -> list[OperationRow]:
    """Operations closed because PortOne had no record for the whole window, settled since ``since_ts``."""
    sql = "SELECT * FROM operations WHERE decided_by = 'window' AND settled_at >= ?"
    params: list[Any] = [since_ts]
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    return [operation_from_row(r) for r in db.query(sql + " ORDER BY settled_at", params)]
