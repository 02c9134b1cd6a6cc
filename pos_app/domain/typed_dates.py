"""Dates as a cashier types them into a search field, and the periods of the history's shortcut buttons.

``parse_typed_date(text, today)`` reads:

- a whole date: ``2026-11-20``, ``2026.11.20``, ``2026. 11. 20.`` (as Korean dates are written),
  ``2026/11/20``, ``2026 11 20``, ``20261120``, or with a
  two-digit year ``26-11-20`` / ``261120``;
- a month and day: ``11/20``, ``11-20``, ``11.20``, ``11 20``, ``1120`` (also ``1/5``, ``0105``);
- a day alone: ``20`` (``5``, ``05``);
- with full-width digits and separators too (``normalise``), and Korean ``11월 20일`` / ``2026년 11월 20일``.

A date without a year is the latest such date that is not after ``today`` (typed on 3 January, ``1231``
is last year's 31 December): history is searched backwards, and nothing happened tomorrow. A day alone
is in this month, or in the last month that has that day when it is still to come. Empty text is None
(no bound). Anything else is a ``FieldError`` on the field ``date`` that shows the accepted forms.

``period(name, today)`` gives the first and last day of 오늘, 어제, 이번 주 (Monday to today, as ISO
weeks and Korean business calendars count), 이번 달 (the 1st to today) and 지난 달 (the whole month).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.typed_input import normalise

Period = Literal["today", "yesterday", "this_week", "this_month", "last_month"]
PERIODS: tuple[Period, ...] = ("today", "yesterday", "this_week", "this_month", "last_month")

MSG_DATE_UNREADABLE = QT_TRANSLATE_NOOP(
    "FieldError", "날짜를 알아볼 수 없습니다: {text} (예: 1120, 11/20, 2026-11-20)"
)
MSG_DATE_NOT_REAL = QT_TRANSLATE_NOOP("FieldError", "없는 날짜입니다: {text}")

_SEPARATED = re.compile(r"^(?:(\d{2}|\d{4})\s*[-./ ]\s*)?(\d{1,2})\s*[-./ ]\s*(\d{1,2})$")
_KOREAN = re.compile(r"^(?:(\d{2}|\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?$")


def parse_typed_date(text: str, today: date) -> date | None:
    """The date ``text`` means, typed on ``today``; None when the text is empty."""
    cleaned = normalise(text).strip().rstrip(".")
    if not cleaned:
        return None
    year: int | None
    if match := _SEPARATED.match(cleaned) or _KOREAN.match(cleaned):
        year_text, month_text, day_text = match.groups()
        year = _full_year(year_text, today) if year_text else None
        month, day = int(month_text), int(day_text)
    elif cleaned.isascii() and cleaned.isdigit():
        digits = cleaned
        if len(digits) == 8:
            year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
        elif len(digits) == 6:
            year, month, day = _full_year(digits[:2], today), int(digits[2:4]), int(digits[4:])
        elif len(digits) in (3, 4):
            year, month, day = None, int(digits[:-2]), int(digits[-2:])
        elif len(digits) in (1, 2):
            return _day_of_recent_month(int(digits), today, text)
        else:
            raise FieldError("date", MSG_DATE_UNREADABLE, text=text.strip())
    else:
        raise FieldError("date", MSG_DATE_UNREADABLE, text=text.strip())
    if year is not None:
        return _real(year, month, day, text)
    candidate = _real_or_none(today.year, month, day)
    if candidate is not None and candidate <= today:
        return candidate
    # not yet this year (or 29 February of a common year): the latest earlier year that has it
    for earlier in range(today.year - 1, today.year - 9, -1):
        candidate = _real_or_none(earlier, month, day)
        if candidate is not None:
            return candidate
    raise FieldError("date", MSG_DATE_NOT_REAL, text=text.strip())


def period(name: Period, today: date) -> tuple[date, date]:
    """First and last day of a shortcut period, both inclusive."""
    if name == "today":
        return today, today
    if name == "yesterday":
        yesterday = today - timedelta(days=1)
        return yesterday, yesterday
    if name == "this_week":
        return today - timedelta(days=today.weekday()), today
    first_of_month = today.replace(day=1)
    if name == "this_month":
        return first_of_month, today
    last_of_previous = first_of_month - timedelta(days=1)
    return last_of_previous.replace(day=1), last_of_previous


def _full_year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    # two digits: this century, or the last one when that would be more than a year ahead
    year = today.year // 100 * 100 + int(text)
    return year - 100 if year > today.year + 1 else year


def _real_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _real(year: int, month: int, day: int, text: str) -> date:
    found = _real_or_none(year, month, day)
    if found is None:
        raise FieldError("date", MSG_DATE_NOT_REAL, text=text.strip())
    return found


def _day_of_recent_month(day: int, today: date, text: str) -> date:
    if not 1 <= day <= 31:
        raise FieldError("date", MSG_DATE_NOT_REAL, text=text.strip())
    year, month = today.year, today.month
    for _ in range(12):
        candidate = _real_or_none(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    raise FieldError("date", MSG_DATE_NOT_REAL, text=text.strip())
