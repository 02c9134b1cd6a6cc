"""Token rules of `POST /users/getToken` and the 401 `Unauthorized` replies (API-NOTES §1)."""

from __future__ import annotations

import pytest
import requests
from sandbox_helpers import SandboxApi

from pos_app.sandbox.server import SandboxServer


def test_token_lives_thirty_minutes_and_reports_server_time(api: SandboxApi, server: SandboxServer) -> None:
    reply = api.get_token()
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    body = reply.json()
    assert body["code"] == 0
    assert body["message"] is None
    token = body["response"]
    assert len(token["access_token"]) == 40
    assert token["now"] == int(server.now())
    assert token["expired_at"] - token["now"] == 30 * 60


def test_same_token_before_expiry_and_five_minutes_more_in_the_last_minute(
    api: SandboxApi, server: SandboxServer
) -> None:
    first = api.get_token().json()["response"]
    server.advance_clock(20 * 60)
    second = api.get_token().json()["response"]
    assert second["access_token"] == first["access_token"]
    assert second["expired_at"] == first["expired_at"]

    server.advance_clock(9 * 60 + 30)  # 30 s left
    third = api.get_token().json()["response"]
    assert third["access_token"] == first["access_token"]
    assert third["expired_at"] == first["expired_at"] + 5 * 60


def test_new_token_after_expiry_and_the_old_one_is_refused(api: SandboxApi, server: SandboxServer) -> None:
    old = api.get_token().json()["response"]
    assert api.get("/payments/find/nothing", token=old["access_token"]).status_code == 404
    server.advance_clock(30 * 60 + 1)
    expired = api.get("/payments/find/nothing", token=old["access_token"])
    assert expired.status_code == 401
    assert expired.json() == {"code": -1, "message": "Unauthorized", "response": None}
    new = api.get_token().json()["response"]
    assert new["access_token"] != old["access_token"]
    assert new["expired_at"] == int(server.now()) + 30 * 60


@pytest.mark.parametrize(
    ("key", "secret"),
    [("sandbox_imp_key", "wrong"), ("wrong", "sandbox_imp_secret"), (None, None)],
)
def test_get_token_with_wrong_credentials_is_401(
    server: SandboxServer, key: str | None, secret: str | None
) -> None:
    body = {name: value for name, value in (("imp_key", key), ("imp_secret", secret)) if value is not None}
    reply = requests.post(f"{server.base_url}/users/getToken", json=body, timeout=10)
    assert reply.status_code == 401
    assert reply.json()["code"] != 0
    assert reply.json()["response"] is None
    assert "인증에 실패" in reply.json()["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer 0123abcd"},
        {"Authorization": "not-a-token"},
    ],
)
def test_missing_or_bad_token_is_401_unauthorized(server: SandboxServer, headers: dict[str, str]) -> None:
    for method, path in (
        ("GET", "/payments/find/x"),
        ("POST", "/subscribe/payments/onetime"),
        ("POST", "/payments/cancel"),
        ("GET", "/subscribe/customers/c"),
        ("GET", "/receipts/imp_1"),
        ("DELETE", "/receipts/external/m"),
    ):
        reply = requests.request(method, f"{server.base_url}{path}", headers=headers, timeout=10)
        assert reply.status_code == 401, (method, path)
        assert reply.json() == {"code": -1, "message": "Unauthorized", "response": None}


def test_bare_token_bearer_and_legacy_header_are_all_accepted(api: SandboxApi, server: SandboxServer) -> None:
    token = api.token
    for headers in (
        {"Authorization": token},
        {"Authorization": f"Bearer {token}"},
        {"Authorization": f"bearer {token}"},
        {"X-ImpTokenHeader": token},
    ):
        reply = requests.get(f"{server.base_url}/payments/find/none", headers=headers, timeout=10)
        assert reply.status_code == 404, headers  # authenticated: the payment is just not there
        assert reply.json()["message"] == "존재하지 않는 결제정보입니다."
