"""Operations: every money call of every kind gets a row written ahead, open until PortOne's record
decides; each refund in PortOne's cancel_history is one cancel row; deletes and receipt cancels too."""

from __future__ import annotations

import pytest
from journal_factories import (
    T0,
    ManualClock,
    billing_intent,
    cancel_intent,
    paid,
    receipt_facts,
    receipt_intent,
    sale_intent,
)

from pos_app.domain.outcomes import Outcome
from pos_app.journal import CancelFact, IntentRefused, Journal

UID = "C01-20261126T100000000-a001"


def _approved(journal: Journal, amount: int = 30000, tax_free: int = 0) -> None:
    journal.record_sale_intent(sale_intent(UID, amount=amount, tax_free=tax_free, portone_at=T0 - 3))
    journal.record_sale_result(UID, Outcome.APPROVED, payment=paid(amount=amount), message=None)


def test_a_sale_attempt_is_an_operation_from_intent_to_result(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID, amount=12000, portone_at=T0 - 2.5))
    [op] = journal.open_operations()
    assert (op.op_id, op.kind, op.state, op.amount, op.portone_at) == (
        UID,
        "sale",
        Outcome.PENDING,
        12000,
        T0 - 2.5,
    )
    assert "홍길동" in op.label
    assert "****" in op.label
    journal.record_sale_result(UID, Outcome.UNKNOWN, payment=None, message="응답 없음")
    assert journal.open_operations()[0].state is Outcome.UNKNOWN
    journal.record_sale_result(
        UID, Outcome.NOT_CHARGED, payment=None, message="기록 없음", decided_by="window"
    )
    assert journal.open_operations() == []
    op = journal.operation(UID)
    assert op is not None
    assert (op.state, op.decided_by, op.settled_at) == (Outcome.NOT_CHARGED, "window", T0)


def test_a_not_charged_attempt_found_paid_later_becomes_the_sale_it_is(
    journal: Journal, clock: ManualClock
) -> None:
    journal.record_sale_intent(sale_intent(UID, amount=12000))
    journal.record_sale_result(UID, Outcome.NOT_CHARGED, payment=None, message=None, decided_by="window")
    assert [o.op_id for o in journal.decided_by_window_since(T0 - 1)] == [UID]
    clock.advance(600)
    journal.record_sale_result(
        UID, Outcome.APPROVED, payment=paid(amount=12000), message=None, decided_by="record"
    )
    sale = journal.sale(UID)
    assert sale is not None
    assert (sale.outcome, sale.paid_amount) == (Outcome.APPROVED, 12000)
    assert journal.decided_by_window_since(T0 - 1) == []


def test_every_refund_in_the_cancel_history_is_one_cancel_row(journal: Journal) -> None:
    _approved(journal, amount=30000, tax_free=3000)
    history = (
        CancelFact("cx-1", 5000, T0 + 100, "콘솔 환불", "tid-c1"),
        CancelFact("cx-2", 10000, T0 + 200, "다른 계산대"),
    )
    facts = paid(
        amount=30000, status="cancelled", cancel_amount=15000, cancelled_at=T0 + 200, cancel_history=history
    )
    journal.record_sale_result(
        UID, Outcome.PARTIALLY_CANCELLED, payment=facts, message=None, decided_by="record"
    )
    rows = journal.cancels_of(UID)
    assert [(c.origin, c.portone_id, c.cancelled_amount, c.reason, c.cancelled_at) for c in rows] == [
        ("portone", "cx-1", 5000, "콘솔 환불", T0 + 100),
        ("portone", "cx-2", 10000, "다른 계산대", T0 + 200),
    ]
    assert all(c.tax_free_estimated for c in rows)
    assert [c.tax_free for c in rows] == [500, 1000]  # the sale's share: 3,000 of 30,000
    sale = journal.sale(UID)
    assert sale is not None
    assert (sale.outcome, sale.cancel_amount, sale.remaining, sale.partial_cancel_count) == (
        Outcome.PARTIALLY_CANCELLED,
        15000,
        15000,
        2,
    )
    # the same record read again adds nothing
    journal.record_sale_result(
        UID, Outcome.PARTIALLY_CANCELLED, payment=facts, message=None, decided_by="record"
    )
    assert len(journal.cancels_of(UID)) == 2


def test_our_lost_cancel_is_matched_to_its_refund_and_a_foreign_one_kept_apart(journal: Journal) -> None:
    _approved(journal, amount=30000)
    journal.record_cancel_intent(cancel_intent("X-1", UID, amount=7000, checksum=30000, portone_at=T0 + 50))
    journal.record_cancel_result("X-1", Outcome.UNKNOWN, payment=None, message="응답 없음")
    history = (
        CancelFact("cx-console", 4000, T0 + 10, "콘솔"),  # before our intent: not ours
        CancelFact("cx-ours", 7000, T0 + 52, "고객 요청"),
    )
    facts = paid(
        amount=30000, status="cancelled", cancel_amount=11000, cancelled_at=T0 + 52, cancel_history=history
    )
    journal.record_cancel_result("X-1", Outcome.UNKNOWN, payment=facts, message=None, decided_by="record")
    ours = next(c for c in journal.cancels_of(UID) if c.cancel_id == "X-1")
    assert (ours.outcome, ours.portone_id, ours.cancelled_amount) == (
        Outcome.PARTIALLY_CANCELLED,
        "cx-ours",
        7000,
    )
    foreign = [c for c in journal.cancels_of(UID) if c.origin == "portone"]
    assert [(c.portone_id, c.cancelled_amount) for c in foreign] == [("cx-console", 4000)]
    assert journal.open_operations() == []
    op = journal.operation("X-1")
    assert op is not None
    assert (op.state, op.decided_by) == (Outcome.PARTIALLY_CANCELLED, "record")
    sale = journal.sale(UID)
    assert sale is not None
    assert (sale.cancel_amount, sale.remaining) == (11000, 19000)


def test_a_cancel_not_in_the_history_stays_open_until_decided(journal: Journal) -> None:
    _approved(journal, amount=30000)
    journal.record_cancel_intent(cancel_intent("X-1", UID, amount=7000, checksum=30000, portone_at=T0 + 50))
    facts = paid(
        amount=30000,
        status="cancelled",
        cancel_amount=4000,
        cancel_history=(CancelFact("cx", 4000, T0 + 10),),
    )
    # a caller that wrongly believes ours went through cannot make it so: the record does not show it
    journal.record_cancel_result("X-1", Outcome.PARTIALLY_CANCELLED, payment=facts, message=None)
    ours = next(c for c in journal.cancels_of(UID) if c.cancel_id == "X-1")
    assert ours.outcome is Outcome.UNKNOWN
    journal.record_cancel_result(
        "X-1", Outcome.NOT_CHARGED, payment=facts, message="환불 안 됨", decided_by="window"
    )
    ours = next(c for c in journal.cancels_of(UID) if c.cancel_id == "X-1")
    assert ours.outcome is Outcome.NOT_CHARGED
    assert [o.op_id for o in journal.decided_by_window_since(T0 - 1, "cancel")] == ["X-1"]


def test_deleting_a_saved_card_is_written_ahead_and_needs_portones_word(journal: Journal) -> None:
    journal.record_billing_key_intent(billing_intent("CU-1", portone_at=T0))
    journal.record_billing_key_result("CU-1", Outcome.APPROVED, facts=None, message=None)
    op_id = journal.record_billing_key_delete_intent("CU-1", "고객 요청", portone_at=T0 + 5)
    assert op_id == "CU-1/del1"
    [op] = journal.open_operations()
    assert (op.kind, op.ref, op.state) == ("billing_key_delete", "CU-1", Outcome.PENDING)
    customer = journal.customer("CU-1")
    assert customer is not None
    assert customer.active
    with pytest.raises(IntentRefused, match="unresolved"):
        journal.record_billing_key_delete_intent("CU-1", "다시", portone_at=None)
    journal.record_billing_key_delete_result(
        op_id, Outcome.NOT_CHARGED, message="아직 있음", decided_by="window"
    )
    customer = journal.customer("CU-1")
    assert customer is not None
    assert customer.active
    second = journal.record_billing_key_delete_intent("CU-1", "고객 요청", portone_at=T0 + 500)
    assert second == "CU-1/del2"
    journal.record_billing_key_delete_result(second, Outcome.APPROVED, message=None)
    customer = journal.customer("CU-1")
    assert customer is not None
    assert (customer.active, customer.delete_reason) == (False, "고객 요청")


def test_a_key_portone_does_not_know_is_marked_gone(journal: Journal) -> None:
    journal.record_billing_key_intent(billing_intent("CU-1"))
    journal.record_billing_key_result("CU-1", Outcome.APPROVED, facts=None, message=None)
    journal.record_billing_key_gone("CU-1", "등록되지 않은 구매자입니다.")
    customer = journal.customer("CU-1")
    assert customer is not None
    assert (customer.active, customer.gone_at, customer.delete_reason) == (
        False,
        T0,
        "PortOne에 등록 정보 없음",
    )


def test_a_receipt_cancel_is_written_ahead_and_done_only_when_confirmed(journal: Journal) -> None:
    journal.record_receipt_intent(receipt_intent("R-1", portone_at=T0))
    journal.record_receipt_result("R-1", Outcome.APPROVED, facts=receipt_facts(), message=None)
    op_id = journal.record_receipt_cancel_intent("R-1", portone_at=T0 + 60)
    assert op_id == "R-1/cancel1"
    receipt = journal.receipt_for("R-1")
    assert receipt is not None
    assert receipt.outcome is Outcome.APPROVED
    journal.record_receipt_cancel_result(op_id, Outcome.UNKNOWN, facts=None, message="응답 없음")
    assert [o.op_id for o in journal.open_operations()] == [op_id]
    journal.record_receipt_cancel_result(
        op_id, Outcome.APPROVED, facts=receipt_facts(cancelled_at=T0 + 61), message=None, decided_by="record"
    )
    receipt = journal.receipt_for("R-1")
    assert receipt is not None
    assert (receipt.outcome, receipt.cancelled_at) == (Outcome.CANCELLED, T0 + 61)
    assert journal.open_operations() == []


def test_a_reissued_receipt_names_the_one_it_replaces(journal: Journal) -> None:
    journal.record_receipt_intent(receipt_intent("R-1"))
    journal.record_receipt_result("R-1", Outcome.APPROVED, facts=receipt_facts(apply_num="111"), message=None)
    op_id = journal.record_receipt_cancel_intent("R-1")
    journal.record_receipt_cancel_result(op_id, Outcome.APPROVED, facts=None, message=None)
    journal.record_receipt_intent(receipt_intent("R-2", replaces="R-1", portone_at=T0 + 90))
    current = journal.receipt_for("C01-ext-0001")
    assert current is not None
    assert (current.receipt_id, current.replaces, current.outcome) == ("R-2", "R-1", Outcome.PENDING)
    [op] = journal.open_operations()
    assert (op.kind, op.ref, op.sale_ref, op.portone_at) == ("receipt_issue", "R-2", "C01-ext-0001", T0 + 90)
