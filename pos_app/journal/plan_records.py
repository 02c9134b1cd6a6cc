"""Value types of recurring payment plans (정기결제) in the journal: the plan, its payments, PortOne's facts.

A *plan* is what the owner set up on a saved card (amount, order, dates as a ``domain.recurrence`` rule
kept as text). Each planned payment is a *slot* ``<plan_id>/<n>``: payment number ``n`` of the plan, with
its own merchant_uid (minted once, when the slot is first scheduled, and kept for ever: every later call
about that payment — move, revoke, reschedule, retry — names the same merchant_uid, so PortOne's
duplicate refusal guarantees one schedule per planned date).

Slot states (``SlotState``): ``pending`` (the schedule call is written ahead, no answer yet),
``scheduled`` (PortOne holds it), ``paid`` / ``failed`` / ``cancelled`` (PortOne ran it: its payment's
status), ``revoked``, ``missed`` (its time passed before it could be scheduled: the PC was off longer than
the plan's horizon), ``not_scheduled`` (proved not created: scheduled again at the next top-up),
``refused`` (PortOne refused to schedule it; the reason is kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlanState = Literal["active", "paused", "ended"]
SlotState = Literal[
    "pending", "scheduled", "paid", "failed", "cancelled", "revoked", "missed", "not_scheduled", "refused"
]
LIVE_SLOT_STATES: frozenset[str] = frozenset({"pending", "scheduled"})
# the operation kinds of a slot, and the letter each one's op id carries (<slot_id>/<letter><n>)
SCHEDULE_OP_LETTERS: dict[str, str] = {
    "schedule_create": "c",
    "schedule_move": "m",
    "schedule_revoke": "v",
    "schedule_reschedule": "r",
    "schedule_retry": "t",
}


@dataclass(frozen=True)
class PlanIntent:
    """A plan as the owner set it up; written when it is made (the plan itself calls nothing)."""

    plan_id: str
    customer_uid: str
    customer_name: str  # the customer's name and card, kept with the plan (its label)
    card_hint: str
    card_company: str | None
    amount: int
    tax_free: int
    order_name: str
    card_quota: int
    product_type: str
    buyer_name: str
    buyer_tel: str
    buyer_email: str
    rule: str  # domain.recurrence.Recurrence.to_text()
    at_time: str  # "HH:MM" in the shop's time zone
    horizon: int = 3  # how many payments are kept scheduled at PortOne ahead


@dataclass(frozen=True)
class ScheduleFacts:
    """What PortOne said about one schedule (``portone.Schedule``, as the services build it)."""

    schedule_status: str  # scheduled | executed | revoked
    schedule_at: int
    payment_status: str | None = None  # paid | failed | cancelled once executed
    imp_uid: str | None = None
    executed_at: int | None = None
    revoked_at: int | None = None
    fail_reason: str | None = None


@dataclass(frozen=True)
class PlanRow:
    plan_id: str
    customer_uid: str
    customer_name: str
    card_hint: str
    card_company: str | None
    amount: int
    tax_free: int
    order_name: str
    card_quota: int
    product_type: str
    buyer_name: str
    buyer_tel: str
    buyer_email: str
    rule: str
    at_time: str
    horizon: int
    state: PlanState
    reason: str | None
    created_at: float
    updated_at: float
    ended_at: float | None

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.customer_name, self.order_name) if p)


@dataclass(frozen=True)
class SlotRow:
    """One planned payment of a plan."""

    slot_id: str
    plan_id: str
    seq: int
    merchant_uid: str | None
    due_date: str  # ISO date, the shop's calendar
    schedule_at: int  # PortOne's time it runs (what PortOne holds, or what was asked)
    asked_at: int | None  # the new time an open move or reschedule asks for
    amount: int
    state: SlotState
    imp_uid: str | None
    executed_at: int | None
    revoked_at: int | None
    fail_reason: str | None
    message: str | None
    created_at: float
    updated_at: float
    open_op: str | None = None  # the slot's operation still open, if any
    customer_uid: str = ""
    label: str = ""

    @property
    def is_live(self) -> bool:
        """PortOne will still charge it (or may: its schedule call is not answered yet)."""
        return self.state in LIVE_SLOT_STATES
