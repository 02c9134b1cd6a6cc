"""The three number rules of json_fields: won amounts whole or malformed (never rounded), timestamps in
whole seconds whatever form they come in (garbage: malformed where required, absent where optional, and
malformed where a decision rests on it), and the new objects: PG settings and schedules."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from portone_fakes import load_fixture

from pos_app.portone.errors import MalformedField, MalformedReply
from pos_app.portone.json_fields import opt_timestamp, opt_won, req_timestamp, req_won
from pos_app.portone.models import Customer, Payment, PgSetting, Receipt, Schedule, Token


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (1733040000, 1733040000),
        (1733040000.5, 1733040000),
        (1733040000.999, 1733040000),
        ("1733040000", 1733040000),
        (" 1733040000.5 ", 1733040000),
        ("1733040000.", 1733040000),
        (0, None),
        ("0", None),
        (0.4, None),
        (None, None),
        ("", None),
    ],
)
def test_timestamps_are_read_as_whole_seconds(value: object, seconds: int | None) -> None:
    assert opt_timestamp({"t": value}, "t") == seconds


@pytest.mark.parametrize(
    "garbage", ["어제", "2026-11-26T14:32:05", True, -5, "-0.5", [1], {"t": 1}, float("inf")]
)
def test_garbage_in_an_optional_timestamp_is_logged_by_name_and_read_as_absent(
    garbage: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pos_app.portone.json_fields"):
        assert opt_timestamp({"paid_at": garbage}, "paid_at") is None
    (record,) = caplog.records
    # the field's name and nothing of its value
    expected = "PortOne reply field 'paid_at' is not a readable timestamp; treated as absent"
    assert record.getMessage() == expected


@pytest.mark.parametrize("garbage", ["어제", True, -5, [1]])
def test_garbage_where_a_timestamp_is_required_or_decisive_is_malformed(garbage: object) -> None:
    with pytest.raises(MalformedField) as required:
        req_timestamp({"now": garbage}, "now")
    assert (required.value.field, required.value.expected) == ("now", "UNIX 시각(초)")
    with pytest.raises(MalformedField):
        opt_timestamp({"cancelled_at": garbage}, "cancelled_at", strict=True)


def test_a_missing_required_timestamp_is_malformed_naming_it() -> None:
    with pytest.raises(MalformedField) as caught:
        Token.from_json({"access_token": "t", "now": 1})
    assert (caught.value.field, caught.value.expected) == ("expired_at", None)
    token = Token.from_json({"access_token": "t", "now": 1764000000.7, "expired_at": "1764001800.2"})
    assert (token.now, token.expired_at) == (1764000000, 1764001800)


@pytest.mark.parametrize(
    ("value", "won"),
    [(1000, 1000), (1000.0, 1000), ("1000", 1000), ("1000.0", 1000), (" 1000.00 ", 1000), (0, 0)],
)
def test_won_amounts_in_every_integral_form(value: object, won: int) -> None:
    assert req_won({"amount": value}, "amount") == won


@pytest.mark.parametrize("value", [1000.5, "1000.5", "1,000", "천원", True, -1, "-1", float("nan"), [1000]])
def test_a_won_amount_that_is_not_whole_is_an_error_never_rounded(value: object) -> None:
    with pytest.raises(MalformedField) as caught:
        opt_won({"amount": value}, "amount")
    assert (caught.value.field, caught.value.expected) == ("amount", "원 단위 정수")
    assert isinstance(caught.value, MalformedReply)


@given(st.floats(min_value=0, max_value=4e9, allow_nan=False))
def test_any_non_negative_float_timestamp_floors(value: float) -> None:
    assert opt_timestamp({"t": value}, "t") == (int(value) or None)


def _payment(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = load_fixture("payment_paid")["body"]["response"]
    data.update(changes)
    return data


def test_a_payment_with_float_and_text_timestamps_and_a_garbled_one_is_still_read() -> None:
    payment = Payment.from_json(
        _payment(started_at="1764135125", paid_at=1764135126.9, failed_at="never", amount=12000.0)
    )
    assert (payment.started_at, payment.paid_at, payment.failed_at, payment.amount) == (
        1764135125,
        1764135126,
        None,
        12000,
    )


def test_a_payment_with_a_fractional_amount_is_malformed_naming_amount() -> None:
    with pytest.raises(MalformedField) as caught:
        Payment.from_json(_payment(cancel_amount="0.5"))
    assert caught.value.field == "cancel_amount"


def test_a_cancel_history_entry_with_a_bad_time_keeps_its_amount() -> None:
    body = load_fixture("payment_cancelled_partial")["body"]["response"]
    body["cancel_history"][0]["cancelled_at"] = "soon"
    payment = Payment.from_json(body)
    assert payment.cancel_history[0].amount == 5000
    assert payment.cancel_history[0].cancelled_at is None


def test_a_receipt_whose_cancellation_time_is_unreadable_is_malformed_not_active() -> None:
    data = load_fixture("receipt_cancelled")["body"]["response"]
    data["cancelled_at"] = "취소됨"
    with pytest.raises(MalformedField, match="cancelled_at"):
        Receipt.from_json(data)


def test_customer_times_are_lenient() -> None:
    data = load_fixture("customer")["body"]["response"]
    customer = Customer.from_json({**data, "inserted": "1764135200.5", "updated": "later"})
    assert (customer.inserted, customer.updated, customer.sandbox) == (1764135200, None, True)


def test_pg_settings_read_with_their_test_channel_flag() -> None:
    (key_in, window) = [PgSetting.from_json(item) for item in load_fixture("pg_settings")["body"]["response"]]
    assert key_in == PgSetting(
        "ksnet", "2999199999", True, "api_payment", "KSNET 키인결제", "channel-key-test-ksnet"
    )
    assert key_in.is_key_in
    assert not window.is_key_in
    assert window.sandbox is False
    with pytest.raises(MalformedField, match="sandbox"):
        PgSetting.from_json({"pg_provider": "ksnet", "pg_id": "1", "type": "api_payment"})  # must say


def test_schedules_read_with_their_states() -> None:
    pending = Schedule.from_json(load_fixture("schedule")["body"]["response"])
    assert (pending.merchant_uid, pending.schedule_at, pending.amount, pending.schedule_status) == (
        "C01-sched-202612",
        1765000000,
        55000,
        "scheduled",
    )
    assert pending.is_pending
    assert (pending.imp_uid, pending.payment_status, pending.executed_at, pending.revoked_at) == (None,) * 4
    ran = Schedule.from_json(load_fixture("schedule_executed_failed")["body"]["response"])
    assert (ran.schedule_status, ran.payment_status, ran.imp_uid, ran.executed_at) == (
        "executed",
        "failed",
        "imp_555566667777",
        1765000000,
    )
    assert ran.fail_reason is not None
    assert "[2116]" in ran.fail_reason
    assert not ran.is_pending


@pytest.mark.parametrize(
    ("field", "value"), [("schedule_at", None), ("schedule_at", "내일"), ("amount", 55000.5)]
)
def test_a_schedule_without_its_time_or_with_a_fractional_amount_is_malformed(
    field: str, value: object
) -> None:
    data = load_fixture("schedule")["body"]["response"]
    data[field] = value
    with pytest.raises(MalformedField) as caught:
        Schedule.from_json(data)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("message", "pg_code", "timeout"),
    [
        ("결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)", "9981", True),
        ("결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과", "2116", False),
        ("카드정보 인증에 실패하였습니다. [F113]유효하지않은 카드번호를 입력하셨습니다.", "F113", False),
        ("이미 전액취소된 주문입니다.", None, False),
    ],
)
def test_api_errors_carry_the_pg_code_portone_quoted(
    message: str, pg_code: str | None, timeout: bool
) -> None:
    from pos_app.portone.errors import ApiError

    error = ApiError(200, -1, message)
    assert (error.pg_code, error.is_pg_timeout) == (pg_code, timeout)
