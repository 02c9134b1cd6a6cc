"""The current-state tables as the projection sees them: the same small interface over SQLite or memory.

``SqlState`` reads and writes the journal's own tables inside the write transaction (the live path);
``MemState`` holds rows in dicts (replay, verify, the start-up check). The projection (``projection``)
only ever calls ``get``/``by_id``/``cancels_of``/``insert``/``update``, so the rows a live write leaves
and the rows a replay builds come out of one function and can be compared column by column.

``TABLES`` names each table's key and columns in storage order; ``META`` is the journal's own state
(current key id and who writes), kept as key/value rows in ``meta``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any, Protocol

from pos_app.journal.schema_v5 import PLAN_COLUMNS, SLOT_COLUMNS

SALE_COLUMNS = (
    "id",
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
    "customer_uid",
    "card_quota",
    "product_type",
    "outcome",
    "message",
    "imp_uid",
    "apply_num",
    "card_name",
    "card_code",
    "card_number",
    "pg_tid",
    "paid_amount",
    "cancel_amount",
    "paid_at",
    "cancelled_at",
    "receipt_url",
    "partial_cancel_count",
    "operator",
    "counter_id",
    "card_last4",
    "portone_at",
    "op_state",
    "decided_by",
    "settled_at",
    "op_updated_at",
)
CANCEL_COLUMNS = (
    "cancel_id",
    "merchant_uid",
    "imp_uid",
    "amount",
    "tax_free",
    "checksum",
    "reason",
    "outcome",
    "message",
    "created_at",
    "updated_at",
    "cancelled_at",
    "cancelled_amount",
    "operator",
    "counter_id",
    "portone_at",
    "origin",
    "portone_id",
    "tax_free_estimated",
    "seq",
    "approver",  # schema 6: the manager or owner who approved the refund on the spot
)
CUSTOMER_COLUMNS = (
    "id",
    "customer_uid",
    "customer_name",
    "customer_tel",
    "customer_email",
    "card_hint",
    "card_company",
    "consent_text",
    "consent_at",
    "card_name",
    "card_code",
    "card_number",
    "pg_provider",
    "pg_id",
    "outcome",
    "message",
    "created_at",
    "updated_at",
    "registered_at",
    "deleted_at",
    "delete_reason",
    "operator",
    "counter_id",
    "customer_tel_digits",
    "portone_at",
    "gone_at",
)
RECEIPT_COLUMNS = (
    "id",
    "receipt_id",
    "kind",
    "merchant_uid",
    "imp_uid",
    "order_name",
    "amount",
    "tax_free",
    "identifier_hint",
    "identifier_type",
    "receipt_type",
    "product_type",
    "buyer_name",
    "outcome",
    "message",
    "apply_num",
    "receipt_tid",
    "vat",
    "receipt_url",
    "applied_at",
    "created_at",
    "updated_at",
    "cancelled_at",
    "operator",
    "counter_id",
    "portone_at",
    "replaces",
)
OPERATION_COLUMNS = (
    "op_id",
    "kind",
    "ref",
    "sale_ref",
    "state",
    "decided_by",
    "amount",
    "label",
    "created_at",
    "updated_at",
    "portone_at",
    "settled_at",
    "message",
    "operator",
    "counter_id",
    "arg",
    "approver",  # schema 6
)
META_COLUMNS = ("k", "v")
# schema 6 (``projection_people``): the people who sign in, what they did besides money, the role table
PEOPLE_COLUMNS = (
    "id",
    "name",
    "name_key",
    "role",
    "pin",
    "active",
    "failures",
    "locked_until",
    "created_at",
    "updated_at",
    "signed_in_at",
    "operator",
    "counter_id",
)
AUDIT_COLUMNS = (
    "id",
    "ts",
    "kind",
    "grp",
    "person_id",
    "person",
    "operator",
    "approver",
    "counter_id",
    "detail",
)
POLICY_COLUMNS = ("id", "rules", "idle_minutes", "updated_at", "operator")

# table → (key column, columns)
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sales": ("merchant_uid", SALE_COLUMNS),
    "cancels": ("cancel_id", CANCEL_COLUMNS),
    "customers": ("customer_uid", CUSTOMER_COLUMNS),
    "receipts": ("receipt_id", RECEIPT_COLUMNS),
    "operations": ("op_id", OPERATION_COLUMNS),
    "meta": ("k", META_COLUMNS),
    "plans": ("plan_id", PLAN_COLUMNS),
    "plan_payments": ("slot_id", SLOT_COLUMNS),
    "people": ("id", PEOPLE_COLUMNS),
    "audit": ("id", AUDIT_COLUMNS),
    "policy": ("id", POLICY_COLUMNS),
}
BY_ID = (
    "sales",
    "customers",
    "receipts",
    "plans",
    "people",
    "policy",
)  # tables whose integer id is the group's creating event

Row = dict[str, Any]


class State(Protocol):
    def get(self, table: str, key: str) -> Row | None: ...

    def by_id(self, table: str, row_id: int) -> Row | None: ...

    def cancels_of(self, merchant_uid: str) -> list[Row]: ...

    def insert(self, table: str, row: Row) -> None: ...

    def update(self, table: str, key: str, changes: Row) -> None: ...


class MemState:
    """Every row in memory, keyed like the tables (replay)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Row]] = {name: {} for name in TABLES}
        self.ids: dict[str, dict[int, str]] = {name: {} for name in BY_ID}
        self._cancels: dict[str, list[str]] = {}
        self._seq = 0

    def get(self, table: str, key: str) -> Row | None:
        return self.rows[table].get(key)

    def by_id(self, table: str, row_id: int) -> Row | None:
        key = self.ids[table].get(row_id)
        return self.rows[table][key] if key is not None else None

    def cancels_of(self, merchant_uid: str) -> list[Row]:
        cancels = self.rows["cancels"]
        return [cancels[c] for c in self._cancels.get(merchant_uid, ())]

    def insert(self, table: str, row: Row) -> None:
        key_column, columns = TABLES[table]
        full = dict.fromkeys(columns)
        full.update(row)
        key = str(full[key_column])
        self.rows[table][key] = full
        if table in self.ids:
            self.ids[table][int(str(full["id"]))] = key
        elif table == "cancels":
            self._cancels.setdefault(str(full["merchant_uid"]), []).append(key)

    def update(self, table: str, key: str, changes: Row) -> None:
        self.rows[table][key].update(changes)


class SqlState:
    """The live tables, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._meta: dict[str, Row] | None = None  # read once per transaction (who writes, the key id)

    def _one(self, sql: str, params: tuple[Any, ...], columns: tuple[str, ...]) -> Row | None:
        row = self.conn.execute(sql, params).fetchone()
        return dict(zip(columns, row, strict=True)) if row is not None else None

    def get(self, table: str, key: str) -> Row | None:
        if table == "meta":
            if self._meta is None:
                self._meta = {k: {"k": k, "v": v} for k, v in self.conn.execute("SELECT k, v FROM meta")}
            found = self._meta.get(key)
            return dict(found) if found is not None else None
        key_column, columns = TABLES[table]
        return self._one(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {key_column} = ?",  # noqa: S608
            (key,),
            columns,
        )

    def by_id(self, table: str, row_id: int) -> Row | None:
        columns = TABLES[table][1]
        return self._one(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (row_id,), columns)  # noqa: S608

    def cancels_of(self, merchant_uid: str) -> list[Row]:
        return [
            dict(zip(CANCEL_COLUMNS, r, strict=True))
            for r in self.conn.execute(
                f"SELECT {', '.join(CANCEL_COLUMNS)} FROM cancels WHERE merchant_uid = ? ORDER BY seq, rowid",  # noqa: S608
                (merchant_uid,),
            )
        ]

    def insert(self, table: str, row: Row) -> None:
        # every column, so a table default never makes a live row differ from its replay
        if table == "meta":
            self._meta = None
        columns = TABLES[table][1]
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
            [row.get(c) for c in columns],
        )

    def update(self, table: str, key: str, changes: Row) -> None:
        if not changes:
            return
        if table == "meta":
            self._meta = None
        key_column = TABLES[table][0]
        names = list(changes)
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE {key_column} = ?",  # noqa: S608
            [*(changes[n] for n in names), key],
        )


# which group a stored row belongs to, as SQL (a share of a replay split across processes is a range of
# group ids: the ids of the events that created the sales, customers and receipts)
_GROUP_OF = {
    "sales": "id",
    "customers": "id",
    "receipts": "id",
    "plans": "id",
    "plan_payments": "(SELECT p.id FROM plans p WHERE p.plan_id = plan_payments.plan_id)",
    "cancels": "(SELECT s.id FROM sales s WHERE s.merchant_uid = cancels.merchant_uid)",
    "operations": (
        "(CASE WHEN kind IN ('sale', 'cancel') THEN (SELECT s.id FROM sales s "
        "WHERE s.merchant_uid = coalesce(operations.sale_ref, operations.op_id)) "
        "WHEN kind LIKE 'billing%' THEN (SELECT c.id FROM customers c "
        "WHERE c.customer_uid = coalesce(operations.ref, operations.op_id)) "
        "WHEN kind LIKE 'schedule%' THEN (SELECT p.id FROM plan_payments pp JOIN plans p "
        "ON p.plan_id = pp.plan_id WHERE pp.slot_id = operations.ref) "
        "ELSE (SELECT r.id FROM receipts r "
        "WHERE r.receipt_id = coalesce(operations.ref, operations.op_id)) END)"
    ),
    "people": "id",
    "audit": "grp",
    "policy": "id",
}


Share = tuple[int, int]  # group ids from (inclusive) … to (exclusive)


def table_rows(conn: sqlite3.Connection, table: str, share: Share | None = None) -> Iterator[tuple[Any, ...]]:
    """The stored rows of ``table`` (of the groups in ``share``), columns as in ``TABLES``, in storage
    order (comparisons look rows up by key). The journal's own rows (meta) belong to the share from 0."""
    columns = TABLES[table][1]
    sql = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608
    params: tuple[int, ...] = ()
    if share is not None and table in _GROUP_OF:
        sql += f" WHERE {_GROUP_OF[table]} >= ?1 AND {_GROUP_OF[table]} < ?2"
        params = share
    elif share is not None and share[0] != 0:
        return
    cursor = conn.execute(sql, params)
    while batch := cursor.fetchmany(2048):
        yield from batch
