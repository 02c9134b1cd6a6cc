"""The journal's schema and its upgrades: one function per version step, version kept in user_version.

v1  the base: append-only ``events`` (triggers refuse UPDATE and DELETE) and the current-state tables
    ``sales``, ``cancels`` (foreign key to sales), ``customers``, ``receipts``.
v2  what the history screen needs on a million rows: derived search columns (card last 4, buyer phone
    digits and their last 4, customer phone digits), filled for existing rows, and the indexes for date
    range, outcome, last 4, phone, buyer name, merchant_uid (primary key), imp_uid and amount.

v3  every money operation of every kind in ``operations`` (for the settlement engine: open ones after a
    restart, PortOne's clock at the write-ahead, how the final state was decided), filled from the
    existing rows; cancels learn where they came from (``origin``: this counter or PortOne's record of a
    refund made elsewhere) and which PortOne cancel they stand for; customers the time PortOne said the
    key is gone; receipts which earlier receipt they re-issue; PortOne's clock on every intent row.

v4  the sealed projection (``schema_v4``): compact events sealed with a per-shop key, state tables that
    are the events' projection and refuse edits from outside the program; a file of format 1–3 is
    converted (``upgrade_v4``). A new journal is created at format 4 directly.

v5  recurring payment plans (``schema_v5``): the ``plans`` and ``plan_payments`` state tables.

v6  people (``schema_v6``): who signs in and with which role, the audit of what is not a money call, the
    role table, and the approver of a refund, receipt cancel or card deletion.

Steps after 4 are *layout* steps (``LAYOUT_STEPS``), each safe to run twice: a new journal and one
converted from format 1–3 are built at format 4 and taken through every later step before the first
event is projected into them (the projection always writes the current layout); the converted file then
passes the same steps again as ordinary upgrades, which find nothing missing.

``upgrade`` runs each missing step in its own transaction together with the new user_version, so a
crash leaves the file at a whole version. A file made by a newer program is never touched.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from pos_app.domain import crashpoints

SCHEMA_VERSION = 6

_TEXT, _INT, _REAL = str, int, float


def digits_of(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def last4_of(masked: str | None) -> str | None:
    """Last four digits of a masked card number or hint ("4111-11**-****-1111" → "1111")."""
    digits = digits_of(masked)
    return digits[-4:] if len(digits) >= 4 else None


def _v1_base(db: Database) -> None:
    # AUTOINCREMENT so ids are never reused: the chain verifier compares the last id with the
    # high-water mark in sqlite_sequence to notice rows cut off the end.
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            ts REAL NOT NULL,
            kind TEXT NOT NULL,
            ref TEXT NOT NULL,
            payload TEXT NOT NULL,
            operator TEXT NOT NULL,
            counter_id TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        )"""
    )
    db.execute(
        "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    db.table("events").create_index(["ref"])
    who = {"operator": _TEXT, "counter_id": _TEXT}
    db.table("sales").create(
        {
            "merchant_uid": _TEXT,
            "sale_id": _TEXT,
            "kind": _TEXT,
            "created_at": _REAL,
            "updated_at": _REAL,
            "amount": _INT,
            "tax_free": _INT,
            "order_name": _TEXT,
            "card_hint": _TEXT,
            "card_company": _TEXT,
            "buyer_name": _TEXT,
            "buyer_tel": _TEXT,
            "buyer_email": _TEXT,
            "customer_uid": _TEXT,
            "card_quota": _INT,
            "product_type": _TEXT,
            "outcome": _TEXT,
            "message": _TEXT,
            "imp_uid": _TEXT,
            "apply_num": _TEXT,
            "card_name": _TEXT,
            "card_code": _TEXT,
            "card_number": _TEXT,
            "pg_tid": _TEXT,
            "paid_amount": _INT,
            "cancel_amount": _INT,
            "paid_at": _REAL,
            "cancelled_at": _REAL,
            "receipt_url": _TEXT,
            "partial_cancel_count": _INT,
            **who,
        },
        pk="merchant_uid",
        not_null=[
            "sale_id",
            "kind",
            "created_at",
            "updated_at",
            "amount",
            "tax_free",
            "outcome",
            "paid_amount",
            "cancel_amount",
            "partial_cancel_count",
        ],
        defaults={"paid_amount": 0, "cancel_amount": 0, "partial_cancel_count": 0},
    )
    db.table("sales").create_index(["sale_id"])
    db.table("cancels").create(
        {
            "cancel_id": _TEXT,
            "merchant_uid": _TEXT,
            "imp_uid": _TEXT,
            "amount": _INT,
            "tax_free": _INT,
            "checksum": _INT,
            "reason": _TEXT,
            "outcome": _TEXT,
            "message": _TEXT,
            "created_at": _REAL,
            "updated_at": _REAL,
            "cancelled_at": _REAL,
            "cancelled_amount": _INT,
            **who,
        },
        pk="cancel_id",
        foreign_keys=[("merchant_uid", "sales", "merchant_uid")],
        not_null=["merchant_uid", "amount", "outcome", "created_at", "cancelled_amount"],
        defaults={"cancelled_amount": 0},
    )
    db.table("cancels").create_index(["merchant_uid"])
    db.table("customers").create(
        {
            "customer_uid": _TEXT,
            "customer_name": _TEXT,
            "customer_tel": _TEXT,
            "customer_email": _TEXT,
            "card_hint": _TEXT,
            "card_company": _TEXT,
            "card_name": _TEXT,
            "card_code": _TEXT,
            "card_number": _TEXT,
            "pg_provider": _TEXT,
            "pg_id": _TEXT,
            "consent_text": _TEXT,
            "consent_at": _REAL,
            "outcome": _TEXT,
            "message": _TEXT,
            "created_at": _REAL,
            "updated_at": _REAL,
            "registered_at": _REAL,
            "last_used_at": _REAL,
            "deleted_at": _REAL,
            "delete_reason": _TEXT,
            **who,
        },
        pk="customer_uid",
        not_null=["outcome", "created_at", "consent_text", "consent_at"],
    )
    db.table("receipts").create(
        {
            "receipt_id": _TEXT,
            "kind": _TEXT,
            "merchant_uid": _TEXT,
            "imp_uid": _TEXT,
            "order_name": _TEXT,
            "amount": _INT,
            "tax_free": _INT,
            "identifier_hint": _TEXT,
            "identifier_type": _TEXT,
            "receipt_type": _TEXT,
            "product_type": _TEXT,
            "buyer_name": _TEXT,
            "outcome": _TEXT,
            "message": _TEXT,
            "apply_num": _TEXT,
            "receipt_tid": _TEXT,
            "vat": _INT,
            "receipt_url": _TEXT,
            "applied_at": _REAL,
            "created_at": _REAL,
            "updated_at": _REAL,
            "cancelled_at": _REAL,
            **who,
        },
        pk="receipt_id",
        not_null=["kind", "amount", "outcome", "created_at"],
    )


def _v2_history_indexes(db: Database) -> None:
    sales = db.table("sales")
    sales.add_column("card_last4", _TEXT)
    sales.add_column("buyer_tel_digits", _TEXT)
    sales.add_column("buyer_tel_last4", _TEXT)  # cashiers often know only the end of a number
    db.table("customers").add_column("customer_tel_digits", _TEXT)
    # Derived columns are filled here in Python (SQLite has no regex replace); the journal keeps them
    # up to date on every write from v2 on.
    rows = db.execute("SELECT merchant_uid, card_number, card_hint, buyer_tel FROM sales").fetchall()
    db.conn.executemany(
        "UPDATE sales SET card_last4 = ?, buyer_tel_digits = ?, buyer_tel_last4 = ? WHERE merchant_uid = ?",
        [(last4_of(number or hint), digits_of(tel), last4_of(tel), uid) for uid, number, hint, tel in rows],
    )
    rows = db.execute("SELECT customer_uid, customer_tel FROM customers").fetchall()
    db.conn.executemany(
        "UPDATE customers SET customer_tel_digits = ? WHERE customer_uid = ?",
        [(digits_of(tel), uid) for uid, tel in rows],
    )
    # Each filter index ends in created_at so a filtered page comes out in order without a sort.
    for columns in (
        ["created_at"],
        ["outcome", "created_at"],
        ["card_last4", "created_at"],
        ["buyer_tel_digits", "created_at"],
        ["buyer_tel_last4", "created_at"],
        ["buyer_name", "created_at"],
        ["amount", "created_at"],
        ["imp_uid"],
        ["paid_at"],
        ["customer_uid"],
    ):
        sales.create_index(columns)
    db.table("cancels").create_index(["cancelled_at"])
    db.table("cancels").create_index(["outcome"])
    db.table("customers").create_index(["customer_tel_digits"])
    db.table("customers").create_index(["outcome"])
    for columns in (["merchant_uid"], ["imp_uid"], ["applied_at"], ["outcome"]):
        db.table("receipts").create_index(columns)


def _v3_operations(db: Database) -> None:
    db.table("operations").create(
        {
            "op_id": _TEXT,
            "kind": _TEXT,
            "ref": _TEXT,
            "sale_ref": _TEXT,
            "state": _TEXT,
            "decided_by": _TEXT,
            "amount": _INT,
            "label": _TEXT,
            "created_at": _REAL,
            "updated_at": _REAL,
            "portone_at": _REAL,
            "settled_at": _REAL,
            "message": _TEXT,
            "operator": _TEXT,
            "counter_id": _TEXT,
        },
        pk="op_id",
        not_null=["kind", "ref", "state", "amount", "created_at", "updated_at"],
        defaults={"amount": 0},
    )
    operations = db.table("operations")
    operations.create_index(["state"])
    operations.create_index(["ref"])
    operations.create_index(["sale_ref"])
    operations.create_index(["decided_by", "settled_at"])
    db.table("sales").add_column("portone_at", _REAL)
    cancels = db.table("cancels")
    cancels.add_column("portone_at", _REAL)
    cancels.add_column("origin", _TEXT, not_null_default="counter")
    cancels.add_column("portone_id", _TEXT)
    cancels.add_column("tax_free_estimated", _INT, not_null_default=0)
    cancels.create_index(["portone_id"])
    customers = db.table("customers")
    customers.add_column("portone_at", _REAL)
    customers.add_column("gone_at", _REAL)
    receipts = db.table("receipts")
    receipts.add_column("portone_at", _REAL)
    receipts.add_column("replaces", _TEXT)
    # Existing rows become operations with the state they have; finals are "reply" (how they were
    # decided is not known; "window" would make them look fresh for the late-payment re-check).
    db.execute(
        "INSERT INTO operations (op_id, kind, ref, sale_ref, state, decided_by, amount, label, created_at, "
        "updated_at, settled_at, message, operator, counter_id) "
        "SELECT merchant_uid, 'sale', merchant_uid, merchant_uid, outcome, "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE 'reply' END, amount, "
        "coalesce(buyer_name, '') || ' ' || coalesce(card_hint, ''), created_at, updated_at, "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE updated_at END, message, operator, "
        "counter_id FROM sales"
    )
    db.execute(
        "INSERT INTO operations (op_id, kind, ref, sale_ref, state, decided_by, amount, label, created_at, "
        "updated_at, settled_at, message, operator, counter_id) "
        "SELECT cancel_id, 'cancel', cancel_id, merchant_uid, outcome, "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE 'reply' END, amount, "
        "coalesce(reason, ''), "
        "created_at, coalesce(updated_at, created_at), "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE coalesce(updated_at, created_at) END, "
        "message, operator, counter_id FROM cancels"
    )
    db.execute(
        "INSERT INTO operations (op_id, kind, ref, sale_ref, state, decided_by, amount, label, created_at, "
        "updated_at, settled_at, message, operator, counter_id) "
        "SELECT customer_uid, 'billing_key_issue', customer_uid, NULL, outcome, "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE 'reply' END, 0, "
        "coalesce(customer_name, '') || ' ' || coalesce(card_hint, ''), created_at, "
        "coalesce(updated_at, created_at), "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE coalesce(updated_at, created_at) END, "
        "message, operator, counter_id FROM customers"
    )
    db.execute(
        "INSERT INTO operations (op_id, kind, ref, sale_ref, state, decided_by, amount, label, created_at, "
        "updated_at, settled_at, message, operator, counter_id) "
        "SELECT receipt_id, 'receipt_issue', receipt_id, merchant_uid, "
        "CASE WHEN outcome = 'cancelled' THEN 'approved' ELSE outcome END, "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE 'reply' END, amount, "
        "coalesce(buyer_name, '') || ' ' || coalesce(identifier_hint, ''), created_at, "
        "coalesce(updated_at, created_at), "
        "CASE WHEN outcome IN ('pending', 'unknown') THEN NULL ELSE coalesce(updated_at, created_at) END, "
        "message, operator, counter_id FROM receipts"
    )


def _v4_sealed(db: Database) -> None:
    raise RuntimeError("format 4 is made by upgrade(), which has the sealing key")  # pragma: no cover


def _v5_plans(db: Database) -> None:
    from pos_app.journal import schema_v5

    if "plans" in db.table_names():
        return  # a file converted from format 1–3 was built at the current layout (module docstring)
    schema_v5.migrate(db.conn)


def _v6_people(db: Database) -> None:
    from pos_app.journal import schema_v6

    schema_v6.add_people(db.conn)


MIGRATIONS: dict[int, Callable[[Database], None]] = {
    1: _v1_base,
    2: _v2_history_indexes,
    3: _v3_operations,
    4: _v4_sealed,
    5: _v5_plans,
    6: _v6_people,
}
LAYOUT_STEPS = (5, 6)  # the steps after format 4, in order (see the module docstring)


def create_layout(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """The layout of ``target`` (the current one unless told) from nothing, inside the caller's
    transaction: format 4, then every later step up to ``target``."""
    from pos_app.journal import schema_v4

    schema_v4.create(conn)
    db = Database(conn, execute_plugins=False)
    for version in LAYOUT_STEPS:
        if version <= target:
            MIGRATIONS[version](db)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def upgrade(
    db: Database,
    target: int = SCHEMA_VERSION,
    *,
    sealer: Any = None,
    now: float | None = None,
    who: tuple[str, str] = ("", ""),
) -> list[int]:
    """Apply every missing step up to ``target``; returns the versions applied. Format 4 needs
    ``sealer`` (an ``events.Sealer``; a throw-away key when None, for tools and tests)."""
    from pos_app.journal import schema_v4, upgrade_v4
    from pos_app.journal.events import Sealer, write_transaction
    from pos_app.journal.keys import key_bytes, new_key

    if target >= 4 and sealer is None:
        kid, secret = new_key()
        sealer = Sealer(kid, key_bytes(secret))
    now = time.time() if now is None else now
    schema_v4.register_functions(db.conn)
    applied: list[int] = []
    start = user_version(db.conn)
    if start == 0 and target >= 4:
        with write_transaction(db.conn, now, *who, sealer) as tx:
            create_layout(db.conn, target)
            tx.append("G", None, {"kid": sealer.kid, "v": 4})
            db.conn.execute(f"PRAGMA user_version = {int(target)}")
        return [target]
    for version in range(start + 1, target + 1):
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            if version == 4:
                upgrade_v4.convert(db.conn, version - 1, sealer, now)
            else:
                MIGRATIONS[version](db)
            db.conn.execute(f"PRAGMA user_version = {int(version)}")
            crashpoints.reached("upgrade.converted")
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
