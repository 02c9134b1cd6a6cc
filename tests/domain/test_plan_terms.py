"""The plan form: a saved card's charge rules (할부, tax-free, amounts, KSNET's buyer name) plus the dates."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from pos_app.domain.errors import FormErrors
from pos_app.domain.plans import check_first_payment_ahead, parse_day, parse_time_of_day, validate_plan

CUSTOMER = "C01-cust-7777-20261202T010722258-es96d3kx"
TODAY = date(2026, 12, 2)


def _form(**extra: str) -> dict[str, str]:
    form = {
        "amount": "55,000",
        "tax_free": "5,000",
        "order_name": "생수 정기배달",
        "card_quota": "3",
        "product_type": "real",
        "buyer_name": "김단골",
        "buyer_tel": "010-5555-7777",
        "plan_kind": "monthly",
        "plan_day": "31",
        "plan_start": "2026-12-31",
        "plan_end_kind": "count",
        "plan_count": "12",
        "plan_time": "09:30",
    }
    form.update(extra)
    return form


def test_a_monthly_plan_with_installments_from_50000_won() -> None:
    terms = validate_plan(_form(), CUSTOMER, TODAY)
    assert (terms.amount, terms.tax_free, terms.card_quota) == (55_000, 5_000, 3)
    assert terms.at_time == time(9, 30)
    assert terms.recurrence.count == 12
    assert terms.recurrence.occurrence(2) == date(2027, 2, 28)
    assert terms.vat == 4545


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({"amount": "30,000"}, ("card_quota",)),  # 할부 only from 50,000원
        ({"tax_free": "60,000"}, ("tax_free",)),
        ({"buyer_name": ""}, ("buyer_name",)),  # KSNET needs it on every scheduled charge
        ({"product_type": ""}, ("product_type",)),
        ({"amount": "999,999,999,999"}, ("amount",)),  # the counter's limit
        ({"plan_start": "2026-12-01"}, ("plan_start",)),  # before today
        ({"plan_start": "12/31"}, ("plan_start",)),
        ({"plan_day": "32"}, ("plan_day",)),
        ({"plan_kind": ""}, ("plan_kind",)),
        ({"plan_end_kind": "date", "plan_end": ""}, ("plan_end",)),
        ({"plan_end_kind": "count", "plan_count": "many"}, ("plan_count",)),
        ({"plan_time": "25:00"}, ("plan_time",)),
        ({"order_name": "4518 4200 0000 0007"}, ("order_name",)),  # card digits never go in
    ],
)
def test_each_refused_field_is_named(extra: dict[str, str], fields: tuple[str, ...]) -> None:
    with pytest.raises(FormErrors) as refused:
        validate_plan(_form(**extra), CUSTOMER, TODAY)
    assert refused.value.fields == fields


def test_every_few_weeks_and_chosen_dates() -> None:
    weekly = validate_plan(_form(plan_kind="weekly", plan_weeks="2", plan_end_kind="none"), CUSTOMER, TODAY)
    assert weekly.recurrence.every_weeks == 2
    assert weekly.recurrence.open_ended
    chosen = validate_plan(
        _form(
            plan_kind="dates",
            plan_dates="2027-01-15, 2026-12-24\n2027-03-01",
            plan_start="",
            plan_end_kind="none",
        ),
        CUSTOMER,
        TODAY,
    )
    assert chosen.recurrence.dates == (date(2026, 12, 24), date(2027, 1, 15), date(2027, 3, 1))
    with pytest.raises(FormErrors) as past:
        validate_plan(
            _form(plan_kind="dates", plan_dates="2026-11-30", plan_start="", plan_end_kind="none"),
            CUSTOMER,
            TODAY,
        )
    assert past.value.fields == ("plan_dates",)
    with pytest.raises(FormErrors) as none:
        validate_plan(
            _form(plan_kind="dates", plan_dates="", plan_start="", plan_end_kind="none"), CUSTOMER, TODAY
        )
    assert none.value.fields == ("plan_dates",)


def test_dates_and_times_as_typed() -> None:
    assert parse_day("2026.12.31", "plan_start") == date(2026, 12, 31)
    assert parse_day("20261231", "plan_start") == date(2026, 12, 31)
    assert parse_time_of_day("") == time(10, 0)
    assert parse_time_of_day("9시 05분") == time(9, 5)
    assert parse_time_of_day("0930") == time(9, 30)


def test_the_first_payment_must_be_ahead_of_now_by_the_schedule_lead() -> None:
    today = date(2027, 3, 10)
    terms = validate_plan(
        _form(plan_day="10", plan_start="2027-03-10", plan_time="10:00"),
        CUSTOMER,
        today,
    )
    check_first_payment_ahead(terms, datetime(2027, 3, 10, 9, 57, 59))  # 2 min 1 s ahead: fine
    for late in (datetime(2027, 3, 10, 9, 58), datetime(2027, 3, 10, 11, 0)):
        with pytest.raises(FormErrors) as refused:
            check_first_payment_ahead(terms, late)
        [error] = refused.value.errors
        assert error.field == "plan_time"
        assert "2027-03-10 10:00" in str(error)
