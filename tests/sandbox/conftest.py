"""Fixtures for the sandbox tests: an authenticated raw `requests` client and the official schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_helpers import SandboxApi, load_schema

from pos_app.sandbox.server import SandboxServer


@pytest.fixture
def server(sandbox: object) -> SandboxServer:
    assert isinstance(sandbox, SandboxServer)
    return sandbox


@pytest.fixture
def api(server: SandboxServer) -> Iterator[SandboxApi]:
    client = SandboxApi(server.base_url, server.imp_key, server.imp_secret)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    loaded = load_schema()
    if loaded is None:
        pytest.skip("official schema ../shared/portone/v1.openapi.json is not present beside the repo")
    return loaded
