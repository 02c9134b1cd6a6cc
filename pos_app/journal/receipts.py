"""Cash receipts (현금영수증): for a PortOne payment (by imp_uid) or for a sale taken outside PortOne
(external, by our own merchant_uid). One valid receipt per sale: a second intent is refused unless
every earlier one was declined, proved not issued, or cancelled.

Cancelling a receipt is an operation of its own (``receipt_cancel``, op id ``<receipt_id>/cancel<n>``):
written ahead, and the receipt counts as cancelled only once PortOne's answer or its record says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.codec import pack
from pos_app.journal.customers import _result_body
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.operations import next_op_number
from pos_app.journal.records import DecidedBy, ReceiptFacts, ReceiptIntent, ReceiptRow

_NO_LONGER_VALID = (Outcome.DECLINED.value, Outcome.NOT_CHARGED.value, Outcome.CANCELLED.value)


def _receipt(tx: WriteContext, receipt_id: str) -> dict[str, Any]:
    existing = tx.state.get("receipts", receipt_id)
    if existing is None:
        raise IntentRefused(f"no receipt {receipt_id}")
    return existing


def record_receipt_intent(tx: WriteContext, intent: ReceiptIntent) -> None:
    fields = vars(intent)
    refuse_card_digits(fields)
    if intent.merchant_uid is None and intent.imp_uid is None:
        raise IntentRefused("a cash receipt needs a merchant_uid or an imp_uid")
    if tx.state.get("receipts", intent.receipt_id) is not None:
        raise IntentRefused(f"receipt_id {intent.receipt_id} was already used")
    for key in ("merchant_uid", "imp_uid"):
        value = fields[key]
        if value is None:
            continue
        clash = tx.conn.execute(
            f"SELECT receipt_id, outcome FROM receipts WHERE {key} = ? AND outcome NOT IN (?, ?, ?)",  # noqa: S608
            [value, *_NO_LONGER_VALID],
        ).fetchone()
        if clash is not None:
            raise IntentRefused(f"{value} already has cash receipt {clash[0]} ({clash[1]})")
    tx.append("RI", None, pack(intent))


def _facts(facts: ReceiptFacts | None) -> dict[str, Any] | None:
    return pack(masked_result(facts)) if facts is not None else None


def record_receipt_result(
    tx: WriteContext,
    receipt_id: str,
    outcome: Outcome,
    facts: ReceiptFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    receipt = tx.state.get("receipts", receipt_id)
    if receipt is None:
        raise IntentRefused(f"no receipt intent {receipt_id}")
    tx.write_as(receipt)
    tx.append(
        "RR", int(receipt["id"]), _result_body(outcome, masked_text(message), decided_by, f=_facts(facts))
    )


def record_receipt_cancel_intent(tx: WriteContext, receipt_id: str, portone_at: float | None) -> str:
    """Write a receipt's cancel ahead; returns its op id. Only an issued receipt with nothing open."""
    existing = _receipt(tx, receipt_id)
    if existing["outcome"] != Outcome.APPROVED.value:
        raise IntentRefused(f"receipt {receipt_id} is {existing['outcome']}, not issued")
    busy = tx.conn.execute(
        "SELECT op_id FROM operations WHERE (op_id = ?1 OR ref = ?1) AND state IN ('pending', 'unknown')",
        (receipt_id,),
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"receipt {receipt_id} has an unresolved operation {busy[0]}")
    prefix = f"{receipt_id}/cancel"
    op_id = f"{prefix}{next_op_number(tx.conn, prefix)}"
    body: dict[str, Any] = {"op": op_id}
    if portone_at is not None:
        body["pa"] = portone_at
    tx.append("RC", int(existing["id"]), body)
    return op_id


def record_receipt_cancel_result(
    tx: WriteContext,
    op_id: str,
    outcome: Outcome,
    facts: ReceiptFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    """APPROVED: the receipt is cancelled at PortOne; NOT_CHARGED/DECLINED: it is still issued."""
    op = tx.state.get("operations", op_id)
    if op is None or op["kind"] != "receipt_cancel":
        raise IntentRefused(f"no receipt cancel intent {op_id}")
    receipt = _receipt(tx, str(op["ref"]))
    tx.write_as(op)
    tx.append(
        "RD",
        int(receipt["id"]),
        _result_body(outcome, masked_text(message), decided_by, op=op_id, f=_facts(facts)),
    )


def record_receipt_cancelled(tx: WriteContext, receipt_id: str, facts: ReceiptFacts | None) -> None:
    receipt = _receipt(tx, receipt_id)
    packed = _facts(facts)
    tx.append("RX", int(receipt["id"]), {"f": packed} if packed is not None else {})


def receipt_from_row(row: Mapping[str, Any]) -> ReceiptRow:
    return ReceiptRow(
        receipt_id=row["receipt_id"],
        kind=row["kind"],
        merchant_uid=row["merchant_uid"],
        imp_uid=row["imp_uid"],
        order_name=row["order_name"] or "",
        amount=row["amount"],
        tax_free=row["tax_free"] or 0,
        identifier_hint=row["identifier_hint"] or "",
        identifier_type=row["identifier_type"] or "",
        receipt_type=row["receipt_type"] or "",
        product_type=row["product_type"] or "",
        buyer_name=row["buyer_name"] or "",
        outcome=Outcome(row["outcome"]),
        message=row["message"],
        apply_num=row["apply_num"],
        created_at=row["created_at"],
        cancelled_at=row["cancelled_at"],
        receipt_url=row["receipt_url"],
        applied_at=row["applied_at"],
        vat=row["vat"],
        replaces=row.get("replaces"),
        receipt_tid=row.get("receipt_tid"),
    )


def receipt_for(db: Database, merchant_uid_or_imp_uid: str) -> ReceiptRow | None:
    """The sale's receipt: the valid one if any, else the latest attempt; also found by receipt_id."""
    rows = list(
        db.query(
            "SELECT * FROM receipts WHERE merchant_uid = :v OR imp_uid = :v OR receipt_id = :v "
            "ORDER BY CASE WHEN outcome IN (:d, :n, :c) THEN 1 ELSE 0 END, created_at DESC LIMIT 1",
            {
                "v": merchant_uid_or_imp_uid,
                "d": _NO_LONGER_VALID[0],
                "n": _NO_LONGER_VALID[1],
                "c": _NO_LONGER_VALID[2],
            },
        )
    )
    return receipt_from_row(rows[0]) if rows else None


def receipts_of(db: Database, merchant_uid_or_imp_uid: str) -> list[ReceiptRow]:
    """Every receipt issued (or tried) for one sale, oldest first; also found by receipt_id."""
    return [
        receipt_from_row(r)
        for r in db.query(
            "SELECT * FROM receipts WHERE merchant_uid = :v OR imp_uid = :v OR receipt_id = :v "
            "ORDER BY created_at, receipt_id",
            {"v": merchant_uid_or_imp_uid},
        )
    ]


def open_receipts(db: Database) -> list[ReceiptRow]:
    return [
        receipt_from_row(r)
        for r in db.query(
            "SELECT * FROM receipts WHERE outcome IN (?, ?) ORDER BY created_at",
            [Outcome.PENDING.value, Outcome.UNKNOWN.value],
        )
    ]
