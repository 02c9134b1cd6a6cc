"""Calls about one planned payment of a recurring plan: schedule it, change its date, revoke it, charge a
failed one again now.

Each is an operation like any money call (DESIGN.md, settlement): its intent is written to the journal
(``record_payment_intent``) before the request leaves, the request is sent once
(``settlement.calls.send_and_settle``; again only when nothing left this computer), and a lost answer is
settled by the settlement engine looking the merchant_uid up (``settlement.schedule_rules``). A planned
payment keeps its one merchant_uid for ever: scheduling it again after PortOne proved it absent names the
same merchant_uid, so should the first request land late PortOne refuses the second ("동일한 주문번호로
중복결제 불가") instead of scheduling the date twice.

"지금 다시 결제" (``retry_payment``) charges the card at once, so it follows the charge path: the cashier
lane, the in-flight guard of the customer and amount, ``charge_outcome``'s classification, the refusal
table (a PG timeout is UNKNOWN until PortOne's record says), and a paid retry is recorded as the sale it
is. A failed run whose reason was a PG or issuer timeout may still turn paid (late approval): it is not
retried until the late-approval window has passed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from pos_app.domain import mint_merchant_uid, parse_product_type
from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.plan_records import PlanRow, SlotRow
from pos_app.journal.records import MONEY_TAKEN, DecidedBy, OperationKind
from pos_app.portone.errors import NotFound
from pos_app.portone.models import Payment
from pos_app.portone.outcome import charge_outcome
from pos_app.portone.schedule_models import Schedule, ScheduledCharge
from pos_app.services.charging import KEY_GONE_TEXT, TEST_CHANNEL
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.plan_results import SlotOutcome
from pos_app.services.resolution import probe
from pos_app.services.schedule_records import (
    MIN_LEAD_S,
    facts_of_payment,
    now_at,
    record_paid,
    schedule_at_of,
    schedule_facts,
    sync_slot,
)
from pos_app.services.settlement.calls import send_and_settle
from pos_app.services.settlement.refusals import Verdict, verdict_of

log = logging.getLogger(__name__)


def slot_guard(slot_id: str) -> str:
    """The in-flight key of a planned payment (the settle rules take the same)."""
    return f"plan_payment:{slot_id}"


# ----------------------------------------------------------------------------------- scheduling
def schedule_payment(
    ctx: ServiceContext, plan: PlanRow, seq: int, day: date, *, existing: SlotRow | None = None
) -> SlotOutcome:
    """Schedule payment ``seq`` (on ``day``) at PortOne, written ahead; ``existing`` is a payment PortOne
    proved absent or refused, scheduled again under its own merchant_uid."""
    client = ctx.require_client()
    at = schedule_at_of(ctx, plan.at_time, day)
    merchant_uid = (existing.merchant_uid if existing is not None else None) or mint_merchant_uid(
        ctx.settings.counter_id, ctx.now()
    )
    charge = ScheduledCharge(
        merchant_uid=merchant_uid,
        schedule_at=at,
        amount=plan.amount,
        tax_free=plan.tax_free,
        name=plan.order_name,
        buyer_name=plan.buyer_name,
        buyer_tel=plan.buyer_tel,
        buyer_email=plan.buyer_email,
        card_quota=plan.card_quota,
        product_type=parse_product_type(plan.product_type),
    )
    slot_id = f"{plan.plan_id}/{seq}"
    with ctx.in_flight.claim(slot_guard(slot_id)):
        op_id = _intent(
            ctx,
            plan.plan_id,
            seq,
            "schedule_create",
            merchant_uid=merchant_uid,
            due_date=day.isoformat(),
            schedule_at=at,
        )
        return _send(
            ctx,
            op_id,
            slot_id,
            "schedule_create",
            lambda: client.schedule_payments(plan.customer_uid, [charge]),
        )


def change_payment_date(ctx: ServiceContext, slot_id: str, day: date) -> SlotOutcome:
    """Move a scheduled payment to ``day`` (PUT), or schedule a failed or revoked one again on ``day``."""
    client = ctx.require_client()
    slot, plan = _slot_and_plan(ctx, slot_id)
    at = schedule_at_of(ctx, plan.at_time, day)
    if at <= now_at(ctx) + MIN_LEAD_S:
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP("ServiceError", "이미 지난 시각으로는 예약할 수 없습니다: {day}"),
            field="plan_start",
            params={"day": day.isoformat()},
        )
    merchant_uid = _merchant_uid(slot)
    kind: OperationKind
    if slot.state == "scheduled":
        kind = "schedule_move"

        def call() -> Schedule:
            return client.update_schedule(merchant_uid, at)

    elif slot.state in ("failed", "revoked"):
        kind = "schedule_reschedule"

        def call() -> Schedule:
            return client.reschedule(merchant_uid, at)

    else:
        raise _not_now(slot)
    with ctx.in_flight.claim(slot_guard(slot_id)):
        op_id = _intent(ctx, plan.plan_id, slot.seq, kind, schedule_at=at)
        return _send(ctx, op_id, slot_id, kind, call)


def revoke_payment(ctx: ServiceContext, slot_id: str) -> SlotOutcome:
    """Revoke a scheduled payment at PortOne (``unschedule``), written ahead."""
    client = ctx.require_client()
    slot, plan = _slot_and_plan(ctx, slot_id)
    if slot.state != "scheduled":
        raise _not_now(slot)
    merchant_uid = _merchant_uid(slot)
    with ctx.in_flight.claim(slot_guard(slot_id)):
        op_id = _intent(ctx, plan.plan_id, slot.seq, "schedule_revoke")
        result = _send(
            ctx, op_id, slot_id, "schedule_revoke", lambda: client.unschedule(merchant_uids=[merchant_uid])
        )
        if result.outcome is Outcome.DECLINED:
            # "nothing to revoke": it ran, or was revoked elsewhere; the journal takes PortOne's record
            refreshed = ctx.journal.plan_payment(slot_id)
            found = probe(lambda: client.get_schedule(merchant_uid))
            if refreshed is not None and found.state == "found" and found.value is not None:
                ctx.settler.announce(sync_slot(ctx, refreshed, found.value))
            return _outcome(ctx, slot_id, op_id, result.message)
        return result


def revoke_live_payments(ctx: ServiceContext, slots: list[SlotRow]) -> list[SlotOutcome]:
    """Revoke each scheduled one of ``slots`` (a plan paused or ended, a card about to be deleted)."""
    results = []
    for slot in slots:
        if slot.state == "scheduled" and slot.open_op is None:
            results.append(revoke_payment(ctx, slot.slot_id))
    return results


# ------------------------------------------------------------------------------------------ retry
def retry_payment(ctx: ServiceContext, slot_id: str) -> SlotOutcome:
    """ "지금 다시 결제": charge a failed planned payment now (PortOne's retry), written ahead."""
    client = ctx.require_client()
    slot, plan = _slot_and_plan(ctx, slot_id)
    if slot.state != "failed":
        raise _not_now(slot)
    customer = ctx.journal.customer(plan.customer_uid)
    if customer is None or not customer.active:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "등록된 카드(빌링키)가 없거나 삭제되었습니다: {customer_uid}"),
            field="customer_uid",
            params={"customer_uid": plan.customer_uid},
        )
    _refuse_while_issuer_may_approve(ctx, slot)
    merchant_uid = _merchant_uid(slot)
    with ctx.in_flight.claim(slot_guard(slot_id), f"customer:{plan.customer_uid}:{slot.amount}"):
        op_id = _intent(ctx, plan.plan_id, slot.seq, "schedule_retry")
        ctx.settler.adopt(op_id)
        result = charge_outcome(lambda: client.retry_schedule(merchant_uid), slot.amount)
        if result.outcome is Outcome.NOT_CHARGED and result.http_status is None:
            if ctx.settings.reconcile_poll_delays:
                ctx.pause(ctx.settings.reconcile_poll_delays[0])  # nothing left this computer: once more
            result = charge_outcome(lambda: client.retry_schedule(merchant_uid), slot.amount)
        outcome, message, payment = result.outcome, result.message, result.payment
        log.info("retry %s: %s (%s)", op_id, outcome.value, message)
        if outcome is Outcome.DECLINED:
            verdict = verdict_of("sale", message)
            if verdict is Verdict.KEY_GONE and payment is None:
                outcome, message = Outcome.NOT_CHARGED, KEY_GONE_TEXT
                record_after_the_call(
                    f"billing key {plan.customer_uid}",
                    outcome,
                    lambda: ctx.journal.record_billing_key_gone(plan.customer_uid, result.message),
                )
            elif verdict is Verdict.LOOK_UP_FIRST:
                outcome = Outcome.UNKNOWN
        if ctx.settings.live and payment is not None and payment.sandbox and outcome in MONEY_TAKEN:
            outcome, message, payment = Outcome.TEST_PAYMENT, TEST_CHANNEL, None
        problem = _record_retry(ctx, slot, op_id, outcome, payment, message)
        if outcome.is_final:
            ctx.settler.release(op_id)
        else:
            ctx.settler.settle_in_call(op_id)
        return _outcome(ctx, slot_id, op_id, message, problem)


def _record_retry(
    ctx: ServiceContext,
    slot: SlotRow,
    op_id: str,
    outcome: Outcome,
    payment: Payment | None,
    message: str | None,
) -> str | None:
    if outcome in MONEY_TAKEN and payment is not None:
        paid = payment

        def write() -> None:
            record_paid(ctx, slot, paid, op_id=op_id, message=message)

        return record_after_the_call(f"retry {op_id}", outcome, write)
    facts = facts_of_payment(payment, slot) if payment is not None and outcome.is_final else None
    return record_after_the_call(
        f"retry {op_id}",
        outcome,
        lambda: ctx.journal.record_payment_result(op_id, outcome, facts=facts, message=message),
    )


def _refuse_while_issuer_may_approve(ctx: ServiceContext, slot: SlotRow) -> None:
    """A run refused with a PG/issuer timeout may still be approved late: no second charge meanwhile."""
    if verdict_of("sale", slot.fail_reason) is not Verdict.LOOK_UP_FIRST:
        return
    ran_at = slot.executed_at or slot.schedule_at
    wait = max(ctx.settings.pg_timeout_window_s, ctx.settings.not_charged_after_s)
    left = int(ran_at + wait - now_at(ctx))
    if left > 0:
        raise ServiceError(
            "in_progress",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "카드사 응답이 늦어 실패로 보인 결제입니다. 늦게 승인될 수 있으니 {minutes}분 뒤에 다시 "
                "결제하세요. 그 사이 프로그램이 PortOne에 확인합니다.",
            ),
            params={"minutes": (left + 59) // 60},
        )


# ---------------------------------------------------------------------------------------- helpers
def _slot_and_plan(ctx: ServiceContext, slot_id: str) -> tuple[SlotRow, PlanRow]:
    slot = ctx.journal.plan_payment(slot_id)
    plan = ctx.journal.plan(slot.plan_id) if slot is not None else None
    if slot is None or plan is None:
        raise ServiceError(
            "not_found",
            QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 정기결제 회차입니다: {slot_id}"),
            params={"slot_id": slot_id},
        )
    if slot.open_op is not None:
        raise ServiceError(
            "in_progress",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "이 정기결제 회차의 이전 요청 결과를 확인 중입니다. 확인이 끝난 뒤 다시 하세요.",
            ),
        )
    return slot, plan


def _merchant_uid(slot: SlotRow) -> str:
    if slot.merchant_uid is None:
        raise _not_now(slot)
    return slot.merchant_uid


def _not_now(slot: SlotRow) -> ServiceError:
    return ServiceError(
        "not_allowed",
        QT_TRANSLATE_NOOP("ServiceError", "이 정기결제 회차는 지금 상태({state})에서 할 수 없는 요청입니다."),
        params={"state": slot.state},
    )


def _intent(
    ctx: ServiceContext,
    plan_id: str,
    seq: int,
    kind: OperationKind,
    *,
    merchant_uid: str | None = None,
    due_date: str | None = None,
    schedule_at: int | None = None,
) -> str:
    try:
        return ctx.journal.record_payment_intent(
            plan_id,
            seq,
            kind,
            merchant_uid=merchant_uid,
            due_date=due_date,
            schedule_at=schedule_at,
            portone_at=ctx.portone_time_for_intent(),
        )
    except JournalUnavailable as exc:
        raise journal_write_failed(exc) from exc
    except IntentRefused as exc:
        raise ServiceError(
            "in_progress",
            QT_TRANSLATE_NOOP(
                "ServiceError", "이 정기결제 회차는 지금 바꿀 수 없습니다. 최신 상태를 확인한 뒤 다시 하세요."
            ),
        ) from exc


def _send(
    ctx: ServiceContext, op_id: str, slot_id: str, kind: OperationKind, call: Callable[[], object]
) -> SlotOutcome:
    problems: list[str] = []

    def record(outcome: Outcome, value: object, message: str | None, by: DecidedBy) -> None:
        schedule = value[0] if isinstance(value, list) and value else value
        facts = schedule_facts(schedule) if isinstance(schedule, Schedule) else None
        problem = record_after_the_call(
            f"{kind} {op_id}",
            outcome,
            lambda: ctx.journal.record_payment_result(
                op_id, outcome, facts=facts, message=message, decided_by=by
            ),
        )
        if problem:
            problems.append(problem)

    def send() -> object:
        try:
            return call()
        except NotFound:
            if kind == "schedule_revoke":
                return None  # PortOne has no such schedule: nothing is left to charge
            raise

    _, _value, message = send_and_settle(ctx, op_id, kind, send, lambda _v: Outcome.APPROVED, record)
    return _outcome(ctx, slot_id, op_id, message, problems[0] if problems else None)


def _outcome(
    ctx: ServiceContext, slot_id: str, op_id: str, message: str | None, problem: str | None = None
) -> SlotOutcome:
    """The operation's state as the journal has it now (it may have been settled during the call)."""
    slot = ctx.journal.plan_payment(slot_id)
    op = ctx.journal.operation(op_id)
    outcome = op.state if op is not None else Outcome.UNKNOWN
    sale = ctx.journal.sale(slot.merchant_uid) if slot is not None and slot.merchant_uid else None
    return SlotOutcome(
        outcome, slot_id, slot, (op.message if op is not None else None) or message, sale, problem
    )
