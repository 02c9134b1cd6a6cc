"""Buyer and order-name field rules (KSNET/PortOne lengths)."""

from __future__ import annotations

import pytest

from pos_app.domain.buyer import (
    MSG_BUYER_NAME_LONG,
    MSG_BUYER_NAME_REQUIRED,
    MSG_EMAIL_FORMAT,
    MSG_EMAIL_LONG,
    MSG_ORDER_NAME_LONG,
    MSG_ORDER_NAME_REQUIRED,
    MSG_POSTCODE_FORMAT,
    MSG_POSTCODE_LONG,
    MSG_TEL_FORMAT,
    MSG_TEL_LONG,
    MSG_TEL_REQUIRED,
    MSG_TEL_SHORT,
    Buyer,
    collect_buyer,
    parse_buyer_name,
    parse_email,
    parse_order_name,
    parse_postcode,
    parse_tel,
)
from pos_app.domain.errors import FieldError


def refused(field: str, message: str, call: object) -> None:
    assert callable(call)
    with pytest.raises(FieldError) as info:
        call()
    assert (info.value.field, info.value.message) == (field, message)


def test_buyer_name() -> None:
    assert parse_buyer_name(" 홍길동 ") == "홍길동"
    assert parse_buyer_name("김  철수") == "김 철수"
    assert parse_buyer_name("가" * 16) == "가" * 16
    refused("buyer_name", MSG_BUYER_NAME_REQUIRED, lambda: parse_buyer_name(""))
    refused("buyer_name", MSG_BUYER_NAME_REQUIRED, lambda: parse_buyer_name("   "))
    refused("buyer_name", MSG_BUYER_NAME_LONG, lambda: parse_buyer_name("가" * 17))


def test_tel() -> None:
    assert parse_tel("010-1234-5678") == "010-1234-5678"
    assert parse_tel("010 1234 5678") == "01012345678"
    assert parse_tel("") == ""
    assert parse_tel("02-123-4567") == "02-123-4567"
    refused("buyer_tel", MSG_TEL_REQUIRED, lambda: parse_tel("", required=True))
    refused("buyer_tel", MSG_TEL_FORMAT, lambda: parse_tel("010-1234-567a"))
    refused("buyer_tel", MSG_TEL_FORMAT, lambda: parse_tel("+82-10-1234-5678"))
    refused("buyer_tel", MSG_TEL_LONG, lambda: parse_tel("0101-2345-6789-01"))  # 17 characters
    refused("buyer_tel", MSG_TEL_SHORT, lambda: parse_tel("123-45"))


def test_email() -> None:
    assert parse_email(" a@b.kr ") == "a@b.kr"
    assert parse_email("") == ""
    local = "a" * (64 - len("@b.kr"))
    assert parse_email(local + "@b.kr") == local + "@b.kr"
    refused("buyer_email", MSG_EMAIL_LONG, lambda: parse_email("a" + local + "@b.kr"))
    for bad in ["a", "a@b", "@b.kr", "a@@b.kr", "a b@c.kr", "a@b.", "a@.kr"]:
        refused("buyer_email", MSG_EMAIL_FORMAT, lambda bad=bad: parse_email(bad))


def test_postcode() -> None:
    assert parse_postcode("06236") == "06236"
    assert parse_postcode("135-080") == "135-080"
    assert parse_postcode("") == ""
    refused("buyer_postcode", MSG_POSTCODE_FORMAT, lambda: parse_postcode("A1234"))
    refused("buyer_postcode", MSG_POSTCODE_LONG, lambda: parse_postcode("123456789"))


def test_order_name() -> None:
    assert parse_order_name(" 꽃다발  2개 ") == "꽃다발 2개"
    assert parse_order_name("x" * 40) == "x" * 40
    refused("order_name", MSG_ORDER_NAME_REQUIRED, lambda: parse_order_name(" "))
    refused("order_name", MSG_ORDER_NAME_LONG, lambda: parse_order_name("x" * 41))


def test_collect_buyer_gathers_every_error_in_order() -> None:
    errors: list[FieldError] = []
    form = {"buyer_name": "", "buyer_tel": "x", "buyer_email": "nope", "buyer_postcode": "ABC"}
    assert collect_buyer(form, errors) is None
    assert [e.field for e in errors] == ["buyer_name", "buyer_tel", "buyer_email", "buyer_postcode"]


def test_collect_buyer_ok() -> None:
    errors: list[FieldError] = []
    buyer = collect_buyer({"buyer_name": "홍길동", "buyer_tel": "010-1234-5678"}, errors)
    assert buyer == Buyer(name="홍길동", tel="010-1234-5678")
    assert buyer is not None
    assert buyer.tel_digits == "01012345678"
    assert errors == []
