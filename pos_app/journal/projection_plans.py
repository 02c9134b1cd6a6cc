"""The projection of recurring payment plans (정기결제): what the plan events do to ``plans``,
``plan_payments`` and ``operations``, and the scheduled sale.

See ``projection`` for what a projection is. A plan is a group (``PN`` creates it); every event about its
payments belongs to it: ``PA`` writes a payment's operation ahead (schedule, move, revoke, reschedule,
retry; a payment's first ``PA`` creates its row), ``PB`` settles it with PortOne's answer or record,
``PF`` is what polling read at PortOne about a payment without any operation of ours (it ran, failed,
was revoked or moved in the console), ``PM`` a payment whose time passed before it could be scheduled.

A payment PortOne made from a schedule is a sale of its own (``SS``, creating its own ``sales`` row):
the sale's intent and PortOne's payment in one event, filed under the time PortOne ran it, so history,
the slip, the Z report and the exports see it like any other sale, and its refunds are ordinary cancels.
It touches nothing of the plan: the plan's ``PF`` (in the same transaction) says the payment was paid.
"""

from __future__ import annotations

from dataclasses import asdict

from pos_app.domain.outcomes import Outcome
from pos_app.journal.codec import unpack
from pos_app.journal.plan_records import SCHEDULE_OP_LETTERS, PlanIntent, ScheduleFacts
from pos_app.journal.projection import (
    Event,
    ReplayError,
    _group,
    _label,
    _open_op,
    _sale_intent,
    _sale_result,
    _settle_op,
    _who,
)
from pos_app.journal.state import Row, State

_KIND_OF_LETTER = {letter: kind for kind, letter in SCHEDULE_OP_LETTERS.items()}
_MONEY = (Outcome.APPROVED, Outcome.MISMATCH, Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED)


# ------------------------------------------------------------------------------------------- plans
def _plan_created(state: State, ev: Event) -> None:
    intent = unpack(PlanIntent, ev.body)
    state.insert(
        "plans",
        {
            **asdict(intent),
            "id": ev.id,
            "state": "active",
            "reason": None,
            "created_at": ev.ts,
            "updated_at": ev.ts,
            "ended_at": None,
            **_who(state),
        },
    )


def _plan_changed(state: State, ev: Event) -> None:
    plan = _group(state, "plans", ev)
    new = str(ev.body["s"])
    if new not in ("active", "paused", "ended"):
        raise ReplayError(f"event #{ev.id} sets plan state {new!r}")
    changes: Row = {"state": new, "reason": ev.body.get("r"), "updated_at": ev.ts}
    if new == "ended":
        changes["ended_at"] = ev.ts
    state.update("plans", str(plan["plan_id"]), changes)


# ------------------------------------------------------------------------------------ payments
def _slot_of(state: State, ev: Event, plan: Row) -> tuple[str, Row | None]:
    slot_id = f"{plan['plan_id']}/{int(ev.body['q'])}"
    return slot_id, state.get("plan_payments", slot_id)


def slot_state_of(facts: ScheduleFacts, current: str) -> str:
    """A payment's state from what PortOne said about its schedule."""
    if facts.schedule_status == "scheduled":
        return "scheduled"
    if facts.schedule_status == "revoked":
        return "revoked"
    if facts.schedule_status == "executed":
        status = facts.payment_status
        if status in ("paid", "failed", "cancelled"):
            return status
        return "failed" if status is None else "scheduled"  # "ready": still being charged
    return current


def _facts_changes(facts: ScheduleFacts, current: str) -> Row:
    return {
        "state": slot_state_of(facts, current),
        "schedule_at": facts.schedule_at,
        "imp_uid": facts.imp_uid,
        "executed_at": facts.executed_at,
        "revoked_at": facts.revoked_at,
        "fail_reason": facts.fail_reason,
    }


def _payment_intent(state: State, ev: Event) -> None:
    plan = _group(state, "plans", ev)
    slot_id, slot = _slot_of(state, ev, plan)
    letter = str(ev.body["k"])
    kind = _KIND_OF_LETTER.get(letter)
    if kind is None:
        raise ReplayError(f"event #{ev.id} names an unknown payment operation {letter!r}")
    at = int(ev.body["at"]) if ev.body.get("at") is not None else None
    if slot is None:
        if kind != "schedule_create" or at is None:
            raise ReplayError(f"event #{ev.id} acts on payment {slot_id}, which was never scheduled")
        state.insert(
            "plan_payments",
            {
                "slot_id": slot_id,
                "plan_id": plan["plan_id"],
                "seq": int(ev.body["q"]),
                "merchant_uid": ev.body["u"],
                "due_date": ev.body["dd"],
                "schedule_at": at,
                "amount": plan["amount"],
                "state": "pending",
                "created_at": ev.ts,
                "updated_at": ev.ts,
                **_who(state),
            },
        )
    elif kind == "schedule_create":
        state.update(
            "plan_payments",
            slot_id,
            {"state": "pending", "schedule_at": at, "message": None, "updated_at": ev.ts},
        )
    elif kind in ("schedule_move", "schedule_reschedule"):
        state.update("plan_payments", slot_id, {"asked_at": at, "message": None, "updated_at": ev.ts})
    else:
        state.update("plan_payments", slot_id, {"message": None, "updated_at": ev.ts})
    _open_op(
        state,
        ev,
        str(ev.body["op"]),
        kind,
        slot_id,
        amount=int(plan["amount"]),
        label=_label(plan["customer_name"], plan["order_name"]),
        portone_at=ev.body.get("pa"),
    )


def _without_facts(kind: str, outcome: Outcome, slot: Row, message: str | None) -> Row:
    """What an answer without PortOne's schedule object means for the payment."""
    if not outcome.is_final:
        return {}
    if kind == "schedule_create":
        by_outcome = {Outcome.APPROVED: "scheduled", Outcome.NOT_CHARGED: "not_scheduled"}
        return {"state": by_outcome.get(outcome, "refused")}
    if kind == "schedule_revoke" and outcome is Outcome.APPROVED:
        return {"state": "revoked"}
    if kind in ("schedule_move", "schedule_reschedule") and outcome is Outcome.APPROVED:
        return {"state": "scheduled", "schedule_at": slot["asked_at"] or slot["schedule_at"]}
    if kind == "schedule_retry":
        if outcome in _MONEY:
            return {"state": "paid"}
        if outcome is Outcome.DECLINED:
            return {"state": "failed", "fail_reason": message}
    return {}


def _payment_result(state: State, ev: Event) -> None:
    plan = _group(state, "plans", ev)
    op_id = str(ev.body["op"])
    op = state.get("operations", op_id)
    slot = state.get("plan_payments", str(op["ref"])) if op is not None and op["ref"] else None
    if op is None or slot is None or slot["plan_id"] != plan["plan_id"]:
        raise ReplayError(f"event #{ev.id} settles payment operation {op_id}, which is not this plan's")
    outcome = Outcome(ev.body["o"])
    message = ev.body.get("m")
    packed = ev.body.get("f")
    changes: Row = {"message": message, "updated_at": ev.ts}
    if packed is not None:
        changes.update(_facts_changes(unpack(ScheduleFacts, packed), str(slot["state"])))
    else:
        changes.update(_without_facts(str(op["kind"]), outcome, slot, message))
    if outcome.is_final:
        changes["asked_at"] = None
    state.update("plan_payments", str(slot["slot_id"]), changes)
    _settle_op(state, ev, op_id, outcome, ev.body.get("d", "reply"), message)


def _payment_seen(state: State, ev: Event) -> None:
    plan = _group(state, "plans", ev)
    slot_id, slot = _slot_of(state, ev, plan)
    if slot is None:
        raise ReplayError(f"event #{ev.id} reports payment {slot_id}, which this plan does not have")
    facts = unpack(ScheduleFacts, ev.body["f"])
    changes = _facts_changes(facts, str(slot["state"]))
    changes.update(message=ev.body.get("m"), updated_at=ev.ts)
    state.update("plan_payments", slot_id, changes)


def _payment_missed(state: State, ev: Event) -> None:
    plan = _group(state, "plans", ev)
    slot_id, slot = _slot_of(state, ev, plan)
    if slot is not None:
        raise ReplayError(f"event #{ev.id} marks payment {slot_id} missed, which already exists")
    state.insert(
        "plan_payments",
        {
            "slot_id": slot_id,
            "plan_id": plan["plan_id"],
            "seq": int(ev.body["q"]),
            "merchant_uid": None,
            "due_date": ev.body["dd"],
            "schedule_at": int(ev.body["at"]),
            "amount": plan["amount"],
            "state": "missed",
            "message": ev.body.get("m"),
            "created_at": ev.ts,
            "updated_at": ev.ts,
            **_who(state),
        },
    )


# --------------------------------------------------------------------------------- the sale itself
def _scheduled_sale(state: State, ev: Event) -> None:
    """The intent and PortOne's payment of a scheduled charge, filed at the time PortOne ran it."""
    _sale_intent(state, ev)
    _sale_result(state, ev._replace(g=ev.id))
    sale = state.by_id("sales", ev.id)
    assert sale is not None
    if ev.body.get("at") is not None:
        state.update("sales", str(sale["merchant_uid"]), {"created_at": float(ev.body["at"])})


PLAN_APPLY = {
    "PN": _plan_created,
    "PC": _plan_changed,
    "PA": _payment_intent,
    "PB": _payment_result,
    "PF": _payment_seen,
    "PM": _payment_missed,
    "SS": _scheduled_sale,
}
