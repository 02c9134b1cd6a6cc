"""Builders for journal test data: intents and facts with sensible defaults, and a manual clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos_app.journal import (
    BillingKeyIntent,
    CancelIntent,
    CustomerFacts,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    SaleIntent,
)

# 2026-11-26 10:00:00 KST
T0 = 1795654800.0


@dataclass
class ManualClock:
    now: float = T0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sale_intent(merchant_uid: str = "C01-20261126T100000000-a001", **over: Any) -> SaleIntent:
    fields: dict[str, Any] = {
        "merchant_uid": merchant_uid,
        "sale_id": merchant_uid,
        "kind": "keyin",
        "amount": 12000,
        "tax_free": 0,
        "order_name": "꽃다발",
        "card_hint": "4111-11**-****-1111",
        "card_company": "신한카드",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "customer_uid": None,
        "card_quota": 0,
        "product_type": "real",
    }
    fields.update(over)
    return SaleIntent(**fields)


def paid(imp_uid: str = "imp_100000000001", amount: int = 12000, **over: Any) -> PaymentFacts:
    fields: dict[str, Any] = {
        "imp_uid": imp_uid,
        "status": "paid",
        "amount": amount,
        "cancel_amount": 0,
        "card_name": "신한카드",
        "card_code": "366",
        "card_number": "411111******1111",
        "apply_num": "30012345",
        "card_quota": 0,
        "paid_at": T0 + 5,
        "cancelled_at": None,
        "receipt_url": "https://example.invalid/receipt/1",
        "pg_tid": "ST2026112610000012345",
        "fail_reason": None,
    }
    fields.update(over)
    return PaymentFacts(**fields)


def cancel_intent(
    cancel_id: str = "X-1", merchant_uid: str = "C01-20261126T100000000-a001", **over: Any
) -> CancelIntent:
    fields: dict[str, Any] = {
        "cancel_id": cancel_id,
        "merchant_uid": merchant_uid,
        "imp_uid": "imp_100000000001",
        "amount": 0,
        "tax_free": 0,
        "checksum": 12000,
        "reason": "고객 요청",
    }
    fields.update(over)
    return CancelIntent(**fields)


def billing_intent(customer_uid: str = "C01-cust-5678-001", **over: Any) -> BillingKeyIntent:
    fields: dict[str, Any] = {
        "customer_uid": customer_uid,
        "customer_name": "홍길동",
        "customer_tel": "010-1234-5678",
        "customer_email": "",
        "card_hint": "5365-10**-****-4321",
        "card_company": "국민카드",
        "consent_text": "카드 정보 저장 및 정기 결제에 동의합니다.",
        "consent_at": T0,
    }
    fields.update(over)
    return BillingKeyIntent(**fields)


def customer_facts(**over: Any) -> CustomerFacts:
    fields: dict[str, Any] = {
        "card_name": "KB국민카드",
        "card_code": "381",
        "card_number": "536510******4321",
        "pg_provider": "ksnet",
        "pg_id": "2999199999",
        "inserted": T0 + 3,
        "updated": T0 + 3,
    }
    fields.update(over)
    return CustomerFacts(**fields)


def receipt_intent(receipt_id: str = "R-1", **over: Any) -> ReceiptIntent:
    fields: dict[str, Any] = {
        "receipt_id": receipt_id,
        "kind": "external",
        "merchant_uid": "C01-ext-0001",
        "imp_uid": None,
        "order_name": "현금 판매",
        "amount": 33000,
        "tax_free": 0,
        "identifier_hint": "*******5678",
        "identifier_type": "phone",
        "receipt_type": "person",
        "product_type": "real",
        "buyer_name": "홍길동",
    }
    fields.update(over)
    return ReceiptIntent(**fields)


def receipt_facts(**over: Any) -> ReceiptFacts:
    fields: dict[str, Any] = {
        "apply_num": "123456789",
        "receipt_tid": "RT-1",
        "amount": 33000,
        "vat": 3000,
        "receipt_url": "https://example.invalid/cash/1",
        "applied_at": T0 + 10,
        "cancelled_at": None,
    }
    fields.update(over)
    return ReceiptFacts(**fields)
