"""Scheduled billing-key payments: `/subscribe/payments/schedule…` (API-NOTES §15), served and executed.

Making one (`POST /subscribe/payments/schedule`): `customer_uid` must hold a billing key, or the body
carries card data and a key is issued first (billing.py's rules, failures answered as there). Each
`schedules[]` item follows the KSNET charge rules of `again` (payments.py: `buyer_name`, `product_type`
and `tax_free` required, `card_quota` rules, `name` required as the schema says) and `schedule_at` must
lie in the future (400). A merchant_uid already scheduled (in any state) or already paid is refused
with HTTP 200, code 1 and nothing is scheduled from that request: the schema lists no other status
for this endpoint, and "동일한 주문번호로 중복결제 불가" is its rule.

Execution: when the sandbox clock passes `schedule_at` (timeline.py runs due work before every request
and after every clock change, so it happens deterministically) the sandbox charges the billing key
exactly as `again` does, stamped at `schedule_at`: the payment (`customer_uid_usage`
`payment.scheduled`) is in find/findAll/status like any other, the schedule becomes `executed` with its
`imp_uid`, and `payment_status` is `paid` or `failed` (with the card's decline text). A billing key
deleted meanwhile fails the execution with `등록되지 않은 구매자입니다.` and no payment. `payment_status`
follows the payment afterwards (a later cancel shows `cancelled`; a PG-timeout card shows `failed` until
its late approval lands, late.py).

Changing one: unschedule (only `scheduled` ones; code 1 when none matched), PUT (move a `scheduled`
one to a future time; 400 when executed or revoked), reschedule (a failed or revoked one, to a future
time; 400 otherwise), retry (a failed or revoked one, now; the reply is the payment, code 0 whether it
was paid or failed, the PG-timeout refusal for those cards; 404 when the billing key is gone). Unknown
merchant_uid: 404.

Lists: by `schedule_from <= schedule_at < schedule_to` (at most three calendar months, KST; `limit`
1–1000, default 20; newest first, `sorting=scheduled` oldest first) and by customer (`from`/`to`, the
schema's `schedule-status`, 20 a page, newest first). A page is the schema's bare array; past the end
it is empty.
"""

from __future__ import annotations

import calendar
import json
from datetime import datetime
from typing import Any

from pos_app.sandbox import billing
from pos_app.sandbox.channels import check_channel_key
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.payments import (
    ALREADY_PAID_MESSAGE,
    KST,
    UNKNOWN_CUSTOMER_MESSAGE,
    charge_billing_key,
    check_ksnet_order,
    payment_json,
)
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, ok

SCHEDULE_STATUSES = frozenset({"scheduled", "executed", "revoked"})
# ScheduleResultAnnotation, in the schema's order; nothing else is ever sent
PUBLIC_FIELDS = (
    "customer_uid",
    "merchant_uid",
    "imp_uid",
    "pg_provider",
    "pg_id",
    "customer_id",
    "schedule_at",
    "executed_at",
    "revoked_at",
    "amount",
    "currency",
    "name",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "buyer_addr",
    "buyer_postcode",
    "custom_data",
    "schedule_status",
    "payment_status",
    "fail_reason",
    "promotion_id",
)
CUSTOMER_PAGE_SIZE = 20
RANGE_MONTHS = 3
NOT_FOUND_MESSAGE = "요청하신 merchant_uid로 예약된 결제건이 존재하지 않습니다."
_BUYER_FIELDS = ("buyer_name", "buyer_email", "buyer_tel", "buyer_addr", "buyer_postcode")


def schedule_json(ctx: SandboxContext, schedule: dict[str, Any]) -> dict[str, Any]:
    data = {key: schedule.get(key) for key in PUBLIC_FIELDS}
    payment = ctx.store.payments.get(schedule["imp_uid"]) if schedule.get("imp_uid") else None
    if payment is not None and payment["status"] != "ready":
        data["payment_status"] = payment["status"]
        data["fail_reason"] = payment["fail_reason"] if payment["status"] == "failed" else None
    return data


# ------------------------------------------------------------------------------------ making them


def _items(params: Params) -> list[dict[str, Any]]:
    raw = params.values.get("schedules")
    if isinstance(raw, str):  # form-encoded clients send the array as JSON text
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError:
            raise bad_request("schedules 파라메터의 형식이 올바르지 않습니다.") from None
    if raw is None or raw == [] or raw == "":
        raise bad_request("schedules 파라메터가 누락되었습니다.")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise bad_request("schedules 파라메터는 결제예약 정보의 배열이어야 합니다.")
    return raw


def _checked_item(ctx: SandboxContext, item: dict[str, Any], index: int) -> dict[str, Any]:
    params = Params(item)
    prefix = f"schedules[{index}]."
    merchant_uid, amount, tax_free, quota = check_ksnet_order(
        params, name_required=True, call="결제예약", prefix=prefix
    )
    schedule_at = params.integer("schedule_at", required=True)
    assert schedule_at is not None
    _require_future(ctx, schedule_at, f"{prefix}schedule_at")
    record: dict[str, Any] = {
        "merchant_uid": merchant_uid,
        "schedule_at": schedule_at,
        "amount": amount,
        "currency": (params.text("currency") or "KRW").upper(),
        "name": params.text("name"),
        "custom_data": params.text("custom_data"),
        "promotion_id": params.text("promotion_id"),
        "_tax_free": tax_free,
        "_card_quota": quota,
        "_product_type": params.text("product_type"),
    }
    for field in _BUYER_FIELDS:
        record[field] = params.text(field)
    return record


def _require_future(ctx: SandboxContext, schedule_at: int, field: str) -> None:
    if schedule_at <= ctx.store.now_s():
        raise bad_request(f"예약시각({field})은 현재 시각 이후여야 합니다.")


def schedule_payments(ctx: SandboxContext, params: Params) -> Reply:
    customer_uid = params.required_text("customer_uid", max_len=80)
    check_channel_key(ctx, params)
    records = [_checked_item(ctx, item, index) for index, item in enumerate(_items(params))]
    uids = [record["merchant_uid"] for record in records]
    if len(set(uids)) != len(uids):
        raise Refusal(200, 1, "한 요청 안에 같은 merchant_uid의 결제예약이 두 번 있습니다.")
    with ctx.store.changing():
        for merchant_uid in uids:
            paid = any(p["status"] in {"paid", "cancelled"} for p in ctx.store.payments_of(merchant_uid))
            if merchant_uid in ctx.store.schedules or paid:
                raise Refusal(
                    200,
                    1,
                    f"이미 결제예약 또는 결제된 merchant_uid({merchant_uid})입니다. "
                    "동일한 주문번호로 중복결제할 수 없습니다.",
                )
        customer = ctx.store.customers.get(customer_uid)
        if customer is None:
            if not params.has("card_number"):
                raise Refusal(
                    200,
                    1,
                    f"{UNKNOWN_CUSTOMER_MESSAGE} (customer_uid에 등록된 빌링키가 없어 카드정보가 필요합니다)",
                )
            issued = billing.issue_billing_key(ctx, params, customer_uid)
            if issued.body["code"] != 0:
                return issued
            customer = ctx.store.customers[customer_uid]
        made = []
        for record in records:
            record.update(
                {
                    "customer_uid": customer_uid,
                    "customer_id": params.text("customer_id"),
                    "imp_uid": None,
                    "pg_provider": customer["pg_provider"],
                    "pg_id": customer["pg_id"],
                    "executed_at": 0,
                    "revoked_at": 0,
                    "schedule_status": "scheduled",
                    "payment_status": None,
                    "fail_reason": None,
                }
            )
            for field in _BUYER_FIELDS:  # the schema: a missing buyer_* is taken from the key's customer_*
                if record[field] is None:
                    record[field] = customer.get("customer_" + field.removeprefix("buyer_"))
            ctx.store.schedules[record["merchant_uid"]] = record
            made.append(schedule_json(ctx, record))
        return ok(made)


# -------------------------------------------------------------------------------------- running


def execute(ctx: SandboxContext, schedule: dict[str, Any], at: int) -> Reply:
    """Run one schedule at ``at`` exactly like `again` (store lock held); the reply `again` would give."""
    schedule.update({"schedule_status": "executed", "executed_at": at, "revoked_at": 0})
    customer = ctx.store.customers.get(schedule["customer_uid"])
    paid = any(p["status"] in {"paid", "cancelled"} for p in ctx.store.payments_of(schedule["merchant_uid"]))
    if customer is None or paid:
        # no charge is attempted: the schedule failed without a payment record
        message = UNKNOWN_CUSTOMER_MESSAGE if customer is None else ALREADY_PAID_MESSAGE
        schedule.update({"imp_uid": None, "payment_status": "failed", "fail_reason": message})
        ctx.store.mark_changed()
        return Refusal(200, 1, message).reply()
    order = {key: schedule[key] for key in ("name", "currency", "custom_data", *_BUYER_FIELDS)}
    order["product_type"] = schedule["_product_type"]
    reply, payment = charge_billing_key(
        ctx,
        customer,
        Params(order),
        merchant_uid=schedule["merchant_uid"],
        amount=schedule["amount"],
        tax_free=schedule["_tax_free"],
        quota=schedule["_card_quota"],
        now=at,
        usage="payment.scheduled",
    )
    refused = reply.body["code"] != 0
    schedule.update(
        {
            "imp_uid": payment["imp_uid"],
            "payment_status": "failed" if refused else payment["status"],
            "fail_reason": reply.body["message"] if refused else payment["fail_reason"],
        }
    )
    ctx.store.mark_changed()
    return reply


def due(ctx: SandboxContext, now: int) -> list[dict[str, Any]]:
    """Scheduled ones whose time has come, earliest first (store lock held)."""
    ready = [
        s
        for s in ctx.store.schedules.values()
        if s["schedule_status"] == "scheduled" and s["schedule_at"] <= now
    ]
    return sorted(ready, key=lambda schedule: int(schedule["schedule_at"]))


# ----------------------------------------------------------------------------- changing them


def _existing(ctx: SandboxContext, merchant_uid: str) -> dict[str, Any]:
    schedule = ctx.store.schedules.get(merchant_uid)
    if schedule is None:
        raise Refusal(404, 1, NOT_FOUND_MESSAGE)
    return schedule


def _failed_or_revoked(ctx: SandboxContext, schedule: dict[str, Any]) -> bool:
    if schedule["schedule_status"] == "revoked":
        return True
    status: object = schedule_json(ctx, schedule)["payment_status"]
    return schedule["schedule_status"] == "executed" and status == "failed"


def unschedule(ctx: SandboxContext, params: Params) -> Reply:
    customer_uid = params.text("customer_uid")
    merchant_uids = params.strings("merchant_uid")
    if customer_uid is None and not merchant_uids:
        raise bad_request("customer_uid 또는 merchant_uid 중 하나는 필수입니다.")
    with ctx.store.changing():
        now = ctx.store.now_s()
        revoked = []
        for schedule in list(ctx.store.schedules.values()):
            if customer_uid is not None and schedule["customer_uid"] != customer_uid:
                continue
            if merchant_uids and schedule["merchant_uid"] not in merchant_uids:
                continue
            if schedule["schedule_status"] != "scheduled":
                continue
            schedule.update({"schedule_status": "revoked", "revoked_at": now})
            revoked.append(schedule_json(ctx, schedule))
        if not revoked:
            raise Refusal(200, 1, "취소할 예약결제 기록이 존재하지 않습니다.")
        return ok(revoked)


def get_schedule(ctx: SandboxContext, merchant_uid: str) -> Reply:
    with ctx.store.lock:
        return ok(schedule_json(ctx, _existing(ctx, merchant_uid)))


def update_schedule(ctx: SandboxContext, params: Params, merchant_uid: str) -> Reply:
    with ctx.store.changing():
        schedule = _existing(ctx, merchant_uid)
        schedule_at = params.integer("schedule_at", required=True)
        assert schedule_at is not None
        if schedule["schedule_status"] != "scheduled":
            raise bad_request("이미 실행되었거나 취소된 결제예약은 예약시각을 수정할 수 없습니다.")
        _require_future(ctx, schedule_at, "schedule_at")
        schedule["schedule_at"] = schedule_at
        return ok(schedule_json(ctx, schedule))


def reschedule(ctx: SandboxContext, params: Params, merchant_uid: str) -> Reply:
    with ctx.store.changing():
        schedule = _existing(ctx, merchant_uid)
        schedule_at = params.integer("schedule_at", required=True)
        assert schedule_at is not None
        if not _failed_or_revoked(ctx, schedule):
            raise bad_request("결제에 실패했거나 취소된 결제예약만 다시 예약할 수 있습니다.")
        _require_future(ctx, schedule_at, "schedule_at")
        schedule.update(
            {
                "schedule_at": schedule_at,
                "schedule_status": "scheduled",
                "executed_at": 0,
                "revoked_at": 0,
                "imp_uid": None,
                "payment_status": None,
                "fail_reason": None,
            }
        )
        return ok(schedule_json(ctx, schedule))


def retry(ctx: SandboxContext, merchant_uid: str) -> Reply:
    with ctx.store.changing():
        schedule = _existing(ctx, merchant_uid)
        if not _failed_or_revoked(ctx, schedule):
            raise bad_request("결제에 실패했거나 취소된 결제예약만 재시도할 수 있습니다.")
        if schedule["customer_uid"] not in ctx.store.customers:
            raise Refusal(404, 1, billing.not_found_message(schedule["customer_uid"]))
        reply = execute(ctx, schedule, ctx.store.now_s())
        payment = ctx.store.payments.get(schedule["imp_uid"] or "")
        if payment is not None and payment["status"] in {"paid", "failed"}:
            return ok(payment_json(payment))  # the schema: check the payment's status
        return reply


# -------------------------------------------------------------------------------------- listing


def _months_later(start: int, months: int) -> int:
    when = datetime.fromtimestamp(start, KST)
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return int(when.replace(year=year, month=month, day=day).timestamp())


def _range(params: Params, from_name: str, to_name: str) -> tuple[int, int]:
    from_ts = params.integer(from_name, required=True)
    to_ts = params.integer(to_name, required=True)
    assert from_ts is not None
    assert to_ts is not None
    if from_ts > to_ts:
        raise bad_request(f"{from_name} 은 {to_name} 보다 클 수 없습니다.")
    if to_ts > _months_later(from_ts, RANGE_MONTHS):
        raise bad_request("결제예약 조회기간은 최대 3개월까지 지정할 수 있습니다.")
    return from_ts, to_ts


def _status_filter(params: Params, name: str) -> str | None:
    status = params.text(name)
    if status is not None and status not in SCHEDULE_STATUSES:
        raise bad_request(f"{name} 은 scheduled, executed, revoked 중 하나여야 합니다.")
    return status


def _page_of(ctx: SandboxContext, matches: list[dict[str, Any]], page: int, limit: int) -> Reply:
    if page < 1:
        raise bad_request("page 파라메터는 1 이상이어야 합니다.")
    return ok([schedule_json(ctx, s) for s in matches[(page - 1) * limit : page * limit]])


def list_schedules(ctx: SandboxContext, params: Params) -> Reply:
    from_ts, to_ts = _range(params, "schedule_from", "schedule_to")
    status = _status_filter(params, "schedule_status")
    limit = params.integer("limit", default=20)
    page = params.integer("page", default=1)
    assert limit is not None
    assert page is not None
    if not 1 <= limit <= 1000:
        raise bad_request("limit 파라메터는 1~1000 사이여야 합니다.")
    sorting = params.text("sorting")
    if sorting not in (None, "scheduled"):
        raise bad_request("sorting 파라메터가 올바르지 않습니다.")
    with ctx.store.lock:
        matches = [
            s
            for s in ctx.store.schedules.values()
            if from_ts <= s["schedule_at"] < to_ts and (status is None or s["schedule_status"] == status)
        ]
        matches.sort(key=lambda s: int(s["schedule_at"]), reverse=sorting is None)
        return _page_of(ctx, matches, page, limit)


def list_customer_schedules(ctx: SandboxContext, params: Params, customer_uid: str) -> Reply:
    from_ts, to_ts = _range(params, "from", "to")
    status = _status_filter(params, "schedule-status")
    page = params.integer("page", default=1)
    assert page is not None
    with ctx.store.lock:
        matches = [
            s
            for s in ctx.store.schedules.values()
            if s["customer_uid"] == customer_uid
            and from_ts <= s["schedule_at"] < to_ts
            and (status is None or s["schedule_status"] == status)
        ]
        matches.sort(key=lambda s: int(s["schedule_at"]), reverse=True)
        return _page_of(ctx, matches, page, CUSTOMER_PAGE_SIZE)
