"""Benchmark: the journal at the size of three busy years (1,000,000 sales), in the Figure shape.

    .venv/bin/python build_scripts/bench/bench_journal_scale.py [--sales 1000000] [--rounds 5] [--quick]

The journal is built once through the journal's own write path (the record functions, the projection,
the sealed chain — batched into large transactions with synchronous=OFF, which changes how fast it is
written, not what is written) and kept under ``CACHE_DIR/journal-scale/`` (``common.CACHE_DIR``), named
by the schema and generator versions. It adds to ``bench_journal`` what the sealed journal brings: the
full check with the replay, the replay alone, the check after one more day, and stopping a check. Each
figure is taken ``rounds`` times, ours and its reference back to back in the same round:

* opening the 1,000,000-sale journal (the check before 승인) against opening an empty folder;
* opening it after one more day of sales (the incremental check of that day);
* the full check (integrity check, whole chain, replay compared with every row, anchors) and the replay
  alone, absolute; the time a full check takes to stop once interrupted (closing the window);
* the Z report of one day against the hand-written indexed query; a history first page against the same
  SQL run raw; one sale's writes (intent + result, synchronous=FULL) against two bare synchronous=FULL
  commits; the file's bytes per sale (and the events' share).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_scripts.bench.common import CACHE_DIR  # noqa: E402
from build_scripts.bench.figures import Figure  # noqa: E402
from pos_app.domain.outcomes import Outcome  # noqa: E402
from pos_app.journal import CancelIntent, HistoryFilter, Journal, PaymentFacts, SaleIntent, sales  # noqa: E402
from pos_app.journal.events import write_transaction  # noqa: E402
from pos_app.journal.keys import FileKeyStore  # noqa: E402
from pos_app.journal.schema import SCHEMA_VERSION  # noqa: E402

START = datetime(2023, 12, 1, 9, 0, tzinfo=UTC).timestamp()
DAY = 86400.0
NAMES = ["홍길동", "김영희", "박철수", "이민수", "최지우", "정하늘", "강민준", "조서연", "윤도현", "장나라"]
COMPANIES = ["신한카드", "KB국민카드", "삼성카드", "현대카드", "BC카드", "롯데카드", "하나카드", "NH농협카드"]
ORDERS = ["꽃다발", "케이크 1호", "화환", "생일 꽃바구니", "전화 주문", "택배 상품", "예약금"]


GENERATOR_VERSION = 3  # bump when what is generated, or the journal's stored form, changes


def _folder() -> Path:
    folder = CACHE_DIR / "journal-scale"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(path: Path, **kw: object) -> Journal:
    return Journal.open(path, counter_id="C01", operator="김점원", keys=FileKeyStore(path.parent), **kw)  # type: ignore[arg-type]


def add_sales(path: Path, count: int, first: int, start_ts: float, per_day: float, seed: int = 7) -> None:
    """``count`` sales (numbered from ``first``) from ``start_ts`` on, ``per_day`` a day, through the
    journal's write path in transactions of 5,000 sales; about 4% are refunded (half in part) days later."""
    rng = random.Random(seed + first)
    journal = _open(path)
    conn = journal._db().conn
    conn.execute("PRAGMA synchronous = OFF")
    sealer = journal._sealer
    assert sealer is not None, journal.health.problems
    refunds: list[tuple[float, str, int, int]] = []
    step = DAY / per_day
    done = 0
    try:
        while done < count:
            batch = min(5000, count - done)
            with write_transaction(conn, start_ts, "김점원", "C01", sealer) as tx:
                for n in range(first + done, first + done + batch):
                    at = start_ts + (n - first) * step
                    tx.now = at
                    uid = f"C01-{n:08d}"
                    amount = rng.choice((5500, 12000, 30000, 55000, 120000)) + 100 * rng.randrange(50)
                    last4 = f"{rng.randrange(10000):04d}"
                    tel = f"010-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}"
                    company = rng.choice(COMPANIES)
                    sales.record_sale_intent(
                        tx,
                        SaleIntent(
                            merchant_uid=uid,
                            sale_id=uid,
                            kind="keyin",
                            amount=amount,
                            tax_free=0,
                            order_name=rng.choice(ORDERS),
                            card_hint=f"5365-10**-****-{last4}",
                            card_company=company,
                            buyer_name=rng.choice(NAMES),
                            buyer_tel=tel,
                            portone_at=at - 0.4,
                        ),
                    )
                    tx.now = at + 2
                    roll = rng.random()
                    if roll < 0.08:
                        sales.record_sale_result(tx, uid, Outcome.DECLINED, None, "한도초과")
                        continue
                    payment = PaymentFacts(
                        imp_uid=f"imp_{n:012d}",
                        status="paid",
                        amount=amount,
                        card_name=company,
                        card_code="366",
                        card_number=f"536510******{last4}",
                        apply_num=f"{rng.randrange(10**8):08d}",
                        paid_at=at + 2,
                        receipt_url=f"https://pgims.ksnet.co.kr/pg_infoc/src/bill/credit_view.jsp?tr_no=ST{n:020d}",
                        pg_tid=f"ST{n:020d}",
                    )
                    sales.record_sale_result(tx, uid, Outcome.APPROVED, payment, None)
                    if roll > 0.96:
                        part = amount // 2 if roll > 0.98 else 0
                        refunds.append((at + DAY * rng.randrange(1, 5), uid, part, amount))
                due = [r for r in refunds if r[0] <= tx.now]
                refunds = [r for r in refunds if r[0] > tx.now]
                for at, uid, part, amount in due:
                    tx.now = at
                    cancel_id = f"{uid}-c1"
                    sales.record_cancel_intent(
                        tx, CancelIntent(cancel_id, uid, None, part, 0, amount, "고객 요청")
                    )
                    sales.record_cancel_result(
                        tx, cancel_id, Outcome.PARTIALLY_CANCELLED if part else Outcome.CANCELLED, None, None
                    )
            done += batch
    finally:
        conn.execute("PRAGMA synchronous = FULL")
        journal.close()


def build(count: int) -> Path:
    """The journal of ``count`` sales (made once, then reused), checked once so its checkpoint is set."""
    path = _folder() / f"journal-{count}-v{SCHEMA_VERSION}-g{GENERATOR_VERSION}" / "journal.sqlite3"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    add_sales(path, count, 0, START, count / (3 * 365))
    journal = _open(path)
    try:
        report = journal.full_check(integrity=False)
        assert report.ok, report.problems
    finally:
        journal.close()
    print(
        f"built {path} ({count:,} sales, {path.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - began:.0f} s",
        file=sys.stderr,
    )
    return path


def _timed(fn: Callable[[], object]) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _open_close(path: Path) -> None:
    journal = _open(path)
    assert journal.health.ok, journal.health.problems
    journal.close()


def _bytes(path: Path, count: int) -> tuple[float, float]:
    conn = sqlite3.connect(str(path))
    try:
        try:
            rows = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
            events = sum(v for k, v in rows.items() if k.startswith("events"))
        except sqlite3.OperationalError:
            events = conn.execute("SELECT sum(length(b) + length(m) + 24) FROM events").fetchone()[0]
    finally:
        conn.close()
    return path.stat().st_size / count, events / count


def measure(rounds: int, quick: bool) -> list[Figure]:
    count = 2_000 if quick else 1_000_000
    path = build(count)
    work = _folder() / f"work-{count}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    copy = work / "journal.sqlite3"
    for file in path.parent.iterdir():
        shutil.copyfile(file, work / file.name)
    empty = work / "empty"
    per_day = count / (3 * 365)
    figures: dict[str, tuple[list[float], list[float] | None]] = {
        k: ([], []) for k in ("open", "open_day", "zreport", "history", "writes")
    }
    figures.update({k: ([], None) for k in ("verify", "replay", "interrupt")})
    next_sale = count
    day_start = START + 3 * 365 * DAY
    for _ in range(rounds):
        shutil.rmtree(empty, ignore_errors=True)
        figures["open"][1].append(_timed(lambda: _open_close(empty / "journal.sqlite3")))  # type: ignore[union-attr]
        figures["open"][0].append(_timed(lambda: _open_close(copy)))
        add_sales(copy, int(per_day), next_sale, day_start, per_day)
        next_sale += int(per_day)
        day_start += DAY
        shutil.rmtree(empty, ignore_errors=True)
        figures["open_day"][1].append(_timed(lambda: _open_close(empty / "journal.sqlite3")))  # type: ignore[union-attr]
        figures["open_day"][0].append(_timed(lambda: _open_close(copy)))
        ours, ref = _zreport(copy)
        figures["zreport"][0].append(ours)
        figures["zreport"][1].append(ref)  # type: ignore[union-attr]
        ours, ref = _history(copy)
        figures["history"][0].append(ours)
        figures["history"][1].append(ref)  # type: ignore[union-attr]
        ours, ref = _writes(work)
        figures["writes"][0].append(ours)
        figures["writes"][1].append(ref)  # type: ignore[union-attr]
        journal = _open(copy)
        try:
            figures["verify"][0].append(_timed(lambda: journal.full_check()))  # noqa: B023
            conn = journal._db().conn
            from pos_app.journal.replay import replay_all

            figures["replay"][0].append(_timed(lambda: replay_all(conn)))  # noqa: B023
            figures["interrupt"][0].append(_interrupt(journal, 0.0 if quick else 2.0))
        finally:
            journal.close()
    per_sale, events_per_sale = _bytes(copy, next_sale)
    before = {
        "open": "53 s vs 1.2 s (44×)",
        "open_day": "53 s",
        "verify": "49 s (CLI 97 s)",
        "replay": "—",
        "interrupt": "52 s",
        "zreport": "0.7 s vs 1.7 ms (400×)",
        "history": "2.5–3.1×",
        "writes": "4.6 ms vs 1.8 ms (2.6×)",
    }
    spec = {
        "open": ("journal: open (check before 승인) vs empty folder", "s", 1.5, "≤ 1.5× an empty folder"),
        "open_day": ("journal: open after one more day of sales vs empty folder", "s", 1.5, "≤ 1.5×"),
        "verify": ("journal: full check (integrity, chain, replay, anchors)", "s", 15.0, "≤ 15 s"),
        "replay": ("journal: replay of every event", "s", None, "—"),
        "interrupt": ("journal: full check stops after interrupt()", "s", 1.0, "≤ 1 s"),
        "zreport": (
            "journal: Z report of one day vs the same sums in hand-written indexed SQL",
            "s",
            2.0,
            "≤ 2×",
        ),
        "history": ("journal: history first page vs the same SQL raw", "s", 1.5, "≤ 1.5×"),
        "writes": ("journal: one sale's writes vs two bare synchronous=FULL commits", "s", 1.3, "≤ 1.3×"),
    }
    out = [
        Figure(
            name=spec[k][0],
            ours=v[0],
            reference=v[1],
            unit=spec[k][1],
            goal=spec[k][2],
            goal_text=spec[k][3],
            before=before[k],
            note=f"{count:,} sales",
        )
        for k, v in figures.items()
    ]
    out.append(
        Figure(
            name="journal: bytes per sale (file / sales)",
            ours=[per_sale] * rounds,
            reference=None,
            unit="B",
            goal=1024,
            goal_text="≤ 1 KB",
            before="2.3 KB (events 1.3 KB)",
            extra={"events_bytes_per_sale": events_per_sale},
        )
    )
    return out


def _zreport(path: Path) -> tuple[float, float]:
    journal = _open(path, read_only=True)
    try:
        day = date(2025, 6, 16)
        tz = datetime.now().astimezone().tzinfo
        assert tz is not None
        conn = journal._db().conn
        start = datetime.combine(day, datetime.min.time(), tzinfo=tz).timestamp()
        ours = _timed(lambda: journal.day_report(day, tz))  # type: ignore[arg-type]
        # the same three sums written by hand (what a Z report needs: paid by company with VAT, refunds
        # by company with VAT, cash receipts), run raw on the same connection
        vat = "(2 * ({a} - {t}) + 11) / 22"
        ref = _timed(
            lambda: (
                conn.execute(
                    "SELECT coalesce(card_name, card_company), count(*), sum(paid_amount), sum(tax_free), "  # noqa: S608
                    f"sum({vat.format(a='paid_amount', t='tax_free')}) FROM sales INDEXED BY sales_paid_at "
                    "WHERE paid_at >= ? AND paid_at < ? AND +outcome IN ('approved', 'cancelled', "
                    "'partially_cancelled', 'mismatch') GROUP BY 1",
                    (start, start + DAY),
                ).fetchall(),
                conn.execute(
                    "SELECT coalesce(s.card_name, s.card_company), count(*), sum(c.cancelled_amount), "  # noqa: S608
                    f"sum({vat.format(a='c.cancelled_amount', t='c.tax_free')}) FROM cancels c "
                    "JOIN sales s ON s.merchant_uid = c.merchant_uid "
                    "WHERE c.cancelled_at >= ? AND c.cancelled_at < ? GROUP BY 1",
                    (start, start + DAY),
                ).fetchall(),
                conn.execute(
                    "SELECT count(*), sum(amount) FROM receipts WHERE applied_at >= ? AND applied_at < ?",
                    (start, start + DAY),
                ).fetchall(),
            )
        )
        return ours, ref
    finally:
        journal.close()


def _history(path: Path) -> tuple[float, float]:
    from pos_app.journal.history import _where
    from pos_app.journal.sales import SALE_SELECT

    journal = _open(path, read_only=True)
    try:
        flt = HistoryFilter(date_from=date(2025, 3, 1), date_to=date(2025, 9, 30))
        conn = journal._db().conn
        where, params = _where(flt)
        sql = f"{SALE_SELECT}{where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
        journal.history(flt)
        ours = min(_timed(lambda: journal.history(flt)) for _ in range(5))
        ref = min(_timed(lambda: conn.execute(sql, [*params, 200, 0]).fetchall()) for _ in range(5))
        return ours, ref
    finally:
        journal.close()


def _writes(folder: Path) -> tuple[float, float]:
    """One sale (intent + result, two commits) against two bare commits of one small row each."""
    target = folder / "writes"
    shutil.rmtree(target, ignore_errors=True)
    journal = _open(target / "journal.sqlite3")
    bare = sqlite3.connect(str(target / "bare.sqlite3"), isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    ours: list[float] = []
    ref: list[float] = []
    try:
        for i in range(30):
            uid = f"C01-w{i:06d}"
            began = time.perf_counter()
            journal.record_sale_intent(
                SaleIntent(
                    uid,
                    uid,
                    "keyin",
                    12000,
                    0,
                    "꽃다발",
                    "5365-10**-****-1234",
                    "신한카드",
                    "홍길동",
                    "010-1234-5678",
                )
            )
            journal.record_sale_result(
                uid,
                Outcome.APPROVED,
                payment=PaymentFacts(
                    f"imp_{i:012d}",
                    "paid",
                    12000,
                    card_name="신한카드",
                    card_number="536510******1234",
                    apply_num="12345678",
                    paid_at=time.time(),
                ),
                message=None,
            )
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            for _ in range(2):
                bare.execute("BEGIN IMMEDIATE")
                bare.execute("INSERT INTO t (v) VALUES (?)", ("x" * 200,))
                bare.execute("COMMIT")
            ref.append(time.perf_counter() - began)
    finally:
        journal.close()
        bare.close()
    ours.sort()
    ref.sort()
    return ours[len(ours) // 2], ref[len(ref) // 2]


def _interrupt(journal: Journal, into: float = 2.0) -> float:
    result: list[float] = []

    def run() -> None:
        journal.full_check()
        result.append(time.perf_counter())

    journal._stop.clear()
    thread = threading.Thread(target=run, name="bench-full-check")
    thread.start()
    time.sleep(into)  # well into the integrity check (a benchmark's pause, not a test's synchronisation)
    asked = time.perf_counter()
    journal.interrupt()
    thread.join()
    journal._stop.clear()
    return max(0.0, result[0] - asked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for figure in measure(args.rounds, args.quick):
        low, mid, high = figure.summary()
        unit = "×" if figure.reference is not None else figure.unit
        print(
            f"{figure.name}: median {mid:.4g}{unit} (min {low:.4g}, max {high:.4g}); "
            f"goal {figure.goal_text}; "
            f"met={figure.met()}; before {figure.before}; {figure.note} {figure.extra or ''}"
        )
        if figure.reference is not None:
            print(
                f"    ours {statistics_text(figure.ours)} s, reference {statistics_text(figure.reference)} s"
            )
    return 0


def statistics_text(values: list[float]) -> str:
    return "/".join(f"{v:.4g}" for v in values)


if __name__ == "__main__":
    os.environ.setdefault("POS_APP_NO_KEYRING", "1")
    raise SystemExit(main())
