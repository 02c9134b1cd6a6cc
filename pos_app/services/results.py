"""What the services hand back to the window: one small frozen result type per use case.

Results carry the journal row as it stands after the call (``sale``, ``cancel``, ``customer``,
``receipt``) so the window shows what was recorded, not what it hoped for. ``message`` is PortOne's
text (fail_reason, server message) or a transport description — shown as is, never translated.
``journal_error`` is set when the money call finished but its result could not be written (the journal
went read-only in between): the row stays non-final and start-up reconciliation completes it, yet the
cashier must see the outcome now so nobody charges the customer twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pos_app.domain.outcomes import Outcome
from pos_app.journal.records import (
    CancelRow,
    CustomerRow,
    OperationKind,
    PaymentFacts,
    ReceiptRow,
    SaleRow,
)


@dataclass(frozen=True)
class SaleOutcome:
    """The result of a key-in or billing-key charge attempt (one merchant_uid)."""

    outcome: Outcome
    merchant_uid: str
    sale: SaleRow | None
    message: str | None
    journal_error: str | None = None
    key_gone: bool = False  # a saved-card charge PortOne refused because it has no such key any more

    @property
    def approved(self) -> bool:
        return self.outcome is Outcome.APPROVED

    @property
    def test_payment(self) -> bool:
        """Made through a PortOne test channel in a live shop: no money moved."""
        return self.outcome is Outcome.TEST_PAYMENT

    @property
    def needs_cancel(self) -> bool:
        """Paid, but not the amount we meant: never success; the window offers the cancel."""
        return self.outcome is Outcome.MISMATCH

    @property
    def is_final(self) -> bool:
        return self.outcome.is_final


@dataclass(frozen=True)
class CancelOutcome:
    """The result of one cancel request (full or partial) against a sale."""

    # CANCELLED / PARTIALLY_CANCELLED (went through; what it left the payment as), DECLINED, UNKNOWN,
    # NOT_CHARGED (not sent, or proven not done)
    outcome: Outcome
    cancel_id: str
    merchant_uid: str
    amount: int  # the amount this request asked to cancel
    sale: SaleRow | None
    cancel: CancelRow | None
    message: str | None
    journal_error: str | None = None

    @property
    def done(self) -> bool:
        return self.outcome in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED)


@dataclass(frozen=True)
class RegistrationOutcome:
    """The result of issuing a billing key (card registration, no charge)."""

    outcome: Outcome  # APPROVED (registered), DECLINED, UNKNOWN, NOT_CHARGED (not sent / not created)
    customer_uid: str
    customer: CustomerRow | None
    message: str | None
    journal_error: str | None = None

    @property
    def registered(self) -> bool:
        return self.outcome is Outcome.APPROVED


@dataclass(frozen=True)
class DeleteOutcome:
    """A saved card's deletion that PortOne confirmed (its answer, or the key read back as absent)."""

    outcome: Outcome  # APPROVED: deleted at PortOne
    customer_uid: str
    op_id: str
    customer: CustomerRow | None
    message: str | None
    journal_error: str | None = None


@dataclass(frozen=True)
class ReceiptOutcome:
    """The result of issuing or cancelling a cash receipt (per payment or external)."""

    outcome: Outcome  # APPROVED (issued), CANCELLED, DECLINED, UNKNOWN, NOT_CHARGED
    receipt_id: str
    receipt: ReceiptRow | None
    message: str | None
    journal_error: str | None = None


ReconcileKind = Literal["sale", "cancel", "billing_key", "receipt", "schedule"]

AnnouncementKind = Literal[
    "not_made",  # an operation the cashier saw as "확인 중" turned out not to have happened
    "made",  # an operation the cashier saw as "확인 중" turned out to have happened
    "made_late",  # an operation recorded as not made turned out to have happened after all
    "double_charge",  # two paid payments for one order
    "refund_elsewhere",  # PortOne's record shows a refund this counter did not make
    "key_gone",  # a saved card PortOne does not know any more
    "test_payment",  # a live shop's payment went through a PortOne test channel: no money moved
]


@dataclass(frozen=True)
class Announcement:
    """Something the settlement engine found that the cashier must be told, not a quiet count.

    ``text`` is Korean source text in the ``"Settlement"`` translation context with ``{placeholders}``
    filled from ``params`` (amounts in won as ints, names, times as UNIX seconds under keys ending in
    ``_at``); ``str()`` gives the Korean sentence. No card data is ever in it.
    """

    kind: AnnouncementKind
    op_kind: OperationKind
    op_id: str
    text: str
    params: dict[str, object] = field(default_factory=dict)
    sale_ref: str | None = None
    urgent: bool = True  # money is wrong somewhere (not made / made late / double): say it loudly

    def __str__(self) -> str:
        try:
            return self.text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.text


@dataclass(frozen=True)
class OpenOperation:
    """One operation the settlement engine holds, as the counter lists it."""

    op_id: str
    kind: OperationKind
    state: Outcome
    amount: int
    label: str  # buyer / customer and a masked card or identifier
    age_s: float  # since it was written ahead (this run's monotonic clock, or PortOne's across restarts)
    doing: str  # what the app is doing about it now: Korean source text ("Settlement" context)
    doing_params: dict[str, object]
    last_answer: str | None  # PortOne's last answer, as PortOne worded it
    sale_ref: str | None
    checks: int  # lookups made so far in this run
    next_check_in_s: float | None  # None while a lookup is running


@dataclass(frozen=True)
class ReconcileItem:
    """One non-final journal row looked at by reconciliation and what it became."""

    kind: ReconcileKind
    key: str  # merchant_uid, cancel_id, customer_uid or receipt_id
    outcome: Outcome
    message: str | None = None


@dataclass(frozen=True)
class ReconcileReport:
    resolved: list[ReconcileItem] = field(default_factory=list)
    still_unknown: list[ReconcileItem] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def all_resolved(self) -> bool:
        return not self.still_unknown


DifferenceKind = Literal[
    "local_only",
    "remote_only",
    "amount",
    "status",
    "other_counter",  # not a difference: a sale of another counter of the shop (its merchant_uid says so)
    "test_payment",  # not money: a payment PortOne made through a test channel
]


@dataclass(frozen=True)
class DayDifference:
    """One disagreement between the journal's day and PortOne's ``/payments/status/all`` for it."""

    kind: DifferenceKind
    merchant_uid: str
    local: SaleRow | None
    remote: PaymentFacts | None
    detail: str = ""  # e.g. "local 12000 / remote 11000", for the owner; no card data
