"""Cash receipts: intents, results, cancellation, one valid receipt per sale."""

from __future__ import annotations

import pytest
from journal_factories import T0, ManualClock, receipt_facts, receipt_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, Journal


def test_issue_then_cancel_external_receipt(journal: Journal, clock: ManualClock) -> None:
    journal.record_receipt_intent(receipt_intent("R-1"))
    assert [r.receipt_id for r in journal.open_receipts()] == ["R-1"]
    journal.record_receipt_result("R-1", Outcome.APPROVED, facts=receipt_facts(), message=None)
    row = journal.receipt_for("C01-ext-0001")
    assert row is not None
    assert (row.outcome, row.apply_num) == (Outcome.APPROVED, "123456789")
    assert (row.applied_at, row.vat) == (T0 + 10, 3000)
    assert journal.open_receipts() == []
    clock.advance(30)
    journal.record_receipt_cancelled("R-1", None)
    row = journal.receipt_for("R-1")
    assert row is not None
    assert (row.outcome, row.cancelled_at) == (Outcome.CANCELLED, T0 + 30)


def test_second_receipt_for_one_sale_is_refused_until_the_first_is_cancelled(journal: Journal) -> None:
    journal.record_receipt_intent(receipt_intent("R-1", kind="payment", imp_uid="imp_1", merchant_uid="M-1"))
    journal.record_receipt_result("R-1", Outcome.APPROVED, facts=receipt_facts(), message=None)
    with pytest.raises(IntentRefused):
        journal.record_receipt_intent(
            receipt_intent("R-2", kind="payment", imp_uid="imp_1", merchant_uid=None)
        )
    with pytest.raises(IntentRefused):
        journal.record_receipt_intent(receipt_intent("R-2", kind="payment", imp_uid=None, merchant_uid="M-1"))
    journal.record_receipt_cancelled("R-1", receipt_facts(cancelled_at=T0 + 99))
    journal.record_receipt_intent(receipt_intent("R-2", kind="payment", imp_uid="imp_1", merchant_uid="M-1"))
    current = journal.receipt_for("imp_1")
    assert current is not None
    assert current.receipt_id == "R-2"


def test_declined_receipt_allows_another(journal: Journal) -> None:
    journal.record_receipt_intent(receipt_intent("R-1"))
    journal.record_receipt_result("R-1", Outcome.DECLINED, facts=None, message="식별번호 오류")
    journal.record_receipt_intent(receipt_intent("R-2"))
    with pytest.raises(IntentRefused):
        journal.record_receipt_intent(receipt_intent("R-2"))


def test_receipt_needs_a_key_and_results_need_an_intent(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_receipt_intent(receipt_intent("R-1", merchant_uid=None, imp_uid=None))
    with pytest.raises(IntentRefused):
        journal.record_receipt_result("R-9", Outcome.APPROVED, facts=None, message=None)
    with pytest.raises(IntentRefused):
        journal.record_receipt_cancelled("R-9", None)
    assert journal.receipt_for("nothing") is None
