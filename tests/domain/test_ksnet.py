"""KSNET rules: installments and the cancel checks (balance, 9 partial cancels, 180 days)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.errors import FieldError
from pos_app.domain.ksnet import (
    CANCEL_WINDOW_DAYS,
    MAX_PARTIAL_CANCELS,
    MAX_QUOTA,
    MSG_CANCEL_NEGATIVE,
    MSG_CANCEL_NOTHING_LEFT,
    MSG_CANCEL_PARTIAL_LIMIT,
    MSG_CANCEL_TOO_MUCH,
    MSG_CANCEL_WINDOW,
    MSG_QUOTA_MIN_AMOUNT,
    MSG_QUOTA_RANGE,
    QUOTA_MIN_AMOUNT,
    check_cancel,
    check_card_quota,
)

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)

PAID = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SOON = PAID + timedelta(days=1)


def test_constants() -> None:
    assert (MAX_PARTIAL_CANCELS, CANCEL_WINDOW_DAYS, QUOTA_MIN_AMOUNT, MAX_QUOTA) == (9, 180, 50_000, 12)


@pytest.mark.parametrize(
    ("quota", "amount"), [(0, 1), (0, 49_999), (2, 50_000), (12, 50_000), (3, 1_000_000)]
)
def test_quota_allowed(quota: int, amount: int) -> None:
    assert check_card_quota(quota, amount) == quota


@pytest.mark.parametrize(
    ("quota", "amount", "message"),
    [
        (1, 100_000, MSG_QUOTA_RANGE),
        (13, 100_000, MSG_QUOTA_RANGE),
        (-1, 100_000, MSG_QUOTA_RANGE),
        (2, 49_999, MSG_QUOTA_MIN_AMOUNT),
        (12, 1, MSG_QUOTA_MIN_AMOUNT),
    ],
)
def test_quota_refused(quota: int, amount: int, message: str) -> None:
    with pytest.raises(FieldError) as info:
        check_card_quota(quota, amount)
    assert info.value.field == "card_quota"
    assert info.value.message == message


def test_quota_message_shows_the_threshold() -> None:
    with pytest.raises(FieldError) as info:
        check_card_quota(3, 10_000)
    assert str(info.value) == "할부는 50,000원 이상 결제에서만 가능합니다."


def test_cancel_everything_remaining() -> None:
    assert check_cancel(10_000, 0, None, 0, PAID, SOON) == 10_000
    assert check_cancel(10_000, 0, 0, 0, PAID, SOON) == 10_000
    assert check_cancel(10_000, 3_000, None, 1, PAID, SOON) == 7_000


def test_cancel_part() -> None:
    assert check_cancel(10_000, 0, 4_000, 0, PAID, SOON) == 4_000
    assert check_cancel(10_000, 4_000, 6_000, 1, PAID, SOON) == 6_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((10_000, 10_000, None, 1), MSG_CANCEL_NOTHING_LEFT),
        ((10_000, 12_000, None, 1), MSG_CANCEL_NOTHING_LEFT),
        ((10_000, 0, 10_001, 0), MSG_CANCEL_TOO_MUCH),
        ((10_000, 4_000, 6_001, 1), MSG_CANCEL_TOO_MUCH),
        ((10_000, 0, -1, 0), MSG_CANCEL_NEGATIVE),
        ((10_000, 1_000, 1_000, 9), MSG_CANCEL_PARTIAL_LIMIT),
        ((10_000, 1_000, None, 9), MSG_CANCEL_PARTIAL_LIMIT),  # the balance after 9 partials too
    ],
)
def test_cancel_refused(args: tuple[int, int, int | None, int], message: str) -> None:
    with pytest.raises(FieldError) as info:
        check_cancel(*args, PAID, SOON)
    assert info.value.field == "amount"
    assert info.value.message == message


def test_ninth_partial_cancel_is_allowed_tenth_is_not() -> None:
    assert check_cancel(10_000, 800, 100, 8, PAID, SOON) == 100
    with pytest.raises(FieldError) as info:
        check_cancel(10_000, 900, 100, 9, PAID, SOON)
    assert str(info.value) == "부분취소는 최대 9회까지 가능합니다. 이미 9회 부분취소되었습니다."


def test_first_cancel_of_the_whole_amount_is_not_partial() -> None:
    # partial_cancels_so_far cannot be > 0 with nothing cancelled in practice; the rule looks at amounts
    assert check_cancel(10_000, 0, None, 9, PAID, SOON) == 10_000


def test_too_much_message_shows_remaining() -> None:
    with pytest.raises(FieldError) as info:
        check_cancel(10_000, 4_000, 7_000, 1, PAID, SOON)
    assert str(info.value) == "취소 금액이 취소 가능한 잔액(6,000원)보다 큽니다."


def test_cancel_window_edges() -> None:
    edge = PAID + timedelta(days=CANCEL_WINDOW_DAYS)
    assert check_cancel(10_000, 0, None, 0, PAID, edge) == 10_000
    with pytest.raises(FieldError) as info:
        check_cancel(10_000, 0, None, 0, PAID, edge + timedelta(seconds=1))
    assert info.value.message == MSG_CANCEL_WINDOW
    assert info.value.params == {"days": 180}


@NO_DEADLINE
@given(
    st.integers(1, 10_000_000),
    st.data(),
)
def test_cancel_never_exceeds_the_balance(amount_paid: int, data: st.DataObject) -> None:
    cancelled = data.draw(st.integers(0, amount_paid - 1))
    request = data.draw(st.one_of(st.none(), st.integers(0, amount_paid)))
    partials = data.draw(st.integers(0, MAX_PARTIAL_CANCELS - 1))
    remaining = amount_paid - cancelled
    if request is not None and request > remaining:
        with pytest.raises(FieldError):
            check_cancel(amount_paid, cancelled, request, partials, PAID, SOON)
        return
    to_cancel = check_cancel(amount_paid, cancelled, request, partials, PAID, SOON)
    assert 0 < to_cancel <= remaining
    assert to_cancel == (request or remaining)
