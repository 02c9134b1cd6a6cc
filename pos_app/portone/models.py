"""Typed PortOne V1 results, and the request and schedule types re-exported from their modules.

Results are parsed leniently with ``from_json``: unknown keys are ignored (PortOne adds fields at any
time), numeric strings are accepted, optional fields default to ``None``. Fields the money decisions
rest on (ids, amounts, status, the test-channel flag of a PG setting) are required; a reply without
them, or with a value of the wrong type, raises ``MalformedField`` (a ``MalformedReply``, an
``OutcomeUnknown``) instead of being guessed. Won amounts must be whole (``json_fields``).

Timestamps PortOne writes as 0 for "has not happened" (``paid_at``, ``cancelled_at`` …) become None; an
optional timestamp that cannot be read is logged and becomes None too (``json_fields`` explains why),
except a receipt's ``cancelled_at``, which is the receipt's only status.

``sandbox`` (made through a PortOne *test* channel) is carried by every object the schema gives it:
``Payment``, ``Customer`` and ``PgSetting``. Payments and billing keys from before 2026-01-26 lack it
and read as live (``False``); a PG setting must say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pos_app.portone.errors import MalformedReply
from pos_app.portone.json_fields import (
    as_object,
    opt_bool,
    opt_int,
    opt_list,
    opt_str,
    opt_timestamp,
    opt_won,
    req_bool,
    req_str,
    req_timestamp,
    req_won,
)
from pos_app.portone.request_models import (  # re-exported: the contract names them here
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    IdentifierType,
    OnetimeRequest,
    ProductType,
    ReceiptRequest,
    ReceiptType,
)
from pos_app.portone.schedule_models import (  # re-exported: the contract names them here
    Schedule,
    ScheduledCharge,
    ScheduleStatus,
)

__all__ = [
    "AgainRequest",
    "BillingKeyRequest",
    "CancelHistoryEntry",
    "CancelRequest",
    "Customer",
    "ExternalReceiptRequest",
    "IdentifierType",
    "OnetimeRequest",
    "Payment",
    "PaymentPage",
    "PgSetting",
    "ProductType",
    "Receipt",
    "ReceiptRequest",
    "ReceiptType",
    "Schedule",
    "ScheduleStatus",
    "ScheduledCharge",
    "Token",
]

# ----------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Token:
    access_token: str = field(repr=False)
    expired_at: int
    now: int

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Token:
        return cls(
            access_token=req_str(d, "access_token"),
            expired_at=req_timestamp(d, "expired_at"),
            now=req_timestamp(d, "now"),
        )

    @property
    def lifetime(self) -> int:
        """Seconds the token had left when the server issued this reply (server clock)."""
        return self.expired_at - self.now


@dataclass(frozen=True)
class CancelHistoryEntry:
    pg_tid: str | None
    amount: int
    cancelled_at: int | None
    reason: str | None
    cancellation_id: str | None
    receipt_url: str | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CancelHistoryEntry:
        return cls(
            pg_tid=opt_str(d, "pg_tid"),
            amount=req_won(d, "amount"),
            cancelled_at=opt_timestamp(d, "cancelled_at"),
            reason=opt_str(d, "reason"),
            cancellation_id=opt_str(d, "cancellation_id"),
            receipt_url=opt_str(d, "receipt_url"),
        )


@dataclass(frozen=True)
class Payment:
    imp_uid: str
    merchant_uid: str
    amount: int
    cancel_amount: int
    currency: str
    status: str
    sandbox: bool
    pay_method: str | None = None
    pg_provider: str | None = None
    pg_tid: str | None = None
    pg_id: str | None = None
    apply_num: str | None = None
    card_code: str | None = None
    card_name: str | None = None
    card_number: str | None = None  # masked by PortOne
    card_quota: int = 0
    card_type: int | None = None
    name: str | None = None
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    started_at: int | None = None
    paid_at: int | None = None
    failed_at: int | None = None
    cancelled_at: int | None = None
    fail_reason: str | None = None
    cancel_reason: str | None = None
    receipt_url: str | None = None
    customer_uid: str | None = None
    # None: an ordinary payment; "payment": billing key; "payment.scheduled": run by a schedule
    customer_uid_usage: str | None = None
    cash_receipt_issued: bool | None = None
    cancel_history: tuple[CancelHistoryEntry, ...] = ()

    @property
    def remaining(self) -> int:
        """What can still be cancelled: PortOne keeps ``cancel_amount`` cumulative."""
        return self.amount - self.cancel_amount

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Payment:
        status = req_str(d, "status")
        history = tuple(
            CancelHistoryEntry.from_json(as_object(item, "cancel_history"))
            for item in opt_list(d, "cancel_history")
        )
        return cls(
            imp_uid=req_str(d, "imp_uid"),
            merchant_uid=req_str(d, "merchant_uid"),
            amount=req_won(d, "amount"),
            cancel_amount=req_won(d, "cancel_amount"),
            currency=opt_str(d, "currency") or "KRW",
            status=status,
            # Absent before 2026-01-26; an older reply is a live-channel payment.
            sandbox=bool(opt_bool(d, "sandbox")),
            pay_method=opt_str(d, "pay_method"),
            pg_provider=opt_str(d, "pg_provider"),
            pg_tid=opt_str(d, "pg_tid"),
            pg_id=opt_str(d, "pg_id"),
            apply_num=opt_str(d, "apply_num"),
            card_code=opt_str(d, "card_code"),
            card_name=opt_str(d, "card_name"),
            card_number=opt_str(d, "card_number"),
            card_quota=opt_int(d, "card_quota") or 0,
            card_type=opt_int(d, "card_type"),
            name=opt_str(d, "name"),
            buyer_name=opt_str(d, "buyer_name"),
            buyer_tel=opt_str(d, "buyer_tel"),
            buyer_email=opt_str(d, "buyer_email"),
            started_at=opt_timestamp(d, "started_at"),
            paid_at=opt_timestamp(d, "paid_at"),
            failed_at=opt_timestamp(d, "failed_at"),
            cancelled_at=opt_timestamp(d, "cancelled_at"),
            fail_reason=opt_str(d, "fail_reason"),
            cancel_reason=opt_str(d, "cancel_reason"),
            receipt_url=opt_str(d, "receipt_url"),
            customer_uid=opt_str(d, "customer_uid"),
            customer_uid_usage=opt_str(d, "customer_uid_usage"),
            cash_receipt_issued=opt_bool(d, "cash_receipt_issued"),
            cancel_history=history,
        )


@dataclass(frozen=True)
class Customer:
    customer_uid: str
    pg_provider: str | None = None
    pg_id: str | None = None
    sandbox: bool = False
    card_name: str | None = None
    card_code: str | None = None
    card_number: str | None = None  # masked by PortOne
    card_type: int | None = None
    customer_name: str | None = None
    customer_tel: str | None = None
    customer_email: str | None = None
    inserted: int | None = None
    updated: int | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Customer:
        return cls(
            customer_uid=req_str(d, "customer_uid"),
            pg_provider=opt_str(d, "pg_provider"),
            pg_id=opt_str(d, "pg_id"),
            sandbox=bool(opt_bool(d, "sandbox")),
            card_name=opt_str(d, "card_name"),
            card_code=opt_str(d, "card_code"),
            card_number=opt_str(d, "card_number"),
            card_type=opt_int(d, "card_type"),
            customer_name=opt_str(d, "customer_name"),
            customer_tel=opt_str(d, "customer_tel"),
            customer_email=opt_str(d, "customer_email"),
            inserted=opt_timestamp(d, "inserted"),
            updated=opt_timestamp(d, "updated"),
        )


@dataclass(frozen=True)
class Receipt:
    """A cash receipt for a PortOne payment (``imp_uid``) or an external one (``merchant_uid``)."""

    imp_uid: str | None
    merchant_uid: str | None
    receipt_tid: str | None
    apply_num: str | None
    type: str | None
    amount: int
    vat: int | None
    receipt_url: str | None
    applied_at: int | None
    cancelled_at: int | None

    @property
    def is_cancelled(self) -> bool:
        """The receipt object has no status; a non-zero ``cancelled_at`` is how PortOne says it."""
        return self.cancelled_at is not None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Receipt:
        imp_uid = opt_str(d, "imp_uid") or None
        merchant_uid = opt_str(d, "merchant_uid") or None
        if imp_uid is None and merchant_uid is None:
            raise MalformedReply("현금영수증 응답에 imp_uid도 merchant_uid도 없습니다")
        return cls(
            imp_uid=imp_uid,
            merchant_uid=merchant_uid,
            receipt_tid=opt_str(d, "receipt_tid"),
            apply_num=opt_str(d, "apply_num"),
            type=opt_str(d, "type"),
            amount=req_won(d, "amount"),
            vat=opt_won(d, "vat"),
            receipt_url=opt_str(d, "receipt_url"),
            applied_at=opt_timestamp(d, "applied_at"),
            # the receipt object has no status: an unreadable cancelled_at must not read as "active"
            cancelled_at=opt_timestamp(d, "cancelled_at", strict=True),
        )


@dataclass(frozen=True)
class PaymentPage:
    """One page of ``findAll`` / ``status`` results; ``next`` is 0 on the last page."""

    total: int
    previous: int
    next: int
    payments: tuple[Payment, ...]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PaymentPage:
        return cls(
            total=opt_int(d, "total") or 0,
            previous=opt_int(d, "previous") or 0,
            next=opt_int(d, "next") or 0,
            payments=tuple(Payment.from_json(as_object(item, "list")) for item in opt_list(d, "list")),
        )


@dataclass(frozen=True)
class PgSetting:
    """One PG channel of the PortOne account (``GET /users/pg``, API-NOTES §15.4).

    The KSNET key-in channel is ``pg_provider == "ksnet"`` and ``type == "api_payment"``; ``sandbox``
    says whether it is a PortOne *test* channel (no money moves on it).
    """

    pg_provider: str
    pg_id: str  # the MID
    sandbox: bool
    type: str  # "payment" (payment window) or "api_payment" (API / key-in)
    channel_name: str | None = None
    channel_key: str | None = None

    @property
    def is_key_in(self) -> bool:
        return self.type == "api_payment"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PgSetting:
        return cls(
            pg_provider=req_str(d, "pg_provider"),
            pg_id=req_str(d, "pg_id"),
            sandbox=req_bool(d, "sandbox"),
            type=req_str(d, "type"),
            channel_name=opt_str(d, "channel_name"),
            channel_key=opt_str(d, "channel_key"),
        )
