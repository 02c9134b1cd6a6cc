"""The projection: how one event changes the current-state tables. The only code that writes them.

``apply(state, event)`` is called by the live write path right after the event is appended (inside the
same transaction, on ``SqlState``) and by replay for every stored event (on ``MemState``). Because both
run this one function on the event as stored (the body is decoded from its stored text, not taken from
the caller), a live journal and its replay cannot disagree unless someone changed the tables or the
events — which is exactly what ``verify`` looks for.

Rules (PortOne's record wins; a second line of defence behind services):
- a result may move an attempt to whatever PortOne's record says; each refund in a payment's
  ``cancel_history`` is one cancel row: ours when a cancel this counter asked for has its amount and was
  written ahead before it happened (PortOne's clock, 120 s of slack), else a row of origin "portone";
- a done refund stays done; the sale's totals follow PortOne's ``cancel_amount``;
- every operation (sale attempt, cancel, card registration/deletion, receipt issue/cancel) is opened by
  its intent and settled by its result (``settled_at`` = the deciding event): a sale attempt's in its
  own ``sales`` row (``op_state`` …), every other one in an ``operations`` row.

Nothing here checks whether an event *should* have been written (that is the record functions' job,
before the event exists); an event that cannot be applied at all (a result for a group that does not
exist) raises ``ReplayError``.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from pos_app.domain.outcomes import Outcome
from pos_app.journal.codec import unpack, unpack_fields
from pos_app.journal.records import (
    MONEY_TAKEN,
    CancelFact,
    CancelIntent,
    PaymentFacts,
    SaleIntent,
)
from pos_app.journal.state import Row, State

PENDING, UNKNOWN = Outcome.PENDING.value, Outcome.UNKNOWN.value
NON_FINAL = (PENDING, UNKNOWN)
_DONE = (Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value)
_MATCHABLE = frozenset({PENDING, UNKNOWN, Outcome.NOT_CHARGED.value, *_DONE})
_SLACK_S = 120.0
_NON_DIGITS = re.compile(r"\D")


class ReplayError(ValueError):
    """An event that cannot be applied to the state built so far."""


class Event(NamedTuple):
    """One stored event, its body decoded (a tuple: replay makes two million of them)."""

    id: int
    ts: float
    k: str
    g: int | None
    body: dict[str, Any]


def digits_of(text: str | None) -> str:
    return _NON_DIGITS.sub("", text or "")


def last4_of(masked: str | None) -> str | None:
    digits = digits_of(masked)
    return digits[-4:] if len(digits) >= 4 else None


def _who(state: State) -> Row:
    operator = state.get("meta", "o")
    counter = state.get("meta", "c")
    return {"operator": operator["v"] if operator else "", "counter_id": counter["v"] if counter else ""}


def _approver(state: State) -> str | None:
    """The manager or owner who approved the write on the spot (the ``W`` in force), or None."""
    approver = state.get("meta", "a")
    return str(approver["v"]) if approver and approver["v"] else None


def _meta(state: State, key: str, value: str) -> None:
    if state.get("meta", key) is None:
        state.insert("meta", {"k": key, "v": value})
    else:
        state.update("meta", key, {"v": value})


def _group(state: State, table: str, ev: Event) -> Row:
    row = state.by_id(table, ev.g) if ev.g is not None else None
    if row is None:
        raise ReplayError(f"event #{ev.id} ({ev.k}) names group {ev.g}, which does not exist")
    return row


# ------------------------------------------------------------------------------------- operations
def _open_op(
    state: State,
    ev: Event,
    op_id: str,
    kind: str,
    ref: str,
    *,
    amount: int,
    label: str,
    portone_at: float | None,
    sale_ref: str | None = None,
    arg: str | None = None,
) -> None:
    who = _who(state)
    if state.get("operations", op_id) is not None:
        state.update(
            "operations",
            op_id,
            {
                "state": PENDING,
                "decided_by": None,
                "message": None,
                "settled_at": None,
                "updated_at": ev.ts,
                "portone_at": portone_at,
                **who,
                "approver": _approver(state),
            },
        )
        return
    # stored without repeating itself (operations.OPERATION_SELECT reads it back whole)
    state.insert(
        "operations",
        {
            "op_id": op_id,
            "kind": kind,
            "ref": None if ref == op_id else ref,
            "sale_ref": None if kind == "sale" else sale_ref,
            "state": PENDING,
            "decided_by": None,
            "amount": amount,
            "label": None if kind == "sale" else label,
            "created_at": ev.ts,
            "updated_at": ev.ts,
            "portone_at": portone_at,
            "settled_at": None,
            "message": None,
            "arg": arg,
            **who,
            "approver": _approver(state),
        },
    )


def _settle_op(
    state: State, ev: Event, op_id: str, outcome: Outcome, decided_by: str, message: str | None
) -> None:
    if state.get("operations", op_id) is None:
        return
    final = outcome.is_final
    state.update(
        "operations",
        op_id,
        {
            "state": outcome.value,
            "message": message,
            "updated_at": ev.ts,
            "decided_by": decided_by if final else None,
            "settled_at": ev.ts if final else None,
        },
    )


def _label(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


# ------------------------------------------------------------------------------------------ sales
def _sale_intent(state: State, ev: Event) -> None:
    # the hottest path of a replay (one per sale): the intent's fields by name, no record object
    row = unpack_fields(SaleIntent, ev.body)
    uid = row["merchant_uid"]
    if row["sale_id"] == uid:
        row["sale_id"] = None
    row.update(
        id=ev.id,
        created_at=ev.ts,
        updated_at=ev.ts,
        outcome=PENDING,
        paid_amount=0,
        cancel_amount=0,
        partial_cancel_count=0,
        card_last4=last4_of(row["card_hint"]),
        # the attempt is an operation too, kept in its own row (operations.SALE_OPERATION_SELECT)
        op_state=PENDING,
        op_updated_at=ev.ts,
    )
    row.update(_who(state))
    state.insert("sales", row)


def _sale_retry(state: State, ev: Event) -> None:
    sale = _group(state, "sales", ev)
    uid = str(sale["merchant_uid"])
    portone_at = ev.body.get("pa")
    state.update(
        "sales",
        uid,
        {
            "outcome": PENDING,
            "message": None,
            "updated_at": ev.ts,
            "portone_at": portone_at,
            "op_state": PENDING,
            "decided_by": None,
            "settled_at": None,
            "op_updated_at": ev.ts,
            **_who(state),
        },
    )


def _payment(body: dict[str, Any], sale: Row) -> PaymentFacts | None:
    packed = body.get("p")
    return unpack(PaymentFacts, packed, {"amount": sale["amount"]}) if packed is not None else None


_OUTCOMES = {o.value: o for o in Outcome}


def _sale_result(state: State, ev: Event) -> None:
    sale = _group(state, "sales", ev)
    uid = str(sale["merchant_uid"])
    outcome = _OUTCOMES[ev.body["o"]]
    message = ev.body.get("m")
    packed = ev.body.get("p")
    changes: Row = {"outcome": outcome.value, "message": message, "updated_at": ev.ts}
    p: dict[str, Any] | None = None
    if packed is not None:
        p = unpack_fields(PaymentFacts, packed, {"amount": sale["amount"]})
        changes.update(
            imp_uid=p["imp_uid"],
            apply_num=p["apply_num"],
            card_name=p["card_name"],
            card_code=p["card_code"],
            card_number=p["card_number"],
            pg_tid=p["pg_tid"],
            receipt_url=p["receipt_url"],
            paid_at=p["paid_at"],
            cancelled_at=p["cancelled_at"],
            cancel_amount=p["cancel_amount"],
            paid_amount=p["amount"] if outcome in MONEY_TAKEN else 0,
            card_last4=last4_of(p["card_number"] or sale["card_hint"]),
        )
        if message is None and p["fail_reason"]:
            changes["message"] = p["fail_reason"]
    final = outcome.is_final
    changes.update(
        op_state=outcome.value,
        op_updated_at=ev.ts,
        decided_by=ev.body.get("d", "reply") if final else None,
        settled_at=ev.ts if final else None,
    )
    state.update("sales", uid, changes)
    if p is not None and p["cancel_history"] and outcome in MONEY_TAKEN:
        _sync_cancels(state, ev, uid, PaymentFacts(**p))


def _sale_outcome_after_cancel(current: str, paid: int, cancelled: int) -> str:
    if paid > 0 and cancelled >= paid:
        return Outcome.CANCELLED.value
    if cancelled > 0 and current != Outcome.MISMATCH.value:
        return Outcome.PARTIALLY_CANCELLED.value
    return current


def _count_partials(state: State, uid: str) -> None:
    sale = state.get("sales", uid)
    assert sale is not None
    paid = int(sale["paid_amount"])
    count = sum(
        1 for c in state.cancels_of(uid) if c["outcome"] in _DONE and int(c["cancelled_amount"] or 0) < paid
    )
    if count != sale["partial_cancel_count"]:
        state.update("sales", uid, {"partial_cancel_count": count})


# ---------------------------------------------------------------------------------------- cancels
def _cancel_intent(state: State, ev: Event) -> None:
    sale = _group(state, "sales", ev)
    uid = str(sale["merchant_uid"])
    intent = unpack(CancelIntent, ev.body, {"merchant_uid": uid, "imp_uid": sale["imp_uid"]})
    state.insert(
        "cancels",
        {
            "cancel_id": intent.cancel_id,
            "merchant_uid": uid,
            "imp_uid": intent.imp_uid,
            "amount": intent.amount,
            "tax_free": intent.tax_free,
            "checksum": intent.checksum,
            "reason": intent.reason,
            "outcome": PENDING,
            "message": None,
            "created_at": ev.ts,
            "updated_at": ev.ts,
            "cancelled_at": None,
            "cancelled_amount": 0,
            "portone_at": intent.portone_at,
            "origin": "counter",
            "portone_id": None,
            "tax_free_estimated": 0,
            "seq": ev.id,
            **_who(state),
            "approver": _approver(state),
        },
    )
    _open_op(
        state,
        ev,
        intent.cancel_id,
        "cancel",
        intent.cancel_id,
        amount=intent.amount,
        label=intent.reason,
        portone_at=intent.portone_at,
        sale_ref=uid,
    )


def _cancel_row(state: State, ev: Event, sale: Row) -> Row:
    cancel = state.get("cancels", str(ev.body["id"]))
    if cancel is None or cancel["merchant_uid"] != sale["merchant_uid"]:
        raise ReplayError(f"event #{ev.id} ({ev.k}) names cancel {ev.body.get('id')}, not of this sale")
    return cancel


def _cancel_retry(state: State, ev: Event) -> None:
    sale = _group(state, "sales", ev)
    cancel = _cancel_row(state, ev, sale)
    cancel_id = str(cancel["cancel_id"])
    portone_at = ev.body.get("pa")
    state.update(
        "cancels",
        cancel_id,
        {"outcome": PENDING, "message": None, "updated_at": ev.ts, "portone_at": portone_at},
    )
    _open_op(
        state,
        ev,
        cancel_id,
        "cancel",
        cancel_id,
        amount=int(cancel["amount"]),
        label=str(cancel["reason"] or ""),
        portone_at=portone_at,
        sale_ref=str(sale["merchant_uid"]),
    )


def _cancel_result(state: State, ev: Event) -> None:
    sale = _group(state, "sales", ev)
    cancel = _cancel_row(state, ev, sale)
    uid, cancel_id = str(sale["merchant_uid"]), str(cancel["cancel_id"])
    outcome = Outcome(ev.body["o"])
    message = ev.body.get("m")
    decided_by = ev.body.get("d", "reply")
    payment = _payment(ev.body, sale)
    if payment is not None and payment.cancel_history:
        _cancel_from_history(state, ev, cancel, outcome, payment, message, decided_by)
        return
    changes: Row = {"outcome": outcome.value, "message": message, "updated_at": ev.ts}
    sale_changes: Row = {"updated_at": ev.ts}
    already_done = cancel["outcome"] in _DONE
    before, paid = int(sale["cancel_amount"]), int(sale["paid_amount"])
    if outcome.value in _DONE and not already_done:
        after = (
            max(payment.cancel_amount, before)
            if payment is not None
            else (before + (int(cancel["amount"]) or paid - before))
        )
        # after == before when a lookup already moved the sale's total: fall back to what was asked
        delta = after - before if after > before else int(cancel["amount"]) or max(paid - before, 0)
        cancelled_at = payment.cancelled_at if payment is not None and payment.cancelled_at else ev.ts
        changes.update(cancelled_at=cancelled_at, cancelled_amount=delta)
        sale_changes.update(cancelled_at=cancelled_at, cancel_amount=max(after, before))
        sale_changes["outcome"] = _sale_outcome_after_cancel(str(sale["outcome"]), paid, max(after, before))
    elif payment is not None and payment.cancel_amount > before:
        # a refused/unknown cancel whose lookup shows more cancelled than we knew: trust PortOne's total
        sale_changes["cancel_amount"] = payment.cancel_amount
        sale_changes["outcome"] = _sale_outcome_after_cancel(
            str(sale["outcome"]), paid, payment.cancel_amount
        )
    elif already_done and outcome.value not in _DONE:
        changes["outcome"] = cancel["outcome"]  # a done refund stays done: a later answer cannot undo it
    state.update("cancels", cancel_id, changes)
    state.update("sales", uid, sale_changes)
    _settle_op(state, ev, cancel_id, Outcome(changes["outcome"]), decided_by, message)
    _count_partials(state, uid)


def _cancel_from_history(
    state: State,
    ev: Event,
    cancel: Row,
    outcome: Outcome,
    payment: PaymentFacts,
    message: str | None,
    decided_by: str,
) -> None:
    """PortOne's cancel_history decides: ours is done exactly when one of its refunds is ours."""
    cancel_id = str(cancel["cancel_id"])
    state.update("cancels", cancel_id, {"message": message, "updated_at": ev.ts})
    _sync_cancels(state, ev, str(cancel["merchant_uid"]), payment, prefer=cancel_id)
    row = state.get("cancels", cancel_id)
    assert row is not None
    if row["portone_id"] is not None or row["outcome"] in _DONE:
        return  # matched to a refund in PortOne's record, or done before PortOne listed refunds
    if outcome.value in _DONE:
        outcome = Outcome.UNKNOWN  # the caller read it as done but no refund in the record is ours
    state.update("cancels", cancel_id, {"outcome": outcome.value})
    _settle_op(state, ev, cancel_id, outcome, decided_by, message)


def _sync_cancels(
    state: State, ev: Event, uid: str, payment: PaymentFacts, *, prefer: str | None = None
) -> None:
    sale = state.get("sales", uid)
    assert sale is not None
    rows = state.cancels_of(uid)
    known = {r["portone_id"] for r in rows if r["portone_id"]}
    paid = int(sale["paid_amount"]) or payment.amount
    running = 0
    # PortOne lists refunds in the order they happened; the sort (stable) only guards against a list
    # that is not, and keeps that order for refunds stamped in the same second
    entries = sorted(payment.cancel_history, key=lambda e: e.cancelled_at or 0)
    foreign = sum(1 for r in rows if r["origin"] == "portone")
    for entry in entries:
        running += entry.amount
        done = Outcome.CANCELLED if paid > 0 and running >= paid else Outcome.PARTIALLY_CANCELLED
        if entry.portone_id in known:
            continue
        known.add(entry.portone_id)
        mine = _our_cancel_for(rows, entry, prefer)
        cancelled_at = entry.cancelled_at or ev.ts
        if mine is not None:
            mine["portone_id"] = entry.portone_id
            state.update(
                "cancels",
                str(mine["cancel_id"]),
                {
                    "outcome": done.value,
                    "cancelled_amount": entry.amount,
                    "cancelled_at": cancelled_at,
                    "portone_id": entry.portone_id,
                    "updated_at": ev.ts,
                },
            )
            _settle_op(state, ev, str(mine["cancel_id"]), done, "record", None)
            continue
        foreign += 1
        row = {
            "cancel_id": f"{uid}-p{foreign}",
            "merchant_uid": uid,
            "imp_uid": payment.imp_uid,
            "amount": entry.amount,
            "tax_free": _estimated_tax_free(sale, entry.amount),
            "checksum": None,
            "reason": entry.reason or "",
            "outcome": done.value,
            "message": None,
            "created_at": ev.ts,
            "updated_at": ev.ts,
            "cancelled_at": cancelled_at,
            "cancelled_amount": entry.amount,
            "origin": "portone",
            "portone_id": entry.portone_id,
            "tax_free_estimated": 1,
            "portone_at": None,
            "seq": ev.id,
            **_who(state),
        }
        state.insert("cancels", row)
        rows.append(row)
    total = max(payment.cancel_amount, running)
    last_at = max((e.cancelled_at or 0 for e in entries), default=0) or payment.cancelled_at
    state.update(
        "sales",
        uid,
        {
            "cancel_amount": total,
            "cancelled_at": last_at or sale["cancelled_at"],
            "updated_at": ev.ts,
            "outcome": _sale_outcome_after_cancel(str(sale["outcome"]), paid, total),
        },
    )
    _count_partials(state, uid)


def _our_cancel_for(rows: list[Row], entry: CancelFact, prefer: str | None) -> Row | None:
    def fits(row: Row) -> bool:
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
    candidates.sort(key=lambda r: (r["outcome"] not in _DONE, r["seq"]))
    return candidates[0] if candidates else None


def _estimated_tax_free(sale: Row, amount: int) -> int:
    """A refund made elsewhere: PortOne does not say its tax-free part; take the sale's share of it."""
    paid = int(sale["paid_amount"]) or int(sale["amount"])
    tax_free = int(sale["tax_free"] or 0)
    if paid <= 0 or tax_free <= 0:
        return 0
    return min(tax_free, (amount * tax_free * 2 + paid) // (2 * paid))
