"""The settle rules of a recurring plan's payment operations: what to look up, what each answer means.

All five look the payment up by its merchant_uid (which never changes, ``journal.plans``):

* ``schedule_create`` — ``GET /subscribe/payments/schedule/{merchant_uid}``: there → scheduled (or it
  already ran: PortOne's record is taken over whole); absent for the whole not-charged window → not
  scheduled (the top-up schedules it again under the same merchant_uid, so a late first request meets
  PortOne's duplicate refusal);
* ``schedule_move`` — the schedule holds the new time → moved; still the old time for the whole window,
  or it ran or was revoked meanwhile → not moved;
* ``schedule_revoke`` — revoked (or no such schedule) → revoked; it ran → not revoked (its payment is
  recorded); still scheduled for the whole window → not revoked;
* ``schedule_reschedule`` — scheduled again at the new time → done; still failed or revoked for the
  whole window → not done;
* ``schedule_retry`` (a charge) — the payments under the merchant_uid (``findAll``): a paid one → the sale
  is recorded; a failure stamped after this retry was written ahead → declined (after a PG timeout only
  once the window has passed: the issuer may approve late); nothing new for the whole window → not
  charged, and looked at again for a day like every "absent" money operation.

As everywhere in the engine, a rule records only when PortOne's record changes something, and an
operation already closed is only ever reopened by a record that turns up (announced).
"""

from __future__ import annotations

from pos_app.domain.outcomes import Outcome
from pos_app.journal.plan_records import SlotRow
from pos_app.journal.records import MONEY_TAKEN, OperationKind, OperationRow
from pos_app.portone.schedule_models import Schedule
from pos_app.services import plan_texts as texts
from pos_app.services.context import ServiceContext
from pos_app.services.resolution import Probe, probe, settle_payments
from pos_app.services.results import Announcement, AnnouncementKind
from pos_app.services.schedule_records import (
    announce,
    facts_of_payment,
    record_paid,
    schedule_facts,
    sync_slot,
)
from pos_app.services.settlement import texts as engine_texts
from pos_app.services.settlement.refusals import Verdict, verdict_of
from pos_app.services.settlement.rules import (
    Look,
    Rule,
    _seconds_left,
    _still_open,
    _unchanged,
    _waiting,
    _window_passed,
)

# PortOne's clock at the write-ahead is estimated to about a second (the last token's ``now``)
RETRY_SLACK_S = 10.0


def _slot(ctx: ServiceContext, op: OperationRow) -> SlotRow | None:
    slot = ctx.journal.plan_payment(op.ref)
    return slot if slot is not None and slot.merchant_uid is not None else None


def _read_schedule(ctx: ServiceContext, slot: SlotRow) -> Probe[Schedule]:
    client = ctx.require_lookup_client()
    merchant_uid = slot.merchant_uid or ""
    return probe(lambda: client.get_schedule(merchant_uid))


def _says(
    ctx: ServiceContext, op: OperationRow, slot: SlotRow, kind: AnnouncementKind, text: str
) -> tuple[Announcement, ...]:
    return (announce(kind, op.kind, slot, text, ctx),)


class _ScheduleRule:
    """What the four schedule (non-charge) rules share: one lookup of the schedule, and closing."""

    kind: OperationKind

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"plan_payment:{op.ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        slot = _slot(ctx, op)
        if slot is None:
            return _unchanged(op)
        found = _read_schedule(ctx, slot)
        if found.state == "error":
            return (
                _still_open(op, engine_texts.DOING_LOOKUP_FAILED, found.message)
                if op.is_open
                else _unchanged(op)
            )
        return self.judge(ctx, op, slot, found.value, elapsed)

    def judge(
        self, ctx: ServiceContext, op: OperationRow, slot: SlotRow, schedule: Schedule | None, elapsed: float
    ) -> Look:
        raise NotImplementedError

    def not_made_unless_waiting(
        self,
        ctx: ServiceContext,
        op: OperationRow,
        slot: SlotRow,
        schedule: Schedule | None,
        elapsed: float,
        *,
        message: str,
        said_text: str,
    ) -> Look:
        """Still inside the window: wait. PortOne's record showed no change for the whole window: the
        call was not made (by the window), and the cashier is told so."""
        if not _window_passed(ctx, op, elapsed):
            return _waiting(ctx, op, elapsed)
        return self.close(
            ctx,
            op,
            slot,
            Outcome.NOT_CHARGED,
            schedule,
            message=message,
            by="window",
            said=_says(ctx, op, slot, "not_made", said_text),
        )

    def close(
        self,
        ctx: ServiceContext,
        op: OperationRow,
        slot: SlotRow,
        outcome: Outcome,
        schedule: Schedule | None,
        *,
        message: str | None = None,
        by: str = "record",
        said: tuple[Announcement, ...] = (),
    ) -> Look:
        """Record the operation's final state with PortOne's facts; take over a run it reveals."""
        facts = schedule_facts(schedule) if schedule is not None else None
        ctx.journal.record_payment_result(
            op.op_id,
            outcome,
            facts=facts,
            message=message,
            decided_by="window" if by == "window" else "record",
        )
        extra: tuple[Announcement, ...] = ()
        refreshed = ctx.journal.plan_payment(slot.slot_id)
        if schedule is not None and schedule.schedule_status == "executed" and refreshed is not None:
            extra = tuple(sync_slot(ctx, refreshed, schedule))
        return Look(True, outcome, answer=message, announcements=said + extra)


class ScheduleCreateRule(_ScheduleRule):
    kind: OperationKind = "schedule_create"

    def judge(
        self, ctx: ServiceContext, op: OperationRow, slot: SlotRow, schedule: Schedule | None, elapsed: float
    ) -> Look:
        if schedule is not None:
            if op.state is Outcome.APPROVED or (not op.is_open and slot.state != "not_scheduled"):
                return _unchanged(op)  # done, or a later schedule call of this payment settled it
            kind: AnnouncementKind = "made_late" if op.state.is_final else "made"
            return self.close(
                ctx, op, slot, Outcome.APPROVED, schedule, said=_says(ctx, op, slot, kind, texts.SCHEDULED)
            )
        if not op.is_open:
            return _unchanged(op)
        return self.not_made_unless_waiting(
            ctx, op, slot, None, elapsed, message=texts.NO_SCHEDULE, said_text=texts.NOT_SCHEDULED
        )


class ScheduleMoveRule(_ScheduleRule):
    kind: OperationKind = "schedule_move"

    def judge(
        self, ctx: ServiceContext, op: OperationRow, slot: SlotRow, schedule: Schedule | None, elapsed: float
    ) -> Look:
        if not op.is_open:
            return _unchanged(op)
        asked = slot.asked_at
        if schedule is not None and asked is not None and schedule.schedule_at == asked:
            return self.close(
                ctx, op, slot, Outcome.APPROVED, schedule, said=_says(ctx, op, slot, "made", texts.MOVED)
            )
        if schedule is not None and schedule.schedule_status != "scheduled":
            # it ran or was revoked at its old time: the move can no longer happen
            return self.close(
                ctx,
                op,
                slot,
                Outcome.NOT_CHARGED,
                schedule,
                said=_says(ctx, op, slot, "not_made", texts.NOT_MOVED),
            )
        return self.not_made_unless_waiting(
            ctx, op, slot, schedule, elapsed, message=texts.STILL_AT_OLD_TIME, said_text=texts.NOT_MOVED
        )


class ScheduleRevokeRule(_ScheduleRule):
    kind: OperationKind = "schedule_revoke"

    def judge(
        self, ctx: ServiceContext, op: OperationRow, slot: SlotRow, schedule: Schedule | None, elapsed: float
    ) -> Look:
        if not op.is_open:
            return _unchanged(op)
        if schedule is None or schedule.schedule_status == "revoked":
            message = texts.NO_SUCH_SCHEDULE if schedule is None else None
            return self.close(
                ctx,
                op,
                slot,
                Outcome.APPROVED,
                schedule,
                message=message,
                said=_says(ctx, op, slot, "made", texts.REVOKED),
            )
        if schedule.schedule_status == "executed":
            return self.close(ctx, op, slot, Outcome.DECLINED, schedule, message=texts.ALREADY_RAN)
        return self.not_made_unless_waiting(
            ctx, op, slot, schedule, elapsed, message=texts.STILL_SCHEDULED, said_text=texts.NOT_REVOKED
        )


class ScheduleRescheduleRule(_ScheduleRule):
    kind: OperationKind = "schedule_reschedule"

    def judge(
        self, ctx: ServiceContext, op: OperationRow, slot: SlotRow, schedule: Schedule | None, elapsed: float
    ) -> Look:
        if not op.is_open:
            return _unchanged(op)
        asked = slot.asked_at
        again = schedule is not None and asked is not None and schedule.schedule_at == asked
        if again and schedule is not None and schedule.schedule_status in ("scheduled", "executed"):
            return self.close(
                ctx, op, slot, Outcome.APPROVED, schedule, said=_says(ctx, op, slot, "made", texts.MOVED)
            )
        return self.not_made_unless_waiting(
            ctx, op, slot, schedule, elapsed, message=texts.STILL_AT_OLD_TIME, said_text=texts.NOT_MOVED
        )


class ScheduleRetryRule:
    """A retry is a charge: settled from the payments under the merchant_uid, like a sale."""

    kind: OperationKind = "schedule_retry"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"plan_payment:{op.ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        slot = _slot(ctx, op)
        if slot is None:
            return _unchanged(op)
        client = ctx.require_lookup_client()
        merchant_uid = slot.merchant_uid or ""
        found = probe(lambda: client.find_all_payments(merchant_uid))
        if found.state == "error":
            return (
                _still_open(op, engine_texts.DOING_LOOKUP_FAILED, found.message)
                if op.is_open
                else _unchanged(op)
            )
        payments = found.value or []
        charged = settle_payments([p for p in payments if p.status in ("paid", "cancelled")], slot.amount)
        if charged is not None and charged.payment is not None and charged.outcome in MONEY_TAKEN:
            if op.state in MONEY_TAKEN or (not op.is_open and ctx.journal.sale(merchant_uid) is not None):
                return _unchanged(op)  # recorded (by this retry, or by polling after a later run)
            late = op.state.is_final
            outcome = record_paid(ctx, slot, charged.payment, op_id=op.op_id)
            text = texts.PAID_AFTER_FAILURE if late else texts.PAID
            said = announce(
                "made_late" if late else "made",
                op.kind,
                slot,
                text,
                ctx,
                apply_num=charged.payment.apply_num or "-",
            )
            return Look(True, outcome, announcements=(said,))
        if not op.is_open:
            return _unchanged(op)
        # a failure of this retry: not the run (or an earlier retry) the payment already shows, and
        # stamped by PortOne after this retry was written ahead (PortOne's clock on both sides)
        since = (op.portone_at or 0) - RETRY_SLACK_S
        new_failures = [
            p
            for p in payments
            if p.status == "failed"
            and p.imp_uid != slot.imp_uid
            and (p.failed_at or p.started_at or 0) >= since
        ]
        if new_failures:
            failure = max(new_failures, key=lambda p: p.failed_at or 0)
            timed_out = verdict_of("sale", failure.fail_reason) is Verdict.LOOK_UP_FIRST
            if timed_out and not _window_passed(ctx, op, elapsed):
                return _still_open(
                    op,
                    engine_texts.DOING_PG_TIMEOUT,
                    failure.fail_reason,
                    seconds=_seconds_left(ctx, op, elapsed),
                )
            ctx.journal.record_payment_result(
                op.op_id,
                Outcome.DECLINED,
                facts=facts_of_payment(failure, slot),
                message=failure.fail_reason,
                decided_by="record",
            )
            said = announce(
                "not_made", op.kind, slot, texts.RETRY_DECLINED, ctx, reason=failure.fail_reason or ""
            )
            return Look(True, Outcome.DECLINED, answer=failure.fail_reason, announcements=(said,))
        if any(p.status == "ready" for p in payments):
            return _still_open(op, engine_texts.DOING_PROCESSING_AT_PORTONE, "ready")
        if not _window_passed(ctx, op, elapsed):
            return _waiting(ctx, op, elapsed)
        ctx.journal.record_payment_result(
            op.op_id, Outcome.NOT_CHARGED, facts=None, message=texts.NO_NEW_PAYMENT, decided_by="window"
        )
        said = announce("not_made", op.kind, slot, texts.RETRY_NOT_MADE, ctx)
        return Look(True, Outcome.NOT_CHARGED, announcements=(said,))


SCHEDULE_RULES: dict[OperationKind, Rule] = {
    rule.kind: rule
    for rule in (
        ScheduleCreateRule(),
        ScheduleMoveRule(),
        ScheduleRevokeRule(),
        ScheduleRescheduleRule(),
        ScheduleRetryRule(),
    )
}
