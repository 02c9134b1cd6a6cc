"""The owner's command line for the journal: check it, export history, close a day.

    python -m pos_app.journal [--data-dir D | --journal FILE] [--sandbox] verify
    python -m pos_app.journal [...] export --from YYYY-MM-DD --to YYYY-MM-DD FILE.xlsx|FILE.csv
    python -m pos_app.journal [...] close --date YYYY-MM-DD [--shop NAME] [FILE.xlsx|FILE.csv]
    python -m pos_app.journal [...] accept-restore --reason TEXT

Which journal: ``--journal FILE``; else the data folder's (``--data-dir``, default the user data folder)
real-money journal, or — when there is none, or with ``--sandbox`` — the one a sandbox-mode run wrote
(``<data dir>/sandbox/``). The first line always says which one was opened. Keys: a journal with a
``journal.keys`` file beside it (the sandbox's, a test's) is checked with that file; any other with the
OS keyring.

``verify`` runs the full check: SQLite's integrity check, the keyed chain, the replay of every event
compared with the tables, and the anchors; it prints each result and never says "정상" for what it could
not check. Exit codes: 0 done and the journal is sound; 1 the journal has a problem (broken chain, tables
that differ from the events, missing events, a key that is not here); 2 the journal file was not found or
could not be read; argparse's own 2 for bad arguments. Dates are local calendar days of this computer.
Works while the app is running (SQLite WAL lets readers in). The files are the window's
(``journal.export``): the combined history of card sales, cancels and cash receipts, and the Z report with
the shop's name (``--shop``, else the one in the data folder's settings.json), the time it was made and
the journal's anchor. ``accept-restore`` is for a backup put back after a disk failure: the events after
the latest anchor are gone; it records that (with the reason) as an event and lets the counter take money
again, and verify shows it for ever.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from pos_app.journal.activity import ActivityFilter
from pos_app.journal.checks import VerifyReport
from pos_app.journal.errors import JournalUnavailable
from pos_app.journal.export import (
    DayReportDocument,
    ExportFormatError,
    export_day_report,
    export_format,
    export_history,
)
from pos_app.journal.keys import FileKeyStore, KeyStore
from pos_app.journal.location import journal_path
from pos_app.journal.records import DayReport
from pos_app.journal.store import Journal

SANDBOX_FOLDER = "sandbox"

EXIT_OK, EXIT_PROBLEM, EXIT_NO_JOURNAL = 0, 1, 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"날짜는 YYYY-MM-DD 형식이어야 합니다: {text!r}") from None


def _export_file(text: str) -> Path:
    path = Path(text)
    try:
        export_format(path)
    except ExportFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return path


def _shop_name_in(data_dir: Path) -> str:
    """The shop's name from settings.json beside the journal; empty when it cannot be read (read only:
    the CLI never touches the app's settings)."""
    try:
        raw = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    name = raw.get("shop_name") if isinstance(raw, dict) else None
    return name if isinstance(name, str) else ""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-app-journal", description="pos_app 거래 저널 관리 도구")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, help="데이터 폴더 (기본: 사용자 데이터 폴더)")
    where.add_argument("--journal", type=Path, help="저널 파일 경로 (데이터 폴더 대신)")
    parser.add_argument("--sandbox", action="store_true", help="체험(샌드박스) 모드가 쓴 저널을 엽니다")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("verify", help="무결성 검사, 봉인(해시 체인), 상태 재생 비교, 기준점 확인")
    export = commands.add_parser(
        "export", help="거래 내역(카드 결제·취소·현금영수증)을 .xlsx 또는 .csv로 내보내기"
    )
    export.add_argument("--from", dest="date_from", type=_day, required=True)
    export.add_argument("--to", dest="date_to", type=_day, required=True)
    export.add_argument("file", type=_export_file)
    close = commands.add_parser("close", help="하루 마감(Z 리포트)")
    close.add_argument("--date", dest="day", type=_day, required=True)
    close.add_argument("--shop", help="Z 리포트에 쓸 상호 (기본: 데이터 폴더의 설정)")
    close.add_argument("file", type=_export_file, nargs="?")
    accept = commands.add_parser(
        "accept-restore", help="백업을 되살려 기준점 뒤의 기록이 없어진 것을 받아들이고 다시 결제를 받기"
    )
    accept.add_argument("--reason", required=True, help="왜 기록이 없어졌는지 (저널에 남습니다)")
    return parser


def _choose(args: argparse.Namespace) -> tuple[Path, str]:
    if args.journal is not None:
        return Path(args.journal), "지정한 파일"
    live = journal_path(args.data_dir)
    sandbox = journal_path(live.parent / SANDBOX_FOLDER)
    if args.sandbox:
        return sandbox, "체험(샌드박스) 모드 저널"
    if not live.is_file() and sandbox.is_file():
        return sandbox, "체험(샌드박스) 모드 저널 — 실제 결제 저널이 없어 이것을 엽니다"
    return live, "실제 결제 저널"


def _keys_for(path: Path) -> KeyStore:
    if (path.parent / FileKeyStore.FILE_NAME).is_file():
        return FileKeyStore(path.parent)
    from pos_app.config.journal_key import KeyringJournalKeys

    return KeyringJournalKeys()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path, which = _choose(args)
    if not path.is_file():
        print(f"저널 파일이 없습니다: {path}", file=sys.stderr)
        return EXIT_NO_JOURNAL
    print(f"저널: {path} ({which})")
    with Journal.open(
        path, counter_id="CLI", operator="owner-cli", read_only=args.command == "verify", keys=_keys_for(path)
    ) as journal:
        try:
            if args.command == "verify":
                return _verify(journal)
            if args.command == "accept-restore":
                return _accept_restore(journal, args.reason)
            if args.command == "export":
                return _export(journal, args.date_from, args.date_to, args.file)
            shop = args.shop if args.shop is not None else _shop_name_in(path.parent)
            return _close(journal, args.day, args.file, shop)
        except JournalUnavailable as exc:
            for problem in exc.problems:
                print(f"문제: {problem}", file=sys.stderr)
            return EXIT_NO_JOURNAL


def _print_health(journal: Journal) -> None:
    for problem in journal.health.problems:
        print(f"문제: {problem}", file=sys.stderr)


def _verify(journal: Journal) -> int:
    for warning in journal.health.warnings:
        print(f"알림: {warning}")
    try:
        report = journal.verify()
    except JournalUnavailable:
        _print_health(journal)  # not even readable: damaged, or not a journal
        return EXIT_NO_JOURNAL
    _print_verify(report)
    return EXIT_OK if report.ok else EXIT_PROBLEM


def _print_verify(report: VerifyReport) -> None:
    chain = report.chain
    if report.integrity:
        print(f"파일 무결성: 문제 — {report.integrity}")
    else:
        print("파일 무결성: 정상")
    if chain.first_broken_id is not None:
        print(
            f"해시 체인 깨짐: 기록 #{chain.first_broken_id} — {chain.reason} "
            f"(그 앞의 {chain.checked}건은 정상)"
        )
    elif chain.unchecked:
        print(
            f"해시 체인: 기록 {chain.checked:,}건 검사, "
            f"{sum(s.last - s.first + 1 for s in chain.unchecked):,}건은 "
            "봉인 키가 없어 검사하지 못함"
        )
    else:
        print(f"해시 체인 정상: 기록 {chain.checked:,}건 검사")
    for s in chain.stretches:
        if s.why is not None:
            print(f"  키 변경: 기록 #{s.first}부터 키 {s.kid} ({s.why})")
    if report.difference is not None:
        print(f"상태 재생: 다름 — {report.difference.text}")
    elif report.replayed:
        counts = report.replayed
        print(
            f"상태 재생: 표와 일치 (판매 {counts.get('sales', 0):,}건, 취소 {counts.get('cancels', 0):,}건, "
            f"고객 {counts.get('customers', 0):,}건, 현금영수증 {counts.get('receipts', 0):,}건)"
        )
    anchor = report.anchor
    if anchor is None or anchor.latest is None:
        print("기준점: 기록된 기준점이 없습니다 (마감 후 다시 검사하세요)")
    elif anchor.problem:
        print(f"기준점: 문제 — {anchor.problem}")
    else:
        print(
            f"기준점: {anchor.checked}개 확인, 마지막 {anchor.latest.at[:16].replace('T', ' ')} "
            f"{anchor.latest.text}"
        )
    for warning in report.warnings:
        print(f"알림: {warning}")
    for problem in report.problems:
        print(f"문제: {problem}", file=sys.stderr)
    print("결과: 정상" if report.ok else "결과: 문제 있음")


def _accept_restore(journal: Journal, reason: str) -> int:
    event_id = journal.accept_lost_events(reason)
    for warning in journal.health.warnings[-1:]:
        print(warning)
    print(f"기록 #{event_id}에 남겼습니다. verify가 이 기록을 계속 보여 줍니다.")
    return EXIT_OK


def _export(journal: Journal, date_from: date, date_to: date, file: Path) -> int:
    if date_to < date_from:
        print("끝 날짜가 시작 날짜보다 앞입니다.", file=sys.stderr)
        return EXIT_PROBLEM
    count = export_history(journal, ActivityFilter(date_from=date_from, date_to=date_to), file)
    print(f"{date_from}~{date_to} 거래 {count}건을 저장했습니다: {file}")
    _print_health(journal)
    return EXIT_OK


def _close(journal: Journal, day: date, file: Path | None, shop: str) -> int:
    now = datetime.now().astimezone()
    assert now.tzinfo is not None
    report = journal.day_report(day, now.tzinfo)
    _print_report(report)
    if file is not None:
        export_day_report(DayReportDocument(report, shop, now.replace(tzinfo=None)), file)
        print(f"마감 내역을 저장했습니다: {file}")
    _print_health(journal)
    return EXIT_OK


def _print_report(report: DayReport) -> None:
    print(f"마감일 {report.day.isoformat()}")
    print(f"{'카드사':<12}{'승인':>6}{'승인금액':>14}{'취소':>6}{'취소금액':>14}{'순매출':>14}")
    for c in report.by_company:
        print(
            f"{c.card_company:<12}{c.paid_count:>6}{c.paid_sum:>14,}{c.cancel_count:>6}"
            f"{c.cancel_sum:>14,}{c.net:>14,}"
        )
    print(
        f"{'합계':<12}{report.paid_count:>6}{report.paid_sum:>14,}{report.cancel_count:>6}"
        f"{report.cancel_sum:>14,}{report.net:>14,}"
    )
    print(
        f"면세 {report.tax_free_sum:,}원 · 부가세 {report.vat_sum:,}원 · "
        f"현금영수증 {report.receipts_count}건 {report.receipts_sum:,}원"
    )
    print(f"합계 (카드 + 현금영수증) {report.net + report.receipts_sum:,}원")
    if report.anchor:
        print(
            f"기준점(저널 끝): {report.anchor}  — 이 줄을 보관하세요. "
            "나중에 기록이 잘리면 verify가 알려 줍니다."
        )
        print(f"검사로 확인된 기록: #{report.verified_through:,}까지 (그 뒤는 다음 시작 때 검사)")


if __name__ == "__main__":
    raise SystemExit(main())
