"""연결 테스트 (services.setup): exactly the typed keys, PortOne's PG list, the channel, one harmless lookup.

Issue 11, case 2: every wrong key, PG or channel is named as such; empty fields never test other keys.
The real client runs against the sandbox (a test channel by default, a live one with ``live_channel``),
and against a scripted PortOne for account shapes the sandbox does not have (no KSNET key-in channel,
several channels).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from services_support import unused_port

from pos_app.portone.client import PortOneClient
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, SandboxServer
from pos_app.services.setup import (
    ConnectionReport,
    keys_to_test,
    run_connection_test,
    unguessable_merchant_uid,
)


def _client(session: requests.Session, base_url: str, key: str, secret: str) -> PortOneClient:
    return PortOneClient(session, base_url, key, secret, lookup_retries=0, backoff_s=0)


def _steps(report: ConnectionReport) -> dict[str, str]:
    return {f.step: f.level for f in report.findings}


def _lookup_posts(server: SandboxServer) -> list[str]:
    return [e.path for e in server.ledger()]


@pytest.fixture
def http_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def live_sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(host="127.0.0.1", port=0, live_channel=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- the fields: what is tested is what is typed ---------------------------------------------------------
def test_empty_fields_are_errors_at_the_fields_and_test_nothing() -> None:
    found = keys_to_test("", "", stored=("stored_key", "stored_secret"))
    assert isinstance(found, tuple)
    assert {f.field for f in found} == {"imp_key", "imp_secret"}
    assert all(f.level == "error" for f in found)
    # the console location is said at the field
    assert all("V1 API" in f.params["where"] for f in found)


def test_an_empty_secret_uses_the_stored_one_only_for_the_same_key() -> None:
    same = keys_to_test("stored_key", "", stored=("stored_key", "stored_secret"))
    assert not isinstance(same, tuple)
    assert (same.imp_key, same.imp_secret, same.secret_from_store) == ("stored_key", "stored_secret", True)
    other = keys_to_test("another_key", "", stored=("stored_key", "stored_secret"))
    assert isinstance(other, tuple)
    assert [f.field for f in other] == ["imp_secret"]
    spaced = keys_to_test("key with space", "secret", stored=None)
    assert isinstance(spaced, tuple)
    assert [f.field for f in spaced] == ["imp_key"]
    typed = keys_to_test(" k ", " s ", stored=None)
    assert not isinstance(typed, tuple)
    assert (typed.imp_key, typed.imp_secret, typed.secret_from_store) == ("k", "s", False)


# -- against the sandbox ---------------------------------------------------------------------------------
def test_wrong_secret_is_named_and_nothing_else_is_asked(
    sandbox: Any, http_session: requests.Session
) -> None:
    report = run_connection_test(_client(http_session, sandbox.base_url, sandbox.imp_key, "wrong"), None)
    assert not report.ok
    assert not report.keys_accepted
    (error,) = report.errors
    assert error.step == "keys"
    assert error.field == "imp_secret"
    assert error.params["status"] == "401"
    assert "시크릿" in error.message
    assert _lookup_posts(sandbox) == ["/users/getToken"]  # no PG list, no lookup with refused keys


def test_no_connection_names_the_network_not_the_keys(http_session: requests.Session) -> None:
    client = _client(http_session, f"http://127.0.0.1:{unused_port()}", "k", "s")
    report = run_connection_test(client, None)
    (error,) = report.errors
    assert error.step == "keys"
    assert error.field is None
    assert "키가 틀렸다는 뜻은 아닙니다" in error.message


def test_the_sandbox_test_channel_is_found_chosen_and_flagged(
    sandbox: Any, http_session: requests.Session
) -> None:
    report = run_connection_test(
        _client(http_session, sandbox.base_url, sandbox.imp_key, sandbox.imp_secret), None
    )
    assert report.keys_accepted
    assert _steps(report) == {
        "keys": "ok",
        "pg_list": "ok",
        "channel": "ok",
        "test_channel": "warning",
        "lookup": "ok",
    }
    assert report.chosen is not None
    assert report.chosen.test_channel
    assert report.chosen.pg == "ksnet.2999199999"
    assert report.chosen.channel_key == DEMO_CHANNEL_KEY
    assert report.ok  # a test channel may be used, but it is said
    warning = next(f for f in report.findings if f.step == "test_channel")
    assert "실제 돈이 움직이지 않습니다" in warning.message
    # the one lookup asked for an order number nobody has, and PortOne said so with its 404
    find = [e for e in sandbox.ledger() if e.path.startswith("/payments/find/")]
    assert len(find) == 1
    assert find[0].path.startswith("/payments/find/pos-conncheck-")


def test_a_live_channel_passes_without_warnings(
    live_sandbox: SandboxServer, http_session: requests.Session
) -> None:
    client = _client(http_session, live_sandbox.base_url, live_sandbox.imp_key, live_sandbox.imp_secret)
    report = run_connection_test(client, DEMO_CHANNEL_KEY)
    assert report.ok
    assert all(f.level == "ok" for f in report.findings)
    assert report.chosen is not None
    assert not report.chosen.test_channel
    assert report.token_lifetime_s
    assert report.token_lifetime_s > 0


def test_a_channel_key_not_in_the_list_is_named(sandbox: Any, http_session: requests.Session) -> None:
    client = _client(http_session, sandbox.base_url, sandbox.imp_key, sandbox.imp_secret)
    report = run_connection_test(client, "channel-key-typed-by-hand")
    assert not report.ok
    assert report.chosen is None
    assert report.keys_accepted  # the keys were fine: only the channel is named
    (error,) = report.errors
    assert (error.step, error.field) == ("channel", "channel_key")
    assert error.params["key"] == "channel-key-typed-by-hand"
    assert report.channels  # the list to pick from is there


def test_an_unreadable_pg_list_is_an_error_not_a_missing_channel(
    sandbox: Any, http_session: requests.Session
) -> None:
    from pos_app.sandbox.faults import Fault

    sandbox.faults.add(Fault(kind="html", method="GET", path_prefix="/users/pg", count=5))
    report = run_connection_test(
        _client(http_session, sandbox.base_url, sandbox.imp_key, sandbox.imp_secret), None
    )
    assert _steps(report)["pg_list"] == "error"
    assert "channel" not in _steps(report)  # no channel is judged without PortOne's list
    assert report.chosen is None


def test_unguessable_order_numbers_are_valid_merchant_uids() -> None:
    from pos_app.domain.uids import is_valid_merchant_uid

    first, second = unguessable_merchant_uid(), unguessable_merchant_uid()
    assert first != second
    assert is_valid_merchant_uid(first)


# -- account shapes the sandbox does not have: a scripted PortOne ----------------------------------------
class _ScriptedPortOne(BaseAdapter):
    """getToken, ``/users/pg`` with a given list, and a 404 for every payment lookup."""

    def __init__(self, pg_list: list[dict[str, Any]]) -> None:
        super().__init__()
        self.pg_list = pg_list
        self.paths: list[str] = []

    def send(self, request: Any, **_kwargs: Any) -> requests.Response:
        path = request.path_url.split("?")[0]
        self.paths.append(path)
        if path == "/users/getToken":
            status, body = 200, {"code": 0, "message": None, "response": {
                "access_token": "a" * 40, "expired_at": 2_000_001_800, "now": 2_000_000_000}}  # fmt: skip
        elif path == "/users/pg":
            status, body = 200, {"code": 0, "message": None, "response": self.pg_list}
        else:
            status, body = 404, {"code": -1, "message": "존재하지 않는 결제정보입니다.", "response": None}
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body, ensure_ascii=False).encode()
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json; charset=utf-8"})
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def _scripted(pg_list: list[dict[str, Any]]) -> tuple[PortOneClient, _ScriptedPortOne]:
    adapter = _ScriptedPortOne(pg_list)
    session = requests.Session()
    session.mount("https://", adapter)
    return PortOneClient(session, "https://api.iamport.test", "k", "s", lookup_retries=0), adapter


def _pg(
    provider: str, mid: str, kind: str, key: str, *, sandbox: bool = False, name: str = ""
) -> dict[str, Any]:
    return {"pg_provider": provider, "pg_id": mid, "sandbox": sandbox, "type": kind,
            "channel_name": name or f"{provider} {kind}", "channel_key": key}  # fmt: skip


def test_no_ksnet_key_in_channel_is_named_with_what_the_account_has() -> None:
    client, _ = _scripted(
        [
            _pg("kcp", "T0000", "payment", "channel-key-kcp"),
            _pg("ksnet", "2999199999", "payment", "channel-key-win"),
        ]
    )
    report = run_connection_test(client, None)
    assert report.keys_accepted
    assert report.channels == ()
    error = next(f for f in report.errors if f.step == "pg_list")
    assert error.field == "channel_key"
    assert "KSNET 키인 채널이 없습니다" in error.message
    assert "kcp" in error.params["listing"]
    assert "ksnet" in error.params["listing"]
    assert "채널 관리" in error.params["where"]


def test_a_channel_key_of_another_kind_of_channel_is_named() -> None:
    client, _ = _scripted(
        [
            _pg("ksnet", "M1", "payment", "channel-key-window"),
            _pg("ksnet", "M2", "api_payment", "channel-key-keyin"),
        ]
    )
    report = run_connection_test(client, "channel-key-window")
    (error,) = report.errors
    assert (error.step, error.params["provider"], error.params["key"]) == (
        "channel",
        "ksnet",
        "channel-key-window",
    )
    assert report.chosen is None


def test_the_pg_list_drives_the_choice() -> None:
    pg_list = [
        _pg("ksnet", "1111111111", "api_payment", "channel-key-one", name="본점"),
        _pg("nice", "nicepay00m", "api_payment", "channel-key-nice"),
        _pg("ksnet", "2222222222", "api_payment", "channel-key-two", sandbox=True, name="테스트"),
    ]
    client, _ = _scripted(pg_list)
    unpicked = run_connection_test(client, None)
    assert [c.mid for c in unpicked.channels] == ["1111111111", "2222222222"]  # KSNET key-in only
    assert unpicked.chosen is None
    assert not unpicked.ok
    assert next(f for f in unpicked.findings if f.step == "channel").level == "warning"
    picked = run_connection_test(client, "channel-key-two")
    assert picked.chosen is not None
    assert (picked.chosen.pg, picked.chosen.channel_name, picked.chosen.test_channel) == (
        "ksnet.2222222222",
        "테스트",
        True,
    )
    assert _steps(picked)["test_channel"] == "warning"


def test_a_listed_channel_without_its_key_cannot_be_used() -> None:
    entry = _pg("ksnet", "3333333333", "api_payment", "")
    del entry["channel_key"]
    client, _ = _scripted([entry])
    report = run_connection_test(client, None)
    assert report.chosen is None
    assert any(f.step == "channel" and f.level == "error" for f in report.findings)


def test_the_window_check_leaves_out_the_lookup() -> None:
    client, adapter = _scripted([_pg("ksnet", "1111111111", "api_payment", "channel-key-one")])
    report = run_connection_test(client, "channel-key-one", lookup=False)
    assert report.ok
    assert adapter.paths == ["/users/getToken", "/users/pg"]
