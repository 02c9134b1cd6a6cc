"""Dates typed into the history's fields, and the shortcut periods, on a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from pos_app.domain.errors import FieldError
from pos_app.domain.typed_dates import PERIODS, parse_typed_date, period

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026.11.20", date(2026, 11, 20)),
        ("2026/11/20", date(2026, 11, 20)),
        ("2026. 11. 20.", date(2026, 11, 20)),  # how Korean dates are written
        ("20261120", date(2026, 11, 20)),
        ("261120", date(2026, 11, 20)),
        ("26-11-20", date(2026, 11, 20)),
        ("1120", date(2026, 11, 20)),
        ("11/20", date(2026, 11, 20)),
        ("11-20", date(2026, 11, 20)),
        ("11.20", date(2026, 11, 20)),
        ("1/5", date(2026, 1, 5)),
        ("0105", date(2026, 1, 5)),
        ("105", date(2026, 1, 5)),
        ("２０２６－１１－２０", date(2026, 11, 20)),  # full-width, as a Korean IME may type
        ("11월 20일", date(2026, 11, 20)),
        ("2025년 3월 1일", date(2025, 3, 1)),
        ("20", date(2026, 11, 20)),
        ("26", date(2026, 11, 26)),
        (" 2026-11-26 ", TODAY),
        # not yet this year: the last one that happened
        ("1225", date(2025, 12, 25)),
        ("12/31", date(2025, 12, 31)),
        ("27", date(2026, 10, 27)),
        ("31", date(2026, 10, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_typed_dates(text: str, expected: date | None) -> None:
    assert parse_typed_date(text, TODAY) == expected


def test_a_day_only_date_skips_months_without_it() -> None:
    # on 2 March, "30" is 30 January: February has no 30th
    assert parse_typed_date("30", date(2026, 3, 2)) == date(2026, 1, 30)
    # 29 February typed in a common year is the last leap year's
    assert parse_typed_date("0229", date(2027, 3, 1)) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["1340", "2026-13-01", "2026-02-30", "32", "0", "abc", "11/20/2026x", "123456789", "2026-11"]
)
def test_unreadable_or_unreal_dates_name_the_field(text: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_typed_date(text, TODAY)
    assert info.value.field == "date"
    assert text.strip() in str(info.value)


def test_periods_on_a_thursday() -> None:
    assert period("today", TODAY) == (TODAY, TODAY)
    assert period("yesterday", TODAY) == (date(2026, 11, 25), date(2026, 11, 25))
    assert period("this_week", TODAY) == (date(2026, 11, 23), TODAY)
    assert period("this_month", TODAY) == (date(2026, 11, 1), TODAY)
    assert period("last_month", TODAY) == (date(2026, 10, 1), date(2026, 10, 31))


def test_periods_across_a_year_and_on_a_monday() -> None:
    new_year = date(2027, 1, 1)  # a Friday
    assert period("yesterday", new_year) == (date(2026, 12, 31), date(2026, 12, 31))
    assert period("last_month", new_year) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period("this_week", new_year) == (date(2026, 12, 28), new_year)
    monday = date(2026, 11, 23)
    assert period("this_week", monday) == (monday, monday)
    assert period("last_month", date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert set(PERIODS) == {"today", "yesterday", "this_week", "this_month", "last_month"}
