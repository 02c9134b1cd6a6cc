"""The ``Journal``'s seal and checks: its key, the checks before 승인 and in the background, anchors,
and the views of the chain (``events``, ``verify_chain``). ``Journal`` (``store``) is built on this base;
see ``store``'s docstring for the whole API and ``checks`` for what each check does.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from sqlite_utils import Database

from pos_app.journal import anchors
from pos_app.journal.card_digit_guard import refuse_card_digits
from pos_app.journal.chain import walk
from pos_app.journal.checks import VerifyReport, full_check, startup_check, write_checkpoint
from pos_app.journal.codec import KIND_NAMES, decode
from pos_app.journal.connection import open_connection
from pos_app.journal.errors import JournalHealth, JournalUnavailable
from pos_app.journal.event_view import long_payload, ref_of
from pos_app.journal.events import Sealer, WriteContext, write_transaction
from pos_app.journal.keys import KeyStore, KeyStoreUnreadable, key_bytes, new_key
from pos_app.journal.records import ChainReport, EventRow
from pos_app.journal.schema import SCHEMA_VERSION

_KEY_UNREADABLE = (
    "저널 봉인 키를 읽을 수 없습니다({where}: {reason}). 키링(자격 증명 관리자)이 잠겨 있거나 "
    "없습니다. 잠금을 풀고 프로그램을 다시 시작하세요. 그 전에는 결제를 받을 수 없습니다."
)
_NEW_KEY = (
    "저널 봉인 키({old})를 이 컴퓨터에서 찾을 수 없어 기록 #{first}부터 새 키({new})로 봉인합니다 "
    "(새 컴퓨터, 복원한 백업, 지워진 키링). 그 앞의 기록은 예전 키가 있는 컴퓨터에서만 검사할 수 "
    "있습니다."
)


class SealedJournal:
    """What ``Journal`` keeps about its seal and its checks (its attributes are set by ``Journal``)."""

    path: Path
    counter_id: str
    operator: str
    keys: KeyStore
    health: JournalHealth
    last_check: VerifyReport | None
    checked_through: int
    _clock: Callable[[], float]
    _read_only: bool
    _lock: threading.Lock
    _stop: threading.Event
    _sealer: Sealer | None
    _key_cache: dict[str, bytes | None]
    _checking: sqlite3.Connection | None

    def _db(self) -> Database:
        raise NotImplementedError

    def _read_db(self) -> Database:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[WriteContext]:
        raise NotImplementedError

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
                f"저널 형식 {version}은(는) 이 프로그램이 검사할 수 있는 형식({SCHEMA_VERSION})이 아닙니다. "
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
        except sqlite3.OperationalError as exc:
            # interrupt() can land between the check's own statements (counting the events before it
            # starts, its warnings after): stopped, like an interrupt inside it, never an error
            if "interrupt" not in str(exc).lower():
                raise
            report = VerifyReport(chain=walk((), self._key_for), full=True, stopped=True)
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
                        approver=str(who.get("a", "")),
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
    """The file is in the sealed format this program reads (format 4 and the layout steps after it; the
    replay projects into the current layout, so an older step is upgraded first)."""
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) == SCHEMA_VERSION
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
