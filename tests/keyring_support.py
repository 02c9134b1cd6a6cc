"""An in-memory OS keyring for the tests that exercise the real keyring path (secrets, the journal's key).

It lives at the top of ``tests`` (like sandbox_support) so every test folder imports it by name.
``installed()`` puts one (or another backend) in place of the process's keyring and the old one back
after, so a test never reads or writes the machine's real keyring.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import keyring
import pytest
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username))

B = TypeVar("B", bound=KeyringBackend)


@contextmanager
def installed(monkeypatch: pytest.MonkeyPatch, backend: B) -> Iterator[B]:
    """``backend`` as the process's keyring for the ``with`` block (the tests' no-keyring switch off)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("POS_APP_NO_KEYRING", raising=False)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
