"""Old public V1 clients: form-encoded bodies, the bare token header and `name[]` array parameters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer


@pytest.fixture
def old_client(server: SandboxServer) -> Iterator[requests.Session]:
    session = requests.Session()
    reply = session.post(
        f"{server.base_url}/users/getToken",
        data={"imp_key": server.imp_key, "imp_secret": server.imp_secret},
        timeout=10,
    )
    assert reply.status_code == 200
    session.headers["Authorization"] = reply.json()["response"]["access_token"]  # bare, like iamport clients
    try:
        yield session
    finally:
        session.close()


def test_form_bodies_bare_token_and_array_params(old_client: requests.Session, server: SandboxServer) -> None:
    url = server.base_url
    first = old_client.post(
        f"{url}/subscribe/payments/onetime",
        data={
            "merchant_uid": "old-1",
            "amount": "12000",
            "tax_free": "0",
            "card_number": "4518-4200-0000-0007",
            "expiry": "2031-12",
            "birth": "900101",
            "pwd_2digit": "12",
            "name": "주문",
            "buyer_name": "홍길동",
            "product_type": "real",
            "card_quota": "0",
        },
        timeout=10,
    ).json()
    assert first["code"] == 0
    assert first["response"]["amount"] == 12_000
    registered = old_client.post(
        f"{url}/subscribe/customers/old-cust",
        data={
            "card_number": "4579-7300-0000-0005",
            "expiry": "2031-12",
            "birth": "900101",
            "pwd_2digit": "12",
        },
        timeout=10,
    ).json()
    assert registered["code"] == 0
    second = old_client.post(
        f"{url}/subscribe/payments/again",
        data={
            "customer_uid": "old-cust",
            "merchant_uid": "old-2",
            "amount": "5000",
            "tax_free": "0",
            "name": "정기",
            "buyer_name": "김단골",
            "product_type": "digital",
        },
        timeout=10,
    ).json()
    assert second["code"] == 0

    many = old_client.get(
        f"{url}/payments?imp_uid[]={first['response']['imp_uid']}&imp_uid[]={second['response']['imp_uid']}",
        timeout=10,
    )
    assert many.status_code == 200
    assert {p["merchant_uid"] for p in many.json()["response"]} == {"old-1", "old-2"}
    keys = old_client.get(f"{url}/subscribe/customers", params=[("customer_uid[]", "old-cust")], timeout=10)
    assert keys.status_code == 200
    assert keys.json()["response"][0]["card_name"] == "KB국민카드"

    found = old_client.get(f"{url}/payments/find/old-1", timeout=10).json()["response"]
    cancel = old_client.post(
        f"{url}/payments/cancel",
        data={
            "merchant_uid": "old-1",
            "amount": "2000",
            "checksum": "12000",
            "reason": "부분 환불",
        },
        timeout=10,
    ).json()
    assert cancel["code"] == 0
    assert cancel["response"]["imp_uid"] == found["imp_uid"]
    assert cancel["response"]["cancel_amount"] == 2_000

    deleted = old_client.delete(
        f"{url}/subscribe/customers/old-cust",
        params={"reason": "해지", "extra[requester]": "admin"},
        timeout=10,
    )
    assert deleted.status_code == 200
    entry = [e for e in server.ledger() if e.method == "DELETE"][-1]
    assert entry.query == {"reason": "해지", "extra": {"requester": "admin"}}


def test_form_body_without_content_type_is_still_read(server: SandboxServer) -> None:
    reply = requests.post(
        f"{server.base_url}/users/getToken",
        data=f"imp_key={server.imp_key}&imp_secret={server.imp_secret}".encode(),
        headers={"Content-Type": ""},
        timeout=10,
    )
    assert reply.status_code == 200


def test_broken_json_body_is_400(server: SandboxServer) -> None:
    reply = requests.post(
        f"{server.base_url}/users/getToken",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert reply.status_code == 400
    assert reply.json()["code"] == 1
    array = requests.post(f"{server.base_url}/users/getToken", json=[1, 2], timeout=10)
    assert array.status_code == 400


def test_undashed_numbers_from_old_java_samples(old_client: requests.Session, server: SandboxServer) -> None:
    reply = old_client.post(
        f"{server.base_url}/subscribe/payments/onetime",
        json={
            "merchant_uid": "java-1",
            "amount": 1000,
            "tax_free": 0,
            "card_number": cards.APPROVE_NH,
            "expiry": "203112",
            "buyer_name": "자바",
            "product_type": "real",
        },
        timeout=10,
    ).json()
    assert reply["code"] == 0
    assert reply["response"]["card_name"] == "NH농협카드"
