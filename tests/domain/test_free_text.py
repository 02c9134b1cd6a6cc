"""The card-digit rule and text normalisation every free-text field goes through."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain import FieldError, FormErrors, validate_keyed_charge
from pos_app.domain.buyer import parse_buyer_name, parse_email, parse_order_name, parse_tel
from pos_app.domain.free_text import (
    MSG_BAD_CHARACTER,
    MSG_CARD_LIKE,
    clean_text,
    find_card_like_digits,
    mask_card_like,
    parse_cancel_reason,
)

CARD = "4532917860149255"


@pytest.mark.parametrize(
    "text",
    [
        CARD,
        "4532-9178-6014-9255 주문",
        "카드 4532 9178 6014 9255",
        "4532.9178.6014.9255",
        "４５３２９１７８６０１４９２５５",  # full-width digits from an IME
        "4532 - 9178 - 6014 - 9255",
        "4532\u00a09178\u30006014\u20139255",  # NBSP, ideographic space, en dash
        "3714-496353-98431",  # 15-digit Amex grouping
        "1234567890123",  # 13 unbroken digits
        "x12345678901234567890y",  # longer runs hold a card number too
    ],
)
def test_card_like_runs_in_any_form_are_found(text: str) -> None:
    assert find_card_like_digits(text)
    with pytest.raises(FieldError) as info:
        clean_text("order_name", text)
    assert (info.value.field, info.value.message) == ("order_name", MSG_CARD_LIKE)
    assert "9255" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "2026.11.26 10:30 주문",
        "꽃다발 3개 12,000원",
        "02-555-0101 / 010-9876-5432",
        "123456789012",
    ],
)
def test_everyday_numbers_pass(text: str) -> None:
    assert find_card_like_digits(text) == []


def test_mask_keeps_first_six_and_last_four() -> None:
    assert mask_card_like("카드 4532 9178 6014 9255 끝") == "카드 4532 91** **** 9255 끝"
    assert mask_card_like("없음") == "없음"


@pytest.mark.parametrize("bad", ["홍\ud800길동", "주문\x07", "a\u202eb", "탭\t이름"])
def test_lone_surrogates_controls_and_overrides_are_field_errors(bad: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_buyer_name(bad)
    assert (info.value.field, info.value.message) == ("buyer_name", MSG_BAD_CHARACTER)


def test_every_buyer_field_refuses_a_card_number() -> None:
    for parse, field in (
        (parse_buyer_name, "buyer_name"),
        (parse_order_name, "order_name"),
        (parse_email, "buyer_email"),
    ):
        with pytest.raises(FieldError) as info:
            parse(f"{CARD[:8]} {CARD[8:]}@x.kr" if field == "buyer_email" else f"{CARD[:8]} {CARD[8:]}")
        assert info.value.message == MSG_CARD_LIKE
    with pytest.raises(FieldError) as info:
        parse_tel("4532917860149")
    assert (info.value.field, info.value.message) == ("buyer_tel", MSG_CARD_LIKE)


def test_keyed_form_names_the_field_of_the_card_number() -> None:
    form = {
        "amount": "12000",
        "order_name": "1234567890123 주문",
        "buyer_name": "홍길동",
        "card_number": "4111 1111 1111 1111",
        "expiry": "2030-12",
        "product_type": "real",
    }
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(form, date(2026, 11, 26))
    assert info.value.fields == ("order_name",)


def test_cancel_reason() -> None:
    assert parse_cancel_reason("  고객   요청 ") == "고객 요청"
    for bad in ("", "카드 4532 9178 6014 9255", "가" * 101):
        with pytest.raises(FieldError) as info:
            parse_cancel_reason(bad)
        assert info.value.field == "reason"


@given(st.text())
def test_clean_text_either_refuses_or_returns_encodable_text_without_card_runs(text: str) -> None:
    try:
        cleaned = clean_text("order_name", text)
    except FieldError:
        return
    cleaned.encode("utf-8")
    assert find_card_like_digits(cleaned) == []
