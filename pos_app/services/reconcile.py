"""Bring every non-final journal row to a final state by reading PortOne: at start-up and on demand.

Rows: sales (PENDING after a crash between intent and reply, UNKNOWN after a lost reply), cancels,
billing-key registrations and cash receipts. Each is looked up once per round; the rows still open are
looked up again after each of ``settings.reconcile_poll_delays`` (injected ``sleep``), so one slow row
does not hold the others. "Absent" becomes NOT_CHARGED only when the row's last send is older than
``not_charged_after_s`` (a request may still be in flight at the PG). Rows being worked on by another
thread of this process are skipped, not raced.

Rows whose answer is still open after the last round are reported as ``still_unknown``; the window
keeps 승인 disabled until start-up reconciliation ends or the owner dismisses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.domain import merchant_uid_time
from pos_app.domain.outcomes import Outcome
from pos_app.journal import JournalUnavailable
from pos_app.journal.records import CancelRow, CustomerRow, ReceiptRow, SaleRow
from pos_app.services.billing_keys import resolve_billing_key_once
from pos_app.services.cancels import record_cancel, resolve_cancel_once
from pos_app.services.cash_receipts import resolve_receipt_once
from pos_app.services.context import ServiceContext, journal_write_failed
from pos_app.services.facts import customer_facts, payment_facts, receipt_facts
from pos_app.services.resolution import resolve_sale_once
from pos_app.services.results import ReconcileItem, ReconcileKind, ReconcileReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Open:
    kind: ReconcileKind
    key: str
    guard: str  # in-flight key shared with the use case that owns the row
    try_once: Callable[[], ReconcileItem | None]


def reconcile(ctx: ServiceContext, on_progress: Callable[[str], None] | None = None) -> ReconcileReport:
    ctx.require_lookup_client()
    ctx.require_journal()
    progress = on_progress or (lambda _text: None)
    remaining = _open_rows(ctx)
    resolved: list[ReconcileItem] = []
    delays = list(ctx.settings.reconcile_poll_delays)
    round_no = 0
    while remaining:
        round_no += 1
        progress(f"미확정 거래 {len(remaining)}건 확인 중 ({round_no}회차)")
        still: list[_Open] = []
        for row in remaining:
            item = _try(ctx, row)
            if item is None:
                still.append(row)
            else:
                resolved.append(item)
                progress(f"{item.kind} {item.key}: {item.outcome.value}")
        remaining = still
        if not remaining or not delays or not ctx.pause(delays.pop(0)):
            break
    unknown = [ReconcileItem(row.kind, row.key, Outcome.UNKNOWN) for row in remaining]
    log.info(
        "reconcile: %d resolved, %d still unknown after %d rounds", len(resolved), len(unknown), round_no
    )
    return ReconcileReport(resolved=resolved, still_unknown=unknown)


def _try(ctx: ServiceContext, row: _Open) -> ReconcileItem | None:
    with ctx.in_flight.claim_if_free(row.guard) as free:
        if not free:
            return None  # the cashier's own call is on it; look again next round
        try:
            return row.try_once()
        except JournalUnavailable as exc:
            raise journal_write_failed(exc) from exc


def _open_rows(ctx: ServiceContext) -> list[_Open]:
    journal = ctx.journal
    rows: list[_Open] = []
    rows += [_sale(ctx, sale) for sale in journal.open_sales()]
    rows += [_cancel(ctx, cancel) for cancel in journal.open_cancels()]
    rows += [_billing_key(ctx, customer) for customer in journal.open_billing_keys()]
    rows += [_receipt(ctx, receipt) for receipt in journal.open_receipts()]
    return rows


def _sale(ctx: ServiceContext, row: SaleRow) -> _Open:
    def once() -> ReconcileItem | None:
        found = resolve_sale_once(ctx, row.merchant_uid, row.amount, row.updated_at)
        if found is None:
            return None
        facts = payment_facts(found.payment) if found.payment is not None else None
        ctx.journal.record_sale_result(row.merchant_uid, found.outcome, payment=facts, message=found.message)
        return ReconcileItem("sale", row.merchant_uid, found.outcome, found.message)

    return _Open("sale", row.merchant_uid, f"sale:{row.merchant_uid}", once)


def _cancel(ctx: ServiceContext, row: CancelRow) -> _Open:
    def once() -> ReconcileItem | None:
        found = resolve_cancel_once(ctx, row, row.created_at)
        if found is None:
            return None
        outcome, payment, message = found
        record_cancel(ctx, row.cancel_id, row.merchant_uid, outcome, payment, message)
        return ReconcileItem("cancel", row.cancel_id, outcome, message)

    return _Open("cancel", row.cancel_id, f"sale:{row.merchant_uid}", once)


def _billing_key(ctx: ServiceContext, row: CustomerRow) -> _Open:
    minted = merchant_uid_time(row.customer_uid)
    # the uid carries its minting time; a foreign uid without one counts as old
    sent_at = minted.timestamp() if minted is not None else 0.0

    def once() -> ReconcileItem | None:
        found = resolve_billing_key_once(ctx, row.customer_uid, sent_at)
        if found is None:
            return None
        outcome, customer, message = found
        facts = customer_facts(customer) if customer is not None else None
        ctx.journal.record_billing_key_result(row.customer_uid, outcome, facts=facts, message=message)
        return ReconcileItem("billing_key", row.customer_uid, outcome, message)

    return _Open("billing_key", row.customer_uid, f"billing_key:{row.customer_uid}", once)


def _receipt(ctx: ServiceContext, row: ReceiptRow) -> _Open:
    def once() -> ReconcileItem | None:
        found = resolve_receipt_once(ctx, row, row.created_at)
        if found is None:
            return None
        outcome, receipt, message = found
        facts = receipt_facts(receipt) if receipt is not None else None
        if outcome is Outcome.CANCELLED:
            # issued, and cancelled since (in the console): record both steps
            ctx.journal.record_receipt_result(row.receipt_id, Outcome.APPROVED, facts=facts, message=message)
            ctx.journal.record_receipt_cancelled(row.receipt_id, facts)
        else:
            ctx.journal.record_receipt_result(row.receipt_id, outcome, facts=facts, message=message)
        return ReconcileItem("receipt", row.receipt_id, outcome, message)

    return _Open("receipt", row.receipt_id, f"receipt:{row.merchant_uid or row.imp_uid}", once)
