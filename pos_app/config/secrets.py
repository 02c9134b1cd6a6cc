"""The PortOne REST key and secret, kept in the OS keyring and nowhere else.

There is deliberately no plaintext fallback: when no usable keyring backend exists (a bare Linux box, a
locked-down Windows profile) or ``POS_APP_NO_KEYRING=1`` is set (tests, demos), the store reports itself
unavailable and the app stays in sandbox mode. The key and secret are never written to settings.json,
logs or crash reports; ``ApiCredentials`` redacts the secret in its repr.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field

SERVICE_NAME = "pos_app.portone"
_KEY_ENTRY = "imp_key"
_SECRET_ENTRY = "imp_secret"  # noqa: S105 - an entry name, not a secret
NO_KEYRING_ENV = "POS_APP_NO_KEYRING"


class SecretStoreUnavailable(RuntimeError):
    """No keyring backend can hold the secret (or POS_APP_NO_KEYRING=1)."""


class SecretsUnreadable(RuntimeError):
    """A keyring exists but refused to answer (locked, broken): the keys may well be stored in it."""


@dataclass(frozen=True)
class ApiCredentials:
    imp_key: str
    imp_secret: str = field(repr=False)


def _keyring_disabled_by_env() -> bool:
    return os.environ.get(NO_KEYRING_ENV, "").strip() not in ("", "0")


class SecretStore:
    """Reads and writes imp_key / imp_secret in the OS keyring under one service name."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self._service = service
        self._reason: str | None = None
        self._backend_checked = False

    def available(self) -> bool:
        """True when a real (not fail/null/plaintext) keyring backend is usable."""
        return self.unavailable_reason() is None

    def unavailable_reason(self) -> str | None:
        """Why the store cannot be used (English, for logs); None when it can."""
        if _keyring_disabled_by_env():
            return f"{NO_KEYRING_ENV} is set"
        if not self._backend_checked:
            self._backend_checked = True
            self._reason = self._probe_backend()
        return self._reason

    @staticmethod
    def _probe_backend() -> str | None:
        try:
            import keyring
            from keyring.backends import fail
        except Exception as exc:  # keyring may fail to import its backends on odd systems
            return f"keyring cannot be imported: {type(exc).__name__}"
        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if isinstance(backend, fail.Keyring) or "null" in name.lower():
            return f"no keyring backend ({name})"
        # keyrings.alt's plaintext/encrypted-file backends would be a plaintext fallback in disguise
        if "keyrings.alt" in name or "PlaintextKeyring" in name:
            return f"only a file-based keyring is installed ({name})"
        if getattr(backend, "priority", 1) <= 0:
            return f"keyring backend {name} is not recommended"
        return None

    def _require(self) -> None:
        reason = self.unavailable_reason()
        if reason is not None:
            raise SecretStoreUnavailable(reason)

    def get(self) -> ApiCredentials | None:
        """The stored credentials, or None when none are stored or the keyring cannot be read."""
        try:
            return self.read()
        except SecretsUnreadable:
            return None

    def read(self) -> ApiCredentials | None:
        """The stored credentials, None when none are stored or there is no keyring at all.

        Raises SecretsUnreadable when a keyring exists but fails: start-up must then not mistake a live
        shop for a fresh install and fall back to the sandbox.
        """
        if not self.available():
            return None
        import keyring

        try:
            key = keyring.get_password(self._service, _KEY_ENTRY)
            secret = keyring.get_password(self._service, _SECRET_ENTRY)
        except Exception as exc:
            raise SecretsUnreadable(type(exc).__name__) from None  # the message could echo a secret
        if not key or not secret:
            return None
        return ApiCredentials(imp_key=key, imp_secret=secret)

    def set(self, credentials: ApiCredentials) -> None:
        """Store both values; raises SecretStoreUnavailable when there is no keyring."""
        self._require()
        import keyring

        keyring.set_password(self._service, _KEY_ENTRY, credentials.imp_key)
        keyring.set_password(self._service, _SECRET_ENTRY, credentials.imp_secret)

    def clear(self) -> None:
        """Forget the stored credentials (the app falls back to sandbox mode at next start)."""
        self._require()
        import keyring
        from keyring.errors import PasswordDeleteError

        for entry in (_KEY_ENTRY, _SECRET_ENTRY):
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(self._service, entry)
