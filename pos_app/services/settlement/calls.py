"""Sending one state-changing call whose intent is committed, and handing a lost answer to the settler.

Used by every use case except the charges (which classify a Payment with its own rules): card
registration and deletion, refunds, cash receipts and their cancels. The order is always the same:
the caller has committed the intent; the settler adopts the operation; the call is sent once (again only
when nothing left this computer); a refusal is read through the refusal table; a final answer is
recorded and the operation released; anything else is recorded as UNKNOWN and settled in the call, then
in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome
from pos_app.journal.records import DecidedBy, OperationKind
from pos_app.portone.errors import ApiError, ConfigurationError, NotSent, OutcomeUnknown
from pos_app.services.context import ServiceContext
from pos_app.services.errors import ServiceError
from pos_app.services.settlement.refusals import Verdict, verdict_of

T = TypeVar("T")
log = logging.getLogger(__name__)


def send_once(call: Callable[[], T], done: Callable[[T], Outcome]) -> tuple[Outcome, T | None, str | None]:
    """Send once; NOT_CHARGED = nothing left, UNKNOWN = may have happened, DECLINED = PortOne refused."""
    try:
        value = call()
    except ConfigurationError:
        raise
    except NotSent as exc:
        return Outcome.NOT_CHARGED, None, str(exc)
    except OutcomeUnknown as exc:
        return Outcome.UNKNOWN, None, str(exc)
    except ApiError as exc:
        return Outcome.DECLINED, None, exc.message
    return done(value), value, None


def send_and_settle(
    ctx: ServiceContext,
    op_id: str,
    kind: OperationKind,
    call: Callable[[], T],
    done: Callable[[Any], Outcome],  # PortOne's object → outcome
    record: Callable[[Outcome, Any, str | None, DecidedBy], None],  # (outcome, T | None, message, how)
) -> tuple[Outcome, T | None, str | None]:
    """Send the committed operation ``op_id`` and bring it to a final state if PortOne can tell now.

    Returns the outcome (UNKNOWN when the settler still holds it), PortOne's object when the call
    answered with one, and the message.
    """
    ctx.settler.adopt(op_id)
    try:
        outcome, value, message = send_once(call, done)
    except ConfigurationError as exc:
        # nothing was sent (the client refused before the request): close it, and say what to set up
        record(Outcome.NOT_CHARGED, None, str(exc), "reply")
        ctx.settler.release(op_id)
        raise ServiceError(
            "not_allowed",
            QT_TRANSLATE_NOOP(
                "ServiceError",
                "PortOne 채널 키가 설정되어 있지 않아 보내지 않았습니다. 설정에서 KSNET 채널을 고르세요.",
            ),
            field=exc.setting,
        ) from exc
    if outcome is Outcome.NOT_CHARGED:
        if ctx.settings.reconcile_poll_delays:
            ctx.pause(ctx.settings.reconcile_poll_delays[0])  # a refused connection may be a blip
        outcome, value, message = send_once(call, done)
    if outcome is Outcome.DECLINED and verdict_of(kind, message) is Verdict.LOOK_UP_FIRST:
        outcome = Outcome.UNKNOWN  # e.g. the PG timed out: the record decides
    log.info("%s %s: %s (%s)", kind, op_id, outcome.value, message)
    if outcome is not Outcome.UNKNOWN:
        record(outcome, value, message, "reply")
        ctx.settler.release(op_id)
        return outcome, value, message
    record(Outcome.UNKNOWN, None, message, "reply")
    row = ctx.settler.settle_in_call(op_id)
    if row is None:
        return Outcome.UNKNOWN, None, message
    return row.state, None, row.message or message
