"""Sale attempts: intent before the request, results, retries of UNKNOWN, and the sale invariants."""

from __future__ import annotations

import pytest
from journal_factories import T0, ManualClock, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, Journal

UID = "C01-20261126T100000000-a001"


def test_intent_creates_pending_row_with_who_and_when(journal: Journal, clock: ManualClock) -> None:
    journal.record_sale_intent(sale_intent(UID))
    row = journal.sale(UID)
    assert row is not None
    assert row.outcome is Outcome.PENDING
    assert (row.created_at, row.updated_at) == (T0, T0)
    assert (row.operator, row.counter_id) == ("김점원", "C01")
    assert row.card_hint == "4111-11**-****-1111"
    assert row.remaining == 0
    assert [s.merchant_uid for s in journal.open_sales()] == [UID]
    [event] = journal.events()
    assert event.kind == "sale_intent"
    assert event.ref == UID
    assert (event.operator, event.counter_id) == ("김점원", "C01")
    assert event.payload["amount"] == 12000


def test_approved_result_fills_payment_facts(journal: Journal, clock: ManualClock) -> None:
    journal.record_sale_intent(sale_intent(UID))
    clock.advance(3)
    journal.record_sale_result(UID, Outcome.APPROVED, payment=paid(), message=None)
    row = journal.sale(UID)
    assert row is not None
    assert row.outcome is Outcome.APPROVED
    assert row.imp_uid == "imp_100000000001"
    assert row.apply_num == "30012345"
    assert row.card_number == "411111******1111"
    assert row.paid_amount == 12000
    assert row.remaining == 12000
    assert row.paid_at == T0 + 5
    assert row.updated_at == T0 + 3
    assert journal.open_sales() == []
    assert [e.kind for e in journal.events()] == ["sale_intent", "sale_result"]


def test_declined_result_keeps_server_message_and_nothing_paid(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    facts = paid(status="failed", fail_reason="한도초과")
    journal.record_sale_result(UID, Outcome.DECLINED, payment=facts, message=None)
    row = journal.sale(UID)
    assert row is not None
    assert row.outcome is Outcome.DECLINED
    assert row.message == "한도초과"
    assert row.paid_amount == 0


def test_unknown_then_manual_retry_reuses_merchant_uid(journal: Journal, clock: ManualClock) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.UNKNOWN, payment=None, message="응답 시간 초과")
    assert [s.outcome for s in journal.open_sales()] == [Outcome.UNKNOWN]
    clock.advance(60)
    journal.record_sale_intent(sale_intent(UID))
    row = journal.sale(UID)
    assert row is not None
    assert row.outcome is Outcome.PENDING
    assert row.created_at == T0
    assert row.updated_at == T0 + 60
    assert [e.kind for e in journal.events()] == ["sale_intent", "sale_result", "sale_retry"]


def test_retry_must_be_same_amount(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.UNKNOWN, payment=None, message=None)
    with pytest.raises(IntentRefused):
        journal.record_sale_intent(sale_intent(UID, amount=13000))


@pytest.mark.parametrize("outcome", [Outcome.PENDING, Outcome.APPROVED, Outcome.DECLINED])
def test_merchant_uid_is_written_once_unless_unknown(journal: Journal, outcome: Outcome) -> None:
    journal.record_sale_intent(sale_intent(UID))
    if outcome is not Outcome.PENDING:
        journal.record_sale_result(
            UID, outcome, payment=paid() if outcome is Outcome.APPROVED else None, message=None
        )
    with pytest.raises(IntentRefused):
        journal.record_sale_intent(sale_intent(UID))
    assert len(journal.events()) == (1 if outcome is Outcome.PENDING else 2)


def test_a_not_charged_attempt_may_be_sent_again_under_its_own_merchant_uid(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.NOT_CHARGED, payment=None, message=None, decided_by="window")
    journal.record_sale_intent(sale_intent(UID, portone_at=1.0))
    sale = journal.sale(UID)
    assert sale is not None
    assert sale.outcome is Outcome.PENDING
    assert journal.events()[-1].kind == "sale_retry"
    op = journal.operation(UID)
    assert op is not None
    assert (op.state, op.decided_by, op.portone_at) == (Outcome.PENDING, None, 1.0)


def test_no_new_attempt_while_one_is_unresolved(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.UNKNOWN, payment=None, message=None)
    with pytest.raises(IntentRefused, match="still unknown"):
        journal.record_sale_intent(sale_intent("C01-second", sale_id=UID))
    assert journal.sale("C01-second") is None


def test_new_attempt_after_decline_then_none_after_payment(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.DECLINED, payment=None, message="카드 한도 초과")
    journal.record_sale_intent(sale_intent("C01-second", sale_id=UID))
    journal.record_sale_result("C01-second", Outcome.APPROVED, payment=paid(), message=None)
    with pytest.raises(IntentRefused, match="already paid"):
        journal.record_sale_intent(sale_intent("C01-third", sale_id=UID))


def test_sale_id_must_name_an_earlier_attempt(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_sale_intent(sale_intent("C01-x", sale_id="C01-nothing"))


def test_result_for_unknown_merchant_uid_is_refused(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_sale_result("nope", Outcome.APPROVED, payment=paid(), message=None)
    assert journal.events() == []


def test_recent_similar_sales_matches_masked_card_and_amount(journal: Journal, clock: ManualClock) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.APPROVED, payment=paid(), message=None)
    journal.record_sale_intent(sale_intent("C01-other-card", card_hint="5365-10**-****-4321"))
    journal.record_sale_intent(sale_intent("C01-other-amount", amount=5000))
    journal.record_sale_intent(sale_intent("C01-declined"))
    journal.record_sale_result("C01-declined", Outcome.DECLINED, payment=None, message=None)
    clock.advance(120)
    found = journal.recent_similar_sales("411111******1111", 12000, since_ts=T0 - 1)
    assert [s.merchant_uid for s in found] == [UID]
    assert journal.recent_similar_sales("411111******1111", 12000, since_ts=T0 + 1) == []


def test_mismatch_counts_as_money_taken(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.record_sale_result(UID, Outcome.MISMATCH, payment=paid(amount=1200), message=None)
    row = journal.sale(UID)
    assert row is not None
    assert row.paid_amount == 1200
    assert row.outcome is Outcome.MISMATCH


def test_operator_and_counter_changes_are_recorded(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent(UID))
    journal.operator = "이사장"
    journal.counter_id = "C02"
    # a result is written in the name of the operation it settles (journal.writer), on this counter
    journal.record_sale_result(UID, Outcome.APPROVED, payment=paid(), message=None)
    journal.record_sale_intent(sale_intent("C01-NEXT"))
    first, second, third = journal.events()
    assert (first.operator, first.counter_id) == ("김점원", "C01")
    assert (second.operator, second.counter_id) == ("김점원", "C02")
    assert (third.operator, third.counter_id) == ("이사장", "C02")


def test_uids_minted_by_the_domain_pass_the_card_digit_guard(journal: Journal) -> None:
    from datetime import UTC, datetime

    from pos_app.domain.uids import mint_customer_uid, mint_merchant_uid

    now = datetime(2026, 11, 26, 23, 59, 59, 999000, tzinfo=UTC)
    uid = mint_merchant_uid("C01", now)
    customer_uid = mint_customer_uid("C01", "010-1234-5678", now)
    journal.record_sale_intent(sale_intent(uid, kind="billing", customer_uid=customer_uid))
    row = journal.sale(uid)
    assert row is not None
    assert row.customer_uid == customer_uid
