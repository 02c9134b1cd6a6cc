"""Which 2xx statuses are an answer: getToken and lookups take any 2xx carrying PortOne's envelope (a
public V1 test server answers getToken with HTTP 201); a money call takes only 200, so a money reply in
a surprising status is UNKNOWN (reconcile), never read as a result — on the fake and on the sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from portone_fakes import FakePortOne, Reply, load_fixture
from sandbox_support import make_client, seed_onetime

from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import MalformedReply
from pos_app.portone.outcome import charge_outcome
from pos_app.sandbox.server import Fault, SandboxServer


@pytest.mark.parametrize("status", [201, 202, 203])
def test_get_token_accepts_any_2xx_with_the_envelope(
    client: PortOneClient, fake: FakePortOne, status: int
) -> None:
    fake.on("POST", "/users/getToken", Reply(status, fake.issue_token().body))
    assert client.check_connection().access_token == "token-001"


def test_a_2xx_token_reply_without_the_envelope_is_malformed_and_retried(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float]
) -> None:
    fake.on("POST", "/users/getToken", *(Reply(201, b"created") for _ in range(3)))
    with pytest.raises(MalformedReply):
        client.check_connection()
    assert fake.count("POST", "/users/getToken") == 3


@pytest.mark.parametrize("status", [201, 203, 207])
def test_lookups_accept_any_2xx_with_the_envelope(
    client: PortOneClient, fake: FakePortOne, status: int
) -> None:
    body = load_fixture("payment_paid")["body"]
    fake.on("GET", "/payments/find/C01-20261126T143205123-k3f9", Reply.json(body, status))
    assert client.find_payment("C01-20261126T143205123-k3f9").status == "paid"


def test_a_money_reply_in_201_is_unknown_even_with_a_paid_envelope(
    client: PortOneClient, fake: FakePortOne
) -> None:
    body = load_fixture("payment_paid")["body"]
    fake.on("POST", "/subscribe/payments/onetime", Reply.json(body, 201))
    result = charge_outcome(
        lambda: client.pay_onetime(seed_onetime("C01-20261126T143205123-k3f9", 12000)), 12000
    )
    assert result.outcome is Outcome.UNKNOWN
    assert result.http_status == 201
    assert fake.count("POST", "/subscribe/payments/onetime") == 1


@pytest.fixture
def real_session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def test_against_a_sandbox_answering_get_token_with_201(
    sandbox: object, real_session: requests.Session
) -> None:
    assert isinstance(sandbox, SandboxServer)
    sandbox.token_http_status = 201
    client = make_client(sandbox, real_session)
    token = client.check_connection()
    raw = real_session.post(
        f"{sandbox.base_url}/users/getToken",
        json={"imp_key": sandbox.imp_key, "imp_secret": sandbox.imp_secret},
        timeout=5,
    )
    assert raw.status_code == 201  # the sandbox really answers 201
    assert token.lifetime > 0
    payment = client.pay_onetime(seed_onetime("C01-201-1", 12000))
    assert payment.status == "paid"


def test_a_charge_answered_201_by_the_sandbox_is_unknown_and_reconciles_by_lookup(
    sandbox: object, real_session: requests.Session
) -> None:
    assert isinstance(sandbox, SandboxServer)
    client = make_client(sandbox, real_session)
    sandbox.faults.add(Fault("http_201", path_prefix="/subscribe/payments/onetime", method="POST"))
    result = charge_outcome(lambda: client.pay_onetime(seed_onetime("C01-201-2", 12000)), 12000)
    assert result.outcome is Outcome.UNKNOWN
    assert sandbox.posts_for("C01-201-2") == 1
    assert client.find_payment("C01-201-2").status == "paid"  # the fault committed; the lookup settles it
    sandbox.faults.add(Fault("http_201", path_prefix="/payments/find/", method="GET"))
    assert client.find_payment("C01-201-2").status == "paid"  # a lookup in 201 is read
