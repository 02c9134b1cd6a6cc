"""Refusals meant for the cashier or the owner: the one exception type the services raise on purpose.

A ``ServiceError`` is never a bug: the window shows ``str(error)`` — or better, translates ``message``
in the ``"ServiceError"`` context and fills ``params`` — and goes on. ``reason`` is a stable code the
window (and tests) can branch on without parsing Korean text. Validation problems of a single value
keep arriving as ``domain.errors.FieldError`` (e.g. a cancel above the balance), because they name a
form field and are already translated in the ``"FieldError"`` context.

The messages never contain card number, expiry, birth or PIN digits: only amounts, merchant_uids,
masked hints and the journal's own problem texts are put into ``params``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pos_app.domain.errors import QT_TRANSLATE_NOOP

ServiceErrorReason = Literal[
    "offline",  # no PortOne client (no credentials or demo not started): money calls are never queued
    "journal",  # the journal refuses writes: no intent row, no request
    "in_progress",  # an attempt of the same sale / cancel / receipt is not final yet
    "not_found",  # the merchant_uid / customer / receipt is not in the journal
    "not_allowed",  # the row is in a state that does not allow the action (cancel a declined sale …)
    "ksnet_limit",  # KSNET would refuse it (partial cancel count, 6 months, receipt method …)
    "duplicate_receipt",  # a cash receipt already exists for this sale
    "needs_card",  # a manual resend of a key-in charge needs the card details typed again
    "portone",  # PortOne answered with a definite refusal for a non-money call (billing-key delete …)
    "unresolved",  # the result could not be confirmed; reconcile later
    "access",  # who is signed in may not do this (services.permissions.AccessRefused says why)
]


class ServiceError(Exception):
    """A user-meant refusal: ``message`` is Korean source text marked for translation."""

    def __init__(
        self,
        reason: ServiceErrorReason,
        message: str,
        *,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.reason: ServiceErrorReason = reason
        self.message = message
        self.field = field
        self.params: dict[str, object] = dict(params or {})
        super().__init__(self.__str__())

    def __str__(self) -> str:
        try:
            return self.message.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.message

    def __repr__(self) -> str:
        return f"ServiceError({self.reason!r}, {self.__str__()!r})"


def offline_error() -> ServiceError:
    return ServiceError(
        "offline",
        QT_TRANSLATE_NOOP(
            "ServiceError",
            "PortOne에 연결되어 있지 않습니다 (API 키가 없거나 오프라인). 결제는 대기열에 넣지 않으니 "
            "연결 후 다시 시도하세요.",
        ),
    )


def journal_error(problems: tuple[str, ...] | list[str]) -> ServiceError:
    return ServiceError(
        "journal",
        QT_TRANSLATE_NOOP(
            "ServiceError",
            "거래 기록(저널)에 쓸 수 없어 결제를 막았습니다: {problems}",
        ),
        params={"problems": "; ".join(problems) if problems else "?"},
    )
