"""Each endpoint: the path, method, query, body and timeouts the client sends, and what it returns."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from portone_fakes import BASE_URL, CHANNEL_KEY, PG, FakePortOne, Reply, load_fixture, make_session
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pos_app.portone.client import ChannelConfig, PortOneClient
from pos_app.portone.errors import NotFound, OutcomeUnknown
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    OnetimeRequest,
    ReceiptRequest,
)

ONETIME = OnetimeRequest(
    merchant_uid="C01-20261126T143205123-k3f9",
    amount=12000,
    tax_free=2000,
    name="꽃다발 배송 주문",
    card_number="4518-4200-0000-0007",
    expiry="2028-03",
    birth=None,
    pwd_2digit=None,
    buyer_name="김하나",
    buyer_tel="010-1234-5678",
)
AGAIN = AgainRequest(
    customer_uid="C01-01012345678-20261126",
    merchant_uid="C01-20261126T150000000-b1",
    amount=55000,
    tax_free=0,
    name="정기 배송",
    buyer_name="김하나",
    card_quota=3,
    product_type="digital",
)


def test_onetime_sends_the_ksnet_fields_once_with_bearer_token_and_money_timeouts(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("payment_paid"))
    payment = client.pay_onetime(ONETIME)

    assert payment.status == "paid"
    assert payment.amount == 12000
    (sent,) = fake.calls("POST", "/subscribe/payments/onetime")
    assert sent.body == {
        "merchant_uid": "C01-20261126T143205123-k3f9",
        "amount": 12000,
        "tax_free": 2000,
        "name": "꽃다발 배송 주문",
        "card_number": "4518-4200-0000-0007",
        "expiry": "2028-03",
        "buyer_name": "김하나",
        "buyer_tel": "010-1234-5678",
        "card_quota": 0,
        "product_type": "real",
        "pg": PG,
    }
    assert "channel_key" not in sent.body  # not a field of onetime
    assert sent.headers["Authorization"] == "Bearer token-001"
    assert sent.timeout == (5.0, 65.0)
    assert [r.path for r in fake.seen] == ["/users/getToken", "/subscribe/payments/onetime"]


def test_onetime_sends_birth_and_pin_digits_only_when_given(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("payment_paid"))
    req = OnetimeRequest(**{**ONETIME.__dict__, "birth": "880101", "pwd_2digit": "12"})
    client.pay_onetime(req)
    body = fake.calls("POST", "/subscribe/payments/onetime")[0].body
    assert body is not None
    assert (body["birth"], body["pwd_2digit"]) == ("880101", "12")


def test_tax_free_zero_is_still_sent(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on(
        "POST",
        "/subscribe/payments/again",
        Reply.fixture("payment_paid", amount=55000, merchant_uid=AGAIN.merchant_uid),
    )
    client.pay_again(AGAIN)
    body = fake.calls("POST", "/subscribe/payments/again")[0].body
    assert body == {
        "customer_uid": "C01-01012345678-20261126",
        "merchant_uid": "C01-20261126T150000000-b1",
        "amount": 55000,
        "tax_free": 0,
        "name": "정기 배송",
        "buyer_name": "김하나",
        "card_quota": 3,
        "product_type": "digital",
        "channel_key": CHANNEL_KEY,  # again's schema defines channel_key, not pg
    }


def test_without_channel_settings_no_pg_or_channel_key_is_sent(
    session: requests.Session, fake: FakePortOne
) -> None:
    plain = PortOneClient(session, BASE_URL, "k", "s", sleep=lambda _s: None)
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("payment_paid"))
    again_paid = Reply.fixture("payment_paid", merchant_uid=AGAIN.merchant_uid)
    fake.on("POST", "/subscribe/payments/again", again_paid)
    plain.pay_onetime(ONETIME)
    plain.pay_again(AGAIN)
    for sent in fake.seen[1:]:
        assert sent.body is not None
        assert "pg" not in sent.body
        assert "channel_key" not in sent.body


def test_billing_key_issue_sends_channel_key_and_all_card_fields(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/subscribe/customers/C01-01012345678-20261126", Reply.fixture("customer"))
    customer = client.issue_billing_key(
        "C01-01012345678-20261126",
        BillingKeyRequest("4518-4200-0000-0007", "2028-03", "880101", "12", "김하나", "010-1234-5678"),
    )
    assert customer.card_name == "신한카드"
    assert customer.card_number == "451842******1234"
    assert customer.inserted == 1764135200
    body = fake.calls("POST", "/subscribe/customers/C01-01012345678-20261126")[0].body
    assert body == {
        "card_number": "4518-4200-0000-0007",
        "expiry": "2028-03",
        "birth": "880101",
        "pwd_2digit": "12",
        "customer_name": "김하나",
        "customer_tel": "010-1234-5678",
        "channel_key": CHANNEL_KEY,  # required by the schema; pg is not needed beside it
    }


def test_ids_in_paths_are_escaped(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/subscribe/customers/a%2F..%2Fb", Reply.fixture("customer", customer_uid="a/../b"))
    client.get_billing_key("a/../b")
    assert fake.count("GET", "/subscribe/customers/a%2F..%2Fb") == 1


def test_delete_billing_key_sends_reason_as_query(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("DELETE", "/subscribe/customers/C01-x", Reply.fixture("customer", customer_uid="C01-x"))
    client.delete_billing_key("C01-x", "고객 요청 해지")
    (sent,) = fake.calls("DELETE", "/subscribe/customers/C01-x")
    assert sent.query == {"reason": ["고객 요청 해지"]}
    assert sent.timeout == (5.0, 65.0)


def test_cancel_sends_checksum_and_returns_the_updated_payment(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/payments/cancel", Reply.fixture("payment_cancelled_partial"))
    payment = client.cancel_payment(
        CancelRequest(
            imp_uid="imp_123456789012", amount=5000, tax_free=0, checksum=12000, reason="일부 품목 품절"
        )
    )
    assert fake.calls("POST", "/payments/cancel")[0].body == {
        "imp_uid": "imp_123456789012",
        "amount": 5000,
        "tax_free": 0,
        "checksum": 12000,
        "reason": "일부 품목 품절",
    }
    assert payment.status == "cancelled"
    assert payment.cancel_amount == 5000
    assert payment.remaining == 7000
    (entry,) = payment.cancel_history
    assert (entry.amount, entry.cancellation_id) == (5000, "cancel-20261126-0001")


def test_cash_receipt_for_a_payment(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/receipts/imp_998877665544", Reply.fixture("receipt"))
    fake.on("GET", "/receipts/imp_998877665544", Reply.fixture("receipt"))
    fake.on("DELETE", "/receipts/imp_998877665544", Reply.fixture("receipt_cancelled"))
    issued = client.issue_receipt(
        "imp_998877665544", ReceiptRequest("01012345678", "phone", "person", "real", "김하나", tax_free=3000)
    )
    assert (issued.apply_num, issued.amount, issued.vat, issued.is_cancelled) == (
        "123456789",
        33000,
        3000,
        False,
    )
    assert fake.calls("POST", "/receipts/imp_998877665544")[0].body == {
        "identifier": "01012345678",
        "identifier_type": "phone",
        "type": "person",
        "product_type": "real",
        "buyer_name": "김하나",
        "tax_free": 3000,
    }
    assert client.get_receipt("imp_998877665544").imp_uid == "imp_998877665544"
    cancelled = client.cancel_receipt("imp_998877665544")
    assert cancelled.is_cancelled
    assert cancelled.cancelled_at == 1764139999


def test_external_cash_receipt_sends_channel_key_not_pg(client: PortOneClient, fake: FakePortOne) -> None:
    uid = "C01-20261126T150000000-cash"
    fake.on("POST", f"/receipts/external/{uid}", Reply.fixture("external_receipt"))
    fake.on("GET", f"/receipts/external/{uid}", Reply.fixture("external_receipt"))
    fake.on("DELETE", f"/receipts/external/{uid}", Reply.fixture("external_receipt", cancelled_at=1764139000))
    receipt = client.issue_external_receipt(
        uid,
        ExternalReceiptRequest(
            "현금 판매", 55000, "1234567891", "business", "company", "real", "주식회사 하나"
        ),
    )
    assert (receipt.merchant_uid, receipt.imp_uid, receipt.vat) == (uid, None, 4091)
    assert fake.calls("POST", f"/receipts/external/{uid}")[0].body == {
        "name": "현금 판매",
        "amount": 55000,
        "identifier": "1234567891",
        "identifier_type": "business",
        "type": "company",
        "product_type": "real",
        "buyer_name": "주식회사 하나",
        "tax_free": 0,
        "channel_key": CHANNEL_KEY,  # the 2026 schema replaced pg by channel_key here
    }
    assert client.get_external_receipt(uid).apply_num == "987654321"
    assert client.cancel_external_receipt(uid).is_cancelled


def test_payment_lookup_includes_sandbox_and_uses_lookup_timeouts(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("GET", "/payments/imp_123456789012", Reply.fixture("payment_paid"))
    payment = client.get_payment("imp_123456789012")
    (sent,) = fake.calls("GET", "/payments/imp_123456789012")
    assert sent.query == {"include_sandbox": ["true"]}
    assert sent.timeout == (5.0, 10.0)
    assert payment.sandbox is True
    assert payment.paid_at == 1764135126
    assert payment.failed_at is None  # PortOne's 0 means "has not happened"


def test_find_payment_with_and_without_status(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/payments/find/C01-a", Reply.fixture("payment_paid", merchant_uid="C01-a"))
    fake.on("GET", "/payments/find/C01-a/paid", Reply.fixture("payment_paid", merchant_uid="C01-a"))
    assert client.find_payment("C01-a").imp_uid == "imp_123456789012"
    assert client.find_payment("C01-a", "paid").status == "paid"
    with pytest.raises(ValueError, match="status"):
        client.find_payment("C01-a", "../all")


def test_find_payment_404_is_not_found(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/payments/find/C01-none", Reply.fixture("payment_not_found"))
    with pytest.raises(NotFound) as caught:
        client.find_payment("C01-none")
    assert caught.value.message == "존재하지 않는 결제정보입니다."
    assert (caught.value.http_status, caught.value.code) == (404, -1)
    assert fake.count("GET", "/payments/find/C01-none") == 1  # a definite answer is not retried


def _page_for(fixture: str, merchant_uid: str) -> Reply:
    body = load_fixture(fixture)["body"]
    for payment in body["response"]["list"]:
        payment["merchant_uid"] = merchant_uid
    return Reply.json(body)


def test_find_all_follows_pages_until_next_is_zero(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on(
        "GET",
        "/payments/findAll/C01-a",
        _page_for("payments_page1", "C01-a"),
        _page_for("payments_page2", "C01-a"),
    )
    payments = client.find_all_payments("C01-a")
    assert [p.imp_uid for p in payments] == ["imp_100000000001", "imp_100000000002", "imp_100000000003"]
    pages = [r.query["page"] for r in fake.calls("GET", "/payments/findAll/C01-a")]
    assert pages == [["1"], ["2"]]


def test_find_all_refuses_payments_of_another_order(client: PortOneClient, fake: FakePortOne) -> None:
    from pos_app.portone.errors import MalformedReply

    fake.on("GET", "/payments/findAll/C01-a", Reply.fixture("payments_page2"))
    with pytest.raises(MalformedReply, match="merchant_uid"):
        client.find_all_payments("C01-a")


def test_find_all_404_means_no_payments(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/payments/findAll/C01-none/paid", Reply.fixture("payment_not_found"))
    assert client.find_all_payments("C01-none", "paid") == []


def test_a_gateway_404_never_means_no_payments(client: PortOneClient, fake: FakePortOne) -> None:
    """API gateways and load balancers answer 404 {"message": "Not Found"}: that proves nothing."""
    replies = [Reply.json({"message": "Not Found"}, 404) for _ in range(5)]
    fake.on("GET", "/payments/findAll/C01-x", *replies)
    with pytest.raises(OutcomeUnknown):
        client.find_all_payments("C01-x")


def test_list_by_status_pages_to_the_end_with_from_to(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/payments/status/paid", Reply.fixture("payments_page1"), Reply.fixture("payments_page2"))
    payments = client.list_payments_by_status("paid", 1764100000, 1764200000, limit=2)
    assert len(payments) == 3
    first, second = fake.calls("GET", "/payments/status/paid")
    assert first.query == {"from": ["1764100000"], "to": ["1764200000"], "page": ["1"], "limit": ["2"]}
    assert second.query["page"] == ["2"]


def test_list_by_status_splits_a_long_range_into_90_day_windows(
    client: PortOneClient, fake: FakePortOne
) -> None:
    empty = Reply.json(
        {"code": 0, "message": None, "response": {"total": 0, "previous": 0, "next": 0, "list": []}}
    )
    fake.on(
        "GET", "/payments/status/all", Reply.fixture("payments_page2"), empty, Reply.fixture("payments_page2")
    )
    day = 86400
    payments = client.list_payments_by_status("all", 0, 200 * day)
    windows = [
        (int(r.query["from"][0]), int(r.query["to"][0])) for r in fake.calls("GET", "/payments/status/all")
    ]
    assert windows == [(0, 90 * day), (90 * day + 1, 180 * day + 1), (180 * day + 2, 200 * day)]
    assert all(to - frm <= 90 * day for frm, to in windows)
    assert [p.imp_uid for p in payments] == ["imp_100000000003"]  # the same payment twice counts once


def test_list_by_status_refuses_a_page_number_going_backwards(
    client: PortOneClient, fake: FakePortOne
) -> None:
    looping = Reply.json(
        {"code": 0, "message": None, "response": {"total": 9, "previous": 0, "next": 1, "list": []}}
    )
    fake.on("GET", "/payments/status/paid", looping)
    from pos_app.portone.errors import MalformedReply

    with pytest.raises(MalformedReply):
        client.list_payments_by_status("paid", 0, 10)


def test_multi_payment_lookup_sends_array_params(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/payments", Reply.fixture("payments_multi"))
    payments = client.get_payments(imp_uids=["imp_100000000001"], merchant_uids=["C01-z"])
    (sent,) = fake.calls("GET", "/payments")
    assert sent.query == {"imp_uid[]": ["imp_100000000001"], "merchant_uid[]": ["C01-z"]}
    assert [p.status for p in payments] == ["paid", "failed"]
    assert payments[1].fail_reason == "잔액 부족"


def test_multi_lookup_batches_by_100(client: PortOneClient, fake: FakePortOne) -> None:
    empty_list = Reply.json({"code": 0, "message": None, "response": []})
    fake.on("GET", "/payments", empty_list, empty_list, empty_list)
    client.get_payments(
        imp_uids=[f"imp_{i:012d}" for i in range(150)], merchant_uids=[f"m{i}" for i in range(60)]
    )
    sizes = [sum(len(v) for v in r.query.values()) for r in fake.calls("GET", "/payments")]
    assert sizes == [100, 100, 10]


def test_billing_keys_207_returns_what_was_found(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/subscribe/customers", Reply.fixture("customers_partial"))
    customers = client.get_billing_keys(["C01-01012345678-20261126", "C01-01099998888-20261126", "C01-gone"])
    assert [c.card_type for c in customers] == [0, 1]
    assert fake.calls("GET", "/subscribe/customers")[0].query == {
        "customer_uid[]": ["C01-01012345678-20261126", "C01-01099998888-20261126", "C01-gone"]
    }


def test_billing_keys_404_means_none_found(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/subscribe/customers", Reply.fixture("customer_not_found"))
    assert client.get_billing_keys(["C01-unknown"]) == []


def test_get_billing_key_404_is_not_found(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", "/subscribe/customers/C01-unknown", Reply.fixture("customer_not_found"))
    with pytest.raises(NotFound, match="찾을 수 없습니다"):
        client.get_billing_key("C01-unknown")


def test_a_session_that_retries_by_itself_is_refused() -> None:
    with requests.Session() as s:
        s.mount("https://", HTTPAdapter(max_retries=Retry(total=3)))
        with pytest.raises(ValueError, match="at most once"):
            PortOneClient(s, BASE_URL, "k", "s")


def test_a_default_session_is_accepted() -> None:
    with requests.Session() as s:
        assert PortOneClient(s, BASE_URL + "/", "k", "s").base_url == BASE_URL


def test_redirects_are_never_followed(fake: FakePortOne, client: PortOneClient) -> None:
    from pos_app.portone.errors import OutcomeUnknown

    moved = Reply(307, b"", {"Location": BASE_URL + "/elsewhere"})
    fake.on("POST", "/subscribe/payments/onetime", moved)
    with pytest.raises(OutcomeUnknown):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 1
    assert fake.count("POST", "/elsewhere") == 0


@pytest.mark.parametrize(
    ("path", "fixture", "override", "call"),
    [
        ("/payments/imp_1", "payment_paid", {}, lambda c: c.get_payment("imp_1")),
        ("/payments/find/C01-a", "payment_paid", {}, lambda c: c.find_payment("C01-a")),
        ("/subscribe/customers/C01-x", "customer", {}, lambda c: c.get_billing_key("C01-x")),
        ("/receipts/imp_1", "receipt", {}, lambda c: c.get_receipt("imp_1")),
        ("/receipts/external/C01-x", "external_receipt", {}, lambda c: c.get_external_receipt("C01-x")),
    ],
)
def test_a_lookup_answered_about_another_id_is_malformed(
    client: PortOneClient, fake: FakePortOne, path: str, fixture: str, override: dict[str, str], call: Any
) -> None:
    from pos_app.portone.errors import MalformedReply

    fake.on("GET", path, *(Reply.fixture(fixture, **override) for _ in range(3)))
    with pytest.raises(MalformedReply, match="다른"):
        call(client)
    assert fake.count("GET", path) == 3  # retried like any unreadable reply, then given up


def test_client_repr_hides_the_secret(client: PortOneClient) -> None:
    assert "secret" not in repr(client)
    fake2 = FakePortOne()
    with make_session(fake2) as s:
        c = PortOneClient(s, BASE_URL, "k", "s", channel=ChannelConfig(pg=PG))
        c.check_connection()
        assert fake2.calls("POST", "/users/getToken")[0].body == {"imp_key": "k", "imp_secret": "s"}
