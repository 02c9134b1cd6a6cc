"""The counter as a Hypothesis state machine: every operation a cashier can do, everything the world can do.

``CounterWorld`` holds two counters (two data folders, two journals, one PortOne account: the in-process
sandbox) on one ``WorldClock``. Its rules are

* the counter's operations — key-in charges with approving, declining and PG-timeout cards, the cashier's
  retry of a declined or not-charged attempt, card registration, charge again, full and partial refunds,
  receipts for a bank transfer and external receipts (issue, re-issue, cancel), card deletion, "지금
  확인", a background settlement pass, and recurring plans (rel_plans.py: make one on a saved card,
  pause, resume, end, poll);
* the world's — a sandbox fault on the next matching request (a held reply past the client's timeout
  among them), time passing, PortOne running the next scheduled payment, the PC clock stepped forward or
  back, a refund in the PortOne console, a late approval landing, a clean restart, a kill in the middle
  of the next call (or of the start-up reconciliation) at a named crash point, and letting it settle.

Invariants after every step: never two charged records for one intent (one merchant_uid, or one sale's
attempts), every money request met a committed intent, and each journal's chain holds. After letting it
settle (a rule, and at the end of every run): nothing open, the journal equal to PortOne's record for
every operation (plans: rel_plans.plan_disagreements), each Z report equal to PortOne's net of that
counter for the day (scheduled payments included), the full check (integrity, chain, replay, anchors)
sound.

A kill is simulated in-process: the crash point raises ``SimulatedCrash`` (a BaseException, so no
``except Exception`` swallows it) and the counter is then dropped without closing and started again on
its folder. The real kills (SIGKILL in a child process) are the crash matrix's.

To add an operation (an operator sign-in): add a ``@rule`` calling the services through ``self._do``
and, when it creates rows PortOne also holds, extend ``rel_world.disagreements``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from rel_plans import PlanRules, plan_disagreements
from rel_plans import pick_one as _pick
from rel_world import (
    SETTLE_TIME_S,
    Counter,
    WorldClock,
    charged_payments,
    days_to_compare,
    disagreements,
    double_charges,
    pending_late,
    z_report_differences,
)
from rel_write_ahead import WriteAheadWatch
from sandbox_support import keyed_order

from pos_app.domain import (
    BillingCharge,
    Buyer,
    ExternalReceiptOrder,
    FieldError,
    FormErrors,
    KeyedCharge,
    Outcome,
    crashpoints,
    validate_card_registration,
)
from pos_app.journal.records import MONEY_TAKEN
from pos_app.sandbox import cards
from pos_app.sandbox.faults import FAULT_KINDS, Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.sandbox.wire import Refusal
from pos_app.services.counter import CounterServices, ServiceError

APPROVING = (cards.APPROVE_CREDIT, cards.APPROVE_CHECK, cards.APPROVE_SAMSUNG)
DECLINING = (cards.DECLINE_LIMIT, cards.DECLINE_LOST, cards.DECLINE_UNREACHABLE, cards.DECLINE_SUSPENDED)
PG_TIMEOUT = (cards.LATE_APPROVAL, cards.PG_TIMEOUT_NOT_CHARGED)
KEYIN_CARDS = APPROVING + DECLINING + PG_TIMEOUT
AMOUNTS = (10_000, 12_000, 55_000)
# where a fault may strike: each money endpoint, and "/" (whatever request comes next: a token, a lookup)
FAULT_PATHS = (
    "/subscribe/payments/onetime",
    "/subscribe/payments/again",
    "/subscribe/payments/schedule",
    "/subscribe/payments/unschedule",
    "/payments/cancel",
    "/subscribe/customers/",
    "/receipts/external/",
    "/receipts/imp",
    "/payments/",
    "/",
)
KILL_POINTS = (
    "intent.committed",
    "http.request_sent",
    "portone.reply_arrived",
    "result.before_record",
    "journal.before_commit",
    "journal.after_commit",
    "settle.before_look",
)
RESTART_KILL_POINTS = ("settle.before_look", "journal.before_commit", "journal.after_commit")
EXPECTED_REFUSALS = (ServiceError, FieldError, FormErrors)
EXPIRY = "12/30"


class SimulatedCrash(BaseException):
    """The process died here (in-process stand-in for SIGKILL)."""


def _raise_crash() -> None:
    raise SimulatedCrash


@dataclass
class Stats:
    steps: int = 0
    all_steps: int = 0
    runs: int = 0
    settles: int = 0
    kills: int = 0
    restarts: int = 0
    faults: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)


STATS = Stats()


class CounterWorld(PlanRules, RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._tmp = tempfile.TemporaryDirectory(prefix="pos_app-model-")
        root = Path(self._tmp.name)
        self.clock = WorldClock()
        self.server = SandboxServer(clock=self.clock)
        self.server.late_approvals.delay_s = 300  # the card company answers within the PG-timeout window
        self.server.start()
        self.counters = [
            Counter("MA", root / "counter-a", self.server, self.clock),
            Counter("MB", root / "counter-b", self.server, self.clock),
        ]
        self.watch = WriteAheadWatch([c.path for c in self.counters])
        self.server.on_request(self.watch)
        self._saved_die = crashpoints._die
        crashpoints._die = _raise_crash
        for counter in self.counters:
            counter.start()
        self.orders: dict[str, KeyedCharge] = {}  # merchant_uid → the order typed (to type it again)
        self.charges: dict[str, BillingCharge] = {}
        self.transfers = 0
        self.armed: str | None = None
        STATS.runs += 1

    # ------------------------------------------------------------------------------------ plumbing
    def _do(self, index: int, what: str, call: Callable[[CounterServices], Any]) -> Any:
        """One cashier action on counter ``index``: refusals are fine, a crash restarts the counter."""
        STATS.steps += 1
        STATS.by_rule[what] = STATS.by_rule.get(what, 0) + 1
        counter = self.counters[index]
        armed, self.armed = self.armed, None
        if armed is not None:
            crashpoints._counts.clear()
            os.environ[crashpoints.ENV] = armed
        try:
            return call(counter.svc)
        except SimulatedCrash:
            os.environ.pop(crashpoints.ENV, None)
            STATS.kills += 1
            counter.crash()
            counter.start()
            return None
        except EXPECTED_REFUSALS:
            return None
        finally:
            os.environ.pop(crashpoints.ENV, None)

    def _sales(self, index: int, *outcomes: Outcome) -> list[str]:
        counter = self.counters[index]
        uids = counter.ids("sales", "merchant_uid")
        if not outcomes:
            return uids
        out = []
        for uid in uids:
            row = counter.jr.sale(uid)
            if row is not None and row.outcome in outcomes:
                out.append(uid)
        return out

    def _customers(self, index: int, active: bool = True) -> list[str]:
        counter = self.counters[index]
        uids = counter.ids("customers", "customer_uid")
        return [u for u in uids if not active or ((row := counter.jr.customer(u)) is not None and row.active)]

    # ----------------------------------------------------------------------------- the counter's work
    @rule(
        index=st.sampled_from((0, 0, 1)),
        card=st.sampled_from(KEYIN_CARDS),
        amount=st.sampled_from(AMOUNTS),
        full_card=st.booleans(),
    )
    def charge_keyin(self, index: int, card: str, amount: int, full_card: bool) -> None:
        extra = {} if full_card else {"birth": "", "pwd_2digit": ""}
        order = keyed_order(card, amount, expiry=EXPIRY, **extra)
        result = self._do(index, "charge_keyin", lambda s: s.charge_keyed_card(order))
        if result is not None:
            self.orders[result.merchant_uid] = order

    @rule(index=st.sampled_from((0, 0, 1)), pick=st.integers(0, 50))
    def cashier_retries(self, index: int, pick: int) -> None:
        """The cashier tries a declined or not-charged attempt again (the card typed again)."""
        uid = _pick(self._sales(index, Outcome.DECLINED, Outcome.NOT_CHARGED), pick)
        if uid is None:
            return
        row = self.counters[index].jr.sale(uid)
        assert row is not None
        order, charge = self.orders.get(uid), self.charges.get(uid)
        if row.outcome is Outcome.NOT_CHARGED:
            result = self._do(index, "retry_unknown", lambda s: s.retry_unknown(uid, order))
        elif order is not None:
            result = self._do(index, "retry_keyin", lambda s: s.charge_keyed_card(order, retry_of=uid))
        elif charge is not None:
            result = self._do(index, "retry_again", lambda s: s.charge_billing_key(charge, retry_of=uid))
        else:
            return
        if result is not None:
            if order is not None:
                self.orders[result.merchant_uid] = order
            if charge is not None:
                self.charges[result.merchant_uid] = charge

    @rule(
        index=st.sampled_from((0, 0, 1)),
        card=st.sampled_from((*APPROVING, cards.DECLINE_LIMIT, *PG_TIMEOUT)),
    )
    def register_card(self, index: int, card: str) -> None:
        form = {
            "buyer_name": "박단골",
            "buyer_tel": "010-2222-3333",
            "card_number": card,
            "expiry": EXPIRY,
            "birth": "880101",
            "pwd_2digit": "12",
        }
        secrets, buyer = validate_card_registration(form, self.clock_date())
        self._do(index, "register_card", lambda s: s.register_card(secrets, buyer, "카드 등록에 동의합니다"))

    @rule(index=st.sampled_from((0, 0, 1)), pick=st.integers(0, 50), amount=st.sampled_from(AMOUNTS))
    def charge_again(self, index: int, pick: int, amount: int) -> None:
        uid = _pick(self._customers(index), pick)
        if uid is None:
            return
        charge = BillingCharge(
            customer_uid=uid,
            amount=amount,
            tax_free=0,
            order_name="정기 주문",
            buyer=Buyer(name="박단골", tel="010-2222-3333"),
            card_quota=0,
            product_type="real",
        )
        result = self._do(index, "charge_again", lambda s: s.charge_billing_key(charge))
        if result is not None:
            self.charges[result.merchant_uid] = charge

    @rule(
        index=st.sampled_from((0, 0, 1)),
        pick=st.integers(0, 50),
        amount=st.sampled_from((None, 1_000, 4_000)),
    )
    def refund(self, index: int, pick: int, amount: int | None) -> None:
        uid = _pick(self._sales(index, *MONEY_TAKEN), pick)
        if uid is not None:
            self._do(index, "refund", lambda s: s.cancel(uid, amount, "고객 변심"))

    @rule(index=st.sampled_from((0, 1)), amount=st.sampled_from((8_000, 20_000)))
    def receipt_for_transfer(self, index: int, amount: int) -> None:
        self.transfers += 1
        merchant_uid = f"bank-{self.counters[index].counter_id}-{self.transfers}"
        self.server.make_transfer_payment(merchant_uid, amount, "김이체")
        self._do(
            index,
            "receipt_issue",
            lambda s: s.issue_cash_receipt(merchant_uid, "01098765432", "phone", "person"),
        )

    @rule(index=st.sampled_from((0, 1)), amount=st.sampled_from((8_000, 20_000)))
    def external_receipt(self, index: int, amount: int) -> None:
        def issue(services: CounterServices) -> Any:
            return services.issue_external_cash_receipt(
                self._external(services.mint_external_merchant_uid(), amount)
            )

        self._do(index, "external_issue", issue)

    @rule(index=st.sampled_from((0, 1)), pick=st.integers(0, 50))
    def reissue_receipt(self, index: int, pick: int) -> None:
        """A receipt proven not issued, or cancelled: the cashier issues it again for the same sale."""
        counter = self.counters[index]
        rows = [r for r in self._receipts(index) if r.outcome in (Outcome.NOT_CHARGED, Outcome.CANCELLED)]
        row = _pick(rows, pick)
        if row is None:
            return
        if row.kind == "external":
            assert row.merchant_uid is not None
            order = self._external(row.merchant_uid, row.amount)
            self._do(index, "external_reissue", lambda s: s.issue_external_cash_receipt(order))
        elif row.merchant_uid is not None:
            uid = row.merchant_uid
            self._do(
                index,
                "receipt_reissue",
                lambda s: s.issue_cash_receipt(uid, "01098765432", "phone", "person"),
            )
        del counter

    @rule(index=st.sampled_from((0, 1)), pick=st.integers(0, 50))
    def cancel_receipt(self, index: int, pick: int) -> None:
        row = _pick([r for r in self._receipts(index) if r.outcome is Outcome.APPROVED], pick)
        if row is None:
            return
        if row.kind == "external":
            uid = row.merchant_uid or ""
            self._do(index, "external_cancel", lambda s: s.cancel_external_cash_receipt(uid))
        else:
            receipt_id = row.receipt_id
            self._do(index, "receipt_cancel", lambda s: s.cancel_cash_receipt(receipt_id))

    @rule(index=st.sampled_from((0, 0, 1)), pick=st.integers(0, 50))
    def delete_card(self, index: int, pick: int) -> None:
        uid = _pick(self._customers(index), pick)
        if uid is not None:
            self._do(index, "delete_card", lambda s: s.delete_billing_key(uid, "고객 요청"))

    @rule(index=st.sampled_from((0, 1)), pick=st.integers(0, 50))
    def check_now(self, index: int, pick: int) -> None:
        op = _pick(self.counters[index].svc.open_operations(), pick)
        if op is not None:
            self._do(index, "check_now", lambda s: s.check_operation(op.op_id))

    @rule(index=st.sampled_from((0, 1)))
    def background_pass(self, index: int) -> None:
        self._do(index, "settle_due", lambda s: s.settle_due())

    # --------------------------------------------------------------------------------- the world's
    @rule(
        kind=st.sampled_from(FAULT_KINDS), path=st.sampled_from(FAULT_PATHS), count=st.sampled_from((1, 1, 2))
    )
    def fault_on_next_call(self, kind: str, path: str, count: int) -> None:
        # a held reply is held past the client's timeout; a delay stays well inside it
        delay_ms = {"delay": 20, "hang_after_commit": 2_000}.get(kind, 0)
        self.server.faults.add(Fault(kind=kind, path_prefix=path, count=count, delay_ms=delay_ms))
        STATS.faults += 1

    @rule(seconds=st.sampled_from((1, 15, 60, 200)))
    def time_passes(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @rule(step=st.sampled_from((-7_200, -600, 600, 7_200, 86_400)))
    def pc_clock_steps(self, step: float) -> None:
        self.clock.step_pc(step)

    @rule(pick=st.integers(0, 50), amount=st.sampled_from((None, 1_000)))
    def console_refund(self, pick: int, amount: int | None) -> None:
        payments = [
            p
            for c in self.counters
            for uid in c.ids("sales", "merchant_uid")
            for p in charged_payments(self.server, uid)
            if p["amount"] > p["cancel_amount"]
        ]
        payment = _pick(payments, pick)
        if payment is None:
            return
        with contextlib.suppress(Refusal):
            self.server.console_cancel(payment["imp_uid"], amount)

    @rule(pick=st.integers(0, 50))
    def late_approval_lands(self, pick: int) -> None:
        uid = _pick(pending_late(self.server), pick)
        if uid is not None:
            self.server.resolve_late_approval(uid)

    @rule(index=st.sampled_from((0, 1)))
    def restart(self, index: int) -> None:
        STATS.restarts += 1
        self.counters[index].restart()

    @rule(index=st.sampled_from((0, 0, 1)), point=st.sampled_from(KILL_POINTS))
    def kill_during_next_call(self, index: int, point: str) -> None:
        del index  # the next cashier action on either counter meets it
        self.armed = point

    @rule(index=st.sampled_from((0, 1)), point=st.sampled_from(RESTART_KILL_POINTS))
    def kill_during_start_up(self, index: int, point: str) -> None:
        """Killed while the start-up reconciliation looks the open operations up or records them."""
        counter = self.counters[index]
        counter.crash()
        crashpoints._counts.clear()
        os.environ[crashpoints.ENV] = point
        try:
            counter.start()
        except SimulatedCrash:
            STATS.kills += 1
            counter.crash()
        finally:
            os.environ.pop(crashpoints.ENV, None)
        if counter.services is None:
            counter.start()

    @precondition(lambda self: self.armed is None)
    @rule()
    def let_it_settle(self) -> None:
        self.settle()
        self.check_settled()

    # ----------------------------------------------------------------------------------- invariants
    @invariant()
    def never_two_charges_for_one_intent(self) -> None:
        found = double_charges(self.server, self.counters)
        assert not found, found

    @invariant()
    def every_money_request_met_its_intent(self) -> None:
        assert not self.watch.violations, self.watch.violations

    @invariant()
    def the_chains_hold(self) -> None:
        STATS.all_steps += 1  # invariants run after every step (and once at the start)
        for counter in self.counters:
            report = counter.jr.verify_chain()
            assert report.ok, (counter.counter_id, report)

    def settle(self) -> None:
        """Let the app have its time: the world moves on for longer than every window, the background
        passes run, pending faults are used up or dropped, and each counter closes its day."""
        STATS.settles += 1
        self.server.faults.clear()
        passed = 0.0
        while passed < SETTLE_TIME_S:
            self.clock.advance(30)
            passed += 30
            for counter in self.counters:
                counter.svc.settle_due()
                counter.svc.recurring.poll_if_due()
        for counter in self.counters:
            counter.svc.settle_due()
            counter.svc.recurring.poll()
            for day in days_to_compare(self.server, counter):
                counter.svc.diff_day_with_portone(day)  # the owner's day comparison at closing

    def check_settled(self) -> None:
        for counter in self.counters:
            assert counter.svc.open_operations() == [], counter.svc.open_operations()
            assert counter.jr.open_operations() == [], counter.jr.open_operations()
            found = disagreements(self.server, counter)
            assert not found, found
            found = z_report_differences(self.server, counter)
            assert not found, found
            found = plan_disagreements(self.server, counter)
            assert not found, found
            report = counter.jr.full_check()
            assert report.ok, report

    def teardown(self) -> None:
        try:
            if all(c.services is not None for c in self.counters):
                self.settle()
                self.check_settled()
        finally:
            crashpoints._die = self._saved_die
            os.environ.pop(crashpoints.ENV, None)
            for counter in self.counters:
                if counter.services is not None:
                    counter.stop()
            self.server.stop()
            self._tmp.cleanup()

    # ------------------------------------------------------------------------------------- helpers
    def clock_date(self) -> Any:
        from datetime import date

        return date.fromtimestamp(self.clock.pc())

    def _external(self, merchant_uid: str, amount: int) -> ExternalReceiptOrder:
        return ExternalReceiptOrder(
            merchant_uid=merchant_uid,
            order_name="현금 판매",
            amount=amount,
            tax_free=0,
            identifier="01098765432",
            identifier_type="phone",
            receipt_type="person",
            product_type="real",
            buyer=Buyer(name="김현금", tel="010-5555-6666"),
        )

    def _receipts(self, index: int) -> list[Any]:
        counter = self.counters[index]
        out = []
        for receipt_id in counter.ids("receipts", "receipt_id"):
            out += [r for r in counter.jr.receipts_of(receipt_id) if r.receipt_id == receipt_id]
        return out
