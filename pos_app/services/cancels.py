"""Cancel (refund) a sale, fully or partly, with the write-ahead rule and KSNET's limits checked first.

What KSNET would refuse is refused here before any request: more than the balance, more than 9
partial cancels, older than 6 months (``domain.ksnet.check_cancel``, which raises ``FieldError`` on the
"amount" field), and a tax-free share larger than what remains tax-free. A sale with a cancel still
non-final cannot be cancelled again until that one is resolved.

Every cancel sends ``checksum`` = the balance we believe PortOne holds (paid − cancelled). If another
refund happened meanwhile (another counter, the console), PortOne refuses ours instead of refunding
twice; the payment is then read again, its refunds become cancel rows (PortOne's record wins), and the
cashier is shown the real balance before anything else is sent. A cancel whose reply was lost is settled
by the settlement engine from the payment's ``cancel_history``: a refund there that is ours → done; none
for the whole not-charged window → not done (and the cashier is told the customer was not refunded).
``refresh_sale`` reads a payment again and brings the journal to PortOne's record (refunds included).

Outcomes recorded for the cancel row: CANCELLED / PARTIALLY_CANCELLED (the refund went through; which
one is what it left the payment as), DECLINED (PortOne refused), UNKNOWN, NOT_CHARGED (never sent, or
proven not done). The journal moves the sale's totals and state from the payment facts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pos_app.domain import check_cancel
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.free_text import parse_cancel_reason
from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.records import CancelIntent, CancelRow, DecidedBy, SaleRow
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import CancelRequest, Payment
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import payment_facts
from pos_app.services.resolution import probe
from pos_app.services.results import CancelOutcome
from pos_app.services.settlement.calls import send_and_settle
from pos_app.services.settlement.refusals import Verdict, verdict_of
from pos_app.services.settlement.rules import refunds_elsewhere

log = logging.getLogger(__name__)

_CANCELLABLE = frozenset({Outcome.APPROVED, Outcome.PARTIALLY_CANCELLED, Outcome.MISMATCH})
_DONE = frozenset({Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED})

MSG_TAX_FREE_SHARE = QT_TRANSLATE_NOOP(
    "FieldError", "취소할 면세 금액은 0원 이상, 취소 금액과 남은 면세 금액({remaining:,}원) 이하여야 합니다."
)
MSG_TAXABLE_SHARE = QT_TRANSLATE_NOOP(
    "FieldError", "취소할 과세 금액이 남은 과세 금액({remaining:,}원)보다 큽니다. 면세 금액을 확인하세요."
)
BALANCE_CHANGED_TEXT = QT_TRANSLATE_NOOP(
    "ServiceError",
    "PortOne의 취소 가능 잔액이 이 계산대의 기록과 달라 환불하지 않았습니다. 다른 곳에서 환불된 것을 기록에 "
    "반영했습니다. 지금 남은 금액: {remaining:,}원. 확인한 뒤 다시 취소하세요.",
)


def cancel(
    ctx: ServiceContext, merchant_uid: str, amount: int | None, reason: str, tax_free: int | None = None
) -> CancelOutcome:
    client = ctx.require_client()
    with ctx.in_flight.claim(f"sale:{merchant_uid}"):
        sale = ctx.journal.sale(merchant_uid)
        if sale is None:
            raise ServiceError(
                "not_found",
                QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 주문번호입니다: {merchant_uid}"),
                params={"merchant_uid": merchant_uid},
            )
        if sale.outcome not in _CANCELLABLE or not sale.imp_uid:
            raise ServiceError(
                "not_allowed",
                QT_TRANSLATE_NOOP("ServiceError", "취소할 수 있는 결제가 아닙니다 (상태: {outcome})."),
                params={"outcome": sale.outcome.value},
            )
        previous = ctx.journal.cancels_of(merchant_uid)
        if any(not row.outcome.is_final for row in previous):
            raise _cancel_in_progress()
        # the reason goes to PortOne and the journal: cleaned, and never a card number in any form
        reason = parse_cancel_reason(reason)
        balance = sale.paid_amount - sale.cancel_amount
        paid_at = datetime.fromtimestamp(sale.paid_at or sale.created_at, tz=UTC)
        to_cancel = check_cancel(
            sale.paid_amount,
            sale.cancel_amount,
            amount,
            sale.partial_cancel_count,
            paid_at,
            datetime.fromtimestamp(ctx.clock(), tz=UTC),
        )
        tax_free_share = _tax_free_share(sale, previous, to_cancel, balance, tax_free)
        cancel_id = f"{merchant_uid}-c{len(previous) + 1}"
        intent = CancelIntent(
            cancel_id=cancel_id,
            merchant_uid=merchant_uid,
            imp_uid=sale.imp_uid,
            amount=to_cancel,
            tax_free=tax_free_share,
            checksum=balance,
            reason=reason,
            portone_at=ctx.portone_time_for_intent(),
        )
        request = CancelRequest(
            imp_uid=sale.imp_uid,
            merchant_uid=None,
            amount=to_cancel,
            tax_free=tax_free_share,
            checksum=balance,
            reason=reason,
        )
        try:
            ctx.journal.record_cancel_intent(intent)  # committed before the request
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc
        except IntentRefused as exc:
            raise _cancel_in_progress() from exc
        log.info("cancel %s: intent recorded (%d of %d won)", cancel_id, to_cancel, balance)
        before = {row.cancel_id for row in ctx.journal.cancels_of(merchant_uid)}
        problems: list[str] = []
        balance_changed: list[Payment] = []
        imp_uid = sale.imp_uid

        def record(outcome: Outcome, payment: Payment | None, message: str | None, by: DecidedBy) -> None:
            if outcome is Outcome.DECLINED and verdict_of("cancel", message) is Verdict.BALANCE_CHANGED:
                # PortOne's balance is not ours: read the payment, so the journal follows PortOne's record
                reread = probe(lambda: client.get_payment(imp_uid))
                if reread.value is not None:
                    payment = reread.value
                    balance_changed.append(payment)
            facts = payment_facts(payment) if payment is not None else None
            problem = record_after_the_call(
                f"cancel {cancel_id}",
                outcome,
                lambda: ctx.journal.record_cancel_result(
                    cancel_id, outcome, payment=facts, message=message, decided_by=by
                ),
            )
            if problem:
                problems.append(problem)

        outcome, _payment, message = send_and_settle(
            ctx, cancel_id, "cancel", lambda: client.cancel_payment(request), _done, record
        )
        op = ctx.journal.operation(cancel_id)
        if op is not None:
            ctx.settler.announce(refunds_elsewhere(ctx, op, merchant_uid, before))
        cancel_row = next((r for r in ctx.journal.cancels_of(merchant_uid) if r.cancel_id == cancel_id), None)
        sale_now = ctx.journal.sale(merchant_uid)
        final = cancel_row.outcome if cancel_row is not None else outcome
        if balance_changed and sale_now is not None:
            message = BALANCE_CHANGED_TEXT.format(remaining=sale_now.remaining)
        return CancelOutcome(
            final,
            cancel_id,
            merchant_uid,
            to_cancel,
            sale_now,
            cancel_row,
            message,
            problems[0] if problems else None,
        )


def refresh_sale(ctx: ServiceContext, merchant_uid: str) -> SaleRow:
    """Read the payment at PortOne again and bring the journal to its record (status, refunds)."""
    client = ctx.require_lookup_client()
    with ctx.in_flight.claim(f"sale:{merchant_uid}"):
        sale = ctx.journal.sale(merchant_uid)
        if sale is None:
            raise ServiceError(
                "not_found",
                QT_TRANSLATE_NOOP("ServiceError", "거래 기록에 없는 주문번호입니다: {merchant_uid}"),
                params={"merchant_uid": merchant_uid},
            )
        if not sale.imp_uid or not sale.outcome.is_final:
            return sale  # nothing at PortOne to read by imp_uid, or the settlement engine holds it
        imp_uid = sale.imp_uid
        try:
            payment = client.get_payment(imp_uid)
        except (NotFound, NotSent, OutcomeUnknown, ApiError) as exc:
            raise ServiceError(
                "unresolved",
                QT_TRANSLATE_NOOP("ServiceError", "PortOne에서 결제를 읽지 못했습니다: {detail}"),
                params={"detail": str(exc)},
            ) from exc
        before = {row.cancel_id for row in ctx.journal.cancels_of(merchant_uid)}
        outcome = classify_payment(payment.status, payment.amount, payment.cancel_amount, sale.amount)
        if ctx.settings.live and payment.sandbox:
            outcome = Outcome.TEST_PAYMENT
        if (outcome.is_final and outcome is not sale.outcome) or payment.cancel_amount != sale.cancel_amount:
            try:
                ctx.journal.record_sale_result(
                    merchant_uid, outcome, payment=payment_facts(payment), message=None, decided_by="record"
                )
            except JournalUnavailable as exc:
                raise journal_write_failed(exc) from exc
            op = ctx.journal.operation(merchant_uid)
            if op is not None:
                ctx.settler.announce(refunds_elsewhere(ctx, op, merchant_uid, before))
        refreshed = ctx.journal.sale(merchant_uid)
        assert refreshed is not None
        return refreshed


def _tax_free_share(
    sale: SaleRow, previous: list[CancelRow], to_cancel: int, balance: int, requested: int | None
) -> int:
    """The tax-free part of this cancel (KSNET mixed taxation wants it exact).

    Not given: the sale's remaining tax-free part in proportion to the amount cancelled, kept within what
    is left of each part, so a cashier's partial refund of a mixed or fully tax-free sale carries the
    right VAT without the cashier working it out.
    """
    cancelled_tax_free = sum(row.tax_free for row in previous if row.outcome in _DONE)
    remaining_tax_free = max(sale.tax_free - cancelled_tax_free, 0)
    if to_cancel == balance:
        return remaining_tax_free  # a cancel of everything left takes the whole tax-free rest
    if requested is None:
        proportional = (to_cancel * remaining_tax_free * 2 + balance) // (2 * balance)  # rounded half up
        remaining_taxable = balance - remaining_tax_free
        return min(max(proportional, to_cancel - remaining_taxable), to_cancel, remaining_tax_free)
    if not 0 <= requested <= min(to_cancel, remaining_tax_free):
        raise FieldError("tax_free", MSG_TAX_FREE_SHARE, remaining=remaining_tax_free)
    remaining_taxable = balance - remaining_tax_free
    if to_cancel - requested > remaining_taxable:
        raise FieldError("tax_free", MSG_TAXABLE_SHARE, remaining=remaining_taxable)
    return requested


def _done(payment: Payment) -> Outcome:
    """The outcome a cancel that went through is recorded with: what it left the sale as."""
    if payment.amount > 0 and payment.cancel_amount >= payment.amount:
        return Outcome.CANCELLED
    return Outcome.PARTIALLY_CANCELLED


def _cancel_in_progress() -> ServiceError:
    return ServiceError(
        "in_progress",
        QT_TRANSLATE_NOOP(
            "ServiceError", "결과를 확인 중인 취소가 있습니다. 먼저 결과 확인(재조회)을 하세요."
        ),
    )
