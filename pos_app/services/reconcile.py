"""Start-up reconciliation: take up every open operation of earlier runs and look each one up once.

The settlement engine (``services.settlement``) owns every open operation of every kind — sale attempts,
refunds, card registrations and deletions, cash receipts and their cancels. At start-up it loads them
from the journal and looks at each once before 승인 is enabled; what is still open afterwards stays
with it and is looked up in the background for as long as the app runs (and shown in the window's list
of open operations). What it found that the cashier must know — a refund that never happened, a payment
that did — comes back as announcements in the report.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.services.context import ServiceContext
from pos_app.services.results import ReconcileReport


def reconcile(ctx: ServiceContext, on_progress: Callable[[str], None] | None = None) -> ReconcileReport:
    ctx.require_lookup_client()
    ctx.require_journal()
    return ctx.settler.settle_all_now(on_progress)
