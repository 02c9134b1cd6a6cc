"""Scheduled payments: made under the KSNET rules, run by the sandbox clock exactly like `again`, moved,
revoked, rescheduled, retried and listed. No test sleeps: the clock is advanced."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_helpers import SandboxApi, billing_key_body, onetime_body, schedule_item

from pos_app.sandbox import cards
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer

SCHEDULE = "/subscribe/payments/schedule"



@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A sandbox whose clock moves only when a test moves it: "one second before schedule_at" must not
    pass by itself on a loaded machine."""
    frozen = float(int(time.time()))
    server = SandboxServer(host="127.0.0.1", port=0, clock=lambda: frozen)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def now(server: SandboxServer) -> int:
    return int(server.now())


def _made(api: SandboxApi, customer_uid: str, *items: dict[str, Any]) -> list[dict[str, Any]]:
    reply = api.schedule(customer_uid, *items)
    assert reply.status_code == 200, reply.text
    assert reply.json()["code"] == 0, reply.json()
    made: list[dict[str, Any]] = reply.json()["response"]
    return made


def _schedule(api: SandboxApi, merchant_uid: str) -> dict[str, Any]:
    reply = api.get(f"{SCHEDULE}/{merchant_uid}")
    assert reply.status_code == 200, reply.text
    found: dict[str, Any] = reply.json()["response"]
    return found


def test_a_schedule_is_made_on_the_billing_key_and_read_back(api: SandboxApi, now: int) -> None:
    api.register("cust-1", customer_name="김단골", customer_tel="010-2222-3333")
    (made,) = _made(api, "cust-1", schedule_item("S-1", now + 3600, buyer_name="받는분", buyer_tel=None))
    assert made["merchant_uid"] == "S-1"
    assert (made["customer_uid"], made["schedule_at"], made["amount"]) == ("cust-1", now + 3600, 30_000)
    assert (made["schedule_status"], made["payment_status"], made["imp_uid"]) == ("scheduled", None, None)
    assert (made["executed_at"], made["revoked_at"]) == (0, 0)
    assert (made["pg_provider"], made["pg_id"]) == ("ksnet", "2999199999")
    assert made["buyer_name"] == "받는분"
    assert made["buyer_tel"] == "010-2222-3333"  # missing buyer_* come from the key's customer_*
    assert _schedule(api, "S-1") == made
    assert api.get(f"{SCHEDULE}/none").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"buyer_name": None}, "구매자명(buyer_name)은 필수"),
        ({"product_type": None}, "상품유형(product_type)은 필수"),
        ({"product_type": "physical"}, "product_type"),
        ({"tax_free": None}, "면세금액(schedules[1].tax_free)은 필수"),
        ({"tax_free": 40_000}, "tax_free"),
        ({"amount": 0}, "amount"),
        ({"name": None}, "name"),
        ({"card_quota": 3, "amount": 30_000}, "50,000원 이상"),
        ({"schedule_at": None}, "schedule_at"),
        ({"merchant_uid": "m" * 41}, "merchant_uid"),
    ],
)
def test_ksnet_rules_refuse_the_whole_request(
    api: SandboxApi, now: int, overrides: dict[str, Any], fragment: str
) -> None:
    api.register("cust-r")
    good = schedule_item("S-good", now + 60)
    bad = {**schedule_item("S-bad", now + 60), **overrides}
    bad = {key: value for key, value in bad.items() if value is not None}  # None: the field left out
    reply = api.schedule("cust-r", good, bad)
    assert reply.status_code == 400
    assert (reply.json()["code"], reply.json()["response"]) == (1, None)
    assert fragment in reply.json()["message"]
    assert api.get(f"{SCHEDULE}/S-good").status_code == 404  # nothing from that request was scheduled


def test_a_time_in_the_past_is_refused(api: SandboxApi, now: int) -> None:
    api.register("cust-p")
    reply = api.schedule("cust-p", schedule_item("S-past", now))
    assert reply.status_code == 400
    assert "현재 시각 이후" in reply.json()["message"]


def test_a_merchant_uid_already_scheduled_or_paid_is_refused(api: SandboxApi, now: int) -> None:
    api.register("cust-d")
    _made(api, "cust-d", schedule_item("S-dup", now + 60))
    paid = api.pay()
    for item in (schedule_item("S-dup", now + 120), schedule_item(paid["merchant_uid"], now + 120)):
        reply = api.schedule("cust-d", schedule_item("S-other", now + 60), item)
        assert reply.status_code == 200
        assert reply.json()["code"] == 1
        assert "중복결제할 수 없습니다" in reply.json()["message"]
    twice = api.schedule("cust-d", schedule_item("S-twice", now + 60), schedule_item("S-twice", now + 90))
    assert twice.json()["code"] == 1
    assert api.get(f"{SCHEDULE}/S-other").status_code == 404
    assert api.get(f"{SCHEDULE}/S-twice").status_code == 404


def test_without_a_billing_key_card_data_issues_one_first(api: SandboxApi, now: int) -> None:
    refused = api.schedule("cust-new", schedule_item("S-nokey", now + 60))
    assert refused.json()["code"] == 1
    assert "등록되지 않은 구매자" in refused.json()["message"]
    declined = api.schedule(
        "cust-new", schedule_item("S-lost", now + 60), **billing_key_body(cards.DECLINE_LOST)
    )
    assert declined.json()["code"] == -1
    assert api.get("/subscribe/customers/cust-new").status_code == 404
    (made,) = _made_with_card(api, "cust-new", schedule_item("S-card", now + 60))
    assert made["customer_uid"] == "cust-new"
    assert api.get("/subscribe/customers/cust-new").json()["response"]["card_name"] == "KB국민카드"


def _made_with_card(api: SandboxApi, customer_uid: str, item: dict[str, Any]) -> list[dict[str, Any]]:
    reply = api.schedule(customer_uid, item, **billing_key_body())
    assert reply.json()["code"] == 0, reply.json()
    made: list[dict[str, Any]] = reply.json()["response"]
    return made


def test_a_wrong_channel_key_is_refused(api: SandboxApi, server: SandboxServer, now: int) -> None:
    api.register("cust-k")
    reply = api.schedule("cust-k", schedule_item("S-key", now + 60), channel_key="channel-key-other")
    assert reply.status_code == 400
    assert "channel_key" in reply.json()["message"]
    right = api.schedule("cust-k", schedule_item("S-key", now + 60), channel_key=server.channel_key)
    assert right.json()["code"] == 0


def test_the_clock_passing_schedule_at_runs_it_exactly_like_again(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-run")
    _made(api, "cust-run", schedule_item("S-run", now + 600, amount=44_000, tax_free=4_000))
    server.advance_clock(599)
    assert _schedule(api, "S-run")["schedule_status"] == "scheduled"
    assert api.get("/payments/find/S-run").status_code == 404
    server.advance_clock(1)
    ran = _schedule(api, "S-run")
    assert (ran["schedule_status"], ran["payment_status"], ran["executed_at"]) == (
        "executed",
        "paid",
        now + 600,
    )
    payment = api.get("/payments/find/S-run").json()["response"]
    assert ran["imp_uid"] == payment["imp_uid"]
    assert (payment["status"], payment["amount"], payment["paid_at"], payment["started_at"]) == (
        "paid",
        44_000,
        now + 600,
        now + 600,
    )
    assert (payment["customer_uid"], payment["customer_uid_usage"]) == ("cust-run", "payment.scheduled")
    assert (payment["card_name"], payment["sandbox"], payment["name"]) == ("KB국민카드", True, "정기 배송")
    assert [p["imp_uid"] for p in api.get("/payments/findAll/S-run").json()["response"]["list"]] == [
        payment["imp_uid"]
    ]
    paid = api.get("/payments/status/paid").json()["response"]["list"]
    assert payment["imp_uid"] in {p["imp_uid"] for p in paid}
    by_key = api.get("/subscribe/customers/cust-run/payments").json()["response"]["list"]
    assert [p["imp_uid"] for p in by_key] == [payment["imp_uid"]]
    cancelled = api.post(
        "/payments/cancel", {"imp_uid": payment["imp_uid"], "amount": 4_000, "tax_free": 4_000}
    )
    assert cancelled.json()["code"] == 0  # the scheduled payment kept its tax-free share
    assert _schedule(api, "S-run")["payment_status"] == "cancelled"  # follows the payment


def test_a_declining_card_fails_the_execution_with_its_message(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-limit", card=cards.DECLINE_LIMIT)
    _made(api, "cust-limit", schedule_item("S-limit", now + 60))
    server.advance_clock(60)
    ran = _schedule(api, "S-limit")
    assert (ran["schedule_status"], ran["payment_status"]) == ("executed", "failed")
    assert ran["fail_reason"] == "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과"
    payment = api.get(f"/payments/{ran['imp_uid']}", params={"include_sandbox": "true"}).json()["response"]
    assert (payment["status"], payment["fail_reason"]) == ("failed", ran["fail_reason"])


def test_due_schedules_run_in_time_order_on_one_clock_jump(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-order")
    _made(api, "cust-order", schedule_item("S-late", now + 300), schedule_item("S-early", now + 100))
    server.advance_clock(600)
    early, late = (api.get(f"/payments/find/{uid}").json()["response"] for uid in ("S-early", "S-late"))
    assert (early["paid_at"], late["paid_at"]) == (now + 100, now + 300)
    assert early["imp_uid"][-9:] < late["imp_uid"][-9:]  # made first


def test_a_deleted_billing_key_fails_the_execution_without_a_payment(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-gone")
    _made(api, "cust-gone", schedule_item("S-gone", now + 60))
    assert api.delete("/subscribe/customers/cust-gone").status_code == 200
    server.advance_clock(60)
    ran = _schedule(api, "S-gone")
    assert (ran["schedule_status"], ran["payment_status"], ran["imp_uid"]) == ("executed", "failed", None)
    assert ran["fail_reason"] == "등록되지 않은 구매자입니다."
    assert api.get("/payments/find/S-gone").status_code == 404
    assert api.post(f"{SCHEDULE}/S-gone/retry").status_code == 404  # no key to retry with


def test_put_moves_a_scheduled_one(api: SandboxApi, server: SandboxServer, now: int) -> None:
    api.register("cust-move")
    _made(api, "cust-move", schedule_item("S-move", now + 60))
    moved = api.put(f"{SCHEDULE}/S-move", {"schedule_at": now + 600}).json()["response"]
    assert (moved["schedule_at"], moved["schedule_status"]) == (now + 600, "scheduled")
    assert api.put(f"{SCHEDULE}/S-move", {"schedule_at": now - 1}).status_code == 400
    assert api.put(f"{SCHEDULE}/S-move", {}).status_code == 400
    assert api.put(f"{SCHEDULE}/none", {"schedule_at": now + 60}).status_code == 404
    server.advance_clock(120)
    assert _schedule(api, "S-move")["schedule_status"] == "scheduled"  # not at the old time
    server.advance_clock(480)
    assert _schedule(api, "S-move")["schedule_status"] == "executed"
    refused = api.put(f"{SCHEDULE}/S-move", {"schedule_at": now + 9000})
    assert refused.status_code == 400
    assert "이미 실행" in refused.json()["message"]


def test_unschedule_by_merchant_uid_or_by_customer(api: SandboxApi, server: SandboxServer, now: int) -> None:
    api.register("cust-un")
    _made(api, "cust-un", *(schedule_item(f"S-un-{n}", now + 60 * n) for n in (1, 2, 3)))
    server.advance_clock(60)  # S-un-1 runs
    one = api.post("/subscribe/payments/unschedule", {"merchant_uid": ["S-un-1", "S-un-2"]}).json()
    assert [s["merchant_uid"] for s in one["response"]] == ["S-un-2"]  # an executed one cannot be revoked
    assert one["response"][0]["schedule_status"] == "revoked"
    assert one["response"][0]["revoked_at"] == now + 60
    rest = api.post("/subscribe/payments/unschedule", {"customer_uid": "cust-un"}).json()["response"]
    assert [s["merchant_uid"] for s in rest] == ["S-un-3"]
    nothing = api.post("/subscribe/payments/unschedule", {"customer_uid": "cust-un"})
    assert (nothing.status_code, nothing.json()["code"]) == (200, 1)
    assert api.post("/subscribe/payments/unschedule", {}).status_code == 400
    server.advance_clock(600)
    assert api.get("/payments/find/S-un-3").status_code == 404  # revoked: never charged
    assert _schedule(api, "S-un-3")["schedule_status"] == "revoked"


def test_reschedule_a_revoked_or_failed_one(api: SandboxApi, server: SandboxServer, now: int) -> None:
    api.register("cust-re")
    _made(api, "cust-re", schedule_item("S-re", now + 60))
    refused = api.post(f"{SCHEDULE}/S-re/reschedule", {"schedule_at": now + 120})
    assert refused.status_code == 400  # still scheduled
    api.post("/subscribe/payments/unschedule", {"merchant_uid": ["S-re"]})
    again = api.post(f"{SCHEDULE}/S-re/reschedule", {"schedule_at": now + 120}).json()["response"]
    assert (again["schedule_status"], again["schedule_at"], again["revoked_at"]) == (
        "scheduled",
        now + 120,
        0,
    )
    server.advance_clock(120)
    assert _schedule(api, "S-re")["payment_status"] == "paid"
    assert api.post(f"{SCHEDULE}/S-re/reschedule", {"schedule_at": now + 900}).status_code == 400  # paid
    assert api.post(f"{SCHEDULE}/none/reschedule", {"schedule_at": now + 900}).status_code == 404


def test_retry_charges_a_failed_one_now_and_answers_the_payment(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-retry", card=cards.DECLINE_LIMIT)
    _made(api, "cust-retry", schedule_item("S-retry", now + 60))
    assert api.post(f"{SCHEDULE}/S-retry/retry").status_code == 400  # not yet run
    server.advance_clock(60)
    first = _schedule(api, "S-retry")["imp_uid"]
    still = api.post(f"{SCHEDULE}/S-retry/retry").json()
    assert (still["code"], still["response"]["status"]) == (0, "failed")  # the schema: read the status
    api.register("cust-retry", card=cards.APPROVE_CREDIT)  # the customer gave another card
    server.advance_clock(30)
    paid = api.post(f"{SCHEDULE}/S-retry/retry").json()
    assert (paid["code"], paid["response"]["status"], paid["response"]["paid_at"]) == (0, "paid", now + 90)
    ran = _schedule(api, "S-retry")
    assert (ran["imp_uid"], ran["payment_status"], ran["executed_at"]) == (
        paid["response"]["imp_uid"],
        "paid",
        now + 90,
    )
    attempts = api.get("/payments/findAll/S-retry").json()["response"]["list"]
    assert {p["imp_uid"] for p in attempts} == {first, still["response"]["imp_uid"], ran["imp_uid"]}
    assert api.post(f"{SCHEDULE}/S-retry/retry").status_code == 400  # paid: nothing to retry


def test_lists_by_range_and_by_customer_with_paging(api: SandboxApi, now: int) -> None:
    api.register("cust-a")
    api.register("cust-b")
    _made(api, "cust-a", *(schedule_item(f"S-a{n}", now + 100 * n) for n in range(1, 26)))
    _made(api, "cust-b", schedule_item("S-b1", now + 150))
    api.post("/subscribe/payments/unschedule", {"merchant_uid": ["S-a1"]})
    window = {"schedule_from": now + 100, "schedule_to": now + 400}  # 100 <= at < 400
    listed = api.get(SCHEDULE, params=window).json()["response"]
    assert [s["merchant_uid"] for s in listed] == ["S-a3", "S-a2", "S-b1", "S-a1"]  # newest first
    oldest = api.get(SCHEDULE, params={**window, "sorting": "scheduled", "limit": 2, "page": 2}).json()
    assert [s["merchant_uid"] for s in oldest["response"]] == ["S-a2", "S-a3"]
    past_end = api.get(SCHEDULE, params={**window, "limit": 2, "page": 3}).json()
    assert (past_end["code"], past_end["response"]) == (0, [])
    revoked = api.get(SCHEDULE, params={**window, "schedule_status": "revoked"}).json()["response"]
    assert [s["merchant_uid"] for s in revoked] == ["S-a1"]
    customer = f"{SCHEDULE}/customers/cust-a"
    span = {"from": now, "to": now + 86400}
    page1 = api.get(customer, params=span).json()["response"]
    page2 = api.get(customer, params={**span, "page": 2}).json()["response"]
    assert len(page1) == 20
    assert [s["merchant_uid"] for s in page2] == [f"S-a{n}" for n in range(5, 0, -1)]
    scheduled = api.get(customer, params={**span, "schedule-status": "scheduled", "page": 2}).json()[
        "response"
    ]
    assert "S-a1" not in {s["merchant_uid"] for s in scheduled}
    alias = api.get("/subscribe/customers/cust-a/schedules", params=span).json()["response"]
    assert alias == page1


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (SCHEDULE, {"schedule_from": 1_764_000_000, "schedule_to": 1_764_000_000 + 93 * 86400}),
        (SCHEDULE, {"schedule_from": 1_764_000_000}),
        (SCHEDULE, {"schedule_from": 2, "schedule_to": 1}),
        (SCHEDULE, {"schedule_from": 1, "schedule_to": 2, "limit": 1001}),
        (SCHEDULE, {"schedule_from": 1, "schedule_to": 2, "schedule_status": "done"}),
        (SCHEDULE, {"schedule_from": 1, "schedule_to": 2, "sorting": "-scheduled"}),
        (f"{SCHEDULE}/customers/c", {"from": 1_764_000_000, "to": 1_764_000_000 + 93 * 86400}),
        (f"{SCHEDULE}/customers/c", {"to": 1}),
        (f"{SCHEDULE}/customers/c", {"from": 1, "to": 2, "schedule-status": "done"}),
    ],
)
def test_list_parameters_are_checked(api: SandboxApi, path: str, params: dict[str, Any]) -> None:
    reply = api.get(path, params=params)
    assert reply.status_code == 400
    assert reply.json()["code"] == 1


def test_three_calendar_months_is_the_longest_range(api: SandboxApi) -> None:
    start = 1_769_871_600  # 2026-02-01 00:00 KST
    ok = api.get(
        SCHEDULE, params={"schedule_from": start, "schedule_to": start + 89 * 86400}
    )  # to 2026-05-01
    assert ok.json()["code"] == 0
    over = api.get(SCHEDULE, params={"schedule_from": start, "schedule_to": start + 89 * 86400 + 1})
    assert over.status_code == 400


def test_form_encoded_clients_send_schedules_as_json_text(
    server: SandboxServer, api: SandboxApi, now: int
) -> None:
    import json

    api.register("cust-form")
    reply = api.session.post(
        f"{server.base_url}{SCHEDULE}",
        data={"customer_uid": "cust-form", "schedules": json.dumps([schedule_item("S-form", now + 60)])},
        headers={"Authorization": api.token},
        timeout=10,
    )
    assert reply.json()["code"] == 0
    assert _schedule(api, "S-form")["customer_uid"] == "cust-form"


def test_faults_work_on_the_schedule_endpoints(api: SandboxApi, server: SandboxServer, now: int) -> None:
    import requests

    api.register("cust-f")
    server.faults.add(Fault("reset_after", path_prefix=SCHEDULE, method="POST"))
    with pytest.raises(requests.ConnectionError):
        api.schedule("cust-f", schedule_item("S-f", now + 60))
    assert _schedule(api, "S-f")["schedule_status"] == "scheduled"  # committed before the reset
    server.faults.add(Fault("http_502", path_prefix=f"{SCHEDULE}/S-f", method="GET"))
    assert api.get(f"{SCHEDULE}/S-f").status_code == 502
    server.faults.add(Fault("http_500", path_prefix="/subscribe/payments/unschedule"))
    assert api.post("/subscribe/payments/unschedule", {"merchant_uid": ["S-f"]}).status_code == 500
    assert _schedule(api, "S-f")["schedule_status"] == "scheduled"  # not processed
    assert server.posts_for("S-f") == 2


def test_a_paid_onetime_merchant_uid_blocks_the_execution_not_only_the_schedule(
    api: SandboxApi, server: SandboxServer, now: int
) -> None:
    api.register("cust-x")
    _made(api, "cust-x", schedule_item("S-x", now + 60))
    assert api.post("/subscribe/payments/onetime", onetime_body("S-x")).json()["code"] == 0
    server.advance_clock(60)
    ran = _schedule(api, "S-x")
    assert (ran["payment_status"], ran["imp_uid"]) == ("failed", None)
    assert "이미 결제가 완료된" in ran["fail_reason"]
    assert len(api.get("/payments/findAll/S-x").json()["response"]["list"]) == 1  # no second charge
