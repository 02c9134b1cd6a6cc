"""Fixtures for the services tests: a real Journal in tmp_path, a real client on the sandbox, fake time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from services_support import FakeClock, make_client, make_settings

from pos_app.journal import Journal
from pos_app.portone.client import PortOneClient
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    opened = Journal.open(journal_path, counter_id="C01", operator="tester")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def http_session() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture
def client(sandbox: SandboxServer, http_session: requests.Session) -> PortOneClient:
    return make_client(sandbox, http_session)


@pytest.fixture
def settings() -> ServiceSettings:
    return make_settings()


@pytest.fixture
def services(
    client: PortOneClient, journal: Journal, settings: ServiceSettings, clock: FakeClock
) -> CounterServices:
    return CounterServices(
        client, journal, settings, clock=clock, sleep=clock.sleep, monotonic=clock.monotonic
    )
