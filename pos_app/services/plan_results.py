"""What the recurring-plan use cases hand back to the window (see ``services.results`` for the rules).

Results carry the journal's rows as they stand after the call, so the window shows what was recorded.
``message`` is PortOne's text or a transport description (shown as it is), or Korean source text the
services marked for translation ("ServiceError" / "Settlement" context).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_app.domain.outcomes import Outcome
from pos_app.domain.recurrence import Recurrence
from pos_app.journal.plan_records import PlanRow, SlotRow
from pos_app.journal.records import SaleRow
from pos_app.services.results import Announcement


@dataclass(frozen=True)
class SlotOutcome:
    """One call about one planned payment: schedule, move, revoke, reschedule, retry.

    ``outcome``: APPROVED (done at PortOne; for a retry: paid), DECLINED (PortOne refused), NOT_CHARGED
    (not sent, or proved not done), UNKNOWN (the settlement engine keeps looking it up), MISMATCH.
    """

    outcome: Outcome
    slot_id: str
    slot: SlotRow | None
    message: str | None
    sale: SaleRow | None = None
    journal_error: str | None = None

    @property
    def done(self) -> bool:
        return self.outcome is Outcome.APPROVED


@dataclass(frozen=True)
class PlanOutcome:
    """A plan made, paused, resumed or ended, with what each payment call of it came to."""

    plan: PlanRow | None
    payments: tuple[SlotOutcome, ...] = ()
    message: str | None = None

    @property
    def unresolved(self) -> tuple[SlotOutcome, ...]:
        return tuple(p for p in self.payments if not p.outcome.is_final)

    @property
    def refused(self) -> tuple[SlotOutcome, ...]:
        return tuple(p for p in self.payments if p.outcome in (Outcome.DECLINED, Outcome.NOT_CHARGED))


@dataclass(frozen=True)
class PlanView:
    """A plan as the customers screen lists it: its rule and every payment so far, next first."""

    plan: PlanRow
    recurrence: Recurrence
    payments: tuple[SlotRow, ...]

    @property
    def next_payment(self) -> SlotRow | None:
        live = [p for p in self.payments if p.is_live]
        return min(live, key=lambda p: p.schedule_at) if live else None

    @property
    def failed(self) -> tuple[SlotRow, ...]:
        return tuple(p for p in self.payments if p.state == "failed")


@dataclass(frozen=True)
class PollReport:
    """One polling pass: how many payments were compared with PortOne and what changed."""

    checked: int = 0
    changed: int = 0
    scheduled: int = 0  # new schedules made by the top-up
    announcements: tuple[Announcement, ...] = ()
    error: str | None = None  # PortOne could not be read: the next pass tries again
    skipped: bool = False  # not due (``poll_if_due``)
    unresolved: tuple[str, ...] = field(default_factory=tuple)
