"""Fixtures for the PortOne client tests: a scripted fake PortOne, a client on it, a fake monotonic clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from portone_fakes import BASE_URL, CHANNEL_KEY, PG, FakeClock, FakePortOne, make_session

from pos_app.portone.client import ChannelConfig, PortOneClient


@pytest.fixture
def fake() -> FakePortOne:
    return FakePortOne()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def session(fake: FakePortOne) -> Iterator[requests.Session]:
    with make_session(fake) as s:
        yield s


@pytest.fixture
def client(session: requests.Session, clock: FakeClock, sleeps: list[float]) -> PortOneClient:
    return PortOneClient(
        session,
        BASE_URL,
        "imp_key_test",
        "imp_secret_test_do_not_log",
        channel=ChannelConfig(pg=PG, channel_key=CHANNEL_KEY),
        monotonic=clock,
        sleep=sleeps.append,
    )
