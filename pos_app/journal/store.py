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
and ``DayReport.anchor``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path

from sqlite_utils import Database

from pos_app.domain.outcomes import Outcome
from pos_app.journal import activity, anchors, customers, history, operations, receipts, sales
from pos_app.journal.activity import ActivityFilter, ActivityRow
from pos_app.journal.card_digit_guard import refuse_card_digits
from pos_app.journal.chain import walk
from pos_app.journal.checks import VerifyReport, full_check, startup_check, write_checkpoint
from pos_app.journal.codec import KIND_NAMES, decode
from pos_app.journal.connection import check_and_upgrade, is_transient, open_connection, problem_for_error
from pos_app.journal.errors import JournalHealth, JournalUnavailable
from pos_app.journal.event_view import long_payload, ref_of
from pos_app.journal.events import Sealer, WriteContext, write_transaction
from pos_app.journal.keys import FileKeyStore, KeyStore, KeyStoreUnreadable, key_bytes, new_key
from pos_app.journal.records import (
    BillingKeyIntent,
    CancelIntent,
    CancelRow,
    ChainReport,
    CustomerFacts,
    CustomerRow,
    DayReport,
    DecidedBy,
    EventRow,
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

_KEY_UNREADABLE = (
    "저널 봉인 키를 읽을 수 없습니다({where}: {reason}). 키링(자격 증명 관리자)이 잠겨 있거나 "
    "없습니다. 잠금을 풀고 프로그램을 다시 시작하세요. 그 전에는 결제를 받을 수 없습니다."
)
_NEW_KEY = (
    "저널 봉인 키({old})를 이 컴퓨터에서 찾을 수 없어 기록 #{first}부터 새 키({new})로 봉인합니다 "
    "(새 컴퓨터, 복원한 백업, 지워진 키링). 그 앞의 기록은 예전 키가 있는 컴퓨터에서만 검사할 수 "
    "있습니다."
)
_FILE_KEY = (
    "저널 봉인 키가 데이터 폴더의 파일에 있습니다({where}): 체험·시험용입니다. 실제 매장은 키링을 씁니다."
)


class Journal:
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

    # ----------------------------------------------------------------------------------------- keys
    def _new_sealer(self) -> Sealer:
        kid, secret = new_key()
        self.keys.save(kid, secret)
        self._key_cache[kid] = key_bytes(secret)
        self._sealer = Sealer(kid, key_bytes(secret))
        return self._sealer

    def _key_for(self, kid: str) -> bytes | None:
        if kid not in self._key_cache:
            try:
                secret = self.keys.load(kid)
            except KeyStoreUnreadable:
                secret = None
            self._key_cache[kid] = key_bytes(secret) if secret else None
        return self._key_cache[kid]

    def _take_key(self, conn: sqlite3.Connection, warnings: list[str]) -> list[str]:
        """Find the key in force; start a new one when it is gone (recorded in the chain)."""
        row = conn.execute("SELECT v FROM meta WHERE k = 'kid'").fetchone()
        if row is None:
            return ["저널에 봉인 키 기록이 없습니다: 저널이 손상되었습니다. 관리자에게 연락하세요."]
        kid = str(row[0])
        try:
            secret = self.keys.load(kid)
        except KeyStoreUnreadable as exc:
            return [_KEY_UNREADABLE.format(where=self.keys.describe(), reason=exc)]
        if secret:
            self._key_cache[kid] = key_bytes(secret)
            self._sealer = Sealer(kid, key_bytes(secret))
            return []
        if self._read_only:
            warnings.append(f"저널 봉인 키({kid})가 이 컴퓨터에 없어 봉인을 검사할 수 없습니다.")
            return []
        try:
            sealer = self._new_sealer()
            with write_transaction(conn, self._clock(), self.operator, self.counter_id, sealer) as tx:
                first = tx.append("K", None, {"kid": sealer.kid, "was": kid, "why": "이 컴퓨터에 키가 없음"})
        except (KeyStoreUnreadable, sqlite3.Error) as exc:
            self._sealer = None
            return [_KEY_UNREADABLE.format(where=self.keys.describe(), reason=exc)]
        warnings.append(_NEW_KEY.format(old=kid, first=first, new=sealer.kid))
        return []

    def rekey(self, reason: str) -> int:
        """Seal from the next event on with a new key (e.g. the old one may have been seen by someone);
        the change is an event of its own. Returns that event's id."""
        if not self.health.ok or self._sealer is None:
            raise JournalUnavailable(
                list(self.health.problems) or ["저널 봉인 키가 없어 기록할 수 없습니다."]
            )
        old = self._sealer.kid
        sealer = Sealer(*self._fresh_key())
        # a key change is sealed with the new key: it opens the new stretch
        with write_transaction(self._db().conn, self._clock(), self.operator, self.counter_id, sealer) as tx:
            event_id = tx.append("K", None, {"kid": sealer.kid, "was": old, "why": reason})
        self._sealer = sealer
        return event_id

    def accept_lost_events(self, reason: str) -> int:
        """The owner's acknowledgement that events after the latest anchor are gone for good (a backup put
        back after a disk failure): recorded as an event of its own with the anchor it falls short of,
        the anchor log set aside, and the journal takes money again. Returns the event's id.

        Only for a journal whose only problem is that anchor; verify shows the acknowledgement forever."""
        db = self._read_db()
        log = anchors.read_log(self.path)
        check = anchors.check(db.conn, log)
        if check.problem is None or check.latest is None:
            raise JournalUnavailable(["기준점과 맞지 않는 곳이 없습니다: 받아들일 것이 없습니다."])
        others = [p for p in self.health.problems if p != check.problem]
        if others or self._sealer is None:
            raise JournalUnavailable(others or ["저널 봉인 키가 없어 기록할 수 없습니다."])
        refuse_card_digits({"reason": reason})
        latest = check.latest
        head = anchors.head(db.conn)
        with write_transaction(db.conn, self._clock(), self.operator, self.counter_id, self._sealer) as tx:
            event_id = tx.append(
                "X",
                None,
                {
                    "n": latest.count,
                    "lh": latest.mac_hex,
                    "at": latest.at,
                    "had": head.count,
                    "why": reason,
                },
            )
        old = anchors.log_path(self.path)
        old.rename(old.with_name(f"{old.name}.{int(time.time())}.accepted"))
        self.health = JournalHealth(
            ok=True,
            problems=(),
            warnings=(
                *self.health.warnings,
                f"기록 #{head.count + 1}–#{latest.count}을(를) 잃은 것으로 받아들였습니다"
                f"(기록 #{event_id}): {reason}",
            ),
        )
        return event_id

    def _fresh_key(self) -> tuple[str, bytes]:
        kid, secret = new_key()
        self.keys.save(kid, secret)
        self._key_cache[kid] = key_bytes(secret)
        return kid, key_bytes(secret)

    # --------------------------------------------------------------------------------------- checks
    def _startup_check(self, conn: sqlite3.Connection, warnings: list[str]) -> list[str]:
        report = startup_check(conn, self._key_for, anchors.read_log(self.path), self._stop.is_set)
        self.last_check = report
        warnings.extend(report.warnings)
        if report.stopped:
            return ["저널 검사가 중단되었습니다(창을 닫음)."]
        if report.ok:
            self.checked_through = report.chain.head_id
        if report.ok and not self._read_only and self._sealer is not None and report.chain.head_id:
            self._save_checkpoint(conn, report.chain.head_id, report.chain.head_mac)
        return report.problems

    def _save_checkpoint(self, conn: sqlite3.Connection, head_id: int, head_mac: bytes) -> None:
        sealer = self._sealer
        if sealer is None or self._read_only:
            return
        # a checkpoint only saves time at the next start; never a reason to stop
        with contextlib.suppress(sqlite3.Error):
            write_checkpoint(conn, head_id, head_mac, sealer.kid, sealer.key)

    def full_check(self, *, integrity: bool = True, workers: int | None = None) -> VerifyReport:
        """The whole check (see ``checks.full_check``), on the calling thread: run it through a background
        runner. A problem found makes ``health`` refuse writes; ``interrupt()``/``close()`` stop it
        (``report.stopped``). The window shows ``report.problems`` / ``report.warnings``."""
        db = self._read_db()
        if not _is_v4(db.conn):
            version = db.conn.execute("PRAGMA user_version").fetchone()[0]
            report = VerifyReport(chain=walk((), self._key_for), full=True)
            report.problems.append(
                f"저널 형식 {version}은(는) 이 프로그램이 검사할 수 있는 형식(4)이 아닙니다. "
                "형식이 낮으면 프로그램으로 한 번 열어 올린 뒤, 높으면 새 프로그램으로 검사하세요."
            )
            return report
        conn = open_connection(self.path, read_only=True).conn  # its own, so interrupt() hits only it
        with self._lock:
            self._checking = conn
        try:
            report = full_check(
                conn,
                self._key_for,
                anchors.read_log(self.path),
                self._stop.is_set,
                integrity,
                self.path,
                _workers(anchors.head(conn).count) if workers is None else workers,
            )
        finally:
            with self._lock:
                self._checking = None
            conn.close()
        self.last_check = report
        if report.problems and not report.stopped:
            self.health = JournalHealth(
                ok=False, problems=(*self.health.problems, *report.problems), warnings=self.health.warnings
            )
        elif report.ok:
            self.checked_through = report.chain.head_id
            self._save_checkpoint(db.conn, report.chain.head_id, report.chain.head_mac)
            self.write_anchor()
        return report

    def verify(self) -> VerifyReport:
        """The owner's verify: the full check, without changing ``health``'s write permission twice."""
        return self.full_check()

    def interrupt(self) -> None:
        """Stop a running check as soon as possible (SQLite's interrupt plus the replay's own flag)."""
        self._stop.set()
        with self._lock:
            checking = self._checking
        if checking is not None:
            checking.interrupt()

    def anchor(self) -> anchors.Anchor:
        """The chain head now (what the Z report prints)."""
        return anchors.head(self._read_db().conn)

    def write_anchor(self) -> anchors.Anchor | None:
        """Append the chain head to the anchor log next to the journal; None when that cannot be done."""
        try:
            return anchors.append_log(self.path, self.anchor())
        except (OSError, sqlite3.Error, JournalUnavailable):
            return None

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
        try:
            with write_transaction(db.conn, self._clock(), self.operator, self.counter_id, sealer) as tx:
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
        )

    def events(self, after_id: int = 0, *, journal_events: bool = False) -> list[EventRow]:
        """The money events after ``after_id``: long kind names, the natural key they act on, and their
        body with the record's field names. ``journal_events`` adds the journal's own (start, key
        change, who writes)."""
        conn = self._read_db().conn
        start = (
            conn.execute("SELECT m FROM events WHERE id = ?", (after_id,)).fetchone() if after_id else None
        )
        prev = bytes(start[0]) if start else bytes(16)
        who_row = conn.execute(
            "SELECT b FROM events WHERE k = 'W' AND id <= ? ORDER BY id DESC LIMIT 1", (after_id,)
        ).fetchone()
        who = decode(who_row[0]) if who_row else {}
        out: list[EventRow] = []
        for event_id, ts, kind, group, body_text, seal in conn.execute(
            "SELECT id, ts, k, g, b, m FROM events WHERE id > ? ORDER BY id", (after_id,)
        ).fetchall():
            body = decode(body_text)
            if kind == "W":
                who = body
            if journal_events or kind not in ("G", "K", "W"):
                out.append(
                    EventRow(
                        id=event_id,
                        ts=ts,
                        kind=KIND_NAMES.get(kind, kind),
                        ref=ref_of(conn, kind, group, event_id, body),
                        payload=long_payload(kind, body),
                        operator=str(who.get("o", "")),
                        counter_id=str(who.get("c", "")),
                        prev_hash=prev.hex(),
                        hash=bytes(seal).hex(),
                    )
                )
            prev = bytes(seal)
        return out

    def verify_chain(self) -> ChainReport:
        """The keyed chain alone, from the first event (``verify()`` also replays and checks anchors).
        ``ok`` is False when a stretch could not be checked for want of its key."""
        db = self._read_db()
        db.conn.execute("BEGIN")
        try:
            cursor = db.conn.execute("SELECT id, ts, k, g, b, m FROM events ORDER BY id")
            result = walk(cursor, self._key_for)
        finally:
            db.conn.execute("ROLLBACK")
        reason = result.reason
        if reason is None and result.unchecked:
            reason = "봉인 키가 없어 검사하지 못한 기록이 있습니다."
        first = result.first_broken_id
        if first is None and result.unchecked:
            first = result.unchecked[0].first
        return ChainReport(result.ok, result.checked, first, reason)


def _workers(events: int) -> int:
    """Processes for a full replay: one per core (at most 4) on a big journal (starting one costs about
    half a second), except in the frozen app, whose executable would start the whole program again."""
    if getattr(sys, "frozen", False) or events < 100_000:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _is_v4(conn: sqlite3.Connection) -> bool:
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) == 4
    except sqlite3.Error:
        return False


def _set_aside_old_anchors(path: Path) -> list[str]:
    """A new journal file where anchors of an earlier one exist: the earlier file was deleted or moved.
    Keep its anchors (renamed) and say so; the new journal starts its own log."""
    old = anchors.log_path(path)
    if not old.exists():
        return []
    earlier = anchors.read_log(path)
    kept = old.with_name(f"{old.name}.{int(time.time())}.old")
    try:
        old.rename(kept)
    except OSError:
        return []
    last = earlier[-1] if earlier else None
    told = f"(마지막 기준점: {last.at[:16].replace('T', ' ')} {last.text})" if last else ""
    return [
        f"저널 파일이 없어 새로 만들었습니다. 이전 저널의 기준점 기록이 있었습니다{told}: 이전 파일이 "
        f"지워졌거나 옮겨졌습니다. 그 기준점은 {kept.name} 에 보관했습니다."
    ]
