"""Start-up checks: a journal that cannot be trusted refuses writes with owner-readable reasons,
and still lets what can be read be read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from journal_factories import ManualClock, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import Journal, JournalUnavailable
from pos_app.journal import store as store_module
from pos_app.journal.schema import SCHEMA_VERSION, upgrade


def _open(path: Path, **kw: bool) -> Journal:
    return Journal.open(path, counter_id="C01", operator="김점원", clock=ManualClock(), **kw)


def _seed(path: Path) -> None:
    journal = _open(path)
    try:
        journal.record_sale_intent(sale_intent("M-1"))
        journal.record_sale_result("M-1", Outcome.APPROVED, payment=paid(), message=None)
    finally:
        journal.close()


def _assert_refuses_writes(journal: Journal) -> None:
    with pytest.raises(JournalUnavailable) as info:
        journal.record_sale_intent(sale_intent("M-2"))
    assert info.value.problems == list(journal.health.problems)
    with pytest.raises(JournalUnavailable):
        journal.record_cancel_result("X", Outcome.CANCELLED, payment=None, message=None)


@contextmanager
def _unhealthy(path: Path, reason: str, **kw: bool) -> Iterator[Journal]:
    """Open ``path``; it must report a problem mentioning ``reason`` and refuse writes. Closed after."""
    journal = _open(path, **kw)
    try:
        assert not journal.health.ok
        assert any(reason in p for p in journal.health.problems)
        _assert_refuses_writes(journal)
        yield journal
    finally:
        journal.close()


def test_fresh_journal_is_healthy_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "journal.sqlite3"
    journal = _open(path)
    try:
        assert journal.health.ok
        assert journal.health.problems == ()
        assert path.is_file()
    finally:
        journal.close()


def test_garbage_file_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    garbage = bytes((i * 37 + 11) % 256 for i in range(8192))
    path.write_bytes(garbage)
    with _unhealthy(path, "손상") as journal, pytest.raises(JournalUnavailable):
        journal.open_sales()
    assert path.read_bytes() == garbage  # never "repaired" over the owner's evidence


def test_read_only_journal_refuses_writes_but_reads(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    _seed(path)
    with _unhealthy(path, "쓸 수 없습니다", read_only=True) as journal:
        sale = journal.sale("M-1")
        assert sale is not None
        assert sale.outcome is Outcome.APPROVED
        assert journal.verify_chain().ok


def test_read_only_file_not_in_wal_mode_reports_both(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(str(path))
    try:
        from sqlite_utils import Database

        upgrade(Database(conn, execute_plugins=False))
    finally:
        conn.close()
    journal = _open(path, read_only=True)
    try:
        problems = " ".join(journal.health.problems)
        assert "WAL" in problems
        assert "쓸 수 없습니다" in problems
        assert journal.open_sales() == []
    finally:
        journal.close()


def test_newer_schema_is_left_alone_and_read(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    _seed(path)
    with closing(sqlite3.connect(str(path))) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with _unhealthy(path, "업데이트") as journal:
        assert journal.sale("M-1") is not None
    with closing(sqlite3.connect(str(path))) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_someone_elses_database_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with closing(sqlite3.connect(str(path))) as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
        raw.commit()
    with _unhealthy(path, "다른 프로그램"):
        pass


def test_failed_integrity_check_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    _seed(path)
    # Point an index's definition at another column: its stored entries no longer match the table,
    # which is exactly what integrity_check exists to catch.
    with closing(sqlite3.connect(str(path), isolation_level=None)) as raw:
        raw.execute("PRAGMA writable_schema = ON")
        raw.execute(
            "UPDATE sqlite_master SET sql = 'CREATE INDEX sales_amount ON sales (tax_free, "
            "created_at)' WHERE name = 'sales_amount'"
        )
        raw.execute("PRAGMA writable_schema = OFF")
    with _unhealthy(path, "무결성"):
        pass


def test_disk_failure_during_a_write_stops_further_writes(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module.write_transaction

    def failing(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store_module, "write_transaction", failing)
    with pytest.raises(JournalUnavailable, match="쓸 수 없습니다"):
        journal.record_sale_intent(sale_intent("M-1"))
    monkeypatch.setattr(store_module, "write_transaction", real)
    assert not journal.health.ok
    _assert_refuses_writes(journal)


def test_a_locked_journal_refuses_this_write_only(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    real = store_module.write_transaction

    def locked(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store_module, "write_transaction", locked)
    with pytest.raises(JournalUnavailable, match="잠그고"):
        journal.record_sale_intent(sale_intent("M-1"))
    monkeypatch.setattr(store_module, "write_transaction", real)
    assert journal.health.ok
    journal.record_sale_intent(sale_intent("M-1"))


def test_closed_journal_refuses(journal: Journal) -> None:
    journal.close()
    with pytest.raises(JournalUnavailable):
        journal.sale("M-1")
