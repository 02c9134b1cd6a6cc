"""The combined history: sales, cancels and cash receipts in one list, with the history's filters."""

from __future__ import annotations

from datetime import date, datetime

from journal_factories import T0, ManualClock, cancel_intent, paid, receipt_facts, receipt_intent, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import ActivityFilter, Journal

DAY = datetime.fromtimestamp(T0).date()
NEXT_DAY = date.fromordinal(DAY.toordinal() + 1)


def _shop(journal: Journal, clock: ManualClock) -> None:
    """A card sale cancelled the next day, a declined sale, and a cash receipt."""
    journal.record_sale_intent(sale_intent("S-1"))
    journal.record_sale_result("S-1", Outcome.APPROVED, payment=paid(), message=None)
    clock.advance(60)
    journal.record_sale_intent(
        sale_intent(
            "S-2",
            amount=30000,
            buyer_name="이영희",
            buyer_tel="010-9999-0000",
            card_hint="4579-73**-****-9006",
        )
    )
    journal.record_sale_result("S-2", Outcome.DECLINED, payment=None, message="한도 초과")
    clock.advance(60)
    journal.record_receipt_intent(receipt_intent("R-1"))
    journal.record_receipt_result(
        "R-1", Outcome.APPROVED, facts=receipt_facts(applied_at=clock.now), message=None
    )
    clock.advance(86400)
    journal.record_cancel_intent(cancel_intent("X-1", "S-1"))
    journal.record_cancel_result(
        "X-1",
        Outcome.CANCELLED,
        payment=paid(status="cancelled", cancel_amount=12000, cancelled_at=clock.now),
        message=None,
    )


def test_every_kind_is_listed_newest_first(journal: Journal, clock: ManualClock) -> None:
    _shop(journal, clock)
    rows = journal.activity(ActivityFilter())
    assert [(r.kind, r.key) for r in rows] == [
        ("cancel", "X-1"),
        ("receipt", "R-1"),
        ("sale", "S-2"),
        ("sale", "S-1"),
    ]
    assert journal.count_activity(ActivityFilter()) == 4
    cancel = rows[0]
    assert cancel.opens == "S-1"
    assert cancel.sale is not None
    assert cancel.sale.card_number == "411111******1111"
    assert cancel.amount == 12000
    assert cancel.outcome is Outcome.CANCELLED
    receipt = rows[1]
    assert receipt.opens == "R-1"
    assert receipt.merchant_uid == "C01-ext-0001"
    assert receipt.amount == 33000
    assert [r.key for r in journal.iter_activity(ActivityFilter())] == [r.key for r in rows]


def test_a_cancel_is_filed_on_the_day_it_went_through(journal: Journal, clock: ManualClock) -> None:
    _shop(journal, clock)
    today = journal.activity(ActivityFilter(date_from=DAY, date_to=DAY))
    assert [r.key for r in today] == ["R-1", "S-2", "S-1"]
    tomorrow = journal.activity(ActivityFilter(date_from=NEXT_DAY, date_to=NEXT_DAY))
    assert [r.key for r in tomorrow] == ["X-1"]


def test_kind_filter_and_paging(journal: Journal, clock: ManualClock) -> None:
    _shop(journal, clock)
    receipts = ActivityFilter(kinds=frozenset({"receipt"}))
    assert [r.key for r in journal.activity(receipts)] == ["R-1"]
    card = ActivityFilter(kinds=frozenset({"sale", "cancel"}))
    assert journal.count_activity(card) == 3
    assert [r.key for r in journal.activity(card, offset=1, limit=1)] == ["S-2"]
    assert journal.activity(ActivityFilter(kinds=frozenset())) == []


def test_filters_apply_to_each_kind_by_its_own_fields(journal: Journal, clock: ManualClock) -> None:
    _shop(journal, clock)

    def keys(**fields: object) -> list[str]:
        return [r.key for r in journal.activity(ActivityFilter(**fields))]  # type: ignore[arg-type]

    # card digits: the sale and its cancel, never a cash receipt
    assert keys(last4="1111") == ["X-1", "S-1"]
    # a phone's last 4 digits also find the cash receipt issued to that phone
    assert keys(phone="5678") == ["X-1", "R-1", "S-1"]
    assert keys(phone="010-1234-5678") == ["X-1", "R-1", "S-1"]
    assert keys(phone="0109999") == ["S-2"]
    assert keys(buyer="이영") == ["S-2"]
    assert keys(amount=33000) == ["R-1"]
    assert keys(amount=12000) == ["X-1", "S-1"]
    # each row by its own outcome: the cancel, and the sale that it turned into 취소
    assert keys(outcomes=frozenset({Outcome.CANCELLED})) == ["X-1", "S-1"]
    assert keys(outcomes=frozenset({Outcome.APPROVED})) == ["R-1"]
    assert keys(outcomes=frozenset({Outcome.DECLINED}), kinds=frozenset({"sale"})) == ["S-2"]
    assert keys(merchant_uid="C01-ext-0001") == ["R-1"]
