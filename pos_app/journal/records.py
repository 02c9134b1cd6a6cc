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

SaleKind = Literal["keyin", "billing", "scheduled"]  # scheduled: PortOne ran it from a plan
ReceiptKind = Literal["external", "payment"]
OperationKind = Literal[
    "sale",
    "cancel",
    "billing_key_issue",
    "billing_key_delete",
    "receipt_issue",
    "receipt_cancel",
    # a recurring plan's payment (journal.plans): schedule it, move it, revoke it, schedule a failed or
    # revoked one again, or charge a failed one now
    "schedule_create",
    "schedule_move",
    "schedule_revoke",
    "schedule_reschedule",
    "schedule_retry",
]
# how an operation's final state was decided: PortOne's answer to the call itself, PortOne's record read
# back by a lookup, or the absence of any record for the whole not-charged window (a "window" decision
# is revisited for a day: a late payment found then becomes the sale it is)
DecidedBy = Literal["reply", "record", "window"]
CancelOrigin = Literal["counter", "portone"]

# Outcomes under which money was taken from the card (a MISMATCH took money too, only not the amount
# we meant): these count as "paid" in reports.
MONEY_TAKEN = frozenset({Outcome.APPROVED, Outcome.MISMATCH, Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED})


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
    portone_at: float | None = None  # PortOne's clock when written ahead (windows across restarts)


@dataclass(frozen=True)
class CancelFact:
    """One entry of a payment's ``cancel_history`` at PortOne: one refund, whoever made it."""

    portone_id: str  # PortOne's cancellation_id, else the PG's cancel tid, else amount@time
    amount: int
    cancelled_at: float | None
    reason: str | None = None
    pg_tid: str | None = None
    receipt_url: str | None = None


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
    # every refund PortOne knows of; the journal keeps one cancel row per entry
    cancel_history: tuple[CancelFact, ...] = ()
    sandbox: bool = False  # made through a PortOne test channel


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
    portone_at: float | None = None


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
    origin: CancelOrigin = "counter"  # "portone": a refund made elsewhere (console, another counter)
    portone_id: str | None = None  # the cancel_history entry this row stands for, once known
    tax_free_estimated: bool = False  # PortOne does not say a foreign refund's tax-free part
    operator: str = ""  # who asked for it (schema 6 shows it; a refund made elsewhere: who found it)
    approver: str = ""  # the manager or owner who approved it on the spot (schema 6)


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
    portone_at: float | None = None


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
    delete_reason: str | None = None
    gone_at: float | None = None  # PortOne said it has no such key (deleted elsewhere)

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
    portone_at: float | None = None
    # the earlier receipt of the same sale this one re-issues (cancelled first): its approval number
    # must not be taken for this one's when a lost reply is settled by reading the receipt back
    replaces: str | None = None


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
    replaces: str | None = None
    receipt_tid: str | None = None


# ---------------------------------------------------------------------------------------- operations
@dataclass(frozen=True)
class OperationRow:
    """One money operation of any kind, from its write-ahead until PortOne's record makes it final.

    ``op_id`` is the operation's own id: the merchant_uid of a sale attempt, the cancel_id, the
    receipt_id of an issue, ``<customer_uid>`` for a card registration, ``<customer_uid>/del<n>`` and
    ``<receipt_id>/cancel<n>`` for deletes and receipt cancels. ``ref`` is the journal row it acts on;
    ``sale_ref`` the sale's merchant_uid where there is one.
    """

    op_id: str
    kind: OperationKind
    ref: str
    state: Outcome
    decided_by: DecidedBy | None
    amount: int
    label: str
    created_at: float
    updated_at: float
    portone_at: float | None
    settled_at: float | None
    message: str | None
    sale_ref: str | None = None
    counter_id: str = ""
    operator: str = ""
    approver: str = ""  # schema 6: who approved a refund, receipt cancel or card deletion on the spot

    @property
    def is_open(self) -> bool:
        return not self.state.is_final


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
    # the chain head when the report was made, printed on it against tail cuts ("기록 12,345건 · 7f3a9c1e")
    anchor: str = ""
    anchor_count: int = 0
    anchor_mac: str = ""
    verified_through: int = 0  # the last event the journal's checks replayed and found sound
    # of the paid above: what PortOne charged on its own from a recurring plan's schedule (정기결제)
    scheduled_count: int = 0
    scheduled_sum: int = 0


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
    approver: str = ""  # schema 6: the approver in force (the ``W`` event's)


@dataclass(frozen=True)
class ChainReport:
    """Result of ``Journal.verify_chain``: ``ok`` or the first event whose link does not hold."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str | None = None
