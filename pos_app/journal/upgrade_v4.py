"""Upgrading a journal of format 1–3 to format 4: check the old chain, then re-write every old event as a
sealed format-4 event and let the projection build the state from them.

The old tables are renamed away, the format-4 tables created, and a ``G`` event opens the new chain with
the new key; it records what the old file was (its format, how many events, the last old hash, and
whether the old sha256 chain held — verify shows that for ever). Each old event then becomes the
format-4 event of the same meaning, with its original time and writer. Text that format 4 would refuse
(a card-like run typed with separators, which the old guard let through; an unstorable character) is
masked here rather than refused: the old record must survive, the card number must not. The old tables
are dropped; the copy made before the upgrade (``*.v<N>.bak``) keeps the file as it was.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from typing import Any

from pos_app.domain.free_text import mask_card_like
from pos_app.journal import legacy, schema
from pos_app.journal.card_digit_guard import masked_result, masked_text
from pos_app.journal.codec import pack
from pos_app.journal.events import Sealer, WriteContext
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelFact,
    CancelIntent,
    CustomerFacts,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    SaleIntent,
)
from pos_app.journal.state import SqlState

_OLD_TABLES = ("events", "sales", "cancels", "customers", "receipts", "operations")
_IDS = frozenset(
    {"merchant_uid", "sale_id", "customer_uid", "cancel_id", "receipt_id", "imp_uid", "replaces"}
)


def _record(cls: type, payload: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in payload.items() if k in known}
    for name, value in list(values.items()):
        if isinstance(value, str) and name not in _IDS and name != "card_hint":
            values[name] = masked_text(value)
    if cls is PaymentFacts and values.get("cancel_history"):
        values["cancel_history"] = tuple(_record(CancelFact, e) for e in values["cancel_history"])
    record = cls(**values)
    return masked_result(record) if cls in (PaymentFacts, CustomerFacts, ReceiptFacts) else record


def _facts(cls: type, value: object) -> dict[str, Any] | None:
    return pack(_record(cls, value)) if isinstance(value, dict) else None


def _result(payload: dict[str, Any], facts_key: str, cls: type, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"o": payload["outcome"], **{k: v for k, v in extra.items() if v is not None}}
    if payload.get("message") is not None:
        body["m"] = masked_text(str(payload["message"]))
    if payload.get("decided_by") not in (None, "reply"):
        body["d"] = payload["decided_by"]
    facts = _facts(cls, payload.get(facts_key))
    if facts is not None:
        body["f" if facts_key == "facts" else "p"] = facts
    return body


def _id_of(conn: sqlite3.Connection, table: str, key_column: str, key: str) -> int:
    row = conn.execute(f"SELECT id FROM {table} WHERE {key_column} = ?", (key,)).fetchone()  # noqa: S608
    if row is None:
        raise ValueError(f"old event refers to unknown {table} {key}")
    return int(row[0])


def _sale_group_of_cancel(conn: sqlite3.Connection, cancel_id: str) -> int:
    row = conn.execute(
        "SELECT s.id FROM cancels c JOIN sales s ON s.merchant_uid = c.merchant_uid WHERE c.cancel_id = ?",
        (cancel_id,),
    ).fetchone()
    if row is None:
        raise ValueError(f"old event refers to unknown cancel {cancel_id}")
    return int(row[0])


def _convert(
    conn: sqlite3.Connection, kind: str, ref: str, p: dict[str, Any]
) -> tuple[str, int | None, dict[str, Any]]:
    if kind == "sale_intent":
        intent = _record(SaleIntent, p)
        return "SI", None, pack(intent, {"sale_id": intent.merchant_uid})
    if kind == "sale_retry":
        return (
            "SX",
            _id_of(conn, "sales", "merchant_uid", ref),
            ({"pa": p["portone_at"]} if p.get("portone_at") is not None else {}),
        )
    if kind == "sale_result":
        return "SR", _id_of(conn, "sales", "merchant_uid", ref), _result(p, "payment", PaymentFacts)
    if kind == "cancel_intent":
        intent = _record(CancelIntent, p)
        sale = conn.execute(
            "SELECT id, imp_uid FROM sales WHERE merchant_uid = ?", (intent.merchant_uid,)
        ).fetchone()
        return "CI", int(sale[0]), pack(intent, {"merchant_uid": intent.merchant_uid, "imp_uid": sale[1]})
    if kind == "cancel_retry":
        body = {"id": ref, **({"pa": p["portone_at"]} if p.get("portone_at") is not None else {})}
        return "CX", _sale_group_of_cancel(conn, ref), body
    if kind == "cancel_result":
        return "CR", _sale_group_of_cancel(conn, ref), {"id": ref, **_result(p, "payment", PaymentFacts)}
    if kind == "billing_key_intent":
        row = conn.execute("SELECT id FROM customers WHERE customer_uid = ?", (ref,)).fetchone()
        return "BI", int(row[0]) if row else None, pack(_record(BillingKeyIntent, p))
    if kind == "receipt_intent":
        return "RI", None, pack(_record(ReceiptIntent, p))
    group = {"billing_key": ("customers", "customer_uid"), "receipt": ("receipts", "receipt_id")}
    table, column = group["receipt" if kind.startswith("receipt") else "billing_key"]
    g = _id_of(conn, table, column, ref)
    if kind == "billing_key_result":
        return "BR", g, _result(p, "facts", CustomerFacts)
    if kind == "billing_key_delete_intent":
        body = {"op": p["op_id"], "r": masked_text(p.get("reason")), "pa": p.get("portone_at")}
        return "BD", g, {k: v for k, v in body.items() if v is not None}
    if kind == "billing_key_delete_result":
        return "BE", g, _result(p, "facts", CustomerFacts, op=p["op_id"])
    if kind == "billing_key_gone":
        return "BG", g, {"m": masked_text(p["message"])} if p.get("message") is not None else {}
    if kind == "billing_key_deleted":
        return "BX", g, {"r": masked_text(p["reason"])} if p.get("reason") is not None else {}
    if kind == "receipt_result":
        return "RR", g, _result(p, "facts", ReceiptFacts)
    if kind == "receipt_cancel_intent":
        return (
            "RC",
            g,
            {k: v for k, v in {"op": p["op_id"], "pa": p.get("portone_at")}.items() if v is not None},
        )
    if kind == "receipt_cancel_result":
        return "RD", g, _result(p, "facts", ReceiptFacts, op=p["op_id"])
    if kind == "receipt_cancelled":
        facts = _facts(ReceiptFacts, p.get("facts"))
        return "RX", g, {"f": facts} if facts is not None else {}
    raise ValueError(f"old event kind {kind!r} is unknown")


def convert(conn: sqlite3.Connection, old_version: int, sealer: Sealer, now: float) -> None:
    """Inside the caller's transaction: turn the format-1–3 tables into format 4."""
    high = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    cursor = conn.execute("SELECT * FROM events ORDER BY id")
    names = [d[0] for d in cursor.description]
    old = [dict(zip(names, r, strict=True)) for r in cursor]
    report = legacy.verify_rows(old, int(high[0]) if high else None)
    for trigger in ("events_refuse_update", "events_refuse_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in _OLD_TABLES:
        if table in existing:
            conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
    schema.create_layout(conn)  # the current layout: the projection below writes it
    legacy_note: dict[str, Any] = {
        "from": old_version,
        "n": len(old),
        "lh": old[-1]["hash"] if old else "",
        "ok": report.ok,
    }
    if not report.ok:
        legacy_note["bad"] = report.first_broken_id
    start = WriteContext(
        conn, old[0]["ts"] if old else now, "", "", sealer, SqlState(conn), _who_checked=True
    )
    start.append("G", None, {"kid": sealer.kid, "v": 4, "legacy": legacy_note})
    for row in old:
        kind, group, body = _convert(conn, str(row["kind"]), str(row["ref"]), json.loads(row["payload"]))
        tx = WriteContext(
            conn, float(row["ts"]), str(row["operator"]), str(row["counter_id"]), sealer, SqlState(conn)
        )
        body = {k: (mask_card_like(v) if isinstance(v, str) else v) for k, v in body.items()}
        tx.append(kind, group, body)
    for table in reversed(_OLD_TABLES):
        if table in existing:
            conn.execute(f"DROP TABLE old_{table}")
