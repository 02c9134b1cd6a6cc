"""The sealing key's life (keyring entry, new PC, wiped or locked keyring, a deliberate new key), the
checks' API for the window (background full check, interrupt, checkpoint), anchors of a replaced file,
and the owner's command line finding the sandbox journal (issue 10 g)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from journal_factories import ManualClock, billing_intent, paid, sale_intent
from keyring_support import MemoryKeyring, installed

from pos_app.config.journal_key import JOURNAL_KEY_SERVICE, KeyringJournalKeys
from pos_app.domain.outcomes import Outcome
from pos_app.journal import Journal, JournalUnavailable
from pos_app.journal import checks as checks_module
from pos_app.journal.__main__ import main
from pos_app.journal.checks import read_checkpoint
from pos_app.journal.keys import FileKeyStore, MemoryKeyStore


@pytest.fixture
def os_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    with installed(monkeypatch, MemoryKeyring()) as backend:
        yield backend


def _open(path: Path, keys: object, **kw: object) -> Journal:
    return Journal.open(path, counter_id="C01", operator="김점원", clock=ManualClock(), keys=keys, **kw)  # type: ignore[arg-type]


def _sale(journal: Journal, uid: str) -> None:
    journal.record_sale_intent(sale_intent(uid))
    journal.record_sale_result(uid, Outcome.APPROVED, payment=paid(f"imp_{uid}"), message=None)


def test_the_key_lives_in_the_keyring_never_in_the_data_folder(
    tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, KeyringJournalKeys())
    try:
        assert journal.health.ok, journal.health.problems
        assert journal.health.warnings == ()
        _sale(journal, "M-1")
    finally:
        journal.close()
    [(service, kid)] = list(os_keyring.items)
    assert service == JOURNAL_KEY_SERVICE
    secret = os_keyring.items[(service, kid)]
    assert not (tmp_path / FileKeyStore.FILE_NAME).exists()
    for file in tmp_path.iterdir():
        assert secret.encode() not in file.read_bytes()
    again = _open(path, KeyringJournalKeys())
    try:
        assert again.health.ok
        assert again.verify().ok
    finally:
        again.close()


def test_a_wiped_keyring_means_a_new_key_from_the_next_event_on(
    tmp_path: Path, os_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, KeyringJournalKeys())
    _sale(journal, "M-1")
    journal.close()
    os_keyring.items.clear()  # a new PC, a restored backup, a wiped keyring
    journal = _open(path, KeyringJournalKeys())
    try:
        assert journal.health.ok  # the shop keeps taking money ...
        assert any("새 키" in w for w in journal.health.warnings)  # ... and is told
        _sale(journal, "M-2")
        report = journal.verify()
        assert [s.checked for s in report.chain.stretches] == [False, True]
        assert report.chain.stretches[1].why == "이 컴퓨터에 키가 없음"
        assert not report.ok
    finally:
        journal.close()


def test_no_keyring_at_all_refuses_a_new_live_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POS_APP_NO_KEYRING", "1")
    journal = _open(tmp_path / "journal.sqlite3", KeyringJournalKeys())
    try:
        assert not journal.health.ok
        assert any("키" in p for p in journal.health.problems)
        with pytest.raises(JournalUnavailable):
            journal.record_sale_intent(sale_intent("M-1"))
    finally:
        journal.close()


def test_a_deliberate_new_key_is_recorded_and_both_stretches_check(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    journal = _open(tmp_path / "journal.sqlite3", keys)
    try:
        _sale(journal, "M-1")
        event_id = journal.rekey("직원 교체")
        _sale(journal, "M-2")
        report = journal.verify()
        assert report.ok, report.problems
        assert [s.why for s in report.chain.stretches] == [None, "직원 교체"]
        assert report.chain.stretches[1].first == event_id
        assert len(keys.keys) == 2
    finally:
        journal.close()


def test_the_background_check_turns_health_off_when_it_finds_a_difference(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        _sale(journal, "M-1")
        raw = sqlite3.connect(str(path), isolation_level=None)
        raw.execute("DROP TRIGGER sales_guard_update")
        raw.execute("UPDATE sales SET paid_amount = 1 WHERE merchant_uid = 'M-1'")
        raw.close()
        assert journal.health.ok  # the start-up check ran before the edit
        report = journal.full_check()
        assert not report.ok
        assert not journal.health.ok
        with pytest.raises(JournalUnavailable):
            journal.record_sale_intent(sale_intent("M-2"))
    finally:
        journal.close()


def test_an_interrupted_check_stops_and_claims_nothing(tmp_path: Path) -> None:
    journal = _open(tmp_path / "journal.sqlite3", MemoryKeyStore())
    try:
        _sale(journal, "M-1")
        journal.interrupt()  # the window is closing
        report = journal.full_check()
        assert report.stopped
        assert not report.ok
        assert journal.health.ok  # stopping is not a finding
    finally:
        journal.close()


@pytest.mark.parametrize("where", ["before", "after"])
def test_an_interrupt_between_the_checks_statements_is_a_stop_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """close() interrupts the check's connection; it may land on a statement outside the check's own
    loop (counting events before it, its warnings after). Seen as an error in a loaded test run."""
    journal = _open(tmp_path / "journal.sqlite3", MemoryKeyStore())
    _sale(journal, "M-1")

    def interrupted(*_args: object) -> object:
        raise sqlite3.OperationalError("interrupted")

    target = {
        "before": "pos_app.journal.store_seal.anchors.head",
        "after": "pos_app.journal.checks.lost_warnings",
    }[where]
    monkeypatch.setattr(target, interrupted)
    try:
        report = journal.full_check()
        assert report.stopped
        assert not report.ok
        assert journal.health.ok  # stopping is not a finding
    finally:
        monkeypatch.undo()
        journal.close()


def test_a_checkpoint_that_does_not_verify_is_ignored(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    _sale(journal, "M-1")
    journal.close()
    journal = _open(path, keys)  # the start-up check sets the checkpoint
    conn = journal._db().conn
    assert read_checkpoint(conn, journal._key_for)[0] > 0
    journal.close()
    raw = sqlite3.connect(str(path), isolation_level=None)
    raw.execute("DROP TRIGGER checks_guard_update")
    raw.execute("UPDATE checks SET v = '999:' || substr(v, 5) WHERE k = 'head'")
    raw.close()
    journal = _open(path, keys)
    try:
        assert read_checkpoint(journal._db().conn, lambda kid: None)[0] == 0
        assert journal.health.ok
    finally:
        journal.close()


def test_a_long_unchecked_stretch_checks_the_newest_events_before_approval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    for i in range(5):
        _sale(journal, f"M-{i}")
    journal.close()
    raw = sqlite3.connect(str(path), isolation_level=None)
    raw.execute("DROP TRIGGER checks_guard_delete")
    raw.execute("DELETE FROM checks")
    raw.close()
    monkeypatch.setattr(checks_module, "STARTUP_WINDOW", 4)
    journal = _open(path, keys)
    try:
        assert journal.health.ok, journal.health.problems
        assert any("마지막 기록 4건만" in w for w in journal.health.warnings)
        assert journal.last_check is not None
        assert journal.last_check.chain.checked == 4
    finally:
        journal.close()


def test_a_new_file_where_anchors_exist_keeps_them_and_says_so(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    _sale(journal, "M-1")
    journal.close()  # anchors the head
    for file in tmp_path.glob("journal.sqlite3*"):
        if not file.name.endswith(".anchors"):
            file.unlink()
    journal = _open(path, keys)
    try:
        assert journal.health.ok
        assert any("이전 저널의 기준점" in w for w in journal.health.warnings)
        assert list(tmp_path.glob("journal.sqlite3.anchors.*.old"))
    finally:
        journal.close()


def _sandbox_run(data_dir: Path) -> Path:
    """What a sandbox-mode run leaves: <data dir>/sandbox/journal.sqlite3 with its own key file."""
    sandbox = data_dir / "sandbox"
    journal = Journal.open(
        sandbox / "journal.sqlite3", counter_id="C01", operator="김점원", keys=FileKeyStore(sandbox)
    )
    try:
        _sale(journal, "M-1")
    finally:
        journal.close()
    return sandbox / "journal.sqlite3"


def test_the_owner_cli_finds_the_sandbox_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # (g): after a sandbox-mode run, verify, export and close find the journal and say which one
    path = _sandbox_run(tmp_path)
    assert main(["--data-dir", str(tmp_path), "verify"]) == 0
    out = capsys.readouterr().out
    assert f"저널: {path} (체험(샌드박스) 모드 저널" in out
    assert "결과: 정상" in out
    assert main(["--data-dir", str(tmp_path), "--sandbox", "close", "--date", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "체험(샌드박스)" in out
    assert "기준점(저널 끝): 기록 " in out
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "export",
                "--from",
                "2026-11-26",
                "--to",
                "2026-11-26",
                str(tmp_path / "out.csv"),
            ]
        )
        == 0
    )


def test_the_cli_never_says_sound_without_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _sandbox_run(tmp_path)
    (path.parent / FileKeyStore.FILE_NAME).write_text("{}", encoding="utf-8")  # the key is gone
    assert main(["--journal", str(path), "verify"]) == 1
    out = capsys.readouterr().out
    assert "검사하지 못함" in out
    assert "결과: 문제 있음" in out
    assert "해시 체인 정상" not in out


def test_a_replay_split_over_processes_finds_what_one_process_finds(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        for i in range(6):
            _sale(journal, f"M-{i}")
        journal.record_billing_key_intent(billing_intent("CU-1"))
        whole = journal.full_check(workers=1)
        split = journal.full_check(workers=2)
        assert whole.ok, whole.problems
        assert split.ok, split.problems
        assert split.replayed == whole.replayed
        raw = sqlite3.connect(str(path), isolation_level=None)
        raw.execute("DROP TRIGGER sales_guard_update")
        raw.execute("UPDATE sales SET op_state = 'declined' WHERE merchant_uid = 'M-3'")
        raw.close()
        found = journal.full_check(workers=2)
        assert found.difference is not None
        assert found.difference.key == "M-3"
    finally:
        journal.close()


def test_a_chain_checked_in_stretches_side_by_side_still_finds_the_broken_link(tmp_path: Path) -> None:
    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    try:
        for i in range(8):
            _sale(journal, f"M-{i}")
        journal.rekey("시험")
        _sale(journal, "M-9")
        split = journal.full_check(workers=3)
        assert split.ok, split.problems
        assert [s.why for s in split.chain.stretches] == [None, "시험"]
        assert split.chain.checked == journal.verify_chain().checked
        raw = sqlite3.connect(str(path), isolation_level=None)
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute("UPDATE events SET b = replace(b, '12000', '1200') WHERE id = 13")
        raw.close()
        broken = journal.full_check(workers=3)
        assert broken.chain.first_broken_id == 13
    finally:
        journal.close()


def test_a_stop_set_by_the_closing_window_ends_the_start_up_check(tmp_path: Path) -> None:
    import threading

    keys = MemoryKeyStore()
    path = tmp_path / "journal.sqlite3"
    journal = _open(path, keys)
    _sale(journal, "M-1")
    journal.close()
    closing = threading.Event()
    closing.set()  # the window was closed while the services were being built
    journal = _open(path, keys, stop=closing)
    try:
        assert not journal.health.ok
        assert any("중단" in p for p in journal.health.problems)
    finally:
        journal.close()
    journal = _open(path, keys)
    try:
        assert journal.health.ok
        report = journal.day_report(__import__("datetime").date(2026, 11, 26), __import__("datetime").UTC)
        assert report.verified_through == report.anchor_count  # checked up to the head at this start
    finally:
        journal.close()
