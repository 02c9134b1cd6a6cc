"""The window's facade for recurring payment plans (정기결제): ``CounterServices.recurring``.

Blocking methods, run through ``workers`` off the GUI thread: money calls (``retry_payment``) and the
calls that change a schedule (making, pausing, resuming and ending a plan, moving or revoking a payment)
on the cashier's lane, lookups and polling (``poll``, ``poll_if_due``) on the background lane, reads on
the journal's lane. It works on the counter's current ``ServiceContext`` (settings applied without a
restart swap it), so it is built once with the ``CounterServices``.

``poll_if_due`` is cheap when nothing is due: it polls when none ran yet, every ``POLL_EVERY_S``, and as
soon as a scheduled payment's time has passed since the last pass (PortOne runs it then); the window
calls it every half minute.

People (``services.people``): every call that changes a plan or a payment is a charge of a saved card in
the role table (``Action.CHARGE_AGAIN``) and runs in the name of the person signed in — refused before
anything is written or sent when nobody is (``acting``, the counter's). Polling is the counter's own.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import Any

from pos_app.domain.people import Action
from pos_app.domain.plans import PlanTerms
from pos_app.journal.plan_records import PlanRow, SlotRow
from pos_app.services import plans, schedule_sync, schedules
from pos_app.services.context import ServiceContext
from pos_app.services.plan_results import PlanOutcome, PlanView, PollReport, SlotOutcome
from pos_app.services.schedule_records import now_at

__all__ = [
    "PlanOutcome",
    "PlanRow",
    "PlanTerms",
    "PlanView",
    "PollReport",
    "RecurringServices",
    "SlotOutcome",
    "SlotRow",
]

POLL_EVERY_S = 300.0
RUN_GRACE_S = 20.0  # PortOne runs a schedule at its time; give it this long before looking
FAILURE_DAYS = 31  # how far back the 정기결제 tab lists failed payments


class RecurringServices:
    def __init__(
        self,
        context: Callable[[], ServiceContext],
        acting: Callable[[Action], AbstractContextManager[Any]] | None = None,
    ) -> None:
        self._context = context
        self._acting = acting or (lambda _action: contextlib.nullcontext())
        self._pass = threading.Lock()
        self._last_mono: float | None = None
        self._last_at: float = 0.0

    @property
    def _ctx(self) -> ServiceContext:
        return self._context()

    # --- plans ------------------------------------------------------------------------------------
    def create_plan(self, terms: PlanTerms) -> PlanOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return plans.create_plan(self._ctx, terms)

    def pause_plan(self, plan_id: str, reason: str | None = None) -> PlanOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return plans.pause_plan(self._ctx, plan_id, reason)

    def resume_plan(self, plan_id: str) -> PlanOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return plans.resume_plan(self._ctx, plan_id)

    def end_plan(self, plan_id: str, reason: str | None = None) -> PlanOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return plans.end_plan(self._ctx, plan_id, reason)

    # --- one payment ------------------------------------------------------------------------------
    def change_payment_date(self, slot_id: str, day: date) -> SlotOutcome:
        """A scheduled payment moved to ``day``, or a failed / revoked one scheduled again on it."""
        with self._acting(Action.CHARGE_AGAIN):
            return schedules.change_payment_date(self._ctx, slot_id, day)

    def revoke_payment(self, slot_id: str) -> SlotOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return schedules.revoke_payment(self._ctx, slot_id)

    def retry_payment(self, slot_id: str) -> SlotOutcome:
        """ "지금 다시 결제": a money call (cashier lane)."""
        with self._acting(Action.CHARGE_AGAIN):
            return schedules.retry_payment(self._ctx, slot_id)

    # --- polling ----------------------------------------------------------------------------------
    def poll(self) -> PollReport:
        """One pass now (start-up, "지금 확인"); skipped while another pass runs."""
        if not self._pass.acquire(blocking=False):
            return PollReport(skipped=True)
        try:
            ctx = self._ctx
            report = schedule_sync.poll(ctx)
            if not report.skipped and report.error is None:
                self._last_mono, self._last_at = ctx.monotonic(), now_at(ctx)
            return report
        finally:
            self._pass.release()

    def poll_if_due(self) -> PollReport:
        ctx = self._ctx
        if ctx.client is None or not ctx.journal.health.ok:
            return PollReport(skipped=True)
        due = self._last_mono is None or ctx.monotonic() - self._last_mono >= POLL_EVERY_S
        if not due:
            ran = [s.schedule_at for s in schedule_sync.watched_payments(ctx) if s.state == "scheduled"]
            now = now_at(ctx)
            due = any(self._last_at < at + RUN_GRACE_S <= now for at in ran)
        return self.poll() if due else PollReport(skipped=True)

    # --- reading ----------------------------------------------------------------------------------
    def plans_of_customer(self, customer_uid: str) -> list[PlanView]:
        ctx = self._ctx
        return [plans.view(ctx, plan) for plan in ctx.journal.plans_of_customer(customer_uid)]

    def plan(self, plan_id: str) -> PlanView | None:
        ctx = self._ctx
        plan = ctx.journal.plan(plan_id)
        return plans.view(ctx, plan) if plan is not None else None

    def live_payments_of_customer(self, customer_uid: str) -> list[SlotRow]:
        """What PortOne will still charge on this saved card (deleting it asks about these first)."""
        return [s for s in self._ctx.journal.plan_payments_of_customer(customer_uid) if s.is_live]

    def payments_on(self, first: date, last: date) -> list[SlotRow]:
        """Every planned payment that runs from ``first`` to ``last`` (the shop's days), in time order."""
        ctx = self._ctx
        start = int(datetime.combine(first, datetime.min.time(), tzinfo=ctx.tz).timestamp())
        end = int(datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=ctx.tz).timestamp())
        return ctx.journal.plan_payments_between(start, end)

    def recent_failures(self, days: int = FAILURE_DAYS) -> list[SlotRow]:
        """Payments that failed in the last ``days`` days and wait for the owner (retry, reschedule).

        A month back by default, so a failure stays in sight over an owner's week away until it is dealt
        with; one of a plan ended since (해지, its card deleted) waits for nothing and is left out."""
        ctx = self._ctx
        since = int(now_at(ctx) - days * 86_400)
        live = {plan.plan_id for plan in ctx.journal.live_plans()}
        failed = ctx.journal.plan_payments_in_states(("failed",), since_at=since)
        return [slot for slot in failed if slot.plan_id in live]

    def paused_plans(self) -> set[str]:
        """The plan_ids of the plans paused now (their failed payments say so; pausing again does nothing)."""
        return {plan.plan_id for plan in self._ctx.journal.live_plans() if plan.state == "paused"}

    def now(self) -> datetime:
        """The shop's wall time now, on PortOne's clock: the clock the schedules run on (a PC clock that
        is off by a day must not move "today" in the 정기결제 tab or the plan form's first day)."""
        ctx = self._ctx
        return datetime.fromtimestamp(now_at(ctx), tz=ctx.tz)

    def today(self) -> date:
        """The shop's calendar day now, on PortOne's clock (``now``)."""
        return self.now().date()
