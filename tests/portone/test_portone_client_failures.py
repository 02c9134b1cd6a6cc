"""Bad replies and broken connections: each gives a typed error or UNKNOWN, never a crash, and a
state-changing call reaches the server at most once whatever happens (a 401, which PortOne answers
before processing anything, is the single documented resend)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
from portone_fakes import (
    FakePortOne,
    Reply,
    load_fixture,
    name_not_resolved,
    read_timeout,
    refused,
    reset_after_send,
    truncated_body,
)

from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import (
    ApiError,
    MalformedReply,
    NotFound,
    NotSent,
    OutcomeUnknown,
    PortOneError,
    Unauthorized,
)
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    OnetimeRequest,
    ReceiptRequest,
    ScheduledCharge,
)

ONETIME = OnetimeRequest(
    "C01-20261126T143205123-k3f9", 12000, 0, "주문", "4518-4200-0000-0007", "2028-03", None, None, "김하나"
)

# (method, path, the call) for every state-changing endpoint
CHANGES: dict[str, tuple[str, str, Callable[[PortOneClient], Any]]] = {
    "onetime": ("POST", "/subscribe/payments/onetime", lambda c: c.pay_onetime(ONETIME)),
    "again": (
        "POST",
        "/subscribe/payments/again",
        lambda c: c.pay_again(AgainRequest("C01-cust", ONETIME.merchant_uid, 12000, 0, "주문", "김하나")),
    ),
    "cancel": (
        "POST",
        "/payments/cancel",
        lambda c: c.cancel_payment(
            CancelRequest(imp_uid="imp_123456789012", amount=1000, checksum=12000, reason="r")
        ),
    ),
    "billing_key": (
        "POST",
        "/subscribe/customers/C01-01012345678-20261126",
        lambda c: c.issue_billing_key(
            "C01-01012345678-20261126",
            BillingKeyRequest("4518-4200-0000-0007", "2028-03", "880101", "12", "김하나"),
        ),
    ),
    "delete_billing_key": (
        "DELETE",
        "/subscribe/customers/C01-01012345678-20261126",
        lambda c: c.delete_billing_key("C01-01012345678-20261126"),
    ),
    "receipt": (
        "POST",
        "/receipts/imp_998877665544",
        lambda c: c.issue_receipt(
            "imp_998877665544", ReceiptRequest("01012345678", "phone", "person", "real", "김하나")
        ),
    ),
    "cancel_receipt": (
        "DELETE",
        "/receipts/imp_998877665544",
        lambda c: c.cancel_receipt("imp_998877665544"),
    ),
    "external_receipt": (
        "POST",
        "/receipts/external/C01-20261126T150000000-cash",
        lambda c: c.issue_external_receipt(
            "C01-20261126T150000000-cash",
            ExternalReceiptRequest("현금", 5000, "01012345678", "phone", "person", "real", "김하나"),
        ),
    ),
    "cancel_external_receipt": (
        "DELETE",
        "/receipts/external/C01-20261126T150000000-cash",
        lambda c: c.cancel_external_receipt("C01-20261126T150000000-cash"),
    ),
    "schedule": (
        "POST",
        "/subscribe/payments/schedule",
        lambda c: c.schedule_payments(
            "C01-01012345678-20261126",
            [
                ScheduledCharge("C01-sched-202612", 1765000000, 55000, 0, "정기 배송 12월", "김하나"),
                ScheduledCharge("C01-sched-202701", 1767600000, 55000, 0, "정기 배송 1월", "김하나"),
            ],
        ),
    ),
    "unschedule": (
        "POST",
        "/subscribe/payments/unschedule",
        lambda c: c.unschedule("C01-01012345678-20261126"),
    ),
    "update_schedule": (
        "PUT",
        "/subscribe/payments/schedule/C01-sched-202612",
        lambda c: c.update_schedule("C01-sched-202612", 1765100000),
    ),
    "reschedule": (
        "POST",
        "/subscribe/payments/schedule/C01-sched-202612/reschedule",
        lambda c: c.reschedule("C01-sched-202612", 1765100000),
    ),
    "retry_schedule": (
        "POST",
        "/subscribe/payments/schedule/C01-20261126T143205123-k3f9/retry",
        lambda c: c.retry_schedule("C01-20261126T143205123-k3f9"),
    ),
}


# the reply each endpoint answers with when all is well, and a field its parser cannot do without
OK_REPLY = {
    "receipt": ("receipt", "amount", "imp_uid"),
    "cancel_receipt": ("receipt_cancelled", "amount", "imp_uid"),
    "external_receipt": ("external_receipt", "amount", "merchant_uid"),
    "cancel_external_receipt": ("external_receipt", "amount", "merchant_uid"),
    "billing_key": ("customer", "customer_uid", "customer_uid"),
    "delete_billing_key": ("customer", "customer_uid", "customer_uid"),
    "cancel": ("payment_paid", "amount", "imp_uid"),
    "schedule": ("schedules", "amount", "merchant_uid"),
    "unschedule": ("schedules", "amount", "customer_uid"),
    "update_schedule": ("schedule", "amount", "merchant_uid"),
    "reschedule": ("schedule", "amount", "merchant_uid"),
}


def _ok_reply(change: str) -> tuple[str, str, str]:
    """(fixture answering the call, a field its parser needs, the id field naming what it is about)."""
    return OK_REPLY.get(change, ("payment_paid", "amount", "merchant_uid"))


def _with(fixture: str, **fields: Any) -> Reply:
    body = load_fixture(fixture)["body"]
    response = body["response"]
    for item in response if isinstance(response, list) else [response]:
        item.update(fields)
    return Reply.json(body)


def _paid_with(**fields: Any) -> Reply:
    return _with("payment_paid", **fields)


# name → (reply or exception factory given the endpoint, expected error type, expected http_status)
FAILURES: dict[str, tuple[Callable[[str], Reply | BaseException], type[PortOneError], int | None]] = {
    "html_502": (lambda _c: Reply.html(502), OutcomeUnknown, 502),
    "html_200": (lambda _c: Reply.html(200, "<html><body>점검 중입니다</body></html>"), MalformedReply, 200),
    "truncated_json_200": (
        lambda _c: Reply(200, b'{"code":0,"message":null,"response":{"imp_uid":"imp_1'),
        MalformedReply,
        200,
    ),
    "truncated_in_transport": (lambda _c: truncated_body(), OutcomeUnknown, None),
    "empty_body_200": (lambda _c: Reply(200, b""), MalformedReply, 200),
    "json_not_an_envelope": (lambda _c: Reply.json(["unexpected"]), MalformedReply, 200),
    "code_not_a_number": (
        lambda _c: Reply.json({"code": "zero", "message": None, "response": {}}),
        MalformedReply,
        200,
    ),
    "response_not_an_object": (
        lambda _c: Reply.json({"code": 0, "message": None, "response": "ok"}),
        MalformedReply,
        200,
    ),
    "response_missing": (lambda _c: Reply.json({"code": 0, "message": None}), MalformedReply, 200),
    "key_field_wrong_type": (
        lambda c: _with(_ok_reply(c)[0], **{_ok_reply(c)[1]: {"x": 1}}),
        MalformedReply,
        200,
    ),
    "key_field_a_word": (
        lambda c: _with(_ok_reply(c)[0], **{_ok_reply(c)[1]: ["만이천원"]}),
        MalformedReply,
        200,
    ),
    "about_another_id": (
        lambda c: _with(_ok_reply(c)[0], **{_ok_reply(c)[2]: "someone-else"}),
        MalformedReply,
        200,
    ),
    "key_field_missing": (lambda c: _with(_ok_reply(c)[0], **{_ok_reply(c)[1]: None}), MalformedReply, 200),
    # a public V1 test server answers getToken with 201; a money reply in a status other than 200 is
    # not read as a result, even with a good envelope
    "http_201_envelope": (lambda c: Reply(201, Reply.fixture(_ok_reply(c)[0]).body), OutcomeUnknown, 201),
    "code_minus_1": (lambda _c: Reply.fixture("card_auth_failed"), ApiError, 200),
    "code_1": (lambda _c: Reply.fixture("cancel_already_cancelled"), ApiError, 200),
    "http_400_envelope": (lambda _c: Reply.fixture("external_receipt_duplicate"), ApiError, 400),
    "http_404_envelope": (lambda _c: Reply.fixture("payment_not_found"), NotFound, 404),
    "http_404_html": (lambda _c: Reply.html(404, "<h1>Not Found</h1>"), OutcomeUnknown, 404),
    "http_404_gateway_json": (lambda _c: Reply.json({"message": "Not Found"}, 404), OutcomeUnknown, 404),
    "http_429_plain": (
        lambda _c: Reply(429, b"slow down", {"Content-Type": "text/plain"}),
        OutcomeUnknown,
        429,
    ),
    "http_500_envelope": (
        lambda _c: Reply.json({"code": -1, "message": "PG사 통신 오류", "response": None}, 500),
        OutcomeUnknown,
        500,
    ),
    "http_502": (lambda _c: Reply(502, b""), OutcomeUnknown, 502),
    "http_504": (lambda _c: Reply.html(504, "<h1>504 Gateway Time-out</h1>"), OutcomeUnknown, 504),
    "read_timeout": (lambda _c: read_timeout(), OutcomeUnknown, None),
    "connection_reset_after_send": (lambda _c: reset_after_send(), OutcomeUnknown, None),
    "connect_timeout": (
        lambda _c: requests.ConnectTimeout("Connection to api.iamport.kr timed out. (connect timeout=5)"),
        NotSent,
        None,
    ),
    "connection_refused": (lambda _c: refused(), NotSent, None),
    "name_not_resolved": (lambda _c: name_not_resolved(), NotSent, None),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_state_changing_call_reaches_the_server_at_most_once(
    client: PortOneClient, fake: FakePortOne, change: str, failure: str
) -> None:
    method, path, call = CHANGES[change]
    make_answer, expected, http_status = FAILURES[failure]
    # Script the failure, then a success behind it: a client that re-sent would "succeed" here.
    fake.on(method, path, make_answer(change), Reply.fixture(_ok_reply(change)[0]))

    with pytest.raises(expected) as caught:
        call(client)

    assert fake.count(method, path) == 1
    assert getattr(caught.value, "http_status", None) == http_status
    assert str(caught.value)  # a message a cashier can be shown


def test_api_error_keeps_status_code_and_the_server_message_verbatim(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("card_auth_failed"))
    with pytest.raises(ApiError) as caught:
        client.pay_onetime(ONETIME)
    err = caught.value
    assert type(err) is ApiError
    assert (err.http_status, err.code) == (200, -1)
    assert err.message == "카드정보 인증에 실패하였습니다. [F113]유효하지않은 카드번호를 입력하셨습니다."
    assert str(err) == err.message


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_401_refreshes_the_token_once_and_repeats(
    client: PortOneClient, fake: FakePortOne, change: str
) -> None:
    method, path, call = CHANGES[change]
    fake.on(method, path, Reply.fixture("unauthorized"), Reply.fixture(_ok_reply(change)[0]))

    call(client)

    sent = fake.calls(method, path)
    assert [r.headers["Authorization"] for r in sent] == ["Bearer token-001", "Bearer token-002"]
    assert fake.count("POST", "/users/getToken") == 2


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_second_401_is_unauthorized_and_not_repeated_again(
    client: PortOneClient, fake: FakePortOne, change: str
) -> None:
    method, path, call = CHANGES[change]
    fake.on(
        method,
        path,
        Reply.fixture("unauthorized"),
        Reply.fixture("unauthorized"),
        Reply.fixture("payment_paid"),
    )
    with pytest.raises(Unauthorized) as caught:
        call(client)
    assert caught.value.http_status == 401
    assert caught.value.message == "Unauthorized"
    assert fake.count(method, path) == 2


def test_token_failure_before_a_charge_means_not_sent(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/users/getToken", Reply.html(502), read_timeout(), Reply.html(502))
    with pytest.raises(NotSent, match="토큰"):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 0
    assert fake.count("POST", "/users/getToken") == 3  # getToken creates nothing: retried


def test_refused_credentials_before_a_charge_are_unauthorized(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/users/getToken", Reply.fixture("token_refused"))
    with pytest.raises(Unauthorized):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 0
    assert fake.count("POST", "/users/getToken") == 1  # a definite refusal is not retried


@pytest.mark.parametrize(
    "refusal",
    [
        lambda: Reply.json(
            {"code": -1, "message": "imp_key 또는 imp_secret이 올바르지 않습니다.", "response": None}
        ),
        lambda: Reply.json({"code": -1, "message": "잘못된 요청", "response": None}, 400),
        lambda: Reply.fixture("payment_not_found"),
    ],
    ids=["200_code_-1", "400", "404"],
)
def test_any_definite_getToken_refusal_is_unauthorized_never_a_decline(
    client: PortOneClient, fake: FakePortOne, refusal: Callable[[], Reply]
) -> None:
    fake.on("POST", "/users/getToken", refusal())
    with pytest.raises(Unauthorized):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 0


@pytest.mark.parametrize(
    "error",
    [OSError("bad file descriptor"), ConnectionResetError(104, "reset"), TimeoutError()],
    ids=["oserror", "reset", "timeout"],
)
def test_an_unwrapped_socket_error_is_unknown_not_a_crash(
    client: PortOneClient, fake: FakePortOne, error: BaseException
) -> None:
    fake.on("POST", "/subscribe/payments/onetime", error)
    with pytest.raises(OutcomeUnknown):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 1


def test_token_refresh_failing_after_a_401_means_not_sent(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("unauthorized"))
    fake.on("POST", "/users/getToken", fake.issue_token(), refused(), refused(), refused())
    with pytest.raises(NotSent):
        client.pay_onetime(ONETIME)
    assert fake.count("POST", "/subscribe/payments/onetime") == 1


# --------------------------------------------------------------------------------------- lookups

MERCHANT_UID = ONETIME.merchant_uid
LOOKUP_PATH = f"/payments/find/{MERCHANT_UID}"


@pytest.mark.parametrize(
    "make_answer",
    [
        lambda: Reply.html(502),
        lambda: Reply(500, b""),
        read_timeout,
        reset_after_send,
        refused,
        truncated_body,
        lambda: Reply(200, b'{"code":0,'),
        lambda: _paid_with(amount=[1]),
    ],
    ids=["502", "500", "timeout", "reset", "refused", "truncated", "truncated_json", "wrong_type"],
)
def test_lookups_retry_transport_trouble_with_backoff(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float], make_answer: Callable[[], Any]
) -> None:
    fake.on("GET", LOOKUP_PATH, make_answer(), make_answer(), Reply.fixture("payment_paid"))
    assert client.find_payment(MERCHANT_UID).status == "paid"
    assert fake.count("GET", LOOKUP_PATH) == 3
    assert sleeps == [0.5, 1.0]


def test_lookups_give_up_after_the_configured_retries(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float]
) -> None:
    fake.on(
        "GET", LOOKUP_PATH, Reply.html(502), Reply.html(502), Reply.html(504), Reply.fixture("payment_paid")
    )
    with pytest.raises(OutcomeUnknown) as caught:
        client.find_payment(MERCHANT_UID)
    assert caught.value.http_status == 504
    assert fake.count("GET", LOOKUP_PATH) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [("payment_not_found", NotFound), ("card_auth_failed", ApiError)],
)
def test_lookups_do_not_retry_definite_answers(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float], fixture: str, expected: type[Exception]
) -> None:
    fake.on("GET", LOOKUP_PATH, Reply.fixture(fixture), Reply.fixture("payment_paid"))
    with pytest.raises(expected):
        client.find_payment(MERCHANT_UID)
    assert fake.count("GET", LOOKUP_PATH) == 1
    assert sleeps == []


def test_lookup_401_refreshes_once(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("GET", LOOKUP_PATH, Reply.fixture("unauthorized"), Reply.fixture("payment_paid"))
    assert client.find_payment(MERCHANT_UID).imp_uid == "imp_123456789012"
    assert fake.count("POST", "/users/getToken") == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": "만이천원"},
        {"amount": 12000.5},
        {"amount": True},
        {"status": {"paid": True}},
        {"cancel_amount": None},
        {"imp_uid": None},
        {"sandbox": "maybe"},
    ],
    ids=[
        "amount_word",
        "amount_fraction",
        "amount_bool",
        "status_object",
        "no_cancel_amount",
        "no_imp_uid",
        "sandbox_word",
    ],
)
def test_a_mistyped_charge_reply_is_unknown_never_guessed(
    client: PortOneClient, fake: FakePortOne, fields: dict[str, Any]
) -> None:
    fake.on("POST", "/subscribe/payments/onetime", _paid_with(**fields))
    with pytest.raises(MalformedReply) as caught:
        client.pay_onetime(ONETIME)
    assert isinstance(caught.value, OutcomeUnknown)
    assert caught.value.http_status == 200
    assert fake.count("POST", "/subscribe/payments/onetime") == 1


def test_a_garbled_optional_timestamp_leaves_the_charge_readable(
    client: PortOneClient, fake: FakePortOne, caplog: pytest.LogCaptureFixture
) -> None:
    fake.on("POST", "/subscribe/payments/onetime", _paid_with(paid_at="어제", started_at={"t": 1}))
    payment = client.pay_onetime(ONETIME)
    assert (payment.status, payment.amount) == ("paid", 12000)
    assert (payment.paid_at, payment.started_at) == (None, None)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("'paid_at'" in w for w in warnings)
    assert any("'started_at'" in w for w in warnings)
    assert not any("어제" in w for w in warnings)  # the field is named, never its value


def test_non_utf8_garbage_is_malformed_not_a_crash(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/subscribe/payments/onetime", Reply(200, b"\xff\xfe\x00garbage"))
    with pytest.raises(MalformedReply):
        client.pay_onetime(ONETIME)


def test_deeply_wrong_payment_objects_are_malformed(client: PortOneClient, fake: FakePortOne) -> None:
    body = load_fixture("payment_paid")["body"]
    body["response"]["cancel_history"] = [{"amount": "lots"}]
    fake.on("POST", "/subscribe/payments/onetime", Reply(200, json.dumps(body).encode()))
    with pytest.raises(MalformedReply, match="amount"):
        client.pay_onetime(ONETIME)
