"""What the world does, driven through the admin API and in Python: the sandbox clock, refunds made in
the PortOne console, the channel's test/live mode and the getToken status option."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from sandbox_helpers import SandboxApi, again_body, onetime_body
from standalone_process import StandaloneSandbox

from pos_app.sandbox import cards
from pos_app.sandbox.server import DEMO_IMP_KEY, DEMO_IMP_SECRET, Refusal, SandboxServer

# ------------------------------------------------------------------------------------ the clock


def _clock(server: SandboxServer, body: dict[str, Any] | None = None) -> requests.Response:
    url = f"{server.base_url}/__sandbox__/clock"
    return requests.get(url, timeout=10) if body is None else requests.post(url, json=body, timeout=10)


def test_the_clock_follows_real_time_by_default(server: SandboxServer) -> None:
    assert abs(server.now() - time.time()) < 5
    assert _clock(server).json()["response"]["offset_s"] == 0


def test_the_clock_is_advanced_or_set_and_never_goes_back(server: SandboxServer) -> None:
    start = int(server.now())
    assert _clock(server, {"advance_s": 100}).json()["response"]["now"] - start in (100, 101)
    assert _clock(server, {"advance": 50}).json()["response"]["now"] - start in (150, 151)  # the older name
    target = start + 10 * 86400
    assert _clock(server, {"set": target}).json()["response"]["now"] in (target, target + 1)
    for backwards in ({"advance_s": -1}, {"set": start}):
        refused = _clock(server, backwards)
        assert refused.status_code == 400
        assert "backwards" in refused.json()["message"]
    with pytest.raises(ValueError, match="backwards"):
        server.advance_clock(-5)
    with pytest.raises(ValueError, match="backwards"):
        server.set_clock(start)
    assert server.now() >= target


def test_everything_the_sandbox_stamps_follows_its_clock(api: SandboxApi, server: SandboxServer) -> None:
    target = int(server.now()) + 400 * 86400
    server.set_clock(target)
    api.forget_token()
    token = api.get_token().json()["response"]
    assert (token["now"], token["expired_at"]) == (target, target + 1800)
    paid = api.pay()
    assert paid["paid_at"] == paid["started_at"] == target
    server.advance_clock(7)
    cancelled = api.post("/payments/cancel", {"imp_uid": paid["imp_uid"]}).json()["response"]
    assert cancelled["cancel_history"][0]["cancelled_at"] == target + 7
    imp_uid = server.make_transfer_payment("W-transfer", 10_000, "이체고객")
    receipt = api.post(
        f"/receipts/{imp_uid}",
        {"identifier": "01012345678", "buyer_name": "이체고객", "product_type": "real", "tax_free": 0},
    ).json()["response"]
    assert receipt["applied_at"] == target + 7
    server.advance_clock(1801)
    assert api.get("/payments/find/x").status_code == 401  # the token expired by the sandbox clock


# ------------------------------------------------------------------------------ console refunds


def test_a_console_refund_leaves_the_same_trace_as_an_api_cancel(
    api: SandboxApi, server: SandboxServer
) -> None:
    paid = api.pay(amount=30_000, tax_free=10_000)
    posts_before = len(server.ledger())
    server.advance_clock(5)
    partial = server.console_cancel(paid["imp_uid"], 10_000, tax_free=2_000, reason="콘솔 부분 환불")
    (entry,) = partial["cancel_history"]
    assert (entry["amount"], entry["reason"], entry["cancelled_at"]) == (
        10_000,
        "콘솔 부분 환불",
        paid["paid_at"] + 5,
    )
    assert entry["pg_tid"].startswith("SC")
    assert entry["cancellation_id"].startswith("cxl_")
    assert entry["receipt_url"].startswith(server.base_url)
    assert (partial["cancel_amount"], partial["status"]) == (10_000, "cancelled")
    assert len(server.ledger()) == posts_before  # not a client request: nothing in the ledger
    # the counter's view now differs from the journal's: a cancel with the old balance is refused
    stale = api.post("/payments/cancel", {"imp_uid": paid["imp_uid"], "amount": 1_000, "checksum": 30_000})
    assert stale.json()["code"] == 1
    api_cancel = api.post(
        "/payments/cancel", {"imp_uid": paid["imp_uid"], "amount": 5_000, "checksum": 20_000}
    )
    second = api_cancel.json()["response"]["cancel_history"][1]
    assert set(second) == set(entry)  # an API cancel's entry has exactly the same fields
    looked_up = api.get(f"/payments/find/{paid['merchant_uid']}").json()["response"]
    assert looked_up["cancel_history"][0] == entry


def test_a_console_refund_over_http_cancels_the_rest(api: SandboxApi, server: SandboxServer) -> None:
    paid = api.pay()
    full = api.admin("console-cancel", {"imp_uid": paid["imp_uid"]})
    assert (full["cancel_amount"], full["cancel_history"][0]["reason"]) == (12_000, "관리자 콘솔 취소")
    again = requests.post(
        f"{server.base_url}/__sandbox__/console-cancel", json={"imp_uid": paid["imp_uid"]}, timeout=10
    ).json()
    assert (again["code"], again["message"]) == (1, "이미 전액취소된 주문입니다.")
    unknown = requests.post(
        f"{server.base_url}/__sandbox__/console-cancel", json={"imp_uid": "imp_0"}, timeout=10
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, -1)
    with pytest.raises(Refusal) as caught:
        server.console_cancel(paid["imp_uid"])
    assert caught.value.message == "이미 전액취소된 주문입니다."


def test_a_console_refund_follows_the_ksnet_rules(api: SandboxApi, server: SandboxServer) -> None:
    paid = api.pay(amount=12_000)
    with pytest.raises(Refusal, match="bigger than"):
        server.console_cancel(paid["imp_uid"], 20_000)
    with pytest.raises(Refusal, match="면세금액"):
        server.console_cancel(paid["imp_uid"], 1_000, tax_free=500)  # the sale had no tax-free part
    assert api.get(f"/payments/find/{paid['merchant_uid']}").json()["response"]["cancel_amount"] == 0


# ------------------------------------------------------------------------------------ the channel


def _pg(api: SandboxApi) -> dict[str, Any]:
    reply = api.get("/users/pg")
    assert reply.status_code == 200
    (setting,) = reply.json()["response"]
    result: dict[str, Any] = setting
    return result


def test_the_default_channel_is_a_test_channel(api: SandboxApi, server: SandboxServer) -> None:
    assert _pg(api) == {
        "pg_provider": "ksnet",
        "pg_id": "2999199999",
        "sandbox": True,
        "type": "api_payment",
        "channel_name": "KSNET 키인결제",
        "channel_key": server.channel_key,
    }
    assert api.pay()["sandbox"] is True
    assert api.register("test-ch")["sandbox"] is True


def test_a_live_channel_server_stands_in_for_a_real_shop() -> None:
    with SandboxServer(live_channel=True) as live:
        api = SandboxApi(live.base_url, live.imp_key, live.imp_secret)
        try:
            assert _pg(api)["sandbox"] is False
            paid = api.pay()
            assert paid["sandbox"] is False
            # a live payment is found without include_sandbox (PortOne hides only test payments)
            assert api.get(f"/payments/{paid['imp_uid']}").json()["response"]["imp_uid"] == paid["imp_uid"]
            assert api.register("live-cust")["sandbox"] is False
        finally:
            api.close()


def test_switching_the_channel_keeps_what_was_made_before(api: SandboxApi, server: SandboxServer) -> None:
    before = api.pay()
    api.register("switch-cust")
    switched = api.admin("channel", {"sandbox": False})
    assert switched["sandbox"] is False
    assert _pg(api)["sandbox"] is False
    after = api.pay()
    assert after["sandbox"] is False
    found = api.get(f"/payments/{before['imp_uid']}", params={"include_sandbox": "true"}).json()["response"]
    assert found["sandbox"] is True
    # a key issued on the test channel charges as test money, whatever the channel is now
    billed = api.post("/subscribe/payments/again", again_body("switch-cust")).json()["response"]
    assert billed["sandbox"] is True
    refused = requests.post(f"{server.base_url}/__sandbox__/channel", json={"sandbox": "no"}, timeout=10)
    assert refused.status_code == 400


def test_again_takes_the_channel_key_and_refuses_a_wrong_one(api: SandboxApi, server: SandboxServer) -> None:
    api.register("key-cust")
    right = api.post("/subscribe/payments/again", again_body("key-cust", channel_key=server.channel_key))
    assert right.json()["code"] == 0
    wrong = api.post("/subscribe/payments/again", again_body("key-cust", channel_key="channel-key-other"))
    assert wrong.status_code == 400
    assert wrong.json()["message"].startswith("요청하신 채널 키(channel_key: channel-key-other)")
    assert (
        api.post("/subscribe/payments/onetime", onetime_body(channel_key="not-a-field-of-onetime")).json()[
            "code"
        ]
        == 0
    )  # onetime has no channel_key in the schema: ignored


def test_the_standalone_server_takes_live_channel_and_token_status_flags() -> None:
    with StandaloneSandbox("--live-channel", "--token-status", "201") as sandbox:
        assert sandbox.info["test_channel"] == "false"
        token = requests.post(
            f"{sandbox.base_url}/users/getToken",
            json={"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET},
            timeout=10,
        )
        assert token.status_code == 201
        api = SandboxApi(sandbox.base_url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        api._token = token.json()["response"]["access_token"]
        try:
            assert _pg(api)["sandbox"] is False
            assert api.pay(card=cards.APPROVE_BC)["sandbox"] is False
        finally:
            api.close()
        assert sandbox.stop()[0] == 0


# ------------------------------------------------------------------------------------- options


def test_get_token_can_answer_201(api: SandboxApi, server: SandboxServer) -> None:
    assert api.admin("options", {"token_http_status": 201}) == {"token_http_status": 201}
    assert api.get_token().status_code == 201
    assert api.admin("options", {"token_http_status": 200}) == {"token_http_status": 200}
    assert api.get_token().status_code == 200
    refused = requests.post(
        f"{server.base_url}/__sandbox__/options", json={"token_http_status": 204}, timeout=10
    )
    assert refused.status_code == 400
