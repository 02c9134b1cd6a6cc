"""Tracking recurring plans without webhooks: poll PortOne's schedules and bring the journal up to them.

A counter PC cannot receive PortOne's webhooks, so the app asks. One pass (``poll``):

1. every planned payment PortOne should still run (``scheduled``), and every one that failed within the
   last day (a PG-timeout failure may still turn paid: late approval), is read back from PortOne — the
   whole range in one paged list (``GET /subscribe/payments/schedule``), a payment missing from it by
   its own lookup — and ``schedule_records.sync_slot`` records what changed: a run that paid becomes a
   sale of its day, a failed run keeps PortOne's reason and is announced, a revoke or a move made in the
   console is taken over;
2. every active plan is topped up (``plans.top_up``): the next payments are scheduled, a payment whose
   time passed while the PC was off is recorded as missed.

A payment with an operation of ours still open is left to the settlement engine, and one the cashier is
working on (its in-flight key) is skipped: nothing is looked at twice at once. The window runs a pass at
start-up and then whenever one is due (``RecurringServices.poll_if_due``): every few minutes, and soon
after a scheduled payment's time has passed.
"""

from __future__ import annotations

import logging

from pos_app.journal.plan_records import SlotRow
from pos_app.portone.errors import ApiError, NotSent, OutcomeUnknown
from pos_app.portone.schedule_models import Schedule
from pos_app.services import plans
from pos_app.services.context import ServiceContext
from pos_app.services.errors import ServiceError
from pos_app.services.plan_results import PollReport
from pos_app.services.resolution import probe
from pos_app.services.results import Announcement
from pos_app.services.schedule_records import now_at, sync_slot
from pos_app.services.schedules import slot_guard

log = logging.getLogger(__name__)


def watched_payments(ctx: ServiceContext) -> list[SlotRow]:
    """The payments whose state PortOne may still change, without an open operation of ours."""
    recent = int(now_at(ctx) - ctx.settings.recheck_for_s)
    slots = ctx.journal.plan_payments_in_states(("scheduled",))
    slots += ctx.journal.plan_payments_in_states(("failed",), since_at=recent)
    return [s for s in slots if s.open_op is None and s.merchant_uid is not None]


def poll(ctx: ServiceContext) -> PollReport:
    """One pass (see the module docstring); never raises for PortOne or the journal being unavailable."""
    client = ctx.client
    if client is None or not ctx.journal.health.ok:
        return PollReport(skipped=True)
    watched = watched_payments(ctx)
    announcements: list[Announcement] = []
    changed = 0
    if watched:
        low = min(s.schedule_at for s in watched)
        high = max(s.schedule_at for s in watched) + 1
        try:
            listed = {s.merchant_uid: s for s in client.list_schedules(low, high)}
        except (NotSent, OutcomeUnknown, ApiError) as exc:
            log.warning("schedule poll: PortOne's list could not be read: %s", exc)
            return PollReport(checked=0, error=str(exc))
        for slot in watched:
            schedule = listed.get(slot.merchant_uid or "") or _read_one(ctx, slot)
            if schedule is None:
                continue
            said, moved = _sync(ctx, slot, schedule)
            announcements += said
            changed += moved
    scheduled = 0
    errors: list[str] = []
    for plan in ctx.journal.live_plans():
        if plan.state != "active":
            continue
        try:
            results = plans.top_up(ctx, plan.plan_id)
        except ServiceError as exc:
            errors.append(str(exc))
            continue
        scheduled += sum(1 for r in results if r.slot is not None and r.slot.is_live)
    ctx.settler.announce(announcements)
    return PollReport(
        checked=len(watched),
        changed=changed,
        scheduled=scheduled,
        announcements=tuple(announcements),
        error=errors[0] if errors else None,
    )


def _read_one(ctx: ServiceContext, slot: SlotRow) -> Schedule | None:
    """A payment the range list did not show (moved out of it in the console, or a list that lags)."""
    client = ctx.require_lookup_client()
    merchant_uid = slot.merchant_uid or ""
    found = probe(lambda: client.get_schedule(merchant_uid))
    return found.value if found.state == "found" else None


def _sync(ctx: ServiceContext, slot: SlotRow, schedule: Schedule) -> tuple[list[Announcement], int]:
    with ctx.in_flight.claim_if_free(slot_guard(slot.slot_id)) as free:
        if not free:
            return [], 0
        fresh = ctx.journal.plan_payment(slot.slot_id)
        if fresh is None or fresh.open_op is not None:
            return [], 0
        before = (fresh.state, fresh.schedule_at, fresh.fail_reason)
        said = sync_slot(ctx, fresh, schedule)
        after = ctx.journal.plan_payment(slot.slot_id)
        moved = int(after is not None and (after.state, after.schedule_at, after.fail_reason) != before)
        return said, moved
