"""The facade the window calls: one object with every use case of the counter (built in app.py).

Each method is blocking and runs through ``workers`` off the GUI thread. Money calls refuse with a
``ServiceError`` when there is no client (offline, no credentials: payments are never queued) or when
the journal refuses writes (its own problem text is in the message). Form-level problems arrive as
``domain.errors.FieldError`` / ``FormErrors``.

Additions to INTERFACES.md, all optional keywords with defaults:
- ``charge_keyed_card(order, retry_of=None)`` / ``charge_billing_key(charge, retry_of=None)``: a new
  attempt of a sale whose previous attempt was DECLINED / NOT_CHARGED keeps that sale's sale_id;
- ``retry_unknown(merchant_uid, order=None)``: re-sending a key-in attempt needs the card typed again
  (the digits never leave memory); without ``order`` it only reconciles and, when a resend would be
  needed, raises ``ServiceError(reason="needs_card")``;
- ``check_unknown(merchant_uid)``: one lookup of an open attempt, for the window's periodic re-check
  (``reconcile`` polls every open row with the full backoff and can take a minute);
- ``issue_cash_receipt(..., tax_free=0, product_type=None)``;
- ``register_and_charge`` takes a ``BillingCharge`` whose ``customer_uid`` is replaced by the new key's;
- ``ServiceSettings.default_product_type`` and ``.timezone``.

The settlement engine (``services.settlement.Settler``) is built here with the context and owns every
open operation: ``settle_due`` (the window's timer, background lane), ``open_operations`` (the list the
counter shows), ``check_operation`` ("지금 확인"), ``take_announcements`` (what the cashier must be told).

Recurring payment plans (정기결제) have a facade of their own: ``recurring`` (``services.recurring``).

People (``people``, a ``services.people.PeopleService``): every call that does something runs in the name
of the person signed in (``permissions``), checked against the role table here, at the services layer, not
only by the window's buttons. Refunds, cash receipt cancels, card deletions and the Z report take an
``approval=`` keyword (a manager's or owner's ``Approval`` from ``people.approve``) for a person whose
role is below the action's; without people set up, every call runs as before. ``audit``/``count_audit``/
``export_audit`` (the owner's) and ``day_by_cashier`` read who did what.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pos_app.domain import (
    BillingCharge,
    Buyer,
    CardSecrets,
    ExternalReceiptOrder,
    IdentifierType,
    KeyedCharge,
    ProductType,
    ReceiptType,
    mint_merchant_uid,
)
from pos_app.domain.people import Action
from pos_app.journal import (
    ActivityFilter,
    ActivityKind,
    ActivityRow,
    DayReportDocument,
    Journal,
    JournalHealth,
)
from pos_app.journal.audit import AuditFilter, AuditRow, CashierTotals
from pos_app.journal.records import (
    CancelRow,
    CompanyTotals,
    CustomerRow,
    DayReport,
    HistoryFilter,
    PaymentFacts,
    ReceiptRow,
    SaleRow,
)
from pos_app.journal.writer import writing_as
from pos_app.portone.client import PortOneClient
from pos_app.services import audit, billing_keys, cancels, cash_receipts, charging, day_close, exports
from pos_app.services import reconcile as reconciliation
from pos_app.services.context import InFlight, ServiceContext, ServiceSettings
from pos_app.services.errors import ServiceError
from pos_app.services.people import Approval, PeopleService
from pos_app.services.recurring import RecurringServices
from pos_app.services.results import (
    Announcement,
    CancelOutcome,
    DayDifference,
    DeleteOutcome,
    OpenOperation,
    ReceiptOutcome,
    ReconcileReport,
    RegistrationOutcome,
    SaleOutcome,
)
from pos_app.services.settlement import Settler

# The journal's value types the window needs travel through here (ui may not import the journal).
__all__ = [
    "ActivityFilter",
    "ActivityKind",
    "ActivityRow",
    "Announcement",
    "Approval",
    "AuditFilter",
    "AuditRow",
    "CancelOutcome",
    "CancelRow",
    "CashierTotals",
    "CompanyTotals",
    "CounterServices",
    "CustomerRow",
    "DayDifference",
    "DayReport",
    "DayReportDocument",
    "DeleteOutcome",
    "HistoryFilter",
    "JournalCheck",
    "OpenOperation",
    "PaymentFacts",
    "ReceiptOutcome",
    "ReceiptRow",
    "ReconcileReport",
    "RegistrationOutcome",
    "SaleOutcome",
    "SaleRow",
    "ServiceError",
    "ServiceSettings",
]


@dataclass(frozen=True)
class JournalCheck:
    """What the journal's background check found, for the window."""

    ok: bool
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    stopped: bool  # the window closed meanwhile: nothing was concluded


class CounterServices:
    def __init__(
        self,
        client: PortOneClient | None,
        journal: Journal,
        settings: ServiceSettings,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sleep = sleep
        self._ctx = self._context(client, journal, settings, clock, monotonic, InFlight())
        self._settler = self._ctx.settler
        self.people = PeopleService(lambda: self._ctx.journal, clock=clock, monotonic=monotonic)
        self.people.reload()
        # recurring payment plans (정기결제): always on the current context
        self.recurring = RecurringServices(lambda: self._ctx, self._acting)

    def _context(
        self,
        client: PortOneClient | None,
        journal: Journal,
        settings: ServiceSettings,
        clock: Callable[[], float],
        monotonic: Callable[[], float],
        in_flight: InFlight,
    ) -> ServiceContext:
        stopping = threading.Event()
        sleep = self._sleep
        if sleep is None:
            # an interruptible wait, so closing the window ends a minute-long reconciliation at once
            def sleep(seconds: float) -> None:
                stopping.wait(seconds)

        ctx = ServiceContext(
            client=client,
            journal=journal,
            settings=settings,
            clock=clock,
            sleep=sleep,
            in_flight=in_flight,
            stopping=stopping,
            monotonic=monotonic,
        )
        ctx.attach_settler(Settler(ctx))
        return ctx

    def reconfigure(self, client: PortOneClient | None, journal: Journal, settings: ServiceSettings) -> None:
        """Settings applied without a restart: from now on every call runs on ``client``, ``journal`` and
        ``settings`` with a new settlement engine; a call already running finishes on the old ones, whose
        waits end now. The in-flight guard is kept, so an old call and a new one never work on the same
        sale at once. Open operations live in the journal: the new engine takes them up in ``reconcile``."""
        old = self._ctx
        ctx = self._context(client, journal, settings, old.clock, old.monotonic, old.in_flight)
        self._ctx, self._settler = ctx, ctx.settler
        old.stopping.set()
        self.people.reload()  # another journal: its own people (and the session ends)

    def stop_waiting(self) -> None:
        """The app is closing: polls and reconciliation stop at their next wait, a journal check running
        in the background ends at once; open rows stay open and are reconciled at the next start. A request
        already sent still gets its answer recorded."""
        self._ctx.stopping.set()
        self._ctx.journal.interrupt()

    def check_journal(self) -> JournalCheck:
        """The journal's whole check — SQLite's integrity check, the keyed chain, the replay of every
        event compared with the tables, the anchors — run after start-up on the background lane (seconds
        to tens of seconds on a big journal; 승인 never waits for it). A problem found makes the journal
        refuse writes (``journal_health``)."""
        report = self._ctx.journal.full_check()
        return JournalCheck(
            ok=report.ok, problems=tuple(report.problems), warnings=tuple(report.warnings),
            stopped=report.stopped,
        )

    # --- state -------------------------------------------------------------------------------------
    @property
    def journal_health(self) -> JournalHealth:
        return self._ctx.journal.health

    @property
    def is_online(self) -> bool:
        return self._ctx.client is not None

    @property
    def settings(self) -> ServiceSettings:
        return self._ctx.settings

    # --- charges -----------------------------------------------------------------------------------
    def check_duplicate(self, order: KeyedCharge) -> list[SaleRow]:
        return charging.check_duplicate(self._ctx, order)

    def _acting(self, action: Action, approval: Approval | None = None, subject: str = "") -> Any:
        """The call's writer (``permissions``): AccessRefused here, before anything is written or sent."""
        return writing_as(self.people.writer_for(action, approval, subject))

    def charge_keyed_card(self, order: KeyedCharge, *, retry_of: str | None = None) -> SaleOutcome:
        with self._acting(Action.CHARGE):
            return charging.charge_keyed_card(self._ctx, order, retry_of=retry_of)

    def retry_unknown(self, merchant_uid: str, order: KeyedCharge | None = None) -> SaleOutcome:
        with self._acting(Action.CHARGE):
            return charging.retry_unknown(self._ctx, merchant_uid, order)

    def check_unknown(self, merchant_uid: str) -> SaleOutcome:
        """One lookup of a PENDING / UNKNOWN attempt (records it when PortOne can tell); never re-sends."""
        return charging.check_unknown(self._ctx, merchant_uid)

    def charge_billing_key(self, charge: BillingCharge, *, retry_of: str | None = None) -> SaleOutcome:
        with self._acting(Action.CHARGE_AGAIN):
            return charging.charge_billing_key(self._ctx, charge, retry_of=retry_of)

    # --- billing keys ------------------------------------------------------------------------------
    def register_card(self, card: CardSecrets, buyer: Buyer, consent_text: str) -> RegistrationOutcome:
        with self._acting(Action.REGISTER_CARD):
            return billing_keys.register_card(self._ctx, card, buyer, consent_text)

    def register_and_charge(
        self, card: CardSecrets, buyer: Buyer, consent_text: str, charge: BillingCharge
    ) -> tuple[RegistrationOutcome, SaleOutcome | None]:
        self.people.writer_for(Action.CHARGE_AGAIN)  # both must be allowed before the card is saved
        with self._acting(Action.REGISTER_CARD):
            return billing_keys.register_and_charge(self._ctx, card, buyer, consent_text, charge)

    def delete_billing_key(
        self, customer_uid: str, reason: str, *, approval: Approval | None = None
    ) -> DeleteOutcome:
        """Written ahead; returns once PortOne confirmed; raises ServiceError when refused or still open."""
        with self._acting(Action.DELETE_CARD, approval, customer_uid):
            return billing_keys.delete_billing_key(self._ctx, customer_uid, reason)

    def refresh_billing_key(self, customer_uid: str) -> CustomerRow:
        return billing_keys.refresh_billing_key(self._ctx, customer_uid)

    def find_customers(self, query: str) -> list[CustomerRow]:
        return self._ctx.journal.find_customers(query)

    def customer(self, customer_uid: str) -> CustomerRow | None:
        return self._ctx.journal.customer(customer_uid)

    # --- cancels -----------------------------------------------------------------------------------
    def cancel(
        self,
        merchant_uid: str,
        amount: int | None,
        reason: str,
        tax_free: int | None = None,
        *,
        approval: Approval | None = None,
    ) -> CancelOutcome:
        with self._acting(Action.REFUND, approval, merchant_uid):
            return cancels.cancel(self._ctx, merchant_uid, amount, reason, tax_free)

    def refresh_sale(self, merchant_uid: str) -> SaleRow:
        """Read the payment at PortOne again; the journal follows its record (refunds made elsewhere)."""
        return cancels.refresh_sale(self._ctx, merchant_uid)

    # --- cash receipts -----------------------------------------------------------------------------
    def issue_cash_receipt(
        self,
        merchant_uid: str,
        identifier: str,
        identifier_type: IdentifierType,
        receipt_type: ReceiptType,
        *,
        tax_free: int = 0,
        product_type: ProductType | None = None,
    ) -> ReceiptOutcome:
        with self._acting(Action.ISSUE_RECEIPT):
            return cash_receipts.issue_cash_receipt(
                self._ctx,
                merchant_uid,
                identifier,
                identifier_type,
                receipt_type,
                tax_free=tax_free,
                product_type=product_type,
            )

    def cancel_cash_receipt(self, receipt_id: str, *, approval: Approval | None = None) -> ReceiptOutcome:
        with self._acting(Action.CANCEL_RECEIPT, approval, receipt_id):
            return cash_receipts.cancel_cash_receipt(self._ctx, receipt_id)

    def issue_external_cash_receipt(self, order: ExternalReceiptOrder) -> ReceiptOutcome:
        with self._acting(Action.ISSUE_RECEIPT):
            return cash_receipts.issue_external_cash_receipt(self._ctx, order)

    def cancel_external_cash_receipt(
        self, merchant_uid: str, *, approval: Approval | None = None
    ) -> ReceiptOutcome:
        with self._acting(Action.CANCEL_RECEIPT, approval, merchant_uid):
            return cash_receipts.cancel_external_cash_receipt(self._ctx, merchant_uid)

    def mint_external_merchant_uid(self) -> str:
        """A merchant_uid for a cash sale taken outside PortOne (its external receipt's duplicate guard)."""
        return mint_merchant_uid(self._ctx.settings.counter_id, self._ctx.now())

    # --- settlement --------------------------------------------------------------------------------
    def reconcile(self, on_progress: Callable[[str], None] | None = None) -> ReconcileReport:
        """Start-up: take up the open operations of earlier runs and look at each once."""
        return reconciliation.reconcile(self._ctx, on_progress)

    def settle_due(self) -> list[Announcement]:
        """One background pass: look up every open operation that is due (blocking; background lane)."""
        if self._ctx.client is None or not self._ctx.journal.health.ok:
            return []
        return self._settler.run_due()

    def check_operation(self, op_id: str) -> OpenOperation | None:
        """ "지금 확인": look one operation up now; returns it if still open, None once final."""
        self._ctx.require_lookup_client()
        self._settler.check_now(op_id)
        return next((op for op in self._settler.snapshot() if op.op_id == op_id), None)

    def open_operations(self) -> list[OpenOperation]:
        """Every operation the settlement engine holds, oldest first (memory only: any thread)."""
        return self._settler.snapshot()

    def take_announcements(self) -> list[Announcement]:
        """What the settlement engine found that the cashier must be told; each is handed out once."""
        return self._settler.take_announcements()

    # --- reading -----------------------------------------------------------------------------------
    def sale(self, merchant_uid: str) -> SaleRow | None:
        return self._ctx.journal.sale(merchant_uid)

    def cancels_of(self, merchant_uid: str) -> list[CancelRow]:
        return self._ctx.journal.cancels_of(merchant_uid)

    def receipt_for(self, merchant_uid_or_imp_uid: str) -> ReceiptRow | None:
        return self._ctx.journal.receipt_for(merchant_uid_or_imp_uid)

    def receipts_of(self, merchant_uid_or_imp_uid: str) -> list[ReceiptRow]:
        """Every cash receipt issued or tried for one sale, oldest first."""
        return self._ctx.journal.receipts_of(merchant_uid_or_imp_uid)

    def open_sales(self) -> list[SaleRow]:
        return self._ctx.journal.open_sales()

    def history(self, flt: HistoryFilter, offset: int = 0, limit: int = 200) -> list[SaleRow]:
        return self._ctx.journal.history(flt, offset, limit)

    def count_history(self, flt: HistoryFilter) -> int:
        return self._ctx.journal.count_history(flt)

    # --- day close ---------------------------------------------------------------------------------
    def close_day(self, day: date, *, approval: Approval | None = None) -> DayReport:
        with self._acting(Action.CLOSE_DAY, approval):
            report = day_close.close_day(self._ctx, day)
            audit.record_day_report(self._ctx, day)
            return report

    def recheck_not_charged(self) -> int:
        """Look again at attempts closed as "no record at PortOne" lately (day close); returns how many
        turned out paid (each announced)."""
        return day_close.recheck_not_charged(self._ctx)

    def diff_day_with_portone(self, day: date) -> list[DayDifference]:
        return day_close.diff_day_with_portone(self._ctx, day)

    def day_report_document(
        self, day: date, shop_name: str = "", *, approval: Approval | None = None
    ) -> DayReportDocument:
        """The Z report as the screen shows, prints and exports it (shop name, time it was made), with the
        day split by cashier; a manager's or owner's (``approval``: for whoever is signed in below that)."""
        with self._acting(Action.CLOSE_DAY, approval):
            document = exports.day_report_document(self._ctx, day, shop_name)
            audit.record_day_report(self._ctx, day)
            return document

    def day_by_cashier(self, day: date) -> list[CashierTotals]:
        """The day's money by who took it and who gave it back (adds up to the Z report)."""
        return self._ctx.journal.day_by_cashier(day, self._ctx.tz)

    # --- who did what (the owner's) ----------------------------------------------------------------
    def audit(self, flt: AuditFilter, offset: int = 0, limit: int = 200) -> list[AuditRow]:
        self.people.writer_for(Action.AUDIT)
        return self._ctx.journal.audit(audit.in_shop_zone(self._ctx, flt), offset, limit)

    def count_audit(self, flt: AuditFilter) -> int:
        self.people.writer_for(Action.AUDIT)
        return self._ctx.journal.count_audit(audit.in_shop_zone(self._ctx, flt))

    def export_audit(self, flt: AuditFilter, path: Path) -> int:
        """The audit of ``flt`` as .xlsx or .csv (by the file name); returns the rows written."""
        with self._acting(Action.AUDIT):
            return audit.export_audit(self._ctx, flt, path)

    # --- combined history and the owner's files ----------------------------------------------------
    def activity(self, flt: ActivityFilter, offset: int = 0, limit: int = 200) -> list[ActivityRow]:
        """Card sales, cancels and cash receipts in one list, newest first."""
        return self._ctx.journal.activity(flt, offset, limit)

    def count_activity(self, flt: ActivityFilter) -> int:
        return self._ctx.journal.count_activity(flt)

    def export_activity(self, flt: ActivityFilter, path: Path) -> int:
        """The combined history as .xlsx or .csv (by the file name); returns the rows written."""
        return exports.export_activity(self._ctx, flt, path)

    def export_day_report(self, document: DayReportDocument, path: Path) -> None:
        """The Z report on screen as .xlsx or .csv (by the file name)."""
        exports.export_day_report_file(self._ctx, document, path)
