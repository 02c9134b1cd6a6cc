"""Regular customers with a saved card (billing key): the checks before their events, and the lookups.

The consent the customer gave on the phone is kept with its time in the intent (evidence for the card
company). An approved, not deleted customer is "active"; only those are offered for charging. A
customer_uid whose registration was declined or proved not to exist may be registered again; an active
or unresolved one may not (PortOne would silently replace the card behind it).

Deleting a saved card is an operation like any money call: its intent (``billing_key_delete``, op id
``<customer_uid>/del<n>``) is written before the DELETE leaves, and the key counts as deleted only once
PortOne's answer or its record (no such key) says so. ``record_billing_key_gone`` is PortOne saying it has
no such key although we believed it active: the card is marked gone, never shown as a decline. What the
events do to the rows is ``projection_cards_receipts``'s. ``last_used_at`` is read from the sales (the
newest paid sale on the key), so a sale never writes into a customer's row.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.codec import pack
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.operations import next_op_number
from pos_app.journal.projection import digits_of
from pos_app.journal.records import BillingKeyIntent, CustomerFacts, CustomerRow, DecidedBy

_REUSABLE = (Outcome.DECLINED.value, Outcome.NOT_CHARGED.value)


def _customer(tx: WriteContext, customer_uid: str) -> dict[str, Any]:
    existing = tx.state.get("customers", customer_uid)
    if existing is None:
        raise IntentRefused(f"unknown customer {customer_uid}")
    return existing


def record_billing_key_intent(tx: WriteContext, intent: BillingKeyIntent) -> None:
    refuse_card_digits(vars(intent))
    if intent.consent_text is None:
        raise IntentRefused("a card registration needs the consent text")
    existing = tx.state.get("customers", intent.customer_uid)
    if existing is not None and (existing["outcome"] not in _REUSABLE or existing["deleted_at"]):
        raise IntentRefused(f"customer_uid {intent.customer_uid} is already in use ({existing['outcome']})")
    tx.append("BI", int(existing["id"]) if existing else None, pack(intent))


def _result_body(
    outcome: Outcome, message: str | None, decided_by: DecidedBy, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"o": outcome.value, **{k: v for k, v in extra.items() if v is not None}}
    if message is not None:
        body["m"] = message
    if decided_by != "reply":
        body["d"] = decided_by
    return body


def record_billing_key_result(
    tx: WriteContext,
    customer_uid: str,
    outcome: Outcome,
    facts: CustomerFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    facts = masked_result(facts) if facts is not None else None
    customer = tx.state.get("customers", customer_uid)
    if customer is None:
        raise IntentRefused(f"no billing-key intent for {customer_uid}")
    tx.write_as(customer)
    tx.append(
        "BR",
        int(customer["id"]),
        _result_body(outcome, message, decided_by, f=pack(facts) if facts is not None else None),
    )


def record_billing_key_delete_intent(
    tx: WriteContext, customer_uid: str, reason: str | None, portone_at: float | None
) -> str:
    """Write the delete ahead; returns its op id. Refused while another operation on the key is open."""
    refuse_card_digits({"reason": reason})
    existing = _customer(tx, customer_uid)
    if existing["deleted_at"]:
        raise IntentRefused(f"customer {customer_uid} is already deleted")
    busy = tx.conn.execute(
        "SELECT op_id FROM operations WHERE (op_id = ?1 OR ref = ?1) AND state IN ('pending', 'unknown')",
        (customer_uid,),
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"customer {customer_uid} has an unresolved operation {busy[0]}")
    prefix = f"{customer_uid}/del"
    op_id = f"{prefix}{next_op_number(tx.conn, prefix)}"
    body: dict[str, Any] = {"op": op_id}
    if reason:
        body["r"] = reason
    if portone_at is not None:
        body["pa"] = portone_at
    tx.append("BD", int(existing["id"]), body)
    return op_id


def record_billing_key_delete_result(
    tx: WriteContext, op_id: str, outcome: Outcome, message: str | None, decided_by: DecidedBy = "reply"
) -> None:
    """APPROVED: deleted at PortOne (the local row follows); NOT_CHARGED/DECLINED: the key is still there."""
    message = masked_text(message)
    op = tx.state.get("operations", op_id)
    if op is None or op["kind"] != "billing_key_delete":
        raise IntentRefused(f"no delete intent {op_id}")
    customer = _customer(tx, str(op["ref"]))
    tx.write_as(op)
    tx.append("BE", int(customer["id"]), _result_body(outcome, message, decided_by, op=op_id))


def record_billing_key_gone(tx: WriteContext, customer_uid: str, message: str | None) -> None:
    """PortOne has no such key although the journal believed it active: mark it gone (not "declined")."""
    message = masked_text(message)
    customer = _customer(tx, customer_uid)
    tx.append("BG", int(customer["id"]), {"m": message} if message is not None else {})


def record_billing_key_deleted(tx: WriteContext, customer_uid: str, reason: str | None) -> None:
    refuse_card_digits({"reason": reason})
    customer = _customer(tx, customer_uid)
    tx.append("BX", int(customer["id"]), {"r": reason} if reason is not None else {})


CUSTOMER_SELECT = (
    "SELECT customer_uid, coalesce(customer_name, ''), coalesce(customer_tel, ''), coalesce(card_hint, ''), "
    "card_name, outcome, registered_at, "
    "(SELECT max(s.created_at) FROM sales s WHERE s.customer_uid = customers.customer_uid "
    " AND s.paid_amount > 0), "
    "deleted_at, coalesce(customer_email, ''), card_company, message, delete_reason, gone_at FROM customers"
)


def customer_from_tuple(t: tuple[Any, ...]) -> CustomerRow:
    return CustomerRow(
        t[0], t[1], t[2], t[3], t[4], Outcome(t[5]), t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13]
    )


def customer(db: Database, customer_uid: str) -> CustomerRow | None:
    row = db.conn.execute(CUSTOMER_SELECT + " WHERE customer_uid = ?", (customer_uid,)).fetchone()
    return customer_from_tuple(row) if row else None


def find_customers(db: Database, query: str = "") -> list[CustomerRow]:
    """Active customers whose phone digits contain the query's digits, or whose name contains it."""
    base = CUSTOMER_SELECT + " WHERE outcome = ? AND deleted_at IS NULL"
    params: list[Any] = [Outcome.APPROVED.value]
    text = query.strip()
    digits = digits_of(text)
    if text and digits and len(digits) == len(text.replace("-", "").replace(" ", "")):
        base += " AND customer_tel_digits LIKE ? ESCAPE '\\'"
        params.append(f"%{digits}%")
    elif text:
        base += " AND customer_name LIKE ? ESCAPE '\\'"
        params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    base += " ORDER BY customer_name, 8 DESC"
    return [customer_from_tuple(r) for r in db.conn.execute(base, params)]


def open_billing_keys(db: Database) -> list[CustomerRow]:
    return [
        customer_from_tuple(r)
        for r in db.conn.execute(
            CUSTOMER_SELECT + " WHERE outcome IN ('pending', 'unknown') ORDER BY created_at, id"
        )
    ]
