"""Recurring plans against the sandbox: scheduled ahead, run by PortOne while the clock moves, tracked by
polling into sales of their day, failed months handled, paused, resumed, ended; a card with schedules
deleted. Every schedule request and reply on the wire is checked against the official schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from plan_support import KST, SCHEMA, World, make_world
from sandbox_support import FakeClock

from pos_app.domain import Outcome
from pos_app.journal.records import HistoryFilter
from pos_app.sandbox.cards import APPROVE_CREDIT, DECLINE_LIMIT, LATE_APPROVAL, PG_TIMEOUT_NOT_CHARGED
from pos_app.sandbox.server import SandboxServer
from pos_app.services import plan_texts
from pos_app.services.errors import ServiceError

DAY = 86_400


@pytest.fixture
def world(sandbox: SandboxServer, clock: FakeClock, tmp_path: Path) -> Iterator[World]:
    made = make_world(sandbox, clock, tmp_path)
    try:
        yield made
    finally:
        made.close()
        made.session.close()
        assert made.witness.problems == []


def _slots(world: World, plan_id: str) -> list[tuple[int, str, str]]:
    return [(s.seq, s.state, s.due_date) for s in world.journal.plan_payments(plan_id)]


def test_a_monthly_plan_keeps_three_payments_scheduled_and_each_run_is_a_sale_of_its_day(
    world: World,
) -> None:
    customer = world.register()
    terms = world.terms(customer)
    made = world.services.recurring.create_plan(terms)
    assert made.plan is not None
    plan_id = made.plan.plan_id
    assert [p.outcome for p in made.payments] == [Outcome.APPROVED] * 3
    first = world.today() + timedelta(days=1)
    days = [day for _n, day in terms.recurrence.occurrences(0, 3)]
    assert days[0] == first
    at_portone = world.schedules_at_portone(customer)
    assert [(s.schedule_at, s.amount, s.schedule_status) for s in at_portone] == [
        (world.at(day), 30_000, "scheduled") for day in days
    ]
    assert len({s.merchant_uid for s in at_portone}) == 3
    if SCHEMA.schema_available():  # the contract part needs ../shared (present in CI)
        assert world.witness.replies  # the schedule replies were read against the schema

    # PortOne runs the first one at its time; the app notices at its next pass
    world.go_to(datetime.combine(first, datetime.min.time(), tzinfo=KST) + timedelta(hours=10, minutes=1))
    report = world.services.recurring.poll()
    assert report.error is None
    assert report.changed == 1
    assert report.scheduled == 1  # topped up: three ahead again
    states = _slots(world, plan_id)
    assert [s[1] for s in states] == ["paid", "scheduled", "scheduled", "scheduled"]
    paid = world.journal.plan_payments(plan_id)[0]
    sale = world.journal.sale(paid.merchant_uid or "")
    assert sale is not None
    assert (sale.kind, sale.outcome, sale.paid_amount, sale.customer_uid) == (
        "scheduled",
        Outcome.APPROVED,
        30_000,
        customer,
    )
    assert sale.apply_num
    assert sale.card_number
    # history and the Z report of that day see it; the day before does not
    on_day = world.journal.history(HistoryFilter(date_from=first, date_to=first))
    assert [s.merchant_uid for s in on_day] == [paid.merchant_uid]
    report_day = world.services.close_day(first)
    assert (report_day.paid_count, report_day.paid_sum) == (1, 30_000)
    assert (report_day.scheduled_count, report_day.scheduled_sum) == (1, 30_000)
    assert world.services.close_day(first - timedelta(days=1)).paid_count == 0
    # every reply on the way was read against the schema: the schedules and the payment lookups behind them
    if SCHEMA.schema_available():
        seen = {template for _method, template, _status in world.witness.replies}
        assert {"/subscribe/payments/schedule", "/users/getToken"} <= seen
        assert any(template.startswith("/payments/") for template in seen), seen
    [said] = world.services.take_announcements()
    assert said.kind == "made"
    assert said.params["day"] == first.isoformat()
    # nothing new: the next pass changes nothing and writes nothing
    events = len(world.journal.events())
    assert world.services.recurring.poll().changed == 0
    assert len(world.journal.events()) == events
    assert world.journal.verify().ok


def test_month_ends_jan_31_feb_28_mar_31(world: World) -> None:
    world.go_to(datetime(2027, 1, 20, 9, 0, tzinfo=KST))
    customer = world.register()
    terms = world.terms(
        customer, plan_day="31", plan_start="2027-01-20", plan_end_kind="count", plan_count="3"
    )
    made = world.services.recurring.create_plan(terms)
    assert made.plan is not None
    plan_id = made.plan.plan_id
    assert [s.due_date for s in world.journal.plan_payments(plan_id)] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
    ]
    assert [s.schedule_at for s in world.schedules_at_portone(customer)] == [
        world.at(date(2027, 1, 31)),
        world.at(date(2027, 2, 28)),
        world.at(date(2027, 3, 31)),
    ]
    for day in (date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)):
        world.go_to(datetime.combine(day, datetime.min.time(), tzinfo=KST) + timedelta(hours=11))
        world.services.recurring.poll()
        [sale] = world.journal.history(HistoryFilter(date_from=day, date_to=day))
        assert sale.kind == "scheduled"
        assert datetime.fromtimestamp(sale.paid_at or 0, KST).date() == day
    plan = world.journal.plan(plan_id)
    assert plan is not None
    assert plan.state == "ended"  # three payments, all made
    assert plan.reason == plan_texts.PLAN_COMPLETED


def test_a_failed_month_keeps_portones_reason_and_is_retried_now(world: World) -> None:
    customer = world.register(DECLINE_LIMIT)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 60, KST))
    world.services.recurring.poll()
    failed = world.journal.plan_payment(first.slot_id)
    assert failed is not None
    assert failed.state == "failed"
    assert "[2116]개인 월 한도금액 초과" in (failed.fail_reason or "")
    [said] = world.services.take_announcements()
    assert (said.kind, said.urgent) == ("not_made", True)
    assert "[2116]" in str(said)
    assert [s.slot_id for s in world.services.recurring.recent_failures()] == [first.slot_id]
    assert world.journal.sale(first.merchant_uid or "") is None  # a failed run is no sale

    # the same card is declined again: recorded as such, still failed, offered again
    again = world.services.recurring.retry_payment(first.slot_id)
    assert again.outcome is Outcome.DECLINED
    assert again.slot is not None
    assert again.slot.state == "failed"
    # the customer sorted out the card (PortOne now holds an approving one under the same key)
    world.replace_card_at_portone(customer, APPROVE_CREDIT)
    paid = world.services.recurring.retry_payment(first.slot_id)
    assert paid.outcome is Outcome.APPROVED
    assert paid.sale is not None
    assert (paid.sale.kind, paid.sale.paid_amount) == ("scheduled", 30_000)
    assert paid.slot is not None
    assert paid.slot.state == "paid"
    assert world.server.posts_for(first.merchant_uid or "") == 3  # the schedule and two retries, once each
    assert world.journal.verify().ok


def test_a_failure_stays_listed_over_a_week_away_and_leaves_with_its_plan(world: World) -> None:
    customer = world.register(DECLINE_LIMIT)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 60, KST))
    world.services.recurring.poll()
    world.pass_time(10 * DAY)  # the owner is away for more than a week: the failure still waits
    assert [s.slot_id for s in world.services.recurring.recent_failures()] == [first.slot_id]
    ended = world.services.recurring.end_plan(made.plan.plan_id, "고객 요청")
    assert ended.plan is not None
    assert ended.plan.state == "ended"
    assert world.services.recurring.recent_failures() == []  # nothing left to do for a plan that ended
    slot = world.journal.plan_payment(first.slot_id)
    assert slot is not None
    assert slot.state == "failed"  # the customer's section still shows what happened


def test_a_failed_payment_is_rescheduled_to_a_day_and_runs_then(world: World) -> None:
    customer = world.register(DECLINE_LIMIT)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 60, KST))
    world.services.recurring.poll()
    world.replace_card_at_portone(customer, APPROVE_CREDIT)
    later = world.today() + timedelta(days=3)
    moved = world.services.recurring.change_payment_date(first.slot_id, later)
    assert moved.outcome is Outcome.APPROVED
    assert moved.slot is not None
    assert (moved.slot.state, moved.slot.schedule_at) == ("scheduled", world.at(later))
    assert world.client.get_schedule(first.merchant_uid or "").schedule_at == world.at(later)
    world.go_to(datetime.fromtimestamp(world.at(later) + 60, KST))
    world.services.recurring.poll()
    sale = world.journal.sale(first.merchant_uid or "")
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    assert datetime.fromtimestamp(sale.created_at, KST).date() == later


def test_a_scheduled_payment_is_moved_and_a_past_day_is_refused(world: World) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    second = world.journal.plan_payments(made.plan.plan_id)[1]
    new_day = date.fromisoformat(second.due_date) + timedelta(days=2)
    moved = world.services.recurring.change_payment_date(second.slot_id, new_day)
    assert moved.outcome is Outcome.APPROVED
    assert world.client.get_schedule(second.merchant_uid or "").schedule_at == world.at(new_day)
    with pytest.raises(ServiceError) as refused:
        world.services.recurring.change_payment_date(second.slot_id, world.today() - timedelta(days=1))
    assert refused.value.reason == "not_allowed"


def test_pause_revokes_what_is_scheduled_and_resume_brings_it_back(world: World) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    plan_id = made.plan.plan_id
    paused = world.services.recurring.pause_plan(plan_id, "고객 여행")
    assert [p.outcome for p in paused.payments] == [Outcome.APPROVED] * 3
    assert paused.plan is not None
    assert paused.plan.state == "paused"
    assert {s.schedule_status for s in world.schedules_at_portone(customer)} == {"revoked"}
    world.services.recurring.poll()  # a paused plan is not topped up
    assert [s[1] for s in _slots(world, plan_id)] == ["revoked"] * 3
    resumed = world.services.recurring.resume_plan(plan_id)
    assert resumed.plan is not None
    assert resumed.plan.state == "active"
    assert [s.schedule_status for s in world.schedules_at_portone(customer)] == ["scheduled"] * 3
    assert len(world.schedules_at_portone(customer)) == 3  # the same three, not three more


def test_ending_a_plan_revokes_every_scheduled_payment(world: World) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    ended = world.services.recurring.end_plan(made.plan.plan_id, "해지")
    assert ended.plan is not None
    assert ended.plan.state == "ended"
    assert {s.schedule_status for s in world.schedules_at_portone(customer)} == {"revoked"}
    with pytest.raises(ServiceError):
        world.services.recurring.resume_plan(made.plan.plan_id)


def test_deleting_a_card_with_live_schedules_revokes_them_first(world: World) -> None:
    customer = world.register()
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    assert len(world.services.recurring.live_payments_of_customer(customer)) == 3
    world.services.delete_billing_key(customer, "고객 요청")
    assert {s.schedule_status for s in world.schedules_at_portone(customer)} == {"revoked"}
    order = [
        e.path for e in world.server.ledger() if e.method in ("POST", "DELETE") and "getToken" not in e.path
    ]
    assert order[-4:-1] == ["/subscribe/payments/unschedule"] * 3
    assert order[-1] == f"/subscribe/customers/{customer}"
    plan = world.journal.plan(made.plan.plan_id)
    assert plan is not None
    assert (plan.state, plan.reason) == ("ended", plan_texts.PLAN_CARD_DELETED)
    customer_row = world.journal.customer(customer)
    assert customer_row is not None
    assert customer_row.deleted_at is not None


def test_a_card_with_schedules_made_elsewhere_is_not_deleted(world: World) -> None:
    customer = world.register()
    token = world.client.token().access_token
    at = world.at(world.today() + timedelta(days=5))
    item = {
        "merchant_uid": "console-made-1",
        "schedule_at": at,
        "amount": 10_000,
        "tax_free": 0,
        "name": "관리자 화면 예약",
        "buyer_name": "김단골",
        "product_type": "real",
        "currency": "KRW",
    }
    reply = world.session.post(
        f"{world.server.base_url}/subscribe/payments/schedule",
        json={"customer_uid": customer, "schedules": [item]},
        headers={"Authorization": token},
        timeout=5,
    )
    assert reply.json()["code"] == 0, reply.text
    with pytest.raises(ServiceError) as refused:
        world.services.delete_billing_key(customer, "고객 요청")
    assert refused.value.params["merchant_uid"] == "console-made-1"
    customer_row = world.journal.customer(customer)
    assert customer_row is not None
    assert customer_row.deleted_at is None
    assert world.client.get_schedule("console-made-1").schedule_status == "scheduled"


def test_a_pg_timeout_failure_is_not_retried_until_a_late_approval_is_ruled_out(world: World) -> None:
    customer = world.register(PG_TIMEOUT_NOT_CHARGED)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 30, KST))
    world.services.recurring.poll()
    failed = world.journal.plan_payment(first.slot_id)
    assert failed is not None
    assert failed.state == "failed"
    assert "[9981]" in (failed.fail_reason or "")
    with pytest.raises(ServiceError) as refused:
        world.services.recurring.retry_payment(first.slot_id)
    assert refused.value.reason == "in_progress"
    assert world.server.posts_for(first.merchant_uid or "") == 1  # nothing sent
    world.pass_time(11 * 60)
    world.services.recurring.poll()
    again = world.services.recurring.retry_payment(first.slot_id)
    assert again.outcome is not Outcome.APPROVED  # the card still does not answer; nothing was taken
    assert world.journal.sale(first.merchant_uid or "") is None


def test_a_failure_that_turns_paid_later_becomes_the_sale_and_is_announced(world: World) -> None:
    customer = world.register(LATE_APPROVAL)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    first = world.journal.plan_payments(made.plan.plan_id)[0]
    world.go_to(datetime.fromtimestamp(first.schedule_at + 30, KST))
    world.services.recurring.poll()
    assert world.journal.plan_payment(first.slot_id).state == "failed"  # type: ignore[union-attr]
    world.services.take_announcements()
    world.pass_time(6 * 60)  # the card company's late answer lands at PortOne
    world.services.recurring.poll()
    paid = world.journal.plan_payment(first.slot_id)
    assert paid is not None
    assert paid.state == "paid"
    sale = world.journal.sale(first.merchant_uid or "")
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    [said] = world.services.take_announcements()
    assert (said.kind, said.urgent, said.text) == ("made_late", True, plan_texts.PAID_AFTER_FAILURE)


def test_missed_payments_while_the_pc_was_off_are_recorded_never_scheduled_late(world: World) -> None:
    customer = world.register()
    terms = world.terms(customer, plan_kind="weekly", plan_weeks="1")
    made = world.services.recurring.create_plan(terms)
    assert made.plan is not None
    plan_id = made.plan.plan_id
    world.close()
    world.pass_time(6 * 7 * DAY)  # six weeks with the PC off: three ran at PortOne, three were never made
    world.open()
    world.services.reconcile()
    world.services.recurring.poll()
    states = [s[1] for s in _slots(world, plan_id)]
    assert states[:3] == ["paid"] * 3
    assert states[3:6] == ["missed"] * 3
    assert states[6:] == ["scheduled"] * 3
    assert len(world.journal.history(HistoryFilter())) == 3
    assert any(a.text == plan_texts.MISSED for a in world.services.take_announcements())


def test_the_first_payment_must_still_be_ahead(world: World) -> None:
    customer = world.register()
    today = world.today()
    terms = world.terms(customer, plan_start=today.isoformat(), plan_day=str(today.day), plan_time="00:00")
    with pytest.raises(ServiceError) as refused:
        world.services.recurring.create_plan(terms)
    assert refused.value.field == "plan_start"
    assert world.journal.plans_of_customer(customer) == []


def test_a_plan_is_made_in_the_name_of_the_person_signed_in_and_never_by_nobody(world: World) -> None:
    from people_support import CASHIER, set_up_shop, sign_in

    from pos_app.services.permissions import AccessRefused

    customer = world.register()  # before people: the counter's operator
    set_up_shop(world.services)
    world.services.people.sign_out()
    with pytest.raises(AccessRefused) as refused:
        world.services.recurring.create_plan(world.terms(customer))
    assert refused.value.kind == "signed_out"
    assert world.journal.plans_of_customer(customer) == []
    assert world.schedules_at_portone(customer) == []  # refused before anything was sent

    sign_in(world.services, CASHIER)
    made = world.services.recurring.create_plan(world.terms(customer))
    assert made.plan is not None
    created = [e for e in world.journal.events() if e.kind == "plan_created"]
    assert [e.operator for e in created] == [CASHIER]
