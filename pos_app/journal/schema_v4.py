"""Schema 4, the sealed projection: compact keyed events, the state tables they project to, the guards.

``events(id, ts, k, g, b, m)`` is the whole truth (see ``codec`` and ``chain``); ``sales``, ``cancels``,
``customers``, ``receipts``, ``operations`` and ``meta`` are what ``projection`` makes of it, and
``checks`` remembers how far the start-up check got (not a projection; sealed with the key itself).

Guards against a casual edit in the sqlite3 shell: events refuse UPDATE and DELETE outright; the state
tables refuse every change unless it comes through a connection of this program, which registers the
SQL function ``journal_projecting()`` (the shell has no such function, so its INSERT, UPDATE or DELETE
fails). Dropping the triggers is possible, and is what verify's replay is for.

Indexes (each measured, see the README): history filters end in ``created_at`` so a filtered page comes
out in order; the Z report has its own index on the day (``paid_at``, ``cancelled_at``,
``applied_at``); open rows are found through small partial indexes; no index on the MAC or on the
previous MAC (there is no such column: the link is inside the MAC).
"""

from __future__ import annotations

import sqlite3

PROJECTING_FUNCTION = "journal_projecting"
# a phone's digits (phones are kept as typed: digits, dashes, maybe spaces) and their last four, as SQL;
# the history filters use these very expressions, so SQLite uses the indexes on them
TEL_DIGITS_SQL = "replace(replace(buyer_tel, '-', ''), ' ', '')"
TEL_LAST4_SQL = f"substr({TEL_DIGITS_SQL}, -4)"
STATE_TABLES = ("sales", "cancels", "customers", "receipts", "operations", "meta", "checks")

DDL = (
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, k TEXT NOT NULL, g INTEGER, b TEXT NOT NULL,
        m BLOB NOT NULL)""",
    "CREATE INDEX events_g ON events (g) WHERE g IS NOT NULL",
    "CREATE INDEX events_who ON events (id) WHERE k = 'W'",
    "CREATE INDEX events_keys ON events (id) WHERE k IN ('G', 'K', 'X')",
    "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID",
    "CREATE TABLE checks (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID",
    """CREATE TABLE sales (
        id INTEGER PRIMARY KEY, merchant_uid TEXT NOT NULL UNIQUE, sale_id TEXT, kind TEXT NOT NULL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL, amount INTEGER NOT NULL,
        tax_free INTEGER NOT NULL,
        order_name TEXT, card_hint TEXT, card_company TEXT, buyer_name TEXT, buyer_tel TEXT, buyer_email TEXT,
        customer_uid TEXT, card_quota INTEGER, product_type TEXT, outcome TEXT NOT NULL, message TEXT,
        imp_uid TEXT, apply_num TEXT, card_name TEXT, card_code TEXT, card_number TEXT, pg_tid TEXT,
        paid_amount INTEGER NOT NULL, cancel_amount INTEGER NOT NULL, paid_at REAL, cancelled_at REAL,
        receipt_url TEXT, partial_cancel_count INTEGER NOT NULL, operator TEXT, counter_id TEXT,
        card_last4 TEXT, portone_at REAL, op_state TEXT NOT NULL, decided_by TEXT, settled_at REAL,
        op_updated_at REAL NOT NULL)""",
    "CREATE INDEX sales_sale_id ON sales (sale_id) WHERE sale_id IS NOT NULL",
    "CREATE INDEX sales_created_at ON sales (created_at)",
    "CREATE INDEX sales_outcome ON sales (outcome, created_at)",
    # selective filters (a handful of rows each): sorted after the lookup, no created_at in the key;
    # the phone is indexed by expression (its digits; its last four), not kept twice in the row
    "CREATE INDEX sales_card_last4 ON sales (card_last4)",
    f"CREATE INDEX sales_tel_digits ON sales ({TEL_DIGITS_SQL})",
    f"CREATE INDEX sales_tel_last4 ON sales ({TEL_LAST4_SQL})",
    "CREATE INDEX sales_buyer_name ON sales (buyer_name, created_at)",
    "CREATE INDEX sales_amount ON sales (amount, created_at)",
    "CREATE INDEX sales_imp_uid ON sales (imp_uid) WHERE imp_uid IS NOT NULL",
    "CREATE INDEX sales_paid_at ON sales (paid_at) WHERE paid_at IS NOT NULL",
    "CREATE INDEX sales_customer_uid ON sales (customer_uid) WHERE customer_uid IS NOT NULL",
    # a sale attempt's operation lives in its row: the open ones and the window-decided ones, as in operations
    "CREATE INDEX sales_open_operations ON sales (op_state) WHERE op_state IN ('pending', 'unknown')",
    "CREATE INDEX sales_window ON sales (settled_at) WHERE decided_by = 'window'",
    """CREATE TABLE cancels (
        cancel_id TEXT NOT NULL UNIQUE, merchant_uid TEXT NOT NULL REFERENCES sales (merchant_uid),
        imp_uid TEXT, amount INTEGER NOT NULL, tax_free INTEGER, checksum INTEGER, reason TEXT,
        outcome TEXT NOT NULL, message TEXT, created_at REAL NOT NULL, updated_at REAL,
        cancelled_at REAL, cancelled_amount INTEGER, operator TEXT, counter_id TEXT, portone_at REAL,
        origin TEXT NOT NULL, portone_id TEXT, tax_free_estimated INTEGER NOT NULL, seq INTEGER NOT NULL)""",
    "CREATE INDEX cancels_merchant_uid ON cancels (merchant_uid)",
    "CREATE INDEX cancels_cancelled_at ON cancels (cancelled_at) WHERE cancelled_at IS NOT NULL",
    "CREATE INDEX cancels_open ON cancels (outcome) WHERE outcome IN ('pending', 'unknown')",
    """CREATE TABLE customers (
        id INTEGER PRIMARY KEY, customer_uid TEXT NOT NULL UNIQUE, customer_name TEXT, customer_tel TEXT,
        customer_email TEXT, card_hint TEXT, card_company TEXT, consent_text TEXT NOT NULL,
        consent_at REAL NOT NULL, card_name TEXT, card_code TEXT, card_number TEXT, pg_provider TEXT,
        pg_id TEXT, outcome TEXT NOT NULL, message TEXT, created_at REAL NOT NULL, updated_at REAL,
        registered_at REAL, deleted_at REAL, delete_reason TEXT, operator TEXT, counter_id TEXT,
        customer_tel_digits TEXT, portone_at REAL, gone_at REAL)""",
    "CREATE INDEX customers_tel_digits ON customers (customer_tel_digits)",
    "CREATE INDEX customers_outcome ON customers (outcome)",
    """CREATE TABLE receipts (
        id INTEGER PRIMARY KEY, receipt_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, merchant_uid TEXT,
        imp_uid TEXT, order_name TEXT, amount INTEGER NOT NULL, tax_free INTEGER, identifier_hint TEXT,
        identifier_type TEXT, receipt_type TEXT, product_type TEXT, buyer_name TEXT, outcome TEXT NOT NULL,
        message TEXT, apply_num TEXT, receipt_tid TEXT, vat INTEGER, receipt_url TEXT, applied_at REAL,
        created_at REAL NOT NULL, updated_at REAL, cancelled_at REAL, operator TEXT, counter_id TEXT,
        portone_at REAL, replaces TEXT)""",
    "CREATE INDEX receipts_merchant_uid ON receipts (merchant_uid)",
    "CREATE INDEX receipts_imp_uid ON receipts (imp_uid) WHERE imp_uid IS NOT NULL",
    "CREATE INDEX receipts_applied_at ON receipts (applied_at)",
    "CREATE INDEX receipts_outcome ON receipts (outcome)",
    """CREATE TABLE operations (
        op_id TEXT PRIMARY KEY, kind TEXT NOT NULL, ref TEXT, sale_ref TEXT, state TEXT NOT NULL,
        decided_by TEXT, amount INTEGER NOT NULL, label TEXT, created_at REAL NOT NULL,
        updated_at REAL NOT NULL, portone_at REAL, settled_at REAL, message TEXT, operator TEXT,
        counter_id TEXT, arg TEXT) WITHOUT ROWID""",
    "CREATE INDEX operations_open ON operations (state) WHERE state IN ('pending', 'unknown')",
    "CREATE INDEX operations_ref ON operations (ref) WHERE ref IS NOT NULL",
    "CREATE INDEX operations_sale_ref ON operations (sale_ref) WHERE sale_ref IS NOT NULL",
    "CREATE INDEX operations_window ON operations (settled_at) WHERE decided_by = 'window'",
)


def guard_triggers() -> list[str]:
    out = []
    for table in STATE_TABLES:
        for action in ("INSERT", "UPDATE", "DELETE"):
            out.append(
                f"CREATE TRIGGER {table}_guard_{action.lower()} BEFORE {action} ON {table} "
                f"WHEN {PROJECTING_FUNCTION}() IS NOT 1 "
                "BEGIN SELECT RAISE(ABORT, 'the state tables are written by the journal only'); END"
            )
    return out


def create(conn: sqlite3.Connection) -> None:
    """Create every table, index and trigger of schema 4 (inside the caller's transaction)."""
    for statement in (*DDL, *guard_triggers()):
        conn.execute(statement)


def register_functions(conn: sqlite3.Connection) -> None:
    """What the guard triggers ask for: present on the program's own connections only."""
    conn.create_function(PROJECTING_FUNCTION, 0, lambda: 1, deterministic=True)
