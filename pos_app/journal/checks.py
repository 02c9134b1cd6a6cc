"""The journal's checks: the quick one before 승인, the full one in the background, and verify.

Before 승인 (``startup_check``, part of ``Journal.open``): the key is here, the chain holds from the last
checked event to the head, every sale, customer and receipt touched since then replays to exactly its
stored rows, and the journal is not behind its latest anchor. That is the work of the events since the
last check — one day's sales open in milliseconds whatever the journal's size.

In the background (``full_check``, ``Journal.full_check``/``Journal.verify``): SQLite's
``integrity_check`` (interruptible), the whole chain, the replay of every event compared with every
stored row, and every anchor in the log. A full check that passes moves the checkpoint to the head.

The checkpoint ("checked up to event N, MAC m, key k") is kept in ``checks`` with its own MAC, so moving
it forward needs the key; a checkpoint that does not verify is ignored (the next start checks all).
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pos_app.journal import anchors
from pos_app.journal.chain import GENESIS, ChainWalk, KeyStretch, Row, merge, walk
from pos_app.journal.codec import decode
from pos_app.journal.replay import (
    Difference,
    Stopped,
    compare_all,
    replay_all,
    replay_groups,
    shares,
)
from pos_app.journal.replay_worker import result_from_json


@dataclass
class VerifyReport:
    """What a check found. ``ok`` only when everything was checked and held."""

    chain: ChainWalk
    difference: Difference | None = None
    anchor: anchors.AnchorCheck | None = None
    replayed: dict[str, int] = field(default_factory=dict)  # table → rows compared
    integrity: str | None = None  # SQLite's own complaint, if any
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: bool = False
    full: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stopped


STARTUP_WINDOW = 200_000  # events the check before 승인 walks at most (about 100,000 sales: 3 months)


def _checkpoint_mac(key: bytes, text: str) -> str:
    return hmac.digest(key, b"checkpoint\x00" + text.encode("ascii"), "sha256")[:16].hex()


def read_checkpoint(
    conn: sqlite3.Connection, key_for: Callable[[str], bytes | None]
) -> tuple[int, bytes, str | None]:
    rows = dict(conn.execute("SELECT k, v FROM checks").fetchall())
    text, seal = rows.get("head"), rows.get("seal")
    if not text or not seal:
        return 0, GENESIS, None
    try:
        event_id, mac_hex, kid = text.split(":")
        key = key_for(kid)
        if key is None or not hmac.compare_digest(_checkpoint_mac(key, text), seal):
            return 0, GENESIS, None
        stored = conn.execute("SELECT m FROM events WHERE id = ?", (int(event_id),)).fetchone()
        if stored is None or bytes(stored[0]).hex() != mac_hex:
            return 0, GENESIS, None
        return int(event_id), bytes.fromhex(mac_hex), kid
    except ValueError:
        return 0, GENESIS, None


def write_checkpoint(conn: sqlite3.Connection, event_id: int, mac_bytes: bytes, kid: str, key: bytes) -> None:
    text = f"{event_id}:{mac_bytes.hex()}:{kid}"
    conn.execute("BEGIN IMMEDIATE")
    try:
        for k, v in (("head", text), ("seal", _checkpoint_mac(key, text))):
            conn.execute(
                "INSERT INTO checks (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", (k, v)
            )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def stretch_warnings(stretches: list[KeyStretch]) -> list[str]:
    out = []
    for s in stretches:
        if s.why is not None:
            out.append(
                f"기록 #{s.first}부터 새 봉인 키({s.kid})로 봉인되었습니다. 이유: {s.why or '기록 없음'}."
            )
        if not s.checked:
            out.append(
                f"기록 #{s.first}–#{s.last}은(는) 이 컴퓨터에 없는 봉인 키({s.kid})로 봉인되어 검사하지 "
                "못했습니다. 그 키가 있는 컴퓨터에서 검사하세요."
            )
    return out


def lost_warnings(conn: sqlite3.Connection) -> list[str]:
    """Every loss the owner accepted (``Journal.accept_lost_events``), for verify to show for ever."""
    out = []
    for event_id, body in conn.execute("SELECT id, b FROM events WHERE k IN ('G', 'K', 'X') AND k = 'X'"):
        fields = decode(body)
        out.append(
            f"기록 #{event_id}: 기록 #{int(fields.get('had', 0)) + 1}–#{fields.get('n')}"
            f"({str(fields.get('at', ''))[:16].replace('T', ' ')} 기준점)을 잃은 것으로 받아들였습니다 — "
            f"{fields.get('why', '')}"
        )
    return out


def _chain_problem(walk_result: ChainWalk) -> str | None:
    if walk_result.first_broken_id is None:
        return None
    return f"해시 체인 깨짐: 기록 #{walk_result.first_broken_id} — {walk_result.reason}"


def _events_rows(conn: sqlite3.Connection, after: int) -> Iterator[Row]:
    cursor = conn.execute("SELECT id, ts, k, g, b, m FROM events WHERE id > ? ORDER BY id", (after,))
    while batch := cursor.fetchmany(4096):
        yield from batch


def startup_check(
    conn: sqlite3.Connection,
    key_for: Callable[[str], bytes | None],
    anchor_log: list[anchors.Anchor],
    should_stop: Callable[[], bool] | None = None,
) -> VerifyReport:
    start_id, start_mac, start_kid = read_checkpoint(conn, key_for)
    warnings: list[str] = []
    head = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    if head - start_id > STARTUP_WINDOW:
        # never checked (a checkpoint lost with its key, an old copy): before 승인 only the newest
        # events, linked from a start taken on trust; the full check in the background does the rest
        start_id = int(head) - STARTUP_WINDOW
        start_mac = bytes(conn.execute("SELECT m FROM events WHERE id = ?", (start_id,)).fetchone()[0])
        row = conn.execute(
            "SELECT b FROM events WHERE k IN ('G', 'K') AND id <= ? ORDER BY id DESC LIMIT 1", (start_id,)
        ).fetchone()
        start_kid = str(decode(row[0])["kid"]) if row else None
        warnings.append(
            f"시작 전에는 마지막 기록 {STARTUP_WINDOW:,}건만 검사했습니다(그 앞은 검사 기록이 "
            "없습니다). 전체 검사가 끝날 때까지 기다리거나 pos-app-journal verify 를 실행하세요."
        )
    chain = walk(
        _events_rows(conn, start_id),
        key_for,
        start_id=start_id,
        start_mac=start_mac,
        start_kid=start_kid,
        should_stop=should_stop,
    )
    report = VerifyReport(chain=chain, warnings=warnings)
    if chain.stopped:
        report.stopped = True
        return report
    problem = _chain_problem(chain)
    if problem:
        report.problems.append(problem)
        return report
    groups = [
        int(r[0])
        for r in conn.execute(
            "SELECT DISTINCT coalesce(g, id) FROM events WHERE id > ? AND k NOT IN ('G', 'K', 'W', 'X')",
            (start_id,),
        )
    ]
    try:
        report.difference = replay_groups(conn, groups, should_stop)
    except Stopped:
        report.stopped = True
        return report
    report.replayed = {"groups": len(groups)}
    if report.difference is not None:
        report.problems.append("상태 표가 기록과 다릅니다: " + report.difference.text)
    report.anchor = anchors.check(conn, anchor_log[-1:])
    if report.anchor.problem:
        report.problems.append(report.anchor.problem)
    report.warnings.extend(stretch_warnings(chain.stretches))
    return report


_Replayed = tuple[dict[str, int], Difference | None, str | None]


def _replay_here(conn: sqlite3.Connection, should_stop: Callable[[], bool] | None) -> _Replayed | None:
    try:
        state = replay_all(conn, should_stop)
    except Stopped:
        return None
    except ValueError as exc:
        return {}, None, str(exc)
    return {t: len(rows) for t, rows in state.rows.items()}, compare_all(conn, state), None


def _start_shares(path: Path, workers: int, head: int, keys: dict[str, bytes | None]) -> list[Any]:
    """One worker process per share (``replay_worker``), the request on its standard input."""
    request = {"path": str(path), "keys": {kid: key.hex() if key else None for kid, key in keys.items()}}
    procs = []
    for share in shares(head, workers):
        proc = subprocess.Popen(  # our own interpreter and module, nothing from outside
            [sys.executable, "-m", "pos_app.journal.replay_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdin is not None
        proc.stdin.write(json.dumps({**request, "share": list(share)}).encode("utf-8"))
        proc.stdin.close()
        proc.stdin = None  # sent and closed: communicate() only reads
        procs.append(proc)
    return procs


def _stop_shares(procs: list[Any]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _collect_shares(
    procs: list[Any], should_stop: Callable[[], bool] | None
) -> tuple[_Replayed, ChainWalk] | None:
    results = []
    for proc in procs:
        while True:
            if should_stop is not None and should_stop():
                return None
            try:
                out, err = proc.communicate(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                continue
        if proc.returncode != 0:
            raise RuntimeError(
                f"a share of the check failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}"
            )
        results.append(result_from_json(json.loads(out)))
    counts: dict[str, int] = {}
    for share_counts, _, _, _ in results:
        for table, n in share_counts.items():
            counts[table] = max(counts.get(table, 0), n) if table == "meta" else counts.get(table, 0) + n
    errors = [e for _, _, e, _ in results if e is not None]
    differences = [d for _, d, _, _ in results if d is not None]
    chain = merge([w for _, _, _, w in results])
    return (counts, (differences[0] if differences else None), (errors[0] if errors else None)), chain


def _all_keys(conn: sqlite3.Connection, key_for: Callable[[str], bytes | None]) -> dict[str, bytes | None]:
    kids = {str(decode(b)["kid"]) for (b,) in conn.execute("SELECT b FROM events WHERE k IN ('G', 'K')")}
    return {kid: key_for(kid) for kid in kids}


def _integrity(conn: sqlite3.Connection, report: VerifyReport) -> bool:
    """SQLite's integrity check into ``report``; False when it was interrupted."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            report.stopped = True
            return False
        raise
    if rows != ["ok"]:
        report.integrity = "; ".join(rows[:3])
        report.problems.append(
            f"저널 파일 무결성 검사에 실패했습니다({report.integrity}). 결제를 멈추고 "
            "파일을 복사해 보관한 뒤 관리자에게 연락하세요."
        )
    return True


def full_check(
    conn: sqlite3.Connection,
    key_for: Callable[[str], bytes | None],
    anchor_log: list[anchors.Anchor],
    should_stop: Callable[[], bool] | None = None,
    integrity: bool = True,
    path: Path | None = None,
    workers: int = 1,
) -> VerifyReport:
    """Everything, from the first event; interrupt with ``conn.interrupt()`` or ``should_stop``.

    ``workers`` > 1 (with ``path``) splits the work over that many processes, each in its own snapshot
    and in one pass over the events: the chain from one event id to the next share's first (linked from
    the MAC stored before it) and the replay of the groups created in that range, compared with their
    rows; SQLite's integrity check runs meanwhile on this connection."""
    report = VerifyReport(chain=ChainWalk(), full=True)
    parallel = workers > 1 and path is not None
    if integrity and not parallel and not _integrity(conn, report):
        return report
    try:
        conn.execute("BEGIN")  # one snapshot: a writer in another thread cannot move the head meanwhile
        try:
            head = int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
            if parallel:
                assert path is not None
                procs = _start_shares(path, workers, head, _all_keys(conn, key_for))
                # SQLite's own check runs meanwhile on this connection (it leaves the GIL to the others)
                side = threading.Thread(
                    target=_integrity, args=(conn, report), name="journal-integrity-check"
                )
                if integrity:
                    side.start()
                try:
                    collected = _collect_shares(procs, should_stop)
                finally:
                    _stop_shares(procs)
                    if integrity:
                        side.join()
                if collected is None or report.stopped:
                    report.stopped = True
                    return report
                replayed, report.chain = collected
            else:
                report.chain = walk(_events_rows(conn, 0), key_for, should_stop=should_stop)
                maybe = None if report.chain.stopped else _replay_here(conn, should_stop)
                if maybe is None:
                    report.stopped = True
                    return report
                replayed = maybe
            problem = _chain_problem(report.chain)
            if problem:
                report.problems.append(problem)
            report.replayed, report.difference, error = replayed
            if error is not None:
                report.problems.append(f"기록을 다시 적용할 수 없습니다: {error}")
            elif report.difference is not None:
                report.problems.append("상태 표가 기록과 다릅니다: " + report.difference.text)
            report.anchor = anchors.check(conn, anchor_log)
            if report.anchor.problem:
                report.problems.append(report.anchor.problem)
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            report.stopped = True
            return report
        raise
    report.warnings.extend(stretch_warnings(report.chain.stretches))
    report.warnings.extend(lost_warnings(conn))
    if report.chain.unchecked:
        report.problems.append(
            "봉인 키가 없어 검사하지 못한 기록이 있습니다(아래 참고): 정상이라고 할 수 없습니다."
        )
    return report
