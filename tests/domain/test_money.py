"""parse_won, vat_of and TaxSplit: good amounts, every refusal, and the PortOne VAT rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.errors import FieldError
from pos_app.domain.money import (
    MAX_WON,
    MSG_AMOUNT_FRACTION,
    MSG_AMOUNT_NEGATIVE,
    MSG_AMOUNT_NOT_NUMBER,
    MSG_AMOUNT_REQUIRED,
    MSG_AMOUNT_TOO_LARGE,
    MSG_AMOUNT_ZERO,
    MSG_TAX_FREE_RANGE,
    TaxSplit,
    parse_won,
    vat_of,
)

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12000", 12_000),
        ("12,000", 12_000),
        (" 12,000 ", 12_000),
        ("12,000원", 12_000),
        ("12000 원", 12_000),
        ("₩12,000", 12_000),
        ("￦12,000", 12_000),  # full-width won sign
        ("\\12,000", 12_000),  # the won key of a Korean keyboard types a backslash in some fonts/apps
        ("₩ 12,000 원", 12_000),
        ("１２，０００", 12_000),  # full-width digits and comma from a Korean IME
        ("1", 1),
        ("1,000,000", 1_000_000),
        ("+500", 500),
        (12_000, 12_000),
        ("100,000,000,000", MAX_WON),
    ],
)
def test_parse_won_accepts(text: str | int, expected: int) -> None:
    assert parse_won(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_AMOUNT_REQUIRED),
        ("   ", MSG_AMOUNT_REQUIRED),
        ("원", MSG_AMOUNT_REQUIRED),
        ("abc", MSG_AMOUNT_NOT_NUMBER),
        ("12a00", MSG_AMOUNT_NOT_NUMBER),
        ("1,2000", MSG_AMOUNT_NOT_NUMBER),
        ("12,00", MSG_AMOUNT_NOT_NUMBER),
        (",000", MSG_AMOUNT_NOT_NUMBER),
        ("1.2.3", MSG_AMOUNT_NOT_NUMBER),
        ("1e5", MSG_AMOUNT_NOT_NUMBER),
        ("٣٠٠", MSG_AMOUNT_NOT_NUMBER),  # Arabic-Indic digits are digits to str.isdigit, not to us
        ("-5", MSG_AMOUNT_NEGATIVE),
        ("-5,000", MSG_AMOUNT_NEGATIVE),
        (-1, MSG_AMOUNT_NEGATIVE),
        ("12000.5", MSG_AMOUNT_FRACTION),
        ("12,000.00", MSG_AMOUNT_FRACTION),
        ("0", MSG_AMOUNT_ZERO),
        (0, MSG_AMOUNT_ZERO),
        ("100,000,000,001", MSG_AMOUNT_TOO_LARGE),
        (MAX_WON + 1, MSG_AMOUNT_TOO_LARGE),
        ("9" * 400, MSG_AMOUNT_TOO_LARGE),
    ],
)
def test_parse_won_refuses_with_reason(text: str | int, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_won(text)
    assert info.value.field == "amount"
    assert info.value.message == message


def test_parse_won_names_the_given_field_and_allows_zero_when_asked() -> None:
    with pytest.raises(FieldError) as info:
        parse_won("x", "tax_free")
    assert info.value.field == "tax_free"
    assert parse_won("0", "tax_free", allow_zero=True) == 0


def test_parse_won_refuses_bool() -> None:
    with pytest.raises(FieldError):
        parse_won(True)  # bool is an int subclass, but never an amount


def test_too_large_message_shows_the_limit() -> None:
    with pytest.raises(FieldError) as info:
        parse_won(MAX_WON + 1)
    assert "100,000,000,000" in str(info.value)


@NO_DEADLINE
@given(st.integers(min_value=1, max_value=MAX_WON))
def test_parse_won_round_trips_plain_and_grouped(value: int) -> None:
    assert parse_won(str(value)) == value
    assert parse_won(f"{value:,}") == value
    assert parse_won(f"{value:,}원") == value
    assert parse_won(value) == value


@pytest.mark.parametrize(
    ("amount", "tax_free", "vat"),
    [
        (11_000, 0, 1_000),
        (10_000, 0, 909),  # 909.09 → 909
        (10_006, 0, 910),  # 909.64 → 910
        (1, 0, 0),
        (6, 0, 1),  # 0.545 → 1
        (5, 0, 0),  # 0.4545 → 0
        (11_000, 11_000, 0),
        (15_000, 4_000, 1_000),
    ],
)
def test_vat_of_rounds_like_portone(amount: int, tax_free: int, vat: int) -> None:
    assert vat_of(amount, tax_free) == vat


@NO_DEADLINE
@given(st.integers(min_value=0, max_value=MAX_WON), st.data())
def test_vat_of_is_the_nearest_integer_of_a_eleventh(amount: int, data: st.DataObject) -> None:
    tax_free = data.draw(st.integers(min_value=0, max_value=amount))
    vat = vat_of(amount, tax_free)
    taxable = amount - tax_free
    assert abs(11 * vat - taxable) <= 5  # |vat - taxable/11| <= 5/11 < 1/2
    split = TaxSplit(amount, tax_free)
    assert split.vat == vat
    assert split.supply + split.vat + split.tax_free == amount


def test_tax_split_refuses_tax_free_outside_amount() -> None:
    with pytest.raises(FieldError) as info:
        TaxSplit(10_000, 10_001)
    assert info.value.field == "tax_free"
    assert info.value.message == MSG_TAX_FREE_RANGE
    assert "10,000" in str(info.value)
    with pytest.raises(FieldError) as info:
        TaxSplit(10_000, -1)
    assert info.value.field == "tax_free"


def test_tax_split_properties() -> None:
    split = TaxSplit(15_000, 4_000)
    assert (split.taxable, split.vat, split.supply) == (11_000, 1_000, 10_000)
