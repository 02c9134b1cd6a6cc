"""Bringing the journal to PortOne's record of a plan's payment: the one place that writes what a schedule
did (shared by the polling, the settle rules and the calls).

``sync_slot`` compares PortOne's schedule with the payment as the journal knows it and records only what
changed: a schedule that ran and paid becomes a sale of its own (``record_paid``: the sale and the
payment's new state in one transaction, filed under the time PortOne charged, so it lands in the history
and the Z report of its day), a failed run keeps PortOne's reason, a revoke or a move made elsewhere (the
PortOne console) is taken over. Each change the owner must know of is returned as an ``Announcement``.

Times: ``schedule_at`` is PortOne's clock (UNIX seconds); a planned date becomes one at the plan's time of
day in the shop's time zone (``schedule_at_of``); "now" for plans is PortOne's clock as the client
estimates it, else the PC's (``now_at``).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time

from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.domain.plans import SCHEDULE_LEAD_S
from pos_app.journal.plan_records import PlanRow, ScheduleFacts, SlotRow
from pos_app.journal.records import MONEY_TAKEN, OperationKind, SaleIntent
from pos_app.portone.models import Payment
from pos_app.portone.schedule_models import Schedule
from pos_app.services import plan_texts as texts
from pos_app.services.context import ServiceContext
from pos_app.services.facts import payment_facts
from pos_app.services.resolution import probe, settle_payments
from pos_app.services.results import Announcement, AnnouncementKind

log = logging.getLogger(__name__)

MIN_LEAD_S = SCHEDULE_LEAD_S  # the lead a schedule needs (domain.plans: the form checks the same)


def now_at(ctx: ServiceContext) -> float:
    """PortOne's clock (as the client estimates it), the PC's when no token was seen yet."""
    portone = ctx.portone_now()
    return portone if portone is not None else ctx.clock()


def schedule_at_of(ctx: ServiceContext, at_time: str, day: date) -> int:
    """The UNIX second payment day ``day`` runs at: a plan's time of day ("HH:MM") in the shop's zone."""
    hour, minute = (int(part) for part in at_time.split(":"))
    return int(datetime.combine(day, time(hour, minute), tzinfo=ctx.tz).timestamp())


def date_of(ctx: ServiceContext, schedule_at: int) -> date:
    """The shop's calendar day of a PortOne time."""
    return datetime.fromtimestamp(schedule_at, tz=ctx.tz).date()


def day_of(ctx: ServiceContext, schedule_at: int) -> str:
    return date_of(ctx, schedule_at).isoformat()


def schedule_facts(schedule: Schedule) -> ScheduleFacts:
    return ScheduleFacts(
        schedule_status=schedule.schedule_status,
        schedule_at=schedule.schedule_at,
        payment_status=schedule.payment_status,
        imp_uid=schedule.imp_uid,
        executed_at=schedule.executed_at or None,
        revoked_at=schedule.revoked_at or None,
        fail_reason=schedule.fail_reason or None,
    )


def facts_of_payment(payment: Payment, slot: SlotRow) -> ScheduleFacts:
    """A schedule's state as its payment (a retry's, or the one found by a lookup) shows it."""
    return ScheduleFacts(
        schedule_status="executed",
        schedule_at=slot.schedule_at,
        payment_status=payment.status,
        imp_uid=payment.imp_uid,
        executed_at=payment.paid_at or payment.failed_at or payment.started_at or None,
        fail_reason=payment.fail_reason if payment.status == "failed" else None,
    )


def sale_intent_of(plan: PlanRow, slot: SlotRow) -> SaleIntent:
    assert slot.merchant_uid is not None
    return SaleIntent(
        merchant_uid=slot.merchant_uid,
        sale_id=slot.merchant_uid,
        kind="scheduled",
        amount=slot.amount,
        tax_free=plan.tax_free,
        order_name=plan.order_name,
        card_hint=plan.card_hint,
        card_company=plan.card_company,
        buyer_name=plan.buyer_name,
        buyer_tel=plan.buyer_tel,
        buyer_email=plan.buyer_email,
        customer_uid=plan.customer_uid,
        card_quota=plan.card_quota,
        product_type=plan.product_type,
    )


def announce(
    kind: AnnouncementKind,
    op_kind: OperationKind,
    slot: SlotRow,
    text: str,
    ctx: ServiceContext,
    **params: object,
) -> Announcement:
    values: dict[str, object] = {
        "label": slot.label,
        "amount": slot.amount,
        "day": day_of(ctx, slot.schedule_at),
        **params,
    }
    urgent = kind not in ("made",)
    return Announcement(kind, op_kind, slot.slot_id, text, values, slot.merchant_uid, urgent)


def record_paid(
    ctx: ServiceContext,
    slot: SlotRow,
    payment: Payment,
    *,
    op_id: str | None = None,
    message: str | None = None,
) -> Outcome:
    """The payment a schedule (or a retry of it) made: a sale of its own plus the payment's new state."""
    plan = ctx.journal.plan(slot.plan_id)
    assert plan is not None
    assert slot.merchant_uid is not None
    outcome = classify_payment(payment.status, payment.amount, payment.cancel_amount, slot.amount)
    facts = facts_of_payment(payment, slot)
    at = float(payment.paid_at or facts.executed_at or slot.schedule_at)
    if ctx.journal.sale(slot.merchant_uid) is None:
        ctx.journal.record_payment_paid(
            slot.slot_id,
            facts,
            sale_intent_of(plan, slot),
            outcome,
            payment_facts(payment),
            at,
            op_id=op_id,
            message=message,
        )
    elif op_id is not None:
        ctx.journal.record_payment_result(op_id, outcome, facts=facts, message=message, decided_by="record")
    else:
        ctx.journal.record_payment_seen(slot.slot_id, facts, message)
    return outcome


def _charged_payment(ctx: ServiceContext, slot: SlotRow, schedule: Schedule) -> Payment | None:
    """The paid (or since cancelled) payment a schedule made, read from PortOne; None when unreadable."""
    client = ctx.require_lookup_client()
    assert slot.merchant_uid is not None
    merchant_uid = slot.merchant_uid
    found = probe(lambda: client.find_all_payments(merchant_uid))
    if found.state != "found" or not found.value:
        return None
    settled = settle_payments(found.value, slot.amount)
    if settled is None or settled.payment is None or settled.outcome not in MONEY_TAKEN:
        return None
    return settled.payment


def _follow_refunds(ctx: ServiceContext, merchant_uid: str, schedule: Schedule) -> None:
    """A scheduled sale PortOne now shows cancelled (a refund made in the console): the sale follows."""
    sale = ctx.journal.sale(merchant_uid)
    if sale is None or schedule.payment_status != "cancelled" or sale.outcome is Outcome.CANCELLED:
        return
    if not schedule.imp_uid:
        return
    client = ctx.require_lookup_client()
    imp_uid = schedule.imp_uid
    found = probe(lambda: client.get_payment(imp_uid))
    if found.state != "found" or found.value is None:
        return
    payment = found.value
    outcome = classify_payment(payment.status, payment.amount, payment.cancel_amount, sale.amount)
    if outcome is not sale.outcome or payment.cancel_amount != sale.cancel_amount:
        ctx.journal.record_sale_result(
            merchant_uid, outcome, payment=payment_facts(payment), message=None, decided_by="record"
        )


def sync_slot(ctx: ServiceContext, slot: SlotRow, schedule: Schedule) -> list[Announcement]:
    """Record what PortOne's ``schedule`` says about ``slot`` (the caller holds it); returns what to say."""
    facts = schedule_facts(schedule)
    charged = schedule.schedule_status == "executed" and schedule.payment_status in ("paid", "cancelled")
    if charged and slot.merchant_uid is not None and ctx.journal.sale(slot.merchant_uid) is None:
        payment = _charged_payment(ctx, slot, schedule)
        if payment is None:
            return []  # the payment could not be read now: the next poll tries again
        live_test = ctx.settings.live and payment.sandbox
        if live_test:
            # a test channel's payment is no money: never a sale; the payment shows what PortOne says
            ctx.journal.record_payment_seen(slot.slot_id, facts)
            return []
        was_failed = slot.state == "failed"
        record_paid(ctx, slot, payment)
        kind: AnnouncementKind = "made_late" if was_failed else "made"
        text = texts.PAID_AFTER_FAILURE if was_failed else texts.PAID
        return [announce(kind, "schedule_create", slot, text, ctx, apply_num=payment.apply_num or "-")]
    if charged and slot.merchant_uid is not None:
        _follow_refunds(ctx, slot.merchant_uid, schedule)
    if not ctx.journal.record_payment_seen(slot.slot_id, facts):
        return []
    after = ctx.journal.plan_payment(slot.slot_id)
    if after is None or after.state == slot.state:
        return []
    log.info("planned payment %s: %s → %s", slot.slot_id, slot.state, after.state)
    if after.state == "failed":
        reason = after.fail_reason or ""
        return [announce("not_made", "schedule_create", after, texts.FAILED, ctx, reason=reason)]
    if after.state == "revoked" and slot.state == "scheduled":
        return [announce("not_made", "schedule_revoke", after, texts.REVOKED_ELSEWHERE, ctx)]
    return []
