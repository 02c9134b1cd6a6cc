"""The access token: cached, judged by the server's clock, refreshed a minute early and after a 401."""

from __future__ import annotations

import threading

import pytest
from portone_fakes import FakeClock, FakePortOne, Reply

from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import MalformedReply, NotSent, Unauthorized


def test_the_token_is_reused_while_valid(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on(
        "GET",
        "/payments/find/C01-20261126T143205123-k3f9",
        Reply.fixture("payment_paid"),
        Reply.fixture("payment_paid"),
    )
    client.find_payment("C01-20261126T143205123-k3f9")
    client.find_payment("C01-20261126T143205123-k3f9")
    assert fake.count("POST", "/users/getToken") == 1
    assert {
        r.headers["Authorization"] for r in fake.calls("GET", "/payments/find/C01-20261126T143205123-k3f9")
    } == {"Bearer token-001"}


def test_expiry_is_judged_by_the_server_clock_not_the_local_one(
    client: PortOneClient, fake: FakePortOne, clock: FakeClock
) -> None:
    # The local clock (2e9) is years ahead of the server's (1.764e9): comparing expired_at with the
    # local time would call every token expired. Only the time elapsed locally may be used.
    first = client.token()
    clock.advance(1800 - 61)  # 61 s of server life left
    assert client.token() is first
    assert fake.count("POST", "/users/getToken") == 1
    clock.advance(2)  # 59 s left: refresh
    fake.server_now += 1800 - 59
    second = client.token()
    assert second.access_token == "token-002"
    assert fake.count("POST", "/users/getToken") == 2


def test_a_token_issued_with_less_than_a_minute_left_is_not_trusted_for_the_next_call(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.token_life = 45  # getToken in the last minute: PortOne may hand back an almost-expired token
    client.token()
    client.token()
    assert fake.count("POST", "/users/getToken") == 2


def test_check_connection_always_asks_for_a_token(client: PortOneClient, fake: FakePortOne) -> None:
    client.token()
    token = client.check_connection()
    assert token.access_token == "token-002"
    assert token.lifetime == 1800
    assert fake.calls("POST", "/users/getToken")[0].timeout == (5.0, 10.0)


def test_refused_credentials(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on("POST", "/users/getToken", Reply.fixture("token_refused"))
    with pytest.raises(Unauthorized) as caught:
        client.check_connection()
    assert caught.value.http_status == 401
    assert "imp_secret_test_do_not_log" not in str(caught.value)
    assert "imp_secret_test_do_not_log" not in repr(caught.value)


def test_a_mistyped_token_reply_is_malformed(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float]
) -> None:
    bad = {"code": 0, "message": None, "response": {"access_token": "t", "now": 1, "expired_at": "soon"}}
    fake.on("POST", "/users/getToken", Reply.json(bad), Reply.json(bad), Reply.json(bad))
    with pytest.raises(MalformedReply, match="expired_at"):
        client.token()
    assert sleeps == [0.5, 1.0]


def test_getToken_is_retried_when_the_connection_is_refused(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float]
) -> None:
    from portone_fakes import refused

    fake.on("POST", "/users/getToken", refused(), refused(), refused())
    with pytest.raises(NotSent):
        client.token()
    assert fake.count("POST", "/users/getToken") == 3


def test_a_401_gets_a_fresh_token_even_if_the_cached_one_looked_valid(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("GET", "/payments/imp_123456789012", Reply.fixture("unauthorized"), Reply.fixture("payment_paid"))
    client.token()
    client.get_payment("imp_123456789012")
    auths = [r.headers["Authorization"] for r in fake.calls("GET", "/payments/imp_123456789012")]
    assert auths == ["Bearer token-001", "Bearer token-002"]
    assert client.token().access_token == "token-002"  # the fresh token is the cached one now


def test_parallel_callers_share_one_token_request(client: PortOneClient, fake: FakePortOne) -> None:
    start = threading.Barrier(4)
    seen: list[str] = []

    def worker() -> None:
        start.wait()
        seen.append(client.token().access_token)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == ["token-001"] * 4
    assert fake.count("POST", "/users/getToken") == 1
