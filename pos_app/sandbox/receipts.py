"""Cash receipts (현금영수증): per payment `/receipts/{imp_uid}` and external `/receipts/external/…`.

Per-payment receipts exist only for bank-transfer and virtual-account payments; a card payment is
refused with 400 (the real API issues them only for cash-type transactions). The amount is the
payment's remaining balance. A receipt can be re-issued after it was cancelled (KSNET's way to correct
one after a partial cancel). External receipts use the merchant_uid as duplicate guard: a second issue
for the same merchant_uid is 400 even when the first was cancelled. `identifier` must be digits only
(KSNET silently skips issuing when dashes are present). Amounts: VAT = round((amount − tax_free) / 11).
`tax_free` is required on both issue calls (the KSNET MID is 복합과세), `buyer_name` and `product_type`
too. External receipts pick the channel by `channel_key` (the 2026 schema dropped `pg` there; an old
client's `pg` is ignored).
"""

from __future__ import annotations

from typing import Any

from pos_app.sandbox.channels import check_channel_key
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.payments import check_ksnet_buyer_and_product, require_tax_free
from pos_app.sandbox.store import public
from pos_app.sandbox.wire import Params, Refusal, Reply, bad_request, ok

IDENTIFIER_TYPES = frozenset({"person", "business", "phone", "taxcard"})
RECEIPT_TYPES = frozenset({"person", "company"})


def _vat(amount: int, tax_free: int) -> int:
    return int((amount - tax_free) / 11 + 0.5)


def _check_receipt_params(params: Params) -> tuple[str, str, int]:
    identifier = params.required_text("identifier")
    if not identifier.isdigit():
        raise bad_request("identifier 는 숫자만 입력해야 합니다.")
    identifier_type = params.text("identifier_type")
    if identifier_type is not None and identifier_type not in IDENTIFIER_TYPES:
        raise bad_request("identifier_type 은 person, business, phone, taxcard 중 하나여야 합니다.")
    receipt_type = params.text("type") or "person"
    if receipt_type not in RECEIPT_TYPES:
        raise bad_request("type 은 person 또는 company 여야 합니다.")
    check_ksnet_buyer_and_product(params, "현금영수증 발행")
    return identifier, receipt_type, require_tax_free(params, "현금영수증 발행")


def _new_receipt(
    ctx: SandboxContext, key: str, key_value: str, receipt_type: str, amount: int, tax_free: int
) -> dict[str, Any]:
    now = ctx.store.now_s()
    apply_num = ctx.store.new_digits(9)
    return {
        key: key_value,
        "receipt_tid": f"SR{now}{ctx.store.new_digits(6)}",
        "apply_num": apply_num,
        "type": receipt_type,
        "amount": amount,
        "vat": _vat(amount, tax_free),
        "receipt_url": f"/__sandbox__/cash-receipts/{apply_num}",
        "applied_at": now,
        "cancelled_at": 0,
    }


def issue_receipt(ctx: SandboxContext, params: Params, imp_uid: str) -> Reply:
    identifier, receipt_type, tax_free = _check_receipt_params(params)
    with ctx.store.changing():
        payment = ctx.store.payments.get(imp_uid)
        if payment is None:
            raise Refusal(404, -1, "존재하지 않는 결제정보입니다.")
        if payment["pay_method"] not in {"trans", "vbank"}:
            raise bad_request("현금영수증은 계좌이체 또는 가상계좌 결제건에 대해서만 발행할 수 있습니다.")
        remaining = payment["amount"] - payment["cancel_amount"]
        if payment["status"] not in {"paid", "cancelled"} or remaining <= 0:
            raise bad_request("결제완료(paid) 상태가 아닌 결제건에는 현금영수증을 발행할 수 없습니다.")
        existing = ctx.store.receipts.get(imp_uid)
        if existing is not None and not existing["cancelled_at"]:
            raise bad_request("이미 현금영수증이 발행된 결제건입니다.")
        if tax_free > remaining:
            raise bad_request("면세금액(tax_free)은 발행금액보다 클 수 없습니다.")
        receipt = _new_receipt(ctx, "imp_uid", imp_uid, receipt_type, remaining, tax_free)
        receipt["_identifier_last4"] = identifier[-4:]
        ctx.store.receipts[imp_uid] = receipt
        payment["cash_receipt_issued"] = True
        payment["_updated"] = ctx.store.now_s()
        return ok(public(receipt))


def get_receipt(ctx: SandboxContext, imp_uid: str) -> Reply:
    with ctx.store.lock:
        receipt = ctx.store.receipts.get(imp_uid)
        if receipt is None:
            raise Refusal(404, -1, "현금영수증 발행 내역이 존재하지 않습니다.")
        return ok(public(receipt))


def cancel_receipt(ctx: SandboxContext, imp_uid: str) -> Reply:
    with ctx.store.changing():
        receipt = ctx.store.receipts.get(imp_uid)
        if receipt is None:
            raise bad_request("포트원으로 현금영수증이 발급된 적 없는 결제건입니다.")
        _stamp_cancelled(ctx, receipt)
        payment = ctx.store.payments.get(imp_uid)
        if payment is not None:
            payment["cash_receipt_issued"] = False
            payment["_updated"] = ctx.store.now_s()
        return ok(public(receipt))


def _stamp_cancelled(ctx: SandboxContext, receipt: dict[str, Any]) -> None:
    """A receipt is cancelled once; a second cancel is refused, as PortOne does."""
    if receipt["cancelled_at"]:
        raise bad_request("이미 발급취소된 현금영수증입니다.")
    receipt["cancelled_at"] = ctx.store.now_s()


def issue_external_receipt(ctx: SandboxContext, params: Params, merchant_uid: str) -> Reply:
    if len(merchant_uid) > 40:
        raise bad_request("merchant_uid 는 최대 40자까지 입력할 수 있습니다.")
    check_channel_key(ctx, params)
    params.required_text("name", max_len=40)
    amount = params.won("amount", required=True)
    if amount <= 0:
        raise bad_request("amount 파라메터는 0보다 큰 금액이어야 합니다.")
    identifier, receipt_type, tax_free = _check_receipt_params(params)
    if tax_free > amount:
        raise bad_request("면세금액(tax_free)은 발행금액(amount)보다 클 수 없습니다.")
    with ctx.store.changing():
        if merchant_uid in ctx.store.external_receipts:
            raise bad_request("이미 현금영수증이 발행된 merchant_uid 입니다.")
        receipt = _new_receipt(ctx, "merchant_uid", merchant_uid, receipt_type, amount, tax_free)
        receipt["_identifier_last4"] = identifier[-4:]
        ctx.store.external_receipts[merchant_uid] = receipt
        return ok(public(receipt))


def get_external_receipt(ctx: SandboxContext, merchant_uid: str) -> Reply:
    with ctx.store.lock:
        receipt = ctx.store.external_receipts.get(merchant_uid)
        if receipt is None:
            raise Refusal(404, -1, "해당 merchant_uid로 발행된 현금영수증이 존재하지 않습니다.")
        return ok(public(receipt))


def cancel_external_receipt(ctx: SandboxContext, merchant_uid: str) -> Reply:
    with ctx.store.changing():
        receipt = ctx.store.external_receipts.get(merchant_uid)
        if receipt is None:
            raise Refusal(404, -1, "해당 merchant_uid로 발행된 현금영수증이 존재하지 않습니다.")
        _stamp_cancelled(ctx, receipt)
        return ok(public(receipt))
