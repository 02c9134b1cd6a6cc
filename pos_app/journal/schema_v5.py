"""Schema step 5: recurring payment plans (정기결제) — the ``plans`` and ``plan_payments`` state tables.

Both are projections of the plan events (``projection_plans``) like every other state table, and carry
the same guard triggers (``schema_v4``: no change unless it comes through this program's connection).
``migrate`` is the whole step: it creates the two tables, their indexes and guards, and touches nothing
else, so it can be renumbered at will; a new journal runs it right after creating format 4.

``plans``: one row per plan, ``id`` = the event that created it (its group). ``plan_payments``: one row
per planned payment (slot ``<plan_id>/<n>``), with the merchant_uid PortOne knows it by, the time it runs
on PortOne's clock, its state and PortOne's last facts about it (see ``plan_records``).
"""

from __future__ import annotations

import sqlite3

from pos_app.journal.schema_v4 import PROJECTING_FUNCTION

PLAN_COLUMNS = (
    "id",
    "plan_id",
    "customer_uid",
    "customer_name",
    "card_hint",
    "card_company",
    "amount",
    "tax_free",
    "order_name",
    "card_quota",
    "product_type",
    "buyer_name",
    "buyer_tel",
    "buyer_email",
    "rule",
    "at_time",
    "horizon",
    "state",
    "reason",
    "created_at",
    "updated_at",
    "ended_at",
    "operator",
    "counter_id",
)
SLOT_COLUMNS = (
    "slot_id",
    "plan_id",
    "seq",
    "merchant_uid",
    "due_date",
    "schedule_at",
    "asked_at",
    "amount",
    "state",
    "imp_uid",
    "executed_at",
    "revoked_at",
    "fail_reason",
    "message",
    "created_at",
    "updated_at",
    "operator",
    "counter_id",
)
TABLES = ("plans", "plan_payments")

DDL = (
    """CREATE TABLE plans (
        id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL UNIQUE, customer_uid TEXT NOT NULL,
        customer_name TEXT, card_hint TEXT, card_company TEXT, amount INTEGER NOT NULL,
        tax_free INTEGER NOT NULL, order_name TEXT, card_quota INTEGER NOT NULL, product_type TEXT NOT NULL,
        buyer_name TEXT, buyer_tel TEXT, buyer_email TEXT, rule TEXT NOT NULL, at_time TEXT NOT NULL,
        horizon INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, created_at REAL NOT NULL,
        updated_at REAL NOT NULL, ended_at REAL, operator TEXT, counter_id TEXT)""",
    "CREATE INDEX plans_customer_uid ON plans (customer_uid)",
    "CREATE INDEX plans_live ON plans (state) WHERE state != 'ended'",
    """CREATE TABLE plan_payments (
        slot_id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, seq INTEGER NOT NULL, merchant_uid TEXT,
        due_date TEXT NOT NULL, schedule_at INTEGER NOT NULL, asked_at INTEGER, amount INTEGER NOT NULL,
        state TEXT NOT NULL, imp_uid TEXT, executed_at INTEGER, revoked_at INTEGER, fail_reason TEXT,
        message TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL, operator TEXT, counter_id TEXT)
        WITHOUT ROWID""",
    "CREATE UNIQUE INDEX plan_payments_seq ON plan_payments (plan_id, seq)",
    "CREATE UNIQUE INDEX plan_payments_merchant_uid ON plan_payments (merchant_uid) "
    "WHERE merchant_uid IS NOT NULL",
    "CREATE INDEX plan_payments_schedule_at ON plan_payments (schedule_at)",
)


def guard_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER {table}_guard_{action.lower()} BEFORE {action} ON {table} "
        f"WHEN {PROJECTING_FUNCTION}() IS NOT 1 "
        "BEGIN SELECT RAISE(ABORT, 'the state tables are written by the journal only'); END"
        for table in TABLES
        for action in ("INSERT", "UPDATE", "DELETE")
    ]


def migrate(conn: sqlite3.Connection) -> None:
    """Create the plan tables (inside the caller's transaction). The whole of schema step 5."""
    for statement in (*DDL, *guard_triggers()):
        conn.execute(statement)
