"""Schema upgrades: every stored file of an earlier version opens, is backed up, upgraded and usable."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import HistoryFilter, Journal
from pos_app.journal.schema import MIGRATIONS, SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
STORED = sorted(FIXTURES.glob("journal_v*.sqlite3"))


def _version_of(path: Path) -> int:
    match = re.search(r"journal_v(\d+)\.sqlite3$", path.name)
    assert match
    return int(match.group(1))


def test_a_fixture_exists_for_every_version() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
    assert {_version_of(p) for p in STORED} == set(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", STORED, ids=lambda p: p.name)
def test_stored_file_opens_at_the_current_version(fixture: Path, tmp_path: Path) -> None:
    stored_version = _version_of(fixture)
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(fixture, path)
    shutil.copyfile(FIXTURES / "journal.keys", tmp_path / "journal.keys")  # the format-4 fixture's key
    raw = sqlite3.connect(str(path))
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == stored_version
    finally:
        raw.close()

    journal = Journal.open(path, counter_id="C01", operator="김점원", clock=ManualClock(T0 + 1000))
    try:
        assert journal.health.ok, journal.health.problems
        conn = journal._db().conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if stored_version < SCHEMA_VERSION:
            assert journal.backup_path is not None
            assert journal.backup_path.name == f"journal.sqlite3.v{stored_version}.bak"
            backup = sqlite3.connect(str(journal.backup_path))
            try:
                assert backup.execute("PRAGMA user_version").fetchone()[0] == stored_version
            finally:
                backup.close()
        else:
            assert journal.backup_path is None

        # the old day reads back through today's API, with the v2 search columns filled in; the chain is
        # the new keyed one (journal start + writer + the 12 old events) and the replay agrees
        report = journal.verify_chain()
        assert report.ok
        assert report.checked == 14
        assert len(journal.events()) == 12
        started = journal.events(journal_events=True)[0]
        assert started.kind == "journal_started"
        assert started.payload["legacy"]["ok"] is True
        assert started.payload["legacy"]["from"] == 3  # every old file is converted from the v3 layout
        assert journal.verify().ok, journal.verify().problems
        approved = journal.sale("C01-A")
        assert approved is not None
        assert (approved.outcome, approved.paid_amount) == (Outcome.APPROVED, 12000)
        assert approved.imp_uid == "imp_1"
        assert [s.merchant_uid for s in journal.history(HistoryFilter(last4="4321"))] == ["C01-B"]
        assert [s.merchant_uid for s in journal.history(HistoryFilter(phone="01012345678"))] == ["C01-A"]
        assert [s.merchant_uid for s in journal.history(HistoryFilter(phone="5432"))] == ["C01-B"]
        assert [s.merchant_uid for s in journal.open_sales()] == ["C01-C"]
        [cancel] = journal.cancels_of("C01-B")
        assert cancel.cancelled_amount == 10000
        assert [c.customer_uid for c in journal.find_customers("5678")] == ["CU-1"]
        receipt = journal.receipt_for("C01-EXT-1")
        assert receipt is not None
        assert receipt.outcome is Outcome.APPROVED

        # and the chain continues with new records
        journal.record_sale_result("C01-C", Outcome.UNKNOWN, payment=None, message=None)
        journal.record_sale_intent(sale_intent("C01-C", amount=5000))
        assert journal.verify_chain().ok
        assert journal.events()[-1].kind == "sale_retry"
    finally:
        journal.close()


def test_upgrade_applies_each_missing_step_once(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(FIXTURES / "journal_v1.sqlite3", path)
    first = Journal.open(path, counter_id="C01", operator="x")
    first.close()
    second = Journal.open(path, counter_id="C01", operator="x")
    try:
        assert second.health.ok
        assert second.backup_path is None  # already current: nothing to back up or apply
    finally:
        second.close()
    assert sorted(p.name for p in tmp_path.glob("*.bak")) == ["journal.sqlite3.v1.bak"]
