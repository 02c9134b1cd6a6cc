"""The projection of saved cards (billing keys) and cash receipts, and ``apply``: every kind in one table.

See ``projection`` for what a projection is. Saved cards: a registration intent opens (or, for a
customer_uid whose registration was refused, re-opens) the row and its ``billing_key_issue`` operation;
a delete is an operation of its own whose reason is kept on the operation until PortOne confirms; "gone"
is PortOne saying it has no such key. Receipts: one row per receipt_id with its issue operation; a
receipt cancel is an operation of its own, and the receipt counts as cancelled once it is confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from pos_app.domain.outcomes import Outcome
from pos_app.journal.codec import unpack
from pos_app.journal.projection import (
    PENDING,
    Event,
    ReplayError,
    _cancel_intent,
    _cancel_result,
    _cancel_retry,
    _group,
    _label,
    _meta,
    _open_op,
    _sale_intent,
    _sale_result,
    _sale_retry,
    _settle_op,
    _who,
    digits_of,
)
from pos_app.journal.projection_people import PEOPLE_APPLY
from pos_app.journal.projection_plans import PLAN_APPLY
from pos_app.journal.records import BillingKeyIntent, CustomerFacts, ReceiptFacts, ReceiptIntent
from pos_app.journal.state import Row, State

GONE_REASON = "PortOne에 등록 정보 없음"


# ------------------------------------------------------------------------------------ saved cards
def _billing_key_intent(state: State, ev: Event) -> None:
    intent = unpack(BillingKeyIntent, ev.body)
    fields: Row = {
        "customer_uid": intent.customer_uid,
        "customer_name": intent.customer_name,
        "customer_tel": intent.customer_tel,
        "customer_email": intent.customer_email,
        "card_hint": intent.card_hint,
        "card_company": intent.card_company,
        "consent_text": intent.consent_text,
        "consent_at": intent.consent_at,
        "portone_at": intent.portone_at,
        "outcome": PENDING,
        "message": None,
        "updated_at": ev.ts,
        "customer_tel_digits": digits_of(intent.customer_tel),
        **_who(state),
    }
    if ev.g is None:
        state.insert("customers", {**fields, "id": ev.id, "created_at": ev.ts})
    else:
        existing = _group(state, "customers", ev)
        if existing["customer_uid"] != intent.customer_uid:
            raise ReplayError(f"event #{ev.id} re-registers another customer than its group's")
        state.update("customers", intent.customer_uid, fields)
    _open_op(
        state,
        ev,
        intent.customer_uid,
        "billing_key_issue",
        intent.customer_uid,
        amount=0,
        label=_label(intent.customer_name, intent.card_hint),
        portone_at=intent.portone_at,
    )


def _billing_key_result(state: State, ev: Event) -> None:
    customer = _group(state, "customers", ev)
    uid = str(customer["customer_uid"])
    outcome = Outcome(ev.body["o"])
    message = ev.body.get("m")
    packed = ev.body.get("f")
    facts = unpack(CustomerFacts, packed) if packed is not None else None
    changes: Row = {"outcome": outcome.value, "message": message, "updated_at": ev.ts}
    if outcome is Outcome.APPROVED:
        changes["registered_at"] = facts.inserted if facts and facts.inserted else ev.ts
    if facts is not None:
        changes.update(
            card_name=facts.card_name,
            card_code=facts.card_code,
            card_number=facts.card_number,
            pg_provider=facts.pg_provider,
            pg_id=facts.pg_id,
        )
    state.update("customers", uid, changes)
    _settle_op(state, ev, uid, outcome, ev.body.get("d", "reply"), message)


def _billing_key_delete_intent(state: State, ev: Event) -> None:
    customer = _group(state, "customers", ev)
    uid = str(customer["customer_uid"])
    _open_op(
        state,
        ev,
        str(ev.body["op"]),
        "billing_key_delete",
        uid,
        amount=0,
        label=_label(customer["customer_name"], customer["card_hint"]),
        portone_at=ev.body.get("pa"),
        arg=ev.body.get("r"),
    )
    state.update("customers", uid, {"updated_at": ev.ts})


def _billing_key_delete_result(state: State, ev: Event) -> None:
    customer = _group(state, "customers", ev)
    uid = str(customer["customer_uid"])
    op_id = str(ev.body["op"])
    op = state.get("operations", op_id)
    if op is None or op["ref"] != uid:
        raise ReplayError(f"event #{ev.id} settles delete {op_id}, which is not this customer's")
    outcome = Outcome(ev.body["o"])
    _settle_op(state, ev, op_id, outcome, ev.body.get("d", "reply"), ev.body.get("m"))
    if outcome is Outcome.APPROVED:
        state.update("customers", uid, {"deleted_at": ev.ts, "delete_reason": op["arg"], "updated_at": ev.ts})


def _billing_key_gone(state: State, ev: Event) -> None:
    customer = _group(state, "customers", ev)
    changes: Row = {"gone_at": ev.ts, "updated_at": ev.ts, "message": ev.body.get("m")}
    if not customer["deleted_at"]:
        changes.update(deleted_at=ev.ts, delete_reason=GONE_REASON)
    state.update("customers", str(customer["customer_uid"]), changes)


def _billing_key_deleted(state: State, ev: Event) -> None:
    customer = _group(state, "customers", ev)
    state.update(
        "customers",
        str(customer["customer_uid"]),
        {"deleted_at": ev.ts, "delete_reason": ev.body.get("r"), "updated_at": ev.ts},
    )


# --------------------------------------------------------------------------------------- receipts
def _receipt_facts(packed: object) -> Row:
    if not isinstance(packed, dict):
        return {}
    return {k: v for k, v in asdict(unpack(ReceiptFacts, packed)).items() if v is not None}


def _receipt_intent(state: State, ev: Event) -> None:
    intent = unpack(ReceiptIntent, ev.body)
    state.insert(
        "receipts",
        {
            **asdict(intent),
            "id": ev.id,
            "outcome": PENDING,
            "created_at": ev.ts,
            "updated_at": ev.ts,
            **_who(state),
        },
    )
    _open_op(
        state,
        ev,
        intent.receipt_id,
        "receipt_issue",
        intent.receipt_id,
        amount=intent.amount,
        label=_label(intent.buyer_name, intent.identifier_hint),
        portone_at=intent.portone_at,
        sale_ref=intent.merchant_uid,
    )


def _receipt_result(state: State, ev: Event) -> None:
    receipt = _group(state, "receipts", ev)
    rid = str(receipt["receipt_id"])
    outcome = Outcome(ev.body["o"])
    changes: Row = {
        "outcome": outcome.value,
        "message": ev.body.get("m"),
        "updated_at": ev.ts,
        **_receipt_facts(ev.body.get("f")),
    }
    if outcome is Outcome.APPROVED and not changes.get("applied_at"):
        changes["applied_at"] = ev.ts
    state.update("receipts", rid, changes)
    _settle_op(state, ev, rid, outcome, ev.body.get("d", "reply"), ev.body.get("m"))


def _receipt_cancel_intent(state: State, ev: Event) -> None:
    receipt = _group(state, "receipts", ev)
    _open_op(
        state,
        ev,
        str(ev.body["op"]),
        "receipt_cancel",
        str(receipt["receipt_id"]),
        amount=int(receipt["amount"]),
        label=_label(receipt["buyer_name"], receipt["identifier_hint"]),
        portone_at=ev.body.get("pa"),
        sale_ref=receipt["merchant_uid"],
    )


def _cancelled(state: State, ev: Event, rid: str) -> None:
    facts = _receipt_facts(ev.body.get("f"))
    changes: Row = {"outcome": Outcome.CANCELLED.value, "updated_at": ev.ts, **facts}
    changes["cancelled_at"] = facts.get("cancelled_at") or ev.ts
    state.update("receipts", rid, changes)


def _receipt_cancel_result(state: State, ev: Event) -> None:
    receipt = _group(state, "receipts", ev)
    rid = str(receipt["receipt_id"])
    op_id = str(ev.body["op"])
    op = state.get("operations", op_id)
    if op is None or op["ref"] != rid:
        raise ReplayError(f"event #{ev.id} settles receipt cancel {op_id}, which is not this receipt's")
    outcome = Outcome(ev.body["o"])
    _settle_op(state, ev, op_id, outcome, ev.body.get("d", "reply"), ev.body.get("m"))
    if outcome is Outcome.APPROVED:
        _cancelled(state, ev, rid)


def _receipt_cancelled(state: State, ev: Event) -> None:
    _cancelled(state, ev, str(_group(state, "receipts", ev)["receipt_id"]))


# --------------------------------------------------------------------------------- journal itself
def _journal_started(state: State, ev: Event) -> None:
    _meta(state, "kid", str(ev.body["kid"]))


def _who_changed(state: State, ev: Event) -> None:
    _meta(state, "o", str(ev.body.get("o", "")))
    _meta(state, "c", str(ev.body.get("c", "")))
    # the approver (schema 6) is kept only once there was one, so a journal that never had one replays
    # to exactly the rows it always had
    if "a" in ev.body or state.get("meta", "a") is not None:
        _meta(state, "a", str(ev.body.get("a", "")))


APPLY: dict[str, Callable[[State, Event], None]] = {
    "G": _journal_started,
    "K": _journal_started,
    "W": _who_changed,
    "X": lambda state, ev: None,  # the owner accepted a restore that lost events: a fact, no state
    "SI": _sale_intent,
    "SR": _sale_result,
    "SX": _sale_retry,
    "CI": _cancel_intent,
    "CR": _cancel_result,
    "CX": _cancel_retry,
    "BI": _billing_key_intent,
    "BR": _billing_key_result,
    "BD": _billing_key_delete_intent,
    "BE": _billing_key_delete_result,
    "BG": _billing_key_gone,
    "BX": _billing_key_deleted,
    "RI": _receipt_intent,
    "RR": _receipt_result,
    "RC": _receipt_cancel_intent,
    "RD": _receipt_cancel_result,
    "RX": _receipt_cancelled,
    **PLAN_APPLY,  # recurring payment plans (projection_plans)
    **PEOPLE_APPLY,  # people, audit and the role table (projection_people)
}


def apply(state: State, ev: Event) -> None:
    """Change ``state`` by one stored event; ReplayError when it cannot be applied."""
    handler = APPLY.get(ev.k)
    if handler is None:
        raise ReplayError(f"event #{ev.id} has an unknown kind {ev.k!r}")
    try:
        handler(state, ev)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, ReplayError):
            raise
        raise ReplayError(f"event #{ev.id} ({ev.k}) cannot be applied: {type(exc).__name__}") from exc
