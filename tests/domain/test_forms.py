"""Whole-form validation: key-in charge, card registration, billing charge; all errors at once."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.buyer import Buyer
from pos_app.domain.errors import FIELD_ORDER, FieldError, FormErrors
from pos_app.domain.forms import (
    MSG_PRODUCT_TYPE,
    BillingCharge,
    KeyedCharge,
    parse_card_quota_text,
    parse_product_type,
    validate_billing_charge,
    validate_card_registration,
    validate_keyed_charge,
)
from pos_app.domain.ksnet import MSG_QUOTA_MIN_AMOUNT, MSG_QUOTA_NOT_NUMBER, MSG_QUOTA_RANGE
from pos_app.domain.money import MSG_TAX_FREE_RANGE
from pos_app.sandbox.cards import APPROVE_CREDIT

TODAY = date(2026, 11, 26)
# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)
SECRETS = ("4518420000000007", "4518-4200-0000-0007", "900101", "1234567891", "2029-03", "03/29")


def keyed_form(**changes: str) -> dict[str, str]:
    form = {
        "amount": "55,000",
        "tax_free": "5,000",
        "order_name": "꽃다발",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "hong@example.kr",
        "buyer_postcode": "06236",
        "card_number": "4518 4200 0000 0007",
        "expiry": "03/29",
        "birth": "900101",
        "pwd_2digit": "12",
        "card_quota": "3",
        "product_type": "real",
    }
    form.update(changes)
    return form


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_valid_keyed_charge() -> None:
    charge = validate_keyed_charge(keyed_form(), TODAY)
    assert isinstance(charge, KeyedCharge)
    assert (charge.amount, charge.tax_free, charge.vat, charge.card_quota) == (55_000, 5_000, 4_545, 3)
    assert charge.order_name == "꽃다발"
    assert charge.product_type == "real"
    assert charge.buyer == Buyer("홍길동", "010-1234-5678", "hong@example.kr", "06236")
    assert charge.card.number.formatted() == "4518-4200-0000-0007"
    assert charge.card.expiry.formatted() == "2029-03"
    assert (charge.card.birth, charge.card.pwd_2digit) == ("900101", "12")
    assert charge.card_hint == "4518-42**-****-0007"
    assert charge.card.card_company == "신한카드"


def test_keyed_charge_repr_hides_card_data() -> None:
    charge = validate_keyed_charge(keyed_form(), TODAY)
    text = f"{charge!r} {charge} {charge.card!r} {[charge]}"
    assert "CardSecrets(****0007)" in text
    assert_no_secrets(text)
    assert "pwd" not in repr(charge.card)


def test_birth_and_pwd_are_optional_for_key_in() -> None:
    charge = validate_keyed_charge(
        keyed_form(birth="", pwd_2digit="", tax_free="", card_quota="", buyer_email="", buyer_tel=""), TODAY
    )
    assert (charge.card.birth, charge.card.pwd_2digit) == (None, None)
    assert (charge.tax_free, charge.card_quota) == (0, 0)
    assert charge.buyer.tel == ""


def test_missing_keys_count_as_empty() -> None:
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge({}, TODAY)
    assert info.value.fields == (
        "amount",
        "order_name",
        "buyer_name",
        "card_number",
        "expiry",
        "product_type",
    )


def test_every_error_is_reported_in_form_order_without_secrets() -> None:
    form = keyed_form(
        amount="12,000.5",
        order_name="x" * 41,
        buyer_name="",
        buyer_tel="abc",
        buyer_email="no-at",
        buyer_postcode="123456789",
        card_number="4518420000000008",
        expiry="10/26",
        birth="901301",
        pwd_2digit="1",
        card_quota="13",
        product_type="physical",
    )
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(form, TODAY)
    fields = [e.field for e in info.value.errors]
    expected = [f for f in FIELD_ORDER if f not in ("tax_free", "identifier", "customer_uid", "reason")]
    assert fields == expected
    text = f"{info.value} {info.value!r} " + " ".join(f"{e.params}" for e in info.value.errors)
    assert_no_secrets(text)
    assert "4518420000000008" not in text


def test_tax_free_above_amount() -> None:
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(keyed_form(amount="10,000", tax_free="10,001", card_quota="0"), TODAY)
    assert [(e.field, e.message) for e in info.value.errors] == [("tax_free", MSG_TAX_FREE_RANGE)]


def test_tax_free_may_equal_amount() -> None:
    charge = validate_keyed_charge(keyed_form(amount="60,000", tax_free="60,000"), TODAY)
    assert charge.vat == 0


def test_quota_needs_50000() -> None:
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(keyed_form(amount="49,999", tax_free="0"), TODAY)
    assert [(e.field, e.message) for e in info.value.errors] == [("card_quota", MSG_QUOTA_MIN_AMOUNT)]


def test_quota_range_checked_even_when_amount_is_wrong() -> None:
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(keyed_form(amount="", card_quota="1"), TODAY)
    assert [e.field for e in info.value.errors] == ["amount", "card_quota"]
    with pytest.raises(FormErrors) as info:
        validate_keyed_charge(keyed_form(amount="", card_quota="3"), TODAY)
    assert [e.field for e in info.value.errors] == ["amount"]  # tax_free and quota need an amount


@pytest.mark.parametrize(("text", "quota"), [("", 0), ("0", 0), ("일시불", 0), ("3개월", 3), (" 12 ", 12)])
def test_quota_text(text: str, quota: int) -> None:
    assert parse_card_quota_text(text, 100_000) == quota


@pytest.mark.parametrize(
    ("text", "message"), [("abc", MSG_QUOTA_NOT_NUMBER), ("-2", MSG_QUOTA_NOT_NUMBER), ("1", MSG_QUOTA_RANGE)]
)
def test_quota_text_refused(text: str, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_card_quota_text(text, 100_000)
    assert info.value.message == message


def test_product_type() -> None:
    assert parse_product_type("real") == "real"
    assert parse_product_type(" Digital ") == "digital"
    for bad in ["", "physical", "REALLY"]:
        with pytest.raises(FieldError) as info:
            parse_product_type(bad)
        assert info.value.message == MSG_PRODUCT_TYPE


def registration_form(**changes: str) -> dict[str, str]:
    form = {
        "card_number": APPROVE_CREDIT,
        "expiry": "2029-03",
        "birth": "900101",
        "pwd_2digit": "12",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
    }
    form.update(changes)
    return form


def test_card_registration() -> None:
    card, buyer = validate_card_registration(registration_form(), TODAY)
    assert card.number.digits == APPROVE_CREDIT
    assert (card.birth, card.pwd_2digit) == ("900101", "12")
    assert buyer.name == "홍길동"
    assert "900101" not in repr(card)


def test_card_registration_requires_birth_pwd_and_phone() -> None:
    with pytest.raises(FormErrors) as info:
        validate_card_registration(registration_form(birth="", pwd_2digit="", buyer_tel=""), TODAY)
    assert info.value.fields == ("buyer_tel", "birth", "pwd_2digit")


def test_card_registration_accepts_a_business_number() -> None:
    card, _ = validate_card_registration(registration_form(birth="123-45-67891"), TODAY)
    assert card.birth == "1234567891"


def billing_form(**changes: str) -> dict[str, str]:
    form = {"amount": "30000", "order_name": "정기 배송", "buyer_name": "홍길동", "product_type": "digital"}
    form.update(changes)
    return form


def test_billing_charge() -> None:
    charge = validate_billing_charge(billing_form(), "C01-cust-5678-20261126T143205123-n0")
    assert charge == BillingCharge(
        customer_uid="C01-cust-5678-20261126T143205123-n0",
        amount=30_000,
        tax_free=0,
        order_name="정기 배송",
        buyer=Buyer("홍길동"),
        card_quota=0,
        product_type="digital",
    )
    assert charge.vat == 2_727


def test_billing_charge_errors() -> None:
    with pytest.raises(FormErrors) as info:
        validate_billing_charge(billing_form(amount="0", order_name="", card_quota="2"), "bad uid")
    assert info.value.fields == ("amount", "order_name", "customer_uid")


def test_orders_built_directly_keep_the_rules() -> None:
    charge = validate_keyed_charge(keyed_form(), TODAY)
    with pytest.raises(FieldError) as info:
        dataclasses.replace(charge, amount=0)
    assert info.value.field == "amount"
    with pytest.raises(FieldError) as info:
        dataclasses.replace(charge, tax_free=charge.amount + 1)
    assert info.value.field == "tax_free"
    with pytest.raises(FieldError) as info:
        dataclasses.replace(charge, amount=10_000, tax_free=0, card_quota=3)
    assert info.value.field == "card_quota"
    with pytest.raises(FieldError) as info:
        dataclasses.replace(charge, product_type="physical")  # type: ignore[arg-type]
    assert info.value.field == "product_type"
    billing = validate_billing_charge(billing_form(), "C01-cust-5678-20261126T143205123-n0")
    assert dataclasses.replace(billing, customer_uid="").customer_uid == ""  # filled in later by services
    with pytest.raises(FieldError):
        dataclasses.replace(billing, amount=-1)


@NO_DEADLINE
@given(
    card=st.text(alphabet="0123456789 -", min_size=0, max_size=24),
    expiry=st.text(alphabet="0123456789/-", max_size=8),
    birth=st.text(alphabet="0123456789-", max_size=12),
    pwd=st.text(alphabet="0123456789", max_size=3),
)
def test_refusals_never_repeat_typed_secrets(card: str, expiry: str, birth: str, pwd: str) -> None:
    form = keyed_form(card_number=card, expiry=expiry, birth=birth, pwd_2digit=pwd)
    try:
        charge = validate_keyed_charge(form, TODAY)
    except FormErrors as error:
        shown = " ".join([str(error), repr(error)] + [f"{e} {e!r} {e.params} {e.args}" for e in error.errors])
    else:
        # the order's repr shows the card only through the redacted CardSecrets repr
        assert f"card={charge.card!r}" in repr(charge)
        shown = f"{charge.card!r} {charge.card.number!r} {charge.card.expiry!r}"
    for secret in (card, expiry, birth):
        digits = "".join(ch for ch in secret if ch.isdigit())
        # any run of 5+ typed digits (more than the 4 a masked card shows) must not appear
        for start in range(len(digits) - 4):
            assert digits[start : start + 5] not in shown.replace(",", "")
