"""Customers with a saved card: registration with consent, results, deletion, search, last use."""

from __future__ import annotations

import pytest
from journal_factories import T0, ManualClock, billing_intent, customer_facts, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, Journal

CUID = "C01-cust-5678-001"


def _register(journal: Journal, customer_uid: str = CUID, **over: object) -> None:
    journal.record_billing_key_intent(billing_intent(customer_uid, **over))
    journal.record_billing_key_result(customer_uid, Outcome.APPROVED, facts=customer_facts(), message=None)


def test_registration_keeps_consent_and_card_facts(journal: Journal) -> None:
    journal.record_billing_key_intent(billing_intent(CUID))
    assert [c.customer_uid for c in journal.open_billing_keys()] == [CUID]
    assert journal.find_customers("") == []  # not active until approved
    journal.record_billing_key_result(CUID, Outcome.APPROVED, facts=customer_facts(), message=None)
    row = journal.customer(CUID)
    assert row is not None
    assert row.active
    assert row.registered_at == T0 + 3
    assert (row.card_name, row.card_hint) == ("KB국민카드", "5365-10**-****-4321")
    [intent_event, _] = journal.events()
    assert intent_event.payload["consent_text"] == "카드 정보 저장 및 정기 결제에 동의합니다."
    assert intent_event.payload["consent_at"] == T0
    assert journal.open_billing_keys() == []


def test_find_customers_by_phone_digits_or_name(journal: Journal) -> None:
    _register(journal, CUID)
    _register(journal, "C01-cust-9999-001", customer_name="김영희", customer_tel="010 5555 9999")
    assert [c.customer_uid for c in journal.find_customers("5678")] == [CUID]
    assert [c.customer_uid for c in journal.find_customers("010-5555")] == ["C01-cust-9999-001"]
    assert [c.customer_name for c in journal.find_customers("영희")] == ["김영희"]
    assert {c.customer_uid for c in journal.find_customers()} == {CUID, "C01-cust-9999-001"}
    assert journal.find_customers("%") == []


def test_deleted_customer_is_no_longer_found(journal: Journal, clock: ManualClock) -> None:
    _register(journal)
    clock.advance(50)
    journal.record_billing_key_deleted(CUID, "고객 요청")
    row = journal.customer(CUID)
    assert row is not None
    assert row.deleted_at == T0 + 50
    assert not row.active
    assert journal.find_customers("5678") == []
    with pytest.raises(IntentRefused):
        journal.record_billing_key_intent(billing_intent(CUID))


def test_declined_registration_may_be_tried_again_active_may_not(journal: Journal) -> None:
    journal.record_billing_key_intent(billing_intent(CUID))
    journal.record_billing_key_result(CUID, Outcome.DECLINED, facts=None, message="유효하지 않은 카드")
    row = journal.customer(CUID)
    assert row is not None
    assert row.message == "유효하지 않은 카드"
    journal.record_billing_key_intent(billing_intent(CUID))
    journal.record_billing_key_result(CUID, Outcome.APPROVED, facts=customer_facts(), message=None)
    with pytest.raises(IntentRefused):
        journal.record_billing_key_intent(billing_intent(CUID))


def test_approved_billing_charge_marks_last_use(journal: Journal, clock: ManualClock) -> None:
    _register(journal)
    clock.advance(600)
    journal.record_sale_intent(sale_intent("C01-b1", kind="billing", customer_uid=CUID))
    journal.record_sale_result("C01-b1", Outcome.APPROVED, payment=paid(), message=None)
    row = journal.customer(CUID)
    assert row is not None
    assert row.last_used_at == T0 + 600


def test_unknown_customer_results_are_refused(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_billing_key_result("nobody", Outcome.APPROVED, facts=None, message=None)
    with pytest.raises(IntentRefused):
        journal.record_billing_key_deleted("nobody", None)
