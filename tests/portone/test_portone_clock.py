"""The token clock and PortOne's clock: token life is measured on a monotonic clock against the server's
own ``now``/``expired_at``, never on the PC's wall clock, and ``portone_now()`` estimates PortOne's clock
from the last getToken reply plus the monotonic time since."""

from __future__ import annotations

import inspect
import time

import pytest
import requests
from portone_fakes import BASE_URL, FakeClock, FakePortOne, Reply, refused

from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import NotSent
from pos_app.portone.models import CancelRequest

SERVER_NOW = 1_764_000_000


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock(start=1_700_000_000.0)  # the PC's clock: wrong by months, on purpose


@pytest.fixture
def clocked(session: requests.Session, clock: FakeClock, wall: FakeClock) -> PortOneClient:
    return PortOneClient(session, BASE_URL, "k", "s", monotonic=clock, wall_clock=wall, sleep=lambda _s: None)


def test_the_defaults_are_the_monotonic_and_the_wall_clock() -> None:
    parameters = inspect.signature(PortOneClient).parameters
    assert parameters["monotonic"].default is time.monotonic
    assert parameters["wall_clock"].default is time.time


def test_portone_now_is_unknown_before_any_token(clocked: PortOneClient, fake: FakePortOne) -> None:
    assert clocked.portone_now() is None
    assert clocked.portone_clock_offset() is None
    assert fake.seen == []  # asking for the clock sends nothing


def test_portone_now_is_the_last_token_now_plus_monotonic_time_elapsed(
    clocked: PortOneClient, fake: FakePortOne, clock: FakeClock, wall: FakeClock
) -> None:
    clocked.token()
    assert clocked.portone_now() == SERVER_NOW
    clock.advance(10.5)
    wall.advance(-3600)  # the owner sets the PC clock back an hour: PortOne's clock does not care
    assert clocked.portone_now() == SERVER_NOW + 10.5
    assert clocked.portone_clock_offset() == pytest.approx(SERVER_NOW + 10.5 - wall.now)


def test_every_get_token_reply_re_anchors_the_clock(
    clocked: PortOneClient, fake: FakePortOne, clock: FakeClock
) -> None:
    clocked.token()
    clock.advance(100)
    fake.server_now = SERVER_NOW + 95  # PortOne saw 95 s where our monotonic clock saw 100
    clocked.check_connection()
    assert clocked.portone_now() == SERVER_NOW + 95
    clock.advance(1)
    assert clocked.portone_now() == SERVER_NOW + 96


def test_wall_clock_jumps_never_expire_or_keep_a_token(
    clocked: PortOneClient, fake: FakePortOne, clock: FakeClock, wall: FakeClock
) -> None:
    first = clocked.token()
    wall.advance(7 * 24 * 3600)  # a week forward on the PC clock: the token is still good
    assert clocked.token() is first
    wall.advance(-30 * 24 * 3600)  # a month back: still good, and no sooner stale
    clock.advance(1800 - 59)  # 59 s of server life left by the monotonic clock: refreshed
    fake.server_now += 1800 - 59
    assert clocked.token().access_token == "token-002"
    assert fake.count("POST", "/users/getToken") == 2


def test_portone_clock_survives_a_failed_refresh(
    clocked: PortOneClient, fake: FakePortOne, clock: FakeClock
) -> None:
    clocked.token()
    fake.on("POST", "/payments/cancel", Reply.fixture("unauthorized"))
    fake.on("POST", "/users/getToken", refused(), refused(), refused())
    with pytest.raises(NotSent):
        clocked.cancel_payment(CancelRequest(imp_uid="imp_123456789012"))
    clock.advance(5)
    assert clocked.portone_now() == SERVER_NOW + 5  # the token is gone, PortOne's clock is not
