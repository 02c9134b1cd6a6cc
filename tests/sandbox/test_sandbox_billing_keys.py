"""Billing keys (`/subscribe/customers…`) and charging them (`POST /subscribe/payments/again`)."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import SandboxApi, again_body, billing_key_body, new_uid

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer

AGAIN = "/subscribe/payments/again"


def test_issue_read_charge_delete(api: SandboxApi, server: SandboxServer) -> None:
    customer = api.register("cust-1", card=cards.APPROVE_CHECK)
    assert customer["customer_uid"] == "cust-1"
    assert customer["pg_provider"] == "ksnet"
    assert customer["pg_id"] == "2999199999"
    assert customer["sandbox"] is True
    assert customer["card_name"] == "KB국민카드"
    assert customer["card_code"] == "381"
    assert customer["card_type"] == 1
    assert customer["card_number"] == "457973******0005"
    assert customer["customer_name"] == "김단골"
    assert customer["inserted"] == customer["updated"] == int(server.now())

    assert api.get("/subscribe/customers/cust-1").json()["response"] == customer

    merchant_uid = new_uid()
    paid = api.post(AGAIN, again_body("cust-1", merchant_uid, amount=55_000, card_quota=2)).json()
    assert paid["code"] == 0
    payment = paid["response"]
    assert payment["status"] == "paid"
    assert payment["customer_uid"] == "cust-1"
    assert payment["customer_uid_usage"] == "payment"
    assert payment["card_number"] == "457973******0005"
    assert payment["card_quota"] == 2
    assert payment["amount"] == 55_000

    history = api.get("/subscribe/customers/cust-1/payments").json()["response"]
    assert [p["imp_uid"] for p in history["list"]] == [payment["imp_uid"]]

    deleted = api.delete("/subscribe/customers/cust-1", params={"reason": "고객 요청"})
    assert deleted.status_code == 200
    assert deleted.json()["response"]["customer_uid"] == "cust-1"
    gone = api.get("/subscribe/customers/cust-1")
    assert gone.status_code == 404
    assert gone.json() == {
        "code": 1,
        "message": "요청하신 customer_uid(cust-1)로 등록된 정보를 찾을 수 없습니다.",
        "response": None,
    }
    refused = api.post(AGAIN, again_body("cust-1")).json()
    assert refused == {"code": 1, "message": "등록되지 않은 구매자입니다.", "response": None}


def test_reissue_replaces_the_card_and_keeps_inserted(api: SandboxApi, server: SandboxServer) -> None:
    first = api.register("cust-2", card=cards.APPROVE_CHECK)
    server.advance_clock(60)
    second = api.register("cust-2", card=cards.APPROVE_HYUNDAI)
    assert second["card_name"] == "현대카드"
    assert second["inserted"] == first["inserted"]
    assert second["updated"] == first["inserted"] + 60


def test_failed_reissue_keeps_the_old_key(api: SandboxApi) -> None:
    api.register("cust-3", card=cards.APPROVE_CHECK)
    failed = api.post("/subscribe/customers/cust-3", billing_key_body(card=cards.DECLINE_LOST)).json()
    assert failed["code"] == -1
    assert api.get("/subscribe/customers/cust-3").json()["response"]["card_name"] == "KB국민카드"


@pytest.mark.parametrize(
    ("overrides", "status", "code", "fragment"),
    [
        ({"birth": None}, 400, 1, "birth"),
        ({"pwd_2digit": None}, 400, 1, "pwd_2digit"),
        ({"card_number": None}, 400, 1, "card_number"),
        ({"expiry": None}, 400, 1, "expiry"),
        ({"channel_key": "channel-key-other"}, 400, 1, "channel_key"),
        ({"birth": "90011"}, 200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다."),
        ({"pwd_2digit": "1"}, 200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다."),
        ({"expiry": "2019-01"}, 200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다."),
        ({"card_number": "4518-4200-0000-0001"}, 200, -1, "유효하지않은 카드번호를 입력하셨습니다."),
        ({"card": cards.DECLINE_INVALID}, 200, -1, "유효하지않은 카드번호를 입력하셨습니다."),
        ({"card": cards.DECLINE_LOST}, 200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다. [7001]"),
        ({"card": cards.DECLINE_UNREACHABLE}, 200, -1, "카드정보 인증 및 빌키 발급에 실패하였습니다. [9981]"),
    ],
)
def test_issue_refusals(
    api: SandboxApi, overrides: dict[str, Any], status: int, code: int, fragment: str
) -> None:
    reply = api.post("/subscribe/customers/cust-bad", billing_key_body(**overrides))
    assert reply.status_code == status
    assert reply.json()["code"] == code
    assert reply.json()["response"] is None
    assert fragment in reply.json()["message"]
    assert api.get("/subscribe/customers/cust-bad").status_code == 404


def test_channel_key_may_be_omitted(api: SandboxApi) -> None:
    assert api.register("cust-nokey", channel_key=None)["customer_uid"] == "cust-nokey"


def test_limit_card_registers_but_its_charge_is_declined(api: SandboxApi) -> None:
    api.register("cust-limit", card=cards.DECLINE_LIMIT)
    merchant_uid = new_uid()
    declined = api.post(AGAIN, again_body("cust-limit", merchant_uid)).json()
    assert declined == {
        "code": -1,
        "message": "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
        "response": None,
    }
    failed = api.get(f"/payments/find/{merchant_uid}").json()["response"]
    assert failed["status"] == "failed"
    assert failed["customer_uid"] == "cust-limit"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"name": None}, "name"),
        ({"buyer_name": None}, "buyer_name"),
        ({"product_type": None}, "product_type"),
        ({"card_quota": 2}, "50,000"),
        ({"tax_free": 30_001}, "tax_free"),
        ({"customer_uid": ""}, "customer_uid"),
    ],
)
def test_again_parameter_rules(api: SandboxApi, overrides: dict[str, Any], fragment: str) -> None:
    api.register("cust-rules")
    body = {**again_body("cust-rules"), **overrides}
    body = {key: value for key, value in body.items() if value is not None}
    reply = api.post(AGAIN, body)
    assert reply.status_code == 400
    assert fragment in reply.json()["message"]


def test_again_refuses_a_paid_merchant_uid(api: SandboxApi) -> None:
    api.register("cust-dup")
    merchant_uid = new_uid()
    assert api.post(AGAIN, again_body("cust-dup", merchant_uid)).json()["code"] == 0
    second = api.post(AGAIN, again_body("cust-dup", merchant_uid)).json()
    assert second["code"] == 1
    assert "이미 결제가 완료된" in second["message"]


def test_multi_lookup_200_207_404(api: SandboxApi) -> None:
    api.register("cust-a")
    api.register("cust-b", card=cards.APPROVE_BC)
    both = api.get("/subscribe/customers", params={"customer_uid[]": ["cust-a", "cust-b"]})
    assert both.status_code == 200
    assert [c["customer_uid"] for c in both.json()["response"]] == ["cust-a", "cust-b"]
    some = api.get("/subscribe/customers", params={"customer_uid[]": ["cust-a", "cust-missing"]})
    assert some.status_code == 207
    assert [c["customer_uid"] for c in some.json()["response"]] == ["cust-a"]
    none = api.get("/subscribe/customers", params={"customer_uid[]": ["cust-x"]})
    assert none.status_code == 404
    assert none.json()["code"] != 0
    missing = api.get("/subscribe/customers")
    assert missing.status_code == 400


def test_delete_and_payments_of_unknown_customer_are_404(api: SandboxApi) -> None:
    assert api.delete("/subscribe/customers/nobody").status_code == 404
    assert api.get("/subscribe/customers/nobody/payments").status_code == 404
