"""How ``Journal.events`` shows a stored event: its long kind name, the natural key it acts on (the
merchant_uid, cancel_id, customer_uid or receipt_id, as the journal always showed) and its body with
the long field names of the records it was packed from."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from typing import Any

from pos_app.journal.codec import unpack
from pos_app.journal.plan_records import PlanIntent, ScheduleFacts
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelIntent,
    CustomerFacts,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    SaleIntent,
)

_WORDS = {
    "o": "outcome",
    "m": "message",
    "d": "decided_by",
    "op": "op_id",
    "r": "reason",
    "pa": "portone_at",
    "kid": "kid",
    "was": "was",
    "why": "why",
    "v": "version",
    "legacy": "legacy",
    "c": "counter_id",
}
# the people kinds of schema 6 (projection_people), whose short keys mean other things than above
_PEOPLE_WORDS = {
    "n": "name",
    "r": "role",
    "h": "pin_hash",
    "act": "active",
    "by": "by",
    "w": "why",
    "f": "for",
    "u": "until",
    "a": "action",
    "s": "subject",
    "ch": "changes",
    "rules": "rules",
    "idle": "idle_minutes",
    "d": "day",
}
_PEOPLE_KINDS = frozenset({"UA", "UE", "UP", "US", "UO", "UV", "UF", "UL", "AS", "AR", "DZ"})
_INTENTS: dict[str, type] = {
    "SI": SaleIntent,
    "BI": BillingKeyIntent,
    "RI": ReceiptIntent,
    "CI": CancelIntent,
    "PN": PlanIntent,
}
_GROUP_TABLE = {
    "S": ("sales", "merchant_uid"),
    "C": ("sales", "merchant_uid"),
    "B": ("customers", "customer_uid"),
    "R": ("receipts", "receipt_id"),
    "P": ("plans", "plan_id"),
    "U": ("people", "name"),
}


def long_payload(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    cls = _INTENTS.get(kind)
    if cls is not None:
        record: Any = unpack(cls, body)
        return asdict(record)
    if kind in _PEOPLE_KINDS:
        return {_PEOPLE_WORDS.get(key, key): value for key, value in body.items()}
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key == "p" and isinstance(value, dict):
            out["payment"] = asdict(unpack(PaymentFacts, value))
        elif key == "f" and isinstance(value, dict):
            facts_type = {"R": ReceiptFacts, "P": ScheduleFacts}.get(kind[0], CustomerFacts)
            facts: Any = unpack(facts_type, value)
            out["facts"] = asdict(facts)
        elif key == "id":
            out["cancel_id"] = value
        elif key == "o" and kind == "W":
            out["operator"] = value
        elif key == "a" and kind == "W":
            out["approver"] = value
        else:
            out[_WORDS.get(key, key)] = value
    if kind in ("SR", "CR", "BR", "RR", "BE", "RD"):
        out.setdefault("message", None)
        out.setdefault("decided_by", "reply")
    return out


def ref_of(
    conn: sqlite3.Connection, kind: str, group: int | None, event_id: int, body: dict[str, Any]
) -> str:
    if kind in ("CI", "CR", "CX") and "id" in body:
        return str(body["id"])
    where = _GROUP_TABLE.get(kind[0]) if kind not in ("G", "K", "W") else None
    if where is None:
        return ""
    row = conn.execute(
        f"SELECT {where[1]} FROM {where[0]} WHERE id = ?",  # noqa: S608
        (group if group is not None else event_id,),
    ).fetchone()
    return str(row[0]) if row else ""
