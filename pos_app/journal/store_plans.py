"""The ``Journal``'s recurring payment plans (정기결제): one transaction per record, and the reads.

``Journal`` (``store``) is built on this base; the record functions and the reads are ``plans``'s, what
the events do to the rows ``projection_plans``'s. Every record is refused with ``JournalUnavailable``
while the journal refuses writes, like every other record.
"""

from __future__ import annotations

from pos_app.domain.outcomes import Outcome
from pos_app.journal import plans
from pos_app.journal.plan_records import PlanIntent, PlanRow, PlanState, ScheduleFacts, SlotRow
from pos_app.journal.records import DecidedBy, OperationKind, PaymentFacts, SaleIntent
from pos_app.journal.store_seal import SealedJournal


class PlanJournal(SealedJournal):
    # ------------------------------------------------------------------------------------ writes
    def record_plan(self, intent: PlanIntent) -> None:
        with self._write() as tx:
            plans.record_plan(tx, intent)

    def record_plan_change(self, plan_id: str, state: PlanState, reason: str | None = None) -> bool:
        """Active, paused or ended (for good); False when the plan was in that state already."""
        with self._write() as tx:
            return plans.record_plan_change(tx, plan_id, state, reason)

    def record_payment_intent(
        self,
        plan_id: str,
        seq: int,
        kind: OperationKind,
        *,
        merchant_uid: str | None = None,
        due_date: str | None = None,
        schedule_at: int | None = None,
        portone_at: float | None = None,
    ) -> str:
        """Write an operation on payment ``seq`` of a plan ahead of its call; returns the op id."""
        with self._write() as tx:
            return plans.record_payment_intent(
                tx,
                plan_id,
                seq,
                kind,
                merchant_uid=merchant_uid,
                due_date=due_date,
                schedule_at=schedule_at,
                portone_at=portone_at,
            )

    def record_payment_result(
        self,
        op_id: str,
        outcome: Outcome,
        *,
        facts: ScheduleFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            plans.record_payment_result(tx, op_id, outcome, facts, message, decided_by)

    def record_payment_seen(self, slot_id: str, facts: ScheduleFacts, message: str | None = None) -> bool:
        """PortOne's record of a payment read by polling; False when it holds nothing new."""
        with self._write() as tx:
            return plans.record_payment_seen(tx, slot_id, facts, message)

    def record_payment_missed(
        self, plan_id: str, seq: int, due_date: str, schedule_at: int, message: str | None = None
    ) -> None:
        with self._write() as tx:
            plans.record_payment_missed(tx, plan_id, seq, due_date, schedule_at, message)

    def record_payment_paid(
        self,
        slot_id: str,
        facts: ScheduleFacts,
        sale: SaleIntent,
        outcome: Outcome,
        payment: PaymentFacts,
        at: float,
        *,
        op_id: str | None = None,
        message: str | None = None,
    ) -> None:
        """A payment PortOne made from a schedule: its sale and the payment's new state in one
        transaction (and the result of the operation ``op_id`` that made it, a retry, when given)."""
        with self._write() as tx:
            plans.record_scheduled_sale(tx, sale, outcome, payment, at)
            if op_id is not None:
                plans.record_payment_result(tx, op_id, outcome, facts, message, "record")
            else:
                plans.record_payment_seen(tx, slot_id, facts, message)

    # ------------------------------------------------------------------------------------- reads
    def plan(self, plan_id: str) -> PlanRow | None:
        return plans.plan(self._read_db(), plan_id)

    def plans_of_customer(self, customer_uid: str) -> list[PlanRow]:
        return plans.plans_of_customer(self._read_db(), customer_uid)

    def live_plans(self) -> list[PlanRow]:
        return plans.live_plans(self._read_db())

    def plan_payments(self, plan_id: str) -> list[SlotRow]:
        return plans.slots_of_plan(self._read_db(), plan_id)

    def plan_payment(self, slot_id: str) -> SlotRow | None:
        return plans.slot(self._read_db(), slot_id)

    def plan_payment_by_merchant_uid(self, merchant_uid: str) -> SlotRow | None:
        return plans.slot_by_merchant_uid(self._read_db(), merchant_uid)

    def plan_payments_between(self, from_at: int, to_at: int) -> list[SlotRow]:
        return plans.slots_between(self._read_db(), from_at, to_at)

    def plan_payments_in_states(self, states: tuple[str, ...], since_at: int | None = None) -> list[SlotRow]:
        return plans.slots_in_states(self._read_db(), states, since_at)

    def plan_payments_of_customer(self, customer_uid: str) -> list[SlotRow]:
        return plans.slots_of_customer(self._read_db(), customer_uid)
