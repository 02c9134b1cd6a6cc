"""Expiry, birth date / business number and PIN digits: formats, real dates, century logic, redaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.business_number import business_number_check_digit
from pos_app.domain.card_auth import (
    EXPIRY_MAX_YEARS_AHEAD,
    MSG_BIRTH_DATE,
    MSG_BIRTH_FORMAT,
    MSG_BIRTH_REQUIRED,
    MSG_BUSINESS_NUMBER,
    MSG_EXPIRY_FORMAT,
    MSG_EXPIRY_MONTH,
    MSG_EXPIRY_PAST,
    MSG_EXPIRY_REQUIRED,
    MSG_EXPIRY_TOO_FAR,
    MSG_PWD_FORMAT,
    MSG_PWD_REQUIRED,
    Expiry,
    birth_date_of,
    parse_birth,
    parse_pwd_2digit,
)
from pos_app.domain.errors import FieldError

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("03/29", "2029-03"),
        ("3/29", "2029-03"),
        ("03 / 29", "2029-03"),
        ("03-29", "2029-03"),
        ("0329", "2029-03"),
        ("03/2029", "2029-03"),
        ("2029-03", "2029-03"),
        ("2029/3", "2029-03"),
        ("202903", "2029-03"),
        ("１２／２６", "2026-12"),
        ("11/26", "2026-11"),  # the current month is still valid
    ],
)
def test_expiry_formats(text: str, formatted: str) -> None:
    assert Expiry.parse(text, TODAY).formatted() == formatted


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_EXPIRY_REQUIRED),
        ("  ", MSG_EXPIRY_REQUIRED),
        ("13/29", MSG_EXPIRY_MONTH),
        ("00/29", MSG_EXPIRY_MONTH),
        ("2029-13", MSG_EXPIRY_MONTH),
        ("10/26", MSG_EXPIRY_PAST),  # last month
        ("1026", MSG_EXPIRY_PAST),
        ("2025-12", MSG_EXPIRY_PAST),
        ("03/1999", MSG_EXPIRY_PAST),
        ("0000-01", MSG_EXPIRY_PAST),
        ("329", MSG_EXPIRY_FORMAT),
        ("03/2", MSG_EXPIRY_FORMAT),
        ("2029-03-01", MSG_EXPIRY_FORMAT),
        ("abcd", MSG_EXPIRY_FORMAT),
        ("12/99", MSG_EXPIRY_TOO_FAR),
    ],
)
def test_expiry_refusals(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        Expiry.parse(text, TODAY)
    assert info.value.field == "expiry"
    assert info.value.message == message


def test_expiry_limit_is_inclusive() -> None:
    last = f"{TODAY.year + EXPIRY_MAX_YEARS_AHEAD}-{TODAY.month:02d}"
    assert Expiry.parse(last, TODAY).formatted() == last


def test_expiry_repr_is_redacted() -> None:
    expiry = Expiry.parse("03/29", TODAY)
    assert repr(expiry) == "Expiry(**/**)"
    assert "29" not in str(expiry)
    with pytest.raises(FieldError) as info:
        Expiry(2029, 13)
    assert info.value.message == MSG_EXPIRY_MONTH


@NO_DEADLINE
@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_expiry_month_boundary(today: date, months_ahead: int) -> None:
    year, month = divmod(today.year * 12 + today.month - 1 + months_ahead, 12)
    expiry = Expiry.parse(f"{year:04d}-{month + 1:02d}", today)
    assert (expiry.year, expiry.month) == (year, month + 1)
    previous_year, previous_month = divmod(today.year * 12 + today.month - 2, 12)
    with pytest.raises(FieldError):
        Expiry.parse(f"{previous_year:04d}-{previous_month + 1:02d}", today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900101", "900101"),
        ("000229", "000229"),  # 2000 was a leap year
        ("040229", "040229"),
        ("261126", "261126"),  # born today
        ("261127", "261127"),  # tomorrow in 2026 → 1926
        (" 85-12-31 ", "851231"),
        ("1234567891", "1234567891"),  # business number
        ("123-45-67891", "1234567891"),
    ],
)
def test_parse_birth_accepts(text: str, expected: str) -> None:
    assert parse_birth(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_BIRTH_REQUIRED),
        ("901301", MSG_BIRTH_DATE),
        ("900230", MSG_BIRTH_DATE),
        ("900100", MSG_BIRTH_DATE),
        ("010229", MSG_BIRTH_DATE),  # 2001 and 1901 are not leap years
        ("1234567890", MSG_BUSINESS_NUMBER),
        ("123-45-67890", MSG_BUSINESS_NUMBER),
        ("90010", MSG_BIRTH_FORMAT),
        ("19900101", MSG_BIRTH_FORMAT),  # 8 digits: neither YYMMDD nor a business number
        ("9001011234567", MSG_BIRTH_FORMAT),  # a resident registration number is never taken
        ("90O101", MSG_BIRTH_FORMAT),
    ],
)
def test_parse_birth_refuses(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_birth(text, today=TODAY)
    assert info.value.field == "birth"
    assert info.value.message == message
    assert text.strip() == "" or text.strip()[:4] not in str(info.value)


@pytest.mark.parametrize(
    ("yymmdd", "today", "born"),
    [
        ("000229", date(2026, 1, 1), date(2000, 2, 29)),
        ("261126", date(2026, 11, 26), date(2026, 11, 26)),
        ("261127", date(2026, 11, 26), date(1926, 11, 27)),
        ("991231", date(2026, 1, 1), date(1999, 12, 31)),
        ("000101", date(2099, 1, 1), date(2000, 1, 1)),
        ("280229", date(2026, 1, 1), date(1928, 2, 29)),  # 2028 is in the future
    ],
)
def test_birth_century(yymmdd: str, today: date, born: date) -> None:
    assert birth_date_of(yymmdd, today) == born


@NO_DEADLINE
@given(st.dates(min_value=date(1927, 1, 1), max_value=date(2026, 11, 26)))
def test_every_real_birth_date_of_the_last_century_is_accepted(born: date) -> None:
    text = born.strftime("%y%m%d")
    assert parse_birth(text, today=TODAY) == text
    assert birth_date_of(text, TODAY) == born
    assert birth_date_of(text, TODAY) <= TODAY  # type: ignore[operator]


@NO_DEADLINE
@given(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2099, 12, 31)))
def test_future_dates_are_taken_from_the_previous_century(when: date) -> None:
    result = birth_date_of(when.strftime("%y%m%d"), TODAY)
    assert result is None or result.year == when.year - 100


@pytest.mark.parametrize("text", ["12", "00", "99", " 07 ", "０７"])
def test_pwd_accepts_two_digits(text: str) -> None:
    assert parse_pwd_2digit(text) == text.strip().replace("０", "0").replace("７", "7")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_PWD_REQUIRED),
        ("1", MSG_PWD_FORMAT),
        ("123", MSG_PWD_FORMAT),
        ("1a", MSG_PWD_FORMAT),
        ("1 2", MSG_PWD_FORMAT),
        ("١٢", MSG_PWD_FORMAT),
    ],
)
def test_pwd_refuses(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_pwd_2digit(text)
    assert info.value.field == "pwd_2digit"
    assert info.value.message == message


FIRST_MONTH = TODAY.year * 12 + TODAY.month - 1
LAST_MONTH = FIRST_MONTH + EXPIRY_MAX_YEARS_AHEAD * 12


@NO_DEADLINE
@given(st.integers(FIRST_MONTH, LAST_MONTH))
def test_expiry_round_trips_through_every_format(month_index: int) -> None:
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    expected = Expiry(year, month)
    for text in (
        expected.formatted(),
        f"{month:02d}/{year % 100:02d}",
        f"{month:02d}{year % 100:02d}",
        f"{month}/{year}",
        f"{year}{month:02d}",
    ):
        assert Expiry.parse(text, TODAY) == expected


@NO_DEADLINE
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_business_number_with_its_check_digit_is_a_valid_birth(first9: str) -> None:
    number = first9 + business_number_check_digit(first9)
    assert parse_birth(f"{number[:3]}-{number[3:5]}-{number[5:]}", today=TODAY) == number
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    with pytest.raises(FieldError):
        parse_birth(wrong, today=TODAY)
