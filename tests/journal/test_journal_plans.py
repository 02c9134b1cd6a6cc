"""Recurring plans in the journal: the plan and its payments as a projection of their events, the
invariants kept before any event is written, the scheduled sale, the Z report's share, and the checks
(replay, start-up, guards) over the new tables."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from journal_factories import T0, ManualClock, billing_intent, customer_facts, paid

from pos_app.domain.outcomes import Outcome
from pos_app.journal import HistoryFilter, IntentRefused, Journal
from pos_app.journal.keys import MemoryKeyStore
from pos_app.journal.plan_records import PlanIntent, ScheduleFacts
from pos_app.journal.records import SaleIntent
from pos_app.journal.replay import compare_all, replay_all

KST = ZoneInfo("Asia/Seoul")
CUSTOMER = "C01-cust-5678-001"
PLAN = "C01-20261126T100000000-plan0001"
FIXTURES = Path(__file__).parent / "fixtures"


def _customer(journal: Journal, uid: str = CUSTOMER) -> None:
    journal.record_billing_key_intent(billing_intent(uid))
    journal.record_billing_key_result(uid, Outcome.APPROVED, facts=customer_facts(), message=None)


def _plan(plan_id: str = PLAN, customer_uid: str = CUSTOMER) -> PlanIntent:
    return PlanIntent(
        plan_id=plan_id,
        customer_uid=customer_uid,
        customer_name="홍길동",
        card_hint="4111-11**-****-1111",
        card_company="신한카드",
        amount=30_000,
        tax_free=0,
        order_name="꽃 정기배송",
        card_quota=0,
        product_type="real",
        buyer_name="홍길동",
        buyer_tel="010-1234-5678",
        buyer_email="",
        rule='{"d":31,"k":"monthly","s":"2026-11-26"}',
        at_time="10:00",
    )


def _scheduled(at: int) -> ScheduleFacts:
    return ScheduleFacts(schedule_status="scheduled", schedule_at=at)


def _sale(merchant_uid: str) -> SaleIntent:
    return SaleIntent(
        merchant_uid=merchant_uid,
        sale_id=merchant_uid,
        kind="scheduled",
        amount=30_000,
        tax_free=0,
        order_name="꽃 정기배송",
        card_hint="4111-11**-****-1111",
        card_company="신한카드",
        buyer_name="홍길동",
        customer_uid=CUSTOMER,
    )


def test_a_plan_its_payments_and_their_operations(journal: Journal, clock: ManualClock) -> None:
    _customer(journal)
    journal.record_plan(_plan())
    at = int(T0) + 5 * 86_400
    op = journal.record_payment_intent(
        PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-30", schedule_at=at, portone_at=T0
    )
    assert op == f"{PLAN}/0/c1"
    [slot] = journal.plan_payments(PLAN)
    assert (slot.state, slot.merchant_uid, slot.open_op, slot.schedule_at) == ("pending", "M-0", op, at)
    opened = journal.operation(op)
    assert opened is not None
    assert (opened.kind, opened.ref, opened.amount, opened.label) == (
        "schedule_create",
        slot.slot_id,
        30_000,
        "홍길동 꽃 정기배송",
    )
    assert [o.op_id for o in journal.open_operations()] == [op]
    journal.record_payment_result(op, Outcome.APPROVED, facts=_scheduled(at), message=None)
    [slot] = journal.plan_payments(PLAN)
    assert (slot.state, slot.open_op) == ("scheduled", None)
    # moved: the new time is the slot's only once PortOne said so
    move = journal.record_payment_intent(PLAN, 0, "schedule_move", schedule_at=at + 3600)
    moving = journal.plan_payment(slot.slot_id)
    assert moving is not None
    assert (moving.schedule_at, moving.asked_at) == (at, at + 3600)
    journal.record_payment_result(move, Outcome.APPROVED, facts=None, message=None)
    moved = journal.plan_payment(slot.slot_id)
    assert moved is not None
    assert (moved.schedule_at, moved.asked_at, moved.state) == (at + 3600, None, "scheduled")
    assert journal.verify().ok
    assert [e.kind for e in journal.events()][-4:] == [
        "plan_payment_intent",
        "plan_payment_result",
        "plan_payment_intent",
        "plan_payment_result",
    ]


def test_one_merchant_uid_per_planned_date_and_one_operation_at_a_time(journal: Journal) -> None:
    _customer(journal)
    journal.record_plan(_plan())
    at = int(T0) + 86_400
    op = journal.record_payment_intent(
        PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-27", schedule_at=at
    )
    with pytest.raises(IntentRefused):  # open: nothing else on it
        journal.record_payment_intent(PLAN, 0, "schedule_revoke")
    with pytest.raises(IntentRefused):  # another payment under the same merchant_uid
        journal.record_payment_intent(
            PLAN, 1, "schedule_create", merchant_uid="M-0", due_date="2026-12-31", schedule_at=at + 9
        )
    journal.record_payment_result(op, Outcome.NOT_CHARGED, facts=None, message="없음", decided_by="window")
    assert journal.plan_payments(PLAN)[0].state == "not_scheduled"
    with pytest.raises(IntentRefused):  # scheduled again: only under its own merchant_uid
        journal.record_payment_intent(PLAN, 0, "schedule_create", merchant_uid="M-other", schedule_at=at)
    again = journal.record_payment_intent(PLAN, 0, "schedule_create", merchant_uid="M-0", schedule_at=at)
    assert again == f"{PLAN}/0/c2"
    journal.record_payment_result(again, Outcome.APPROVED, facts=_scheduled(at), message=None)
    with pytest.raises(IntentRefused):  # a scheduled one is not retried (only a failed one)
        journal.record_payment_intent(PLAN, 0, "schedule_retry")
    with pytest.raises(IntentRefused):  # nor rescheduled (that is for failed or revoked ones)
        journal.record_payment_intent(PLAN, 0, "schedule_reschedule", schedule_at=at + 60)
    assert journal.verify().ok


def test_a_plan_needs_an_active_card_and_an_ended_plan_stays_ended(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_plan(_plan())
    _customer(journal)
    journal.record_plan(_plan())
    with pytest.raises(IntentRefused):
        journal.record_plan(_plan())  # the same plan_id twice
    assert journal.record_plan_change(PLAN, "paused", "여행") is True
    assert journal.record_plan_change(PLAN, "paused", "여행") is False  # nothing to write
    assert journal.record_plan_change(PLAN, "ended", "해지") is True
    with pytest.raises(IntentRefused):
        journal.record_plan_change(PLAN, "active")
    with pytest.raises(IntentRefused):
        journal.record_payment_intent(
            PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-27", schedule_at=1
        )
    plan = journal.plan(PLAN)
    assert plan is not None
    assert (plan.state, plan.reason, plan.ended_at) == ("ended", "해지", T0)


def test_a_run_becomes_a_sale_of_its_day_with_the_payment_in_one_transaction(journal: Journal) -> None:
    _customer(journal)
    journal.record_plan(_plan())
    at = int(T0) + 2 * 86_400  # 2026-11-28 10:00 KST
    op = journal.record_payment_intent(
        PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-28", schedule_at=at
    )
    journal.record_payment_result(op, Outcome.APPROVED, facts=_scheduled(at), message=None)
    ran = ScheduleFacts("executed", at, payment_status="paid", imp_uid="imp_9", executed_at=at)
    journal.record_payment_paid(
        f"{PLAN}/0", ran, _sale("M-0"), Outcome.APPROVED, paid("imp_9", 30_000, paid_at=at), at
    )
    sale = journal.sale("M-0")
    assert sale is not None
    assert (sale.kind, sale.outcome, sale.created_at, sale.paid_at, sale.paid_amount) == (
        "scheduled",
        Outcome.APPROVED,
        at,
        at,
        30_000,
    )
    [slot] = journal.plan_payments(PLAN)
    assert (slot.state, slot.imp_uid) == ("paid", "imp_9")
    assert journal.operation("M-0") is not None  # the sale's own operation, settled by the record
    assert journal.operation("M-0").state is Outcome.APPROVED  # type: ignore[union-attr]
    day = date(2026, 11, 28)
    assert [s.merchant_uid for s in journal.history(HistoryFilter(date_from=day, date_to=day))] == ["M-0"]
    report = journal.day_report(day, KST)
    assert (report.paid_count, report.paid_sum, report.scheduled_count, report.scheduled_sum) == (
        1,
        30_000,
        1,
        30_000,
    )
    with pytest.raises(IntentRefused):  # once
        journal.record_payment_paid(
            f"{PLAN}/0", ran, _sale("M-0"), Outcome.APPROVED, paid("imp_9", 30_000), at
        )
    assert journal.verify().ok


def test_polling_writes_only_what_changed(journal: Journal) -> None:
    _customer(journal)
    journal.record_plan(_plan())
    at = int(T0) + 86_400
    op = journal.record_payment_intent(
        PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-27", schedule_at=at
    )
    journal.record_payment_result(op, Outcome.APPROVED, facts=_scheduled(at), message=None)
    slot_id = f"{PLAN}/0"
    events = len(journal.events())
    assert journal.record_payment_seen(slot_id, _scheduled(at)) is False
    assert len(journal.events()) == events
    failed = ScheduleFacts("executed", at, payment_status="failed", imp_uid="imp_1", executed_at=at,
                           fail_reason="결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과")  # fmt: skip
    assert journal.record_payment_seen(slot_id, failed) is True
    slot = journal.plan_payment(slot_id)
    assert slot is not None
    assert (slot.state, slot.fail_reason) == ("failed", failed.fail_reason)
    # card digits in PortOne's words are masked, never refused
    leaky = ScheduleFacts("executed", at, payment_status="failed", imp_uid="imp_1", executed_at=at,
                          fail_reason="카드 4518420000000007 거절")  # fmt: skip
    journal.record_payment_seen(slot_id, leaky)
    slot = journal.plan_payment(slot_id)
    assert slot is not None
    assert "4518420000000007" not in (slot.fail_reason or "")
    journal.record_payment_missed(PLAN, 1, "2026-12-31", at + 35 * 86_400, "지나감")
    assert [s.state for s in journal.plan_payments(PLAN)] == ["failed", "missed"]
    assert journal.verify().ok


def test_the_plan_tables_are_guarded_and_replayed(journal: Journal, journal_path: Path) -> None:
    _customer(journal)
    journal.record_plan(_plan())
    op = journal.record_payment_intent(
        PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-27", schedule_at=9
    )
    journal.record_payment_result(op, Outcome.APPROVED, facts=_scheduled(9), message=None)
    journal.close()
    raw = sqlite3.connect(str(journal_path))
    try:
        with pytest.raises(sqlite3.DatabaseError, match="journal_projecting"):
            raw.execute("UPDATE plan_payments SET amount = 1")
        with pytest.raises(sqlite3.DatabaseError, match="journal_projecting"):
            raw.execute("DELETE FROM plans")
        # with the guard dropped, the replay names the payment
        raw.execute("DROP TRIGGER plan_payments_guard_update")
        raw.execute("UPDATE plan_payments SET amount = 1")
        raw.commit()
    finally:
        raw.close()
    reopened = Journal.open(journal_path, counter_id="C01", operator="x", keys=None)
    try:
        report = reopened.verify()
        assert not report.ok
        assert report.difference is not None
        assert report.difference.table == "plan_payments"
        assert "정기결제 회차" in report.difference.text
    finally:
        reopened.close()


def test_a_format_4_journal_upgrades_and_takes_plans(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(FIXTURES / "journal_v4.sqlite3", path)
    shutil.copyfile(FIXTURES / "journal.keys", tmp_path / "journal.keys")
    journal = Journal.open(path, counter_id="C01", operator="김점원", clock=ManualClock(T0 + 1000))
    try:
        assert journal.health.ok, journal.health.problems
        assert journal.backup_path is not None
        journal.record_plan(_plan(customer_uid="CU-1"))  # the fixture's saved card
        journal.record_payment_intent(
            PLAN, 0, "schedule_create", merchant_uid="M-0", due_date="2026-11-27", schedule_at=9
        )
        assert journal.verify().ok
        assert [s.state for s in journal.plan_payments(PLAN)] == ["pending"]
    finally:
        journal.close()


# ------------------------------------------------------------------------------- replay property
SLOTS = st.integers(0, 2)
STEP = st.one_of(
    st.tuples(st.just("create"), SLOTS),
    st.tuples(
        st.just("result"),
        SLOTS,
        st.sampled_from([Outcome.APPROVED, Outcome.NOT_CHARGED, Outcome.DECLINED, Outcome.UNKNOWN]),
        st.booleans(),
    ),
    st.tuples(st.just("seen"), SLOTS, st.sampled_from(["scheduled", "paid", "failed", "revoked"])),
    st.tuples(
        st.just("op"),
        SLOTS,
        st.sampled_from(["schedule_move", "schedule_revoke", "schedule_reschedule", "schedule_retry"]),
    ),
    st.tuples(st.just("sale"), SLOTS),
    st.tuples(st.just("plan"), st.sampled_from(["active", "paused", "ended"])),
    st.tuples(st.just("missed"), st.integers(3, 5)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=25))
def test_any_sequence_of_plan_records_replays_to_the_tables(steps: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite3"
        journal = Journal.open(
            path, counter_id="C01", operator="x", clock=ManualClock(), keys=MemoryKeyStore()
        )
        try:
            _customer(journal)
            journal.record_plan(_plan())
            for step in steps:
                with contextlib.suppress(IntentRefused):
                    _apply(journal, step)
            conn = journal._db().conn
            assert compare_all(conn, replay_all(conn)) is None
        finally:
            journal.close()
        again = Journal.open(path, counter_id="C01", operator="x", keys=MemoryKeyStore())
        again.close()


def _apply(journal: Journal, step: tuple[object, ...]) -> None:
    kind = step[0]
    at = int(T0) + 86_400
    if kind == "create":
        seq = int(step[1])  # type: ignore[call-overload]
        journal.record_payment_intent(
            PLAN, seq, "schedule_create", merchant_uid=f"M-{seq}", due_date="2026-11-27", schedule_at=at + seq
        )
    elif kind == "result":
        slot = journal.plan_payment(f"{PLAN}/{step[1]}")
        if slot is None or slot.open_op is None:
            return
        facts = _scheduled(slot.asked_at or slot.schedule_at) if step[3] else None
        journal.record_payment_result(slot.open_op, step[2], facts=facts, message="m")  # type: ignore[arg-type]
    elif kind == "seen":
        status = str(step[2])
        executed = status in ("paid", "failed")
        facts = ScheduleFacts(
            "executed" if executed else status, at, payment_status=status if executed else None,
            imp_uid="imp_1" if executed else None,
        )  # fmt: skip
        journal.record_payment_seen(f"{PLAN}/{step[1]}", facts)
    elif kind == "op":
        journal.record_payment_intent(PLAN, int(step[1]), step[2], schedule_at=at + 600)  # type: ignore[call-overload, arg-type]
    elif kind == "sale":
        slot = journal.plan_payment(f"{PLAN}/{step[1]}")
        if slot is None or slot.merchant_uid is None:
            return
        ran = ScheduleFacts("executed", at, payment_status="paid", imp_uid=f"imp_{step[1]}", executed_at=at)
        journal.record_payment_paid(
            slot.slot_id, ran, _sale(slot.merchant_uid), Outcome.APPROVED, paid(f"imp_{step[1]}", 30_000), at
        )
    elif kind == "plan":
        journal.record_plan_change(PLAN, step[1])  # type: ignore[arg-type]
    elif kind == "missed":
        journal.record_payment_missed(PLAN, int(step[1]), "2027-01-31", at, None)  # type: ignore[call-overload]
