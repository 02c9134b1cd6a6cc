"""The PortOne REST key and secret, kept in the OS keyring and nowhere else.

There is deliberately no plaintext fallback: when no usable keyring backend exists (a bare Linux box, a
locked-down Windows profile) or ``POS_APP_NO_KEYRING=1`` is set (tests, demos), the store reports itself
unavailable and the app stays in sandbox mode. The key and secret are never written to settings.json,
logs or crash reports; ``ApiCredentials`` redacts the secret in its repr.

Which backend, and what is imported: nothing of keyring until a key is read or written (the module
imports it lazily). Then only this platform's backend is loaded — Windows Credential Locker, the macOS
Keychain, or the freedesktop Secret Service on Linux — instead of ``keyring.get_keyring()``'s scan of
every installed backend (on Linux that scan alone took ~0.3 s: the macOS backend looks for its framework
with ``ctypes.util.find_library``, which runs ldconfig). On Linux without a D-Bus session
(``DBUS_SESSION_BUS_ADDRESS`` unset) there can be no Secret Service, so the store says so without
importing it, and with it ``cryptography``: that library is needed only to decrypt a secret the Secret
Service sends (its ``dh-ietf1024-sha256-aes128-cbc-pkcs7`` session), i.e. only when a key is really read.
A backend chosen by the user's keyring configuration (``PYTHON_KEYRING_BACKEND``, keyringrc.cfg) or set
in this process (``keyring.set_keyring``, the tests) is honoured through keyring's own lookup, and the
same refusals apply to it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

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


def _chosen_elsewhere() -> bool:
    """True when the user's configuration or this process already picked a keyring backend."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    import keyring.core

    if getattr(keyring.core, "_keyring_backend", None) is not None:  # keyring.set_keyring, tests
        return True
    try:
        return keyring.core.load_config() is not None  # keyringrc.cfg
    except Exception:  # a broken config file: keyring's own lookup reports it the same way
        return True


def _platform_backend() -> Any:
    """This platform's native backend, importing only it; raises when it cannot work here."""
    kind: Callable[[], Any]  # keyring is untyped
    if sys.platform == "win32":
        from keyring.backends import Windows

        kind = cast(Callable[[], Any], Windows.WinVaultKeyring)
    elif sys.platform == "darwin":
        from keyring.backends import macOS

        kind = cast(Callable[[], Any], macOS.Keyring)
    else:
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            raise RuntimeError("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): no Secret Service")
        from keyring.backends import SecretService

        kind = cast(Callable[[], Any], SecretService.Keyring)
    backend = kind()
    backend.priority  # noqa: B018 - the backends raise here when they are unusable (no service, no API)
    return backend


def _select_backend() -> Any:
    import keyring

    if _chosen_elsewhere():
        return keyring.get_keyring()
    return _platform_backend()


class SecretStore:
    """Reads and writes imp_key / imp_secret in the OS keyring under one service name."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self._service = service
        self._reason: str | None = None
        self._backend_checked = False
        self._backend: Any = None

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

    def _probe_backend(self) -> str | None:
        try:
            from keyring.backends import fail

            backend = _select_backend()
        except Exception as exc:  # no usable backend here, or keyring cannot import it on odd systems
            return f"no usable keyring backend: {type(exc).__name__}: {exc}"
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if isinstance(backend, fail.Keyring) or "null" in name.lower():
            return f"no keyring backend ({name})"
        # keyrings.alt's plaintext/encrypted-file backends would be a plaintext fallback in disguise
        if "keyrings.alt" in name or "PlaintextKeyring" in name:
            return f"only a file-based keyring is installed ({name})"
        try:
            priority = getattr(backend, "priority", 1)
        except Exception as exc:
            return f"keyring backend {name} is unusable: {type(exc).__name__}"
        if priority <= 0:
            return f"keyring backend {name} is not recommended"
        self._backend = backend
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
        try:
            key = self._backend.get_password(self._service, _KEY_ENTRY)
            secret = self._backend.get_password(self._service, _SECRET_ENTRY)
        except Exception as exc:
            raise SecretsUnreadable(type(exc).__name__) from None  # the message could echo a secret
        if not key or not secret:
            return None
        return ApiCredentials(imp_key=key, imp_secret=secret)

    def set(self, credentials: ApiCredentials) -> None:
        """Store both values; raises SecretStoreUnavailable when there is no keyring."""
        self._require()
        self._backend.set_password(self._service, _KEY_ENTRY, credentials.imp_key)
        self._backend.set_password(self._service, _SECRET_ENTRY, credentials.imp_secret)

    def clear(self) -> None:
        """Forget the stored credentials (the app falls back to sandbox mode at next start)."""
        self._require()
        from keyring.errors import PasswordDeleteError

        for entry in (_KEY_ENTRY, _SECRET_ENTRY):
            with contextlib.suppress(PasswordDeleteError):
                self._backend.delete_password(self._service, entry)
