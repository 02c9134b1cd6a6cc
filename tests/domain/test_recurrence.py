"""The date rules of recurring plans: monthly on day N (month ends), every N weeks, chosen dates, ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.errors import FieldError
from pos_app.domain.recurrence import MAX_EVERY_WEEKS, Recurrence, month_day

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 12, 31))
days_of_month = st.integers(min_value=1, max_value=31)


def _dates(rule: Recurrence, n: int = 40) -> list[date]:
    return [day for _index, day in rule.occurrences(0, n)]


def test_the_31st_falls_on_each_months_last_day_and_comes_back() -> None:
    rule = Recurrence("monthly", date(2027, 1, 31), day_of_month=31)
    assert _dates(rule, 5) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]
    leap = Recurrence("monthly", date(2028, 1, 31), day_of_month=31)
    assert _dates(leap, 3) == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]
    thirtieth = Recurrence("monthly", date(2027, 1, 1), day_of_month=30)
    assert _dates(thirtieth, 3) == [date(2027, 1, 30), date(2027, 2, 28), date(2027, 3, 30)]


def test_a_start_after_the_day_begins_next_month() -> None:
    rule = Recurrence("monthly", date(2026, 12, 20), day_of_month=5)
    assert _dates(rule, 2) == [date(2027, 1, 5), date(2027, 2, 5)]
    same_day = Recurrence("monthly", date(2026, 12, 5), day_of_month=5)
    assert same_day.occurrence(0) == date(2026, 12, 5)


def test_every_two_weeks_from_the_start() -> None:
    rule = Recurrence("weekly", date(2026, 12, 1), every_weeks=2, end=date(2027, 1, 31))
    assert _dates(rule) == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 29),
        date(2027, 1, 12),
        date(2027, 1, 26),
    ]
    assert rule.total == 5
    assert rule.index_on_or_after(date(2026, 12, 2)) == 1
    assert rule.index_on_or_after(date(2027, 2, 1)) is None


def test_chosen_dates_are_sorted_once_and_checked_against_start_and_end() -> None:
    rule = Recurrence(
        "dates", date(2026, 12, 1), dates=(date(2026, 12, 24), date(2026, 12, 5), date(2026, 12, 24))
    )
    assert _dates(rule) == [date(2026, 12, 5), date(2026, 12, 24)]
    with pytest.raises(FieldError) as early:
        Recurrence("dates", date(2026, 12, 10), dates=(date(2026, 12, 5),))
    assert early.value.field == "plan_dates"
    with pytest.raises(FieldError) as late:
        Recurrence("dates", date(2026, 12, 1), dates=(date(2027, 1, 5),), end=date(2026, 12, 31))
    assert late.value.field == "plan_dates"
    with pytest.raises(FieldError):
        Recurrence("dates", date(2026, 12, 1))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "monthly", "day_of_month": 0}, "plan_day"),
        ({"kind": "monthly", "day_of_month": 32}, "plan_day"),
        ({"kind": "weekly", "every_weeks": 0}, "plan_weeks"),
        ({"kind": "weekly", "every_weeks": MAX_EVERY_WEEKS + 1}, "plan_weeks"),
        ({"kind": "monthly", "day_of_month": 5, "count": 0}, "plan_count"),
        ({"kind": "monthly", "day_of_month": 5, "end": date(2026, 11, 30)}, "plan_end"),
        # an end before the first payment: no payment at all
        ({"kind": "monthly", "day_of_month": 31, "end": date(2026, 12, 15)}, "plan_end"),
        ({"kind": "yearly"}, "plan_kind"),
    ],
)
def test_impossible_rules_name_their_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(FieldError) as refused:
        Recurrence(start=date(2026, 12, 1), **kwargs)  # type: ignore[arg-type]
    assert refused.value.field == field


@given(starts, days_of_month)
def test_monthly_is_day_n_or_the_last_day_of_consecutive_months(start: date, day: int) -> None:
    rule = Recurrence("monthly", start, day_of_month=day)
    found = _dates(rule, 30)
    assert found[0] >= start
    assert found[0] - start < timedelta(days=62)
    for earlier, later in pairwise(found):
        assert later > earlier
        assert (later.year * 12 + later.month) - (earlier.year * 12 + earlier.month) == 1
    for each in found:
        assert each.day == min(day, calendar.monthrange(each.year, each.month)[1])
        assert each == month_day(each.year, each.month, day)


@given(starts, st.integers(min_value=1, max_value=MAX_EVERY_WEEKS))
def test_weekly_is_the_starts_weekday_every_n_weeks(start: date, weeks: int) -> None:
    found = _dates(Recurrence("weekly", start, every_weeks=weeks), 20)
    assert found[0] == start
    assert all(
        later - earlier == timedelta(weeks=weeks) for earlier, later in pairwise(found)
    )
    assert {d.weekday() for d in found} == {start.weekday()}


@given(
    starts,
    days_of_month,
    st.one_of(st.none(), st.integers(min_value=1, max_value=40)),
    st.one_of(st.none(), st.integers(min_value=40, max_value=1500)),
)
def test_an_end_date_and_a_count_both_stop_it(
    start: date, day: int, count: int | None, span: int | None
) -> None:
    end = start + timedelta(days=span) if span is not None else None
    rule = Recurrence("monthly", start, day_of_month=day, count=count, end=end)
    found = _dates(rule, 400)
    if count is not None:
        assert len(found) <= count
    if end is not None:
        assert all(d <= end for d in found)
    unbounded = _dates(Recurrence("monthly", start, day_of_month=day), len(found) + 1)
    assert found == unbounded[: len(found)]  # the ends cut the same series, they never move it
    if count is None and end is None:
        assert rule.total is None
    else:
        assert rule.total == len(found)


@given(
    starts,
    st.integers(min_value=1, max_value=8),
    st.dates(min_value=date(2023, 1, 1), max_value=date(2042, 1, 1)),
)
def test_the_first_payment_on_or_after_a_day(start: date, weeks: int, day: date) -> None:
    rule = Recurrence("weekly", start, every_weeks=weeks)
    index = rule.index_on_or_after(day)
    assert index is not None
    found = rule.occurrence(index)
    assert found is not None
    assert found >= day
    if index > 0:
        before = rule.occurrence(index - 1)
        assert before is not None
        assert before < day


@given(
    st.sampled_from(["monthly", "weekly", "dates"]),
    starts,
    days_of_month,
    st.integers(min_value=1, max_value=MAX_EVERY_WEEKS),
    st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=10),
    st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
)
def test_a_rule_survives_the_journal_as_text(
    kind: str, start: date, day: int, weeks: int, offsets: list[int], count: int | None
) -> None:
    rule = Recurrence(
        kind,  # type: ignore[arg-type]
        start,
        day_of_month=day if kind == "monthly" else 0,
        every_weeks=weeks if kind == "weekly" else 0,
        dates=tuple(start + timedelta(days=o) for o in offsets) if kind == "dates" else (),
        count=count,
    )
    back = Recurrence.from_text(rule.to_text())
    assert back == rule
    assert _dates(back, 12) == _dates(rule, 12)
