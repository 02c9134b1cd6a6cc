"""The PortOne V1 REST client used for KSNET key-in charges, billing keys, cancels and cash receipts.

Rules it keeps, because money is at stake on a flaky network:

* A state-changing call (every POST and DELETE except getToken) goes out **at most once** per method
  call. The only resend is after an HTTP 401, which PortOne answers before processing anything; then the
  token is refreshed once and the call repeated. A refused connection raises ``NotSent`` and it is the
  caller's decision to try again. Redirects are never followed (a 307 would resend the body).
* Lookups (GET) and getToken create nothing, so they are retried on transport errors, 5xx and
  unreadable bodies with exponential backoff (``sleep`` is injectable for tests).
* Timeouts on every call: connect 5 s; read 65 s for state-changing calls (PG latency), 10 s for lookups.
* The token is cached and judged by the server's own clock: remaining life is ``expired_at - now``
  from the getToken reply minus the local time elapsed since; below 60 s it is refreshed.
* If getToken fails before a state-changing call, that call was not sent: it raises ``NotSent``. Any
  definite refusal of getToken (401, or another PortOne envelope with ``code != 0``) is
  ``Unauthorized``, so a wrong key can never be reported as a declined card.
* The ``requests.Session`` is supplied by the caller (composition root or tests). Adapters that retry
  on their own would break the at-most-once rule, so the constructor refuses them.

KSNET specifics (API-NOTES §2–§7, §11): ``pg`` ("ksnet.{MID}") is added to charges, billing-key issue and
external receipts when configured; ``channel_key`` to billing-key issue and external receipts;
``tax_free``, ``product_type`` and ``buyer_name`` are always in charge and receipt bodies (the request
dataclasses build them). Multi lookups send ``name[]`` array parameters; paged lists are followed until
``next`` is 0. Multi lookups answer ``[]`` for a PortOne 404 ("none of them exist").

A reply about another id than the one asked (another merchant_uid, imp_uid, customer_uid) is treated
as unreadable (``MalformedReply``): a proxy or server mix-up must never settle our order.

Thread safety: token refresh is serialised by a lock; calls may run in parallel worker threads over
the one session (urllib3's connection pool is thread-safe; the client keeps no cookies or other
per-call session state).
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
import urllib3.exceptions

from pos_app.portone.errors import (
    ApiError,
    MalformedReply,
    NotFound,
    NotSent,
    OutcomeUnknown,
    Unauthorized,
)
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    Customer,
    ExternalReceiptRequest,
    OnetimeRequest,
    Payment,
    PaymentPage,
    Receipt,
    ReceiptRequest,
    Token,
)
from pos_app.portone.transport import (
    check_session,
    classify_send_error,
    insist_about,
    parse_object,
    path_segment,
    read_reply,
    response_parser,
)

_log = logging.getLogger(__name__)

T = TypeVar("T")

TOKEN_REFRESH_MARGIN_S = 60
MULTI_LOOKUP_BATCH = 100  # PortOne's documented maximum ids per multi lookup
STATUS_WINDOW_S = 90 * 24 * 3600  # payments/status accepts at most a 90-day from/to window
PAGE_LIMIT = 100
MAX_PAGES = 10_000  # a server that never says next=0 must not keep us looping forever
LIST_STATUSES = ("all", "ready", "paid", "cancelled", "failed")
FIND_STATUSES = ("ready", "paid", "cancelled", "failed")


@dataclass(frozen=True)
class ChannelConfig:
    pg: str | None = None  # "ksnet.{MID}"
    channel_key: str | None = None


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    money_read: float = 65.0
    lookup_read: float = 10.0


class PortOneClient:
    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        imp_key: str,
        imp_secret: str,
        *,
        channel: ChannelConfig = ChannelConfig(),
        timeouts: Timeouts = Timeouts(),
        clock: Callable[[], float] = time.time,
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
        self._clock = clock
        self._sleep = sleep
        self.lookup_retries = max(0, lookup_retries)
        self._backoff_s = backoff_s
        self._token_lock = threading.Lock()
        self._token: Token | None = None
        self._token_local_at = 0.0

    def __repr__(self) -> str:
        return f"PortOneClient(base_url={self.base_url!r})"

    # ------------------------------------------------------------------------------------ token

    def token(self) -> Token:
        """The cached token, fetched again when less than a minute of (server) life remains."""
        with self._token_lock:
            token = self._token
            if token is not None:
                elapsed = self._clock() - self._token_local_at
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
            data = read_reply(resp, (200,), "POST", "/users/getToken")
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
        self._token_local_at = self._clock()
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
        started = time.monotonic()
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
        ok_statuses: tuple[int, ...] = (200,),
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
    ) -> tuple[Any, int]:
        """One request with the token; on a 401, one token refresh and one repeat."""
        read_timeout = self.timeouts.money_read if changes_state else self.timeouts.lookup_read
        token = self._token_for(self.token, changes_state)
        resp = self._send(
            method, path, read_timeout=read_timeout, params=params, json_body=json_body, token=token
        )
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
        ok_statuses: tuple[int, ...] = (200,),
    ) -> T:
        """A GET, parsed inside the retry loop: a garbled reply is retried like a dropped one."""

        def attempt() -> T:
            data, status = self._authorised(
                "GET", path, changes_state=False, params=params, ok_statuses=ok_statuses
            )
            return parse(data, status)

        return self._with_retries(attempt, "GET", path)

    def _with_channel(self, body: dict[str, Any], *, channel_key: bool) -> dict[str, Any]:
        if self.channel.pg:
            body["pg"] = self.channel.pg
        if channel_key and self.channel.channel_key:
            body["channel_key"] = self.channel.channel_key
        return body

    # ------------------------------------------------------------------- state-changing calls

    def pay_onetime(self, req: OnetimeRequest) -> Payment:
        data, status = self._change(
            "POST", "/subscribe/payments/onetime", self._with_channel(req.body(), channel_key=False)
        )
        return response_parser(Payment.from_json, ("merchant_uid", req.merchant_uid))(data, status)

    def pay_again(self, req: AgainRequest) -> Payment:
        data, status = self._change(
            "POST", "/subscribe/payments/again", self._with_channel(req.body(), channel_key=False)
        )
        return response_parser(Payment.from_json, ("merchant_uid", req.merchant_uid))(data, status)

    def issue_billing_key(self, customer_uid: str, req: BillingKeyRequest) -> Customer:
        data, status = self._change(
            "POST",
            f"/subscribe/customers/{path_segment(customer_uid)}",
            self._with_channel(req.body(), channel_key=True),
        )
        return response_parser(Customer.from_json, ("customer_uid", customer_uid))(data, status)

    def delete_billing_key(self, customer_uid: str, reason: str | None = None) -> Customer:
        params = {"reason": reason} if reason else None
        data, status = self._change(
            "DELETE", f"/subscribe/customers/{path_segment(customer_uid)}", params=params
        )
        return response_parser(Customer.from_json, ("customer_uid", customer_uid))(data, status)

    def cancel_payment(self, req: CancelRequest) -> Payment:
        data, status = self._change("POST", "/payments/cancel", req.body())
        # imp_uid wins when both are sent (API-NOTES §5), so the reply must be about that one.
        about = ("imp_uid", req.imp_uid) if req.imp_uid else ("merchant_uid", req.merchant_uid or "")
        return response_parser(Payment.from_json, about)(data, status)

    def issue_receipt(self, imp_uid: str, req: ReceiptRequest) -> Receipt:
        # The receipt goes through the payment's own PG channel, so no pg/channel_key here.
        data, status = self._change("POST", f"/receipts/{path_segment(imp_uid)}", req.body())
        return response_parser(Receipt.from_json, ("imp_uid", imp_uid))(data, status)

    def cancel_receipt(self, imp_uid: str) -> Receipt:
        data, status = self._change("DELETE", f"/receipts/{path_segment(imp_uid)}")
        return response_parser(Receipt.from_json, ("imp_uid", imp_uid))(data, status)

    def issue_external_receipt(self, merchant_uid: str, req: ExternalReceiptRequest) -> Receipt:
        data, status = self._change(
            "POST",
            f"/receipts/external/{path_segment(merchant_uid)}",
            self._with_channel(req.body(), channel_key=True),
        )
        return response_parser(Receipt.from_json, ("merchant_uid", merchant_uid))(data, status)

    def cancel_external_receipt(self, merchant_uid: str) -> Receipt:
        data, status = self._change("DELETE", f"/receipts/external/{path_segment(merchant_uid)}")
        return response_parser(Receipt.from_json, ("merchant_uid", merchant_uid))(data, status)

    # -------------------------------------------------------------------------------- lookups

    def get_billing_key(self, customer_uid: str) -> Customer:
        return self._lookup(
            f"/subscribe/customers/{path_segment(customer_uid)}",
            response_parser(Customer.from_json, ("customer_uid", customer_uid)),
        )

    def get_billing_keys(self, customer_uids: Sequence[str]) -> list[Customer]:
        customers: list[Customer] = []
        for start in range(0, len(customer_uids), MULTI_LOOKUP_BATCH):
            batch = list(customer_uids[start : start + MULTI_LOOKUP_BATCH])
            customers.extend(
                self._multi_lookup("/subscribe/customers", {"customer_uid[]": batch}, Customer.from_json)
            )
        return customers

    def get_payment(self, imp_uid: str, include_sandbox: bool = True) -> Payment:
        params = {"include_sandbox": "true" if include_sandbox else "false"}
        return self._lookup(
            f"/payments/{path_segment(imp_uid)}",
            response_parser(Payment.from_json, ("imp_uid", imp_uid)),
            params,
        )

    def find_payment(self, merchant_uid: str, status: str | None = None) -> Payment:
        path = f"/payments/find/{path_segment(merchant_uid)}" + self._status_segment(status, FIND_STATUSES)
        return self._lookup(path, response_parser(Payment.from_json, ("merchant_uid", merchant_uid)))

    def find_all_payments(self, merchant_uid: str, status: str | None = None) -> list[Payment]:
        path = f"/payments/findAll/{path_segment(merchant_uid)}" + self._status_segment(status, FIND_STATUSES)
        try:
            payments = self._all_pages(path, {})
        except NotFound:
            return []  # no payment carries this merchant_uid
        for payment in payments:
            insist_about(payment, ("merchant_uid", merchant_uid), 200)
        return payments

    def get_payments(self, imp_uids: Sequence[str] = (), merchant_uids: Sequence[str] = ()) -> list[Payment]:
        ids = [("imp_uid[]", uid) for uid in imp_uids] + [("merchant_uid[]", uid) for uid in merchant_uids]
        payments: list[Payment] = []
        for start in range(0, len(ids), MULTI_LOOKUP_BATCH):
            params: dict[str, list[str]] = {}
            for key, uid in ids[start : start + MULTI_LOOKUP_BATCH]:
                params.setdefault(key, []).append(uid)
            payments.extend(self._multi_lookup("/payments", params, Payment.from_json))
        return payments

    def list_payments_by_status(
        self, status: str, from_ts: int, to_ts: int, limit: int = 100
    ) -> list[Payment]:
        """Every payment whose final-status time lies in [from_ts, to_ts], in 90-day windows."""
        path = "/payments/status" + self._status_segment(status, LIST_STATUSES)
        limit = min(max(1, limit), 1000)
        payments: dict[str, Payment] = {}
        window_from = from_ts
        while window_from <= to_ts:
            window_to = min(to_ts, window_from + STATUS_WINDOW_S)
            for payment in self._all_pages(path, {"from": window_from, "to": window_to}, limit):
                payments.setdefault(payment.imp_uid, payment)  # windows share their edge second
            window_from = window_to + 1
        return list(payments.values())

    def get_receipt(self, imp_uid: str) -> Receipt:
        return self._lookup(
            f"/receipts/{path_segment(imp_uid)}", response_parser(Receipt.from_json, ("imp_uid", imp_uid))
        )

    def get_external_receipt(self, merchant_uid: str) -> Receipt:
        return self._lookup(
            f"/receipts/external/{path_segment(merchant_uid)}",
            response_parser(Receipt.from_json, ("merchant_uid", merchant_uid)),
        )

    # ------------------------------------------------------------------------------- helpers

    @staticmethod
    def _status_segment(status: str | None, allowed: tuple[str, ...]) -> str:
        if status is None:
            return ""
        if status not in allowed:
            raise ValueError(f"payment status must be one of {allowed}")
        return "/" + status

    def _multi_lookup(
        self, path: str, params: Mapping[str, Any], parser: Callable[[Mapping[str, Any]], T]
    ) -> list[T]:
        def parse(data: Any, status: int) -> list[T]:
            if data is None:
                return []
            if not isinstance(data, list):
                raise MalformedReply(f"응답의 response가 배열이 아닙니다: GET {path}", status)
            return [parse_object(parser, item, "response[]", status) for item in data]

        try:
            return self._lookup(path, parse, params, ok_statuses=(200, 207))
        except NotFound:
            return []  # none of the ids exist

    def _all_pages(self, path: str, params: Mapping[str, Any], limit: int = PAGE_LIMIT) -> list[Payment]:
        payments: list[Payment] = []
        page = 1
        for _ in range(MAX_PAGES):
            result = self._lookup(
                path, response_parser(PaymentPage.from_json), {**params, "page": page, "limit": limit}
            )
            payments.extend(result.payments)
            if result.next == 0:
                return payments
            if result.next <= page:
                raise MalformedReply(
                    f"페이지 번호가 앞으로 가지 않습니다 (page {page} → {result.next}): GET {path}"
                )
            page = result.next
        raise MalformedReply(f"페이지가 끝나지 않습니다: GET {path}")
