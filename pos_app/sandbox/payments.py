"""Money endpoints: key-in `onetime`, billing-key `again`, `cancel`, and bank-transfer payments.

KSNET rules enforced here (API-NOTES §2, §3, §5, §11): `buyer_name` and `product_type` required,
`tax_free` required (the MID is 복합과세: KSNET's guide says the tax-free share must always be sent; a
missing one is HTTP 400 code 1 naming the field, like PortOne's other KSNET parameter refusals) and
≤ amount, `card_quota` ≥ 2 only from 50,000 won (0 and 1 mean lump sum, above 12 refused), Luhn and
expiry checked, birth and PIN digits not verified on key-in, `customer_uid` on `onetime` refused.
Parameter problems answer HTTP 400 code 1; `pg` never refuses (channels.py: the default channel);
card-level refusals record a `failed` payment and answer HTTP 200 code -1 with the issuer's text (the
suspended test card instead answers code 0 with the failed payment, the other shape PortOne uses); the
PG-timeout cards answer the same refusal while their truth comes later (late.py). A merchant_uid with
a paid (or later cancelled) payment is refused with code 1 and no new record; one whose attempts all
failed can be charged again. A key-in payment carries the channel's `sandbox` flag, a billing-key
payment the flag of the channel its key was issued on.

Cancels: `imp_uid` wins over `merchant_uid`; code 1 for not found, already fully cancelled, checksum
differing from the cancellable balance, amount above the balance, a tenth partial cancel, or a payment
older than six calendar months (KST). Every cancel that is not "the whole amount at once" counts as
partial. Status becomes "cancelled" after partial cancels too, as observed on the real API. A cancel
made "in the PortOne console" (admin API) goes through the same rules and leaves the same
`cancel_history` entry as one made through the API.
"""

from __future__ import annotations

import calendar
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from pos_app.sandbox.cards import (
    DECLINE_MESSAGES,
    EXPIRED_MESSAGE,
    INVALID_NUMBER_MESSAGE,
    Behaviour,
    TestCard,
    card_for,
    luhn_valid,
    mask_number,
)
from pos_app.sandbox.channels import check_channel_key
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.late import hold_for_late_truth
from pos_app.sandbox.store import public
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, envelope, ok

KST = timezone(timedelta(hours=9))
MAX_PARTIAL_CANCELS = 9
CANCEL_WINDOW_MONTHS = 6
QUOTA_MIN_AMOUNT = 50_000
MAX_QUOTA = 12
MAX_AMOUNT = 100_000_000_000
ALREADY_PAID_MESSAGE = "이미 결제가 완료된 주문번호(merchant_uid)입니다. 새로운 merchant_uid로 요청해주세요."
UNKNOWN_CUSTOMER_MESSAGE = "등록되지 않은 구매자입니다."
_EXPIRY = re.compile(r"^(\d{4})-?(\d{2})$")


class CardDeclined(Exception):
    def __init__(self, message: str, *, code_zero: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.code_zero = code_zero


def card_digits(params: Params) -> str:
    raw = params.required_text("card_number")
    return re.sub(r"[\s-]", "", raw)


def check_card(digits: str, expiry: str, now: float) -> TestCard:
    """The card behind a number, or CardDeclined for a bad number or a past/garbled expiry."""
    if not digits.isdigit() or not 13 <= len(digits) <= 19 or not luhn_valid(digits):
        raise CardDeclined(INVALID_NUMBER_MESSAGE)
    match = _EXPIRY.match(expiry)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise CardDeclined(EXPIRED_MESSAGE)
    year, month = int(match.group(1)), int(match.group(2))
    today = datetime.fromtimestamp(now, KST)
    if (year, month) < (today.year, today.month):
        raise CardDeclined(EXPIRED_MESSAGE)
    return card_for(digits)


def check_ksnet_buyer_and_product(params: Params, call: str) -> None:
    """KSNET needs ``buyer_name`` and ``product_type`` on charges and cash receipts alike; PortOne's
    refusal names the call (``call``: "결제", "현금영수증 발행")."""
    if params.text("buyer_name", max_len=16) is None:
        raise bad_request(f"KSNET {call} 시 구매자명(buyer_name)은 필수입니다.")
    product_type = params.text("product_type")
    if product_type is None:
        raise bad_request(f"KSNET {call} 시 상품유형(product_type)은 필수입니다.")
    if product_type not in {"real", "digital"}:
        raise bad_request("product_type 은 real 또는 digital 이어야 합니다.")


def require_tax_free(params: Params, call: str, field: str = "tax_free") -> int:
    """KSNET MIDs are 복합과세: the tax-free share must be in every charge and receipt, 0 included."""
    if not params.has("tax_free"):
        raise bad_request(
            f"KSNET {call} 시 면세금액({field})은 필수입니다. 복합과세 가맹점은 면세금액을 항상 "
            "전달해야 합니다(면세 품목이 없으면 0)."
        )
    return params.won("tax_free")


def check_ksnet_order(
    params: Params, *, name_required: bool, call: str = "결제", prefix: str = ""
) -> tuple[str, int, int, int]:
    """merchant_uid, amount, tax_free, card_quota after the KSNET parameter rules (``prefix`` names the
    schedule item in messages, e.g. ``schedules[0].``)."""
    merchant_uid = params.required_text("merchant_uid", max_len=40)
    amount = params.won("amount", required=True)
    if amount <= 0 or amount > MAX_AMOUNT:
        raise bad_request(f"{prefix}amount 파라메터는 0보다 큰 금액이어야 합니다.")
    tax_free = require_tax_free(params, call, f"{prefix}tax_free")
    if tax_free > amount:
        raise bad_request(f"면세금액({prefix}tax_free)은 결제금액({prefix}amount)보다 클 수 없습니다.")
    params.text("name", required=name_required, max_len=40)
    check_ksnet_buyer_and_product(params, call)
    for field, limit in (("buyer_email", 64), ("buyer_tel", 16), ("buyer_addr", 128), ("buyer_postcode", 8)):
        params.text(field, max_len=limit)
    quota = params.integer("card_quota", default=0)
    assert quota is not None
    if quota < 0 or quota > MAX_QUOTA:
        raise bad_request(f"할부개월수(card_quota)는 0~{MAX_QUOTA} 사이여야 합니다.")
    if quota >= 2 and amount < QUOTA_MIN_AMOUNT:
        raise bad_request("할부결제는 50,000원 이상 결제건에 대해서만 가능합니다.")
    currency = (params.text("currency") or "KRW").upper()
    if currency not in {"KRW", "USD"}:
        raise bad_request("KSNET은 KRW, USD 통화만 지원합니다.")
    return merchant_uid, amount, tax_free, quota


def refuse_if_already_paid(ctx: SandboxContext, merchant_uid: str) -> None:
    for payment in ctx.store.payments_of(merchant_uid):
        if payment["status"] in {"paid", "cancelled"}:
            raise Refusal(200, 1, ALREADY_PAID_MESSAGE)


def new_payment(
    ctx: SandboxContext,
    params: Params,
    *,
    merchant_uid: str,
    amount: int,
    tax_free: int,
    pay_method: str,
    now: int | None = None,
    sandbox: bool | None = None,
) -> dict[str, Any]:
    store = ctx.store
    now = store.now_s() if now is None else now
    imp_uid = store.new_imp_uid()
    payment: dict[str, Any] = {
        "imp_uid": imp_uid,
        "merchant_uid": merchant_uid,
        "pay_method": pay_method,
        "channel": "api",
        "pg_provider": "ksnet",
        "emb_pg_provider": None,
        "pg_tid": None,
        "pg_id": ctx.mid,
        "sandbox": ctx.channel.test_channel if sandbox is None else sandbox,
        "escrow": False,
        "apply_num": "",
        "bank_code": None,
        "bank_name": None,
        "card_code": None,
        "card_name": None,
        "card_issuer_code": None,
        "card_issuer_name": None,
        "card_publisher_code": None,
        "card_publisher_name": None,
        "card_quota": 0,
        "card_number": None,
        "card_type": None,
        "vbank_code": None,
        "vbank_name": None,
        "vbank_num": None,
        "vbank_holder": None,
        "vbank_date": 0,
        "vbank_issued_at": 0,
        "name": params.text("name"),
        "amount": amount,
        "cancel_amount": 0,
        "currency": (params.text("currency") or "KRW").upper(),
        "buyer_name": params.text("buyer_name"),
        "buyer_email": params.text("buyer_email"),
        "buyer_tel": params.text("buyer_tel"),
        "buyer_addr": params.text("buyer_addr"),
        "buyer_postcode": params.text("buyer_postcode"),
        "custom_data": params.text("custom_data"),
        "user_agent": "sorry_not_supported",
        "status": "ready",
        "started_at": now,
        "paid_at": 0,
        "failed_at": 0,
        "cancelled_at": 0,
        "fail_reason": None,
        "cancel_reason": None,
        "receipt_url": None,
        "cancel_history": [],
        "deposit_history": [],
        "cancel_receipt_urls": [],
        "cash_receipt_issued": False,
        "customer_uid": None,
        "customer_uid_usage": None,
        "promotion": None,
        "_tax_free": tax_free,
        "_cancelled_tax_free": 0,
        "_partial_cancels": 0,
        "_updated": now,
        "_product_type": params.text("product_type"),
    }
    store.add_payment(payment)
    return payment


def settle_card_charge(
    ctx: SandboxContext,
    payment: dict[str, Any],
    card: TestCard,
    masked: str,
    quota: int,
    now: int | None = None,
) -> Reply:
    """Approve or decline a card payment record and build the reply PortOne would send."""
    now = ctx.store.now_s() if now is None else now
    payment.update(
        {
            "card_code": card.card_code,
            "card_name": card.card_name,
            "card_issuer_code": card.card_code,
            "card_issuer_name": card.card_name,
            "card_publisher_code": card.card_code,
            "card_publisher_name": card.card_name,
            "card_type": card.card_type,
            "card_quota": quota,
            "card_number": masked,
            "_updated": now,
        }
    )
    behaviour = card.behaviour
    if behaviour is Behaviour.APPROVE and payment["currency"] == "USD" and card.card_code.isdigit():
        return fail(payment, now, "결제승인에 실패하였습니다. [8037]해외카드만 USD 결제가 가능합니다.")
    if behaviour in (Behaviour.LATE_APPROVAL, Behaviour.PG_TIMEOUT):
        hold_for_late_truth(ctx, payment, approve=behaviour is Behaviour.LATE_APPROVAL, now=now)
        return Reply(200, envelope(None, code=-1, message=DECLINE_MESSAGES[behaviour]))
    if behaviour is not Behaviour.APPROVE:
        return fail(payment, now, DECLINE_MESSAGES[behaviour], code_zero=behaviour is Behaviour.SUSPENDED)
    approve(ctx, payment, now)
    return ok(payment_json(payment))


def approve(ctx: SandboxContext, payment: dict[str, Any], now: int) -> None:
    """The card company approved: the payment is paid, with an approval number and a sales slip."""
    payment.update(
        {
            "status": "paid",
            "paid_at": now,
            "apply_num": ctx.store.new_digits(8),
            "pg_tid": f"ST{now}{ctx.store.new_digits(6)}",
            "receipt_url": f"/__sandbox__/slips/{payment['imp_uid']}",
            "_updated": now,
        }
    )


def fail(payment: dict[str, Any], now: int, message: str, *, code_zero: bool = False) -> Reply:
    payment.update({"status": "failed", "failed_at": now, "fail_reason": message, "_updated": now})
    if code_zero:
        return ok(payment_json(payment))
    return Reply(200, envelope(None, code=-1, message=message))


def payment_json(payment: dict[str, Any]) -> dict[str, Any]:
    data = public(payment)
    data["cancel_history"] = [dict(entry) for entry in payment["cancel_history"]]
    return data


def pay_onetime(ctx: SandboxContext, params: Params) -> Reply:
    merchant_uid, amount, tax_free, quota = check_ksnet_order(params, name_required=False)
    if params.has("customer_uid"):
        raise bad_request("KSNET은 결제와 동시에 빌링키를 발급(customer_uid)하는 기능을 지원하지 않습니다.")
    digits = card_digits(params)
    expiry = params.required_text("expiry")
    with ctx.store.changing():
        refuse_if_already_paid(ctx, merchant_uid)
        payment = new_payment(
            ctx, params, merchant_uid=merchant_uid, amount=amount, tax_free=tax_free, pay_method="card"
        )
        try:
            card = check_card(digits, expiry, ctx.store.now())
        except CardDeclined as declined:
            payment["card_number"] = mask_number(digits) if digits.isdigit() else None
            return fail(payment, ctx.store.now_s(), declined.message)
        return settle_card_charge(ctx, payment, card, mask_number(digits), quota)


def pay_again(ctx: SandboxContext, params: Params) -> Reply:
    customer_uid = params.required_text("customer_uid", max_len=80)
    merchant_uid, amount, tax_free, quota = check_ksnet_order(params, name_required=True)
    check_channel_key(ctx, params)
    with ctx.store.changing():
        customer = ctx.store.customers.get(customer_uid)
        if customer is None:
            raise Refusal(200, 1, UNKNOWN_CUSTOMER_MESSAGE)
        refuse_if_already_paid(ctx, merchant_uid)
        reply, _payment = charge_billing_key(
            ctx, customer, params, merchant_uid=merchant_uid, amount=amount, tax_free=tax_free, quota=quota
        )
        return reply


def charge_billing_key(
    ctx: SandboxContext,
    customer: dict[str, Any],
    params: Params,
    *,
    merchant_uid: str,
    amount: int,
    tax_free: int,
    quota: int,
    now: int | None = None,
    usage: str = "payment",
) -> tuple[Reply, dict[str, Any]]:
    """One charge on a billing key, as `again` and a scheduled execution make it (store lock held)."""
    payment = new_payment(
        ctx,
        params,
        merchant_uid=merchant_uid,
        amount=amount,
        tax_free=tax_free,
        pay_method="card",
        now=now,
        sandbox=bool(customer["sandbox"]),
    )
    payment["customer_uid"] = customer["customer_uid"]
    payment["customer_uid_usage"] = usage
    # The billing key remembers the card's mask and company, never its number.
    card = TestCard(
        number="",
        card_code=customer["card_code"],
        card_name=customer["card_name"],
        card_type=customer["card_type"],
        behaviour=Behaviour(customer["_behaviour"]),
    )
    return settle_card_charge(ctx, payment, card, customer["card_number"], quota, now), payment


def make_transfer_payment(
    ctx: SandboxContext,
    merchant_uid: str,
    amount: int,
    buyer_name: str,
    tax_free: int = 0,
    name: str = "계좌이체 결제",
) -> str:
    """A paid real-time bank-transfer payment, as if the buyer paid in a payment window."""
    params = Params({"name": name, "buyer_name": buyer_name, "product_type": "real"})
    with ctx.store.changing():
        refuse_if_already_paid(ctx, merchant_uid)
        payment = new_payment(
            ctx, params, merchant_uid=merchant_uid, amount=amount, tax_free=tax_free, pay_method="trans"
        )
        now = ctx.store.now_s()
        payment.update(
            {
                "channel": "pc",
                "status": "paid",
                "paid_at": now,
                "bank_code": "088",
                "bank_name": "신한은행",
                "pg_tid": f"ST{now}{ctx.store.new_digits(6)}",
            }
        )
        imp_uid: str = payment["imp_uid"]
        return imp_uid


def _cancel_deadline(paid_at: int) -> int:
    paid = datetime.fromtimestamp(paid_at, KST)
    month_index = paid.month - 1 + CANCEL_WINDOW_MONTHS
    year, month = paid.year + month_index // 12, month_index % 12 + 1
    day = min(paid.day, calendar.monthrange(year, month)[1])
    return int(paid.replace(year=year, month=month, day=day).timestamp())


def find_cancellable(ctx: SandboxContext, params: Params) -> dict[str, Any]:
    imp_uid = params.text("imp_uid")
    merchant_uid = params.text("merchant_uid")
    if imp_uid is None and merchant_uid is None:
        raise bad_request("imp_uid 또는 merchant_uid 중 하나는 필수입니다.")
    not_found = Refusal(200, 1, "취소할 결제건이 존재하지 않습니다.")
    if imp_uid is not None:
        payment = ctx.store.payments.get(imp_uid)
        if payment is None or payment["status"] not in {"paid", "cancelled"}:
            raise not_found
        return payment
    matches = [
        candidate
        for candidate in ctx.store.payments_of(merchant_uid or "")
        if candidate["status"] in {"paid", "cancelled"}
    ]
    if not matches:
        raise not_found
    return matches[-1]


def cancel_payment(ctx: SandboxContext, params: Params) -> Reply:
    with ctx.store.changing():
        return ok(payment_json(apply_cancel(ctx, find_cancellable(ctx, params), params)))


def apply_cancel(ctx: SandboxContext, payment: dict[str, Any], params: Params) -> dict[str, Any]:
    """Cancel all (`amount` 0 or absent) or part of a payment under the KSNET rules (store lock held)."""
    now = ctx.store.now_s()
    remaining = payment["amount"] - payment["cancel_amount"]
    if remaining <= 0:
        raise Refusal(200, 1, "이미 전액취소된 주문입니다.")
    requested = params.won("amount")
    amount = remaining if requested == 0 else requested
    checksum = params.integer("checksum")
    if checksum is not None and checksum != remaining:
        raise Refusal(
            200,
            1,
            f"취소 요청 checksum({checksum})이 취소가능잔액({remaining})과 "
            "일치하지 않습니다. 결제건의 최신 취소내역을 확인해주세요.",
        )
    if amount > remaining:
        raise Refusal(
            200, 1, "결제취소에 실패하였습니다.(requested cancel amount is bigger than cancelable amount)"
        )
    if now > _cancel_deadline(payment["paid_at"]):
        raise Refusal(
            200, 1, "결제취소에 실패하였습니다. KSNET은 결제일로부터 6개월이 지난 거래를 취소할 수 없습니다."
        )
    partial = not (payment["cancel_amount"] == 0 and amount == payment["amount"])
    if partial and payment["_partial_cancels"] >= MAX_PARTIAL_CANCELS:
        raise Refusal(200, 1, "결제취소에 실패하였습니다. KSNET 부분취소는 최대 9회까지 가능합니다.")
    tax_free = params.won("tax_free")
    tax_free_left = payment["_tax_free"] - payment["_cancelled_tax_free"]
    if tax_free > amount or tax_free > tax_free_left:
        raise bad_request("취소 면세금액(tax_free)이 취소금액 또는 남은 면세금액보다 큽니다.")
    reason = params.text("reason") or "취소요청"
    cancellation_id = f"cxl_{secrets.token_hex(10)}"
    slip = f"/__sandbox__/slips/{payment['imp_uid']}?cancellation_id={cancellation_id}"
    entry: dict[str, Any] = {
        "pg_tid": f"SC{now}{ctx.store.new_digits(6)}",
        "amount": amount,
        "cancelled_at": now,
        "reason": reason,
        "cancellation_id": cancellation_id,
    }
    if payment["pay_method"] == "card":  # only card payments have sales slips
        entry["receipt_url"] = slip
        payment["cancel_receipt_urls"].append(slip)
    payment["cancel_history"].append(entry)
    payment["cancel_amount"] += amount
    payment["_cancelled_tax_free"] += tax_free
    payment["_partial_cancels"] += 1 if partial else 0
    payment.update({"status": "cancelled", "cancelled_at": now, "cancel_reason": reason, "_updated": now})
    return payment
