"""Payment lookups for reconciliation: by imp_uid, by merchant_uid, many at once, and by status.

`GET /payments/{imp_uid}` hides sandbox payments unless `include_sandbox=true` (every sandbox payment
is a test-channel payment, and since 2026-01-26 PortOne excludes those by default); the hidden case
answers 404 like an unknown imp_uid. The other lookups include them. Paged lists follow
PagedPaymentAnnotation (`total`, `previous`, `next`, `list`; 0 = no such page). `/payments/status`
filters on the timestamp of each payment's current status and refuses windows over 90 days and
pages past the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.payments import payment_json
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, ok

NOT_FOUND_MESSAGE = "존재하지 않는 결제정보입니다."
PAYMENT_STATUSES = frozenset({"ready", "paid", "failed", "cancelled"})
SORTINGS = {"started": "started_at", "paid": "paid_at", "updated": "_updated"}
MAX_WINDOW_S = 90 * 24 * 3600
_TIME_OF_STATUS = {
    "ready": "started_at",
    "paid": "paid_at",
    "cancelled": "cancelled_at",
    "failed": "failed_at",
}


def _sorted(payments: Iterable[dict[str, Any]], sorting: str | None) -> list[dict[str, Any]]:
    sorting = sorting or "-started"
    descending = sorting.startswith("-")
    key = SORTINGS.get(sorting.lstrip("-"))
    if key is None:
        raise bad_request("sorting 파라메터가 올바르지 않습니다.")
    # Insertion order breaks ties so payments made within the same second keep their order.
    indexed = list(enumerate(payments))
    indexed.sort(key=lambda pair: (pair[1][key], pair[0]), reverse=descending)
    return [payment for _, payment in indexed]


def _check_status(status: str | None, allowed: frozenset[str] = PAYMENT_STATUSES) -> None:
    if status is not None and status not in allowed:
        raise bad_request(f"유효하지 않은 payment_status({status}) 입니다.")


def _page(
    payments: list[dict[str, Any]],
    params: Params,
    default_limit: int = 20,
    max_limit: int = 1000,
    strict_page: bool = False,
) -> dict[str, Any]:
    page = params.integer("page", default=1)
    limit = params.integer("limit", default=default_limit)
    assert page is not None
    assert limit is not None
    if page < 1:
        raise bad_request("page 파라메터는 1 이상이어야 합니다.")
    if not 1 <= limit <= max_limit:
        raise bad_request(f"limit 파라메터는 1~{max_limit} 사이여야 합니다.")
    total = len(payments)
    last_page = max((total + limit - 1) // limit, 1)
    if strict_page and page > last_page:
        raise bad_request("조회 가능한 데이터 범위를 넘어선 page 입니다.")
    chunk = payments[(page - 1) * limit : page * limit]
    return {
        "total": total,
        "previous": page - 1 if page > 1 else 0,
        "next": page + 1 if page < last_page else 0,
        "list": [payment_json(payment) for payment in chunk],
    }


def get_payment(ctx: SandboxContext, params: Params, imp_uid: str) -> Reply:
    with ctx.store.lock:
        payment = ctx.store.payments.get(imp_uid)
        if payment is None or (payment["sandbox"] and not params.flag("include_sandbox")):
            raise Refusal(404, -1, NOT_FOUND_MESSAGE)
        return ok(payment_json(payment))


def _by_merchant_uid(ctx: SandboxContext, merchant_uid: str, status: str | None) -> list[dict[str, Any]]:
    attempts = ctx.store.payments_of(merchant_uid)
    return [payment for payment in attempts if status is None or payment["status"] == status]


def _found_by_merchant_uid(
    ctx: SandboxContext, params: Params, merchant_uid: str, status: str | None
) -> list[dict[str, Any]]:
    """``find`` and ``findAll``: the attempts in the asked order, or 404 when none. Hold the store lock."""
    matches = _sorted(_by_merchant_uid(ctx, merchant_uid, status), params.text("sorting"))
    if not matches:
        raise Refusal(404, -1, NOT_FOUND_MESSAGE)
    return matches


def find_payment(ctx: SandboxContext, params: Params, merchant_uid: str, status: str | None) -> Reply:
    _check_status(status)
    with ctx.store.lock:
        return ok(payment_json(_found_by_merchant_uid(ctx, params, merchant_uid, status)[0]))


def find_all_payments(ctx: SandboxContext, params: Params, merchant_uid: str, status: str | None) -> Reply:
    _check_status(status)
    with ctx.store.lock:
        return ok(_page(_found_by_merchant_uid(ctx, params, merchant_uid, status), params))


def get_payments(ctx: SandboxContext, params: Params) -> Reply:
    imp_uids = params.strings("imp_uid")
    merchant_uids = params.strings("merchant_uid")
    requested = len(imp_uids) + len(merchant_uids)
    if requested == 0:
        raise bad_request("imp_uid[] 또는 merchant_uid[] 파라메터가 필요합니다.")
    if requested > 100:
        raise bad_request("한 번에 최대 100건까지 조회할 수 있습니다.")
    with ctx.store.lock:
        found = [ctx.store.payments[uid] for uid in imp_uids if uid in ctx.store.payments]
        for merchant_uid in merchant_uids:
            matches = _sorted(_by_merchant_uid(ctx, merchant_uid, None), None)
            if matches:
                found.append(matches[0])
        if not found:
            raise Refusal(404, -1, "해당되는 결제건을 찾지 못하였습니다.")
        status = 200 if len(found) == requested else 207
        return ok([payment_json(payment) for payment in found], status=status)


def list_by_status(ctx: SandboxContext, params: Params, status: str) -> Reply:
    _check_status(status, PAYMENT_STATUSES | {"all"})
    with ctx.store.lock:
        to_ts = params.integer("to", default=ctx.store.now_s())
        assert to_ts is not None
        from_ts = params.integer("from", default=to_ts - MAX_WINDOW_S)
        assert from_ts is not None
        if from_ts > to_ts:
            raise bad_request("from 은 to 보다 클 수 없습니다.")
        if to_ts - from_ts > MAX_WINDOW_S:
            raise bad_request("검색기간은 최대 90일까지 지정할 수 있습니다.")
        matches = [
            payment
            for payment in ctx.store.payments.values()
            if (status == "all" or payment["status"] == status)
            and from_ts <= payment[_TIME_OF_STATUS[payment["status"]]] <= to_ts
        ]
        return ok(_page(_sorted(matches, params.text("sorting")), params, strict_page=True))


def customer_payments(ctx: SandboxContext, params: Params, customer_uid: str) -> Reply:
    with ctx.store.lock:
        matches = [p for p in ctx.store.payments.values() if p["customer_uid"] == customer_uid]
        if not matches and customer_uid not in ctx.store.customers:
            raise Refusal(404, 1, f"요청하신 customer_uid({customer_uid})로 등록된 정보를 찾을 수 없습니다.")
        return ok(_page(_sorted(matches, None), params, default_limit=20, max_limit=20))
