"""Tamper evidence and atomicity: append-only triggers, the hash chain, one transaction per record,
per-thread connections, and the guard against card digits."""

from __future__ import annotations

import itertools
import sqlite3
import threading
from pathlib import Path

import pytest
from journal_factories import billing_intent, cancel_intent, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import IntentRefused, Journal
from pos_app.journal import projection as projection_module
from pos_app.journal.errors import CardDataRefused

CARD = "4111111111111111"


def _fill(journal: Journal, n: int = 4) -> None:
    for i in range(n):
        journal.record_sale_intent(sale_intent(f"M-{i}"))
        journal.record_sale_result(f"M-{i}", Outcome.APPROVED, payment=paid(f"imp_{i}"), message=None)


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def test_connection_settings(journal: Journal, journal_path: Path) -> None:
    _fill(journal, 1)
    conn = journal._db().conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_events_refuse_update_and_delete(journal: Journal, journal_path: Path) -> None:
    _fill(journal, 1)
    raw = _raw(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE events SET k = 'x' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM events")
    finally:
        raw.close()
    assert len(journal.events()) == 2


def test_chain_is_sound_and_links_each_event_to_the_previous(journal: Journal) -> None:
    _fill(journal)
    events = journal.events(journal_events=True)
    # the journal's start, who writes, then the 8 money events
    assert [e.kind for e in events[:3]] == ["journal_started", "who", "sale_intent"]
    assert [e.id for e in events] == list(range(1, 11))
    assert events[0].prev_hash == "00" * 16
    assert all(len(bytes.fromhex(e.hash)) == 16 for e in events)
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    report = journal.verify_chain()
    assert (report.ok, report.checked, report.first_broken_id) == (True, 10, None)
    assert [e.id for e in journal.events(after_id=8)] == [9, 10]


def _tamper(path: Path, *sql: str) -> None:
    raw = _raw(path)
    try:
        for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            raw.execute(f"DROP TRIGGER {name}")
        for statement in sql:
            raw.execute(statement)
    finally:
        raw.close()


def test_verifier_finds_an_edited_payload(journal: Journal, journal_path: Path) -> None:
    _fill(journal)
    _tamper(journal_path, "UPDATE events SET b = replace(b, '12000', '1200') WHERE id = 3")
    report = journal.verify_chain()
    assert (report.ok, report.first_broken_id, report.checked) == (False, 3, 2)
    assert report.reason is not None
    assert "MAC" in report.reason


def test_verifier_finds_a_rehashed_edit_by_the_next_link(journal: Journal, journal_path: Path) -> None:
    _fill(journal)
    # someone changes row 3's seal too, but cannot make one that checks without the key
    _tamper(journal_path, "UPDATE events SET m = zeroblob(16) WHERE id = 3")
    report = journal.verify_chain()
    assert (report.ok, report.first_broken_id) == (False, 3)


def test_verifier_finds_a_deleted_row(journal: Journal, journal_path: Path) -> None:
    _fill(journal)
    _tamper(journal_path, "DELETE FROM events WHERE id = 5")
    report = journal.verify_chain()
    assert (report.ok, report.first_broken_id, report.checked) == (False, 5, 4)


def test_a_cut_tail_breaks_no_link_and_is_caught_by_the_anchor(journal: Journal, journal_path: Path) -> None:
    _fill(journal)
    journal.write_anchor()
    _tamper(journal_path, "DELETE FROM events WHERE id >= 7")
    assert journal.verify_chain().ok  # no link can show it ...
    report = journal.verify()
    assert not report.ok
    assert any("기록 4건이 없습니다" in p for p in report.problems)  # ... the anchor outside the file does


def test_failure_mid_write_leaves_neither_event_nor_state(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(journal, 1)

    def broken(_: object) -> str:
        raise RuntimeError("disk hiccup between event and state")

    # last4_of runs after the event row was inserted, while projecting it onto the state row
    monkeypatch.setattr(projection_module, "last4_of", broken)
    with pytest.raises(RuntimeError):
        journal.record_sale_intent(sale_intent("M-new"))
    monkeypatch.undo()
    assert journal.sale("M-new") is None
    assert len(journal.events()) == 2
    assert journal.verify().ok
    # the write lock was released and the chain continues cleanly
    journal.record_sale_intent(sale_intent("M-new"))
    assert journal.verify_chain().ok


def test_constraint_failure_in_state_rolls_back_the_event(journal: Journal) -> None:
    journal.record_sale_intent(sale_intent("M-1"))
    # a cancel of a merchant_uid that is not a sale fails the foreign key while projecting
    with pytest.raises(IntentRefused):
        journal.record_cancel_intent(cancel_intent("X-1", "M-unknown"))
    bad = billing_intent("C-1", consent_text=None)
    with pytest.raises(IntentRefused):
        journal.record_billing_key_intent(bad)
    assert len(journal.events()) == 1
    assert journal.customer("C-1") is None


def test_two_threads_write_through_their_own_connections(journal: Journal) -> None:
    barrier = threading.Barrier(2)
    connections: list[int] = []
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            connections.append(id(journal._db().conn))
            barrier.wait(timeout=10)
            for i in range(40):
                uid = f"{prefix}-{i}"
                journal.record_sale_intent(sale_intent(uid))
                journal.record_sale_result(uid, Outcome.DECLINED, payment=None, message=None)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,), name=f"writer-{p}") for p in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(set(connections)) == 2
    assert id(journal._db().conn) not in connections
    report = journal.verify_chain()
    assert report.ok
    assert report.checked == 160 + 2  # the start, and one "who": both threads write as the same person
    assert journal.verify().ok


@pytest.mark.parametrize(
    "over",
    [
        {"order_name": f"주문 {CARD}"},
        {"buyer_name": CARD},
        {"card_hint": "4111-1111-1111-1111"},
        {"card_hint": CARD[:6] + "12341111"},
        {"buyer_email": f"{CARD}@x.kr"},
    ],
)
def test_card_digits_are_refused_without_echoing_them(journal: Journal, over: dict[str, str]) -> None:
    with pytest.raises(CardDataRefused) as info:
        journal.record_sale_intent(sale_intent("M-1", **over))
    assert CARD not in str(info.value)
    assert "4111-1111" not in str(info.value)
    assert journal.events() == []
    assert journal.sale("M-1") is None


def test_card_digits_in_results_are_masked_not_refused_and_server_ids_pass(
    journal: Journal, journal_path: Path
) -> None:
    # what PortOne answered is recorded whatever it quotes (the money has moved): digits are masked
    journal.record_sale_intent(sale_intent("M-1"))
    journal.record_sale_result("M-1", Outcome.DECLINED, payment=None, message=f"card {CARD} bad")
    declined = journal.sale("M-1")
    assert declined is not None
    assert declined.outcome is Outcome.DECLINED
    assert declined.message == f"card {CARD[:6]}{'*' * (len(CARD) - 10)}{CARD[-4:]} bad"

    journal.record_sale_intent(sale_intent("M-2", amount=12_000))
    journal.record_sale_result("M-2", Outcome.APPROVED, payment=paid(card_number=CARD), message=None)
    approved = journal.sale("M-2")
    assert approved is not None
    assert approved.card_number == CARD[:6] + "*" * (len(CARD) - 10) + CARD[-4:]

    # KSNET transaction ids are long digit strings: not card data, must be kept as they are
    journal.record_sale_intent(sale_intent("M-3", amount=13_000))
    journal.record_sale_result(
        "M-3", Outcome.APPROVED, payment=paid(pg_tid="20261126100000123456789"), message=None
    )
    row = journal.sale("M-3")
    assert row is not None
    assert row.pg_tid == "20261126100000123456789"
    for file in journal_path.parent.iterdir():
        if file.name.startswith(journal_path.name):
            assert CARD.encode() not in file.read_bytes()


def test_no_card_digits_anywhere_in_the_files(journal: Journal, journal_path: Path) -> None:
    _fill(journal)
    for bad in ({"order_name": CARD}, {"card_hint": CARD}):
        with pytest.raises(CardDataRefused):
            journal.record_sale_intent(sale_intent("M-bad", **bad))
    files = [p for p in journal_path.parent.iterdir() if p.name.startswith(journal_path.name)]
    assert files
    for file in files:
        assert CARD.encode() not in file.read_bytes()


def test_two_journals_on_one_file_share_one_chain(journal: Journal, journal_path: Path) -> None:
    # e.g. the app and the owner's command line, or two windows by mistake
    other = Journal.open(journal_path, counter_id="C02", operator="이사장")
    try:
        for i in range(5):
            journal.record_sale_intent(sale_intent(f"A-{i}"))
            other.record_sale_intent(sale_intent(f"B-{i}"))
        assert other.sale("A-4") is not None
        assert journal.sale("B-4") is not None
    finally:
        other.close()
    events = journal.events()
    assert [e.counter_id for e in events[:2]] == ["C01", "C02"]
    report = journal.verify_chain()
    assert report.ok
    assert report.checked == 10 + 1 + 10  # start, and "who" changes at every switch of writer
