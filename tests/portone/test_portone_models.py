"""Lenient but never wrong parsing of PortOne objects; request objects keep card data out of reprs."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from portone_fakes import load_fixture

from pos_app.portone.errors import MalformedReply
from pos_app.portone.json_fields import opt_bool, opt_int, opt_str
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    Customer,
    ExternalReceiptRequest,
    OnetimeRequest,
    Payment,
    Receipt,
    ReceiptRequest,
    Token,
)


def _payment(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = load_fixture("payment_paid")["body"]["response"]
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def test_a_recorded_payment_reads_completely() -> None:
    p = Payment.from_json(_payment())
    assert (p.imp_uid, p.merchant_uid, p.amount, p.cancel_amount, p.currency) == (
        "imp_123456789012",
        "C01-20261126T143205123-k3f9",
        12000,
        0,
        "KRW",
    )
    assert (p.status, p.sandbox, p.pg_provider, p.pg_id, p.card_quota, p.card_type) == (
        "paid",
        True,
        "ksnet",
        "2999199999",
        0,
        0,
    )
    assert p.remaining == 12000
    assert p.cancelled_at is None
    assert p.cancel_history == ()


def test_unknown_fields_are_ignored() -> None:
    p = Payment.from_json(_payment(promotion={"id": "x", "discount": 1000}, brand_new_field=[1, 2, 3]))
    assert p.amount == 12000


def test_numeric_strings_and_integral_floats_are_accepted() -> None:
    p = Payment.from_json(
        _payment(amount="12000", cancel_amount=0.0, paid_at="1764135126", card_type="1", card_quota=" 3 ")
    )
    assert (p.amount, p.cancel_amount, p.paid_at, p.card_type, p.card_quota) == (12000, 0, 1764135126, 1, 3)


def test_missing_optional_fields_are_tolerated() -> None:
    minimal = {"imp_uid": "imp_1", "merchant_uid": "m", "amount": 1000, "cancel_amount": 0, "status": "paid"}
    p = Payment.from_json(minimal)
    assert p.sandbox is False  # replies from before the field existed are live payments
    assert p.currency == "KRW"
    assert p.card_name is None
    assert p.card_quota == 0


def test_an_approval_number_sent_as_a_number_is_read_as_text() -> None:
    assert Payment.from_json(_payment(apply_num=30012345)).apply_num == "30012345"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "만이천원"),
        ("amount", 12000.5),
        ("amount", "12000.5"),
        ("amount", True),
        ("amount", None),
        ("amount", float("nan")),
        ("cancel_amount", None),
        ("imp_uid", None),
        ("imp_uid", ""),
        ("merchant_uid", {"a": 1}),
        ("status", 1.5),
        ("status", None),
        ("card_type", [0]),
        ("sandbox", "maybe"),
        ("sandbox", 2),
        ("cancel_history", "none"),
        ("cancel_history", ["x"]),
        ("cancel_history", [{"amount": None}]),
        ("card_name", {"name": "x"}),
        ("card_name", False),
    ],
)
def test_values_that_cannot_be_read_raise_malformed_naming_the_field_not_the_value(
    field: str, value: Any
) -> None:
    with pytest.raises(MalformedReply) as caught:
        Payment.from_json(_payment(**{field: value}))
    text = str(caught.value)
    assert "만이천원" not in text
    assert field in text or "cancel_history" in text or "amount" in text


def test_customer_and_receipt_read_leniently() -> None:
    c = Customer.from_json({"customer_uid": "C01-x", "inserted": "1764135200", "unknown": 1})
    assert (c.customer_uid, c.inserted, c.updated, c.sandbox) == ("C01-x", 1764135200, None, False)
    r = Receipt.from_json({"merchant_uid": "C01-cash", "amount": "55000", "vat": 5000, "cancelled_at": 0})
    assert (r.merchant_uid, r.imp_uid, r.amount, r.is_cancelled) == ("C01-cash", None, 55000, False)
    with pytest.raises(MalformedReply):
        Receipt.from_json({"amount": 1000})
    with pytest.raises(MalformedReply):
        Customer.from_json({"card_name": "x"})


def test_token_repr_hides_the_token() -> None:
    t = Token.from_json({"access_token": "secret-token-value", "now": "10", "expired_at": 1810})
    assert "secret-token-value" not in repr(t)
    assert t.lifetime == 1800


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip_in_every_form_portone_has_used(n: int) -> None:
    for form in (n, str(n), float(n) if abs(n) < 2**53 else n, f" {n} ", f"{n}.0"):
        assert opt_int({"v": form}, "v") == n


@given(st.text())
def test_text_is_an_integer_only_when_it_is_one(text: str) -> None:
    try:
        value = opt_int({"v": text}, "v")
    except MalformedReply:
        return
    if value is None:
        assert text.strip() == ""
    else:
        assert Decimal(text.strip()) == value


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.lists(st.integers())))
def test_readers_never_raise_anything_but_malformed(value: object) -> None:
    for reader in (opt_int, opt_str, opt_bool):
        with contextlib.suppress(MalformedReply):
            reader({"v": value}, "v")


# --------------------------------------------------------------------------------------- requests

CARD = "4518-4200-0000-0007"


def test_card_data_never_shows_in_request_reprs() -> None:
    onetime = OnetimeRequest("C01-m", 12000, 0, "주문", CARD, "2028-03", "880101", "12", "김하나")
    billing = BillingKeyRequest(CARD, "2028-03", "880101", "12", "김하나")
    for obj in (onetime, billing):
        for text in (repr(obj), str(obj), f"{obj}", repr([obj])):
            assert "4518-4200" not in text
            assert "4518420000000007" not in text
            assert "2028-03" not in text
            assert "880101" not in text
            assert "****0007" in text


def test_receipt_identifiers_never_show_in_reprs() -> None:
    r = ReceiptRequest("8801011234567", "person", "person", "real", "김하나")
    e = ExternalReceiptRequest("현금", 1000, "01012345678", "phone", "person", "real", "김하나")
    assert "8801011234567" not in repr(r)
    assert "01012345678" not in repr(e)


@pytest.mark.parametrize(
    "build",
    [
        lambda: OnetimeRequest("m", 0, 0, "n", CARD, "2028-03", None, None, "b"),
        lambda: OnetimeRequest("m", 1000, 1001, "n", CARD, "2028-03", None, None, "b"),
        lambda: OnetimeRequest("m", 1000, -1, "n", CARD, "2028-03", None, None, "b"),
        lambda: OnetimeRequest("m", 1000, 0, "n", CARD, "2028-03", None, None, "b", product_type="physical"),  # type: ignore[arg-type]
        lambda: AgainRequest("c", "m", True, 0, "n", "b"),
        lambda: CancelRequest(amount=1000),
        lambda: CancelRequest(imp_uid="imp_1", amount=-5),
        lambda: ExternalReceiptRequest("n", 1000, "0101", "phone", "person", "real", "b", tax_free=2000),
    ],
)
def test_requests_refuse_impossible_values(build: Any) -> None:
    with pytest.raises(ValueError, match=r"amount|tax_free|product_type|imp_uid|negative") as caught:
        build()
    assert CARD not in str(caught.value)


def test_cancel_body_leaves_out_what_was_not_given() -> None:
    assert CancelRequest(merchant_uid="C01-m").body() == {"merchant_uid": "C01-m"}
    assert CancelRequest(imp_uid="imp_1", amount=0, checksum=0, reason="전액").body() == {
        "imp_uid": "imp_1",
        "amount": 0,
        "checksum": 0,
        "reason": "전액",
    }
