"""Value types the journal takes and gives: intents and facts going in, rows and reports coming out.

Everything here is a frozen dataclass of plain values. Intents and facts carry only masked card hints by
contract (the journal refuses anything that looks like a full card number, see ``card_digit_guard``).
Times are UNIX seconds (float) as the journal's clock gives them; PortOne's own times (``paid_at`` …)
are UNIX seconds too.

Beyond INTERFACES.md (additions at the end of a type, all with defaults):
``CancelRow.cancelled_amount`` (what this cancel actually refunded, from the payment's ``cancel_amount``
before and after), ``ReceiptRow.receipt_url``/``applied_at``/``vat``, ``CustomerRow.customer_email``/
``card_company``/``message``, ``SaleRow.card_code``/``pg_tid``/``cancelled_at``/``buyer_email``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pos_app.domain.outcomes import Outcome

SaleKind = Literal["keyin", "billing"]
ReceiptKind = Literal["external", "payment"]

# Outcomes under which money was taken from the card (a MISMATCH took money too, only not the amount
# we meant): these count as "paid" in reports.
MONEY_TAKEN = frozenset(
    {Outcome.APPROVED, Outcome.MISMATCH, Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED}
)


# --------------------------------------------------------------------------------------------- sales
@dataclass(frozen=True)
class SaleIntent:
    """What we are about to ask PortOne to charge; written before the request leaves."""

    merchant_uid: str
    sale_id: str  # the first merchant_uid of the sale: groups the attempts of one sale
    kind: SaleKind
    amount: int
    tax_free: int
    order_name: str
    card_hint: str  # masked 6+4, e.g. "4111-11**-****-1111"
    card_company: str | None
    buyer_name: str
    buyer_tel: str = ""
    buyer_email: str = ""
    customer_uid: str | None = None
    card_quota: int = 0
    product_type: str = "real"


@dataclass(frozen=True)
class PaymentFacts:
    """What PortOne said about a payment (services build it from ``portone.Payment``)."""

    imp_uid: str
    status: str
    amount: int
    cancel_amount: int = 0
    card_name: str | None = None
    card_code: str | None = None
    card_number: str | None = None  # PortOne's masked number
    apply_num: str | None = None
    card_quota: int = 0
    paid_at: float | None = None
    cancelled_at: float | None = None
    receipt_url: str | None = None
    pg_tid: str | None = None
    fail_reason: str | None = None


@dataclass(frozen=True)
class SaleRow:
    """The current state of one sale attempt (one merchant_uid)."""

    merchant_uid: str
    sale_id: str
    kind: str
    created_at: float
    updated_at: float
    amount: int
    tax_free: int
    order_name: str
    card_hint: str
    card_company: str | None
    buyer_name: str
    buyer_tel: str
    customer_uid: str | None
    card_quota: int
    product_type: str
    outcome: Outcome
    message: str | None
    imp_uid: str | None
    apply_num: str | None
    card_name: str | None
    card_number: str | None
    paid_amount: int
    cancel_amount: int
    paid_at: float | None
    receipt_url: str | None
    partial_cancel_count: int
    operator: str
    counter_id: str
    card_code: str | None = None
    pg_tid: str | None = None
    cancelled_at: float | None = None
    buyer_email: str = ""

    @property
    def remaining(self) -> int:
        """What can still be cancelled: paid minus already cancelled (0 when nothing was paid)."""
        return max(self.paid_amount - self.cancel_amount, 0)


# ------------------------------------------------------------------------------------------- cancels
@dataclass(frozen=True)
class CancelIntent:
    cancel_id: str
    merchant_uid: str
    imp_uid: str | None
    amount: int  # 0 = all that remains
    tax_free: int
    checksum: int | None  # the cancellable balance we believe PortOne holds
    reason: str


@dataclass(frozen=True)
class CancelRow:
    cancel_id: str
    merchant_uid: str
    imp_uid: str | None
    amount: int
    tax_free: int
    checksum: int | None
    reason: str
    outcome: Outcome
    message: str | None
    created_at: float
    cancelled_at: float | None
    cancelled_amount: int = 0


# ----------------------------------------------------------------------------------------- customers
@dataclass(frozen=True)
class BillingKeyIntent:
    customer_uid: str
    customer_name: str
    customer_tel: str
    customer_email: str
    card_hint: str
    card_company: str | None
    consent_text: str  # the words the customer agreed to, kept as evidence
    consent_at: float


@dataclass(frozen=True)
class CustomerFacts:
    card_name: str | None = None
    card_code: str | None = None
    card_number: str | None = None  # PortOne's masked number
    pg_provider: str | None = None
    pg_id: str | None = None
    inserted: float | None = None
    updated: float | None = None


@dataclass(frozen=True)
class CustomerRow:
    customer_uid: str
    customer_name: str
    customer_tel: str
    card_hint: str
    card_name: str | None
    outcome: Outcome
    registered_at: float | None
    last_used_at: float | None
    deleted_at: float | None
    customer_email: str = ""
    card_company: str | None = None
    message: str | None = None

    @property
    def active(self) -> bool:
        return self.outcome is Outcome.APPROVED and self.deleted_at is None


# ------------------------------------------------------------------------------------------ receipts
@dataclass(frozen=True)
class ReceiptIntent:
    receipt_id: str
    kind: ReceiptKind
    merchant_uid: str | None
    imp_uid: str | None
    order_name: str
    amount: int
    tax_free: int
    identifier_hint: str  # masked, last 4 visible
    identifier_type: str
    receipt_type: str
    product_type: str
    buyer_name: str


@dataclass(frozen=True)
class ReceiptFacts:
    apply_num: str | None = None
    receipt_tid: str | None = None
    amount: int | None = None
    vat: int | None = None
    receipt_url: str | None = None
    applied_at: float | None = None
    cancelled_at: float | None = None


@dataclass(frozen=True)
class ReceiptRow:
    receipt_id: str
    kind: str
    merchant_uid: str | None
    imp_uid: str | None
    order_name: str
    amount: int
    tax_free: int
    identifier_hint: str
    identifier_type: str
    receipt_type: str
    product_type: str
    buyer_name: str
    outcome: Outcome
    message: str | None
    apply_num: str | None
    created_at: float
    cancelled_at: float | None
    receipt_url: str | None = None
    applied_at: float | None = None
    vat: int | None = None


# ------------------------------------------------------------------------------------ queries, events
@dataclass(frozen=True)
class HistoryFilter:
    """History search. Dates are the shop's local calendar days (the computer's time zone), inclusive.

    ``phone`` and ``last4`` compare digits only; ``phone`` matches numbers that start with the digits
    given, or end with them when exactly 4 digits are given. ``buyer`` matches names starting with it.
    """

    date_from: date | None = None
    date_to: date | None = None
    outcomes: frozenset[Outcome] | None = None
    last4: str | None = None
    phone: str | None = None
    buyer: str | None = None
    merchant_uid: str | None = None
    imp_uid: str | None = None
    amount: int | None = None


@dataclass(frozen=True)
class CompanyTotals:
    card_company: str
    paid_count: int
    paid_sum: int
    cancel_count: int
    cancel_sum: int
    net: int


@dataclass(frozen=True)
class DayReport:
    day: date
    by_company: list[CompanyTotals]
    paid_count: int
    paid_sum: int
    cancel_count: int
    cancel_sum: int
    net: int
    tax_free_sum: int
    vat_sum: int
    receipts_count: int
    receipts_sum: int


@dataclass(frozen=True)
class EventRow:
    id: int
    ts: float
    kind: str
    ref: str
    payload: dict[str, Any]
    operator: str = ""
    counter_id: str = ""
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True)
class ChainReport:
    """Result of ``Journal.verify_chain``: ``ok`` or the first event whose link does not hold."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str | None = None
