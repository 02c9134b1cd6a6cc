"""Cash receipts: per payment (`/receipts/{imp_uid}`, transfer payments only) and external ones."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import SandboxApi, new_uid

from pos_app.sandbox.server import SandboxServer


def receipt_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "identifier": "01012345678",
        "identifier_type": "phone",
        "type": "person",
        "buyer_name": "이체고객",
        "product_type": "real",
        "tax_free": 0,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def external_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "channel_key": "channel-key-sandbox-ksnet",
        **receipt_body(),
        "name": "현금 판매",
        "amount": 33_000,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def test_receipt_for_a_transfer_payment_issue_read_cancel_reissue(
    api: SandboxApi, server: SandboxServer
) -> None:
    imp_uid = server.make_transfer_payment(new_uid(), 22_000, "이체고객", tax_free=0)
    issued = api.post(f"/receipts/{imp_uid}", receipt_body(type="company")).json()
    assert issued["code"] == 0
    receipt = issued["response"]
    assert receipt["imp_uid"] == imp_uid
    assert receipt["amount"] == 22_000
    assert receipt["vat"] == 2_000
    assert receipt["type"] == "company"
    assert receipt["apply_num"].isdigit()
    assert receipt["cancelled_at"] == 0
    assert receipt["applied_at"] == int(server.now())
    payment = api.get(f"/payments/{imp_uid}", params={"include_sandbox": "true"}).json()["response"]
    assert payment["cash_receipt_issued"] is True
    assert payment["pay_method"] == "trans"

    assert api.get(f"/receipts/{imp_uid}").json()["response"] == receipt
    second = api.post(f"/receipts/{imp_uid}", receipt_body())
    assert second.status_code == 400
    assert "이미 현금영수증" in second.json()["message"]

    cancelled = api.delete(f"/receipts/{imp_uid}").json()["response"]
    assert cancelled["cancelled_at"] > 0
    assert api.delete(f"/receipts/{imp_uid}").status_code == 400
    # After a partial refund the receipt is re-issued for what is left (KSNET's correction path).
    api.post("/payments/cancel", {"imp_uid": imp_uid, "amount": 11_000})
    reissued = api.post(f"/receipts/{imp_uid}", receipt_body(tax_free=1_000)).json()["response"]
    assert reissued["amount"] == 11_000
    assert reissued["vat"] == 909
    assert reissued["apply_num"] != receipt["apply_num"]


def test_card_payment_gets_no_cash_receipt(api: SandboxApi) -> None:
    payment = api.pay()
    reply = api.post(f"/receipts/{payment['imp_uid']}", receipt_body())
    assert reply.status_code == 400
    assert reply.json()["code"] != 0
    assert "계좌이체 또는 가상계좌" in reply.json()["message"]


def test_fully_cancelled_transfer_payment_gets_no_receipt(api: SandboxApi, server: SandboxServer) -> None:
    imp_uid = server.make_transfer_payment(new_uid(), 5_000, "이체고객")
    api.post("/payments/cancel", {"imp_uid": imp_uid})
    assert api.post(f"/receipts/{imp_uid}", receipt_body()).status_code == 400


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"identifier": None}, "identifier"),
        ({"identifier": "010-1234-5678"}, "숫자"),
        ({"identifier_type": "card"}, "identifier_type"),
        ({"type": "other"}, "type"),
        ({"buyer_name": None}, "buyer_name"),
        ({"product_type": None}, "product_type"),
    ],
)
def test_receipt_parameter_rules(
    api: SandboxApi, server: SandboxServer, overrides: dict[str, Any], fragment: str
) -> None:
    imp_uid = server.make_transfer_payment(new_uid(), 5_000, "이체고객")
    reply = api.post(f"/receipts/{imp_uid}", receipt_body(**overrides))
    assert reply.status_code == 400
    assert fragment in reply.json()["message"]
    external = api.post(f"/receipts/external/{new_uid()}", external_body(**overrides))
    assert external.status_code == 400
    assert fragment in external.json()["message"]


def test_unknown_payment_receipts_are_404(api: SandboxApi) -> None:
    assert api.get("/receipts/imp_000000000000").status_code == 404
    assert api.post("/receipts/imp_000000000000", receipt_body()).status_code == 404
    assert api.delete("/receipts/imp_000000000000").status_code == 400


def test_external_receipt_issue_read_cancel_and_duplicate_guard(api: SandboxApi) -> None:
    merchant_uid = new_uid("CASH")
    issued = api.post(
        f"/receipts/external/{merchant_uid}", external_body(amount=33_000, tax_free=3_000)
    ).json()
    assert issued["code"] == 0
    receipt = issued["response"]
    assert receipt["merchant_uid"] == merchant_uid
    assert receipt["amount"] == 33_000
    assert receipt["vat"] == 2_727
    assert receipt["type"] == "person"
    assert api.get(f"/receipts/external/{merchant_uid}").json()["response"] == receipt

    duplicate = api.post(f"/receipts/external/{merchant_uid}", external_body())
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] != 0
    assert "이미 현금영수증" in duplicate.json()["message"]

    cancelled = api.delete(f"/receipts/external/{merchant_uid}").json()["response"]
    assert cancelled["cancelled_at"] > 0
    assert api.delete(f"/receipts/external/{merchant_uid}").status_code == 400
    # Still a duplicate after cancelling: the merchant_uid stays used.
    assert api.post(f"/receipts/external/{merchant_uid}", external_body()).status_code == 400


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"name": None}, "name"),
        ({"amount": None}, "amount"),
        ({"amount": 0}, "amount"),
        ({"tax_free": 40_000}, "tax_free"),
        ({"channel_key": "nope"}, "channel_key"),
        ({"tax_free": None}, "면세금액(tax_free)은 필수"),
    ],
)
def test_external_receipt_parameter_rules(api: SandboxApi, overrides: dict[str, Any], fragment: str) -> None:
    merchant_uid = new_uid()
    reply = api.post(f"/receipts/external/{merchant_uid}", external_body(**overrides))
    assert reply.status_code == 400
    assert fragment in reply.json()["message"]
    assert api.get(f"/receipts/external/{merchant_uid}").status_code == 404


def test_external_receipt_unknown_is_404(api: SandboxApi) -> None:
    assert api.get("/receipts/external/none").status_code == 404
    assert api.delete("/receipts/external/none").status_code == 404


def test_external_receipt_without_channel_key_uses_the_channel_and_ignores_an_old_pg(api: SandboxApi) -> None:
    # the 2026 schema dropped pg here; whether PortOne enforces channel_key is unconfirmed (channels.py)
    for body in (external_body(channel_key=None, pg="ksnet"), external_body(channel_key=None, pg="nice")):
        assert api.post(f"/receipts/external/{new_uid()}", body).json()["code"] == 0


def test_a_receipt_for_a_payment_needs_tax_free(api: SandboxApi, server: SandboxServer) -> None:
    imp_uid = server.make_transfer_payment(new_uid(), 22_000, "이체고객")
    refused = api.post(f"/receipts/{imp_uid}", receipt_body(tax_free=None))
    assert refused.status_code == 400
    assert refused.json()["message"].startswith("KSNET 현금영수증 발행 시 면세금액(tax_free)은 필수입니다.")
    assert api.get(f"/receipts/{imp_uid}").status_code == 404
