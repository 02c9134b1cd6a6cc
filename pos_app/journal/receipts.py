"""Cash receipts (현금영수증): for a PortOne payment (by imp_uid) or for a sale taken outside PortOne
(external, by our own merchant_uid). One valid receipt per sale: a second intent is refused unless
every earlier one was declined, proved not issued, or cancelled.

Cancelling a receipt is an operation of its own (``receipt_cancel``, op id ``<receipt_id>/cancel<n>``):
written ahead, and the receipt counts as cancelled only once PortOne's answer or its record says so.
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
from pos_app.journal.records import DecidedBy, ReceiptFacts, ReceiptIntent, ReceiptRow

_NO_LONGER_VALID = (Outcome.DECLINED.value, Outcome.NOT_CHARGED.value, Outcome.CANCELLED.value)


def record_receipt_intent(tx: WriteContext, intent: ReceiptIntent) -> None:
    fields = asdict(intent)
    refuse_card_digits(fields)
    if intent.merchant_uid is None and intent.imp_uid is None:
        raise IntentRefused("a cash receipt needs a merchant_uid or an imp_uid")
    if _receipt_dict(tx.db, intent.receipt_id) is not None:
        raise IntentRefused(f"receipt_id {intent.receipt_id} was already used")
    for key in ("merchant_uid", "imp_uid"):
        value = fields[key]
        if value is None:
            continue
        clash = tx.db.execute(
            f"SELECT receipt_id, outcome FROM receipts WHERE {key} = ? AND outcome NOT IN (?, ?, ?)",  # noqa: S608
            [value, *_NO_LONGER_VALID],
        ).fetchone()
        if clash is not None:
            raise IntentRefused(f"{value} already has cash receipt {clash[0]} ({clash[1]})")
    tx.event("receipt_intent", intent.receipt_id, fields)
    tx.db.table("receipts").insert(
        {**fields, "outcome": Outcome.PENDING.value, "created_at": tx.now, "updated_at": tx.now, **tx.who()}
    )
    open_operation(
        tx, intent.receipt_id, "receipt_issue", intent.receipt_id, amount=intent.amount,
        label=" ".join(p for p in (intent.buyer_name, intent.identifier_hint) if p),
        portone_at=intent.portone_at,
        sale_ref=intent.merchant_uid,
    )


def record_receipt_result(
    tx: WriteContext, receipt_id: str, outcome: Outcome, facts: ReceiptFacts | None, message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    facts = masked_result(facts) if facts is not None else None
    fact_fields = asdict(facts) if facts is not None else None
    if _receipt_dict(tx.db, receipt_id) is None:
        raise IntentRefused(f"no receipt intent {receipt_id}")
    tx.event("receipt_result", receipt_id,
             {"outcome": outcome.value, "message": message, "facts": fact_fields, "decided_by": decided_by})
    changes: dict[str, Any] = {"outcome": outcome.value, "message": message, "updated_at": tx.now}
    if facts is not None:
        changes.update(_fact_changes(facts))
    if outcome is Outcome.APPROVED and not changes.get("applied_at"):
        changes["applied_at"] = tx.now
    tx.db.table("receipts").update(receipt_id, changes)
    settle_operation(tx, receipt_id, outcome, decided_by, message)


def record_receipt_cancel_intent(tx: WriteContext, receipt_id: str, portone_at: float | None) -> str:
    """Write a receipt's cancel ahead; returns its op id. Only an issued receipt with nothing open."""
    existing = _receipt_dict(tx.db, receipt_id)
    if existing is None:
        raise IntentRefused(f"no receipt {receipt_id}")
    if existing["outcome"] != Outcome.APPROVED.value:
        raise IntentRefused(f"receipt {receipt_id} is {existing['outcome']}, not issued")
    busy = tx.db.execute(
        "SELECT op_id FROM operations WHERE ref = ? AND state IN (?, ?)",
        [receipt_id, Outcome.PENDING.value, Outcome.UNKNOWN.value],
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"receipt {receipt_id} has an unresolved operation {busy[0]}")
    prefix = f"{receipt_id}/cancel"
    op_id = f"{prefix}{next_op_number(tx.db, prefix)}"
    tx.event("receipt_cancel_intent", receipt_id, {"op_id": op_id, "portone_at": portone_at})
    open_operation(
        tx, op_id, "receipt_cancel", receipt_id, amount=int(existing["amount"]),
        label=" ".join(p for p in (existing["buyer_name"], existing["identifier_hint"]) if p),
        portone_at=portone_at, sale_ref=existing["merchant_uid"],
    )
    return op_id


def record_receipt_cancel_result(
    tx: WriteContext, op_id: str, outcome: Outcome, facts: ReceiptFacts | None, message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    """APPROVED: the receipt is cancelled at PortOne; NOT_CHARGED/DECLINED: it is still issued."""
    message = masked_text(message)
    row = tx.db.execute("SELECT ref FROM operations WHERE op_id = ? AND kind = 'receipt_cancel'",
                        [op_id]).fetchone()
    if row is None:
        raise IntentRefused(f"no receipt cancel intent {op_id}")
    receipt_id = str(row[0])
    facts = masked_result(facts) if facts is not None else None
    tx.event("receipt_cancel_result", receipt_id,
             {"op_id": op_id, "outcome": outcome.value, "message": message,
              "facts": asdict(facts) if facts is not None else None, "decided_by": decided_by})
    settle_operation(tx, op_id, outcome, decided_by, message)
    if outcome is Outcome.APPROVED:
        changes: dict[str, Any] = {"outcome": Outcome.CANCELLED.value, "updated_at": tx.now}
        if facts is not None:
            changes.update(_fact_changes(facts))
        changes["cancelled_at"] = facts.cancelled_at if facts and facts.cancelled_at else tx.now
        tx.db.table("receipts").update(receipt_id, changes)


def record_receipt_cancelled(tx: WriteContext, receipt_id: str, facts: ReceiptFacts | None) -> None:
    fact_fields = asdict(facts) if facts is not None else None
    if _receipt_dict(tx.db, receipt_id) is None:
        raise IntentRefused(f"no receipt {receipt_id}")
    tx.event("receipt_cancelled", receipt_id, {"facts": fact_fields})
    changes: dict[str, Any] = {"outcome": Outcome.CANCELLED.value, "updated_at": tx.now}
    if facts is not None:
        changes.update(_fact_changes(facts))
    changes["cancelled_at"] = facts.cancelled_at if facts and facts.cancelled_at else tx.now
    tx.db.table("receipts").update(receipt_id, changes)


def _fact_changes(facts: ReceiptFacts) -> dict[str, Any]:
    return {k: v for k, v in asdict(facts).items() if v is not None}


def _receipt_dict(db: Database, receipt_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM receipts WHERE receipt_id = ?", [receipt_id]))
    return rows[0] if rows else None


def receipt_from_row(row: Mapping[str, Any]) -> ReceiptRow:
    return ReceiptRow(
        receipt_id=row["receipt_id"], kind=row["kind"], merchant_uid=row["merchant_uid"],
        imp_uid=row["imp_uid"], order_name=row["order_name"] or "", amount=row["amount"],
        tax_free=row["tax_free"] or 0, identifier_hint=row["identifier_hint"] or "",
        identifier_type=row["identifier_type"] or "", receipt_type=row["receipt_type"] or "",
        product_type=row["product_type"] or "", buyer_name=row["buyer_name"] or "",
        outcome=Outcome(row["outcome"]), message=row["message"], apply_num=row["apply_num"],
        created_at=row["created_at"], cancelled_at=row["cancelled_at"], receipt_url=row["receipt_url"],
        applied_at=row["applied_at"], vat=row["vat"], replaces=row.get("replaces"),
        receipt_tid=row.get("receipt_tid"),
    )


def receipt_for(db: Database, merchant_uid_or_imp_uid: str) -> ReceiptRow | None:
    """The sale's receipt: the valid one if any, else the latest attempt; also found by receipt_id."""
    rows = list(db.query(
        "SELECT * FROM receipts WHERE merchant_uid = :v OR imp_uid = :v OR receipt_id = :v "
        "ORDER BY CASE WHEN outcome IN (:d, :n, :c) THEN 1 ELSE 0 END, created_at DESC LIMIT 1",
        {"v": merchant_uid_or_imp_uid, "d": _NO_LONGER_VALID[0], "n": _NO_LONGER_VALID[1],
         "c": _NO_LONGER_VALID[2]},
    ))
    return receipt_from_row(rows[0]) if rows else None


def receipts_of(db: Database, merchant_uid_or_imp_uid: str) -> list[ReceiptRow]:
    """Every receipt issued (or tried) for one sale, oldest first; also found by receipt_id."""
    return [receipt_from_row(r) for r in db.query(
        "SELECT * FROM receipts WHERE merchant_uid = :v OR imp_uid = :v OR receipt_id = :v "
        "ORDER BY created_at, receipt_id", {"v": merchant_uid_or_imp_uid})]


def open_receipts(db: Database) -> list[ReceiptRow]:
    return [receipt_from_row(r) for r in db.query(
        "SELECT * FROM receipts WHERE outcome IN (?, ?) ORDER BY created_at",
        [Outcome.PENDING.value, Outcome.UNKNOWN.value])]
