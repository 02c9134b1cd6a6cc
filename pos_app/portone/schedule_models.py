"""Scheduled billing-key payments (API-NOTES §15): what we ask PortOne to run, and what it reports.

``ScheduledCharge`` is one item of ``schedules[]`` in ``POST /subscribe/payments/schedule`` (the schema's
``ScheduleAnnotation``): PortOne itself runs the billing-key charge ("again") at ``schedule_at``. KSNET
needs ``buyer_name`` and ``product_type``, and the mixed-tax (복합과세) MID needs ``tax_free`` on every
charge, so all three are always sent, as is ``currency`` (the schema requires it).

``Schedule`` is the schema's ``ScheduleResultAnnotation`` as PortOne reports it back. Its ``imp_uid`` is
None until the schedule ran; ``payment_status`` is None before that, then ``paid`` / ``failed`` /
``cancelled``. The schema gives ``schedule_status`` as a plain string (``scheduled`` / ``executed`` /
``revoked``), so an unknown value is kept as text, never refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pos_app.portone.json_fields import (
    opt_str,
    opt_timestamp,
    req_str,
    req_timestamp,
    req_won,
)
from pos_app.portone.request_models import ProductType, _ChargeTerms

ScheduleStatus = Literal["scheduled", "executed", "revoked"]
SCHEDULE_STATUSES: tuple[ScheduleStatus, ...] = ("scheduled", "executed", "revoked")


@dataclass(frozen=True)
class ScheduledCharge(_ChargeTerms):
    """One scheduled charge on the billing key the schedule call names (``schedule_at``: UNIX seconds)."""

    merchant_uid: str
    schedule_at: int
    amount: int
    tax_free: int
    name: str
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    card_quota: int = 0
    product_type: ProductType = "real"
    currency: str = "KRW"

    def __post_init__(self) -> None:
        super().__post_init__()
        at = self.schedule_at
        if isinstance(at, bool) or not isinstance(at, int) or at <= 0:
            raise ValueError("schedule_at must be UNIX seconds")
        if self.currency not in ("KRW", "USD"):
            raise ValueError("currency must be KRW or USD (KSNET)")

    def body(self) -> dict[str, Any]:
        return {**self._order_body(), "schedule_at": self.schedule_at, "currency": self.currency}


@dataclass(frozen=True)
class Schedule:
    """A scheduled payment as PortOne reports it (``ScheduleResultAnnotation``)."""

    merchant_uid: str
    customer_uid: str
    schedule_at: int
    amount: int
    schedule_status: str  # "scheduled" | "executed" | "revoked"
    payment_status: str | None = None  # None before execution; "paid" | "failed" | "cancelled"
    imp_uid: str | None = None  # the payment the execution made
    executed_at: int | None = None
    revoked_at: int | None = None
    currency: str = "KRW"
    name: str | None = None
    buyer_name: str | None = None
    buyer_tel: str | None = None
    buyer_email: str | None = None
    custom_data: str | None = None
    fail_reason: str | None = None
    pg_provider: str | None = None
    pg_id: str | None = None
    customer_id: str | None = None

    @property
    def is_pending(self) -> bool:
        """Not yet run and not revoked: PortOne will still charge it at ``schedule_at``."""
        return self.schedule_status == "scheduled"

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Schedule:
        return cls(
            merchant_uid=req_str(d, "merchant_uid"),
            customer_uid=req_str(d, "customer_uid"),
            schedule_at=req_timestamp(d, "schedule_at"),
            amount=req_won(d, "amount"),
            schedule_status=req_str(d, "schedule_status"),
            payment_status=opt_str(d, "payment_status") or None,
            imp_uid=opt_str(d, "imp_uid") or None,
            executed_at=opt_timestamp(d, "executed_at"),
            revoked_at=opt_timestamp(d, "revoked_at"),
            currency=opt_str(d, "currency") or "KRW",
            name=opt_str(d, "name"),
            buyer_name=opt_str(d, "buyer_name"),
            buyer_tel=opt_str(d, "buyer_tel"),
            buyer_email=opt_str(d, "buyer_email"),
            custom_data=opt_str(d, "custom_data"),
            fail_reason=opt_str(d, "fail_reason"),
            pg_provider=opt_str(d, "pg_provider"),
            pg_id=opt_str(d, "pg_id"),
            customer_id=opt_str(d, "customer_id"),
        )
