"""When a recurring payment plan (정기결제) charges: the date rules, plain Python on calendar dates.

A ``Recurrence`` says on which days a plan charges, counted from its ``start`` day:

* ``monthly``: every month on day ``day_of_month`` (1–31). A month without that day charges on its last
  day, and the next month goes back to the day asked for: a plan on the 31st charges Jan 31, Feb 28
  (Feb 29 in a leap year), Mar 31, Apr 30 … — each date is worked out from the plan, never from the
  month before, so one short month does not pull every later payment to the 28th.
* ``weekly``: every ``every_weeks`` weeks on the weekday of ``start`` (start itself is the first).
* ``dates``: the days chosen one by one (sorted, each once).

It ends after its ``end`` day (inclusive), after ``count`` payments, or never (open-ended); both may be
given and the earlier wins. Payments are numbered from 0 in date order (``occurrence(index)``), and the
number is what identifies a planned payment for ever: the app keeps one PortOne schedule per number, so
the same planned date is never scheduled twice.

The time of day and the shop's time zone are the services' business (``schedule_at``); everything here is
a ``datetime.date``. Invalid rules raise ``FieldError`` naming the plan field at fault.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError

RecurrenceKind = Literal["monthly", "weekly", "dates"]
RECURRENCE_KINDS: tuple[RecurrenceKind, ...] = ("monthly", "weekly", "dates")

MAX_EVERY_WEEKS = 26
MAX_COUNT = 240  # twenty years of monthly payments
MAX_CHOSEN_DATES = 120
_COUNT_LIMIT = 100_000  # an end date centuries away: counting stops here

MSG_KIND = QT_TRANSLATE_NOOP("FieldError", "반복 방식(매월, 몇 주마다, 날짜 지정)을 고르세요.")
MSG_DAY = QT_TRANSLATE_NOOP("FieldError", "결제일은 1일부터 31일 사이로 고르세요.")
MSG_WEEKS = QT_TRANSLATE_NOOP("FieldError", "몇 주마다 결제할지 1~{max}주 사이로 고르세요.")
MSG_NO_DATES = QT_TRANSLATE_NOOP("FieldError", "결제할 날짜를 하나 이상 고르세요.")
MSG_TOO_MANY_DATES = QT_TRANSLATE_NOOP("FieldError", "날짜는 {max}개까지 고를 수 있습니다.")
MSG_DATE_BEFORE_START = QT_TRANSLATE_NOOP("FieldError", "시작일({start}) 앞의 날짜가 있습니다: {day}")
MSG_DATE_AFTER_END = QT_TRANSLATE_NOOP("FieldError", "종료일({end}) 뒤의 날짜가 있습니다: {day}")
MSG_END_BEFORE_START = QT_TRANSLATE_NOOP("FieldError", "종료일은 시작일({start}) 이후여야 합니다.")
MSG_COUNT = QT_TRANSLATE_NOOP("FieldError", "결제 횟수는 1~{max}회 사이로 입력하세요.")
MSG_NO_PAYMENT = QT_TRANSLATE_NOOP(
    "FieldError", "시작일부터 종료일까지 결제할 날이 없습니다. 날짜를 다시 확인하세요."
)


def last_day_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_day(year: int, month: int, day_of_month: int) -> date:
    """Day ``day_of_month`` of that month, or the month's last day when it is shorter."""
    return date(year, month, min(day_of_month, last_day_of_month(year, month)))


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class Recurrence:
    kind: RecurrenceKind
    start: date
    day_of_month: int = 0
    every_weeks: int = 0
    dates: tuple[date, ...] = ()
    end: date | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in RECURRENCE_KINDS:
            raise FieldError("plan_kind", MSG_KIND)
        if self.end is not None and self.end < self.start:
            raise FieldError("plan_end", MSG_END_BEFORE_START, start=self.start.isoformat())
        if self.count is not None and (isinstance(self.count, bool) or not 1 <= self.count <= MAX_COUNT):
            raise FieldError("plan_count", MSG_COUNT, max=MAX_COUNT)
        if self.kind == "monthly" and not 1 <= self.day_of_month <= 31:
            raise FieldError("plan_day", MSG_DAY)
        if self.kind == "weekly" and not 1 <= self.every_weeks <= MAX_EVERY_WEEKS:
            raise FieldError("plan_weeks", MSG_WEEKS, max=MAX_EVERY_WEEKS)
        if self.kind == "dates":
            self._check_dates()
        if self.occurrence(0) is None:
            raise FieldError("plan_end", MSG_NO_PAYMENT)

    def _check_dates(self) -> None:
        if not self.dates:
            raise FieldError("plan_dates", MSG_NO_DATES)
        if len(self.dates) > MAX_CHOSEN_DATES:
            raise FieldError("plan_dates", MSG_TOO_MANY_DATES, max=MAX_CHOSEN_DATES)
        if list(self.dates) != sorted(set(self.dates)):
            object.__setattr__(self, "dates", tuple(sorted(set(self.dates))))
        if self.dates[0] < self.start:
            raise FieldError(
                "plan_dates",
                MSG_DATE_BEFORE_START,
                start=self.start.isoformat(),
                day=self.dates[0].isoformat(),
            )
        if self.end is not None and self.dates[-1] > self.end:
            raise FieldError(
                "plan_dates", MSG_DATE_AFTER_END, end=self.end.isoformat(), day=self.dates[-1].isoformat()
            )

    # ------------------------------------------------------------------------------------ dates
    def _unbounded(self, index: int) -> date | None:
        """The ``index``-th date of the rule before its end and count are applied."""
        if self.kind == "dates":
            return self.dates[index] if index < len(self.dates) else None
        if self.kind == "weekly":
            return self.start + timedelta(weeks=self.every_weeks * index)
        # monthly: the first month whose charging day is not before the start, then one month each
        first = month_day(self.start.year, self.start.month, self.day_of_month)
        skip = 1 if first < self.start else 0
        year, month = add_months(self.start.year, self.start.month, skip + index)
        if year > 9999:
            return None
        return month_day(year, month, self.day_of_month)

    def occurrence(self, index: int) -> date | None:
        """The date of payment number ``index`` (0 = the first), or None after the plan's end."""
        if index < 0 or (self.count is not None and index >= self.count):
            return None
        try:
            day = self._unbounded(index)
        except OverflowError:
            return None
        if day is None or (self.end is not None and day > self.end):
            return None
        return day

    def occurrences(self, first_index: int = 0, limit: int = 12) -> list[tuple[int, date]]:
        """Up to ``limit`` payments from number ``first_index`` on, in date order."""
        found: list[tuple[int, date]] = []
        index = first_index
        while len(found) < limit:
            day = self.occurrence(index)
            if day is None:
                break
            found.append((index, day))
            index += 1
        return found

    def index_on_or_after(self, day: date) -> int | None:
        """The number of the first payment on or after ``day``; None when the plan has ended by then."""
        if self.kind == "weekly":
            step = 7 * self.every_weeks
            index = max(0, -(-(day - self.start).days // step))
        elif self.kind == "monthly":
            index = max(0, (day.year - self.start.year) * 12 + day.month - self.start.month - 1)
        else:
            index = 0
        while True:
            found = self.occurrence(index)
            if found is None:
                return None
            if found >= day:
                return index
            index += 1

    @property
    def open_ended(self) -> bool:
        return self.end is None and self.count is None and self.kind != "dates"

    @property
    def total(self) -> int | None:
        """How many payments the plan makes in all; None when open-ended."""
        if self.open_ended:
            return None
        n = 0
        while n < _COUNT_LIMIT and self.occurrence(n) is not None:
            n += 1
        return n

    # ------------------------------------------------------------------------------- storage
    def to_text(self) -> str:
        """Compact JSON the journal keeps (short keys, defaults left out)."""
        data: dict[str, object] = {"k": self.kind, "s": self.start.isoformat()}
        if self.kind == "monthly":
            data["d"] = self.day_of_month
        if self.kind == "weekly":
            data["w"] = self.every_weeks
        if self.kind == "dates":
            data["ds"] = [d.isoformat() for d in self.dates]
        if self.end is not None:
            data["e"] = self.end.isoformat()
        if self.count is not None:
            data["n"] = self.count
        return json.dumps(data, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> Recurrence:
        data = json.loads(text)
        return cls(
            kind=data["k"],
            start=date.fromisoformat(data["s"]),
            day_of_month=int(data.get("d", 0)),
            every_weeks=int(data.get("w", 0)),
            dates=tuple(date.fromisoformat(d) for d in data.get("ds", ())),
            end=date.fromisoformat(data["e"]) if data.get("e") else None,
            count=int(data["n"]) if data.get("n") is not None else None,
        )
