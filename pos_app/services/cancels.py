"""Cancel (refund) a sale, fully or partly, with the write-ahead rule and KSNET's limits checked first.

What KSNET would refuse is refused here before any request: more than the balance, more than 9
partial cancels, older than 6 months (``domain.ksnet.check_cancel``, which raises ``FieldError`` on the
"amount" field), and a tax-free share larger than what remains tax-free. A sale with a cancel still
non-final cannot be cancelled again until that one is resolved.

Every cancel sends ``checksum`` = the balance we believe PortOne holds (paid − cancelled). If another
refund happened meanwhile (another counter, the console), PortOne refuses ours instead of refunding
twice. A cancel whose reply was lost is resolved by re-reading the payment: the balance went down by
our amount → done; the balance is still what we believed for ``not_charged_after_s`` → not done.

Outcomes recorded for the cancel row: CANCELLED / PARTIALLY_CANCELLED (the refund went through; which
one is what it left the payment as), DECLINED (PortOne refused), UNKNOWN, NOT_CHARGED (never sent, or
proven not done). The journal moves the sale's totals and state from the payment facts.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pos_app.domain import check_cancel
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, JournalUnavailable
from pos_app.journal.records import CancelIntent, CancelRow, SaleRow
from pos_app.portone.models import CancelRequest, Payment
from pos_app.services.context import ServiceContext, journal_write_failed, record_after_the_call
from pos_app.services.errors import ServiceError
from pos_app.services.facts import payment_facts
from pos_app.services.resolution import probe, send_and_resolve, send_once
from pos_app.services.results import CancelOutcome

log = logging.getLogger(__name__)

_CANCELLABLE = frozenset({Outcome.APPROVED, Outcome.PARTIALLY_CANCELLED, Outcome.MISMATCH})
_DONE = frozenset({Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED})

MSG_TAX_FREE_SHARE = QT_TRANSLATE_NOOP(
    "FieldError", "취소할 면세 금액은 0원 이상, 취소 금액과 남은 면세 금액({remaining:,}원) 이하여야 합니다."
)
MSG_TAXABLE_SHARE = QT_TRANSLATE_NOOP(
    "FieldError", "취소할 과세 금액이 남은 과세 금액({remaining:,}원)보다 큽니다. 면세 금액을 확인하세요."
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
        if not reason.strip():
            raise FieldError("reason", QT_TRANSLATE_NOOP("FieldError", "취소 사유를 입력하세요."))
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
            reason=reason.strip(),
        )
        request = CancelRequest(
            imp_uid=sale.imp_uid,
            merchant_uid=None,
            amount=to_cancel,
            tax_free=tax_free_share,
            checksum=balance,
            reason=reason.strip(),
        )
        try:
            ctx.journal.record_cancel_intent(intent)  # committed before the request
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc
        except IntentRefused as exc:
            raise _cancel_in_progress() from exc
        log.info("cancel %s: intent recorded (%d of %d won)", cancel_id, to_cancel, balance)

        outcome, payment, message = send_and_resolve(
            ctx,
            f"cancel {cancel_id}",
            lambda: send_once(lambda: client.cancel_payment(request), _done),
            lambda message: _record(ctx, intent, Outcome.UNKNOWN, None, message),
            lambda sent_at: resolve_cancel_once(ctx, intent, sent_at),
        )
        return _record(ctx, intent, outcome, payment, message)


def resolve_cancel_once(
    ctx: ServiceContext, intent: CancelIntent | CancelRow, last_sent_at: float
) -> tuple[Outcome, Payment | None, str | None] | None:
    """Re-read the payment's cancel_amount; None while it cannot be told whether our cancel happened."""
    client = ctx.require_lookup_client()
    if not intent.imp_uid:
        found = probe(lambda: client.find_payment(intent.merchant_uid))
    else:
        imp_uid = intent.imp_uid
        found = probe(lambda: client.get_payment(imp_uid))
    if found.state != "found" or found.value is None or intent.checksum is None:
        return None
    payment = found.value
    balance_now = payment.amount - payment.cancel_amount
    if balance_now <= intent.checksum - intent.amount:
        return _done(payment), payment, None
    if balance_now == intent.checksum:
        if ctx.clock() - last_sent_at >= ctx.settings.not_charged_after_s:
            return (
                Outcome.NOT_CHARGED,
                payment,
                QT_TRANSLATE_NOOP(
                    "ServiceError", "PortOne의 취소 가능 잔액이 그대로입니다. 취소되지 않았습니다."
                ),
            )
        return None
    # the balance moved, but not by our amount: someone else refunded; the owner must look
    return None


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


def record_cancel(
    ctx: ServiceContext,
    cancel_id: str,
    merchant_uid: str,
    outcome: Outcome,
    payment: Payment | None,
    message: str | None,
) -> None:
    """Record a cancel result found by reconciliation."""
    facts = payment_facts(payment) if payment is not None else None
    ctx.journal.record_cancel_result(cancel_id, outcome, payment=facts, message=message)


def _record(
    ctx: ServiceContext, intent: CancelIntent, outcome: Outcome, payment: Payment | None, message: str | None
) -> CancelOutcome:
    problem = record_after_the_call(
        f"cancel {intent.cancel_id}",
        outcome,
        lambda: record_cancel(ctx, intent.cancel_id, intent.merchant_uid, outcome, payment, message),
    )
    cancel_row = next(
        (row for row in ctx.journal.cancels_of(intent.merchant_uid) if row.cancel_id == intent.cancel_id),
        None,
    )
    return CancelOutcome(
        outcome,
        intent.cancel_id,
        intent.merchant_uid,
        intent.amount,
        ctx.journal.sale(intent.merchant_uid),
        cancel_row,
        message,
        problem,
    )


def _cancel_in_progress() -> ServiceError:
    return ServiceError(
        "in_progress",
        QT_TRANSLATE_NOOP(
            "ServiceError", "결과를 확인 중인 취소가 있습니다. 먼저 결과 확인(재조회)을 하세요."
        ),
    )
