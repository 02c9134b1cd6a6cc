"""Regular customers with a saved card (billing key): registration intent, result, deletion, lookups.

The consent the customer gave on the phone is kept with its time in the intent (evidence for the card
company). An approved, not deleted customer is "active"; only those are offered for charging. A
customer_uid whose registration was declined or proved not to exist may be registered again; an active
or unresolved one may not (PortOne would silently replace the card behind it).

Deleting a saved card is an operation like any money call: its intent (``billing_key_delete``, op id
``<customer_uid>/del<n>``) is written before the DELETE leaves, and the key counts as deleted only once
PortOne's answer or its record (no such key) says so; while the delete is open the card may not be
charged. ``record_billing_key_gone`` is PortOne saying it has no such key although we believed it active
(deleted in the console, or a charge answered "등록되지 않은 구매자입니다."): the card is marked gone,
never shown as a decline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.operations import next_op_number, open_operation, settle_operation
from pos_app.journal.records import BillingKeyIntent, CustomerFacts, CustomerRow, DecidedBy
from pos_app.journal.schema import digits_of

_REUSABLE = (Outcome.DECLINED.value, Outcome.NOT_CHARGED.value)


def record_billing_key_intent(tx: WriteContext, intent: BillingKeyIntent) -> None:
    fields = asdict(intent)
    refuse_card_digits(fields)
    existing = _customer_dict(tx.db, intent.customer_uid)
    if existing is not None and (existing["outcome"] not in _REUSABLE or existing["deleted_at"]):
        raise IntentRefused(f"customer_uid {intent.customer_uid} is already in use ({existing['outcome']})")
    tx.event("billing_key_intent", intent.customer_uid, fields)
    tx.db.table("customers").upsert(
        {
            **fields, "outcome": Outcome.PENDING.value, "message": None,
            "created_at": existing["created_at"] if existing else tx.now, "updated_at": tx.now,
            "customer_tel_digits": digits_of(intent.customer_tel), **tx.who(),
        },
        pk="customer_uid",
    )
    open_operation(
        tx, intent.customer_uid, "billing_key_issue", intent.customer_uid, amount=0,
        label=" ".join(p for p in (intent.customer_name, intent.card_hint) if p),
        portone_at=intent.portone_at,
    )


def record_billing_key_result(
    tx: WriteContext, customer_uid: str, outcome: Outcome, facts: CustomerFacts | None, message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    facts = masked_result(facts) if facts is not None else None
    fact_fields = asdict(facts) if facts is not None else None
    if _customer_dict(tx.db, customer_uid) is None:
        raise IntentRefused(f"no billing-key intent for {customer_uid}")
    tx.event("billing_key_result", customer_uid,
             {"outcome": outcome.value, "message": message, "facts": fact_fields, "decided_by": decided_by})
    changes: dict[str, Any] = {"outcome": outcome.value, "message": message, "updated_at": tx.now}
    if outcome is Outcome.APPROVED:
        changes["registered_at"] = (facts.inserted if facts and facts.inserted else tx.now)
    if facts is not None:
        changes.update(card_name=facts.card_name, card_code=facts.card_code, card_number=facts.card_number,
                       pg_provider=facts.pg_provider, pg_id=facts.pg_id)
    tx.db.table("customers").update(customer_uid, changes)
    settle_operation(tx, customer_uid, outcome, decided_by, message)


def record_billing_key_delete_intent(
    tx: WriteContext, customer_uid: str, reason: str | None, portone_at: float | None
) -> str:
    """Write the delete ahead; returns its op id. Refused while another operation on the key is open."""
    refuse_card_digits({"reason": reason})
    existing = _customer_dict(tx.db, customer_uid)
    if existing is None:
        raise IntentRefused(f"unknown customer {customer_uid}")
    if existing["deleted_at"]:
        raise IntentRefused(f"customer {customer_uid} is already deleted")
    busy = tx.db.execute(
        "SELECT op_id FROM operations WHERE ref = ? AND state IN (?, ?)",
        [customer_uid, Outcome.PENDING.value, Outcome.UNKNOWN.value],
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"customer {customer_uid} has an unresolved operation {busy[0]}")
    prefix = f"{customer_uid}/del"
    op_id = f"{prefix}{next_op_number(tx.db, prefix)}"
    tx.event("billing_key_delete_intent", customer_uid,
             {"op_id": op_id, "reason": reason, "portone_at": portone_at})
    open_operation(
        tx, op_id, "billing_key_delete", customer_uid, amount=0,
        label=" ".join(p for p in (existing["customer_name"], existing["card_hint"]) if p),
        portone_at=portone_at,
    )
    tx.db.table("customers").update(customer_uid, {"updated_at": tx.now})
    return op_id


def record_billing_key_delete_result(
    tx: WriteContext, op_id: str, outcome: Outcome, message: str | None, decided_by: DecidedBy = "reply"
) -> None:
    """APPROVED: deleted at PortOne (the local row follows); NOT_CHARGED/DECLINED: the key is still there."""
    message = masked_text(message)
    row = tx.db.execute("SELECT ref FROM operations WHERE op_id = ? AND kind = 'billing_key_delete'",
                        [op_id]).fetchone()
    if row is None:
        raise IntentRefused(f"no delete intent {op_id}")
    customer_uid = str(row[0])
    tx.event("billing_key_delete_result", customer_uid,
             {"op_id": op_id, "outcome": outcome.value, "message": message, "decided_by": decided_by})
    settle_operation(tx, op_id, outcome, decided_by, message)
    if outcome is Outcome.APPROVED:
        reason = tx.db.execute(
            "SELECT json_extract(payload, '$.reason') FROM events WHERE kind = 'billing_key_delete_intent' "
            "AND json_extract(payload, '$.op_id') = ? ORDER BY id DESC LIMIT 1", [op_id]
        ).fetchone()
        tx.db.table("customers").update(
            customer_uid,
            {"deleted_at": tx.now, "delete_reason": reason[0] if reason else None, "updated_at": tx.now},
        )


def record_billing_key_gone(tx: WriteContext, customer_uid: str, message: str | None) -> None:
    """PortOne has no such key although the journal believed it active: mark it gone (not "declined")."""
    message = masked_text(message)
    existing = _customer_dict(tx.db, customer_uid)
    if existing is None:
        raise IntentRefused(f"unknown customer {customer_uid}")
    tx.event("billing_key_gone", customer_uid, {"message": message})
    changes: dict[str, Any] = {"gone_at": tx.now, "updated_at": tx.now, "message": message}
    if not existing["deleted_at"]:
        changes["deleted_at"] = tx.now
        changes["delete_reason"] = "PortOne에 등록 정보 없음"
    tx.db.table("customers").update(customer_uid, changes)


def record_billing_key_deleted(tx: WriteContext, customer_uid: str, reason: str | None) -> None:
    refuse_card_digits({"reason": reason})
    if _customer_dict(tx.db, customer_uid) is None:
        raise IntentRefused(f"unknown customer {customer_uid}")
    tx.event("billing_key_deleted", customer_uid, {"reason": reason})
    tx.db.table("customers").update(
        customer_uid, {"deleted_at": tx.now, "delete_reason": reason, "updated_at": tx.now}
    )


def _customer_dict(db: Database, customer_uid: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM customers WHERE customer_uid = ?", [customer_uid]))
    return rows[0] if rows else None


def customer_from_row(row: Mapping[str, Any]) -> CustomerRow:
    return CustomerRow(
        customer_uid=row["customer_uid"], customer_name=row["customer_name"] or "",
        customer_tel=row["customer_tel"] or "", card_hint=row["card_hint"] or "",
        card_name=row["card_name"], outcome=Outcome(row["outcome"]), registered_at=row["registered_at"],
        last_used_at=row["last_used_at"], deleted_at=row["deleted_at"],
        customer_email=row["customer_email"] or "", card_company=row["card_company"], message=row["message"],
        delete_reason=row["delete_reason"], gone_at=row.get("gone_at"),
    )


def customer(db: Database, customer_uid: str) -> CustomerRow | None:
    row = _customer_dict(db, customer_uid)
    return customer_from_row(row) if row else None


def find_customers(db: Database, query: str = "") -> list[CustomerRow]:
    """Active customers whose phone digits contain the query's digits, or whose name contains it."""
    base = "SELECT * FROM customers WHERE outcome = ? AND deleted_at IS NULL"
    params: list[Any] = [Outcome.APPROVED.value]
    text = query.strip()
    digits = digits_of(text)
    if text and digits and len(digits) == len(text.replace("-", "").replace(" ", "")):
        base += " AND customer_tel_digits LIKE ? ESCAPE '\\'"
        params.append(f"%{digits}%")
    elif text:
        base += " AND customer_name LIKE ? ESCAPE '\\'"
        params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    base += " ORDER BY customer_name, last_used_at DESC"
    return [customer_from_row(r) for r in db.query(base, params)]


def open_billing_keys(db: Database) -> list[CustomerRow]:
    return [customer_from_row(r) for r in db.query(
        "SELECT * FROM customers WHERE outcome IN (?, ?) ORDER BY created_at",
        [Outcome.PENDING.value, Outcome.UNKNOWN.value])]
