"""Cancels (`POST /payments/cancel`): full, partial, checksum, KSNET's 9 partial cancels and 6 months."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sandbox_helpers import SandboxApi, new_uid, onetime_body

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer

CANCEL = "/payments/cancel"
NOT_FOUND = {"code": 1, "message": "취소할 결제건이 존재하지 않습니다.", "response": None}


def test_full_cancel_by_imp_uid(api: SandboxApi, server: SandboxServer) -> None:
    payment = api.pay(amount=20_000)
    server.advance_clock(90)
    reply = api.post(CANCEL, {"imp_uid": payment["imp_uid"], "reason": "고객 변심", "checksum": 20_000})
    assert reply.status_code == 200
    cancelled = reply.json()["response"]
    assert reply.json()["code"] == 0
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_amount"] == 20_000
    assert cancelled["cancelled_at"] == payment["paid_at"] + 90
    assert cancelled["cancel_reason"] == "고객 변심"
    [entry] = cancelled["cancel_history"]
    assert entry["amount"] == 20_000
    assert entry["reason"] == "고객 변심"
    assert entry["cancelled_at"] == cancelled["cancelled_at"]
    assert entry["cancellation_id"]
    assert entry["pg_tid"]
    assert entry["receipt_url"].startswith(server.base_url)
    assert cancelled["cancel_receipt_urls"] == [entry["receipt_url"]]
    again = api.post(CANCEL, {"imp_uid": payment["imp_uid"]}).json()
    assert again == {"code": 1, "message": "이미 전액취소된 주문입니다.", "response": None}


def test_partial_cancels_by_merchant_uid_with_checksum(api: SandboxApi) -> None:
    merchant_uid = new_uid()
    api.pay(merchant_uid=merchant_uid, amount=10_000, tax_free=4_000)
    first = api.post(
        CANCEL, {"merchant_uid": merchant_uid, "amount": 3_000, "tax_free": 1_000, "checksum": 10_000}
    ).json()["response"]
    assert first["status"] == "cancelled"  # as observed on the real API after a partial cancel
    assert first["cancel_amount"] == 3_000
    second = api.post(CANCEL, {"merchant_uid": merchant_uid, "amount": 0, "checksum": 7_000}).json()[
        "response"
    ]
    assert second["cancel_amount"] == 10_000
    assert [e["amount"] for e in second["cancel_history"]] == [3_000, 7_000]
    assert len({e["cancellation_id"] for e in second["cancel_history"]}) == 2


def test_checksum_mismatch_is_refused_and_changes_nothing(api: SandboxApi) -> None:
    payment = api.pay(amount=10_000)
    api.post(CANCEL, {"imp_uid": payment["imp_uid"], "amount": 1_000})
    refused = api.post(CANCEL, {"imp_uid": payment["imp_uid"], "amount": 1_000, "checksum": 10_000}).json()
    assert refused["code"] == 1
    assert refused["response"] is None
    assert "checksum" in refused["message"]
    now = api.get(f"/payments/{payment['imp_uid']}", params={"include_sandbox": "true"}).json()["response"]
    assert now["cancel_amount"] == 1_000


def test_amount_above_the_balance_is_refused(api: SandboxApi) -> None:
    payment = api.pay(amount=10_000)
    refused = api.post(CANCEL, {"imp_uid": payment["imp_uid"], "amount": 10_001}).json()
    assert refused["code"] == 1
    assert "cancelable amount" in refused["message"]


def test_at_most_nine_partial_cancels(api: SandboxApi) -> None:
    payment = api.pay(amount=20_000)
    for n in range(9):
        reply = api.post(
            CANCEL, {"imp_uid": payment["imp_uid"], "amount": 1_000, "checksum": 20_000 - n * 1_000}
        )
        assert reply.json()["code"] == 0, reply.json()
    tenth = api.post(CANCEL, {"imp_uid": payment["imp_uid"]}).json()
    assert tenth["code"] == 1
    assert "최대 9회" in tenth["message"]
    state = api.get(f"/payments/{payment['imp_uid']}", params={"include_sandbox": True}).json()["response"]
    assert state["cancel_amount"] == 9_000
    assert len(state["cancel_history"]) == 9


def test_cancel_tax_free_cannot_exceed_the_cancel_or_the_tax_free_left(api: SandboxApi) -> None:
    payment = api.pay(amount=10_000, tax_free=2_000)
    for body in ({"amount": 1_000, "tax_free": 1_500}, {"amount": 5_000, "tax_free": 2_500}):
        reply = api.post(CANCEL, {"imp_uid": payment["imp_uid"], **body})
        assert reply.status_code == 400
        assert "tax_free" in reply.json()["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"imp_uid": "imp_000000000000"},
        {"merchant_uid": "never-paid"},
        {"imp_uid": "imp_000000000000", "merchant_uid": "PAID"},
    ],
    ids=["unknown-imp", "unknown-merchant", "bad-imp-wins"],
)
def test_cancel_of_nothing(api: SandboxApi, body: dict[str, str]) -> None:
    paid = api.pay()
    body = {key: paid["merchant_uid"] if value == "PAID" else value for key, value in body.items()}
    assert api.post(CANCEL, body).json() == NOT_FOUND


def test_failed_payment_cannot_be_cancelled(api: SandboxApi) -> None:
    merchant_uid = new_uid()
    api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, card=cards.DECLINE_LOST))
    assert api.post(CANCEL, {"merchant_uid": merchant_uid}).json() == NOT_FOUND


def test_cancel_needs_an_id(api: SandboxApi) -> None:
    reply = api.post(CANCEL, {"amount": 1000})
    assert reply.status_code == 400
    assert reply.json()["code"] == 1


class _Clock:
    """Sandbox wall clock pinned to a KST date so the six-month edge is exact."""

    def __init__(self, start: datetime) -> None:
        self.now = start.timestamp()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def dated_server() -> Iterator[SandboxServer]:
    kst = timezone(timedelta(hours=9))
    server = SandboxServer(clock=_Clock(datetime(2026, 8, 31, 10, 0, tzinfo=kst)))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_six_month_window_in_calendar_months(dated_server: SandboxServer) -> None:
    api = SandboxApi(dated_server.base_url, dated_server.imp_key, dated_server.imp_secret)
    try:
        inside = api.pay()
        outside = api.pay()
        # 2026-08-31 10:00 KST + 6 months = 2027-02-28 10:00 KST (month end clamps).
        deadline = datetime(2027, 2, 28, 10, 0, tzinfo=timezone(timedelta(hours=9))).timestamp()
        dated_server.advance_clock(deadline - dated_server.now())
        api.forget_token()
        assert api.post(CANCEL, {"imp_uid": inside["imp_uid"]}).json()["code"] == 0
        dated_server.advance_clock(1)
        late = api.post(CANCEL, {"imp_uid": outside["imp_uid"]}).json()
        assert late["code"] == 1
        assert "6개월" in late["message"]
    finally:
        api.close()


def test_transfer_payment_cancel_has_no_slip(api: SandboxApi, server: SandboxServer) -> None:
    imp_uid = server.make_transfer_payment(new_uid(), 30_000, "이체고객")
    cancelled = api.post(CANCEL, {"imp_uid": imp_uid, "amount": 10_000}).json()["response"]
    assert "receipt_url" not in cancelled["cancel_history"][0]
    assert cancelled["cancel_receipt_urls"] == []
