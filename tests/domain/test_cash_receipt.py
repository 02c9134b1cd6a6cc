"""Cash receipt identifiers per kind, the external receipt order and its redacted repr."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from pos_app.domain.buyer import Buyer
from pos_app.domain.cash_receipt import (
    MSG_IDENTIFIER_BUSINESS,
    MSG_IDENTIFIER_DIGITS,
    MSG_IDENTIFIER_PERSON,
    MSG_IDENTIFIER_PHONE,
    MSG_IDENTIFIER_REQUIRED,
    MSG_IDENTIFIER_TAXCARD,
    MSG_IDENTIFIER_TYPE,
    MSG_RECEIPT_TYPE,
    MSG_SELF_ISSUE_NOT_FOR_COMPANY,
    SELF_ISSUE_IDENTIFIER,
    ExternalReceiptOrder,
    IdentifierType,
    identifier_hint,
    parse_identifier,
    validate_external_receipt,
)
from pos_app.domain.errors import FieldError, FormErrors

TODAY = date(2026, 11, 26)
UID = "C01-20261126T143205123-k3f9"


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("010-1234-5678", "phone", "01012345678"),
        ("011 123 4567", "phone", "0111234567"),
        ("0100001234", "phone", SELF_ISSUE_IDENTIFIER),
        ("123-45-67891", "business", "1234567891"),
        ("1234 5678 9012 3", "taxcard", "1234567890123"),
        ("1234567890123456789", "taxcard", "1234567890123456789"),
        ("900101-1234567", "person", "9001011234567"),
        ("050101-3234567", "person", "0501013234567"),
        ("900101-5234567", "person", "9001015234567"),  # foreign resident, born 1900s
    ],
)
def test_identifier_accepted(text: str, kind: IdentifierType, expected: str) -> None:
    assert parse_identifier(text, kind, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("", "phone", MSG_IDENTIFIER_REQUIRED),
        ("010-1234-567O", "phone", MSG_IDENTIFIER_DIGITS),
        ("02-123-4567", "phone", MSG_IDENTIFIER_PHONE),
        ("010123456", "phone", MSG_IDENTIFIER_PHONE),
        ("010123456789", "phone", MSG_IDENTIFIER_PHONE),
        ("1234567890", "business", MSG_IDENTIFIER_BUSINESS),
        ("123456789", "business", MSG_IDENTIFIER_BUSINESS),
        ("123456789012", "taxcard", MSG_IDENTIFIER_TAXCARD),
        ("12345678901234567890", "taxcard", MSG_IDENTIFIER_TAXCARD),
        ("901301-1234567", "person", MSG_IDENTIFIER_PERSON),
        ("900101-9234567", "person", MSG_IDENTIFIER_PERSON),
        ("300101-3234567", "person", MSG_IDENTIFIER_PERSON),  # born 2030: in the future
        ("900101123456", "person", MSG_IDENTIFIER_PERSON),
        ("01012345678", "email", MSG_IDENTIFIER_TYPE),
    ],
)
def test_identifier_refused(text: str, kind: IdentifierType, message: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_identifier(text, kind, today=TODAY)
    assert (info.value.field, info.value.message) == ("identifier", message)


def test_identifier_hint() -> None:
    assert identifier_hint("01012345678") == "*******5678"
    assert identifier_hint("1234") == "****"
    assert identifier_hint("") == ""


def receipt_form(**changes: str) -> dict[str, str]:
    form = {
        "amount": "33,000",
        "tax_free": "0",
        "order_name": "현금 판매",
        "buyer_name": "홍길동",
        "product_type": "real",
        "identifier": "010-1234-5678",
        "identifier_type": "phone",
        "receipt_type": "person",
    }
    form.update(changes)
    return form


def test_external_receipt_order() -> None:
    order = validate_external_receipt(receipt_form(), UID, today=TODAY)
    assert order == ExternalReceiptOrder(
        merchant_uid=UID,
        order_name="현금 판매",
        amount=33_000,
        tax_free=0,
        identifier="01012345678",
        identifier_type="phone",
        receipt_type="person",
        product_type="real",
        buyer=Buyer("홍길동"),
    )
    assert order.vat == 3_000
    assert "01012345678" not in repr(order)
    assert "*******5678" in repr(order)


def test_empty_identifier_is_self_issue() -> None:
    order = validate_external_receipt(receipt_form(identifier="", identifier_type=""), UID, today=TODAY)
    assert (order.identifier, order.identifier_type) == (SELF_ISSUE_IDENTIFIER, "phone")


def test_company_receipt_with_business_number() -> None:
    order = validate_external_receipt(
        receipt_form(identifier="123-45-67891", identifier_type="business", receipt_type="company"),
        UID,
        today=TODAY,
    )
    assert (order.identifier, order.receipt_type) == ("1234567891", "company")


def test_external_receipt_collects_all_errors() -> None:
    form = receipt_form(
        amount="", order_name="", buyer_name="", product_type="", identifier="123", receipt_type="other"
    )
    with pytest.raises(FormErrors) as info:
        validate_external_receipt(form, UID, today=TODAY)
    assert [(e.field, e.message) for e in info.value.errors][-2:] == [
        ("identifier", MSG_IDENTIFIER_PHONE),
        ("identifier", MSG_RECEIPT_TYPE),
    ]
    assert info.value.fields == ("amount", "order_name", "buyer_name", "product_type", "identifier")


def test_external_receipt_refuses_a_bad_merchant_uid_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="merchant_uid"):
        validate_external_receipt(receipt_form(), "not valid!", today=TODAY)


def test_order_built_directly_keeps_the_rules() -> None:
    order = validate_external_receipt(receipt_form(), UID, today=TODAY)
    with pytest.raises(FieldError):
        dataclasses.replace(order, tax_free=order.amount + 1)
    with pytest.raises(ValueError, match="merchant_uid"):
        dataclasses.replace(order, merchant_uid="x" * 41)


def test_self_issue_is_not_for_expense_proof() -> None:
    with pytest.raises(FormErrors) as info:
        validate_external_receipt(receipt_form(identifier="", receipt_type="company"), UID, today=TODAY)
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("identifier", MSG_SELF_ISSUE_NOT_FOR_COMPANY)
    ]
