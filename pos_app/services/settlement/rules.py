"""One settle rule per kind of operation: what to look up at PortOne, and what each answer means.

A rule looks once (``look``) and returns a ``Look``: final (the journal has been brought to PortOne's
record, and the operation is closed) or open (what the app is doing about it and PortOne's last answer).
Rules record in the journal only when PortOne's record changes something, so an operation looked at
every few minutes for an hour does not grow the journal.

"Absent" is final only once the not-charged window has passed (``window_passed``; measured by the
settler without the PC clock). A rule also looks at operations already closed as "absent for the whole
window" (a re-check): only a record that turns up changes anything then, and it is announced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from pos_app.domain.outcomes import Outcome
from pos_app.journal.records import MONEY_TAKEN, OperationKind, OperationRow, PaymentFacts, ReceiptRow
from pos_app.portone.models import Payment, Receipt
from pos_app.services.context import ServiceContext
from pos_app.services.facts import customer_facts, payment_facts, receipt_facts
from pos_app.services.resolution import Probe, look_up_sale, probe, settle_payments
from pos_app.services.results import Announcement, AnnouncementKind
from pos_app.services.settlement import texts
from pos_app.services.settlement.refusals import Verdict, verdict_of

# a record stamped this long before our write-ahead (PortOne's clock, estimated) is not ours
RECORD_SLACK_S = 120.0


@dataclass(frozen=True)
class Look:
    final: bool
    state: Outcome
    doing: str = ""
    params: dict[str, object] = field(default_factory=dict)
    answer: str | None = None
    announcements: tuple[Announcement, ...] = ()


class Rule(Protocol):
    kind: OperationKind

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str: ...

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look: ...


def _announce(
    kind: AnnouncementKind, op: OperationRow, text: str, *, urgent: bool = True, **params: object
) -> Announcement:
    values: dict[str, object] = {"label": op.label, "amount": op.amount, **params}
    return Announcement(kind, op.kind, op.op_id, text, values, op.sale_ref, urgent)


def _still_open(op: OperationRow, doing: str, answer: str | None = None, **params: object) -> Look:
    return Look(False, op.state, doing, dict(params), answer)


def _unchanged(op: OperationRow, answer: str | None = None) -> Look:
    """A re-check of a closed operation that found nothing new."""
    return Look(True, op.state, answer=answer)


def window_s(ctx: ServiceContext, op: OperationRow) -> float:
    """How long "no record" must last before it is final: longer after a PG/issuer timeout refusal,
    because the issuer's late answer reaches PortOne's record late too."""
    if verdict_of(op.kind, op.message) is Verdict.LOOK_UP_FIRST:
        return max(ctx.settings.pg_timeout_window_s, ctx.settings.not_charged_after_s)
    return ctx.settings.not_charged_after_s


def _seconds_left(ctx: ServiceContext, op: OperationRow, elapsed: float) -> int:
    return max(0, int(window_s(ctx, op) - elapsed + 0.999))


def _window_passed(ctx: ServiceContext, op: OperationRow, elapsed: float) -> bool:
    return elapsed >= window_s(ctx, op)


def _waiting(ctx: ServiceContext, op: OperationRow, elapsed: float, answer: str | None = None) -> Look:
    timed_out = verdict_of(op.kind, op.message) is Verdict.LOOK_UP_FIRST
    doing = texts.DOING_PG_TIMEOUT if timed_out else texts.DOING_WAITING_FOR_RECORD
    return _still_open(op, doing, answer, seconds=_seconds_left(ctx, op, elapsed))


def _not_made(
    op: OperationRow, record: Callable[[], object], text: str, *also: Announcement
) -> Look:
    """PortOne has had no record of it for the whole window: record it as not made and say so loudly."""
    record()
    return Look(True, Outcome.NOT_CHARGED, announcements=(*also, _announce("not_made", op, text)))


def _unless_window_passed(
    ctx: ServiceContext, op: OperationRow, elapsed: float, record: Callable[[], object], text: str,
    answer: str | None = None,
) -> Look:
    """Wait while the not-charged window runs; once it has passed, the operation was not made."""
    if not _window_passed(ctx, op, elapsed):
        return _waiting(ctx, op, elapsed, answer)
    return _not_made(op, record, text)


# ------------------------------------------------------------------------------------------ sales
class SaleRule:
    kind: OperationKind = "sale"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"sale:{op.ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        sale = ctx.journal.sale(op.ref)
        if sale is None:
            return _unchanged(op)
        found = look_up_sale(ctx, op.ref)
        if found.state == "error":
            return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message) if op.is_open else _unchanged(op)
        if found.state == "absent" or not found.value:
            if not op.is_open:
                return _unchanged(op)
            return _unless_window_passed(
                ctx, op, elapsed,
                lambda: ctx.journal.record_sale_result(
                    op.ref, Outcome.NOT_CHARGED, payment=None, message=texts.NO_RECORD_NOT_CHARGED,
                    decided_by="window",
                ),
                texts.SALE_NOT_MADE,
            )  # fmt: skip
        payments = found.value
        settled = settle_payments(payments, sale.amount)
        if settled is None:
            return (
                _still_open(op, texts.DOING_PROCESSING_AT_PORTONE, "ready") if op.is_open else _unchanged(op)
            )
        pg_timeout = verdict_of("sale", op.message) is Verdict.LOOK_UP_FIRST
        if settled.outcome is Outcome.DECLINED:
            if not op.is_open:
                return _unchanged(op, settled.message)  # a failed record does not undo a closed operation
            if pg_timeout and not _window_passed(ctx, op, elapsed):
                # the issuer may still approve: a failed record right after a PG timeout is not final
                return _still_open(
                    op, texts.DOING_PG_TIMEOUT, settled.message, seconds=_seconds_left(ctx, op, elapsed)
                )
        outcome = settled.outcome
        payment = settled.payment
        if ctx.settings.live and payment is not None and payment.sandbox:
            outcome = Outcome.TEST_PAYMENT
        previous = op.state
        facts = payment_facts(payment) if payment is not None else None
        ctx.journal.record_sale_result(
            op.ref, outcome, payment=facts, message=settled.message, decided_by="record"
        )
        apply_num = (payment.apply_num if payment is not None else None) or "-"
        announcements: list[Announcement] = []
        if outcome is Outcome.TEST_PAYMENT:
            announcements.append(_announce("test_payment", op, texts.SALE_TEST))
        elif outcome in MONEY_TAKEN:
            if previous.is_final and previous not in MONEY_TAKEN:
                announcements.append(_announce("made_late", op, texts.SALE_MADE_LATE, apply_num=apply_num))
            elif not previous.is_final:
                announcements.append(
                    _announce("made", op, texts.SALE_MADE, urgent=False, apply_num=apply_num)
                )
            announcements += _double_charge(ctx, op, sale.sale_id)
        elif outcome in (Outcome.DECLINED, Outcome.NOT_CHARGED) and not previous.is_final:
            announcements.append(_announce("not_made", op, texts.SALE_NOT_MADE))
        return Look(True, outcome, answer=settled.message, announcements=tuple(announcements))


def _double_charge(ctx: ServiceContext, op: OperationRow, sale_id: str) -> list[Announcement]:
    """Two attempts of one order both took money (a late approval after a new attempt): say so."""
    paid = [
        row
        for row in ctx.journal.history_of_sale(sale_id)
        if row.outcome in MONEY_TAKEN and row.outcome is not Outcome.CANCELLED
    ]
    if len(paid) > 1:
        return [_announce("double_charge", op, texts.SALE_DOUBLE)]
    return []


# ---------------------------------------------------------------------------------------- refunds
class CancelRule:
    kind: OperationKind = "cancel"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"sale:{op.sale_ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        cancel = next((c for c in ctx.journal.cancels_of(op.sale_ref or "") if c.cancel_id == op.ref), None)
        if cancel is None:
            return _unchanged(op)
        client = ctx.require_lookup_client()
        merchant_uid = cancel.merchant_uid
        imp_uid = cancel.imp_uid
        found: Probe[Payment] = (
            probe(lambda: client.get_payment(imp_uid))
            if imp_uid
            else probe(lambda: client.find_payment(merchant_uid))
        )
        if found.state != "found" or found.value is None:
            if not op.is_open:
                return _unchanged(op)
            if found.state == "absent" and _window_passed(ctx, op, elapsed):
                # the payment itself is unknown to PortOne: nothing can have been refunded
                return _not_made(
                    op,
                    lambda: ctx.journal.record_cancel_result(
                        op.ref, Outcome.NOT_CHARGED, payment=None, message=found.message, decided_by="window"
                    ),
                    texts.REFUND_NOT_MADE,
                )
            return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message)
        payment = found.value
        return self._settle_with(ctx, op, cancel.checksum, payment, elapsed)

    def _settle_with(
        self, ctx: ServiceContext, op: OperationRow, checksum: int | None, payment: Payment, elapsed: float
    ) -> Look:
        facts = payment_facts(payment)
        known = {c.portone_id for c in ctx.journal.cancels_of(payment.merchant_uid) if c.portone_id}
        before = {c.cancel_id for c in ctx.journal.cancels_of(payment.merchant_uid)}
        news = [entry for entry in facts.cancel_history if entry.portone_id not in known]
        if facts.cancel_history:
            if news:
                ctx.journal.record_cancel_result(
                    op.ref, op.state, payment=facts, message=None, decided_by="record"
                )
            state = self._state_of(ctx, op)
            announcements = list(refunds_elsewhere(ctx, op, payment.merchant_uid, before))
            if state in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED):
                if op.is_open:
                    announcements.append(_announce("made", op, texts.REFUND_MADE, urgent=False))
                return Look(True, state, announcements=tuple(announcements))
            if not op.is_open:
                return Look(True, op.state, announcements=tuple(announcements))
            if _window_passed(ctx, op, elapsed):
                record = lambda: self._refund_not_in_record(ctx, op, facts)  # noqa: E731
                return _not_made(op, record, texts.REFUND_NOT_MADE, *announcements)
            look = _waiting(ctx, op, elapsed)
            return Look(False, op.state, look.doing, look.params, None, tuple(announcements))
        # a record without cancel_history (older API answers): read the balance instead
        if not op.is_open or checksum is None:
            return _unchanged(op) if not op.is_open else _waiting(ctx, op, elapsed)
        balance_now = payment.amount - payment.cancel_amount
        if balance_now <= checksum - op.amount:
            done = (
                Outcome.CANCELLED if payment.cancel_amount >= payment.amount else Outcome.PARTIALLY_CANCELLED
            )
            ctx.journal.record_cancel_result(op.ref, done, payment=facts, message=None, decided_by="record")
            return Look(True, done, announcements=(_announce("made", op, texts.REFUND_MADE, urgent=False),))
        if balance_now == checksum and _window_passed(ctx, op, elapsed):
            return _not_made(op, lambda: self._refund_not_in_record(ctx, op, facts), texts.REFUND_NOT_MADE)
        return _waiting(ctx, op, elapsed)

    @staticmethod
    def _refund_not_in_record(ctx: ServiceContext, op: OperationRow, facts: PaymentFacts) -> None:
        ctx.journal.record_cancel_result(
            op.ref, Outcome.NOT_CHARGED, payment=facts, message=texts.NO_REFUND_IN_RECORD, decided_by="window"
        )

    @staticmethod
    def _state_of(ctx: ServiceContext, op: OperationRow) -> Outcome:
        row = ctx.journal.operation(op.op_id)
        return row.state if row is not None else op.state


def refunds_elsewhere(
    ctx: ServiceContext, op: OperationRow, merchant_uid: str, before: set[str]
) -> list[Announcement]:
    """Announce each refund row of origin "portone" that appeared since ``before`` (ids known then)."""
    out = []
    for row in ctx.journal.cancels_of(merchant_uid):
        if row.cancel_id not in before and row.origin == "portone":
            sale = ctx.journal.sale(merchant_uid)
            label = " ".join(
                p for p in ((sale.buyer_name if sale else ""), (sale.card_hint if sale else "")) if p
            )
            out.append(
                Announcement(
                    "refund_elsewhere",
                    op.kind,
                    op.op_id,
                    texts.REFUND_ELSEWHERE,
                    {"label": label, "amount": row.cancelled_amount},
                    merchant_uid,
                    True,
                )
            )
    return out


# ------------------------------------------------------------------------------------ saved cards
class BillingKeyIssueRule:
    kind: OperationKind = "billing_key_issue"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"billing_key:{op.ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        client = ctx.require_lookup_client()
        found = probe(lambda: client.get_billing_key(op.ref))
        if found.state == "found" and found.value is not None:
            outcome = Outcome.APPROVED
            if ctx.settings.live and found.value.sandbox:
                outcome = Outcome.TEST_PAYMENT
            if op.state is outcome:
                return _unchanged(op)
            ctx.journal.record_billing_key_result(
                op.ref, outcome, facts=customer_facts(found.value), message=None, decided_by="record"
            )
            return Look(True, outcome, announcements=(_announce("made", op, texts.KEY_MADE, urgent=False),))
        if not op.is_open:
            return _unchanged(op)
        if found.state == "absent":
            return _unless_window_passed(
                ctx, op, elapsed,
                lambda: ctx.journal.record_billing_key_result(
                    op.ref, Outcome.NOT_CHARGED, facts=None, message=found.message, decided_by="window"
                ),
                texts.KEY_NOT_MADE,
                found.message,
            )  # fmt: skip
        return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message)


class BillingKeyDeleteRule:
    kind: OperationKind = "billing_key_delete"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        return f"billing_key:{op.ref}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        client = ctx.require_lookup_client()
        found = probe(lambda: client.get_billing_key(op.ref))
        if found.state == "absent":
            if op.state is Outcome.APPROVED:
                return _unchanged(op)
            ctx.journal.record_billing_key_delete_result(
                op.op_id, Outcome.APPROVED, message=None, decided_by="record"
            )
            return Look(
                True,
                Outcome.APPROVED,
                announcements=(_announce("made", op, texts.DELETE_MADE, urgent=False),),
            )
        if not op.is_open:
            return _unchanged(op)
        if found.state == "found":
            return _unless_window_passed(
                ctx, op, elapsed,
                lambda: ctx.journal.record_billing_key_delete_result(
                    op.op_id, Outcome.NOT_CHARGED, message=texts.KEY_STILL_THERE, decided_by="window"
                ),
                texts.DELETE_NOT_MADE,
            )  # fmt: skip
        return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message)


# ---------------------------------------------------------------------------------- cash receipts
def read_receipt(ctx: ServiceContext, row: ReceiptRow) -> Probe[Receipt]:
    client = ctx.require_lookup_client()
    if row.kind == "external":
        merchant_uid = row.merchant_uid or ""
        return probe(lambda: client.get_external_receipt(merchant_uid))
    imp_uid = row.imp_uid or ""
    return probe(lambda: client.get_receipt(imp_uid))


def receipt_is_this_ones(
    ctx: ServiceContext, receipt: Receipt, row: ReceiptRow, portone_at: float | None
) -> bool:
    """A receipt read back counts for an issue only if it was applied at or after this intent, and is not
    the earlier receipt this one re-issues (same approval number or receipt tid)."""
    if row.replaces:
        earlier = ctx.journal.receipt_for(row.replaces)
        if earlier is not None and (
            (receipt.apply_num and receipt.apply_num == earlier.apply_num)
            or (receipt.receipt_tid and receipt.receipt_tid == earlier.receipt_tid)
        ):
            return False
    applied = receipt.applied_at
    return not (portone_at is not None and applied and applied < portone_at - RECORD_SLACK_S)


class ReceiptIssueRule:
    kind: OperationKind = "receipt_issue"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        row = ctx.journal.receipt_for(op.ref)
        key = (row.merchant_uid or row.imp_uid) if row is not None else op.sale_ref
        return f"receipt:{key}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        row = ctx.journal.receipt_for(op.ref)
        if row is None or row.receipt_id != op.ref:
            row = _receipt_by_id(ctx, op)
        if row is None:
            return _unchanged(op)
        found = read_receipt(ctx, row)
        if (
            found.state == "found"
            and found.value is not None
            and receipt_is_this_ones(ctx, found.value, row, op.portone_at)
        ):
            receipt = found.value
            if op.state is Outcome.APPROVED:
                return _unchanged(op)
            ctx.journal.record_receipt_result(
                op.ref, Outcome.APPROVED, facts=receipt_facts(receipt), message=None, decided_by="record"
            )
            if receipt.cancelled_at:
                ctx.journal.record_receipt_cancelled(op.ref, receipt_facts(receipt))
            made = _announce(
                "made", op, texts.RECEIPT_MADE, urgent=not op.is_open, apply_num=receipt.apply_num or "-"
            )
            return Look(True, Outcome.APPROVED, announcements=(made,))
        if not op.is_open:
            return _unchanged(op)
        if found.state in ("absent", "found"):
            return _unless_window_passed(
                ctx, op, elapsed,
                lambda: ctx.journal.record_receipt_result(
                    op.ref, Outcome.NOT_CHARGED, facts=None, message=found.message, decided_by="window"
                ),
                texts.RECEIPT_NOT_MADE,
                found.message,
            )  # fmt: skip
        return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message)


def _receipt_by_id(ctx: ServiceContext, op: OperationRow) -> ReceiptRow | None:
    for candidate in ctx.journal.receipts_of(op.sale_ref or op.ref):
        if candidate.receipt_id == op.ref:
            return candidate
    return None


class ReceiptCancelRule:
    kind: OperationKind = "receipt_cancel"

    def guard(self, ctx: ServiceContext, op: OperationRow) -> str:
        row = _receipt_for_cancel(ctx, op)
        key = (row.merchant_uid or row.imp_uid) if row is not None else op.sale_ref
        return f"receipt:{key}"

    def look(self, ctx: ServiceContext, op: OperationRow, elapsed: float) -> Look:
        row = _receipt_for_cancel(ctx, op)
        if row is None:
            return _unchanged(op)
        found = read_receipt(ctx, row)
        if found.state == "found" and found.value is not None:
            receipt = found.value
            same = not row.apply_num or not receipt.apply_num or receipt.apply_num == row.apply_num
            if receipt.cancelled_at and same:
                if op.state is Outcome.APPROVED:
                    return _unchanged(op)
                ctx.journal.record_receipt_cancel_result(
                    op.op_id,
                    Outcome.APPROVED,
                    facts=receipt_facts(receipt),
                    message=None,
                    decided_by="record",
                )
                return Look(
                    True,
                    Outcome.APPROVED,
                    announcements=(_announce("made", op, texts.RECEIPT_CANCEL_MADE, urgent=False),),
                )
            if not op.is_open:
                return _unchanged(op)
            return _unless_window_passed(
                ctx, op, elapsed,
                lambda: ctx.journal.record_receipt_cancel_result(
                    op.op_id, Outcome.NOT_CHARGED, facts=None, message=texts.RECEIPT_STILL_VALID,
                    decided_by="window",
                ),
                texts.RECEIPT_CANCEL_NOT_MADE,
            )  # fmt: skip
        if found.state == "absent":
            if op.state is Outcome.APPROVED:
                return _unchanged(op)
            # no such receipt at PortOne: nothing is valid at the tax office under it any more
            ctx.journal.record_receipt_cancel_result(
                op.op_id, Outcome.APPROVED, facts=None, message=texts.RECEIPT_GONE, decided_by="record"
            )
            return Look(True, Outcome.APPROVED)
        if not op.is_open:
            return _unchanged(op)
        return _still_open(op, texts.DOING_LOOKUP_FAILED, found.message)


def _receipt_for_cancel(ctx: ServiceContext, op: OperationRow) -> ReceiptRow | None:
    for candidate in ctx.journal.receipts_of(op.sale_ref or op.ref):
        if candidate.receipt_id == op.ref:
            return candidate
    row = ctx.journal.receipt_for(op.ref)
    return row if row is not None and row.receipt_id == op.ref else None


RULES: dict[OperationKind, Rule] = {
    rule.kind: rule
    for rule in (
        SaleRule(),
        CancelRule(),
        BillingKeyIssueRule(),
        BillingKeyDeleteRule(),
        ReceiptIssueRule(),
        ReceiptCancelRule(),
    )
}


# recurring plans' payment operations (schedule_rules); imported here, after the names it uses exist
from pos_app.services.settlement.schedule_rules import SCHEDULE_RULES  # noqa: E402

RULES.update(SCHEDULE_RULES)
