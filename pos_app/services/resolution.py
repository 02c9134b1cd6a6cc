"""Resolving a result that was lost on the way back: look it up, wait, look again.

A money call that timed out, was reset, got a 5xx or an unreadable body may still have happened at
PortOne (API-NOTES §10.3). The only safe way forward is to read PortOne's records: for sales
``findAll/{merchant_uid}`` (every payment with that id — a manual resend may have created a second
record), for cancels the payment's ``cancel_amount``, for billing keys and receipts their own lookup.

"Absent" (404) is not a final answer while the request may still be in flight at the PG: only after
``not_charged_after_s`` seconds since the last send is an absent payment declared NOT_CHARGED.
Polling uses the injected ``sleep`` with ``settings.reconcile_poll_delays``, so tests run it with a
no-op sleep and a fake clock.
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


def send_once(call: Callable[[], T], done: Callable[[T], Outcome]) -> Settled[T]:
    """Send a state-changing call once and say what happened; ``done`` reads a returned record."""
    try:
        value = call()
    except NotSent as exc:
        return Outcome.NOT_CHARGED, None, str(exc)
    except OutcomeUnknown as exc:
        return Outcome.UNKNOWN, None, str(exc)
    except ApiError as exc:
        return Outcome.DECLINED, None, exc.message
    return done(value), value, None


def send_and_resolve(
    ctx: ServiceContext,
    label: str,
    send: Callable[[], Settled[T]],
    record_unknown: Callable[[str | None], object],
    resolve_once: Callable[[float], Settled[T] | None],
) -> Settled[T]:
    """Send; re-send once when it surely never went out; read PortOne back when the answer was lost.

    An UNKNOWN is recorded (``record_unknown``) before polling, so a crash while polling leaves a row
    the start-up reconciler finds. ``resolve_once`` gets the time of the last send (``not_charged_after_s``
    counts from it) and returns None while PortOne cannot tell yet; if polling runs out, UNKNOWN stands.
    """
    sent_at = ctx.clock()
    outcome, value, message = send()
    if outcome is Outcome.NOT_CHARGED:
        sent_at = ctx.clock()
        outcome, value, message = send()
    log.info("%s: %s (%s)", label, outcome.value, message)
    if outcome is Outcome.UNKNOWN:
        record_unknown(message)
        resolved = poll(lambda: resolve_once(sent_at), ctx.settings.reconcile_poll_delays, ctx.pause)
        if resolved is not None:
            return resolved
    return outcome, value, message


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


def inspect_sale(
    ctx: ServiceContext, merchant_uid: str, intended_amount: int
) -> SaleResolution | Literal["absent", "pending"]:
    """One lookup: a final answer, "absent" (PortOne has no such payment yet) or "pending" (can't tell)."""
    found = look_up_sale(ctx, merchant_uid)
    if found.state == "absent":
        return "absent"
    if found.state == "found" and found.value is not None:
        settled = settle_payments(found.value, intended_amount)
        if settled is not None:
            return settled
    return "pending"


def resolve_sale_once(
    ctx: ServiceContext, merchant_uid: str, intended_amount: int, last_sent_at: float
) -> SaleResolution | None:
    """One lookup of an unresolved sale; None while PortOne cannot tell yet."""
    state = inspect_sale(ctx, merchant_uid, intended_amount)
    if isinstance(state, SaleResolution):
        return state
    if state == "absent" and ctx.clock() - last_sent_at >= ctx.settings.not_charged_after_s:
        return SaleResolution(
            Outcome.NOT_CHARGED,
            None,
            QT_TRANSLATE_NOOP("ServiceError", "PortOne에 결제 기록이 없습니다. 청구되지 않았습니다."),
        )
    return None


def resolve_sale(
    ctx: ServiceContext, merchant_uid: str, intended_amount: int, last_sent_at: float
) -> SaleResolution | None:
    """Poll with backoff until the sale is final or the delays run out (None: still unknown)."""
    return poll(
        lambda: resolve_sale_once(ctx, merchant_uid, intended_amount, last_sent_at),
        ctx.settings.reconcile_poll_delays,
        ctx.pause,
    )
