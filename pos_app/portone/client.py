"""The PortOne V1 REST client: KSNET key-in charges, billing keys, cancels, cash receipts, schedules.

Rules it keeps, because money is at stake on a flaky network:

* A state-changing call (every POST, PUT and DELETE except getToken) goes out **at most once** per
  method call. The only resend is after an HTTP 401, which PortOne answers before processing anything;
  then the token is refreshed once and the call repeated. A refused connection raises ``NotSent`` and
  it is the caller's decision to try again. Redirects are never followed (a 307 would resend the body).
* Lookups (GET) and getToken create nothing, so they are retried on transport errors, 5xx and
  unreadable bodies with exponential backoff (``sleep`` is injectable for tests). They accept any 2xx
  that carries PortOne's envelope; money calls only 200 (another 2xx is ``OutcomeUnknown``).
* Timeouts on every call: connect 5 s; read 65 s for state-changing calls (PG latency), 10 s for lookups.
* The token is cached and judged on a monotonic clock against the server's own ``now``/``expired_at``
  (``connection``); ``portone_now()`` is PortOne's clock estimated the same way.
* If getToken fails before a state-changing call, that call was not sent: it raises ``NotSent``. Any
  definite refusal of getToken (401, or another PortOne envelope with ``code != 0``) is
  ``Unauthorized``, so a wrong key can never be reported as a declined card.
* The ``requests.Session`` is supplied by the caller (composition root or tests). Adapters that retry
  on their own would break the at-most-once rule, so the constructor refuses them.

The wire, endpoint by endpoint (checked against the official schema by tests/portone's contract tests):
each body carries only fields the schema defines for that endpoint. ``pg`` ("ksnet.{MID}") goes only to
onetime; ``channel_key`` goes to again and schedule when configured, and billing-key issue and external
receipts *require* it (2026 schema): without one configured they raise ``ConfigurationError`` before
sending. ``tax_free``, ``product_type`` and ``buyer_name`` are always in charge, schedule and receipt
bodies (KSNET, 복합과세). Multi lookups send ``name[]`` array parameters; paged lists are followed until
``next`` is 0. Multi lookups answer ``[]`` for a PortOne 404 ("none of them exist").

A reply about another id than the one asked (another merchant_uid, imp_uid, customer_uid) is treated
as unreadable (``MalformedReply``): a proxy or server mix-up must never settle our order.

Thread safety: token refresh is serialised by a lock; calls may run in parallel worker threads over
the one session (urllib3's connection pool is thread-safe; the client keeps no cookies or other
per-call session state).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from pos_app.portone.connection import ChannelConfig, Timeouts
from pos_app.portone.errors import MalformedReply, NotFound
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    Customer,
    ExternalReceiptRequest,
    OnetimeRequest,
    Payment,
    PaymentPage,
    PgSetting,
    Receipt,
    ReceiptRequest,
)
from pos_app.portone.schedule_calls import ScheduleCalls
from pos_app.portone.transport import insist_about, parse_object, path_segment, response_parser

__all__ = ["ChannelConfig", "PortOneClient", "Timeouts"]

_log = logging.getLogger(__name__)

T = TypeVar("T")

MULTI_LOOKUP_BATCH = 100  # PortOne's documented maximum ids per multi lookup
STATUS_WINDOW_S = 90 * 24 * 3600  # payments/status accepts at most a 90-day from/to window
PAGE_LIMIT = 100
MAX_PAGES = 10_000  # a server that never says next=0 must not keep us looping forever
LIST_STATUSES = ("all", "ready", "paid", "cancelled", "failed")
FIND_STATUSES = ("ready", "paid", "cancelled", "failed")


class PortOneClient(ScheduleCalls):
    """``PortOneClient(session, base_url, imp_key, imp_secret, *, channel=ChannelConfig(),
    timeouts=Timeouts(), monotonic=time.monotonic, wall_clock=time.time, sleep=time.sleep,
    lookup_retries=2, backoff_s=0.5)`` — see ``connection.Connection``."""

    # ------------------------------------------------------------------- state-changing calls

    def pay_onetime(self, req: OnetimeRequest) -> Payment:
        """Key-in charge. ``pg`` is the one channel field onetime's schema defines (no channel_key)."""
        body = req.body()
        if self.channel.pg:
            body["pg"] = self.channel.pg
        data, status = self._change("POST", "/subscribe/payments/onetime", body)
        return response_parser(Payment.from_json, ("merchant_uid", req.merchant_uid))(data, status)

    def pay_again(self, req: AgainRequest) -> Payment:
        """Billing-key charge. again's schema defines ``channel_key`` (optional), not ``pg``."""
        data, status = self._change(
            "POST", "/subscribe/payments/again", self._with_optional_channel_key(req.body())
        )
        return response_parser(Payment.from_json, ("merchant_uid", req.merchant_uid))(data, status)

    def issue_billing_key(self, customer_uid: str, req: BillingKeyRequest) -> Customer:
        """Save a card. The schema requires ``channel_key``: ``ConfigurationError`` without one."""
        body = {**req.body(), "channel_key": self._required_channel_key("카드 등록(빌링키 발급)")}
        data, status = self._change("POST", f"/subscribe/customers/{path_segment(customer_uid)}", body)
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
        """Cash receipt for a sale outside PortOne. The 2026 schema replaced ``pg`` by a required
        ``channel_key``: ``ConfigurationError`` without one."""
        body = {**req.body(), "channel_key": self._required_channel_key("현금영수증 발행")}
        data, status = self._change("POST", f"/receipts/external/{path_segment(merchant_uid)}", body)
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

    def list_pg_settings(self) -> list[PgSetting]:
        """``GET /users/pg``: the account's PG channels (pick ``pg_provider == "ksnet"`` and
        ``is_key_in``; ``sandbox`` says whether it is a PortOne test channel)."""

        def parse(data: Any, status: int) -> list[PgSetting]:
            if not isinstance(data, list):
                raise MalformedReply("응답의 response가 배열이 아닙니다: GET /users/pg", status)
            return [parse_object(PgSetting.from_json, item, "response[]", status) for item in data]

        return self._lookup("/users/pg", parse)

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
            return self._lookup(path, parse, params)
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
