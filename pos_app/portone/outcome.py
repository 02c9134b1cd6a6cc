"""What a charge call (``pay_onetime`` / ``pay_again``) meant for the sale: DESIGN.md charge path, step 5.

``charge_outcome`` runs the call once and never raises a ``PortOneError``:

* ``Payment`` returned → ``domain.outcomes.classify_payment`` (paid same amount → APPROVED, paid another
  amount → MISMATCH, failed → DECLINED with ``fail_reason``, ready/unknown status → UNKNOWN).
* ``NotSent`` → NOT_CHARGED: nothing reached PortOne.
* ``Unauthorized`` → NOT_CHARGED, deliberately not DECLINED: PortOne refuses a 401 before processing
  anything, and DECLINED would tell the cashier the card was refused when the shop's API keys were.
* ``OutcomeUnknown`` (timeouts, resets, 5xx, unreadable bodies) → UNKNOWN: reconcile by lookup.
* any other ``ApiError`` (``code != 0`` with a message, 4xx envelope) → DECLINED with PortOne's message.
  ``pg_timeout`` is set when that refusal was KSNET's PG timeout (``[9981]``): the card company may
  still approve the charge later (late approval), so the settler should keep the operation open until
  PortOne's record says what happened; the classification itself stays the charge path's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.portone.errors import ApiError, NotSent, OutcomeUnknown, Unauthorized
from pos_app.portone.models import Payment


@dataclass(frozen=True)
class ChargeResult:
    outcome: Outcome  # APPROVED, DECLINED, MISMATCH, UNKNOWN or NOT_CHARGED
    payment: Payment | None
    message: str | None  # fail_reason / PortOne's message / transport description
    http_status: int | None = None
    code: int | None = None
    pg_timeout: bool = False  # DECLINED by a PG timeout: PortOne's record may still turn paid


def charge_outcome(call: Callable[[], Payment], intended_amount: int) -> ChargeResult:
    try:
        payment = call()
    except NotSent as exc:
        return ChargeResult(Outcome.NOT_CHARGED, None, str(exc))
    except Unauthorized as exc:
        return ChargeResult(Outcome.NOT_CHARGED, None, exc.message, exc.http_status, exc.code)
    except OutcomeUnknown as exc:
        return ChargeResult(Outcome.UNKNOWN, None, str(exc), exc.http_status)
    except ApiError as exc:
        return ChargeResult(Outcome.DECLINED, None, exc.message, exc.http_status, exc.code, exc.is_pg_timeout)
    outcome = classify_payment(payment.status, payment.amount, payment.cancel_amount, intended_amount)
    if outcome is Outcome.DECLINED:
        message = payment.fail_reason or "결제가 승인되지 않았습니다"
    elif outcome is Outcome.MISMATCH:
        message = f"요청 금액 {intended_amount}원과 다른 {payment.amount}원이 결제되었습니다"
    elif outcome is Outcome.UNKNOWN:
        message = f"결제 상태가 확정되지 않았습니다 (status: {payment.status})"
    else:
        message = None
    return ChargeResult(outcome, payment, message, 200, 0)
