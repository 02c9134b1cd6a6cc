"""Issue 10: what a curious employee with the sqlite3 shell, or a cashier, can do — each one caught.

Every test edits the file the way a person would (``sqlite3`` outside the program) and then asks the
owner's verify: it must not say the journal is sound, and must name what was changed.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, cancel_intent, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import Journal
from pos_app.journal.chain import mac
from pos_app.journal.errors import CardDataRefused, TextRefused
from pos_app.journal.keys import MemoryKeyStore

KST = datetime.fromtimestamp(T0, UTC).astimezone().tzinfo


def _open(path: Path, keys: MemoryKeyStore, clock: ManualClock | None = None) -> Journal:
    return Journal.open(path, counter_id="C01", operator="김점원", clock=clock or ManualClock(), keys=keys)


@pytest.fixture
def keys() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def day(tmp_path: Path, keys: MemoryKeyStore) -> Path:
    """A day: three approved sales, a refund of the last; Z report printed (anchor written)."""
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        for i, amount in enumerate((12000, 30000, 5000)):
            journal.record_sale_intent(sale_intent(f"M-{i}", amount=amount))
            journal.record_sale_result(
                f"M-{i}", Outcome.APPROVED, payment=paid(f"imp_{i}", amount=amount), message=None
            )
        journal.record_cancel_intent(cancel_intent("X-1", "M-2", imp_uid="imp_2", checksum=5000))
        journal.record_cancel_result("X-1", Outcome.CANCELLED, payment=None, message=None)
        report = journal.day_report(datetime.fromtimestamp(T0).date(), KST)  # type: ignore[arg-type]
        assert report.net == 42000
        assert report.anchor.startswith("기록 ")
    finally:
        journal.close()
    return path


def _shell(path: Path, *sql: str, drop_triggers: bool = True) -> None:
    raw = sqlite3.connect(str(path), isolation_level=None)
    try:
        if drop_triggers:
            for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                raw.execute(f"DROP TRIGGER {name}")
        for statement in sql:
            raw.execute(statement)
    finally:
        raw.close()


def _verify(path: Path, keys: MemoryKeyStore) -> list[str]:
    journal = Journal.open(path, counter_id="CLI", operator="owner", read_only=True, keys=keys)
    try:
        report = journal.verify()
        assert not report.ok
        return report.problems
    finally:
        journal.close()


def test_the_day_itself_verifies(day: Path, keys: MemoryKeyStore) -> None:
    journal = Journal.open(day, counter_id="CLI", operator="owner", read_only=True, keys=keys)
    try:
        report = journal.verify()
        assert report.ok, report.problems
        assert report.replayed["sales"] == 3
    finally:
        journal.close()


def test_a_cut_refund_is_caught_by_the_anchor(day: Path, keys: MemoryKeyStore) -> None:
    # (a) the refund's events cut off the end and its cancel row removed: the net goes up
    last = sqlite3.connect(str(day)).execute("SELECT max(id) FROM events").fetchone()[0]
    _shell(
        day,
        f"DELETE FROM events WHERE id > {int(last) - 2}",  # noqa: S608
        "DELETE FROM cancels WHERE cancel_id = 'X-1'",
        "UPDATE sales SET outcome = 'approved', cancel_amount = 0 WHERE merchant_uid = 'M-2'",
    )
    problems = _verify(day, keys)
    assert any("기록 2건이 없습니다" in p for p in problems)


def test_a_paid_sale_turned_declined_is_named_by_the_replay(day: Path, keys: MemoryKeyStore) -> None:
    # (b) one UPDATE on a state table
    _shell(day, "UPDATE sales SET outcome = 'declined', paid_amount = 0 WHERE merchant_uid = 'M-1'")
    problems = _verify(day, keys)
    assert any("판매 M-1" in p and "outcome" in p for p in problems)


def test_the_shell_cannot_change_a_state_table_without_dropping_the_guard(day: Path) -> None:
    with pytest.raises(sqlite3.Error):
        _shell(day, "UPDATE sales SET outcome = 'declined' WHERE merchant_uid = 'M-1'", drop_triggers=False)


def test_an_edited_amount_with_a_recomputed_chain_fails_without_the_key(
    day: Path, keys: MemoryKeyStore
) -> None:
    # (c) edit an intent amount and recompute every MAC after it — with a key that is not the shop's
    raw = sqlite3.connect(str(day), isolation_level=None)
    rows = raw.execute("SELECT id, ts, k, g, b FROM events ORDER BY id").fetchall()
    for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        raw.execute(f"DROP TRIGGER {name}")
    prev = bytes(16)
    for event_id, ts, kind, group, body in rows:
        if kind == "SI" and '"a":30000' in body:
            body = body.replace('"a":30000', '"a":3000')
            raw.execute("UPDATE events SET b = ? WHERE id = ?", (body, event_id))
        prev = mac(b"guessed key", prev, event_id, ts, kind, group, body)
        raw.execute("UPDATE events SET m = ? WHERE id = ?", (prev, event_id))
    raw.close()
    problems = _verify(day, keys)
    assert any("해시 체인 깨짐: 기록 #1" in p for p in problems)


def test_a_deleted_middle_event_is_named(day: Path, keys: MemoryKeyStore) -> None:
    _shell(day, "DELETE FROM events WHERE id = 4")
    assert any("기록 #4" in p for p in _verify(day, keys))


def test_two_swapped_events_are_named(day: Path, keys: MemoryKeyStore) -> None:
    _shell(
        day,
        "UPDATE events SET id = -1 WHERE id = 4",
        "UPDATE events SET id = 4 WHERE id = 5",
        "UPDATE events SET id = 5 WHERE id = -1",
    )
    assert any("기록 #4" in p for p in _verify(day, keys))


def test_an_edited_cancel_row_is_named_by_sale(day: Path, keys: MemoryKeyStore) -> None:
    _shell(day, "UPDATE cancels SET cancelled_amount = 500 WHERE cancel_id = 'X-1'")
    assert any("취소 X-1 (판매 M-2)" in p for p in _verify(day, keys))


def test_a_deleted_state_row_is_named(day: Path, keys: MemoryKeyStore) -> None:
    _shell(day, "DELETE FROM operations WHERE op_id = 'X-1'")  # the refund's operation
    assert any("작업 X-1" in p and "지워졌" in p for p in _verify(day, keys))


def test_an_older_copy_put_back_is_caught_by_the_anchor(tmp_path: Path, keys: MemoryKeyStore) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        journal.record_sale_intent(sale_intent("M-0"))
        journal.close()
        shutil.copyfile(path, tmp_path / "old.sqlite3")
        journal = _open(path, keys)
        journal.record_sale_result("M-0", Outcome.APPROVED, payment=paid(), message=None)
        journal.record_cancel_intent(cancel_intent("X-1", "M-0"))
        journal.record_cancel_result("X-1", Outcome.CANCELLED, payment=None, message=None)
    finally:
        journal.close()  # writes the anchor
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "old.sqlite3", path)
    assert any("이 없습니다" in p for p in _verify(path, keys))
    # the start-up check (before 승인) sees it too
    reopened = _open(path, keys)
    try:
        assert not reopened.health.ok
    finally:
        reopened.close()


def test_a_lost_key_starts_a_new_one_that_verify_shows(day: Path) -> None:
    new_pc = MemoryKeyStore()
    journal = _open(day, new_pc)
    try:
        assert journal.health.ok, journal.health.problems
        assert any("새 키" in w for w in journal.health.warnings)
        journal.record_sale_intent(sale_intent("M-9"))
        report = journal.verify()
        assert not report.ok  # the old stretch could not be checked: never "sound"
        assert any("검사하지 못했습니다" in w for w in report.warnings)
        assert report.chain.stretches[-1].why is not None
    finally:
        journal.close()


def test_a_locked_keyring_refuses_writes_and_never_says_sound(day: Path, keys: MemoryKeyStore) -> None:
    keys.broken = True
    journal = _open(day, keys)
    try:
        assert not journal.health.ok
        assert any("봉인 키를 읽을 수 없습니다" in p for p in journal.health.problems)
    finally:
        journal.close()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("order_name", "4532-9178-6014-9255 주문"),
        ("buyer_name", "1234567890123"),
        ("order_name", "４５３２９１７８６０１４９２５５"),
    ],
)
def test_card_numbers_with_separators_are_typed_refusals(
    tmp_path: Path, keys: MemoryKeyStore, field: str, value: str
) -> None:
    # (d), (e): a field error naming the field, nothing written anywhere
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        with pytest.raises(CardDataRefused) as info:
            journal.record_sale_intent(sale_intent("M-1", **{field: value}))
        assert info.value.field == field
        journal.record_sale_intent(sale_intent("M-2"))
        journal.record_sale_result("M-2", Outcome.APPROVED, payment=paid(), message=None)
        with pytest.raises(CardDataRefused):
            journal.record_cancel_intent(cancel_intent("X-1", "M-2", reason="카드 4532 9178 6014 9255"))
    finally:
        journal.close()
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        assert b"9178" not in data
        assert "９１７８".encode() not in data


def test_a_lone_surrogate_is_a_typed_refusal(tmp_path: Path, keys: MemoryKeyStore) -> None:
    # (f)
    journal = _open(tmp_path / "journal.sqlite3", keys)
    try:
        with pytest.raises(TextRefused):
            journal.record_sale_intent(sale_intent("M-1", buyer_name="홍\ud800"))
        # what PortOne answers is never refused: stored with a replacement character
        journal.record_sale_intent(sale_intent("M-2"))
        journal.record_sale_result("M-2", Outcome.DECLINED, payment=None, message="거절\udc80")
        row = journal.sale("M-2")
        assert row is not None
        assert row.message == "거절\ufffd"
        assert journal.verify().ok
    finally:
        journal.close()


def test_exports_mask_card_like_text_an_older_journal_may_hold(tmp_path: Path, keys: MemoryKeyStore) -> None:
    # a format-3 journal let "4532-9178-6014-9255" through in an order name; the upgrade masks it, and the
    # export masks whatever free text still looks like one
    from dataclasses import replace

    from pos_app.journal.activity import ActivityRow
    from pos_app.journal.export import history_line

    journal = _open(tmp_path / "journal.sqlite3", keys)
    try:
        journal.record_sale_intent(sale_intent("M-1"))
        row = journal.sale("M-1")
        assert row is not None
        typed = replace(row, order_name="4532-9178-6014-9255 주문", message="카드 4532917860149255")
        [activity] = journal.activity(__import__("pos_app.journal.activity", fromlist=["x"]).ActivityFilter())
        line = history_line(replace(activity, sale=typed))
        assert isinstance(activity, ActivityRow)
        assert "4532-91**-****-9255 주문" in line
        assert "카드 453291******9255" in line
        assert row.merchant_uid in line
    finally:
        journal.close()


def test_a_backup_put_back_on_purpose_can_be_accepted_and_stays_visible(
    tmp_path: Path, keys: MemoryKeyStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from pos_app.journal.__main__ import main
    from pos_app.journal.keys import FileKeyStore

    path = tmp_path / "journal.sqlite3"
    files = FileKeyStore(tmp_path)
    journal = Journal.open(path, counter_id="C01", operator="김점원", keys=files)
    journal.record_sale_intent(sale_intent("M-0"))
    journal.close()
    shutil.copyfile(path, tmp_path / "backup.sqlite3")
    journal = Journal.open(path, counter_id="C01", operator="김점원", keys=files)
    journal.record_sale_result("M-0", Outcome.APPROVED, payment=paid(), message=None)
    journal.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "backup.sqlite3", path)  # the disk died; yesterday's backup
    refused = Journal.open(path, counter_id="C01", operator="김점원", keys=files)
    assert not refused.health.ok
    refused.close()
    assert main(["--journal", str(path), "accept-restore", "--reason", "디스크 고장, 어제 백업 복원"]) == 0
    capsys.readouterr()
    journal = Journal.open(path, counter_id="C01", operator="김점원", keys=files)
    try:
        assert journal.health.ok, journal.health.problems
        journal.record_sale_intent(sale_intent("M-1"))
    finally:
        journal.close()
    assert main(["--journal", str(path), "verify"]) == 0
    out = capsys.readouterr().out
    assert "잃은 것으로 받아들였습니다 — 디스크 고장, 어제 백업 복원" in out
