"""The names and signatures INTERFACES.md promises from pos_app.domain, as other parts call them."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, get_args

import pytest

import pos_app.domain as domain


def test_everything_in_all_is_importable() -> None:
    for name in domain.__all__:
        assert hasattr(domain, name), name


@pytest.mark.parametrize(
    ("function", "parameters"),
    [
        (domain.parse_won, ["text", "field", "allow_zero"]),
        (domain.vat_of, ["amount", "tax_free"]),
        (domain.mask_card_number, ["text"]),
        (domain.guess_card_company, ["digits_or_prefix"]),
        (domain.parse_birth, ["text", "today"]),
        (domain.parse_pwd_2digit, ["text"]),
        (domain.check_card_quota, ["quota", "amount"]),
        (domain.mint_merchant_uid, ["counter_id", "now", "nonce"]),
        (domain.is_valid_merchant_uid, ["s"]),
        (domain.validate_keyed_charge, ["form", "today"]),
        (domain.validate_card_registration, ["form", "today"]),
        (domain.validate_billing_charge, ["form", "customer_uid"]),
        (domain.mint_customer_uid, ["counter_id", "tel", "now", "nonce"]),
        (
            domain.check_cancel,
            ["amount_paid", "cancelled_so_far", "request_amount", "partial_cancels_so_far", "paid_at", "now"],
        ),
        (domain.classify_payment, ["status", "paid_amount", "cancel_amount", "intended_amount"]),
        (domain.parse_identifier, ["text", "kind", "today"]),
    ],
)
def test_signatures(function: Callable[..., Any], parameters: list[str]) -> None:
    assert list(inspect.signature(function).parameters) == parameters


def test_keyword_only_extras() -> None:
    assert inspect.signature(domain.parse_won).parameters["allow_zero"].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(domain.parse_birth).parameters["today"].kind is inspect.Parameter.KEYWORD_ONLY


def test_dataclass_fields() -> None:
    def fields(cls: type) -> list[str]:
        return list(cls.__dataclass_fields__)  # type: ignore[attr-defined]

    assert fields(domain.TaxSplit) == ["amount", "tax_free"]
    assert fields(domain.CardNumber) == ["digits"]
    assert fields(domain.Expiry) == ["year", "month"]
    assert fields(domain.CardSecrets) == ["number", "expiry", "birth", "pwd_2digit"]
    assert fields(domain.Buyer) == ["name", "tel", "email", "postcode"]
    assert fields(domain.KeyedCharge) == [
        "amount",
        "tax_free",
        "order_name",
        "buyer",
        "card",
        "card_quota",
        "product_type",
    ]
    assert fields(domain.BillingCharge) == [
        "customer_uid",
        "amount",
        "tax_free",
        "order_name",
        "buyer",
        "card_quota",
        "product_type",
    ]
    assert fields(domain.ExternalReceiptOrder) == [
        "merchant_uid",
        "order_name",
        "amount",
        "tax_free",
        "identifier",
        "identifier_type",
        "receipt_type",
        "product_type",
        "buyer",
    ]


def test_literals_and_constants() -> None:
    assert get_args(domain.ProductType) == ("real", "digital")
    assert get_args(domain.IdentifierType) == ("phone", "business", "taxcard", "person")
    assert get_args(domain.ReceiptType) == ("person", "company")
    assert domain.SELF_ISSUE_IDENTIFIER == "0100001234"
    assert domain.MAX_WON == 100_000_000_000
