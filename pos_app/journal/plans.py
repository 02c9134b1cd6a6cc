"""Recurring payment plans (정기결제): the checks before their events, and the reads of their rows.

Invariants kept here (a second line of defence behind services), before any event is written:
- a plan is made on an active saved card, once per plan_id; an ended plan never changes again;
- a planned payment (slot ``<plan_id>/<n>``) gets its merchant_uid when it is first scheduled and keeps
  it; it is scheduled again only once PortOne proved it was not created (``not_scheduled``) or refused it
  — so one planned date is never scheduled twice under two merchant_uids;
- one open operation per payment at a time; each operation only from the state it acts on (move and
  revoke a scheduled one, reschedule a failed or revoked one, retry a failed one);
- a scheduled sale is written once per merchant_uid, together with its payment's ``PF`` (one
  transaction, ``store_plans``).
What the events then do to the rows is ``projection_plans``'s.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta, tzinfo
from typing import Any

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal.card_digit_guard import masked_result, masked_text, refuse_card_digits
from pos_app.journal.codec import pack
from pos_app.journal.errors import IntentRefused
from pos_app.journal.events import WriteContext
from pos_app.journal.history import _local_midnight
from pos_app.journal.operations import next_op_number
from pos_app.journal.plan_records import (
    SCHEDULE_OP_LETTERS,
    PlanIntent,
    PlanRow,
    PlanState,
    ScheduleFacts,
    SlotRow,
)
from pos_app.journal.projection_plans import slot_state_of
from pos_app.journal.records import MONEY_TAKEN, DecidedBy, OperationKind, PaymentFacts, SaleIntent

_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "schedule_create": ("not_scheduled", "refused"),
    "schedule_move": ("scheduled",),
    "schedule_revoke": ("scheduled",),
    "schedule_reschedule": ("failed", "revoked"),
    "schedule_retry": ("failed",),
}


# ------------------------------------------------------------------------------------------ writes
def _plan(tx: WriteContext, plan_id: str) -> dict[str, Any]:
    plan = tx.state.get("plans", plan_id)
    if plan is None:
        raise IntentRefused(f"unknown plan {plan_id}")
    return plan


def record_plan(tx: WriteContext, intent: PlanIntent) -> None:
    typed = ("customer_name", "card_hint", "order_name", "buyer_name", "buyer_tel", "buyer_email")
    refuse_card_digits({name: getattr(intent, name) for name in typed})
    customer = tx.state.get("customers", intent.customer_uid)
    if customer is None or customer["outcome"] != Outcome.APPROVED.value or customer["deleted_at"]:
        raise IntentRefused(f"plan on customer {intent.customer_uid}, which has no active saved card")
    if tx.state.get("plans", intent.plan_id) is not None:
        raise IntentRefused(f"plan {intent.plan_id} exists")
    tx.append("PN", None, pack(intent))


def record_plan_change(tx: WriteContext, plan_id: str, state: PlanState, reason: str | None) -> bool:
    """Move a plan to ``state``; False (nothing written) when it is in that state already."""
    refuse_card_digits({"reason": reason})
    plan = _plan(tx, plan_id)
    if plan["state"] == "ended":
        raise IntentRefused(f"plan {plan_id} has ended")
    if plan["state"] == state:
        return False
    body: dict[str, Any] = {"s": state}
    if reason:
        body["r"] = reason
    tx.append("PC", int(plan["id"]), body)
    return True


def record_payment_intent(
    tx: WriteContext,
    plan_id: str,
    seq: int,
    kind: OperationKind,
    *,
    merchant_uid: str | None = None,
    due_date: str | None = None,
    schedule_at: int | None = None,
    portone_at: float | None = None,
) -> str:
    """Write one operation on payment ``seq`` of the plan ahead of its call; returns the op id."""
    letter = SCHEDULE_OP_LETTERS.get(kind)
    if letter is None:
        raise IntentRefused(f"{kind} is not an operation on a planned payment")
    plan = _plan(tx, plan_id)
    slot_id = f"{plan_id}/{seq}"
    slot = tx.state.get("plan_payments", slot_id)
    body: dict[str, Any] = {"k": letter, "q": seq}
    if slot is None:
        if kind != "schedule_create" or not merchant_uid or not due_date or schedule_at is None:
            raise IntentRefused(f"payment {slot_id} was never scheduled")
        if plan["state"] != "active":
            raise IntentRefused(f"plan {plan_id} is {plan['state']}: nothing new is scheduled")
        taken = tx.conn.execute(
            "SELECT slot_id FROM plan_payments WHERE merchant_uid = ?", (merchant_uid,)
        ).fetchone()
        if taken is not None or tx.state.get("sales", merchant_uid) is not None:
            raise IntentRefused(f"merchant_uid {merchant_uid} is in use")
        body.update(u=merchant_uid, dd=due_date)
    else:
        busy = tx.conn.execute(
            "SELECT op_id FROM operations WHERE ref = ? AND state IN ('pending', 'unknown')", (slot_id,)
        ).fetchone()
        if busy is not None:
            raise IntentRefused(f"payment {slot_id} has an unresolved operation {busy[0]}")
        if slot["state"] not in _ALLOWED_FROM[kind]:
            raise IntentRefused(f"payment {slot_id} is {slot['state']}: no {kind}")
        if merchant_uid is not None and merchant_uid != slot["merchant_uid"]:
            raise IntentRefused(f"payment {slot_id} keeps its merchant_uid {slot['merchant_uid']}")
        if kind in ("schedule_create", "schedule_move", "schedule_reschedule") and schedule_at is None:
            raise IntentRefused(f"{kind} of {slot_id} needs a time")
    if schedule_at is not None:
        body["at"] = int(schedule_at)
    if portone_at is not None:
        body["pa"] = portone_at
    prefix = f"{slot_id}/{letter}"
    op_id = f"{prefix}{next_op_number(tx.conn, prefix)}"
    body["op"] = op_id
    tx.append("PA", int(plan["id"]), body)
    return op_id


def _masked_facts(facts: ScheduleFacts) -> ScheduleFacts:
    if facts.fail_reason is None:
        return facts
    return replace(facts, fail_reason=masked_text(facts.fail_reason))


def record_payment_result(
    tx: WriteContext,
    op_id: str,
    outcome: Outcome,
    facts: ScheduleFacts | None,
    message: str | None,
    decided_by: DecidedBy = "reply",
) -> None:
    op = tx.state.get("operations", op_id)
    if op is None or op["kind"] not in SCHEDULE_OP_LETTERS:
        raise IntentRefused(f"no planned-payment operation {op_id}")
    slot = tx.state.get("plan_payments", str(op["ref"]))
    assert slot is not None  # an operation on a payment is written with it
    plan = _plan(tx, str(slot["plan_id"]))
    body: dict[str, Any] = {"op": op_id, "o": outcome.value}
    message = masked_text(message)
    if message is not None:
        body["m"] = message
    if decided_by != "reply":
        body["d"] = decided_by
    if facts is not None:
        body["f"] = pack(_masked_facts(facts))
    tx.append("PB", int(plan["id"]), body)


def _changes(slot: dict[str, Any], facts: ScheduleFacts) -> bool:
    new = {
        "state": slot_state_of(facts, str(slot["state"])),
        "schedule_at": facts.schedule_at,
        "imp_uid": facts.imp_uid,
        "executed_at": facts.executed_at,
        "revoked_at": facts.revoked_at,
        "fail_reason": facts.fail_reason,
    }
    return any(slot[key] != value for key, value in new.items())


def record_payment_seen(
    tx: WriteContext, slot_id: str, facts: ScheduleFacts, message: str | None = None
) -> bool:
    """What PortOne's record says about a payment now; False (nothing written) when it says nothing new."""
    slot = tx.state.get("plan_payments", slot_id)
    if slot is None:
        raise IntentRefused(f"unknown planned payment {slot_id}")
    facts = _masked_facts(facts)
    message = masked_text(message)
    if not _changes(slot, facts) and message == slot["message"]:
        return False
    plan = _plan(tx, str(slot["plan_id"]))
    body: dict[str, Any] = {"q": int(slot["seq"]), "f": pack(facts)}
    if message is not None:
        body["m"] = message
    tx.append("PF", int(plan["id"]), body)
    return True


def record_payment_missed(
    tx: WriteContext, plan_id: str, seq: int, due_date: str, schedule_at: int, message: str | None
) -> None:
    plan = _plan(tx, plan_id)
    if tx.state.get("plan_payments", f"{plan_id}/{seq}") is not None:
        raise IntentRefused(f"payment {plan_id}/{seq} exists")
    body: dict[str, Any] = {"q": seq, "dd": due_date, "at": int(schedule_at)}
    if message:
        body["m"] = message
    tx.append("PM", int(plan["id"]), body)


def record_scheduled_sale(
    tx: WriteContext, intent: SaleIntent, outcome: Outcome, payment: PaymentFacts, at: float
) -> None:
    """The sale PortOne made from a schedule (``SS``): once per merchant_uid."""
    refuse_card_digits(vars(intent))
    if tx.state.get("sales", intent.merchant_uid) is not None:
        raise IntentRefused(f"sale {intent.merchant_uid} is recorded already")
    if intent.kind != "scheduled" or intent.sale_id != intent.merchant_uid:
        raise IntentRefused("a scheduled sale is a sale of its own, kind 'scheduled'")
    payment = masked_result(payment)
    body = pack(intent, {"sale_id": intent.merchant_uid})
    body.update(o=outcome.value, d="record", at=float(at), p=pack(payment, {"amount": intent.amount}))
    tx.append("SS", None, body)


# -------------------------------------------------------------------------------------------- reads
PLAN_SELECT = (
    "SELECT plan_id, customer_uid, coalesce(customer_name, ''), coalesce(card_hint, ''), card_company, "
    "amount, tax_free, coalesce(order_name, ''), card_quota, product_type, coalesce(buyer_name, ''), "
    "coalesce(buyer_tel, ''), coalesce(buyer_email, ''), rule, at_time, horizon, state, reason, created_at, "
    "updated_at, ended_at FROM plans"
)
SLOT_SELECT = (
    "SELECT pp.slot_id, pp.plan_id, pp.seq, pp.merchant_uid, pp.due_date, pp.schedule_at, pp.asked_at, "
    "pp.amount, pp.state, pp.imp_uid, pp.executed_at, pp.revoked_at, pp.fail_reason, pp.message, "
    "pp.created_at, pp.updated_at, "
    "(SELECT o.op_id FROM operations o WHERE o.ref = pp.slot_id AND o.state IN ('pending', 'unknown') "
    " LIMIT 1), p.customer_uid, trim(coalesce(p.customer_name, '') || ' ' || coalesce(p.order_name, '')) "
    "FROM plan_payments pp JOIN plans p ON p.plan_id = pp.plan_id"
)


def plan_from_tuple(t: tuple[Any, ...]) -> PlanRow:
    return PlanRow(*t)


def slot_from_tuple(t: tuple[Any, ...]) -> SlotRow:
    return SlotRow(*t)


def plan(db: Database, plan_id: str) -> PlanRow | None:
    row = db.conn.execute(PLAN_SELECT + " WHERE plan_id = ?", (plan_id,)).fetchone()
    return plan_from_tuple(row) if row else None


def plans_of_customer(db: Database, customer_uid: str) -> list[PlanRow]:
    """The customer's plans, the live ones first, newest first within each."""
    return [
        plan_from_tuple(r)
        for r in db.conn.execute(
            PLAN_SELECT + " WHERE customer_uid = ? ORDER BY state = 'ended', created_at DESC", (customer_uid,)
        )
    ]


def live_plans(db: Database) -> list[PlanRow]:
    """Every plan not ended (active or paused), oldest first."""
    return [plan_from_tuple(r) for r in db.conn.execute(PLAN_SELECT + " WHERE state != 'ended' ORDER BY id")]


def slots_of_plan(db: Database, plan_id: str) -> list[SlotRow]:
    return [
        slot_from_tuple(r)
        for r in db.conn.execute(SLOT_SELECT + " WHERE pp.plan_id = ? ORDER BY pp.seq", (plan_id,))
    ]


def slot(db: Database, slot_id: str) -> SlotRow | None:
    row = db.conn.execute(SLOT_SELECT + " WHERE pp.slot_id = ?", (slot_id,)).fetchone()
    return slot_from_tuple(row) if row else None


def slot_by_merchant_uid(db: Database, merchant_uid: str) -> SlotRow | None:
    row = db.conn.execute(SLOT_SELECT + " WHERE pp.merchant_uid = ?", (merchant_uid,)).fetchone()
    return slot_from_tuple(row) if row else None


def slots_between(db: Database, from_at: int, to_at: int) -> list[SlotRow]:
    """Payments that run (or ran) from ``from_at`` to before ``to_at`` (PortOne's clock), in time order."""
    return [
        slot_from_tuple(r)
        for r in db.conn.execute(
            SLOT_SELECT
            + " WHERE pp.schedule_at >= ? AND pp.schedule_at < ? ORDER BY pp.schedule_at, pp.slot_id",
            (from_at, to_at),
        )
    ]


def slots_in_states(db: Database, states: tuple[str, ...], since_at: int | None = None) -> list[SlotRow]:
    """Payments in any of ``states`` (that run from ``since_at`` on, when given), in time order."""
    marks = ", ".join("?" * len(states))
    sql = SLOT_SELECT + f" WHERE pp.state IN ({marks})"
    params: list[Any] = list(states)
    if since_at is not None:
        sql += " AND pp.schedule_at >= ?"
        params.append(since_at)
    return [slot_from_tuple(r) for r in db.conn.execute(sql + " ORDER BY pp.schedule_at, pp.slot_id", params)]


def slots_of_customer(db: Database, customer_uid: str) -> list[SlotRow]:
    return [
        slot_from_tuple(r)
        for r in db.conn.execute(
            SLOT_SELECT + " WHERE p.customer_uid = ? ORDER BY pp.schedule_at, pp.slot_id", (customer_uid,)
        )
    ]


def scheduled_totals(db: Database, day: date, tz: tzinfo) -> tuple[int, int]:
    """Of the day's paid sales (the Z report's rule: PortOne's ``paid_at``), those PortOne charged from a
    plan's schedule: ``DayReport.scheduled_count`` / ``scheduled_sum``."""
    start = _local_midnight(day, tz)
    end = _local_midnight(day + timedelta(days=1), tz)
    taken = sorted(o.value for o in MONEY_TAKEN)
    marks = ", ".join("?" * len(taken))
    count, total = db.conn.execute(
        "SELECT count(*), coalesce(sum(paid_amount), 0) FROM sales INDEXED BY sales_paid_at "  # noqa: S608
        f"WHERE paid_at >= ? AND paid_at < ? AND +outcome IN ({marks}) AND kind = 'scheduled'",
        [start, end, *taken],
    ).fetchone()
    return int(count), int(total)
