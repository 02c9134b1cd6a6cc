"""Lost replies on every call that changes a schedule, and restarts: each is settled by looking the
merchant_uid up, never by sending again blindly, and a planned date is never scheduled twice.

Faults (the sandbox's): ``reset_before`` — the request never reached PortOne; ``reset_after`` and
``http_504`` — PortOne did it and the reply was lost. The production windows apply (180 s without a
record means "not done"); time is the fake clock's, so waiting costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from plan_support import KST, World, make_world
from sandbox_support import FakeClock

from pos_app.domain import Outcome
from pos_app.journal.records import HistoryFilter
from pos_app.sandbox.cards import APPROVE_CREDIT, DECLINE_LIMIT
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.plans import RESEND_AFTER_S

LOST = ["reset_before", "reset_after", "http_504"]
DONE_AT_PORTONE = {"reset_before": False, "reset_after": True, "http_504": True}


@pytest.fixture
def world(sandbox: SandboxServer, clock: FakeClock, tmp_path: Path) -> Iterator[World]:
    made = make_world(sandbox, clock, tmp_path)
    try:
        yield made
    finally:
        made.close()
        made.session.close()
        assert made.witness.problems == []


def _background(world: World, seconds: float) -> None:
    """The window's settlement passes, a few seconds apart."""
    waited = 0.0
    while waited < seconds:
        world.pass_time(5)
        waited += 5
        world.services.settle_due()


def _dates_at_portone(world: World, customer: str) -> list[int]:
    return [s.schedule_at for s in world.schedules_at_portone(customer)]


@pytest.mark.parametrize("kind", LOST)
def test_a_lost_schedule_reply_never_schedules_a_date_twice(world: World, kind: str) -> None:
    customer = world.register()
    world.server.faults.add(Fault(kind, "/subscribe/payments/schedule", "POST", count=1))
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    plan_id = made.plan.plan_id
    first = made.payments[0]
    assert first.slot is not None
    merchant_uid = first.slot.merchant_uid or ""
    if DONE_AT_PORTONE[kind]:
        # settled in the call by reading the schedule back: it is there
        assert first.outcome is Outcome.APPROVED
        assert [p.outcome for p in made.payments] == [Outcome.APPROVED] * 3
    else:
        # no record: still being looked up (the next payments, each its own merchant_uid, went on)
        assert first.outcome is Outcome.UNKNOWN
        assert [p.outcome for p in made.payments[1:]] == [Outcome.APPROVED] * 2
        _background(world, 200)  # the not-charged window passes with no record
        slot = world.journal.plan_payment(first.slot_id)
        assert slot is not None
        assert slot.state == "not_scheduled"
        world.pass_time(RESEND_AFTER_S)
        world.services.recurring.poll()  # scheduled again under the same merchant_uid
    assert world.server.posts_for(merchant_uid) == (1 if DONE_AT_PORTONE[kind] else 2)
    dates = _dates_at_portone(world, customer)
    assert len(dates) == len(set(dates)) == 3
    assert [s.state for s in world.journal.plan_payments(plan_id)] == ["scheduled"] * 3
    assert world.journal.plan_payments(plan_id)[0].merchant_uid == merchant_uid
    assert world.services.open_operations() == []
    assert world.journal.verify().ok


def test_a_late_first_schedule_meets_portones_duplicate_refusal(world: World) -> None:
    """The first request was lost and the window closed it as not scheduled; it then turns up after all.
    The re-send under the same merchant_uid is refused as a duplicate and settled from the record."""
    customer = world.register()
    world.server.faults.add(Fault("reset_before", "/subscribe/payments/schedule", "POST", count=1))
    made = world.services.recurring.create_plan(world.terms(customer))
    first = made.payments[0]
    assert first.slot is not None
    _background(world, 200)
    merchant_uid = first.slot.merchant_uid or ""
    # meanwhile the first request landed after all (as a slow proxy would deliver it)
    token = world.client.token().access_token
    slot = world.journal.plan_payment(first.slot_id)
    assert slot is not None
    item = {
        "merchant_uid": merchant_uid,
        "schedule_at": slot.schedule_at,
        "amount": 30_000,
        "tax_free": 0,
        "name": "꽃 정기배송",
        "buyer_name": "김단골",
        "product_type": "real",
        "currency": "KRW",
    }
    assert made.plan is not None
    landed = world.session.post(
        f"{world.server.base_url}/subscribe/payments/schedule",
        json={"customer_uid": customer, "schedules": [item]},
        headers={"Authorization": token},
        timeout=5,
    )
    assert landed.json()["code"] == 0
    world.pass_time(RESEND_AFTER_S)
    world.services.recurring.poll()
    again = world.journal.plan_payment(first.slot_id)
    assert again is not None
    assert again.state == "scheduled"
    assert len(_dates_at_portone(world, customer)) == 3
    assert world.services.open_operations() == []


@pytest.mark.parametrize("kind", LOST)
def test_a_lost_unschedule_reply_is_settled_from_the_schedule(world: World, kind: str) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    world.server.faults.add(Fault(kind, "/subscribe/payments/unschedule", "POST", count=1))
    ended = world.services.recurring.end_plan(made.plan.plan_id, "해지")
    first = ended.payments[0]
    if DONE_AT_PORTONE[kind]:
        assert first.outcome is Outcome.APPROVED
        assert ended.plan is not None
        assert ended.plan.state == "ended"
    else:
        # PortOne still has it scheduled: after the window, "not revoked" (said loudly); the plan is not
        # ended while a payment may still run
        assert first.outcome is Outcome.UNKNOWN
        assert ended.plan is not None
        assert ended.plan.state == "paused"
        _background(world, 200)
        slot = world.journal.plan_payment(first.slot_id)
        assert slot is not None
        assert slot.state == "scheduled"
        said = world.services.take_announcements()
        assert any(a.kind == "not_made" and a.op_kind == "schedule_revoke" for a in said)
        ended = world.services.recurring.end_plan(made.plan.plan_id, "해지")
        assert ended.plan is not None
        assert ended.plan.state == "ended"
    assert {s.schedule_status for s in world.schedules_at_portone(customer)} == {"revoked"}
    assert world.services.open_operations() == []
    assert world.journal.verify().ok


@pytest.mark.parametrize("kind", LOST)
def test_a_lost_reschedule_reply_is_settled_without_a_second_schedule(world: World, kind: str) -> None:
    customer = world.register(DECLINE_LIMIT)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 60, KST))
    world.services.recurring.poll()
    later = world.today() + timedelta(days=2)
    before = len(_dates_at_portone(world, customer))  # the failed one and the next three ahead
    world.server.faults.add(
        Fault(kind, f"/subscribe/payments/schedule/{first.merchant_uid}/reschedule", "POST")
    )
    moved = world.services.recurring.change_payment_date(first.slot_id, later)
    if DONE_AT_PORTONE[kind]:
        assert moved.outcome is Outcome.APPROVED
        assert moved.slot is not None
        assert (moved.slot.state, moved.slot.schedule_at) == ("scheduled", world.at(later))
    else:
        assert moved.outcome is Outcome.UNKNOWN
        _background(world, 200)
        slot = world.journal.plan_payment(first.slot_id)
        assert slot is not None
        assert slot.state == "failed"  # not rescheduled: offered again
        again = world.services.recurring.change_payment_date(first.slot_id, later)
        assert again.outcome is Outcome.APPROVED
    assert world.client.get_schedule(first.merchant_uid or "").schedule_at == world.at(later)
    assert len(_dates_at_portone(world, customer)) == before  # the same schedule again, none added
    assert world.services.open_operations() == []


@pytest.mark.parametrize("kind", LOST)
def test_a_lost_move_reply_is_settled_from_the_schedule(world: World, kind: str) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    second = world.journal.plan_payments(made.plan.plan_id)[1]
    new_day = datetime.fromtimestamp(second.schedule_at, KST).date() + timedelta(days=3)
    world.server.faults.add(Fault(kind, f"/subscribe/payments/schedule/{second.merchant_uid}", "PUT"))
    moved = world.services.recurring.change_payment_date(second.slot_id, new_day)
    if DONE_AT_PORTONE[kind]:
        assert moved.outcome is Outcome.APPROVED
    else:
        assert moved.outcome is Outcome.UNKNOWN
        _background(world, 200)
        slot = world.journal.plan_payment(second.slot_id)
        assert slot is not None
        assert (slot.state, slot.schedule_at) == ("scheduled", second.schedule_at)  # where it was
    expected = world.at(new_day) if DONE_AT_PORTONE[kind] else second.schedule_at
    assert world.client.get_schedule(second.merchant_uid or "").schedule_at == expected
    slot = world.journal.plan_payment(second.slot_id)
    assert slot is not None
    assert slot.schedule_at == expected
    assert world.services.open_operations() == []


@pytest.mark.parametrize("kind", LOST)
def test_a_lost_retry_reply_is_settled_like_a_charge_never_charged_twice(world: World, kind: str) -> None:
    customer = world.register(DECLINE_LIMIT)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 60, KST))
    world.services.recurring.poll()
    world.replace_card_at_portone(customer, APPROVE_CREDIT)
    world.server.faults.add(Fault(kind, f"/subscribe/payments/schedule/{first.merchant_uid}/retry", "POST"))
    retried = world.services.recurring.retry_payment(first.slot_id)
    if DONE_AT_PORTONE[kind]:
        assert retried.outcome is Outcome.APPROVED  # found paid by the lookup in the call
        assert retried.sale is not None
    else:
        # nothing new at PortOne: not charged once the window passed; the owner may retry
        assert retried.outcome is Outcome.UNKNOWN
        _background(world, 200)
        op = world.journal.operations_of(first.slot_id)[-1]
        assert op.state is Outcome.NOT_CHARGED
        retried = world.services.recurring.retry_payment(first.slot_id)
        assert retried.outcome is Outcome.APPROVED
    paid = [p for p in world.client.find_all_payments(first.merchant_uid or "") if p.status == "paid"]
    assert len(paid) == 1
    assert len(world.journal.history(HistoryFilter())) == 1
    assert world.services.open_operations() == []
    assert world.journal.verify().ok


def test_a_restart_between_scheduling_and_execution(world: World) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    plan_id = made.plan.plan_id
    first = world.journal.plan_payments(plan_id)[0]
    world.close()  # the PC is off when PortOne runs the payment
    world.pass_time(first.schedule_at - world.server.now() + 3600)
    world.open()
    world.services.reconcile()
    report = world.services.recurring.poll()
    assert report.error is None
    slot = world.journal.plan_payment(first.slot_id)
    assert slot is not None
    assert slot.state == "paid"
    day = datetime.fromtimestamp(first.schedule_at, KST).date()
    assert [s.merchant_uid for s in world.journal.history(HistoryFilter(date_from=day, date_to=day))] == [
        first.merchant_uid
    ]
    assert world.services.close_day(day).scheduled_sum == 30_000
    assert len([s for s in world.journal.plan_payments(plan_id) if s.state == "scheduled"]) == 3


def test_a_lost_schedule_reply_and_a_restart_before_it_was_settled(world: World) -> None:
    customer = world.register()
    world.server.faults.add(Fault("reset_after", "/subscribe/payments/schedule", "POST", count=1))
    # the window is closing: the one lookup in the call fails too, and no more are made
    world.server.faults.add(Fault("http_502", "/subscribe/payments/schedule/", "GET", count=2))
    world.services.stop_waiting()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.payments[0].outcome is Outcome.UNKNOWN
    world.restart()
    report = world.services.reconcile()  # start-up takes the open operation up and settles it
    assert report.all_resolved
    assert [r.kind for r in report.resolved] == ["schedule"]
    world.services.recurring.poll()
    assert made.plan is not None
    assert [s.state for s in world.journal.plan_payments(made.plan.plan_id)] == ["scheduled"] * 3
    assert len(_dates_at_portone(world, customer)) == 3
