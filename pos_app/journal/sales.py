"""Sale attempts and their cancels: the write-ahead records and the current-state rows.

Invariants kept here (a second line of defence behind services):
- an attempt's ``sale_id`` is the first merchant_uid of its sale;
- no new attempt while another attempt of the same sale is PENDING/UNKNOWN, and none once money was taken;
- a merchant_uid is written once; only an UNKNOWN or NOT_CHARGED attempt may be intended again (a
  resend under its own merchant_uid, logged as a ``sale_retry`` event, the state going back to PENDING);
- one unresolved cancel per sale at a time;
- PortOne's record wins: a result may move an attempt from any state to what PortOne's record says (a
  "not charged" attempt found paid later is recorded as paid), and every refund in the payment's
  ``cancel_history`` is one cancel row — ours when it matches a cancel this counter asked for, else a row
  of origin "portone" (a refund made in the console or at another counter). The sale's totals are
  PortOne's ``cancel_amount``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.operations import open_operation, settle_operation
from pos_app.journal.records import (
    MONEY_TAKEN,
    CancelFact,
    CancelIntent,
    CancelRow,
    DecidedBy,
    PaymentFacts,
    SaleIntent,
    SaleRow,
)
from pos_app.journal.schema import digits_of, last4_of

NON_FINAL = (Outcome.PENDING.value, Outcome.UNKNOWN.value)
CANCEL_DONE = frozenset({Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED})


# ------------------------------------------------------------------------------------------- writes
def record_sale_intent(tx: WriteContext, intent: SaleIntent) -> None:
    fields = asdict(intent)
    refuse_card_digits(fields)
    existing = _sale_dict(tx.db, intent.merchant_uid)
    if existing is not None:
        _record_retry(tx, intent, existing)
        return
    for attempt in tx.db.query(
        "SELECT merchant_uid, outcome FROM sales WHERE sale_id = ?", [intent.sale_id]
    ):
        outcome = Outcome(attempt["outcome"])
        if not outcome.is_final:
            raise IntentRefused(
                f"sale {intent.sale_id}: attempt {attempt['merchant_uid']} is still {outcome.value}"
            )
        if outcome in MONEY_TAKEN:
            raise IntentRefused(f"sale {intent.sale_id}: already paid by {attempt['merchant_uid']}")
    if intent.sale_id != intent.merchant_uid and _sale_dict(tx.db, intent.sale_id) is None:
        raise IntentRefused(f"sale_id {intent.sale_id} is not the merchant_uid of an earlier attempt")
    tx.event("sale_intent", intent.merchant_uid, fields)
    tx.db.table("sales").insert(
        {
            **fields,
            "created_at": tx.now, "updated_at": tx.now, "outcome": Outcome.PENDING.value,
            "card_last4": last4_of(intent.card_hint), "buyer_tel_digits": digits_of(intent.buyer_tel),
            "buyer_tel_last4": last4_of(intent.buyer_tel),
            **tx.who(),
        }
    )
    open_operation(
        tx, intent.merchant_uid, "sale", intent.merchant_uid, amount=intent.amount,
        label=_sale_label(intent.buyer_name, intent.card_hint), portone_at=intent.portone_at,
        sale_ref=intent.merchant_uid,
    )


def _sale_label(buyer_name: str, card_hint: str) -> str:
    return " ".join(part for part in (buyer_name, card_hint) if part)


def _record_retry(tx: WriteContext, intent: SaleIntent, existing: Mapping[str, Any]) -> None:
    if existing["outcome"] not in (Outcome.UNKNOWN.value, Outcome.NOT_CHARGED.value):
        raise IntentRefused(
            f"merchant_uid {intent.merchant_uid} was already used ({existing['outcome']}); "
            "only an UNKNOWN or NOT_CHARGED attempt may be sent again"
        )
    if existing["amount"] != intent.amount or existing["sale_id"] != intent.sale_id:
        raise IntentRefused(f"retry of {intent.merchant_uid} must be the same sale and amount")
    tx.event("sale_retry", intent.merchant_uid,
             {"previous_outcome": existing["outcome"], "portone_at": intent.portone_at})
    tx.db.table("sales").update(
        intent.merchant_uid,
        {"outcome": Outcome.PENDING.value, "message": None, "updated_at": tx.now,
         "portone_at": intent.portone_at, **tx.who()},
    )
    open_operation(
        tx, intent.merchant_uid, "sale", intent.merchant_uid, amount=intent.amount,
        label=_sale_label(intent.buyer_name, intent.card_hint), portone_at=intent.portone_at,
        sale_ref=intent.merchant_uid,
    )


def record_sale_result(
    tx: WriteContext, merchant_uid: str, outcome: Outcome, payment: PaymentFacts | None, message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    payment = _masked_payment(payment)
    facts = asdict(payment) if payment is not None else None
    sale = _sale_dict(tx.db, merchant_uid)
    if sale is None:
        raise IntentRefused(f"no sale intent for {merchant_uid}")
    tx.event("sale_result", merchant_uid,
             {"outcome": outcome.value, "message": message, "payment": facts, "decided_by": decided_by})
    changes: dict[str, Any] = {"outcome": outcome.value, "message": message, "updated_at": tx.now}
    if payment is not None:
        changes.update(
            imp_uid=payment.imp_uid, apply_num=payment.apply_num, card_name=payment.card_name,
            card_code=payment.card_code, card_number=payment.card_number, pg_tid=payment.pg_tid,
            receipt_url=payment.receipt_url, paid_at=payment.paid_at, cancelled_at=payment.cancelled_at,
            cancel_amount=payment.cancel_amount,
            paid_amount=payment.amount if outcome in MONEY_TAKEN else 0,
            card_last4=last4_of(payment.card_number or sale["card_hint"]),
        )
        if message is None and payment.fail_reason:
            changes["message"] = payment.fail_reason
    tx.db.table("sales").update(merchant_uid, changes)
    settle_operation(tx, merchant_uid, outcome, decided_by, changes["message"])
    if outcome is Outcome.APPROVED and sale["customer_uid"]:
        tx.db.execute(
            "UPDATE customers SET last_used_at = ?, updated_at = ? WHERE customer_uid = ?",
            [tx.now, tx.now, sale["customer_uid"]],
        )
    if payment is not None and payment.cancel_history and outcome in MONEY_TAKEN:
        _sync_cancels(tx, merchant_uid, payment)


def _masked_payment(payment: PaymentFacts | None) -> PaymentFacts | None:
    if payment is None:
        return None
    payment = masked_result(payment)
    if any(entry.reason for entry in payment.cancel_history):
        history = tuple(replace(entry, reason=masked_text(entry.reason)) for entry in payment.cancel_history)
        payment = replace(payment, cancel_history=history)
    return payment


def record_cancel_intent(tx: WriteContext, intent: CancelIntent) -> None:
    fields = asdict(intent)
    refuse_card_digits(fields)
    if _sale_dict(tx.db, intent.merchant_uid) is None:
        raise IntentRefused(f"cancel of unknown sale {intent.merchant_uid}")
    existing = _cancel_dict(tx.db, intent.cancel_id)
    if existing is not None:
        if existing["outcome"] != Outcome.UNKNOWN.value or existing["merchant_uid"] != intent.merchant_uid:
            raise IntentRefused(f"cancel_id {intent.cancel_id} was already used ({existing['outcome']})")
        tx.event("cancel_retry", intent.cancel_id,
                 {"previous_outcome": existing["outcome"], "portone_at": intent.portone_at})
        tx.db.table("cancels").update(
            intent.cancel_id,
            {"outcome": Outcome.PENDING.value, "message": None, "updated_at": tx.now,
             "portone_at": intent.portone_at},
        )
        open_operation(tx, intent.cancel_id, "cancel", intent.cancel_id, amount=intent.amount,
                       label=intent.reason, portone_at=intent.portone_at, sale_ref=intent.merchant_uid)
        return
    busy = tx.db.execute(
        "SELECT cancel_id FROM cancels WHERE merchant_uid = ? AND outcome IN (?, ?)",
        [intent.merchant_uid, *NON_FINAL],
    ).fetchone()
    if busy is not None:
        raise IntentRefused(f"sale {intent.merchant_uid} has an unresolved cancel {busy[0]}")
    tx.event("cancel_intent", intent.cancel_id, fields)
    tx.db.table("cancels").insert(
        {**fields, "outcome": Outcome.PENDING.value, "created_at": tx.now, "updated_at": tx.now,
         "cancelled_amount": 0, "origin": "counter", **tx.who()}
    )
    open_operation(tx, intent.cancel_id, "cancel", intent.cancel_id, amount=intent.amount,
                   label=intent.reason, portone_at=intent.portone_at, sale_ref=intent.merchant_uid)


def record_cancel_result(
    tx: WriteContext, cancel_id: str, outcome: Outcome, payment: PaymentFacts | None, message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    message = masked_text(message)
    payment = _masked_payment(payment)
    facts = asdict(payment) if payment is not None else None
    cancel = _cancel_dict(tx.db, cancel_id)
    if cancel is None:
        raise IntentRefused(f"no cancel intent {cancel_id}")
    sale = _sale_dict(tx.db, str(cancel["merchant_uid"]))
    assert sale is not None  # the foreign key guarantees it
    tx.event("cancel_result", cancel_id,
             {"outcome": outcome.value, "message": message, "payment": facts, "decided_by": decided_by})
    if payment is not None and payment.cancel_history:
        _record_from_history(tx, cancel, outcome, payment, message, decided_by)
        return
    changes: dict[str, Any] = {"outcome": outcome.value, "message": message, "updated_at": tx.now}
    sale_changes: dict[str, Any] = {"updated_at": tx.now}
    already_done = Outcome(cancel["outcome"]) in CANCEL_DONE
    if outcome in CANCEL_DONE and not already_done:
        before = int(sale["cancel_amount"])
        paid = int(sale["paid_amount"])
        if payment is not None:
            after = max(payment.cancel_amount, before)
        else:
            after = before + (int(cancel["amount"]) or paid - before)
        # after == before when a lookup already moved the sale's total: fall back to what was asked.
        delta = after - before if after > before else int(cancel["amount"]) or max(paid - before, 0)
        cancelled_at = payment.cancelled_at if payment is not None and payment.cancelled_at else tx.now
        changes.update(cancelled_at=cancelled_at, cancelled_amount=delta)
        sale_changes["cancelled_at"] = cancelled_at
        sale_changes["cancel_amount"] = max(after, before)
        sale_changes["outcome"] = _sale_outcome_after_cancel(
            Outcome(sale["outcome"]), int(sale["paid_amount"]), sale_changes["cancel_amount"]
        ).value
    elif payment is not None and payment.cancel_amount > int(sale["cancel_amount"]):
        # A refused or unknown cancel whose lookup still shows more cancelled than we knew, or a repeated
        # result of a finished cancel (its own amounts stay as first recorded): trust PortOne's total.
        sale_changes["cancel_amount"] = payment.cancel_amount
        sale_changes["outcome"] = _sale_outcome_after_cancel(
            Outcome(sale["outcome"]), int(sale["paid_amount"]), payment.cancel_amount
        ).value
    elif already_done and outcome not in CANCEL_DONE:
        changes["outcome"] = cancel["outcome"]  # a done refund stays done: a later answer cannot undo it
    tx.db.table("cancels").update(cancel_id, changes)
    tx.db.table("sales").update(sale["merchant_uid"], sale_changes)
    settle_operation(tx, cancel_id, Outcome(changes["outcome"]), decided_by, message)
    _count_partials(tx, str(sale["merchant_uid"]))


def _record_from_history(
    tx: WriteContext, cancel: dict[str, Any], outcome: Outcome, payment: PaymentFacts, message: str | None,
    decided_by: DecidedBy,
) -> None:
    """PortOne's cancel_history decides: ours is done exactly when one of its refunds is ours."""
    cancel_id = str(cancel["cancel_id"])
    tx.db.table("cancels").update(cancel_id, {"message": message, "updated_at": tx.now})
    _sync_cancels(tx, str(cancel["merchant_uid"]), payment, prefer=cancel_id)
    row = _cancel_dict(tx.db, cancel_id)
    assert row is not None
    if row["portone_id"] is not None:
        return  # matched to a refund in PortOne's record: done, whatever the call's own answer was
    if Outcome(row["outcome"]) in CANCEL_DONE:
        return  # done earlier (before PortOne listed refunds): stays done
    if outcome in CANCEL_DONE:
        # the caller read it as done but no refund in the record is ours: not proven, keep it open
        outcome = Outcome.UNKNOWN
    tx.db.table("cancels").update(cancel_id, {"outcome": outcome.value})
    settle_operation(tx, cancel_id, outcome, decided_by, message)


def _sync_cancels(
    tx: WriteContext, merchant_uid: str, payment: PaymentFacts, *, prefer: str | None = None
) -> list[str]:
    """One cancel row per refund in PortOne's ``cancel_history``; returns the ids of rows it changed.

    A refund is ours when a cancel this counter asked for has its amount and was written ahead before the
    refund happened (PortOne's clock, 120 s of slack for the estimate); it is then marked done with
    PortOne's id. Any other refund becomes a row of origin "portone". The sale's totals follow PortOne.
    """
    sale = _sale_dict(tx.db, merchant_uid)
    assert sale is not None
    rows = list(tx.db.query("SELECT * FROM cancels WHERE merchant_uid = ? ORDER BY created_at, rowid",
                            [merchant_uid]))
    known = {r["portone_id"] for r in rows if r["portone_id"]}
    paid = int(sale["paid_amount"]) or payment.amount
    changed: list[str] = []
    running = 0
    # PortOne lists refunds in the order they happened; the sort (stable) only guards against a list
    # that is not, and keeps that order for refunds stamped in the same second
    entries = sorted(payment.cancel_history, key=lambda e: e.cancelled_at or 0)
    for entry in entries:
        running += entry.amount
        done = Outcome.CANCELLED if paid > 0 and running >= paid else Outcome.PARTIALLY_CANCELLED
        if entry.portone_id in known:
            continue
        known.add(entry.portone_id)
        mine = _our_cancel_for(rows, entry, prefer)
        cancelled_at = entry.cancelled_at or tx.now
        if mine is not None:
            mine["portone_id"] = entry.portone_id
            tx.db.table("cancels").update(
                mine["cancel_id"],
                {"outcome": done.value, "cancelled_amount": entry.amount, "cancelled_at": cancelled_at,
                 "portone_id": entry.portone_id, "updated_at": tx.now},
            )
            settle_operation(tx, str(mine["cancel_id"]), done, "record", None)
            changed.append(str(mine["cancel_id"]))
            continue
        cancel_id = f"{merchant_uid}-p{sum(1 for r in rows if r['origin'] == 'portone') + 1}"
        row = {
            "cancel_id": cancel_id, "merchant_uid": merchant_uid, "imp_uid": payment.imp_uid,
            "amount": entry.amount, "tax_free": _estimated_tax_free(sale, entry.amount), "checksum": None,
            "reason": entry.reason or "", "outcome": done.value, "message": None, "created_at": tx.now,
            "updated_at": tx.now, "cancelled_at": cancelled_at, "cancelled_amount": entry.amount,
            "origin": "portone", "portone_id": entry.portone_id, "tax_free_estimated": 1, "portone_at": None,
            **tx.who(),
        }
        tx.db.table("cancels").insert(row)
        rows.append(row)
        changed.append(cancel_id)
    total = max(payment.cancel_amount, running)
    last_at = max((e.cancelled_at or 0 for e in entries), default=0) or payment.cancelled_at
    tx.db.table("sales").update(
        merchant_uid,
        {"cancel_amount": total, "cancelled_at": last_at or sale["cancelled_at"], "updated_at": tx.now,
         "outcome": _sale_outcome_after_cancel(Outcome(sale["outcome"]), paid, total).value},
    )
    _count_partials(tx, merchant_uid)
    return changed


_MATCHABLE = frozenset({
    Outcome.PENDING.value, Outcome.UNKNOWN.value, Outcome.NOT_CHARGED.value, Outcome.CANCELLED.value,
    Outcome.PARTIALLY_CANCELLED.value,
})
_SLACK_S = 120.0


def _our_cancel_for(
    rows: list[dict[str, Any]], entry: CancelFact, prefer: str | None
) -> dict[str, Any] | None:
    def fits(row: dict[str, Any]) -> bool:
        if row["origin"] != "counter" or row["portone_id"] or row["outcome"] not in _MATCHABLE:
            return False
        if int(row["amount"]) not in (0, entry.amount):
            return False
        sent = row["portone_at"]
        return sent is None or entry.cancelled_at is None or entry.cancelled_at >= float(sent) - _SLACK_S

    candidates = [row for row in rows if fits(row)]
    for row in candidates:
        if row["cancel_id"] == prefer:
            return row
    # refunds recorded as done before PortOne listed them come first: they happened earliest
    done = (Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value)
    candidates.sort(key=lambda r: (r["outcome"] not in done, r["created_at"]))
    return candidates[0] if candidates else None


def _estimated_tax_free(sale: dict[str, Any], amount: int) -> int:
    """A refund made elsewhere: PortOne does not say its tax-free part; take the sale's share of it."""
    paid = int(sale["paid_amount"]) or int(sale["amount"])
    tax_free = int(sale["tax_free"] or 0)
    if paid <= 0 or tax_free <= 0:
        return 0
    return min(tax_free, (amount * tax_free * 2 + paid) // (2 * paid))


def _count_partials(tx: WriteContext, merchant_uid: str) -> None:
    sale = _sale_dict(tx.db, merchant_uid)
    assert sale is not None
    count = tx.db.execute(
        "SELECT count(*) FROM cancels WHERE merchant_uid = ? AND outcome IN (?, ?) AND cancelled_amount < ?",
        [merchant_uid, Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value, int(sale["paid_amount"])],
    ).fetchone()[0]
    tx.db.execute(
        "UPDATE sales SET partial_cancel_count = ? WHERE merchant_uid = ?", [int(count), merchant_uid]
    )


def _sale_outcome_after_cancel(current: Outcome, paid: int, cancelled: int) -> Outcome:
    if paid > 0 and cancelled >= paid:
        return Outcome.CANCELLED
    if cancelled > 0 and current is not Outcome.MISMATCH:
        return Outcome.PARTIALLY_CANCELLED
    return current


# -------------------------------------------------------------------------------------------- reads
def _sale_dict(db: Database, merchant_uid: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM sales WHERE merchant_uid = ?", [merchant_uid]))
    return rows[0] if rows else None


def _cancel_dict(db: Database, cancel_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM cancels WHERE cancel_id = ?", [cancel_id]))
    return rows[0] if rows else None


def sale_from_row(row: Mapping[str, Any]) -> SaleRow:
    return SaleRow(
        merchant_uid=row["merchant_uid"], sale_id=row["sale_id"], kind=row["kind"],
        created_at=row["created_at"], updated_at=row["updated_at"], amount=row["amount"],
        tax_free=row["tax_free"], order_name=row["order_name"] or "", card_hint=row["card_hint"] or "",
        card_company=row["card_company"], buyer_name=row["buyer_name"] or "",
        buyer_tel=row["buyer_tel"] or "", customer_uid=row["customer_uid"], card_quota=row["card_quota"] or 0,
        product_type=row["product_type"] or "real", outcome=Outcome(row["outcome"]), message=row["message"],
        imp_uid=row["imp_uid"], apply_num=row["apply_num"], card_name=row["card_name"],
        card_number=row["card_number"], paid_amount=row["paid_amount"], cancel_amount=row["cancel_amount"],
        paid_at=row["paid_at"], receipt_url=row["receipt_url"],
        partial_cancel_count=row["partial_cancel_count"], operator=row["operator"] or "",
        counter_id=row["counter_id"] or "", card_code=row["card_code"], pg_tid=row["pg_tid"],
        cancelled_at=row["cancelled_at"], buyer_email=row["buyer_email"] or "",
    )


def cancel_from_row(row: Mapping[str, Any]) -> CancelRow:
    return CancelRow(
        cancel_id=row["cancel_id"], merchant_uid=row["merchant_uid"], imp_uid=row["imp_uid"],
        amount=row["amount"], tax_free=row["tax_free"] or 0, checksum=row["checksum"],
        reason=row["reason"] or "", outcome=Outcome(row["outcome"]), message=row["message"],
        created_at=row["created_at"], cancelled_at=row["cancelled_at"],
        cancelled_amount=row["cancelled_amount"] or 0, origin=row.get("origin") or "counter",
        portone_id=row.get("portone_id"), tax_free_estimated=bool(row.get("tax_free_estimated")),
    )


def sale(db: Database, merchant_uid: str) -> SaleRow | None:
    row = _sale_dict(db, merchant_uid)
    return sale_from_row(row) if row else None


def attempts_of_sale(db: Database, sale_id: str) -> list[SaleRow]:
    """Every attempt (merchant_uid) of one sale, oldest first."""
    return [sale_from_row(r) for r in db.query(
        "SELECT * FROM sales WHERE sale_id = ? ORDER BY created_at, merchant_uid", [sale_id])]


def open_sales(db: Database) -> list[SaleRow]:
    return [sale_from_row(r) for r in db.query(
        "SELECT * FROM sales WHERE outcome IN (?, ?) ORDER BY created_at", list(NON_FINAL))]


def recent_similar_sales(db: Database, card_hint: str, amount: int, since_ts: float) -> list[SaleRow]:
    """Attempts on the same masked card and amount since ``since_ts`` that took or may have taken money
    (declined and not-charged attempts are left out): the duplicate-charge warning.

    Compares the visible digits of the hint, so "4111-11**-****-1111" matches "411111******1111".
    """
    wanted = digits_of(card_hint)
    rows = db.query(
        "SELECT * FROM sales WHERE amount = ? AND created_at >= ? AND outcome NOT IN (?, ?) "
        "ORDER BY created_at DESC",
        [amount, since_ts, Outcome.DECLINED.value, Outcome.NOT_CHARGED.value],
    )
    return [sale_from_row(r) for r in rows if digits_of(r["card_hint"]) == wanted]


def cancels_of(db: Database, merchant_uid: str) -> list[CancelRow]:
    return [cancel_from_row(r) for r in db.query(
        "SELECT * FROM cancels WHERE merchant_uid = ? ORDER BY created_at, rowid", [merchant_uid])]


def open_cancels(db: Database) -> list[CancelRow]:
    return [cancel_from_row(r) for r in db.query(
        "SELECT * FROM cancels WHERE outcome IN (?, ?) ORDER BY created_at", list(NON_FINAL))]
