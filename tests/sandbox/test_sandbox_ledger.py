"""The request ledger, `posts_for`, the `on_request` hook, admin paths, slips and the state file."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from sandbox_helpers import SandboxApi, again_body, new_uid, onetime_body

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxHookError, SandboxServer


def test_ledger_lists_every_request_with_redacted_bodies(api: SandboxApi, server: SandboxServer) -> None:
    merchant_uid = new_uid()
    api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, birth="900101", pwd_2digit="12"))
    api.get(f"/payments/find/{merchant_uid}", params={"sorting": "-paid"})
    entries = server.ledger()
    assert [(e.method, e.path) for e in entries] == [
        ("POST", "/users/getToken"),
        ("POST", "/subscribe/payments/onetime"),
        ("GET", f"/payments/find/{merchant_uid}"),
    ]
    assert entries[0].body == {"imp_key": server.imp_key, "imp_secret": "***"}
    charge = entries[1].body
    assert charge["card_number"] == "451842******0007"
    assert (charge["expiry"], charge["birth"], charge["pwd_2digit"]) == ("***", "***", "***")
    assert charge["merchant_uid"] == merchant_uid
    assert charge["amount"] == 12_000
    assert entries[2].query == {"sorting": "-paid"}
    assert entries[0].time <= entries[1].time <= entries[2].time <= server.now()


def test_identifier_keeps_only_its_last_four_digits(api: SandboxApi, server: SandboxServer) -> None:
    api.post(
        "/receipts/external/r-1",
        {"identifier": "01098765432", "name": "x", "amount": 1000, "buyer_name": "b", "product_type": "real"},
    )
    assert server.ledger()[-1].body["identifier"] == "*******5432"


def test_posts_for_counts_money_posts_only(api: SandboxApi, server: SandboxServer) -> None:
    merchant_uid = new_uid()
    api.post("/subscribe/payments/onetime", onetime_body(merchant_uid, card=cards.DECLINE_LIMIT))
    api.pay(merchant_uid=merchant_uid)
    api.get(f"/payments/find/{merchant_uid}")
    api.post("/payments/cancel", {"merchant_uid": merchant_uid, "amount": 100})
    api.register("cust-posts")
    api.post("/subscribe/payments/again", again_body("cust-posts", new_uid()))
    api.post(
        f"/receipts/external/{merchant_uid}",
        {"identifier": "01012345678", "name": "x", "amount": 1000, "buyer_name": "b", "product_type": "real"},
    )
    assert server.posts_for(merchant_uid) == 4
    assert server.posts_for("other") == 0
    over_http = requests.get(
        f"{server.base_url}/__sandbox__/ledger", params={"merchant_uid": merchant_uid}, timeout=10
    ).json()["response"]
    assert over_http["posts_for"] == 4
    assert len(over_http["entries"]) == len(server.ledger())


def test_on_request_runs_before_the_request_is_processed(api: SandboxApi, server: SandboxServer) -> None:
    merchant_uid = new_uid()
    token = api.token
    seen: list[tuple[str, str, int]] = []

    def look_before_processing(method: str, path: str, body: Any) -> None:
        if method == "POST" and body.get("merchant_uid") == merchant_uid:
            # A second connection, as the test would open to read the app's journal at this moment.
            probe = requests.get(
                f"{server.base_url}/payments/find/{merchant_uid}",
                headers={"Authorization": token},
                timeout=10,
            )
            seen.append((method, path, probe.status_code))
            assert body["card_number"] == "451842******0007"

    server.on_request(look_before_processing)
    api.pay(merchant_uid=merchant_uid)
    assert seen == [("POST", "/subscribe/payments/onetime", 404)]
    server.clear_request_hooks()


def test_a_failing_hook_fails_stop_but_not_the_reply() -> None:
    server = SandboxServer()
    server.start()
    api = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    try:
        server.on_request(lambda method, path, body: 1 / 0)
        assert api.get_token().status_code == 200
    finally:
        api.close()
        with pytest.raises(SandboxHookError, match="ZeroDivisionError"):
            server.stop()


def test_admin_reset_clock_and_transfer_payments(api: SandboxApi, server: SandboxServer) -> None:
    base = f"{server.base_url}/__sandbox__"
    api.pay()
    before = server.now()
    clock = requests.post(f"{base}/clock", json={"advance": 3600}, timeout=10).json()["response"]
    assert clock["now"] >= int(before) + 3600
    made = requests.post(
        f"{base}/transfer-payments",
        json={"merchant_uid": "bank-1", "amount": 9_900, "buyer_name": "이체"},
        timeout=10,
    ).json()
    api.forget_token()
    payment = api.get(f"/payments/{made['response']['imp_uid']}", params={"include_sandbox": "true"}).json()
    assert payment["response"]["pay_method"] == "trans"
    assert payment["response"]["amount"] == 9_900
    assert requests.post(f"{base}/reset", timeout=10).json()["response"] == {"reset": True}
    assert server.ledger() == []
    api.forget_token()
    assert api.get("/payments/status/all").json()["response"]["total"] == 0
    assert requests.get(f"{base}/nothing", timeout=10).status_code == 404


def test_sales_slip_page_shows_the_mask_only(api: SandboxApi) -> None:
    payment = api.pay(card=cards.APPROVE_BC)
    slip = requests.get(payment["receipt_url"], timeout=10)
    assert slip.status_code == 200
    assert slip.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "943003******0008" in slip.text
    assert cards.APPROVE_BC not in slip.text
    assert "실제 결제 아님" in slip.text


def test_state_file_keeps_the_ledger_across_restarts(tmp_path: Path) -> None:
    state = tmp_path / "state" / "sandbox.json"
    first = SandboxServer(state_file=state)
    first.start()
    api = SandboxApi(first.base_url, first.imp_key, first.imp_secret)
    try:
        paid = api.pay(merchant_uid="keep-1", card=cards.APPROVE_SAMSUNG)
        api.register("keep-cust")
        token = api.token
    finally:
        api.close()
        first.stop()
    saved = state.read_text(encoding="utf-8")
    assert cards.APPROVE_SAMSUNG not in saved
    assert cards.APPROVE_CHECK not in saved
    assert [p.name for p in state.parent.iterdir()] == ["sandbox.json"]  # no temp files left behind

    second = SandboxServer(state_file=state)
    second.start()
    api = SandboxApi(second.base_url, second.imp_key, second.imp_secret)
    try:
        assert second.posts_for("keep-1") == 1
        again = api.get("/payments/find/keep-1", token=token)  # the old token is still valid
        found = again.json()["response"]
        assert found == {**paid, "receipt_url": f"{second.base_url}/__sandbox__/slips/{paid['imp_uid']}"}
        assert requests.get(found["receipt_url"], timeout=10).status_code == 200  # the slip moved along
        assert api.get("/subscribe/customers/keep-cust").status_code == 200
        assert api.post("/subscribe/payments/onetime", onetime_body("keep-1")).json()["code"] == 1
        assert len(second.ledger()) == 7
    finally:
        api.close()
        second.stop()
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == 2


def test_concurrent_charges_of_one_merchant_uid_pay_once(server: SandboxServer) -> None:
    """Eight cashiers pressing 승인 at once with the same merchant_uid: exactly one payment is paid."""
    api = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    token = api.token
    api.close()
    results: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def _charge() -> None:
        start.wait()
        reply = requests.post(
            f"{server.base_url}/subscribe/payments/onetime",
            json=onetime_body("race-1"),
            headers={"Authorization": token},
            timeout=10,
        )
        with lock:
            results.append(reply.json()["code"])

    threads = [threading.Thread(target=_charge) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == [0] + [1] * 7


def test_a_crashing_handler_answers_500_and_fails_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    from pos_app.sandbox import routes
    from pos_app.sandbox.server import SandboxInternalError

    def broken(*_args: object) -> object:
        raise KeyError("bug")

    monkeypatch.setattr(routes.lookups, "find_payment", broken)
    server = SandboxServer()
    server.start()
    api = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    try:
        reply = api.get("/payments/find/x")
        assert reply.status_code == 500
        assert reply.json() == {"code": -1, "message": "sandbox internal error", "response": None}
        assert api.get("/payments/status/all").status_code == 200  # the server keeps serving
    finally:
        api.close()
        with pytest.raises(SandboxInternalError, match="KeyError"):
            server.stop()


def test_the_state_file_is_written_before_the_reply(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    server = SandboxServer(state_file=state)
    server.start()
    api = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    try:
        paid = api.pay(merchant_uid="disk-1")
        # No stop() yet: what a crash right after the reply would leave on disk.
        on_disk = json.loads(state.read_text(encoding="utf-8"))
        assert on_disk["payments"][paid["imp_uid"]]["status"] == "paid"
    finally:
        api.close()
        server.stop()
