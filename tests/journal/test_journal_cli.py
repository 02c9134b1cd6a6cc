"""The owner's command line: verify, export, close — in-process through main() and once as a real
``python -m pos_app.journal`` subprocess."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from journal_factories import T0, ManualClock, paid, sale_intent

from pos_app.domain.outcomes import Outcome
from pos_app.journal import JOURNAL_FILE_NAME, Journal
from pos_app.journal.__main__ import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    journal = Journal.open(
        folder / JOURNAL_FILE_NAME, counter_id="C01", operator="김점원", clock=ManualClock(T0)
    )
    try:
        for i, amount in enumerate((12000, 30000)):
            uid = f"M-{i}"
            journal.record_sale_intent(sale_intent(uid, amount=amount))
            journal.record_sale_result(
                uid, Outcome.APPROVED, payment=paid(f"imp_{i}", amount=amount, paid_at=T0 + 1), message=None
            )
    finally:
        journal.close()
    return folder


def _local_day() -> str:
    return datetime.fromtimestamp(T0).astimezone().date().isoformat()


def test_verify_sound_journal(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "verify"]) == 0
    out = capsys.readouterr().out
    assert "해시 체인 정상" in out
    assert "기록 6건" in out  # the journal's start, who writes, and the 4 money events
    assert "상태 재생: 표와 일치 (판매 2건" in out
    assert "결과: 정상" in out


def test_verify_tampered_journal(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = sqlite3.connect(str(data_dir / JOURNAL_FILE_NAME), isolation_level=None)
    try:
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute("UPDATE events SET b = replace(b, '30000', '3000') WHERE id = 5")
    finally:
        raw.close()
    assert main(["--journal", str(data_dir / JOURNAL_FILE_NAME), "verify"]) == 1
    assert "#5" in capsys.readouterr().out


def test_missing_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nowhere"), "verify"]) == 2
    assert "저널 파일이 없습니다" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_damaged_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / JOURNAL_FILE_NAME).write_bytes(b"\x00garbage" * 300)
    assert main(["--data-dir", str(tmp_path), "verify"]) == 2
    assert "손상" in capsys.readouterr().err


def test_export(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    day = _local_day()
    assert main(["--data-dir", str(data_dir), "export", "--from", day, "--to", day, str(target)]) == 0
    assert "2건" in capsys.readouterr().out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert sorted(r["금액"] for r in rows) == ["12000", "30000"]
    assert {r["결과"] for r in rows} == {"승인"}
    empty = tmp_path / "empty.csv"
    assert (
        main(
            ["--data-dir", str(data_dir), "export", "--from", "2020-01-01", "--to", "2020-01-02", str(empty)]
        )
        == 0
    )
    assert len(empty.read_text(encoding="utf-8-sig").splitlines()) == 1  # header only


def test_export_rejects_reversed_range(data_dir: Path, tmp_path: Path) -> None:
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "export",
                "--from",
                "2026-11-27",
                "--to",
                "2026-11-26",
                str(tmp_path / "x.csv"),
            ]
        )
        == 1
    )


def test_bad_date_is_an_argument_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(data_dir), "close", "--date", "26/11/2026"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_close_prints_and_writes_the_z_report(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "z.csv"
    assert main(["--data-dir", str(data_dir), "close", "--date", _local_day(), str(target)]) == 0
    out = capsys.readouterr().out
    assert "42,000" in out
    assert "신한카드" in out
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert ["합계", "2", "42000", "0", "0", "42000"] in rows
    assert main(["--data-dir", str(data_dir), "close", "--date", date(2020, 1, 1).isoformat()]) == 0


def test_module_runs_as_a_program(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pos_app.journal", "--data-dir", str(data_dir), "verify"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "해시 체인 정상" in result.stdout


def test_default_data_dir_is_the_per_user_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import platformdirs

    asked: list[tuple[object, ...]] = []

    def user_data_dir(*args: object, **kwargs: object) -> str:
        asked.append(args)
        return str(data_dir)

    monkeypatch.setattr(platformdirs, "user_data_dir", user_data_dir)
    assert main(["verify"]) == 0
    assert asked == [("pos_app", "pos_app")]
    assert str(data_dir / JOURNAL_FILE_NAME) in capsys.readouterr().out
