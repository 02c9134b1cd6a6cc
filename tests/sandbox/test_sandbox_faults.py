"""Fault injection, driven with raw `requests`: each kind, its scope, and whether the charge committed."""

from __future__ import annotations

import json
import threading
import time

import pytest
import requests
from sandbox_helpers import SandboxApi, new_uid, onetime_body

from pos_app.sandbox.faults import FAULT_KINDS, Fault
from pos_app.sandbox.server import SandboxServer

ONETIME = "/subscribe/payments/onetime"


def charge(api: SandboxApi, merchant_uid: str, timeout: float = 10) -> requests.Response:
    return api.post(ONETIME, onetime_body(merchant_uid), timeout=timeout)


def status_of(api: SandboxApi, merchant_uid: str) -> str | None:
    reply = api.get(f"/payments/find/{merchant_uid}")
    if reply.status_code == 404:
        return None
    status: str = reply.json()["response"]["status"]
    return status


def test_delay_answers_normally_after_the_delay(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018 - fetch the token before the fault is armed
    server.faults.add(Fault("delay", path_prefix=ONETIME, delay_ms=300))
    merchant_uid = new_uid()
    started = time.monotonic()
    reply = charge(api, merchant_uid)
    assert time.monotonic() - started >= 0.3
    assert reply.json()["response"]["status"] == "paid"


def test_hang_after_commit_leaves_a_paid_payment_behind_a_client_timeout(
    api: SandboxApi, server: SandboxServer
) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault("hang_after_commit", path_prefix=ONETIME))
    merchant_uid = new_uid()
    with pytest.raises(requests.exceptions.ReadTimeout):
        charge(api, merchant_uid, timeout=0.3)
    assert status_of(api, merchant_uid) == "paid"
    assert server.posts_for(merchant_uid) == 1
    # The client cannot simply resend: the merchant_uid is paid.
    resend = charge(api, merchant_uid)
    assert resend.json()["code"] == 1
    assert server.posts_for(merchant_uid) == 2


def test_hang_after_commit_replies_late_when_the_client_waits(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault("hang_after_commit", path_prefix=ONETIME, delay_ms=200))
    started = time.monotonic()
    reply = charge(api, new_uid())
    assert time.monotonic() - started >= 0.2
    assert reply.json()["response"]["status"] == "paid"


@pytest.mark.parametrize(("kind", "committed"), [("reset_before", False), ("reset_after", True)])
def test_reset_closes_without_a_reply(
    api: SandboxApi, server: SandboxServer, kind: str, committed: bool
) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault(kind, path_prefix=ONETIME))
    merchant_uid = new_uid()
    with pytest.raises(requests.exceptions.ConnectionError):
        charge(api, merchant_uid)
    assert status_of(api, merchant_uid) == ("paid" if committed else None)
    assert server.posts_for(merchant_uid) == 1


@pytest.mark.parametrize(
    ("kind", "status", "content_type", "committed"),
    [
        ("http_500", 500, "application/json; charset=utf-8", False),
        ("http_502", 502, "text/html", False),
        ("http_504", 504, "text/html", True),
        ("html", 200, "text/html", False),
    ],
)
def test_error_statuses_and_html(
    api: SandboxApi, server: SandboxServer, kind: str, status: int, content_type: str, committed: bool
) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault(kind, path_prefix=ONETIME))
    merchant_uid = new_uid()
    reply = charge(api, merchant_uid)
    assert reply.status_code == status
    assert reply.headers["Content-Type"] == content_type
    if content_type == "text/html":
        assert reply.text.startswith("<html>")
    assert status_of(api, merchant_uid) == ("paid" if committed else None)


def test_truncated_body_is_cut_json_after_commit(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault("truncated", path_prefix=ONETIME))
    merchant_uid = new_uid()
    reply = charge(api, merchant_uid)
    assert reply.status_code == 200
    assert reply.text.startswith('{"code":0')
    with pytest.raises(json.JSONDecodeError):
        json.loads(reply.text)
    assert status_of(api, merchant_uid) == "paid"


def test_commit_override(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault("http_500", path_prefix=ONETIME, commit=True))
    merchant_uid = new_uid()
    assert charge(api, merchant_uid).status_code == 500
    assert status_of(api, merchant_uid) == "paid"


def test_expire_token_now(api: SandboxApi, server: SandboxServer) -> None:
    old = api.token
    server.faults.add(Fault("expire_token", path_prefix="/payments"))
    reply = api.get("/payments/find/whatever")
    assert reply.status_code == 401
    assert reply.json()["message"] == "Unauthorized"
    fresh = api.get_token().json()["response"]["access_token"]
    assert fresh != old
    assert api.get("/payments/find/whatever", token=fresh).status_code == 404


def test_faults_are_scoped_by_method_path_prefix_and_count(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018
    server.faults.add(Fault("http_502", path_prefix="/subscribe/payments", method="POST", count=2))
    assert api.get("/payments/find/none").status_code == 404  # other path: untouched
    assert api.get("/subscribe/payments/onetime").status_code == 405  # other method: untouched
    assert [charge(api, new_uid()).status_code for _ in range(3)] == [502, 502, 200]
    assert server.faults.pending() == []


def test_admin_paths_never_match_and_are_not_in_the_ledger(api: SandboxApi, server: SandboxServer) -> None:
    server.faults.add(Fault("reset_before", path_prefix="/"))
    assert requests.get(f"{server.base_url}/__sandbox__/ledger", timeout=10).status_code == 200
    assert len(server.faults.pending()) == 1
    assert server.ledger() == []


def test_faults_over_http(api: SandboxApi, server: SandboxServer) -> None:
    api.token  # noqa: B018
    url = f"{server.base_url}/__sandbox__/faults"
    added = requests.post(url, json={"kind": "http_504", "path_prefix": ONETIME, "count": 1}, timeout=10)
    assert added.status_code == 200
    assert added.json()["response"]["pending"][0]["kind"] == "http_504"
    assert charge(api, new_uid()).status_code == 504
    many = requests.post(
        url, json={"faults": [{"kind": "html"}, {"kind": "delay", "delay_ms": 1}]}, timeout=10
    )
    assert [f["kind"] for f in many.json()["response"]["pending"]] == ["html", "delay"]
    assert [f["kind"] for f in requests.get(url, timeout=10).json()["response"]["pending"]] == [
        "html",
        "delay",
    ]
    assert requests.delete(url, timeout=10).json()["response"]["pending"] == []
    for bad in (
        {"kind": "explode"},
        {"path_prefix": "/x"},
        {"kind": "delay", "count": 0},
        {"kind": "delay", "colour": "red"},
        {"kind": "delay", "path_prefix": "x"},
    ):
        refused = requests.post(url, json=bad, timeout=10)
        assert refused.status_code == 400, bad
        assert refused.json()["code"] == 1
    assert server.faults.pending() == []


def test_every_documented_kind_is_known() -> None:
    assert set(FAULT_KINDS) == {
        "delay",
        "hang_after_commit",
        "reset_before",
        "reset_after",
        "http_500",
        "http_502",
        "http_504",
        "truncated",
        "html",
        "expire_token",
        "http_201",
    }
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("boom")


def test_stop_ends_a_held_reply(server: SandboxServer) -> None:
    """A reply held for a client that never gives up must not keep stop() (and the test) waiting."""
    api = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    try:
        api.token  # noqa: B018
        server.faults.add(Fault("hang_after_commit", path_prefix=ONETIME, delay_ms=60_000))
        arrived = threading.Event()
        server.on_request(lambda method, path, body: arrived.set() if path == ONETIME else None)
        errors: list[BaseException] = []

        def _call() -> None:
            try:
                charge(api, new_uid(), timeout=120)
            except requests.exceptions.RequestException as error:
                errors.append(error)

        caller = threading.Thread(target=_call)
        caller.start()
        assert arrived.wait(10)
        started = time.monotonic()
        server.stop()
        caller.join(10)
        assert not caller.is_alive()
        assert time.monotonic() - started < 10
        assert errors  # the client saw the connection end without a reply
    finally:
        api.close()
