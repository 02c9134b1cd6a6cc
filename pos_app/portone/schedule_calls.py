"""The scheduled-payment calls of the client (API-NOTES §15): schedule, revoke, read, move, retry, list.

Money rules as for every other call: the POSTs and the PUT go out at most once (a lost reply is
``OutcomeUnknown``: look the schedule up, never re-send); the GETs are retried. ``retry_schedule``
charges the card at once, so it is a money call like ``pay_again`` and returns the ``Payment``.

Lists (``list_schedules``, ``list_customer_schedules``): PortOne takes at most a 3-month range, ``from``
inclusive and ``to`` exclusive on ``schedule_at``, so a longer range is asked in 89-day windows (no three
calendar months are shorter). The schema types a page as a bare array of schedules while its prose calls
it a paged list; both are read: a ``{total, previous, next, list}`` object is followed by ``next``, an
array by asking the next page until one comes back empty (or, with a ``limit``, shorter than it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pos_app.portone.connection import Connection
from pos_app.portone.errors import MalformedReply
from pos_app.portone.json_fields import as_object, opt_int, opt_list
from pos_app.portone.models import Payment
from pos_app.portone.schedule_models import SCHEDULE_STATUSES, Schedule, ScheduledCharge, ScheduleStatus
from pos_app.portone.transport import parse_object, path_segment, response_parser

SCHEDULE_WINDOW_S = 89 * 24 * 3600
SCHEDULE_PAGE_LIMIT = 100
MAX_SCHEDULE_PAGES = 10_000


def _schedules(data: Any, status: int, what: str) -> list[Schedule]:
    if not isinstance(data, list):
        raise MalformedReply(f"응답의 response가 결제예약 배열이 아닙니다: {what}", status)
    return [parse_object(Schedule.from_json, item, "response[]", status) for item in data]


def _page(data: Any, status: int, what: str) -> tuple[list[Schedule], int | None]:
    """One page of schedules and the next page number PortOne gave (None: it gave none, ask on)."""
    if isinstance(data, list) or data is None:
        return _schedules(data or [], status, what), None
    page = as_object(data, "response")
    items = [parse_object(Schedule.from_json, item, "list[]", status) for item in opt_list(page, "list")]
    return items, opt_int(page, "next") or 0


def _check_status(status: ScheduleStatus | None) -> None:
    if status is not None and status not in SCHEDULE_STATUSES:
        raise ValueError(f"schedule status must be one of {SCHEDULE_STATUSES}")


class ScheduleCalls(Connection):
    """Scheduled billing-key payments; ``PortOneClient`` inherits these."""

    # ---------------------------------------------------------------------- state-changing calls

    def schedule_payments(self, customer_uid: str, charges: Sequence[ScheduledCharge]) -> list[Schedule]:
        """``POST /subscribe/payments/schedule``: PortOne runs each charge on the billing key at its time.

        Only for a billing key that exists (card data is never sent here; register the card first).
        The reply lists the schedules made, which must be exactly the ones asked for.
        """
        if not charges:
            raise ValueError("schedule at least one charge")
        body = self._with_optional_channel_key(
            {"customer_uid": customer_uid, "schedules": [charge.body() for charge in charges]}
        )
        data, status = self._change("POST", "/subscribe/payments/schedule", body)
        made = _schedules(data, status, "POST /subscribe/payments/schedule")
        asked = {charge.merchant_uid for charge in charges}
        if {s.merchant_uid for s in made} != asked or any(s.customer_uid != customer_uid for s in made):
            raise MalformedReply("결제예약 응답이 요청한 예약과 다릅니다", status)
        return made

    def unschedule(
        self, customer_uid: str | None = None, merchant_uids: Sequence[str] = ()
    ) -> list[Schedule]:
        """``POST /subscribe/payments/unschedule``: revoke schedules not yet run.

        Only ``customer_uid``: all of that customer's; only ``merchant_uids``: those; both: those of that
        customer. Returns the schedules revoked; PortOne answers ``code != 0`` (``ApiError``) when none
        could be revoked.
        """
        if not customer_uid and not merchant_uids:
            raise ValueError("unschedule needs a customer_uid or merchant_uids")
        body: dict[str, Any] = {}
        if customer_uid:
            body["customer_uid"] = customer_uid
        if merchant_uids:
            body["merchant_uid"] = list(merchant_uids)
        data, status = self._change("POST", "/subscribe/payments/unschedule", body)
        revoked = _schedules(data, status, "POST /subscribe/payments/unschedule")
        for schedule in revoked:
            if (customer_uid and schedule.customer_uid != customer_uid) or (
                merchant_uids and schedule.merchant_uid not in merchant_uids
            ):
                raise MalformedReply("예약취소 응답에 요청하지 않은 예약이 있습니다", status)
        return revoked

    def update_schedule(self, merchant_uid: str, schedule_at: int) -> Schedule:
        """``PUT /subscribe/payments/schedule/{merchant_uid}``: move a schedule that has not run yet."""
        data, status = self._change("PUT", self._schedule_path(merchant_uid), {"schedule_at": schedule_at})
        return response_parser(Schedule.from_json, ("merchant_uid", merchant_uid))(data, status)

    def reschedule(self, merchant_uid: str, schedule_at: int) -> Schedule:
        """``POST …/{merchant_uid}/reschedule``: schedule a failed or revoked one again at ``schedule_at``."""
        data, status = self._change(
            "POST", self._schedule_path(merchant_uid) + "/reschedule", {"schedule_at": schedule_at}
        )
        return response_parser(Schedule.from_json, ("merchant_uid", merchant_uid))(data, status)

    def retry_schedule(self, merchant_uid: str) -> Payment:
        """``POST …/{merchant_uid}/retry``: charge a failed or revoked schedule **now**.

        A money call: the returned payment's ``status`` says paid or failed (``charge_outcome`` reads it).
        """
        # no body: the schema defines none for retry
        data, status = self._change("POST", self._schedule_path(merchant_uid) + "/retry")
        return response_parser(Payment.from_json, ("merchant_uid", merchant_uid))(data, status)

    # ---------------------------------------------------------------------------------- lookups

    def get_schedule(self, merchant_uid: str) -> Schedule:
        """``GET /subscribe/payments/schedule/{merchant_uid}``; ``NotFound`` when there is none."""
        return self._lookup(
            self._schedule_path(merchant_uid),
            response_parser(Schedule.from_json, ("merchant_uid", merchant_uid)),
        )

    def list_schedules(
        self, from_ts: int, to_ts: int, status: ScheduleStatus | None = None, limit: int = SCHEDULE_PAGE_LIMIT
    ) -> list[Schedule]:
        """Every schedule with ``from_ts <= schedule_at < to_ts`` (``GET /subscribe/payments/schedule``)."""
        _check_status(status)
        limit = min(max(1, limit), 1000)

        def params(window_from: int, window_to: int) -> dict[str, Any]:
            found: dict[str, Any] = {"schedule_from": window_from, "schedule_to": window_to, "limit": limit}
            if status is not None:
                found["schedule_status"] = status
            return found

        return self._windows("/subscribe/payments/schedule", from_ts, to_ts, params, limit)

    def list_customer_schedules(
        self, customer_uid: str, from_ts: int, to_ts: int, status: ScheduleStatus | None = None
    ) -> list[Schedule]:
        """The customer's schedules with ``from_ts <= schedule_at < to_ts``
        (``GET /subscribe/payments/schedule/customers/{customer_uid}``; the schema spells the status
        parameter ``schedule-status``)."""
        _check_status(status)
        path = f"/subscribe/payments/schedule/customers/{path_segment(customer_uid)}"

        def params(window_from: int, window_to: int) -> dict[str, Any]:
            found: dict[str, Any] = {"from": window_from, "to": window_to}
            if status is not None:
                found["schedule-status"] = status
            return found

        schedules = self._windows(path, from_ts, to_ts, params, None)
        if any(schedule.customer_uid != customer_uid for schedule in schedules):
            raise MalformedReply("결제예약 목록에 다른 customer_uid의 예약이 있습니다")
        return schedules

    # ---------------------------------------------------------------------------------- helpers

    @staticmethod
    def _schedule_path(merchant_uid: str) -> str:
        return f"/subscribe/payments/schedule/{path_segment(merchant_uid)}"

    def _windows(
        self,
        path: str,
        from_ts: int,
        to_ts: int,
        params: Callable[[int, int], dict[str, Any]],
        limit: int | None,
    ) -> list[Schedule]:
        found: dict[str, Schedule] = {}
        window_from = from_ts
        while window_from < to_ts:
            window_to = min(to_ts, window_from + SCHEDULE_WINDOW_S)
            for schedule in self._pages(path, params(window_from, window_to), limit):
                found.setdefault(schedule.merchant_uid, schedule)
            window_from = window_to
        return sorted(found.values(), key=lambda schedule: (schedule.schedule_at, schedule.merchant_uid))

    def _pages(self, path: str, params: Mapping[str, Any], limit: int | None) -> list[Schedule]:
        schedules: list[Schedule] = []
        page = 1
        what = f"GET {path}"
        for _ in range(MAX_SCHEDULE_PAGES):
            items, next_page = self._lookup(
                path, lambda data, status: _page(data, status, what), {**params, "page": page}
            )
            schedules.extend(items)
            if next_page is None:  # a bare array: ask on until a page is empty or short
                if not items or (limit is not None and len(items) < limit):
                    return schedules
                next_page = page + 1
            elif next_page == 0:
                return schedules
            elif next_page <= page:
                raise MalformedReply(f"페이지 번호가 앞으로 가지 않습니다 ({page} → {next_page}): {what}")
            page = next_page
        raise MalformedReply(f"페이지가 끝나지 않습니다: {what}")
