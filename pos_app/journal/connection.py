"""Opening the journal file: connection settings, start-up checks, upgrades, and what the owner is told.

Every thread gets its own connection (``open_connection``), all with WAL, ``synchronous=FULL``,
``foreign_keys=ON``, a busy timeout and the function the state tables' guard triggers ask for, wrapped in
a ``sqlite_utils.Database``. ``check_and_upgrade`` runs once at start-up: the file is a readable
database, journal mode actually WAL, the file can be written, and the schema version (older → backed up
next to the file, then upgraded; newer → left alone). Each problem is a Korean sentence the owner can act
on; the journal refuses writes while there is any.

SQLite's ``integrity_check`` reads the whole file (44 s on a 1,000,000-sale journal) and is not run
here: it is part of the background full check (``checks.full_check``); opening reads only the header
and the schema, so the counter is ready in the time of a small file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from pos_app.domain import crashpoints
from pos_app.journal import schema, schema_v4

BUSY_TIMEOUT_MS = 5000


def open_connection(path: Path, *, read_only: bool = False) -> Database:
    """A new connection with the journal's settings. Raises sqlite3.Error when the file cannot be opened."""
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        schema_v4.register_functions(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return Database(conn, execute_plugins=False)


@dataclass
class StartupReport:
    """What ``check_and_upgrade`` found: problems for the owner, and whether reading is possible."""

    problems: list[str] = field(default_factory=list)
    readable: bool = True
    upgraded: list[int] = field(default_factory=list)
    backup: Path | None = None


def problem_for_error(exc: sqlite3.Error, path: Path) -> str:
    """The owner's sentence for a SQLite failure while writing."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return (
            f"저널 파일에 쓸 수 없습니다(읽기 전용 디스크이거나 쓰기 권한이 없습니다: {path}). "
            "파일과 폴더의 쓰기 권한을 확인하고 프로그램을 다시 시작하세요."
        )
    if "full" in text:
        return (
            "디스크 공간이 부족해 저널에 기록할 수 없습니다. 디스크 공간을 확보한 뒤 "
            "프로그램을 다시 시작하세요."
        )
    if "locked" in text or "busy" in text:
        return (
            "다른 프로그램이 저널을 잠그고 있습니다. 같은 데이터 폴더를 쓰는 다른 창이나 프로그램을 닫고 "
            "다시 시도하세요."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"저널 파일이 손상되었거나 저널 파일이 아닙니다({path}). 결제를 멈추고 이 파일을 그대로 "
            "보관한 채 관리자에게 연락하세요. 새 저널로 시작하려면 파일을 다른 폴더로 옮긴 뒤 "
            "다시 시작하세요."
        )
    if "disk i/o" in text or "unable to open" in text:
        return (
            f"저널 파일을 읽거나 쓰는 중 디스크 오류가 났습니다({path}). 디스크 연결과 상태를 확인하고 "
            "프로그램을 다시 시작하세요."
        )
    return f"저널 파일을 사용할 수 없습니다({path}): {exc}. 관리자에게 연락하세요."


def is_transient(exc: sqlite3.Error) -> bool:
    """Locked/busy is someone else's write in progress, not a broken journal."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def check_and_upgrade(
    db: Database,
    path: Path,
    new_sealer: Callable[[], Any] | None = None,
    now: float | None = None,
    who: tuple[str, str] = ("", ""),
) -> StartupReport:
    """``new_sealer()`` makes (and stores) the key a new or upgraded journal is sealed with."""
    report = StartupReport()
    conn = db.conn
    try:
        # reading the schema reads the header and the schema pages: "not a database" shows here
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        rows = (
            [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()] if _small(conn) else ["ok"]
        )
    except sqlite3.Error as exc:
        report.problems.append(problem_for_error(exc, path))
        report.readable = False
        return report
    if rows != ["ok"]:
        report.problems.append(
            f"저널 파일 무결성 검사에 실패했습니다({'; '.join(rows[:3])}). "
            "결제를 멈추고 파일을 복사해 보관한 뒤 "
            "관리자에게 연락하세요."
        )

    writable = _probe_writable(conn, path, report)
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != "wal" and writable:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.Error as exc:
            report.problems.append(problem_for_error(exc, path))
    if mode != "wal":
        report.problems.append(
            f"저널을 WAL 모드로 열 수 없습니다(현재 {mode}). 데이터 폴더를 네트워크 드라이브나 읽기 전용 "
            "위치가 아닌 이 컴퓨터의 디스크로 옮기세요."
        )

    version = schema.user_version(conn)
    if version > schema.SCHEMA_VERSION:
        report.problems.append(
            f"이 저널은 더 새 버전의 프로그램이 만든 것입니다(저널 형식 {version}, 이 프로그램은 "
            f"{schema.SCHEMA_VERSION}까지). 프로그램을 최신 버전으로 업데이트하세요. 기록 조회만 가능합니다."
        )
        return report
    if version == 0 and _has_tables(conn):
        report.problems.append(
            f"저널 파일 자리에 다른 프로그램의 데이터베이스가 있습니다({path}). 그 파일을 옮기거나 "
            "설정에서 다른 데이터 폴더를 고르세요."
        )
        report.readable = False
        return report
    if version < schema.SCHEMA_VERSION:
        if not writable:
            report.problems.append(
                f"저널 형식을 {version}에서 {schema.SCHEMA_VERSION}(으)로 올려야 하는데 파일에 쓸 수 "
                "없습니다. 쓰기 권한을 확인하고 다시 시작하세요."
            )
            report.readable = False
            return report
        if version > 0:
            report.backup = _backup(conn, path, version)
            crashpoints.reached("upgrade.backed_up")
        try:
            sealer = new_sealer() if new_sealer is not None else None
        except Exception as exc:
            report.problems.append(
                f"저널을 봉인할 키를 만들 수 없습니다({type(exc).__name__}: {exc}). "
                "이 컴퓨터의 키링(자격 증명 "
                "관리자)을 사용할 수 있는지 확인하세요."
            )
            report.readable = version > 0
            return report
        try:
            report.upgraded = schema.upgrade(db, sealer=sealer, now=now, who=who)
        except sqlite3.Error as exc:
            report.problems.append(
                f"저널 형식을 {schema.SCHEMA_VERSION}(으)로 올리지 못했습니다: {exc}. "
                f"원래 파일의 사본이 {report.backup} 에 있습니다. 관리자에게 연락하세요."
            )
            report.readable = False
    return report


def _small(conn: sqlite3.Connection) -> bool:
    # a small file (about 10,000 sales) is checked whole before 승인 in a fraction of a second; a big one
    # in the background (checks.full_check)
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    return pages <= 5_000


def _probe_writable(conn: sqlite3.Connection, path: Path, report: StartupReport) -> bool:
    # A real write rolled back: rewriting user_version with its own value touches the file header, so it
    # fails on a read-only file, folder, medium or connection exactly as a record would (taking the
    # write lock alone succeeds on a read-only WAL file).
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA user_version = {schema.user_version(conn)}")
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        report.problems.append(problem_for_error(exc, path))
        return False
    return True


def _has_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(row[0]) > 0


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the file before an upgrade (SQLite's online backup: consistent even with a WAL)."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.v{version}.{counter}.bak")
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target
