"""Property tests: whatever bytes and status come back, and whatever values a Payment carries, the client
answers with a typed result or a PortOneError — never a crash, never a guess."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from portone_fakes import load_fixture

from pos_app.portone.errors import ApiError, MalformedReply, PortOneError
from pos_app.portone.models import Customer, Payment, Receipt
from pos_app.portone.transport import read_reply

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _response(status: int, body: bytes) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    return resp


@settings(max_examples=300)
@given(status=st.integers(min_value=100, max_value=599), body=st.binary(max_size=200))
def test_any_bytes_with_any_status_give_a_result_or_a_portone_error(status: int, body: bytes) -> None:
    with contextlib.suppress(PortOneError):
        read_reply(_response(status, body), (200,), "POST", "/subscribe/payments/onetime")


@settings(max_examples=300)
@given(
    status=st.sampled_from([200, 207, 400, 401, 404, 500]),
    envelope=st.dictionaries(st.sampled_from(["code", "message", "response"]), JSON_VALUES),
)
def test_any_envelope_gives_a_result_or_a_portone_error(status: int, envelope: dict[str, Any]) -> None:
    body = json.dumps(envelope).encode()
    outcome: object
    try:
        outcome = read_reply(_response(status, body), (200, 207), "GET", "/payments")
    except PortOneError as exc:
        outcome = exc
    if isinstance(outcome, ApiError):
        assert outcome.http_status == status
    elif not isinstance(outcome, PortOneError):
        # Only a 200/207 with code 0 (or "0") is a success.
        assert status in (200, 207)
        assert outcome == envelope.get("response")


PAYMENT_KEYS = sorted(load_fixture("payment_paid")["body"]["response"])


@settings(max_examples=300)
@given(changes=st.dictionaries(st.sampled_from(PAYMENT_KEYS), JSON_VALUES, max_size=6))
def test_any_payment_values_parse_or_are_malformed(changes: dict[str, Any]) -> None:
    data = load_fixture("payment_paid")["body"]["response"] | changes
    try:
        payment = Payment.from_json(data)
    except MalformedReply:
        return
    assert isinstance(payment.amount, int)
    assert isinstance(payment.cancel_amount, int)
    assert isinstance(payment.status, str)
    assert payment.imp_uid
    assert payment.merchant_uid


@settings(max_examples=200)
@given(data=st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=8))
def test_any_object_as_customer_or_receipt_parses_or_is_malformed(data: dict[str, Any]) -> None:
    for parser in (Customer.from_json, Receipt.from_json):
        with contextlib.suppress(MalformedReply):
            parser(data)


def _ssl_wrapped(reason: BaseException) -> requests.exceptions.SSLError:
    import urllib3.exceptions

    inner = urllib3.exceptions.SSLError(reason)
    return requests.exceptions.SSLError(urllib3.exceptions.MaxRetryError(None, "/x", inner))  # type: ignore[arg-type]


def test_an_untrusted_certificate_means_the_money_call_was_not_sent() -> None:
    import ssl

    from pos_app.portone.errors import NotSent, OutcomeUnknown
    from pos_app.portone.transport import classify_send_error

    verify_failed = ssl.SSLCertVerificationError(1, "CERTIFICATE_VERIFY_FAILED: self-signed certificate")
    refused = classify_send_error(_ssl_wrapped(verify_failed), "POST", "/subscribe/payments/onetime")
    assert isinstance(refused, NotSent)
    assert "인증서" in str(refused)
    # a TLS failure after the handshake (the request may have left) stays unknown
    broken = classify_send_error(_ssl_wrapped(ssl.SSLError(1, "bad record mac")), "POST", "/payments/cancel")
    assert isinstance(broken, OutcomeUnknown)


@pytest.mark.parametrize(
    ("message", "expected"),
    [("\x00", "PortOne이 요청을 거절했습니다 (code 1)"), ("\x1b[31m한도\x00초과", "[31m한도 초과")],
)
def test_a_message_of_control_characters_is_no_message_and_the_refusal_still_reads(
    message: str, expected: str
) -> None:
    # found by the reliability fuzzing: {"code": 1, "message": "\u0000"} became a blank refusal, which
    # the window cannot show (its crash hook got it instead)
    body = json.dumps({"code": 1, "message": message, "response": None}).encode()
    with pytest.raises(ApiError) as refused:
        read_reply(_response(200, body), (200,), "GET", "/payments/find")
    assert refused.value.message == expected
