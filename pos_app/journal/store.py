"""The ``Journal``: the one object the rest of the program writes money facts to and reads them from.

Each ``record_*`` method is one transaction holding its sealed event and the projection of it onto the
current-state tables, and is refused with ``JournalUnavailable`` while the checks found a problem (or a
write failed on the disk, or the sealing key cannot be read): no journal, no money call. Reads keep
working as long as the file can be read at all.

Opening (``Journal.open``) runs the quick check before 승인 (``checks.startup_check``: the events since
the last check); ``full_check()`` runs everything (SQLite's integrity check, the whole chain, the
replay of every event against every row, the anchors) and is meant for a background runner;
``interrupt()`` (and ``close()``) stop a running check within a moment. ``verify()`` is the owner's
command: the full check, reported. See ``checks`` and the README's threat model for what each finds.

Keys: ``keys`` is where the sealing key lives (``keys.KeyStore``; the app passes the OS keyring, the
sandbox its own file). When the journal's key is not in the store (a new PC, a restored backup, a wiped
keyring) the journal starts a new key from the next event on, recorded as a ``key_changed`` event and
shown in ``health.warnings`` and by verify; when the store does not answer, writes are refused.
Passing no ``keys`` keeps the key in a file next to the journal and says so in ``health.warnings``.

Threads: every thread gets its own SQLite connection (``threading.local``); ``close`` closes them all.
Writers serialise on SQLite's write lock (``BEGIN IMMEDIATE`` + busy timeout).

Beyond INTERFACES.md: ``Journal.open(..., read_only=True)`` opens the file for reading only (health then
says it cannot be written); ``backup_path`` is the copy made before a schema upgrade; an intent or
result that would break an invariant raises ``IntentRefused`` (a ValueError) and records nothing, and
typed text holding a card number or an unstorable character raises ``CardDataRefused``/``TextRefused``
(``FieldError``s); a result for an id without an intent is refused the same way; a closed journal raises
``JournalUnavailable``; reads raise ``JournalUnavailable`` only when the file cannot be read at all;
``iter_history`` streams a whole history for exports; ``activity`` / ``count_activity`` /
``iter_activity`` read the combined history of sales, cancels and cash receipts (``journal.activity``).
Added with the sealed format: ``keys=`` on ``open``, ``health.warnings``, ``full_check``, ``verify``,
``interrupt``, ``rekey``, ``anchor``/``write_anchor``, ``last_check``, ``events(journal_events=True)``,
and ``DayReport.anchor``. Recurring payment plans (``store_plans``): ``record_plan*``,
``record_payment_*``, ``plan*``; the Z report's ``scheduled_count``/``scheduled_sum``.
Added with people (schema 6, ``store_people``): the writer of each write comes from ``writer.writing_as``
(else the run's ``operator``), people and audit events, ``people``/``policy``, ``audit``/``count_audit``/
``iter_audit``, ``day_by_cashier``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal import activity, anchors, customers, history, operations, plans, receipts, sales
from pos_app.journal.activity import ActivityFilter, ActivityRow
from pos_app.journal.checks import VerifyReport
from pos_app.journal.connection import check_and_upgrade, is_transient, open_connection, problem_for_error
from pos_app.journal.errors import JournalHealth, JournalUnavailable
from pos_app.journal.events import Sealer, WriteContext, write_transaction
from pos_app.journal.keys import FileKeyStore, KeyStore
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelIntent,
    CancelRow,
    CustomerFacts,
    CustomerRow,
    DayReport,
    DecidedBy,
    HistoryFilter,
    OperationKind,
    OperationRow,
    PaymentFacts,
    ReceiptFacts,
    ReceiptIntent,
    ReceiptRow,
    SaleIntent,
    SaleRow,
)
from pos_app.journal.store_people import PeopleJournal
from pos_app.journal.store_plans import PlanJournal
from pos_app.journal.store_seal import _is_v4, _set_aside_old_anchors
from pos_app.journal.writer import current_writer

_FILE_KEY = (
    "저널 봉인 키가 데이터 폴더의 파일에 있습니다({where}): 체험·시험용입니다. 실제 매장은 키링을 씁니다."
)


class Journal(PlanJournal, PeopleJournal):
    """Write-ahead journal over one SQLite file. Build with ``Journal.open``."""

    def __init__(
        self,
        path: Path,
        *,
        counter_id: str,
        operator: str,
        clock: Callable[[], float],
        read_only: bool,
        keys: KeyStore,
    ) -> None:
        self.path = path
        self.counter_id = counter_id
        self.operator = operator
        self.keys = keys
        self._clock = clock
        self._read_only = read_only
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[Database] = []
        self._closed = False
        self._stop = threading.Event()
        self._readable = True
        self._sealer: Sealer | None = None
        self._key_cache: dict[str, bytes | None] = {}
        self.health = JournalHealth(ok=True)
        self.backup_path: Path | None = None  # copy made before the last schema upgrade, if any
        self.last_check: VerifyReport | None = None  # the start-up check's, then the last full check's
        self._checking: sqlite3.Connection | None = None
        self.checked_through = 0  # the last event a passed check covered (chain and replay)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        counter_id: str,
        operator: str,
        clock: Callable[[], float] = time.time,
        read_only: bool = False,
        keys: KeyStore | None = None,
        stop: threading.Event | None = None,
    ) -> Journal:
        """Open (creating or upgrading) the journal at ``path`` and check it; never raises for a bad file:
        look at ``health``. ``read_only`` opens it for reading only (owner's tools, tests). ``stop``, set
        by another thread (the window closing), ends the start-up check within a moment: the journal then
        reports the check as stopped and refuses writes."""
        path = Path(path)
        warnings: list[str] = []
        if keys is None:
            keys = FileKeyStore(path.parent)
            warnings.append(_FILE_KEY.format(where=keys.describe()))
        journal = cls(
            path, counter_id=counter_id, operator=operator, clock=clock, read_only=read_only, keys=keys
        )
        if stop is not None:
            journal._stop = stop
        problems: list[str] = []
        fresh = not path.exists()
        try:
            if not read_only:
                journal.path.parent.mkdir(parents=True, exist_ok=True)
            db = journal._db()
        except sqlite3.Error as exc:
            problems.append(problem_for_error(exc, journal.path))
            journal._readable = False
        except OSError as exc:
            problems.append(
                f"저널 파일을 열 수 없습니다({journal.path}): {exc}. 데이터 폴더가 있는지, 쓰기 권한이 "
                "있는지 확인하세요."
            )
            journal._readable = False
        else:
            report = check_and_upgrade(db, journal.path, journal._new_sealer, clock(), (operator, counter_id))
            problems.extend(report.problems)
            journal._readable = report.readable
            journal.backup_path = report.backup
            if fresh and report.upgraded:
                warnings.extend(_set_aside_old_anchors(journal.path))
            if (report.readable and not report.problems) or (report.readable and _is_v4(db.conn)):
                problems.extend(journal._take_key(db.conn, warnings))
                if report.upgraded and journal._sealer is not None:
                    # the new file was just built by the projection itself: checked up to here
                    head = anchors.head(db.conn)
                    journal._save_checkpoint(db.conn, head.count, bytes.fromhex(head.mac_hex))
                if not problems or journal._sealer is not None:
                    problems.extend(journal._startup_check(db.conn, warnings))
        journal.health = JournalHealth(ok=not problems, problems=tuple(problems), warnings=tuple(warnings))
        return journal

    def close(self) -> None:
        self.interrupt()
        if not self._closed and self._readable and not self._read_only and self.health.ok:
            self.write_anchor()
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for db in connections:
            db.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------- connections
    def _db(self) -> Database:
        if self._closed:
            raise JournalUnavailable(["저널이 닫혔습니다."])
        db: Database | None = getattr(self._local, "db", None)
        if db is not None:
            return db
        with self._lock:
            if self._closed:
                raise JournalUnavailable(["저널이 닫혔습니다."])
            db = open_connection(self.path, read_only=self._read_only)
            self._connections.append(db)
        self._local.db = db
        return db

    def _read_db(self) -> Database:
        if not self._readable:
            raise JournalUnavailable(list(self.health.problems))
        return self._db()

    @contextmanager
    def _write(self) -> Iterator[WriteContext]:
        if not self.health.ok:
            raise JournalUnavailable(list(self.health.problems))
        sealer = self._sealer
        if sealer is None:
            raise JournalUnavailable(["저널 봉인 키가 없어 기록할 수 없습니다."])
        db = self._db()
        writer = current_writer()  # the call's (writer.writing_as), else the run's operator
        operator, approver = (writer.operator, writer.approver) if writer is not None else (self.operator, "")
        try:
            with write_transaction(db.conn, self._clock(), operator, self.counter_id, sealer, approver) as tx:
                yield tx
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            problem = problem_for_error(exc, self.path)
            if not is_transient(exc):
                # The disk went away, filled up or turned read-only: stop taking money until restart.
                self.health = JournalHealth(
                    ok=False, problems=(*self.health.problems, problem), warnings=self.health.warnings
                )
            raise JournalUnavailable([problem]) from exc

    # ------------------------------------------------------------------------------------- sales
    def record_sale_intent(self, intent: SaleIntent) -> None:
        with self._write() as tx:
            sales.record_sale_intent(tx, intent)

    def record_sale_result(
        self,
        merchant_uid: str,
        outcome: Outcome,
        *,
        payment: PaymentFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            sales.record_sale_result(tx, merchant_uid, outcome, payment, message, decided_by)

    def sale(self, merchant_uid: str) -> SaleRow | None:
        return sales.sale(self._read_db(), merchant_uid)

    def open_sales(self) -> list[SaleRow]:
        return sales.open_sales(self._read_db())

    def history_of_sale(self, sale_id: str) -> list[SaleRow]:
        """Every attempt (merchant_uid) of one sale, oldest first."""
        return sales.attempts_of_sale(self._read_db(), sale_id)

    def recent_similar_sales(self, card_hint: str, amount: int, since_ts: float) -> list[SaleRow]:
        return sales.recent_similar_sales(self._read_db(), card_hint, amount, since_ts)

    # ----------------------------------------------------------------------------------- cancels
    def record_cancel_intent(self, intent: CancelIntent) -> None:
        with self._write() as tx:
            sales.record_cancel_intent(tx, intent)

    def record_cancel_result(
        self,
        cancel_id: str,
        outcome: Outcome,
        *,
        payment: PaymentFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            sales.record_cancel_result(tx, cancel_id, outcome, payment, message, decided_by)

    def cancels_of(self, merchant_uid: str) -> list[CancelRow]:
        return sales.cancels_of(self._read_db(), merchant_uid)

    def open_cancels(self) -> list[CancelRow]:
        return sales.open_cancels(self._read_db())

    # --------------------------------------------------------------------------------- customers
    def record_billing_key_intent(self, intent: BillingKeyIntent) -> None:
        with self._write() as tx:
            customers.record_billing_key_intent(tx, intent)

    def record_billing_key_result(
        self,
        customer_uid: str,
        outcome: Outcome,
        *,
        facts: CustomerFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            customers.record_billing_key_result(tx, customer_uid, outcome, facts, message, decided_by)

    def record_billing_key_delete_intent(
        self, customer_uid: str, reason: str | None, portone_at: float | None = None
    ) -> str:
        """Write a saved card's deletion ahead of the DELETE; returns the operation's id."""
        with self._write() as tx:
            return customers.record_billing_key_delete_intent(tx, customer_uid, reason, portone_at)

    def record_billing_key_delete_result(
        self, op_id: str, outcome: Outcome, *, message: str | None, decided_by: DecidedBy = "reply"
    ) -> None:
        with self._write() as tx:
            customers.record_billing_key_delete_result(tx, op_id, outcome, message, decided_by)

    def record_billing_key_gone(self, customer_uid: str, message: str | None) -> None:
        with self._write() as tx:
            customers.record_billing_key_gone(tx, customer_uid, message)

    def record_billing_key_deleted(self, customer_uid: str, reason: str | None) -> None:
        with self._write() as tx:
            customers.record_billing_key_deleted(tx, customer_uid, reason)

    def customer(self, customer_uid: str) -> CustomerRow | None:
        return customers.customer(self._read_db(), customer_uid)

    def find_customers(self, query: str = "") -> list[CustomerRow]:
        return customers.find_customers(self._read_db(), query)

    def open_billing_keys(self) -> list[CustomerRow]:
        return customers.open_billing_keys(self._read_db())

    # ---------------------------------------------------------------------------------- receipts
    def record_receipt_intent(self, intent: ReceiptIntent) -> None:
        with self._write() as tx:
            receipts.record_receipt_intent(tx, intent)

    def record_receipt_result(
        self,
        receipt_id: str,
        outcome: Outcome,
        *,
        facts: ReceiptFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            receipts.record_receipt_result(tx, receipt_id, outcome, facts, message, decided_by)

    def record_receipt_cancel_intent(self, receipt_id: str, portone_at: float | None = None) -> str:
        """Write a cash receipt's cancel ahead of the request; returns the operation's id."""
        with self._write() as tx:
            return receipts.record_receipt_cancel_intent(tx, receipt_id, portone_at)

    def record_receipt_cancel_result(
        self,
        op_id: str,
        outcome: Outcome,
        *,
        facts: ReceiptFacts | None,
        message: str | None,
        decided_by: DecidedBy = "reply",
    ) -> None:
        with self._write() as tx:
            receipts.record_receipt_cancel_result(tx, op_id, outcome, facts, message, decided_by)

    def record_receipt_cancelled(self, receipt_id: str, facts: ReceiptFacts | None) -> None:
        with self._write() as tx:
            receipts.record_receipt_cancelled(tx, receipt_id, facts)

    def receipt_for(self, merchant_uid_or_imp_uid: str) -> ReceiptRow | None:
        return receipts.receipt_for(self._read_db(), merchant_uid_or_imp_uid)

    def open_receipts(self) -> list[ReceiptRow]:
        return receipts.open_receipts(self._read_db())

    def receipts_of(self, merchant_uid_or_imp_uid: str) -> list[ReceiptRow]:
        """Every receipt issued or tried for one sale, oldest first (also found by receipt_id)."""
        return receipts.receipts_of(self._read_db(), merchant_uid_or_imp_uid)

    # -------------------------------------------------------------------------------- operations
    def open_operations(self) -> list[OperationRow]:
        """Every money operation of any kind not final yet (the settlement engine's work list)."""
        return operations.open_operations(self._read_db())

    def operation(self, op_id: str) -> OperationRow | None:
        return operations.operation(self._read_db(), op_id)

    def operations_of(self, ref: str) -> list[OperationRow]:
        return operations.operations_of(self._read_db(), ref)

    def decided_by_window_since(
        self, since_ts: float, kind: OperationKind | None = None
    ) -> list[OperationRow]:
        """Operations closed as "no record at PortOne for the whole window" since ``since_ts``."""
        return operations.decided_by_window_since(self._read_db(), since_ts, kind)

    # ----------------------------------------------------------------------------------- queries
    def history(self, flt: HistoryFilter, offset: int = 0, limit: int = 200) -> list[SaleRow]:
        return history.history(self._read_db(), flt, offset, limit)

    def iter_history(self, flt: HistoryFilter) -> Iterator[SaleRow]:
        """All matching sales, newest first, streamed (for exports); iterate on the calling thread."""
        return history.iter_history(self._read_db(), flt)

    def count_history(self, flt: HistoryFilter) -> int:
        return history.count_history(self._read_db(), flt)

    def activity(self, flt: ActivityFilter, offset: int = 0, limit: int = 200) -> list[ActivityRow]:
        """Card sales, cancels and cash receipts in one list, newest first (``journal.activity``)."""
        return activity.activity(self._read_db(), flt, offset, limit)

    def iter_activity(self, flt: ActivityFilter) -> Iterator[ActivityRow]:
        """The whole combined history of ``flt``, streamed (for exports); iterate on the calling thread."""
        return activity.iter_activity(self._read_db(), flt)

    def count_activity(self, flt: ActivityFilter) -> int:
        return activity.count_activity(self._read_db(), flt)

    def day_report(self, day: date, tz: tzinfo) -> DayReport:
        """The Z report of ``day``, with the chain head as its anchor (also written to the anchor log) and
        how far the checks confirmed the journal (``verified_through``: events after it were written by
        this program since, through the projection, and are checked at the next start)."""
        report = history.day_report(self._read_db(), day, tz)
        scheduled_count, scheduled_sum = plans.scheduled_totals(self._read_db(), day, tz)
        head = self.anchor()
        try:
            anchor = anchors.append_log(self.path, head)
        except OSError:
            anchor = head
        return replace(
            report,
            anchor=anchor.text,
            anchor_count=anchor.count,
            anchor_mac=anchor.mac_hex,
            verified_through=self.checked_through,
            scheduled_count=scheduled_count,
            scheduled_sum=scheduled_sum,
        )
