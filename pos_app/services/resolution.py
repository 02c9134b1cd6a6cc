"""Reading PortOne's records after a lost answer: one lookup, and what a set of payment records means.

``probe`` runs one lookup and says found / absent / error (an error says nothing about the record);
``look_up_sale`` reads every payment with one merchant_uid (``findAll`` — a resend may have created a
second record); ``settle_payments`` decides what such a list means for the sale. The settlement engine
(``services.settlement``) decides when to look and what "absent" means after how long.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import Payment
from pos_app.services.context import ServiceContext

T = TypeVar("T")
R = TypeVar("R")

Settled = tuple[Outcome, T | None, str | None]
"""What one call came to: the outcome, PortOne's record when it returned one, and a message."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Probe(Generic[T]):
    """One lookup: found a record, PortOne said it does not exist, or the lookup itself failed."""

    state: Literal["found", "absent", "error"]
    value: T | None = None
    message: str | None = None


def probe(lookup: Callable[[], T]) -> Probe[T]:
    try:
        return Probe("found", lookup())
    except NotFound as exc:
        return Probe("absent", message=exc.message)
    except (NotSent, OutcomeUnknown, ApiError) as exc:
        # ApiError other than 404 (401 after refresh, 400) says nothing about the payment itself
        return Probe("error", message=str(exc))


def poll(
    attempt: Callable[[], R | None], delays: Sequence[float], pause: Callable[[float], bool]
) -> R | None:
    """Call ``attempt`` now and after each delay until it returns a final answer (not None).

    ``pause`` returns False when the app is stopping: the row then stays open for the next start.
    """
    answer = attempt()
    for delay in delays:
        if answer is not None or not pause(delay):
            return answer
        answer = attempt()
    return answer


@dataclass(frozen=True)
class SaleResolution:
    outcome: Outcome
    payment: Payment | None
    message: str | None


def settle_payments(payments: Sequence[Payment], intended_amount: int) -> SaleResolution | None:
    """What a list of payment records with one merchant_uid means for the sale; None = not final yet."""
    charged = [p for p in payments if p.status in ("paid", "cancelled")]
    if len(charged) > 1:
        # two charges under one merchant_uid must never be shown as success: the owner cancels one
        latest = max(charged, key=lambda p: p.paid_at or 0)
        return SaleResolution(
            Outcome.MISMATCH,
            latest,
            QT_TRANSLATE_NOOP(
                "ServiceError", "같은 주문번호로 결제가 두 번 승인되었습니다. 하나를 취소하세요."
            ),
        )
    if charged:
        payment = charged[0]
        outcome = classify_payment(payment.status, payment.amount, payment.cancel_amount, intended_amount)
        return SaleResolution(outcome, payment, payment.fail_reason)
    if any(p.status == "ready" for p in payments):
        return None
    failed = [p for p in payments if p.status == "failed"]
    if failed:
        latest = max(failed, key=lambda p: p.failed_at or 0)
        return SaleResolution(Outcome.DECLINED, latest, latest.fail_reason)
    return None


def look_up_sale(ctx: ServiceContext, merchant_uid: str) -> Probe[list[Payment]]:
    client = ctx.require_lookup_client()
    found = probe(lambda: client.find_all_payments(merchant_uid))
    if found.state == "found" and not found.value:
        return Probe("absent")
    return found
