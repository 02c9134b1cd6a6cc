"""merchant_uid / customer_uid minting: charset, length, counter inside, uniqueness, time order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.uids import (
    COUNTER_ID_MAX,
    CUSTOMER_UID_MAX,
    MERCHANT_UID_MAX,
    is_valid_counter_id,
    is_valid_customer_uid,
    is_valid_merchant_uid,
    merchant_uid_counter,
    merchant_uid_time,
    mint_customer_uid,
    mint_merchant_uid,
)

# examples run on a shared, busy machine: their speed is not what these tests check
NO_DEADLINE = settings(deadline=None)

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 26, 14, 32, 5, 123_456, tzinfo=UTC)
counter_ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_",
    min_size=1,
    max_size=COUNTER_ID_MAX,
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


def test_example_shape() -> None:
    assert mint_merchant_uid("C01", NOW, nonce="k3f9") == "C01-20261126T143205123-k3f9"


def test_time_is_utc_whatever_the_zone() -> None:
    assert mint_merchant_uid("C01", NOW.astimezone(KST), nonce="a") == "C01-20261126T143205123-a"


def test_random_nonce_shape() -> None:
    uid = mint_merchant_uid("C01", NOW)
    assert re.fullmatch(r"C01-20261126T143205123-[0-9a-z]{8}", uid)


@NO_DEADLINE
@given(counter_ids, moments)
def test_minted_merchant_uids_are_valid_and_carry_counter_and_time(counter: str, now: datetime) -> None:
    uid = mint_merchant_uid(counter, now)
    assert len(uid) <= MERCHANT_UID_MAX
    assert is_valid_merchant_uid(uid)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", uid)
    assert counter in uid
    assert merchant_uid_counter(uid) == counter
    assert merchant_uid_time(uid) == now.replace(microsecond=now.microsecond // 1000 * 1000)


@NO_DEADLINE
@given(counter_ids, st.lists(moments, min_size=2, max_size=30))
def test_uids_of_one_counter_sort_by_time(counter: str, times: list[datetime]) -> None:
    uids = [mint_merchant_uid(counter, t) for t in times]
    millis = [t.replace(microsecond=t.microsecond // 1000 * 1000) for t in sorted(times)]
    # ids minted in the same millisecond may come in any order; otherwise string order = time order
    assert [merchant_uid_time(u) for u in sorted(uids)] == millis


def test_many_uids_in_the_same_millisecond_are_unique() -> None:
    uids = {mint_merchant_uid("C01", NOW) for _ in range(20_000)}
    assert len(uids) == 20_000


@pytest.mark.parametrize("counter", ["", "C-01", "카운터1", "C 1", "A" * (COUNTER_ID_MAX + 1), "C01\n"])
def test_bad_counter_ids_are_refused(counter: str) -> None:
    assert not is_valid_counter_id(counter)
    with pytest.raises(ValueError, match="counter id"):
        mint_merchant_uid(counter, NOW)


@pytest.mark.parametrize("nonce", ["", "a-b", "123456789", "ä"])
def test_bad_nonces_are_refused(nonce: str) -> None:
    with pytest.raises(ValueError, match="nonce"):
        mint_merchant_uid("C01", NOW, nonce=nonce)


def test_naive_now_is_local_time() -> None:
    naive = datetime(2026, 11, 26, 14, 32, 5)
    expected = naive.astimezone(UTC)
    assert merchant_uid_time(mint_merchant_uid("C01", naive)) == expected


@pytest.mark.parametrize(
    ("uid", "valid"),
    [
        ("a", True),
        ("C01-20261126T143205123-k3f9", True),
        ("x" * 40, True),
        ("x" * 41, False),
        ("", False),
        ("a b", False),
        ("a/b", False),
        ("주문1", False),
        ("a.b", False),
    ],
)
def test_is_valid_merchant_uid(uid: str, valid: bool) -> None:
    assert is_valid_merchant_uid(uid) is valid


def test_foreign_uids_have_no_time() -> None:
    assert merchant_uid_time("order-1") is None
    assert merchant_uid_counter("order-1") is None
    assert merchant_uid_time("C01-20261399T143205123-k3f9") is None  # month 13


def test_customer_uid_shape() -> None:
    uid = mint_customer_uid("C01", "010-1234-5678", NOW, nonce="n0")
    assert uid == "C01-cust-5678-20261126T143205123-n0"
    assert merchant_uid_time(uid) == NOW.replace(microsecond=123_000)
    assert mint_customer_uid("C01", "", NOW, nonce="n0") == "C01-cust--20261126T143205123-n0"


@NO_DEADLINE
@given(counter_ids, st.text(max_size=30), moments)
def test_customer_uids_are_valid_and_unique(counter: str, tel: str, now: datetime) -> None:
    first = mint_customer_uid(counter, tel, now)
    second = mint_customer_uid(counter, tel, now)
    assert first != second  # a new id per registration: unique per customer and card
    assert len(first) <= CUSTOMER_UID_MAX
    assert is_valid_customer_uid(first)


def test_is_valid_customer_uid_limits() -> None:
    assert is_valid_customer_uid("c" * 80)
    assert not is_valid_customer_uid("c" * 81)
    assert not is_valid_customer_uid("")
    assert not is_valid_customer_uid("a b")
