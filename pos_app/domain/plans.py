"""A recurring payment plan (정기결제) as the owner sets it up: what to charge, to whom, and when.

``PlanTerms`` is a saved card's charge repeated on a schedule: the same order rules as charging the card
once (``forms.BillingCharge``: amount within the counter's limit, tax-free part within the amount, order
name, 할부 only 2+ months and only from 50,000원, product type — KSNET needs it), the buyer sent with
every charge (KSNET needs the name), a ``Recurrence`` (``recurrence``) and the time of day the shop wants
PortOne to charge (in the shop's time zone; the services turn a date and this time into PortOne's
``schedule_at``).

``validate_plan(form, customer_uid, today)`` reads the plan form as typed (field keys as in ``forms``,
plus ``plan_kind``, ``plan_day``, ``plan_weeks``, ``plan_dates``, ``plan_start``, ``plan_end_kind``
(``none`` / ``date`` / ``count``), ``plan_end``, ``plan_count``, ``plan_time``) and raises ``FormErrors``
with every refused field, or returns the terms. A plan may not start before ``today``, and its first
payment must still be ahead (``check_first_payment_ahead``: the form says so before anything is sent).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pos_app.domain.buyer import Buyer, collect_buyer
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors, attempt
from pos_app.domain.forms import MSG_CUSTOMER_UID, ProductType, _CheckedOrder, _collect_order
from pos_app.domain.recurrence import MAX_COUNT, MSG_NO_DATES, RECURRENCE_KINDS, Recurrence, RecurrenceKind
from pos_app.domain.typed_input import is_ascii_digits, normalise
from pos_app.domain.uids import is_valid_customer_uid

DEFAULT_TIME = time(10, 0)
# a schedule must leave at least this long before it runs: PortOne refuses a time in the past, and a
# payment about to run is better left to run than moved
SCHEDULE_LEAD_S = 120
PLAN_FIELDS = (
    "plan_kind", "plan_day", "plan_weeks", "plan_dates", "plan_start", "plan_end", "plan_count", "plan_time",
)  # fmt: skip

MSG_DATE = QT_TRANSLATE_NOOP("FieldError", "날짜를 알아볼 수 없습니다: {text} (예: 2026-12-31)")
MSG_START_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "시작일을 입력하세요.")
MSG_START_PAST = QT_TRANSLATE_NOOP("FieldError", "시작일은 오늘({today}) 이후여야 합니다.")
MSG_END_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "종료일을 입력하세요.")
MSG_COUNT_NUMBER = QT_TRANSLATE_NOOP("FieldError", "결제 횟수를 숫자로 입력하세요 (1~{max}).")
MSG_NUMBER = QT_TRANSLATE_NOOP("FieldError", "숫자로 입력하세요.")
MSG_TIME = QT_TRANSLATE_NOOP("FieldError", "결제 시각은 00:00~23:59 형식으로 입력하세요 (예: 10:00).")
MSG_END_KIND = QT_TRANSLATE_NOOP("FieldError", "끝나는 방식(계속, 종료일, 횟수)을 고르세요.")

MSG_FIRST_PASSED = QT_TRANSLATE_NOOP(
    "FieldError", "첫 결제 시각({day} {time})이 지났거나 너무 가깝습니다. 시작일이나 결제 시각을 바꾸세요."
)

_DATE = re.compile(r"^(\d{4})\s*[-./]?\s*(\d{1,2})\s*[-./]?\s*(\d{1,2})\.?$")
_TIME = re.compile(r"^(\d{1,2})\s*[:시]\s*(\d{2})\s*분?$")


@dataclass(frozen=True)
class PlanTerms(_CheckedOrder):
    """A validated plan on the saved card ``customer_uid`` (see the module docstring)."""

    customer_uid: str
    amount: int
    tax_free: int
    order_name: str
    buyer: Buyer
    card_quota: int
    product_type: ProductType
    recurrence: Recurrence
    at_time: time = DEFAULT_TIME


def parse_day(text: str, field: str) -> date:
    """A whole date as the plan form gives it (2026-12-31, 2026.12.31, 20261231)."""
    cleaned = normalise(text).strip()
    match = _DATE.match(cleaned)
    if match is None:
        raise FieldError(field, MSG_DATE, text=text.strip())
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FieldError(field, MSG_DATE, text=text.strip()) from None


def parse_time_of_day(text: str) -> time:
    cleaned = normalise(text).strip()
    if not cleaned:
        return DEFAULT_TIME
    match = _TIME.match(cleaned) or (re.match(r"^(\d{2})(\d{2})$", cleaned))
    if match is None:
        raise FieldError("plan_time", MSG_TIME)
    hour, minute = int(match[1]), int(match[2])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise FieldError("plan_time", MSG_TIME)
    return time(hour, minute)


def _small_int(text: str, field: str) -> int:
    cleaned = normalise(text).strip().removesuffix("일").removesuffix("주").removesuffix("회").strip()
    if not cleaned or not is_ascii_digits(cleaned) or len(cleaned) > 4:
        raise FieldError(field, MSG_COUNT_NUMBER if field == "plan_count" else MSG_NUMBER, max=MAX_COUNT)
    return int(cleaned)


def _dates(text: str) -> tuple[date, ...]:
    parts = [p for p in re.split(r"[,\n;]+", normalise(text)) if p.strip()]
    return tuple(parse_day(part, "plan_dates") for part in parts)


def collect_recurrence(form: Mapping[str, str], today: date, errors: list[FieldError]) -> Recurrence | None:
    """The plan's dates from the form; None (with the problems in ``errors``) when refused."""
    kind_text = normalise(form.get("plan_kind", "")).strip()
    if kind_text not in RECURRENCE_KINDS:
        errors.append(FieldError("plan_kind", QT_TRANSLATE_NOOP("FieldError", "반복 방식을 고르세요.")))
        return None
    kind: RecurrenceKind = (
        "monthly" if kind_text == "monthly" else "weekly" if kind_text == "weekly" else "dates"
    )
    before = len(errors)
    chosen = attempt(errors, lambda: _dates(form.get("plan_dates", ""))) if kind == "dates" else ()
    start_text = form.get("plan_start", "")
    start: date | None = None
    if start_text.strip():
        start = attempt(errors, lambda: parse_day(start_text, "plan_start"))
    elif kind == "dates" and chosen:
        start = min(min(chosen), today)  # chosen dates need no start of their own
    elif kind != "dates":
        errors.append(FieldError("plan_start", MSG_START_REQUIRED))
    if start is not None and start < today and start_text.strip():
        errors.append(FieldError("plan_start", MSG_START_PAST, today=today.isoformat()))
    if chosen and min(chosen) < today:
        errors.append(FieldError("plan_dates", MSG_START_PAST, today=today.isoformat()))
    day = (
        attempt(errors, lambda: _small_int(form.get("plan_day", ""), "plan_day")) if kind == "monthly" else 0
    )
    weeks = (
        attempt(errors, lambda: _small_int(form.get("plan_weeks", ""), "plan_weeks"))
        if kind == "weekly"
        else 0
    )
    end_kind = normalise(form.get("plan_end_kind", "none")).strip() or "none"
    end: date | None = None
    count: int | None = None
    if end_kind == "date":
        end_text = form.get("plan_end", "")
        if not end_text.strip():
            errors.append(FieldError("plan_end", MSG_END_REQUIRED))
        else:
            end = attempt(errors, lambda: parse_day(end_text, "plan_end"))
    elif end_kind == "count":
        count = attempt(errors, lambda: _small_int(form.get("plan_count", ""), "plan_count"))
    elif end_kind != "none":
        errors.append(FieldError("plan_end", MSG_END_KIND))
    if len(errors) > before or start is None or day is None or weeks is None or chosen is None:
        if kind == "dates" and start is None and not chosen and len(errors) == before:
            errors.append(FieldError("plan_dates", MSG_NO_DATES))
        return None
    return attempt(
        errors,
        lambda: Recurrence(
            kind=kind, start=start, day_of_month=day, every_weeks=weeks, dates=chosen, end=end, count=count
        ),
    )


def validate_plan(form: Mapping[str, str], customer_uid: str, today: date) -> PlanTerms:
    """The plan from the form (see the module docstring); FormErrors with every refused field."""
    errors: list[FieldError] = []
    order = _collect_order(form, errors)
    buyer = collect_buyer(form, errors)
    recurrence = collect_recurrence(form, today, errors)
    at_time = attempt(errors, lambda: parse_time_of_day(form.get("plan_time", "")))
    if not is_valid_customer_uid(customer_uid):
        errors.append(FieldError("customer_uid", MSG_CUSTOMER_UID))
    if errors or order is None or buyer is None or recurrence is None or at_time is None:
        raise FormErrors(errors)
    return PlanTerms(
        customer_uid=customer_uid,
        amount=order.amount,
        tax_free=order.tax_free,
        order_name=order.order_name,
        buyer=buyer,
        card_quota=order.card_quota,
        product_type=order.product_type,
        recurrence=recurrence,
        at_time=at_time,
    )


def check_first_payment_ahead(terms: PlanTerms, now: datetime) -> None:
    """FormErrors (at the time field) when the plan's first payment is not at least ``SCHEDULE_LEAD_S``
    after ``now`` (the shop's wall time; PortOne's clock where known): today at 10:00 when it is 11:00."""
    first = terms.recurrence.occurrence(0)
    if first is None:
        return
    runs = datetime.combine(first, terms.at_time)
    if runs <= now.replace(tzinfo=None) + timedelta(seconds=SCHEDULE_LEAD_S):
        raise FormErrors(
            [
                FieldError(
                    "plan_time",
                    MSG_FIRST_PASSED,
                    day=first.isoformat(),
                    time=terms.at_time.strftime("%H:%M"),
                )
            ]
        )
