"""Card number, expiry, birth and PIN digits never reach exception messages, tracebacks or logs."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

import pytest
from portone_fakes import FakePortOne, Reply, read_timeout, refused, reset_after_send

from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import ApiError, NotSent, OutcomeUnknown, PortOneError, scrub_card_digits
from pos_app.portone.models import BillingKeyRequest, OnetimeRequest
from pos_app.portone.outcome import charge_outcome

DIGITS = "4518420000000007"
FORMATTED = "4518-4200-0000-0007"
EXPIRY = "2031-07"
BIRTH = "870315"
TOXIC = (DIGITS, FORMATTED, EXPIRY, BIRTH, "4200-0000", "42000000")

ORDER = OnetimeRequest(
    "C01-20261126T143205123-k3f9", 12000, 0, "주문", FORMATTED, EXPIRY, BIRTH, "47", "김하나"
)


def _echo_card(_seen: object) -> Reply:
    # A misbehaving gateway that echoes the request into its error page or message.
    return Reply.json(
        {"code": -1, "message": f"잘못된 카드 {FORMATTED} / {DIGITS} 유효기간 확인", "response": None}
    )


SCENARIOS: dict[str, Callable[[], Reply | BaseException | Callable[[object], Reply]]] = {
    "timeout": read_timeout,
    "reset": reset_after_send,
    "refused": refused,
    "html": lambda: Reply.html(502, f"<html>request was card_number={FORMATTED}</html>"),
    "truncated": lambda: Reply(200, b'{"code":0,"response":{"card_number":"' + FORMATTED.encode()),
    "echo": lambda: _echo_card,
    "wrong_type": lambda: Reply.fixture("payment_paid", amount=FORMATTED),
    "declined": lambda: Reply.fixture("card_auth_failed"),
}


def _all_text(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), "".join(traceback.format_exception(exc))])


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_failures_carry_no_card_data(
    client: PortOneClient, fake: FakePortOne, caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.on("POST", "/subscribe/payments/onetime", SCENARIOS[scenario]())
    with pytest.raises(PortOneError) as caught:
        client.pay_onetime(ORDER)
    text = _all_text(caught.value) + caplog.text
    for secret in TOXIC:
        assert secret not in text, f"{secret!r} leaked in {scenario}"


def test_charge_result_messages_carry_no_card_data(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/subscribe/payments/onetime", _echo_card)
    result = charge_outcome(lambda: client.pay_onetime(ORDER), 12000)
    assert result.message is not None
    assert "451842******0007" in result.message  # masked to 6+4, the form allowed everywhere
    for secret in TOXIC:
        assert secret not in repr(result)


def test_billing_key_failures_carry_no_card_data(
    client: PortOneClient, fake: FakePortOne, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.on("POST", "/subscribe/customers/C01-c", _echo_card)
    with pytest.raises(ApiError) as caught:
        client.issue_billing_key("C01-c", BillingKeyRequest(FORMATTED, EXPIRY, BIRTH, "47", "김하나"))
    for secret in TOXIC:
        assert secret not in _all_text(caught.value) + caplog.text


def test_successful_calls_log_no_card_data_or_secrets(
    client: PortOneClient, fake: FakePortOne, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.on("POST", "/subscribe/payments/onetime", Reply.fixture("payment_paid"))
    client.pay_onetime(ORDER)
    assert "/subscribe/payments/onetime" in caplog.text  # it does log the call
    for secret in (*TOXIC, "imp_secret_test_do_not_log", "token-001"):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("카드 4518-4200-0000-0007 오류", "카드 451842******0007 오류"),
        ("4518 4200 0000 0007", "451842******0007"),
        ("378282246310005", "378282*****0005"),
        ("승인번호 30012345, 금액 12000", "승인번호 30012345, 금액 12000"),
        (
            "요청하신 customer_uid(C01-01012345678-20261126)로 등록된 정보를 찾을 수 없습니다.",
            "요청하신 customer_uid(C01-01012345678-20261126)로 등록된 정보를 찾을 수 없습니다.",
        ),
        ("거래번호 KSN202611261432051235", "거래번호 KSN202611261432051235"),  # not Luhn-valid
        ("[2116]개인 월 한도금액 초과", "[2116]개인 월 한도금액 초과"),
    ],
)
def test_scrub_masks_card_shaped_digit_runs_only(text: str, expected: str) -> None:
    assert scrub_card_digits(text) == expected


def test_error_constructors_scrub_their_text() -> None:
    for err in (NotSent(DIGITS), OutcomeUnknown(DIGITS, 502), ApiError(200, -1, DIGITS)):
        assert DIGITS not in str(err)
        assert DIGITS not in repr(err)
