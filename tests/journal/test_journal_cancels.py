"""Cancels: intent before the request, partial and full results, the sale's totals, one at a time."""

from __future__ import annotations

import pytest
from journal_factories import T0, ManualClock, cancel_intent, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, Journal

UID = "C01-20261126T100000000-a001"


@pytest.fixture
def approved(journal: Journal) -> Journal:
    journal.record_sale_intent(sale_intent(UID, amount=30000))
    journal.record_sale_result(UID, Outcome.APPROVED, payment=paid(amount=30000), message=None)
    return journal


def test_partial_then_full_cancel_moves_sale_totals(approved: Journal, clock: ManualClock) -> None:
    journal = approved
    journal.record_cancel_intent(cancel_intent("X-1", UID, amount=10000, checksum=30000))
    assert [c.cancel_id for c in journal.open_cancels()] == ["X-1"]
    clock.advance(100)
    after_first = paid(amount=30000, status="cancelled", cancel_amount=10000, cancelled_at=T0 + 100)
    journal.record_cancel_result("X-1", Outcome.PARTIALLY_CANCELLED, payment=after_first, message=None)
    sale = journal.sale(UID)
    assert sale is not None
    assert sale.outcome is Outcome.PARTIALLY_CANCELLED
    assert (sale.cancel_amount, sale.remaining, sale.partial_cancel_count) == (10000, 20000, 1)
    assert journal.open_cancels() == []

    journal.record_cancel_intent(cancel_intent("X-2", UID, amount=0, checksum=20000))
    clock.advance(100)
    after_second = paid(amount=30000, status="cancelled", cancel_amount=30000, cancelled_at=T0 + 200)
    journal.record_cancel_result("X-2", Outcome.CANCELLED, payment=after_second, message=None)
    sale = journal.sale(UID)
    assert sale is not None
    assert sale.outcome is Outcome.CANCELLED
    assert sale.remaining == 0
    assert sale.partial_cancel_count == 2
    first, second = journal.cancels_of(UID)
    assert (first.cancelled_amount, first.cancelled_at) == (10000, T0 + 100)
    assert (second.cancelled_amount, second.cancelled_at, second.checksum) == (20000, T0 + 200, 20000)
    assert [e.kind for e in journal.events()][-4:] == [
        "cancel_intent",
        "cancel_result",
        "cancel_intent",
        "cancel_result",
    ]


def test_full_cancel_of_whole_amount_is_not_partial(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID))
    facts = paid(amount=30000, status="cancelled", cancel_amount=30000, cancelled_at=T0 + 9)
    approved.record_cancel_result("X-1", Outcome.CANCELLED, payment=facts, message=None)
    sale = approved.sale(UID)
    assert sale is not None
    assert (sale.outcome, sale.partial_cancel_count, sale.cancelled_at) == (Outcome.CANCELLED, 0, T0 + 9)


def test_declined_cancel_leaves_sale_untouched(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=5000))
    approved.record_cancel_result("X-1", Outcome.DECLINED, payment=None, message="취소 가능 금액 초과")
    sale = approved.sale(UID)
    assert sale is not None
    assert (sale.outcome, sale.cancel_amount) == (Outcome.APPROVED, 0)
    [cancel] = approved.cancels_of(UID)
    assert (cancel.outcome, cancel.message, cancel.cancelled_at) == (
        Outcome.DECLINED,
        "취소 가능 금액 초과",
        None,
    )


def test_cancel_without_payment_facts_estimates_from_the_request(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=4000))
    approved.record_cancel_result("X-1", Outcome.PARTIALLY_CANCELLED, payment=None, message=None)
    sale = approved.sale(UID)
    assert sale is not None
    assert (sale.cancel_amount, sale.remaining) == (4000, 26000)


def test_one_unresolved_cancel_per_sale(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=1000))
    approved.record_cancel_result("X-1", Outcome.UNKNOWN, payment=None, message="응답 없음")
    with pytest.raises(IntentRefused, match="unresolved cancel"):
        approved.record_cancel_intent(cancel_intent("X-2", UID, amount=1000))
    # the same cancel may be sent again after UNKNOWN
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=1000))
    [cancel] = approved.open_cancels()
    assert cancel.outcome is Outcome.PENDING
    assert approved.events()[-1].kind == "cancel_retry"


def test_cancel_of_unknown_sale_is_refused(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_cancel_intent(cancel_intent("X-1", "no-such-sale"))
    with pytest.raises(IntentRefused):
        journal.record_cancel_result("X-9", Outcome.CANCELLED, payment=None, message=None)
    assert journal.events() == []


def test_unknown_cancel_whose_lookup_shows_a_refund_updates_the_sale(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=3000))
    facts = paid(amount=30000, status="cancelled", cancel_amount=3000)
    approved.record_cancel_result("X-1", Outcome.UNKNOWN, payment=facts, message=None)
    sale = approved.sale(UID)
    assert sale is not None
    assert (sale.cancel_amount, sale.outcome) == (3000, Outcome.PARTIALLY_CANCELLED)


def test_recording_a_finished_cancel_again_keeps_its_amounts(approved: Journal) -> None:
    approved.record_cancel_intent(cancel_intent("X-1", UID, amount=0, checksum=30000))
    facts = paid(amount=30000, status="cancelled", cancel_amount=30000, cancelled_at=T0 + 9)
    approved.record_cancel_result("X-1", Outcome.CANCELLED, payment=facts, message=None)
    approved.record_cancel_result("X-1", Outcome.CANCELLED, payment=facts, message="재조회")
    [cancel] = approved.cancels_of(UID)
    assert (cancel.cancelled_amount, cancel.cancelled_at, cancel.message) == (30000, T0 + 9, "재조회")
    sale = approved.sale(UID)
    assert sale is not None
    assert (sale.cancel_amount, sale.outcome, sale.partial_cancel_count) == (30000, Outcome.CANCELLED, 0)
