"""Payment lookups: by imp_uid, find / findAll by merchant_uid, many at once, and by status."""

from __future__ import annotations

import pytest
from sandbox_helpers import SandboxApi, new_uid, onetime_body

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer

NOT_FOUND = {"code": -1, "message": "존재하지 않는 결제정보입니다.", "response": None}


def test_get_payment_hides_sandbox_payments_unless_asked(api: SandboxApi) -> None:
    payment = api.pay()
    path = f"/payments/{payment['imp_uid']}"
    hidden = api.get(path)
    assert hidden.status_code == 404
    assert hidden.json() == NOT_FOUND
    assert api.get(path, params={"include_sandbox": "false"}).status_code == 404
    shown = api.get(path, params={"include_sandbox": "true"})
    assert shown.status_code == 200
    assert shown.json()["response"] == payment
    unknown = api.get("/payments/imp_999999999999", params={"include_sandbox": "true"})
    assert unknown.status_code == 404
    assert unknown.json() == NOT_FOUND


def test_find_returns_the_latest_attempt_or_the_latest_in_a_status(
    api: SandboxApi, server: SandboxServer
) -> None:
    merchant_uid = new_uid()
    api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, card=cards.DECLINE_LIMIT))
    server.advance_clock(5)
    api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, card=cards.DECLINE_LOST))
    server.advance_clock(5)
    paid = api.pay(merchant_uid=merchant_uid)
    assert api.get(f"/payments/find/{merchant_uid}").json()["response"]["imp_uid"] == paid["imp_uid"]
    assert api.get(f"/payments/find/{merchant_uid}/paid").json()["response"]["imp_uid"] == paid["imp_uid"]
    latest_failed = api.get(f"/payments/find/{merchant_uid}/failed").json()["response"]
    assert "분실" in latest_failed["fail_reason"]
    oldest = api.get(f"/payments/find/{merchant_uid}", params={"sorting": "started"}).json()["response"]
    assert "한도" in oldest["fail_reason"]
    none = api.get(f"/payments/find/{merchant_uid}/cancelled")
    assert none.status_code == 404
    assert none.json() == NOT_FOUND
    assert api.get("/payments/find/unknown").status_code == 404
    assert api.get(f"/payments/find/{merchant_uid}/weird").status_code == 400
    assert api.get(f"/payments/find/{merchant_uid}", params={"sorting": "amount"}).status_code == 400


def test_find_all_pages(api: SandboxApi, server: SandboxServer) -> None:
    merchant_uid = new_uid()
    for _ in range(5):
        api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, card=cards.DECLINE_UNREACHABLE))
        server.advance_clock(1)
    first = api.get(f"/payments/findAll/{merchant_uid}", params={"limit": 2}).json()["response"]
    assert (first["total"], first["previous"], first["next"], len(first["list"])) == (5, 0, 2, 2)
    last = api.get(f"/payments/findAll/{merchant_uid}", params={"limit": 2, "page": 3}).json()["response"]
    assert (last["previous"], last["next"], len(last["list"])) == (2, 0, 1)
    started = [p["started_at"] for p in first["list"] + last["list"]]
    assert started == sorted(started, reverse=True)
    failed = api.get(f"/payments/findAll/{merchant_uid}/failed").json()["response"]
    assert failed["total"] == 5
    assert api.get(f"/payments/findAll/{merchant_uid}/paid").status_code == 404
    assert api.get(f"/payments/findAll/{merchant_uid}/nope").status_code == 400
    assert api.get(f"/payments/findAll/{merchant_uid}", params={"limit": 1001}).status_code == 400


def test_many_at_once_200_207_404(api: SandboxApi) -> None:
    a = api.pay()
    b = api.pay()
    both = api.get("/payments", params={"imp_uid[]": [a["imp_uid"]], "merchant_uid[]": [b["merchant_uid"]]})
    assert both.status_code == 200
    assert [p["imp_uid"] for p in both.json()["response"]] == [a["imp_uid"], b["imp_uid"]]
    some = api.get("/payments", params={"imp_uid[]": [a["imp_uid"], "imp_000000000001"]})
    assert some.status_code == 207
    assert [p["imp_uid"] for p in some.json()["response"]] == [a["imp_uid"]]
    none = api.get("/payments", params={"imp_uid[]": ["imp_000000000001"]})
    assert none.status_code == 404
    assert none.json()["response"] is None
    assert api.get("/payments").status_code == 400
    too_many = api.get("/payments", params={"imp_uid[]": [f"imp_{n:012d}" for n in range(101)]})
    assert too_many.status_code == 400


def test_status_listing_filters_on_the_time_of_each_status(api: SandboxApi, server: SandboxServer) -> None:
    t0 = int(server.now())
    paid = api.pay()
    server.advance_clock(100)
    to_cancel = api.pay()
    server.advance_clock(100)
    api.post("/payments/cancel", {"imp_uid": to_cancel["imp_uid"]})
    api.post("/subscribe/payments/onetime", onetime_body(card=cards.DECLINE_LIMIT))
    everything = api.get("/payments/status/all").json()["response"]
    assert everything["total"] == 3
    only_paid = api.get("/payments/status/paid").json()["response"]
    assert [p["imp_uid"] for p in only_paid["list"]] == [paid["imp_uid"]]
    cancelled = api.get("/payments/status/cancelled", params={"from": t0 + 150, "to": t0 + 250}).json()
    assert [p["imp_uid"] for p in cancelled["response"]["list"]] == [to_cancel["imp_uid"]]
    # to_cancel was paid at t0+100 but is filtered on its cancel time (t0+200).
    window = api.get("/payments/status/all", params={"from": t0 + 50, "to": t0 + 150}).json()["response"]
    assert window["total"] == 0
    ascending = api.get("/payments/status/all", params={"sorting": "started", "limit": 1}).json()["response"]
    assert ascending["list"][0]["imp_uid"] == paid["imp_uid"]
    assert (ascending["previous"], ascending["next"]) == (0, 2)
    page3 = api.get("/payments/status/all", params={"limit": 1, "page": 3}).json()["response"]
    assert (page3["previous"], page3["next"]) == (2, 0)


@pytest.mark.parametrize(
    ("status", "params"),
    [
        ("nope", {}),
        ("all", {"page": 5}),
        ("all", {"page": 0}),
        ("all", {"limit": 0}),
        ("all", {"from": 0, "to": 90 * 86400 + 1}),
        ("all", {"from": 10, "to": 5}),
    ],
)
def test_status_listing_refusals(api: SandboxApi, status: str, params: dict[str, int]) -> None:
    api.pay()
    reply = api.get(f"/payments/status/{status}", params=params)
    assert reply.status_code == 400
    assert reply.json()["code"] != 0


def test_unknown_path_and_method(api: SandboxApi) -> None:
    assert api.get("/no/such/path").status_code == 404
    assert api.delete("/payments/cancel").status_code == 405
