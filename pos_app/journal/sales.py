"""Sale attempts and their cancels: the checks before their events, and the reads of their rows.

Invariants kept here (a second line of defence behind services), before any event is written:
- an attempt's ``sale_id`` is the first merchant_uid of its sale;
- no new attempt while another attempt of the same sale is PENDING/UNKNOWN, and none once money was taken;
- a merchant_uid is written once; only an UNKNOWN or NOT_CHARGED attempt may be intended again (a
  resend under its own merchant_uid, logged as a ``sale_retry`` event, the state going back to PENDING);
- one unresolved cancel per sale at a time.
What the events then do to the rows is ``projection``'s (PortOne's record wins there: every refund in a
payment's ``cancel_history`` is one cancel row, ours or of origin "portone"; the sale's totals are
PortOne's ``cancel_amount``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.codec import pack
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.projection import NON_FINAL, digits_of
from pos_app.journal.records import (
    MONEY_TAKEN,
    CancelIntent,
    CancelRow,
    DecidedBy,
    PaymentFacts,
    SaleIntent,
    SaleRow,
)


# ------------------------------------------------------------------------------------------- writes
def record_sale_intent(tx: WriteContext, intent: SaleIntent) -> None:
    refuse_card_digits(vars(intent))
    existing = tx.state.get("sales", intent.merchant_uid)
    if existing is not None:
        _record_retry(tx, intent, existing)
        return
    for uid, outcome_text in tx.conn.execute(
        "SELECT merchant_uid, outcome FROM sales WHERE merchant_uid = ? OR sale_id = ?",
        (intent.sale_id, intent.sale_id),
    ):
        outcome = Outcome(outcome_text)
        if not outcome.is_final:
            raise IntentRefused(f"sale {intent.sale_id}: attempt {uid} is still {outcome.value}")
        if outcome in MONEY_TAKEN:
            raise IntentRefused(f"sale {intent.sale_id}: already paid by {uid}")
    if intent.sale_id != intent.merchant_uid and tx.state.get("sales", intent.sale_id) is None:
        raise IntentRefused(f"sale_id {intent.sale_id} is not the merchant_uid of an earlier attempt")
    tx.append("SI", None, pack(intent, {"sale_id": intent.merchant_uid}))


def _record_retry(tx: WriteContext, intent: SaleIntent, existing: Mapping[str, Any]) -> None:
    if existing["outcome"] not in (Outcome.UNKNOWN.value, Outcome.NOT_CHARGED.value):
        raise IntentRefused(
            f"merchant_uid {intent.merchant_uid} was already used ({existing['outcome']}); "
            "only an UNKNOWN or NOT_CHARGED attempt may be sent again"
        )
    if (
        existing["amount"] != intent.amount
        or (existing["sale_id"] or existing["merchant_uid"]) != intent.sale_id
    ):
        raise IntentRefused(f"retry of {intent.merchant_uid} must be the same sale and amount")
    tx.append("SX", int(existing["id"]), {"pa": intent.portone_at} if intent.portone_at is not None else {})


def _result_body(
    outcome: Outcome,
    payment: PaymentFacts | None,
    message: str | None,
    decided_by: DecidedBy,
    sale_amount: int,
) -> dict[str, Any]:
    body: dict[str, Any] = {"o": outcome.value}
    if message is not None:
        body["m"] = message
    if decided_by != "reply":
        body["d"] = decided_by
    if payment is not None:
        body["p"] = pack(payment, {"amount": sale_amount})  # the amount asked for is the group's
    return body


def record_sale_result(
    tx: WriteContext,
    merchant_uid: str,
    outcome: Outcome,
    payment: PaymentFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    payment = masked_result(payment) if payment is not None else None
    sale = tx.state.get("sales", merchant_uid)
    if sale is None:
        raise IntentRefused(f"no sale intent for {merchant_uid}")
    tx.write_as(sale)
    tx.append("SR", int(sale["id"]), _result_body(outcome, payment, message, decided_by, int(sale["amount"])))


def record_cancel_intent(tx: WriteContext, intent: CancelIntent) -> None:
    refuse_card_digits(vars(intent))
    sale = tx.state.get("sales", intent.merchant_uid)
    if sale is None:
        raise IntentRefused(f"cancel of unknown sale {intent.merchant_uid}")
    existing = tx.state.get("cancels", intent.cancel_id)
    if existing is not None:
        if existing["outcome"] != Outcome.UNKNOWN.value or existing["merchant_uid"] != intent.merchant_uid:
            raise IntentRefused(f"cancel_id {intent.cancel_id} was already used ({existing['outcome']})")
        body: dict[str, Any] = {"id": intent.cancel_id}
        if intent.portone_at is not None:
            body["pa"] = intent.portone_at
        tx.append("CX", int(sale["id"]), body)
        return
    busy = tx.conn.execute(
        "SELECT cancel_id FROM cancels WHERE merchant_uid = ? AND outcome IN ('pending', 'unknown')",
        (intent.merchant_uid,),
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"sale {intent.merchant_uid} has an unresolved cancel {busy[0]}")
    tx.append(
        "CI", int(sale["id"]), pack(intent, {"merchant_uid": intent.merchant_uid, "imp_uid": sale["imp_uid"]})
    )


def record_cancel_result(
    tx: WriteContext,
    cancel_id: str,
    outcome: Outcome,
    payment: PaymentFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    payment = masked_result(payment) if payment is not None else None
    cancel = tx.state.get("cancels", cancel_id)
    if cancel is None:
        raise IntentRefused(f"no cancel intent {cancel_id}")
    sale = tx.state.get("sales", str(cancel["merchant_uid"]))
    assert sale is not None  # the foreign key guarantees it
    tx.write_as(cancel)
    tx.append(
        "CR",
        int(sale["id"]),
        {"id": cancel_id, **_result_body(outcome, payment, message, decided_by, int(sale["amount"]))},
    )


# -------------------------------------------------------------------------------------------- reads
# Rows are read as tuples in the order of SALE_SELECT and mapped by position: dict rows cost more than
# the query itself on a history page.
SALE_SELECT = (
    "SELECT merchant_uid, coalesce(sale_id, merchant_uid), kind, created_at, updated_at, amount, tax_free, "
    "coalesce(order_name, ''), coalesce(card_hint, ''), card_company, coalesce(buyer_name, ''), "
    "coalesce(buyer_tel, ''), customer_uid, coalesce(card_quota, 0), coalesce(product_type, 'real'), "
    "outcome, message, imp_uid, apply_num, card_name, card_number, paid_amount, cancel_amount, paid_at, "
    "receipt_url, partial_cancel_count, coalesce(operator, ''), coalesce(counter_id, ''), card_code, pg_tid, "
    "cancelled_at, "
    "coalesce(buyer_email, '') FROM sales"
)
_OUTCOMES = {o.value: o for o in Outcome}


_SALE_FIELDS = tuple(f.name for f in fields(SaleRow))
_new = object.__new__


def sale_from_tuple(t: tuple[Any, ...]) -> SaleRow:
    # A history page maps 200 of these: filling the frozen dataclass's __dict__ directly is what its
    # __init__ does, without 32 object.__setattr__ calls (it measured 2.4x the raw query that way). The
    # row is an ordinary SaleRow: same fields, same equality, still frozen.
    row: SaleRow = _new(SaleRow)
    values = dict(zip(_SALE_FIELDS, t, strict=True))
    values["outcome"] = _OUTCOMES[values["outcome"]]
    row.__dict__.update(values)
    return row


CANCEL_SELECT = (
    "SELECT cancel_id, merchant_uid, imp_uid, amount, coalesce(tax_free, 0), checksum, coalesce(reason, ''), "
    "outcome, message, created_at, cancelled_at, coalesce(cancelled_amount, 0), origin, portone_id, "
    "tax_free_estimated, coalesce(operator, ''), coalesce(approver, '') FROM cancels"
)


def cancel_from_tuple(t: tuple[Any, ...]) -> CancelRow:
    return CancelRow(
        t[0],
        t[1],
        t[2],
        t[3],
        t[4],
        t[5],
        t[6],
        _OUTCOMES[t[7]],
        t[8],
        t[9],
        t[10],
        t[11],
        t[12],
        t[13],
        bool(t[14]),
        t[15],
        t[16],
    )


def sale(db: Database, merchant_uid: str) -> SaleRow | None:
    row = db.conn.execute(SALE_SELECT + " WHERE merchant_uid = ?", (merchant_uid,)).fetchone()
    return sale_from_tuple(row) if row else None


def attempts_of_sale(db: Database, sale_id: str) -> list[SaleRow]:
    """Every attempt (merchant_uid) of one sale, oldest first."""
    # the first attempt's sale_id is stored as NULL (it is its own merchant_uid)
    return [
        sale_from_tuple(r)
        for r in db.conn.execute(
            SALE_SELECT + " WHERE merchant_uid = ?1 OR sale_id = ?1 ORDER BY created_at, merchant_uid",
            (sale_id,),
        )
    ]


def open_sales(db: Database) -> list[SaleRow]:
    return [
        sale_from_tuple(r)
        for r in db.conn.execute(SALE_SELECT + " WHERE outcome IN (?, ?) ORDER BY created_at, id", NON_FINAL)
    ]


def recent_similar_sales(db: Database, card_hint: str, amount: int, since_ts: float) -> list[SaleRow]:
    """Attempts on the same masked card and amount since ``since_ts`` that took or may have taken money
    (declined and not-charged attempts are left out): the duplicate-charge warning.

    Compares the visible digits of the hint, so "4111-11**-****-1111" matches "411111******1111".
    """
    wanted = digits_of(card_hint)
    rows = db.conn.execute(
        SALE_SELECT + " WHERE amount = ? AND created_at >= ? AND outcome NOT IN (?, ?) "
        "ORDER BY created_at DESC, id DESC",
        (amount, since_ts, Outcome.DECLINED.value, Outcome.NOT_CHARGED.value),
    )
    return [s for s in map(sale_from_tuple, rows) if digits_of(s.card_hint) == wanted]


def cancels_of(db: Database, merchant_uid: str) -> list[CancelRow]:
    return [
        cancel_from_tuple(r)
        for r in db.conn.execute(
            CANCEL_SELECT + " WHERE merchant_uid = ? ORDER BY seq, rowid", (merchant_uid,)
        )
    ]


def open_cancels(db: Database) -> list[CancelRow]:
    return [
        cancel_from_tuple(r)
        for r in db.conn.execute(
            CANCEL_SELECT + " WHERE outcome IN ('pending', 'unknown') ORDER BY created_at, seq"
        )
    ]
