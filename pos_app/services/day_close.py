"""Closing the day: the local Z report and its comparison with PortOne (the files: ``services.exports``).

The Z report is the journal's (``Journal.day_report``) for the shop's calendar day. The comparison
reads PortOne's ``/payments/status/all`` for the same day and lists each disagreement:

- ``local_only``: the journal took money, PortOne has no such payment;
- ``remote_only``: PortOne has a paid / cancelled payment the journal never recorded;
- ``amount``: both know it, but the paid or cancelled amounts differ;
- ``status``: amounts agree but the outcome does not (e.g. the journal still says UNKNOWN).

PortOne's record wins: before comparing, every final sale of this journal that PortOne lists for the day
(or that was looked up) and whose record differs — a refund made in the console or at another counter, a
status changed since — is brought to that record (``cancels.follow_payment``: the refund becomes a cancel
row, and the cashier is told), so the Z report made after the comparison is PortOne's. Only what the
journal cannot follow is listed. Open operations are left to the settlement engine.

Not differences, listed apart: ``other_counter`` — a payment whose merchant_uid names another counter of
the same shop (every counter mints its ids with its own counter id); ``test_payment`` — a payment PortOne
made through a test channel (no money). Before comparing, attempts closed as "no record at PortOne" are
looked up again (a late payment found then becomes the sale it is, and is announced).

PortOne files a payment under the time of its *final* status (a payment of yesterday cancelled today
is in today's list), so a local sale missing from the day's list is looked up by merchant_uid before it
is called local-only, and a remote payment whose merchant_uid the journal knows from another day is not
remote-only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.outcomes import Outcome, classify_payment
from pos_app.domain.uids import merchant_uid_counter
from pos_app.journal import JournalUnavailable
from pos_app.journal.records import MONEY_TAKEN, DayReport, HistoryFilter, SaleRow
from pos_app.portone.errors import ApiError, NotFound, NotSent, OutcomeUnknown
from pos_app.portone.models import Payment
from pos_app.services.cancels import follow_payment
from pos_app.services.context import ServiceContext
from pos_app.services.errors import ServiceError
from pos_app.services.facts import payment_facts
from pos_app.services.results import DayDifference, DifferenceKind

log = logging.getLogger(__name__)

_PAGE = 500
_LOOKUP_BATCH = 100  # PortOne's limit for GET /payments?merchant_uid[]=


def close_day(ctx: ServiceContext, day: date) -> DayReport:
    return ctx.journal.day_report(day, ctx.tz)


def recheck_not_charged(ctx: ServiceContext) -> int:
    """Look up again every sale attempt closed as "no record at PortOne" lately; returns how many turned
    out to have taken money (each is announced by the settlement engine)."""
    ctx.require_lookup_client()
    return len(ctx.settler.recheck_before_new_attempt(lambda _row: True, None))


def diff_day_with_portone(ctx: ServiceContext, day: date) -> list[DayDifference]:
    client = ctx.require_lookup_client()
    recheck_not_charged(ctx)
    from_ts, to_ts = ctx.day_bounds(day)
    try:
        remote_list = client.list_payments_by_status("all", from_ts, to_ts)
    except (NotSent, OutcomeUnknown, ApiError) as exc:
        raise _lookup_failed(exc) from exc
    remote = _by_merchant_uid(remote_list)
    local = {row.merchant_uid: row for row in _local_sales(ctx, day, from_ts, to_ts)}

    missing = [mu for mu, row in local.items() if mu not in remote and row.outcome in MONEY_TAKEN]
    remote.update(_by_merchant_uid(_look_up(ctx, missing)))
    for merchant_uid in [mu for mu, payment in remote.items() if _follow(ctx, mu, payment)]:
        row = ctx.journal.sale(merchant_uid)
        if row is not None and merchant_uid in local:
            local[merchant_uid] = row

    differences: list[DayDifference] = []
    for merchant_uid, row in sorted(local.items()):
        difference = _compare(row, remote.get(merchant_uid))
        if difference is not None:
            differences.append(difference)
    for merchant_uid, payment in sorted(remote.items()):
        if merchant_uid in local or payment.status not in ("paid", "cancelled"):
            continue
        if ctx.journal.sale(merchant_uid) is not None:
            continue  # a sale of another day, cancelled (or paid late) on this one
        counter = merchant_uid_counter(merchant_uid)
        if ctx.settings.live and payment.sandbox:
            kind: DifferenceKind = "test_payment"
        elif counter is not None and counter != ctx.settings.counter_id:
            kind = "other_counter"
        else:
            kind = "remote_only"
        differences.append(
            DayDifference(kind, merchant_uid, None, payment_facts(payment), f"{payment.amount}")
        )
    return differences


def _follow(ctx: ServiceContext, merchant_uid: str, payment: Payment) -> bool:
    """Bring this journal's final, money-taking sale to PortOne's record of it; True when it changed."""
    row = ctx.journal.sale(merchant_uid)
    if row is None or row.outcome not in MONEY_TAKEN or payment.status not in ("paid", "cancelled"):
        return False
    if row.imp_uid and payment.imp_uid != row.imp_uid:
        return False  # another record under the same merchant_uid: a difference for the owner, not ours
    with ctx.in_flight.claim_if_free(f"sale:{merchant_uid}") as free:
        if not free:
            return False  # a refund of it is being made right now; the next comparison sees it
        fresh = ctx.journal.sale(merchant_uid)
        if fresh is None or fresh.outcome not in MONEY_TAKEN:
            return False
        try:
            return follow_payment(ctx, fresh, payment)
        except JournalUnavailable as exc:
            log.error("day comparison: %s could not follow PortOne's record: %s", merchant_uid, exc)
            return False


def _compare(row: SaleRow, payment: Payment | None) -> DayDifference | None:
    if row.outcome is Outcome.TEST_PAYMENT:
        facts = payment_facts(payment) if payment is not None else None
        return DayDifference("test_payment", row.merchant_uid, row, facts, f"{row.amount}")
    took_money = row.outcome in MONEY_TAKEN
    charged = payment is not None and payment.status in ("paid", "cancelled")
    if payment is None or not charged:
        if took_money:
            remote = payment_facts(payment) if payment is not None else None
            return DayDifference("local_only", row.merchant_uid, row, remote, f"{row.paid_amount}")
        return None
    facts = payment_facts(payment)
    if not took_money:
        return DayDifference(
            "status", row.merchant_uid, row, facts, f"{row.outcome.value} / {payment.status}"
        )
    if row.paid_amount != payment.amount or row.cancel_amount != payment.cancel_amount:
        detail = f"{row.paid_amount}-{row.cancel_amount} / {payment.amount}-{payment.cancel_amount}"
        return DayDifference("amount", row.merchant_uid, row, facts, detail)
    expected = classify_payment(payment.status, payment.amount, payment.cancel_amount, row.amount)
    if expected is not row.outcome:
        return DayDifference(
            "status", row.merchant_uid, row, facts, f"{row.outcome.value} / {expected.value}"
        )
    return None


def _local_sales(ctx: ServiceContext, day: date, from_ts: int, to_ts: int) -> list[SaleRow]:
    # the journal's dates follow the computer's zone; ask one day wider and cut by the shop's bounds
    flt = HistoryFilter(date_from=day - timedelta(days=1), date_to=day + timedelta(days=1))
    rows: list[SaleRow] = []
    offset = 0
    while True:
        page = ctx.journal.history(flt, offset, _PAGE)
        rows += page
        if len(page) < _PAGE:
            break
        offset += _PAGE
    return [row for row in rows if from_ts <= row.created_at <= to_ts + 0.999]


def _look_up(ctx: ServiceContext, merchant_uids: Sequence[str]) -> list[Payment]:
    client = ctx.require_lookup_client()
    found: list[Payment] = []
    for start in range(0, len(merchant_uids), _LOOKUP_BATCH):
        batch = merchant_uids[start : start + _LOOKUP_BATCH]
        try:
            found += client.get_payments(merchant_uids=batch)
        except NotFound:
            continue
        except (NotSent, OutcomeUnknown, ApiError) as exc:
            raise _lookup_failed(exc) from exc
    return found


def _by_merchant_uid(payments: Sequence[Payment]) -> dict[str, Payment]:
    """One payment per merchant_uid: the charged one when an id has several records."""
    chosen: dict[str, Payment] = {}
    for payment in payments:
        current = chosen.get(payment.merchant_uid)
        if current is None or (
            payment.status in ("paid", "cancelled") and current.status not in ("paid", "cancelled")
        ):
            chosen[payment.merchant_uid] = payment
    return chosen


def _lookup_failed(exc: Exception) -> ServiceError:
    return ServiceError(
        "unresolved",
        QT_TRANSLATE_NOOP("ServiceError", "PortOne의 결제 목록을 읽지 못했습니다: {detail}"),
        params={"detail": str(exc)},
    )
