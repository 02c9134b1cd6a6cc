"""CardNumber: normalisation, length, Luhn, the PortOne format, 6+4 masking and redacted reprs."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.card import (
    MSG_CARD_LENGTH,
    MSG_CARD_LUHN,
    MSG_CARD_NOT_DIGITS,
    MSG_CARD_REQUIRED,
    CardNumber,
    group_sizes,
    luhn_check_digit,
    luhn_valid,
    mask_card_number,
)
from pos_app.domain.errors import FieldError
from pos_app.sandbox.cards import TEST_CARDS

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)

VISA16 = "4518420000000007"
AMEX15 = "378282246310005"  # the well-known AMEX test number
DINERS14 = "30569309025904"
VISA13 = "4222222222222"
FULL_WIDTH_VISA16 = "".join(chr(ord(d) + 0xFEE0) for d in VISA16)  # as a Korean IME may type it


def with_check_digit(payload: str) -> str:
    return payload + luhn_check_digit(payload)


@pytest.mark.parametrize(
    "text",
    [VISA16, "4518 4200 0000 0007", "4518-4200-0000-0007", " 4518-4200 0000-0007 ", FULL_WIDTH_VISA16],
)
def test_parse_accepts_spaces_dashes_and_full_width(text: str) -> None:
    number = CardNumber.parse(text)
    assert number.digits == VISA16


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", MSG_CARD_REQUIRED),
        (" - ", MSG_CARD_REQUIRED),
        ("4518/4200/0000/0007", MSG_CARD_NOT_DIGITS),
        ("4518a20000000007", MSG_CARD_NOT_DIGITS),
        ("451842000000", MSG_CARD_LENGTH),  # 12 digits
        ("45184200000000070000", MSG_CARD_LENGTH),  # 20 digits
        ("4518420000000008", MSG_CARD_LUHN),
        ("4518420000000070", MSG_CARD_LUHN),  # two digits swapped
    ],
)
def test_parse_refuses(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        CardNumber.parse(text)
    assert info.value.field == "card_number"
    assert info.value.message == message


def test_error_messages_never_contain_the_digits() -> None:
    for bad in ("4518420000000008", "451842000000", "45184200000000070000"):
        with pytest.raises(FieldError) as info:
            CardNumber.parse(bad)
        text = f"{info.value} {info.value!r} {info.value.params}"
        assert "451842" not in text
        assert bad[-4:] not in text


def test_length_message_tells_lengths() -> None:
    with pytest.raises(FieldError) as info:
        CardNumber.parse("451842000000")
    assert str(info.value) == "카드번호는 13~19자리여야 합니다 (입력: 12자리)."


@pytest.mark.parametrize(
    ("digits", "formatted"),
    [
        (VISA16, "4518-4200-0000-0007"),
        (AMEX15, "3782-822463-10005"),
        (DINERS14, "3056-9309-0259-04"),
        (VISA13, "4222-2222-2222-2"),
    ],
)
def test_formatted_groups(digits: str, formatted: str) -> None:
    assert CardNumber(digits).formatted() == formatted


@pytest.mark.parametrize(
    ("digits", "masked"),
    [
        (VISA16, "4518-42**-****-0007"),
        (AMEX15, "3782-82****-*0005"),
        (DINERS14, "3056-93**-**59-04"),
        (VISA13, "4222-22**-*222-2"),
    ],
)
def test_masked_keeps_6_and_4(digits: str, masked: str) -> None:
    number = CardNumber(digits)
    assert number.masked == masked
    assert number.bin6 == digits[:6]
    assert number.last4 == digits[-4:]


def test_repr_and_str_are_redacted() -> None:
    number = CardNumber.parse(VISA16)
    assert repr(number) == "CardNumber(****0007)"
    assert str(number) == "CardNumber(****0007)"
    assert f"{number}" == "CardNumber(****0007)"
    assert "451842" not in repr([number])


def test_all_sandbox_test_cards_parse() -> None:
    for card in TEST_CARDS:
        assert CardNumber.parse(card.number).digits == card.number


@NO_DEADLINE
@given(st.text(alphabet="0123456789", min_size=12, max_size=18))
def test_luhn_round_trip(payload: str) -> None:
    digits = with_check_digit(payload)
    assert luhn_valid(digits)
    number = CardNumber.parse(digits)
    assert number.digits == digits
    assert CardNumber.parse(number.formatted()) == number
    wrong = str((int(digits[-1]) + 1) % 10)
    assert not luhn_valid(digits[:-1] + wrong)


@NO_DEADLINE
@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.data())
def test_luhn_catches_any_single_digit_error(payload: str, data: st.DataObject) -> None:
    digits = with_check_digit(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[position]]))
    changed = digits[:position] + replacement + digits[position + 1 :]
    assert not luhn_valid(changed)
    with pytest.raises(FieldError):
        CardNumber(changed)


@NO_DEADLINE
@given(st.text(alphabet="0123456789", min_size=12, max_size=18))
def test_masking_never_leaks_digits_7_to_n_minus_4(payload: str) -> None:
    digits = with_check_digit(payload)
    number = CardNumber(digits)
    positions = number.masked.replace("-", "")
    n = len(digits)
    assert len(positions) == n
    assert positions[:6] == digits[:6]
    assert positions[-4:] == digits[-4:]
    assert set(positions[6 : n - 4]) == {"*"}
    # and grouped exactly like the formatted number
    assert [len(g) for g in number.masked.split("-")] == list(group_sizes(n))
    assert mask_card_number(digits) == number.masked
    assert mask_card_number(number.formatted()) == number.masked
    assert mask_card_number(number.masked) == number.masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("451842******0007", "4518-42**-****-0007"),
        ("4518-42**-****-0007", "4518-42**-****-0007"),
        ("451842xxxxxx0007", "4518-42**-****-0007"),
        ("4518 4200 0000 0007", "4518-42**-****-0007"),
        ("37828224631000" + "5", "3782-82****-*0005"),
        ("12345678", "****-5678"),  # not a card number: only the last 4
        ("1234567", "****-***"),
        ("", ""),
        ("카드", ""),
    ],
)
def test_mask_card_number(text: str, masked: str) -> None:
    assert mask_card_number(text) == masked


def test_group_sizes() -> None:
    assert group_sizes(16) == (4, 4, 4, 4)
    assert group_sizes(15) == (4, 6, 5)
    assert group_sizes(19) == (4, 4, 4, 4, 3)
    assert group_sizes(13) == (4, 4, 4, 1)


def test_field_error_pickles_without_card_data() -> None:
    with pytest.raises(FieldError) as info:
        CardNumber.parse("451842000000")
    copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own bytes, round trip
    assert isinstance(copy, FieldError)
    assert (copy.field, copy.message, copy.params) == ("card_number", MSG_CARD_LENGTH, info.value.params)
    assert not re.search(r"\d{6}", str(copy))


@NO_DEADLINE
@given(st.text(alphabet="0123456789*- xX", max_size=40))
def test_mask_card_number_never_shows_more_than_6_plus_4(text: str) -> None:
    masked = mask_card_number(text)
    positions = masked.replace("-", "")
    n = len(positions)
    assert set(positions) <= set("0123456789*")
    assert sum(ch.isdigit() for ch in positions) <= 10
    if n >= 13:
        assert set(positions[6 : n - 4]) <= {"*"}
    else:
        assert set(positions[: max(n - 4, 0)]) <= {"*"}
    assert mask_card_number(masked) == masked  # masking is idempotent
