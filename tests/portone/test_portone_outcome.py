"""charge_outcome: every documented reply shape of onetime/again classified as DESIGN.md step 5 says."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from portone_fakes import FakePortOne, Reply, read_timeout, refused, reset_after_send

from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import AgainRequest, OnetimeRequest, Payment
from pos_app.portone.outcome import ChargeResult, charge_outcome

PATH = "/subscribe/payments/onetime"
ORDER = OnetimeRequest(
    "C01-20261126T143205123-k3f9", 12000, 0, "주문", "4518-4200-0000-0007", "2028-03", None, None, "김하나"
)


def _charge(
    client: PortOneClient, fake: FakePortOne, *answers: Reply | BaseException, amount: int = 12000
) -> ChargeResult:
    fake.on("POST", PATH, *answers)
    result = charge_outcome(lambda: client.pay_onetime(ORDER), amount)
    assert fake.count("POST", PATH) == (2 if len(answers) > 1 else 1)
    return result


def test_paid_with_the_intended_amount_is_approved(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, Reply.fixture("payment_paid"))
    assert result.outcome is Outcome.APPROVED
    assert result.payment is not None
    assert (result.payment.apply_num, result.payment.card_number) == ("30012345", "540926******0011")
    assert result.message is None
    assert (result.http_status, result.code) == (200, 0)


def test_paid_with_another_amount_is_a_mismatch_never_success(
    client: PortOneClient, fake: FakePortOne
) -> None:
    result = _charge(client, fake, Reply.fixture("payment_paid"), amount=13000)
    assert result.outcome is Outcome.MISMATCH
    assert result.payment is not None
    assert result.payment.amount == 12000
    assert result.message is not None
    assert "13000" in result.message


def test_failed_with_fail_reason_is_declined(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, Reply.fixture("payment_failed"))
    assert result.outcome is Outcome.DECLINED
    assert result.message == "[2116]개인 월 한도금액 초과"
    assert result.payment is not None
    assert result.payment.failed_at == 1764135126


def test_failed_without_a_reason_still_says_something(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, Reply.fixture("payment_failed", fail_reason=None))
    assert result.outcome is Outcome.DECLINED
    assert result.message


def test_ready_is_unknown(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, Reply.fixture("payment_ready"))
    assert result.outcome is Outcome.UNKNOWN
    assert result.payment is not None


def test_a_status_this_version_does_not_know_is_unknown(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, Reply.fixture("payment_paid", status="approved_later"))
    assert result.outcome is Outcome.UNKNOWN


def test_code_minus_1_with_a_message_is_declined_with_that_message(
    client: PortOneClient, fake: FakePortOne
) -> None:
    result = _charge(client, fake, Reply.fixture("card_auth_failed"))
    assert result.outcome is Outcome.DECLINED
    assert result.payment is None
    assert result.message == "카드정보 인증에 실패하였습니다. [F113]유효하지않은 카드번호를 입력하셨습니다."
    assert (result.http_status, result.code) == (200, -1)


def test_again_with_an_unknown_customer_is_declined(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/subscribe/payments/again", Reply.fixture("again_unknown_customer"))
    req = AgainRequest("C01-gone", "C01-m2", 12000, 0, "주문", "김하나")
    result = charge_outcome(lambda: client.pay_again(req), 12000)
    assert (result.outcome, result.code, result.message) == (
        Outcome.DECLINED,
        1,
        "등록되지 않은 구매자입니다.",
    )


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (read_timeout, None),
        (reset_after_send, None),
        (lambda: Reply.html(502), 502),
        (lambda: Reply(500, b""), 500),
        (lambda: Reply.html(504), 504),
        (lambda: Reply.html(200), 200),
        (lambda: Reply(200, b'{"code":0,"message":null,"resp'), 200),
        (lambda: Reply(200, b""), 200),
        (lambda: Reply.fixture("payment_paid", amount="12,000원"), 200),
    ],
    ids=["timeout", "reset", "502", "500", "504", "html", "truncated", "empty", "wrong_type"],
)
def test_anything_unreadable_after_sending_is_unknown(
    client: PortOneClient, fake: FakePortOne, answer: Callable[[], Reply | BaseException], status: int | None
) -> None:
    result = _charge(client, fake, answer())
    assert result.outcome is Outcome.UNKNOWN
    assert result.payment is None
    assert result.http_status == status
    assert result.message


def test_a_refused_connection_is_not_charged(client: PortOneClient, fake: FakePortOne) -> None:
    result = _charge(client, fake, refused())
    assert result.outcome is Outcome.NOT_CHARGED
    assert result.message


def test_rejected_api_keys_are_not_charged_rather_than_declined(
    client: PortOneClient, fake: FakePortOne
) -> None:
    result = _charge(client, fake, Reply.fixture("unauthorized"), Reply.fixture("unauthorized"))
    assert result.outcome is Outcome.NOT_CHARGED
    assert result.http_status == 401


def test_refused_credentials_before_the_charge_are_not_charged(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/users/getToken", Reply.json({"code": -1, "message": "인증 실패", "response": None}))
    result = charge_outcome(lambda: client.pay_onetime(ORDER), 12000)
    assert result.outcome is Outcome.NOT_CHARGED
    assert result.message == "인증 실패"
    assert fake.count("POST", PATH) == 0


def test_a_bug_in_the_call_is_not_swallowed() -> None:
    def broken() -> Payment:
        raise RuntimeError("programming error")

    with pytest.raises(RuntimeError):
        charge_outcome(broken, 1000)
