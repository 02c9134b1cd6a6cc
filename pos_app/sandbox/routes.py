"""The V1 paths the sandbox serves, the access-token check, and `getToken`.

Tokens are accepted as `Authorization: Bearer <t>`, a bare `Authorization: <t>` (the official clients)
or the legacy `X-ImpTokenHeader`; a missing, unknown or expired token is HTTP 401 code -1
`Unauthorized`. A wrong key or secret on getToken is HTTP 401 too. getToken answers HTTP 200, or 201
when the server is told to (`token_http_status`), as one public V1 test server does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pos_app.sandbox import billing, channels, lookups, payments, receipts, schedules
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.wire import Params, Refusal, Reply, ok

Handler = Callable[[SandboxContext, Params, tuple[str, ...]], Reply]
UNAUTHORIZED = Refusal(401, -1, "Unauthorized")
SANDBOX_PATH_PREFIX = "/__sandbox__/"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    needs_token: bool = True


def _route(method: str, path: str, handler: Handler, needs_token: bool = True) -> Route:
    regex = re.sub(r"\{(\w+)\}", r"([^/]+)", path)
    return Route(method, re.compile(f"^{regex}$"), handler, needs_token)


def get_token(ctx: SandboxContext, params: Params, _args: tuple[str, ...]) -> Reply:
    if params.text("imp_key") != ctx.imp_key or params.text("imp_secret") != ctx.imp_secret:
        raise Refusal(401, -1, "imp_key, imp_secret 인증에 실패하였습니다. API 키와 시크릿을 확인해주세요.")
    token, expired_at, now = ctx.store.issue_token()
    return ok({"access_token": token, "expired_at": expired_at, "now": now}, status=ctx.token_http_status)


ROUTES: tuple[Route, ...] = (
    _route("POST", "/users/getToken", get_token, needs_token=False),
    _route("GET", "/users/pg", lambda c, p, a: channels.list_pg_settings(c, p)),
    _route("GET", "/subscribe/payments/schedule", lambda c, p, a: schedules.list_schedules(c, p)),
    _route("POST", "/subscribe/payments/schedule", lambda c, p, a: schedules.schedule_payments(c, p)),
    _route("POST", "/subscribe/payments/unschedule", lambda c, p, a: schedules.unschedule(c, p)),
    _route(
        "GET",
        "/subscribe/payments/schedule/customers/{uid}",
        lambda c, p, a: schedules.list_customer_schedules(c, p, a[0]),
    ),
    _route("GET", "/subscribe/payments/schedule/{mu}", lambda c, p, a: schedules.get_schedule(c, a[0])),
    _route("PUT", "/subscribe/payments/schedule/{mu}", lambda c, p, a: schedules.update_schedule(c, p, a[0])),
    _route(
        "POST",
        "/subscribe/payments/schedule/{mu}/reschedule",
        lambda c, p, a: schedules.reschedule(c, p, a[0]),
    ),
    _route("POST", "/subscribe/payments/schedule/{mu}/retry", lambda c, p, a: schedules.retry(c, a[0])),
    _route(
        "GET",
        "/subscribe/customers/{uid}/schedules",
        lambda c, p, a: schedules.list_customer_schedules(c, p, a[0]),
    ),
    _route("POST", "/subscribe/payments/onetime", lambda c, p, a: payments.pay_onetime(c, p)),
    _route("POST", "/subscribe/payments/again", lambda c, p, a: payments.pay_again(c, p)),
    _route("GET", "/subscribe/customers", lambda c, p, a: billing.get_billing_keys(c, p)),
    _route(
        "GET", "/subscribe/customers/{uid}/payments", lambda c, p, a: lookups.customer_payments(c, p, a[0])
    ),
    _route("POST", "/subscribe/customers/{uid}", lambda c, p, a: billing.issue_billing_key(c, p, a[0])),
    _route("GET", "/subscribe/customers/{uid}", lambda c, p, a: billing.get_billing_key(c, a[0])),
    _route("DELETE", "/subscribe/customers/{uid}", lambda c, p, a: billing.delete_billing_key(c, p, a[0])),
    _route("POST", "/payments/cancel", lambda c, p, a: payments.cancel_payment(c, p)),
    _route("GET", "/payments", lambda c, p, a: lookups.get_payments(c, p)),
    _route("GET", "/payments/status/{status}", lambda c, p, a: lookups.list_by_status(c, p, a[0])),
    _route("GET", "/payments/find/{mu}", lambda c, p, a: lookups.find_payment(c, p, a[0], None)),
    _route("GET", "/payments/find/{mu}/{status}", lambda c, p, a: lookups.find_payment(c, p, a[0], a[1])),
    _route("GET", "/payments/findAll/{mu}", lambda c, p, a: lookups.find_all_payments(c, p, a[0], None)),
    _route(
        "GET", "/payments/findAll/{mu}/{status}", lambda c, p, a: lookups.find_all_payments(c, p, a[0], a[1])
    ),
    _route("GET", "/payments/{imp_uid}", lambda c, p, a: lookups.get_payment(c, p, a[0])),
    _route("POST", "/receipts/external/{mu}", lambda c, p, a: receipts.issue_external_receipt(c, p, a[0])),
    _route("GET", "/receipts/external/{mu}", lambda c, p, a: receipts.get_external_receipt(c, a[0])),
    _route("DELETE", "/receipts/external/{mu}", lambda c, p, a: receipts.cancel_external_receipt(c, a[0])),
    _route("POST", "/receipts/{imp_uid}", lambda c, p, a: receipts.issue_receipt(c, p, a[0])),
    _route("GET", "/receipts/{imp_uid}", lambda c, p, a: receipts.get_receipt(c, a[0])),
    _route("DELETE", "/receipts/{imp_uid}", lambda c, p, a: receipts.cancel_receipt(c, a[0])),
)


def token_of(headers: Mapping[str, str]) -> str | None:
    value = headers.get("Authorization") or headers.get("X-ImpTokenHeader")
    if not value:
        return None
    value = value.strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return value or None


def absolute_urls(value: Any, base_url: str) -> Any:
    """Slip URLs are stored as sandbox paths so they follow the server to a new port after a restart."""

    def absolute(url: Any) -> Any:
        return base_url + url if isinstance(url, str) and url.startswith(SANDBOX_PATH_PREFIX) else url

    if isinstance(value, list):
        return [absolute_urls(item, base_url) for item in value]
    if not isinstance(value, dict):
        return value
    result: dict[str, Any] = {}
    for key, item in value.items():
        if key == "receipt_url":
            result[key] = absolute(item)
        elif key == "cancel_receipt_urls" and isinstance(item, list):
            result[key] = [absolute(url) for url in item]
        else:
            result[key] = absolute_urls(item, base_url)
    return result


def dispatch(
    ctx: SandboxContext, method: str, path: str, headers: Mapping[str, str], params: Params
) -> Reply:
    """Find the route, check the token, run the handler; refusals become their envelopes."""
    path_matched = False
    for route in ROUTES:
        match = route.pattern.match(path)
        if match is None:
            continue
        path_matched = True
        if route.method != method:
            continue
        try:
            if route.needs_token:
                token = token_of(headers)
                if token is None or not ctx.store.token_valid(token):
                    raise UNAUTHORIZED
            args = tuple(unquote(group) for group in match.groups())
            reply = route.handler(ctx, params, args)
            return Reply(reply.status, absolute_urls(reply.body, ctx.base_url))
        except Refusal as refusal:
            return refusal.reply()
    if path_matched:
        return Refusal(405, -1, f"{method} 메소드는 지원하지 않습니다.").reply()
    return Refusal(404, -1, "요청하신 API 경로를 찾을 수 없습니다.").reply()
