"""Where the journal's sealing keys come from: a small store interface and the stores that live here.

The chain is an HMAC keyed per journal; the key must not sit next to the file it protects, or whoever can
edit the file can also re-seal it. The real store is the OS keyring (``pos_app.config.journal_key``,
service ``pos_app.journal``, one entry per key id); the journal only sees this interface:

* ``load(kid)`` → the key (32 random bytes, hex) or None when the store has no such entry; raises
  ``KeyStoreUnreadable`` when the store exists but does not answer (locked, broken);
* ``save(kid, secret)``; ``describe()`` → where the keys are, for the owner's messages.

``MemoryKeyStore`` is for tests; ``FileKeyStore`` keeps keys in a file in a folder, which is right only
for the sandbox journal (play money) and for callers that pass no store at all (then the journal warns
that its seal is weak). ``UnavailableKeyStore`` stands for "no keyring on this computer": every load
raises, so a live journal never pretends to have checked.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Protocol


class KeyStoreUnreadable(RuntimeError):
    """The key store exists but did not answer; ``reason`` is English for logs (never the key)."""


class KeyStore(Protocol):
    def load(self, kid: str) -> str | None: ...

    def save(self, kid: str, secret: str) -> None: ...

    def describe(self) -> str: ...


def new_key() -> tuple[str, str]:
    """A fresh (key id, key): 8 hex digits naming 32 random bytes."""
    return secrets.token_hex(4), secrets.token_hex(32)


def key_bytes(secret: str) -> bytes:
    return bytes.fromhex(secret)


class MemoryKeyStore:
    """Keys in a dict (tests: a fake keyring; ``broken`` makes every call fail like a locked keyring)."""

    def __init__(self, keys: dict[str, str] | None = None) -> None:
        self.keys: dict[str, str] = dict(keys or {})
        self.broken = False

    def load(self, kid: str) -> str | None:
        if self.broken:
            raise KeyStoreUnreadable("the test keyring is locked")
        return self.keys.get(kid)

    def save(self, kid: str, secret: str) -> None:
        if self.broken:
            raise KeyStoreUnreadable("the test keyring is locked")
        self.keys[kid] = secret

    def describe(self) -> str:
        return "메모리(시험용)"


class FileKeyStore:
    """Keys in ``<folder>/journal.keys`` (JSON, written atomically, owner-only permissions)."""

    FILE_NAME = "journal.keys"

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / self.FILE_NAME

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise KeyStoreUnreadable(f"{self.path.name}: {type(exc).__name__}") from None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def load(self, kid: str) -> str | None:
        return self._read().get(kid)

    def save(self, kid: str, secret: str) -> None:
        keys = self._read()
        keys[kid] = secret
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(keys, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)

    def describe(self) -> str:
        return f"파일 {self.path}"


class UnavailableKeyStore:
    """No key store on this computer (no keyring backend): nothing can be sealed or checked."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def load(self, kid: str) -> str | None:
        raise KeyStoreUnreadable(self.reason)

    def save(self, kid: str, secret: str) -> None:
        raise KeyStoreUnreadable(self.reason)

    def describe(self) -> str:
        return f"사용할 수 없음({self.reason})"
