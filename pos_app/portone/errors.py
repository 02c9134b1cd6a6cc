"""What can go wrong talking to PortOne, sorted by what it means for the money.

The split that matters to a cashier:

* ``NotSent``: nothing reached PortOne (refused connection, DNS failure, connect timeout, or the token
  call before the real request failed). Safe to try again; the charge did not happen.
  ``ConfigurationError`` is the subclass for a request the client refused to build because the shop's
  set-up lacks what the schema requires (a ``channel_key``): nothing was sent, and sending again will not
  help until the owner sets up the channel.
* ``OutcomeUnknown``: the request may have been processed (read timeout, reset after sending, 5xx, an
  unreadable or mistyped body). The caller must reconcile by lookup, never re-send blindly.
  ``MalformedReply`` is the subclass for replies that arrived but could not be read; ``MalformedField``
  (its subclass) names the one field that could not be read (never its value).
* ``ApiError``: PortOne answered definitely (``code != 0`` or a 4xx JSON envelope with a message).
  ``NotFound`` (HTTP 404 with a PortOne envelope) and ``Unauthorized`` (401 that survived one token
  refresh, or getToken refused) are its subclasses.

Every ``str()`` here is safe to log and show: messages are built from fixed text, HTTP statuses and
PortOne's own message, and long digit runs that could be card numbers are masked before storing.
"""

from __future__ import annotations

import re

# 13–19 digits, optionally grouped by spaces or dashes: the shape of a card number. PortOne's messages
# are not expected to echo one, but a message is shown and logged, so it is masked on the way in.
_CARD_LIKE = re.compile(r"(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])")


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def scrub_card_digits(text: str) -> str:
    """Mask card numbers in ``text`` to their first 6 and last 4 digits.

    Only Luhn-valid runs are masked: every number the client sends passed the domain's Luhn check, so
    an echo of one is Luhn-valid, while ids such as ``customer_uid``s with phone digits mostly are not
    and stay readable in PortOne's messages.
    """

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"[^0-9]", "", match.group(0))
        if not _luhn_valid(digits):
            return match.group(0)
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]

    return _CARD_LIKE.sub(_mask, text)


class PortOneError(Exception):
    """Base of every client error; ``str()`` is safe to show and log (no card data)."""


class NotSent(PortOneError):
    """Nothing reached PortOne: the request can safely be tried again."""

    def __init__(self, detail: str) -> None:
        self.detail = scrub_card_digits(detail)
        super().__init__(self.detail)


class OutcomeUnknown(PortOneError):
    """The request may have reached PortOne but no readable answer came back: reconcile by lookup."""

    def __init__(self, detail: str, http_status: int | None = None) -> None:
        self.detail = scrub_card_digits(detail)
        self.http_status = http_status
        text = self.detail if http_status is None else f"HTTP {http_status}: {self.detail}"
        super().__init__(text)


class ConfigurationError(NotSent):
    """The client refused to send: the schema requires a setting the shop has not configured.

    ``setting`` names it (today always ``"channel_key"``: billing-key issue and external cash receipts
    require one since the 2026 schema). Nothing left this computer; show "set up the channel", never a
    decline and never UNKNOWN, and do not retry until the setting exists.
    """

    def __init__(self, setting: str, detail: str) -> None:
        self.setting = setting
        super().__init__(detail)


class MalformedReply(OutcomeUnknown):
    """A reply arrived but its body was not the PortOne shape (non-JSON, truncated, wrong types)."""


class MalformedField(MalformedReply):
    """One field of a reply could not be read as its type (``field``), or a required one was missing.

    ``expected`` is a short Korean description of the type wanted ("정수", "원 단위 정수", "UNIX 시각" …),
    or ``None`` when the field was missing. The field's value is never kept: it could be anything.
    """

    def __init__(self, field: str, expected: str | None, http_status: int | None = None) -> None:
        self.field = field
        self.expected = expected
        if expected is None:
            detail = f"응답에 필수 필드 '{field}'가 없습니다"
        else:
            detail = f"응답 필드 '{field}'의 형식이 잘못되었습니다 ({expected} 기대)"
        super().__init__(detail, http_status)


# PortOne relays the PG's or issuer's code in brackets: "결제승인에 실패하였습니다. [2116]…"
_PG_CODE = re.compile(r"\[([A-Z]?[0-9]{3,5})\]")
# KSNET's "card company did not answer in time": a refusal the card company may still approve later
PG_TIMEOUT_CODES = frozenset({"9981"})


class ApiError(PortOneError):
    """A definite answer from PortOne: ``code != 0`` or a 4xx envelope, with PortOne's message.

    ``pg_code`` is the PG's or issuer's code PortOne quoted in brackets (``"2116"``), if any;
    ``is_pg_timeout`` says the refusal was a PG timeout (``[9981]``), after which KSNET may still approve
    the charge: PortOne's record, not this refusal, decides what happened.
    """

    def __init__(self, http_status: int, code: int | None, message: str) -> None:
        self.http_status = http_status
        self.code = code
        self.message = scrub_card_digits(message)
        match = _PG_CODE.search(self.message)
        self.pg_code = match.group(1) if match else None
        super().__init__(self.message)

    @property
    def is_pg_timeout(self) -> bool:
        return self.pg_code in PG_TIMEOUT_CODES

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(http_status={self.http_status}, code={self.code}, "
            f"message={self.message!r})"
        )


class NotFound(ApiError):
    """HTTP 404 with a PortOne envelope: the payment, billing key or receipt does not exist."""


class Unauthorized(ApiError):
    """The API key/secret were refused, or a 401 came back again after one token refresh."""
