"""People in the journal (schema 6): the writer of each write, the approver, and the people tables as a
projection that replays, survives the start-up check and catches an edit."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, cancel_intent, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.domain.people import Role
from pos_app.domain.pin_hash import check_pin, hash_pin
from pos_app.journal import IntentRefused, Journal, MemoryKeyStore
from pos_app.journal.audit import AuditFilter
from pos_app.journal.writer import Writer, writing_as

PIN_HASH = hash_pin("60293817", salt=bytes(16))


def shop(journal: Journal) -> tuple[int, int]:
    with writing_as(Writer("이사장")):
        owner = journal.record_person_added("이사장", Role.OWNER, PIN_HASH)
        cashier = journal.record_person_added("김점원", Role.CASHIER, PIN_HASH)
    return owner, cashier


def test_a_write_is_made_by_the_writer_of_its_call_and_a_result_by_its_operation(journal: Journal) -> None:
    with writing_as(Writer("김점원")):
        journal.record_sale_intent(sale_intent("M-1"))
    with writing_as(Writer("최점원")):  # another shift records PortOne's answer
        journal.record_sale_result("M-1", Outcome.APPROVED, payment=paid(), message=None)
    with writing_as(Writer("김점원", "박관리")):
        journal.record_cancel_intent(cancel_intent("X-1", "M-1"))
    journal.record_cancel_result("X-1", Outcome.CANCELLED, payment=None, message=None)
    events = journal.events()
    assert [(e.kind, e.operator, e.approver) for e in events] == [
        ("sale_intent", "김점원", ""),
        ("sale_result", "김점원", ""),
        ("cancel_intent", "김점원", "박관리"),
        ("cancel_result", "김점원", "박관리"),
    ]
    [cancel] = journal.cancels_of("M-1")
    assert (cancel.operator, cancel.approver) == ("김점원", "박관리")
    [operation] = [op for op in journal.operations_of("M-1") if op.kind == "cancel"]
    assert operation.approver == "박관리"
    who = [e for e in journal.events(journal_events=True) if e.kind == "who"]
    assert [w.payload.get("approver") for w in who] == [None, "박관리"]  # one W in, none needed after
    assert journal.verify().ok, journal.verify().problems


def test_people_rows_replay_and_an_edit_of_them_is_caught(journal_path: Path, clock: ManualClock) -> None:
    keys = MemoryKeyStore()
    journal = Journal.open(journal_path, counter_id="C01", operator="", clock=clock, keys=keys)
    try:
        owner, cashier = shop(journal)
        for _ in range(5):
            journal.record_pin_failed(cashier, "sign_in", max_failures=5, lockout_s=300)
        with writing_as(Writer("김점원", "이사장")):
            journal.record_approved(owner, "refund", "C01-20261126-100000123-a001")
        journal.record_rules_changed({"refund": "owner"}, 3)
        journal.record_rules_changed({}, 5)
        journal.record_settings_changed({"shop_name": "꽃집"})
        journal.record_day_report(date(2026, 11, 26))
        [_, locked] = journal.people()
        assert (locked.failures, locked.locked_until) == (0, T0 + 300)
        policy = journal.policy()
        assert policy is not None
        assert (policy.rules, policy.idle_minutes) == ({}, 5)
        assert journal.verify().ok
    finally:
        journal.close()
    # the start-up check replays the groups written since its checkpoint: open again after one more event
    again = Journal.open(journal_path, counter_id="C01", operator="", clock=clock, keys=keys)
    again.record_signed_in(owner)
    again.close()
    reopened = Journal.open(journal_path, counter_id="C01", operator="", clock=clock, keys=keys)
    assert reopened.health.ok, reopened.health.problems
    assert reopened.last_check is not None
    assert reopened.last_check.replayed == {"groups": 1}
    reopened.close()

    raw = sqlite3.connect(str(journal_path), isolation_level=None)
    try:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            raw.execute(f"DROP TRIGGER {name}")
        raw.execute(
            "UPDATE people SET role = 'owner', failures = 0, locked_until = NULL WHERE name = '김점원'"
        )
    finally:
        raw.close()
    tampered = Journal.open(
        journal_path, counter_id="C01", operator="", clock=clock, keys=keys, read_only=True
    )
    try:
        report = tampered.verify()
        assert not report.ok
        assert report.difference is not None
        assert report.difference.table == "people"
    finally:
        tampered.close()


def test_a_pin_is_kept_only_as_its_hash(journal: Journal) -> None:
    with pytest.raises(IntentRefused):
        journal.record_person_added("김점원", Role.CASHIER, "60293817")
    owner, _ = shop(journal)
    with pytest.raises(IntentRefused):
        journal.record_pin_set(owner, "73914682", by="owner")
    stored = journal.people()[0].pin
    assert check_pin("60293817", stored)
    assert not check_pin("60293818", stored)


def test_names_are_unique_whatever_their_case_or_width(journal: Journal) -> None:
    with writing_as(Writer("x")):
        journal.record_person_added("Kim", Role.OWNER, PIN_HASH)
        with pytest.raises(IntentRefused):
            journal.record_person_added("ＫＩＭ", Role.CASHIER, PIN_HASH)


def test_the_audit_lists_money_and_people_with_their_writers(journal: Journal, clock: ManualClock) -> None:
    owner, cashier = shop(journal)
    clock.advance(10)
    with writing_as(Writer("김점원")):
        journal.record_signed_in(cashier)
        journal.record_sale_intent(sale_intent("M-1"))
    journal.record_sale_result("M-1", Outcome.APPROVED, payment=paid(), message=None)
    clock.advance(10)
    with writing_as(Writer("김점원")):
        journal.record_approved(owner, "refund", "M-1")
    with writing_as(Writer("김점원", "이사장")):
        journal.record_cancel_intent(cancel_intent("X-1", "M-1", amount=2000))
    journal.record_cancel_result(
        "X-1", Outcome.PARTIALLY_CANCELLED, payment=paid(cancel_amount=2000), message=None
    )
    rows = journal.audit(AuditFilter())
    assert [(r.kind, r.operator, r.approver, r.person) for r in rows] == [
        ("refund", "김점원", "이사장", ""),
        ("approved", "김점원", "", "이사장"),
        ("charge", "김점원", "", ""),
        ("sign_in", "김점원", "", "김점원"),
        ("person_added", "이사장", "", "김점원"),
        ("person_added", "이사장", "", "이사장"),
    ]
    assert journal.count_audit(AuditFilter(person="이사장")) == 4
    assert [r.kind for r in journal.audit(AuditFilter(kinds=frozenset({"refund", "charge"})))] == [
        "refund",
        "charge",
    ]
    later = date.fromtimestamp(T0 + 86_400 * 2)
    assert journal.audit(AuditFilter(date_from=later)) == []


def test_a_format_5_journal_with_plans_is_upgraded_to_people(tmp_path: Path) -> None:
    """Schema 6 is built on the recurring plans' schema 5: a journal of format 5 keeps every row, gains the
    people tables and the approver columns (empty for what came before), and its chain still checks."""
    import shutil

    fixtures = Path(__file__).parent / "fixtures"
    path = tmp_path / "journal.sqlite3"
    shutil.copyfile(fixtures / "journal_v5.sqlite3", path)
    shutil.copyfile(fixtures / "journal.keys", tmp_path / "journal.keys")
    raw = sqlite3.connect(str(path))
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 5
        before = {t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sales", "cancels")}  # noqa: S608
        assert "plans" in {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        raw.close()

    journal = Journal.open(path, counter_id="C01", operator="김점원", clock=ManualClock(T0 + 1000))
    try:
        assert journal.health.ok, journal.health.problems
        conn = journal._db().conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"plans", "plan_payments", "people", "audit", "policy"} <= tables
        after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sales", "cancels")}  # noqa: S608
        assert after == before
        assert conn.execute("SELECT count(*) FROM cancels WHERE approver IS NOT NULL").fetchone()[0] == 0
        assert journal.people() == []
        with writing_as(Writer("이사장")):
            journal.record_person_added("이사장", Role.OWNER, PIN_HASH)
        assert [p.name for p in journal.people()] == ["이사장"]
        report = journal.full_check()
        assert report.ok, report.problems
    finally:
        journal.close()
