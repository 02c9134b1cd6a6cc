"""KSNET's rules as PortOne V1 relays them: installments, partial-cancel count and the cancel window.

* 할부 (``card_quota``): 0 is a lump sum; 2..:data:`MAX_QUOTA` months only when the amount is at least
  :data:`QUOTA_MIN_AMOUNT`. 1 is refused: PortOne does not document what it means (API-NOTES §13).
* Cancels: at most :data:`MAX_PARTIAL_CANCELS` partial cancels per payment, only within 6 months of the
  payment. We count 6 months as :data:`CANCEL_WINDOW_DAYS` = 180 days, shorter than any 6 calendar
  months, so we never send a cancel the PG will refuse at the edge. Every cancel that does not refund
  the whole original amount in one go counts as a partial cancel, including the last one that refunds
  the remaining balance after earlier partial cancels (conservative reading of the KSNET rule).

All cancel errors are reported on the cancel form's ``amount`` field.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError

MAX_PARTIAL_CANCELS = 9
CANCEL_WINDOW_DAYS = 180
QUOTA_MIN_AMOUNT = 50_000
MAX_QUOTA = 12

MSG_QUOTA_RANGE = QT_TRANSLATE_NOOP("FieldError", "할부는 일시불(0) 또는 2~{max}개월만 선택할 수 있습니다.")
MSG_QUOTA_MIN_AMOUNT = QT_TRANSLATE_NOOP("FieldError", "할부는 {min_amount:,}원 이상 결제에서만 가능합니다.")
MSG_QUOTA_NOT_NUMBER = QT_TRANSLATE_NOOP("FieldError", "할부 개월 수를 숫자로 선택하세요.")
MSG_CANCEL_NOTHING_LEFT = QT_TRANSLATE_NOOP("FieldError", "이미 전액 취소된 결제입니다.")
MSG_CANCEL_NEGATIVE = QT_TRANSLATE_NOOP("FieldError", "취소 금액은 0보다 작을 수 없습니다.")
MSG_CANCEL_TOO_MUCH = QT_TRANSLATE_NOOP(
    "FieldError", "취소 금액이 취소 가능한 잔액({remaining:,}원)보다 큽니다."
)
MSG_CANCEL_PARTIAL_LIMIT = QT_TRANSLATE_NOOP(
    "FieldError", "부분취소는 최대 {max}회까지 가능합니다. 이미 {count}회 부분취소되었습니다."
)
MSG_CANCEL_WINDOW = QT_TRANSLATE_NOOP(
    "FieldError", "결제 후 {days}일이 지나 취소할 수 없습니다 (KSNET 취소 가능 기간 6개월)."
)


def check_card_quota(quota: int, amount: int) -> int:
    """The installment months to send (0 = lump sum); FieldError("card_quota") when not allowed."""
    if isinstance(quota, bool) or (quota != 0 and not 2 <= quota <= MAX_QUOTA):
        raise FieldError("card_quota", MSG_QUOTA_RANGE, max=MAX_QUOTA)
    if quota >= 2 and amount < QUOTA_MIN_AMOUNT:
        raise FieldError("card_quota", MSG_QUOTA_MIN_AMOUNT, min_amount=QUOTA_MIN_AMOUNT)
    return quota


def check_cancel(
    amount_paid: int,
    cancelled_so_far: int,
    request_amount: int | None,
    partial_cancels_so_far: int,
    paid_at: datetime,
    now: datetime,
) -> int:
    """The amount to cancel now, after KSNET's rules; FieldError("amount") when refused.

    ``request_amount`` None or 0 means "everything that remains". ``paid_at`` and ``now`` must both be
    timezone-aware (or both naive in the same zone).
    """
    remaining = amount_paid - cancelled_so_far
    if remaining <= 0:
        raise FieldError("amount", MSG_CANCEL_NOTHING_LEFT)
    age = now - paid_at
    if age > timedelta(days=CANCEL_WINDOW_DAYS):
        raise FieldError("amount", MSG_CANCEL_WINDOW, days=age.days)
    if request_amount is None or request_amount == 0:
        to_cancel = remaining
    elif request_amount < 0:
        raise FieldError("amount", MSG_CANCEL_NEGATIVE)
    elif request_amount > remaining:
        raise FieldError("amount", MSG_CANCEL_TOO_MUCH, remaining=remaining)
    else:
        to_cancel = request_amount
    if is_partial_cancel(amount_paid, to_cancel) and partial_cancels_so_far >= MAX_PARTIAL_CANCELS:
        raise FieldError(
            "amount", MSG_CANCEL_PARTIAL_LIMIT, max=MAX_PARTIAL_CANCELS, count=partial_cancels_so_far
        )
    return to_cancel


def is_partial_cancel(amount_paid: int, to_cancel: int) -> bool:
    """Whether a cancel of ``to_cancel`` counts against :data:`MAX_PARTIAL_CANCELS`."""
    return to_cancel != amount_paid
