"""Key-in charges (`POST /subscribe/payments/onetime`): KSNET rules, test cards, merchant_uid reuse."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sandbox_helpers import SandboxApi, again_body, dashed, new_uid, onetime_body

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer

ONETIME = "/subscribe/payments/onetime"


@pytest.mark.parametrize(
    "card", [c for c in cards.TEST_CARDS if c.behaviour is cards.Behaviour.APPROVE], ids=lambda c: c.card_name
)
def test_approving_test_cards_are_paid_with_their_company_and_a_mask(
    api: SandboxApi, card: cards.TestCard
) -> None:
    merchant_uid = new_uid()
    payment = api.pay(merchant_uid=merchant_uid, card=card.number, amount=15_000, tax_free=5_000)
    assert payment["merchant_uid"] == merchant_uid
    assert payment["amount"] == 15_000
    assert payment["cancel_amount"] == 0
    assert payment["status"] == "paid"
    assert payment["sandbox"] is True
    assert payment["pay_method"] == "card"
    assert payment["pg_provider"] == "ksnet"
    assert payment["card_code"] == card.card_code
    assert payment["card_name"] == card.card_name
    assert payment["card_type"] == card.card_type
    assert payment["card_number"] == card.number[:6] + "******" + card.number[-4:]
    assert payment["apply_num"].isdigit()
    assert len(payment["apply_num"]) == 8
    assert payment["paid_at"] > 0
    assert payment["failed_at"] == 0
    assert payment["fail_reason"] is None
    assert payment["imp_uid"].startswith("imp_")
    assert len(payment["imp_uid"]) == 16


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (cards.DECLINE_LIMIT, "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과"),
        (cards.DECLINE_LOST, "결제승인에 실패하였습니다. [7001]분실/도난 신고된 카드입니다."),
        (cards.DECLINE_INVALID, "유효하지않은 카드번호를 입력하셨습니다."),
        (cards.DECLINE_UNREACHABLE, "결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)"),
    ],
)
def test_declining_cards_answer_code_minus_one_and_leave_a_failed_payment(
    api: SandboxApi, number: str, message: str
) -> None:
    merchant_uid = new_uid()
    reply = api.post(ONETIME, onetime_body(merchant_uid, card=number))
    assert reply.status_code == 200
    assert reply.json() == {"code": -1, "message": message, "response": None}
    found = api.get(f"/payments/find/{merchant_uid}").json()["response"]
    assert found["status"] == "failed"
    assert found["fail_reason"] == message
    assert found["failed_at"] > 0
    assert found["paid_at"] == 0
    assert found["card_number"] == number[:6] + "******" + number[-4:]


def test_suspended_card_answers_code_zero_with_a_failed_payment(api: SandboxApi) -> None:
    reply = api.post(ONETIME, onetime_body(card=cards.DECLINE_SUSPENDED))
    body = reply.json()
    assert reply.status_code == 200
    assert body["code"] == 0
    assert body["response"]["status"] == "failed"
    assert body["response"]["fail_reason"] == "결제승인에 실패하였습니다. [2005]거래정지된 카드입니다."
    assert body["response"]["apply_num"] == ""


@pytest.mark.parametrize(
    "number",
    ["4518-4200-0000-0008", "1234", "4518-4200-0000-000A", "45184200000000070000"],
    ids=["luhn", "short", "letters", "too-long"],
)
def test_invalid_card_numbers_are_refused_like_portone(api: SandboxApi, number: str) -> None:
    reply = api.post(ONETIME, onetime_body(card_number=number))
    assert reply.json() == {
        "code": -1,
        "message": "유효하지않은 카드번호를 입력하셨습니다.",
        "response": None,
    }


@pytest.mark.parametrize("expiry", ["2020-01", "2031-13", "12/31", "2031"])
def test_past_or_garbled_expiry_is_declined(api: SandboxApi, expiry: str) -> None:
    reply = api.post(ONETIME, onetime_body(expiry=expiry))
    assert reply.json()["code"] == -1
    assert "유효기간" in reply.json()["message"]


def test_expiry_without_dash_and_undashed_number_are_accepted(api: SandboxApi) -> None:
    payment = api.pay(expiry="203112", card_number=cards.APPROVE_SAMSUNG)
    assert payment["card_name"] == "삼성카드"


def test_unknown_luhn_valid_numbers_approve_as_generic_cards(api: SandboxApi) -> None:
    visa = api.pay(card_number=dashed("4111111111111111"))
    assert (visa["card_code"], visa["card_name"]) == ("VIS", "해외비자")
    same_bin = api.pay(card_number=dashed("4518420000000015"))
    assert (same_bin["card_code"], same_bin["card_name"]) == ("366", "신한카드")
    assert same_bin["card_number"] == "451842******0015"


def test_birth_and_pin_digits_are_not_verified_on_key_in(api: SandboxApi) -> None:
    payment = api.pay(birth="000000", pwd_2digit="xx")
    assert payment["status"] == "paid"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"buyer_name": None}, "buyer_name"),
        ({"product_type": None}, "product_type"),
        ({"product_type": "physical"}, "product_type"),
        ({"merchant_uid": ""}, "merchant_uid"),
        ({"merchant_uid": "x" * 41}, "merchant_uid"),
        ({"amount": None}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": "12,000"}, "amount"),
        ({"amount": 100.5}, "amount"),
        ({"tax_free": 12_001}, "tax_free"),
        ({"card_quota": 3}, "50,000"),
        ({"card_quota": 13, "amount": 60_000}, "card_quota"),
        ({"card_number": None}, "card_number"),
        ({"expiry": None}, "expiry"),
        ({"buyer_name": "가" * 17}, "buyer_name"),
        ({"name": "n" * 41}, "name"),
        ({"customer_uid": "cust-1"}, "customer_uid"),
        ({"currency": "EUR"}, "KRW"),
    ],
)
def test_ksnet_parameter_rules_are_400_and_charge_nothing(
    api: SandboxApi, server: SandboxServer, overrides: dict[str, Any], fragment: str
) -> None:
    body = onetime_body(**overrides)
    reply = api.post(ONETIME, body)
    assert reply.status_code == 400
    assert reply.json()["code"] == 1
    assert reply.json()["response"] is None
    assert fragment in reply.json()["message"]
    listing = api.get("/payments/status/all").json()["response"]
    assert listing["total"] == 0


def test_installments_from_fifty_thousand_won(api: SandboxApi) -> None:
    payment = api.pay(amount=50_000, card_quota=3)
    assert payment["card_quota"] == 3


@pytest.mark.parametrize("pg", ["nice.nictest00m", "ksnet.0000000000", "ksnet", "garbage"])
def test_an_unknown_pg_falls_back_to_the_default_channel(api: SandboxApi, pg: str) -> None:
    # the schema: "missing/invalid → the default channel"
    payment = api.pay(pg=pg)
    assert (payment["pg_provider"], payment["pg_id"]) == ("ksnet", "2999199999")


@pytest.mark.parametrize("endpoint", ["onetime", "again"])
def test_a_charge_without_tax_free_is_refused_naming_the_field(api: SandboxApi, endpoint: str) -> None:
    if endpoint == "onetime":
        reply = api.post(ONETIME, onetime_body(tax_free=None))
    else:
        api.register("tax-free-cust")
        reply = api.post("/subscribe/payments/again", again_body("tax-free-cust", tax_free=None))
    assert reply.status_code == 400
    body = reply.json()
    assert (body["code"], body["response"]) == (1, None)
    assert body["message"].startswith("KSNET 결제 시 면세금액(tax_free)은 필수입니다.")
    assert api.get("/payments/status/all").json()["response"]["total"] == 0


def test_a_paid_merchant_uid_cannot_be_paid_again(api: SandboxApi) -> None:
    merchant_uid = new_uid()
    first = api.pay(merchant_uid=merchant_uid)
    again = api.post(ONETIME, onetime_body(merchant_uid))
    assert again.status_code == 200
    assert again.json()["code"] == 1
    assert again.json()["response"] is None
    assert "이미 결제가 완료된" in again.json()["message"]
    listing = api.get(f"/payments/findAll/{merchant_uid}").json()["response"]
    assert [p["imp_uid"] for p in listing["list"]] == [first["imp_uid"]]


def test_a_failed_merchant_uid_can_be_retried(api: SandboxApi) -> None:
    merchant_uid = new_uid()
    declined = api.post(ONETIME, onetime_body(merchant_uid, card=cards.DECLINE_LIMIT))
    assert declined.json()["code"] == -1
    paid = api.pay(merchant_uid=merchant_uid, card=cards.APPROVE_HANA)
    listing = api.get(f"/payments/findAll/{merchant_uid}").json()["response"]
    assert listing["total"] == 2
    assert {p["status"] for p in listing["list"]} == {"paid", "failed"}
    assert api.get(f"/payments/find/{merchant_uid}/paid").json()["response"]["imp_uid"] == paid["imp_uid"]


def test_full_card_numbers_are_never_stored_or_echoed(
    api: SandboxApi, server: SandboxServer, tmp_path: Any
) -> None:
    api.pay(card=cards.APPROVE_LOTTE)
    api.register("cust-full-number", card=cards.APPROVE_WOORI)
    everything = json.dumps([entry.to_json() for entry in server.ledger()], ensure_ascii=False)
    everything += api.get("/payments/status/all").text + api.get("/subscribe/customers/cust-full-number").text
    for number in (cards.APPROVE_LOTTE, cards.APPROVE_WOORI):
        assert number not in everything
        assert dashed(number) not in everything
    assert "900101" not in everything  # birth from billing_key_body
    assert "2031-12" not in everything  # expiry


def test_usd_only_with_foreign_cards(api: SandboxApi) -> None:
    domestic = api.post(ONETIME, onetime_body(currency="USD", amount=10))
    assert domestic.json()["code"] == -1
    assert "해외카드" in domestic.json()["message"]
    foreign = api.pay(currency="USD", amount=10, card_number=dashed("5555555555554444"))
    assert (foreign["currency"], foreign["card_name"]) == ("USD", "해외마스터")


def test_overlong_ids_are_400(api: SandboxApi) -> None:
    assert api.post(f"/subscribe/customers/{'c' * 81}", {"card_number": "x"}).status_code == 400
    assert api.post(f"/receipts/external/{'m' * 41}", {"identifier": "0100001234"}).status_code == 400
