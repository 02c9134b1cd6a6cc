"""The journal's sealing keys in the OS keyring: service ``pos_app.journal``, one entry per key id.

The journal (``pos_app.journal.keys.KeyStore``) asks for a key by its id (8 hex digits, recorded in the
journal's own ``journal_started``/``key_changed`` events) and gets the 32-byte key as hex. Like the
PortOne secrets there is no plaintext fallback: without a usable keyring (or with ``POS_APP_NO_KEYRING=1``)
every call raises, and the journal reports that it cannot seal or check instead of pretending. The
keyring module is imported only when a key is asked for.
"""

from __future__ import annotations

from pos_app.config.secrets import SecretStore

JOURNAL_KEY_SERVICE = "pos_app.journal"


class JournalKeyUnreadable(RuntimeError):
    """The keyring is missing or did not answer (the text is English, for logs; never the key)."""


class KeyringJournalKeys:
    """``KeyStore`` over the OS keyring (duck-typed: config does not import the journal)."""

    def __init__(self, service: str = JOURNAL_KEY_SERVICE) -> None:
        self._service = service
        self._probe = SecretStore(service)

    def _require(self) -> None:
        reason = self._probe.unavailable_reason()
        if reason is not None:
            raise _unreadable(reason)

    def load(self, kid: str) -> str | None:
        self._require()
        import keyring

        try:
            value = keyring.get_password(self._service, kid)
        except Exception as exc:
            raise _unreadable(type(exc).__name__) from None
        return value or None

    def save(self, kid: str, secret: str) -> None:
        self._require()
        import keyring

        try:
            keyring.set_password(self._service, kid, secret)
        except Exception as exc:
            raise _unreadable(type(exc).__name__) from None

    def describe(self) -> str:
        return f"키링 {self._service}"


def _unreadable(reason: str) -> Exception:
    # the journal recognises its own KeyStoreUnreadable; imported lazily to keep config below journal
    try:
        from pos_app.journal.keys import KeyStoreUnreadable
    except ImportError:  # pragma: no cover
        return JournalKeyUnreadable(reason)
    return KeyStoreUnreadable(reason)
