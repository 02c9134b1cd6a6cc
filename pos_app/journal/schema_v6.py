"""Schema 6, people: who signs in, what they did besides money, the role table, and who approved a refund.

New state tables, each the projection of its events (``projection_people``):

- ``people``: one row per person (the group of the event that added them): name, role, the scrypt hash
  of the PIN (never the PIN), active or not, wrong PINs in a row and the end of a lockout;
- ``audit``: one row per event that is not a money call (sign-in and out, wrong PIN, lockout, on-the-spot
  approval, people and role changes, a settings change, a Z report), with who, for whom and what;
- ``policy``: the role table as the owner tightened it and the idle minutes before signing out.

``cancels`` and ``operations`` gain ``approver``: the manager or owner who approved a refund, a cash
receipt cancel or a card deletion on the spot (the operator stays who asked for it).

``add_people`` is the whole step and may run twice (a journal converted from format 1–3 is built at the
current layout before its old events are projected, then passes through this step again): every change
is made only when it is missing. The guard triggers of schema 4 cover the new tables too.
"""

from __future__ import annotations

import sqlite3

from pos_app.journal.schema_v4 import PROJECTING_FUNCTION

PEOPLE_TABLES = ("people", "audit", "policy")

_TABLES = (
    """CREATE TABLE IF NOT EXISTS people (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, role TEXT NOT NULL,
        pin TEXT NOT NULL, active INTEGER NOT NULL, failures INTEGER NOT NULL, locked_until REAL,
        created_at REAL NOT NULL, updated_at REAL NOT NULL, signed_in_at REAL, operator TEXT,
        counter_id TEXT)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS people_name_key ON people (name_key)",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY, ts REAL NOT NULL, kind TEXT NOT NULL, grp INTEGER NOT NULL,
        person_id INTEGER, person TEXT, operator TEXT, approver TEXT, counter_id TEXT, detail TEXT)""",
    "CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts)",
    "CREATE INDEX IF NOT EXISTS audit_grp ON audit (grp)",
    """CREATE TABLE IF NOT EXISTS policy (
        id INTEGER PRIMARY KEY, rules TEXT NOT NULL, idle_minutes INTEGER NOT NULL, updated_at REAL NOT NULL,
        operator TEXT)""",
)
_APPROVER_COLUMNS = ("cancels", "operations")


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")}


def add_people(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction: the tables, columns, indexes and guards of schema 6."""
    for table in _APPROVER_COLUMNS:
        if "approver" not in _columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN approver TEXT")
    for statement in _TABLES:
        conn.execute(statement)
    for table in PEOPLE_TABLES:
        for action in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_guard_{action.lower()} BEFORE {action} ON {table} "
                f"WHEN {PROJECTING_FUNCTION}() IS NOT 1 "
                "BEGIN SELECT RAISE(ABORT, 'the state tables are written by the journal only'); END"
            )
