"""The NTS check digit of business registration numbers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.business_number import business_number_check_digit, is_valid_business_number

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)

# check digits worked out by hand with weights 1,3,7,1,3,7,1,3,5 (+ tens of 9th digit × 5)
VALID = ["1234567891", "1018100340", "2208162517", "0000000000"]


def test_known_valid_numbers() -> None:
    for number in VALID:
        assert is_valid_business_number(number), number


def test_hand_computed_check_digit() -> None:
    # 1*1+2*3+3*7+4*1+5*3+6*7+7*1+8*3+9*5 = 165; 9*5//10 = 4; 169 → (10 - 9) % 10 = 1
    assert business_number_check_digit("123456789") == "1"


def test_refuses_wrong_shapes() -> None:
    for bad in ["123456789", "12345678910", "123456789a", "123-45-67891", "", "１２３４５６７８９１"]:
        assert not is_valid_business_number(bad)


@NO_DEADLINE
@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_is_valid(first9: str) -> None:
    valid = [d for d in "0123456789" if is_valid_business_number(first9 + d)]
    assert valid == [business_number_check_digit(first9)]
