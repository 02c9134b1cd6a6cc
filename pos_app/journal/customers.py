"""Regular customers with a saved card (billing key): registration intent, result, deletion, lookups.

The consent the customer gave on the phone is kept with its time in the intent (evidence for the card
company). An approved, not deleted customer is "active"; only those are offered for charging. A
customer_uid whose registration was declined or proved not to exist may be registered again; an active
or unresolved one may not (PortOne would silently replace the card behind it).
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
from pos_app.journal.records import BillingKeyIntent, CustomerFacts, CustomerRow
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


def record_billing_key_result(
    tx: WriteContext, customer_uid: str, outcome: Outcome, facts: CustomerFacts | None, message: str | None
) -> None:
    message = masked_text(message)
    facts = masked_result(facts) if facts is not None else None
    fact_fields = asdict(facts) if facts is not None else None
    if _customer_dict(tx.db, customer_uid) is None:
        raise IntentRefused(f"no billing-key intent for {customer_uid}")
    tx.event("billing_key_result", customer_uid,
             {"outcome": outcome.value, "message": message, "facts": fact_fields})
    changes: dict[str, Any] = {"outcome": outcome.value, "message": message, "updated_at": tx.now}
    if outcome is Outcome.APPROVED:
        changes["registered_at"] = (facts.inserted if facts and facts.inserted else tx.now)
    if facts is not None:
        changes.update(card_name=facts.card_name, card_code=facts.card_code, card_number=facts.card_number,
                       pg_provider=facts.pg_provider, pg_id=facts.pg_id)
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
