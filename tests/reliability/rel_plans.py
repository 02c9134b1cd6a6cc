"""Recurring plans (정기결제) in the model: the rules that make, pause, resume and end plans, the world's rule
that lets PortOne run the next scheduled payment, and the settled checks against PortOne's schedules.

``PlanRules`` is a mixin of ``rel_model.CounterWorld`` (Hypothesis collects the rules of every class in
the machine's MRO): plans are made on a card the ``register_card`` rule registered (earlier, or just
before for a new customer), through the same ``_do`` as every other cashier action, so the armed kill
points and the injected faults (FAULT_PATHS names the schedule endpoints) strike them too.
``portone_runs_next_schedule`` moves the world's clock (PortOne's with it) past the earliest schedule
still waiting at PortOne: the sandbox runs it there, charging the billing key as ``again``
does — a declining card fails it, a PG-timeout card fails it (and may be approved late).

The checks: never two schedules at PortOne for one planned date (``double_schedules``, after every step:
every schedule of this counter's uids belongs to one planned payment of the journal, and no planned date
has two that are live or ran), and once settled and polled (``plan_disagreements``) also

* every payment PortOne executed for a plan is a sale with PortOne's amount and outcome (a failed run:
  no sale that took money, the planned payment ``failed``);
* the journal's planned payment says what PortOne's schedule says (scheduled, revoked, ran).

The Z report and "nothing open" are the model's own checks: a scheduled payment is a card payment of the
counter's uids at PortOne, so ``rel_world.portone_net_by_day`` counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule
from rel_world import Counter, Oracle, WorldClock

from pos_app.domain.plans import validate_plan
from pos_app.journal.records import MONEY_TAKEN
from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices

# how long after its time the world looks: PortOne has run it, the counter's next poll is due
RUN_PAST_S = 90.0
MAX_WORLD_S = 120 * 86_400
# the cards a plan's customer brings: approving, declining (the run fails), PG timeouts (late approval, none)
PLAN_CARDS = (
    cards.APPROVE_CREDIT,
    cards.APPROVE_SAMSUNG,
    cards.DECLINE_LIMIT,
    cards.LATE_APPROVAL,
    cards.PG_TIMEOUT_NOT_CHARGED,
)
# planned-payment states against the schedule PortOne holds
_RAN = {"paid", "failed", "cancelled"}


@dataclass
class PlanStats:
    made: int = 0
    changes: int = 0
    runs_paid: int = 0
    runs_failed: int = 0


PLAN_STATS = PlanStats()


def pick_one(items: list[Any], index: int) -> Any | None:
    return items[index % len(items)] if items else None


def schedules(server: SandboxServer) -> list[dict[str, Any]]:
    """PortOne's schedules (the sandbox's store, under its lock), each with its payment's status."""
    store = server._store
    with store.lock:
        out = []
        for record in store.schedules.values():
            item = dict(record)
            payment = store.payments.get(record["imp_uid"] or "")
            item["_payment"] = dict(payment) if payment is not None else None
            out.append(item)
    return out


def _slots(counter: Counter) -> list[Any]:
    journal = counter.jr
    return [s for plan_id in counter.ids("plans", "plan_id") for s in journal.plan_payments(plan_id)]


def double_schedules(server: SandboxServer, counter: Counter) -> list[str]:
    """Never two schedules at PortOne for one planned date: every schedule under this counter's uids is a
    planned payment of its journal (written ahead: so even before settling), and no planned date has two
    that are live or ran. Cheap enough to hold after every step."""
    prefix = counter.counter_id + "-"
    slots = {s.merchant_uid: s for s in _slots(counter) if s.merchant_uid is not None}
    problems: list[str] = []
    live_or_ran: dict[tuple[str, str], list[str]] = {}
    for schedule in schedules(server):
        uid = schedule["merchant_uid"]
        if not uid.startswith(prefix):
            continue
        slot = slots.get(uid)
        if slot is None:
            problems.append(f"PortOne schedule {uid} ({schedule['schedule_status']}) is in no plan")
        elif schedule["schedule_status"] != "revoked":
            live_or_ran.setdefault((slot.plan_id, slot.due_date), []).append(uid)
    problems += [
        f"plan {plan_id} {day}: {len(uids)} schedules at PortOne {uids}"
        for (plan_id, day), uids in live_or_ran.items()
        if len(uids) > 1
    ]
    return problems


def plan_disagreements(server: SandboxServer, counter: Counter) -> list[str]:
    """The settled plan checks of the module docstring, for one counter."""
    oracle = Oracle(server)
    slots = _slots(counter)
    by_uid = {s.merchant_uid: s for s in slots if s.merchant_uid is not None}
    problems = double_schedules(server, counter)
    at_portone = schedules(server)
    for schedule in at_portone:
        slot = by_uid.get(schedule["merchant_uid"])
        if slot is not None:
            problems += _slot_against(oracle, counter, slot, schedule)
    held = {s["merchant_uid"] for s in at_portone}
    problems += [
        f"planned payment {s.slot_id}: journal {s.state}, PortOne has no schedule {s.merchant_uid}"
        for s in slots
        if s.state in ("scheduled", *_RAN) and s.merchant_uid not in held
    ]
    return problems


def _slot_against(oracle: Oracle, counter: Counter, slot: Any, schedule: dict[str, Any]) -> list[str]:
    uid = schedule["merchant_uid"]
    status = schedule["schedule_status"]
    where = f"planned payment {slot.slot_id} ({uid})"
    if status == "scheduled":
        if (slot.state, slot.schedule_at) != ("scheduled", schedule["schedule_at"]):
            return [f"{where}: journal {slot.state} at {slot.schedule_at}, PortOne scheduled at "
                    f"{schedule['schedule_at']}"]  # fmt: skip
        return []
    if status == "revoked":
        return [] if slot.state == "revoked" else [f"{where}: journal {slot.state}, PortOne revoked"]
    charged = oracle.charged_payments(uid)
    sale = counter.jr.sale(uid)
    if not charged:
        problems = [] if slot.state == "failed" else [f"{where}: journal {slot.state}, PortOne's run failed"]
        if sale is not None and sale.outcome in MONEY_TAKEN:
            problems.append(f"{where}: journal sale {sale.outcome.value}, PortOne charged nothing")
        return problems
    payment = charged[-1]
    if sale is None:
        return [f"{where}: PortOne ran it ({payment['status']} {payment['amount']}), no sale in the journal"]
    problems = []
    if sale.outcome not in MONEY_TAKEN or sale.paid_amount != payment["amount"]:
        problems.append(
            f"{where}: sale {sale.outcome.value} {sale.paid_amount}, PortOne {payment['status']} "
            f"{payment['amount']}"
        )
    if sale.cancel_amount != payment["cancel_amount"]:
        problems.append(f"{where}: sale refunded {sale.cancel_amount}, PortOne {payment['cancel_amount']}")
    expected = "cancelled" if payment["status"] == "cancelled" else "paid"
    if slot.state not in (expected, "paid", "cancelled"):
        problems.append(f"{where}: journal {slot.state}, PortOne {payment['status']}")
    return problems


class PlanRules:
    """The plan rules of ``CounterWorld`` (a mixin: the attributes below are the machine's)."""

    counters: list[Counter]
    server: SandboxServer
    clock: WorldClock

    def _do(self, index: int, what: str, call: Callable[[CounterServices], Any]) -> Any:
        raise NotImplementedError

    def _customers(self, index: int, active: bool = True) -> list[str]:
        raise NotImplementedError

    def register_card(self, index: int, card: str) -> None:
        raise NotImplementedError

    def _plans(self, index: int, *states: str) -> list[str]:
        journal = self.counters[index].jr
        return [
            plan_id
            for plan_id in self.counters[index].ids("plans", "plan_id")
            if (plan := journal.plan(plan_id)) is not None and plan.state in states
        ]

    def _cards(self) -> list[tuple[int, str]]:
        return [(i, uid) for i in range(len(self.counters)) for uid in self._customers(i)]

    def _live_plans(self, *states: str) -> list[tuple[int, str]]:
        return [(i, plan_id) for i in range(len(self.counters)) for plan_id in self._plans(i, *states)]

    @rule(
        pick=st.integers(0, 50),
        amount=st.sampled_from((9_900, 30_000)),
        lead_days=st.sampled_from((1, 2)),
        new_card=st.sampled_from((None, None, *PLAN_CARDS)),
    )
    def make_plan(self, pick: int, amount: int, lead_days: int, new_card: str | None) -> None:
        """A monthly plan on a saved card of either counter, its first payment a day or two ahead at 10:00;
        with ``new_card`` (or no saved card yet) the customer's card is registered first (register_card)."""
        if new_card is not None or not self._cards():
            self.register_card(index=pick % len(self.counters), card=new_card or cards.APPROVE_CHECK)
        found = pick_one(self._cards(), pick)
        if found is None:
            return
        index, uid = found
        today = self.counters[index].svc.recurring.today()
        start = today + timedelta(days=lead_days)
        form = {
            "amount": str(amount),
            "tax_free": "0",
            "order_name": "꽃 정기배송",
            "product_type": "real",
            "buyer_name": "박단골",
            "buyer_tel": "010-2222-3333",
            "plan_kind": "monthly",
            "plan_day": str(start.day),
            "plan_start": start.isoformat(),
            "plan_end_kind": "none",
            "plan_time": "10:00",
        }

        def make(services: CounterServices) -> Any:
            return services.recurring.create_plan(validate_plan(form, uid, today))

        made = self._do(index, "plan_make", make)
        PLAN_STATS.made += made is not None and made.plan is not None

    @precondition(lambda self: bool(self._live_plans("active", "paused")))
    @rule(pick=st.integers(0, 50), action=st.sampled_from(("pause", "resume", "end")))
    def change_plan(self, pick: int, action: str) -> None:
        """Pause an active plan, resume a paused one, or end either (해지)."""
        states = {"pause": ("active",), "resume": ("paused",), "end": ("active", "paused")}[action]
        found = pick_one(self._live_plans(*states), pick)
        if found is None:
            return
        index, plan_id = found
        calls: dict[str, Callable[[CounterServices], Any]] = {
            "pause": lambda s: s.recurring.pause_plan(plan_id, "고객 요청"),
            "resume": lambda s: s.recurring.resume_plan(plan_id),
            "end": lambda s: s.recurring.end_plan(plan_id, "해지"),
        }
        PLAN_STATS.changes += self._do(index, f"plan_{action}", calls[action]) is not None

    @invariant()
    def never_two_schedules_for_one_planned_date(self) -> None:
        for counter in self.counters:
            found = double_schedules(self.server, counter)
            assert not found, found

    @rule(index=st.sampled_from((0, 1)))
    def poll_plans(self, index: int) -> None:
        """The window's polling pass ("지금 확인" on the 정기결제 tab)."""
        self._do(index, "plan_poll", lambda s: s.recurring.poll())

    # at most about four months of the world's time in one run: each run jumps to the next payment, and
    # a run of years (a declining card failing every month) costs minutes of settling and comparing
    @precondition(
        lambda self: (
            self.clock.true_s - self.clock._origin < MAX_WORLD_S
            and any(s["schedule_status"] == "scheduled" for s in schedules(self.server))
        )
    )
    @rule()
    def portone_runs_next_schedule(self) -> None:
        """Time passes to just after the earliest schedule waiting at PortOne: PortOne runs it."""
        found = schedules(self.server)
        waiting = [int(s["schedule_at"]) for s in found if s["schedule_status"] == "scheduled"]
        if not waiting:
            return
        step = min(waiting) + RUN_PAST_S - self.server.now()
        if step > 0:
            self.clock.advance(step)
        before = {s["merchant_uid"] for s in schedules(self.server) if s["schedule_status"] == "executed"}
        self.server.run_due()
        for ran in schedules(self.server):
            if ran["schedule_status"] == "executed" and ran["merchant_uid"] not in before:
                paid = ran["_payment"] is not None and ran["_payment"]["status"] == "paid"
                PLAN_STATS.runs_paid += paid
                PLAN_STATS.runs_failed += not paid
