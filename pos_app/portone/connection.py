"""The part of the PortOne client every call shares: the token and PortOne's clock, one request, retries.

``PortOneClient`` (``client.py``) is built on ``Connection``; the rules it keeps are listed there. This
module holds the mechanisms:

* **The token clock.** Token life is judged on a *monotonic* clock, never the PC's wall clock (which the
  owner may set, NTP may step, or a sleeping laptop may jump): remaining life is ``expired_at - now`` from
  the getToken reply minus the monotonic time elapsed since that reply; below 60 s it is refreshed. The
  same anchor gives ``portone_now()``: PortOne's own clock (synced to Google Public NTP, API-NOTES §1)
  estimated as the last getToken's ``now`` plus the monotonic time since. The settlement engine
  measures windows across restarts on that clock. Both clocks are injectable (tests use fake ones).
* **One request** (``_send``): timeouts on every call, redirects never followed, and what ``requests``
  raised turned into ``NotSent`` / ``OutcomeUnknown`` (``transport``).
* **Idempotent retries** (``_with_retries``): getToken and GETs only, with exponential backoff.
* **State-changing calls** (``_change``): at most once, a 401 aside (answered before processing).
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
import urllib3.exceptions

from pos_app.domain import crashpoints
from pos_app.portone.errors import (
    ApiError,
    ConfigurationError,
    NotSent,
    OutcomeUnknown,
    Unauthorized,
)
from pos_app.portone.models import Token
from pos_app.portone.transport import ANY_2XX, check_session, classify_send_error, parse_object, read_reply

_log = logging.getLogger(__name__)

T = TypeVar("T")

TOKEN_REFRESH_MARGIN_S = 60
MONEY_STATUSES = (200,)  # a money reply in any other status is never read as a result


@dataclass(frozen=True)
class ChannelConfig:
    """The shop's PortOne channel. ``pg`` ("ksnet.{MID}") goes to onetime only (the one endpoint whose
    schema defines it); ``channel_key`` to every endpoint whose schema defines one, and the endpoints
    that require it (billing-key issue, external cash receipts) refuse to send without it."""

    pg: str | None = None
    channel_key: str | None = None


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    money_read: float = 65.0
    lookup_read: float = 10.0


class Connection:
    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        imp_key: str,
        imp_secret: str,
        *,
        channel: ChannelConfig = ChannelConfig(),
        timeouts: Timeouts = Timeouts(),
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        lookup_retries: int = 2,
        backoff_s: float = 0.5,
    ) -> None:
        check_session(session)
        self._session = session
        self.base_url = base_url.rstrip("/")
        self._imp_key = imp_key
        self._imp_secret = imp_secret
        self.channel = channel
        self.timeouts = timeouts
        self._monotonic = monotonic
        self._wall_clock = wall_clock
        self._sleep = sleep
        self.lookup_retries = max(0, lookup_retries)
        self._backoff_s = backoff_s
        self._token_lock = threading.Lock()
        self._token: Token | None = None
        # (PortOne's "now", our monotonic reading when the reply arrived) of the last getToken; kept
        # when a token is dropped after a 401, so PortOne's clock stays known
        self._anchor: tuple[int, float] | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # ------------------------------------------------------------------------------ the clocks

    def portone_now(self) -> float | None:
        """PortOne's clock now (UNIX seconds), estimated from the last getToken's ``now`` plus the
        monotonic time elapsed since that reply; None before any token was obtained.

        Good to about a second (``now`` is whole seconds and the reply took some time to arrive).
        Call ``token()`` first when a value is needed at once.
        """
        with self._token_lock:
            anchor = self._anchor
        if anchor is None:
            return None
        server_now, at = anchor
        return server_now + (self._monotonic() - at)

    def portone_clock_offset(self) -> float | None:
        """PortOne's clock minus this PC's wall clock, in seconds (positive: the PC is behind); None
        before any token. For showing "the PC clock is N minutes off", never for measuring windows."""
        now = self.portone_now()
        if now is None:
            return None
        return now - self._wall_clock()

    # ------------------------------------------------------------------------------------ token

    def token(self) -> Token:
        """The cached token, fetched again when less than a minute of (server) life remains."""
        with self._token_lock:
            token = self._token
            if token is not None and self._anchor is not None:
                elapsed = self._monotonic() - self._anchor[1]
                if token.expired_at - (token.now + elapsed) >= TOKEN_REFRESH_MARGIN_S:
                    return token
            return self._fetch_token_locked()

    def check_connection(self) -> Token:
        """Always asks PortOne for a token: proves the address and the key/secret work."""
        with self._token_lock:
            return self._fetch_token_locked()

    def _refresh_after_401(self, rejected: Token) -> Token:
        with self._token_lock:
            # Another thread may already have replaced the rejected token.
            if self._token is not None and self._token.access_token != rejected.access_token:
                return self._token
            self._token = None
            return self._fetch_token_locked()

    def _fetch_token_locked(self) -> Token:
        body = {"imp_key": self._imp_key, "imp_secret": self._imp_secret}

        def attempt() -> Token:
            resp = self._send(
                "POST", "/users/getToken", json_body=body, read_timeout=self.timeouts.lookup_read
            )
            data = read_reply(resp, ANY_2XX, "POST", "/users/getToken")
            return parse_object(Token.from_json, data, "response", resp.status_code)

        try:
            token = self._with_retries(attempt, "POST", "/users/getToken")
        except Unauthorized:
            raise
        except ApiError as exc:
            # Any definite refusal of getToken (200 with code != 0, 400, 404 of a wrong base URL) means
            # we cannot authenticate; callers treat it like refused credentials, never as a decline.
            raise Unauthorized(exc.http_status, exc.code, exc.message) from exc
        self._token = token
        self._anchor = (token.now, self._monotonic())
        _log.info("PortOne token obtained, valid %d s by server clock", token.lifetime)
        return token

    # ------------------------------------------------------------------------------- transport

    def _send(
        self,
        method: str,
        path: str,
        *,
        read_timeout: float,
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
        token: Token | None = None,
    ) -> requests.Response:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.access_token}"
        started = time.monotonic()  # for the log line only
        try:
            resp = self._session.request(
                method,
                self.base_url + path,
                params=params,
                json=json_body,
                headers=headers,
                timeout=(self.timeouts.connect, read_timeout),
                allow_redirects=False,
            )
        except (
            requests.RequestException,
            OSError,
            http.client.HTTPException,
            urllib3.exceptions.HTTPError,
        ) as exc:
            # Anything but requests' own exceptions is unexpected; it may have struck after sending.
            error = (
                classify_send_error(exc, method, path)
                if isinstance(exc, requests.RequestException)
                else OutcomeUnknown(f"통신 오류 ({type(exc).__name__}, 처리되었을 수 있음): {method} {path}")
            )
            _log.warning(
                "%s %s failed after %.2f s: %s",
                method,
                path,
                time.monotonic() - started,
                type(error).__name__,
            )
            raise error from exc
        _log.info("%s %s -> HTTP %d in %.2f s", method, path, resp.status_code, time.monotonic() - started)
        return resp

    def _with_retries(self, attempt: Callable[[], T], method: str, path: str) -> T:
        """Run an idempotent request, retrying transport trouble with exponential backoff."""
        for number in range(self.lookup_retries + 1):
            try:
                return attempt()
            except (NotSent, OutcomeUnknown) as exc:
                if number == self.lookup_retries:
                    raise
                delay = self._backoff_s * (2**number)
                _log.info(
                    "%s %s: %s, retry %d in %.1f s", method, path, type(exc).__name__, number + 1, delay
                )
                self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _authorised(
        self,
        method: str,
        path: str,
        *,
        changes_state: bool,
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
    ) -> tuple[Any, int]:
        """One request with the token; on a 401, one token refresh and one repeat."""
        read_timeout = self.timeouts.money_read if changes_state else self.timeouts.lookup_read
        ok_statuses = MONEY_STATUSES if changes_state else ANY_2XX
        token = self._token_for(self.token, changes_state)
        resp = self._send(
            method, path, read_timeout=read_timeout, params=params, json_body=json_body, token=token
        )
        if changes_state:
            crashpoints.reached("portone.reply_arrived")
        try:
            return read_reply(resp, ok_statuses, method, path), resp.status_code
        except Unauthorized:
            # PortOne checks the token before doing anything, so this request was not processed.
            _log.info("%s %s -> 401, refreshing the token once", method, path)
        rejected = token
        token = self._token_for(lambda: self._refresh_after_401(rejected), changes_state)
        resp = self._send(
            method, path, read_timeout=read_timeout, params=params, json_body=json_body, token=token
        )
        return read_reply(resp, ok_statuses, method, path), resp.status_code

    @staticmethod
    def _token_for(fetch: Callable[[], Token], changes_state: bool) -> Token:
        """Get a token; before a state-changing call any failure to get one means "not sent"."""
        if not changes_state:
            return fetch()
        try:
            return fetch()
        except (NotSent, OutcomeUnknown) as exc:
            raise NotSent(f"인증 토큰을 받지 못해 요청을 보내지 않았습니다 ({exc})") from exc

    def _change(
        self,
        method: str,
        path: str,
        json_body: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> tuple[Any, int]:
        """A state-changing call: sent at most once (a 401 resend aside, which was not processed)."""
        return self._authorised(method, path, changes_state=True, params=params, json_body=json_body)

    def _lookup(
        self,
        path: str,
        parse: Callable[[Any, int], T],
        params: Mapping[str, Any] | None = None,
    ) -> T:
        """A GET, parsed inside the retry loop: a garbled reply is retried like a dropped one."""

        def attempt() -> T:
            data, status = self._authorised("GET", path, changes_state=False, params=params)
            return parse(data, status)

        return self._with_retries(attempt, "GET", path)

    # ------------------------------------------------------------------------------ channel

    def _required_channel_key(self, call: str) -> str:
        """The channel key an endpoint's schema requires, or ConfigurationError before anything is sent."""
        channel_key = self.channel.channel_key
        if not channel_key:
            raise ConfigurationError(
                "channel_key",
                f"채널 키(channel_key)가 설정되지 않아 {call} 요청을 보내지 않았습니다. "
                "설정에서 PortOne 채널 키를 입력하세요.",
            )
        return channel_key

    def _with_optional_channel_key(self, body: dict[str, Any]) -> dict[str, Any]:
        if self.channel.channel_key:
            body["channel_key"] = self.channel.channel_key
        return body
