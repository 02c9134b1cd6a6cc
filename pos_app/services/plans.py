"""Recurring payment plans (정기결제) on saved cards: make one, keep its next payments scheduled at
PortOne, pause, resume and end it.

PortOne runs scheduled billing-key payments itself at their time, whether the counter PC is on or not
(API-NOTES §15). The app keeps the next ``horizon`` (3) payments of every active plan scheduled there,
each under its own merchant_uid (``schedules.schedule_payment``), and tops the horizon up whenever it
looks (``top_up``: after a plan is made, after every polling pass, after resume). A monthly plan is
therefore covered for about three months with the PC off; a payment whose time passes before it could be
scheduled (the PC off for longer) is recorded as *missed* and shown, never scheduled late.

Pausing revokes what is still scheduled (each revoke written ahead and settled like any call); resuming
schedules the payments from now on again (a revoked one that is still ahead is brought back under its
merchant_uid with PortOne's reschedule); ending revokes and ends for good. A plan is made only on an
active saved card with nothing unresolved on it, and only when its first payment is still ahead.
"""

from __future__ import annotations

import logging
from datetime import date

from pos_app.domain import mint_merchant_uid
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.plans import PlanTerms
from pos_app.domain.recurrence import Recurrence
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.plan_records import PlanIntent, PlanRow, PlanState, SlotRow
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.services import plan_texts as texts
from pos_app.services.context import ServiceContext, journal_write_failed
from pos_app.services.errors import ServiceError
from pos_app.services.plan_results import PlanOutcome, PlanView, SlotOutcome
from pos_app.services.schedule_records import MIN_LEAD_S, announce, date_of, now_at, schedule_at_of
from pos_app.services.schedules import change_payment_date, revoke_live_payments, schedule_payment

log = logging.getLogger(__name__)

DEFAULT_HORIZON = 3
CARD_DELETED = texts.PLAN_CARD_DELETED
# a payment PortOne proved not created is scheduled again (same merchant_uid) after this long at most
# once per polling pass: a network down for a day does not fill the journal with attempts
RESEND_AFTER_S = 600.0
LOOK_AHEAD_S = 366 * 86_400  # how far ahead a card's schedules are looked for before it is deleted


def _plan(ctx: ServiceContext, plan_id: str) -> PlanRow:
    plan = ctx.journal.plan(plan_id)
    if plan is None:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 정기결제입니다: {plan_id}"),
            params={"plan_id": plan_id},
        )
    return plan


def view(ctx: ServiceContext, plan: PlanRow) -> PlanView:
    return PlanView(plan, Recurrence.from_text(plan.rule), tuple(ctx.journal.plan_payments(plan.plan_id)))


# ------------------------------------------------------------------------------------------ making
def create_plan(ctx: ServiceContext, terms: PlanTerms, *, horizon: int = DEFAULT_HORIZON) -> PlanOutcome:
    """Record the plan and schedule its first payments at PortOne."""
    ctx.require_client()
    customer = ctx.journal.customer(terms.customer_uid)
    if customer is None or not customer.active:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "등록된 카드(빌링키)가 없거나 삭제되었습니다: {customer_uid}"),
            field="customer_uid",
            params={"customer_uid": terms.customer_uid},
        )
    if any(op.is_open for op in ctx.journal.operations_of(terms.customer_uid)):
        raise ServiceError(
            "in_progress",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "이 카드의 등록 또는 삭제 결과를 확인 중입니다. 확인이 끝난 뒤 정기결제를 만드세요.",
            ),
        )
    first = terms.recurrence.occurrence(0)
    assert first is not None  # a Recurrence has at least one payment
    hour_minute = f"{terms.at_time.hour:02d}:{terms.at_time.minute:02d}"
    intent = PlanIntent(
        plan_id=mint_merchant_uid(ctx.settings.counter_id, ctx.now()),
        customer_uid=terms.customer_uid,
        customer_name=customer.customer_name,
        card_hint=customer.card_hint,
        card_company=customer.card_name or customer.card_company,
        amount=terms.amount,
        tax_free=terms.tax_free,
        order_name=terms.order_name,
        card_quota=terms.card_quota,
        product_type=terms.product_type,
        buyer_name=terms.buyer.name,
        buyer_tel=terms.buyer.tel,
        buyer_email=terms.buyer.email,
        rule=terms.recurrence.to_text(),
        at_time=hour_minute,
        horizon=horizon,
    )
    if schedule_at_of(ctx, hour_minute, first) <= now_at(ctx) + MIN_LEAD_S:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "첫 결제 시각({day} {time})이 이미 지났습니다. 시작일이나 결제 시각을 바꾸세요.",
            ),
            field="plan_start",
            params={"day": first.isoformat(), "time": hour_minute},
        )
    try:
        ctx.journal.record_plan(intent)
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP("ServiceError", "이 카드로 정기결제를 만들 수 없습니다: {detail}"),
            params={"detail": str(exc)},
        ) from exc
    log.info("plan %s on %s: %s", intent.plan_id, intent.customer_uid, intent.rule)
    payments = top_up(ctx, intent.plan_id)
    return PlanOutcome(ctx.journal.plan(intent.plan_id), tuple(payments))


# ---------------------------------------------------------------------------------- keeping it up
def top_up(ctx: ServiceContext, plan_id: str) -> list[SlotOutcome]:
    """Keep the plan's next ``horizon`` payments scheduled at PortOne (a no-op while another top-up of the
    same plan runs, or when the plan is not active). Returns what each new call came to."""
    with ctx.in_flight.claim_if_free(f"plan:{plan_id}") as free:
        if not free:
            return []
        return _top_up(ctx, plan_id)


def _top_up(ctx: ServiceContext, plan_id: str) -> list[SlotOutcome]:
    plan = ctx.journal.plan(plan_id)
    if plan is None or plan.state != "active":
        return []
    rule = Recurrence.from_text(plan.rule)
    slots = ctx.journal.plan_payments(plan_id)
    live = sum(1 for s in slots if s.is_live)
    now = now_at(ctx)
    results: list[SlotOutcome] = []
    for slot in slots:
        if live >= plan.horizon:
            break
        if _resend_due(ctx, slot, now):
            result = schedule_payment(ctx, plan, slot.seq, date.fromisoformat(slot.due_date), existing=slot)
            results.append(result)
            live += 1 if result.slot is not None and result.slot.is_live else 0
    seq = max((s.seq for s in slots), default=-1) + 1
    while live < plan.horizon:
        day = rule.occurrence(seq)
        if day is None:
            break
        at = schedule_at_of(ctx, plan.at_time, day)
        if at <= now + MIN_LEAD_S:
            _missed(ctx, plan, seq, day, at)
            seq += 1
            continue
        result = schedule_payment(ctx, plan, seq, day)
        results.append(result)
        if result.slot is None or not result.slot.is_live:
            break  # refused or not sent: the next pass tries again, instead of hammering now
        live += 1
        seq += 1
    if rule.occurrence(seq) is None:
        ahead = [
            s
            for s in ctx.journal.plan_payments(plan_id)
            if s.is_live or s.open_op is not None or (s.state == "not_scheduled" and s.schedule_at > now)
        ]
        if not ahead:  # every payment of the plan has run (or was missed): it is over
            ctx.journal.record_plan_change(plan_id, "ended", texts.PLAN_COMPLETED)
    return results


def _resend_due(ctx: ServiceContext, slot: SlotRow, now: float) -> bool:
    return (
        slot.state == "not_scheduled"
        and slot.open_op is None
        and slot.schedule_at > now + MIN_LEAD_S
        and ctx.clock() - slot.updated_at >= RESEND_AFTER_S
    )


def _missed(ctx: ServiceContext, plan: PlanRow, seq: int, day: date, at: int) -> None:
    ctx.journal.record_payment_missed(plan.plan_id, seq, day.isoformat(), at, texts.MISSED_NOTE)
    slot = ctx.journal.plan_payment(f"{plan.plan_id}/{seq}")
    if slot is not None:
        ctx.settler.announce([announce("not_made", "schedule_create", slot, texts.MISSED, ctx)])


# ---------------------------------------------------------------------------- pause, resume, end
def pause_plan(ctx: ServiceContext, plan_id: str, reason: str | None = None) -> PlanOutcome:
    """Stop charging: every payment still scheduled is revoked at PortOne; nothing new is scheduled."""
    ctx.require_client()
    plan = _plan(ctx, plan_id)
    if plan.state == "ended":
        raise _ended(plan)
    _change(ctx, plan_id, "paused", reason)
    revoked = revoke_live_payments(ctx, ctx.journal.plan_payments(plan_id))
    return PlanOutcome(ctx.journal.plan(plan_id), tuple(revoked))


def resume_plan(ctx: ServiceContext, plan_id: str) -> PlanOutcome:
    """Charge again from now on: payments revoked by the pause that are still ahead are scheduled again
    under their merchant_uid, then the horizon is topped up."""
    ctx.require_client()
    plan = _plan(ctx, plan_id)
    if plan.state != "paused":
        raise ServiceError(
            "not_allowed", QT_TRANSLATE_NOOP("ServiceError", "일시중지된 정기결제만 다시 시작할 수 있습니다.")
        )
    _change(ctx, plan_id, "active", None)
    results: list[SlotOutcome] = []
    now = now_at(ctx)
    for slot in ctx.journal.plan_payments(plan_id):
        if slot.state == "revoked" and slot.open_op is None and slot.schedule_at > now + MIN_LEAD_S:
            results.append(change_payment_date(ctx, slot.slot_id, date_of(ctx, slot.schedule_at)))
    results += top_up(ctx, plan_id)
    return PlanOutcome(ctx.journal.plan(plan_id), tuple(results))


def end_plan(ctx: ServiceContext, plan_id: str, reason: str | None = None) -> PlanOutcome:
    """End for good (해지): what is still scheduled is revoked first; a revoke that did not go through is
    returned (the plan then stays paused, so nothing new is scheduled, and can be ended again)."""
    ctx.require_client()
    plan = _plan(ctx, plan_id)
    if plan.state == "ended":
        raise _ended(plan)
    _change(ctx, plan_id, "paused", reason)
    revoked = revoke_live_payments(ctx, ctx.journal.plan_payments(plan_id))
    left = [s for s in ctx.journal.plan_payments(plan_id) if s.is_live]
    if not left:
        _change(ctx, plan_id, "ended", reason)
    return PlanOutcome(ctx.journal.plan(plan_id), tuple(revoked))


def end_plans_of_customer(ctx: ServiceContext, customer_uid: str, reason: str) -> list[SlotOutcome]:
    """Before a saved card is deleted: revoke every scheduled payment on it and end its plans. Raises
    ``ServiceError`` when a payment could not be revoked for certain (the card must not be deleted then:
    PortOne would charge a key that no longer exists, or worse, the revoke landed and nobody knows)."""
    foreign = _foreign_schedules(ctx, customer_uid)
    if foreign:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "이 카드에는 이 계산대가 만들지 않은 정기결제 예약이 {count}건 있습니다(예: {merchant_uid}). "
                "PortOne 관리자 화면에서 먼저 취소한 뒤 카드를 삭제하세요.",
            ),
            params={"count": len(foreign), "merchant_uid": foreign[0]},
        )
    results: list[SlotOutcome] = []
    for plan in ctx.journal.plans_of_customer(customer_uid):
        if plan.state == "ended":
            continue
        if any(s.open_op is not None for s in ctx.journal.plan_payments(plan.plan_id)):
            raise _unresolved()
        _change(ctx, plan.plan_id, "paused", reason)
        results += revoke_live_payments(ctx, ctx.journal.plan_payments(plan.plan_id))
        if any(s.is_live for s in ctx.journal.plan_payments(plan.plan_id)):
            raise _unresolved()
        _change(ctx, plan.plan_id, "ended", reason)
    return results


def _foreign_schedules(ctx: ServiceContext, customer_uid: str) -> list[str]:
    """merchant_uids PortOne will still charge on this card that no plan of this journal knows (made at
    another counter or in the console): the card must not be deleted under them."""
    client = ctx.require_lookup_client()
    now = int(now_at(ctx))
    try:
        found = client.list_customer_schedules(customer_uid, now, now + LOOK_AHEAD_S, status="scheduled")
    except NotFound:
        return []
    except (NotSent, OutcomeUnknown, ApiError) as exc:
        raise ServiceError(
            "unresolved",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "PortOne의 정기결제 예약 목록을 읽지 못해 카드를 삭제하지 않았습니다: {detail}",
            ),
            params={"detail": str(exc)},
        ) from exc
    ours = {s.merchant_uid for s in ctx.journal.plan_payments_of_customer(customer_uid)}
    return [s.merchant_uid for s in found if s.merchant_uid not in ours]


def _change(ctx: ServiceContext, plan_id: str, state: PlanState, reason: str | None) -> None:
    try:
        ctx.journal.record_plan_change(plan_id, state, reason)
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc


def _ended(plan: PlanRow) -> ServiceError:
    return ServiceError(
        "not_allowed",
        QT_TRANSLATE_NOOP("ServiceError", "끝난 정기결제입니다: {label}"),
        params={"label": plan.label},
    )


def _unresolved() -> ServiceError:
    return ServiceError(
        "unresolved",
        QT_TRANSLATE_NOOP(
            "ServiceError",
            "예약된 정기결제를 모두 취소했는지 아직 확실하지 않아 카드를 삭제하지 않았습니다. 잠시 후 다시 "
            "시도하세요 (프로그램이 PortOne에 계속 확인합니다).",
        ),
    )
