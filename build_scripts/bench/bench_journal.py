"""The journal at a busy shop's size: Z report, history page, size, verify, writes, start-up and close.

The big journal (1,000,000 sales; ``quick``: 3,000) comes from big_journal.py's cache. What is measured
goes through the public pieces only — ``Journal.open/day_report/history/verify_chain``, the
``pos-app-journal`` command line and the app itself — so the figures keep meaning the same while the
journal's internals are reworked. Raw SQL appears only in the hand-written reference queries, which find
their tables, columns and indexes in ``sqlite_master`` and say plainly when the schema no longer has
them (update ``_Reference`` then).

Figures (each round alternates ours and the reference):
  Z report            Journal.day_report(one day) vs the indexed SQL that totals the same day (each
                      the median of 5 calls per round, after one warm call, like the history pages);
  history first page  Journal.history(first 200, no filter / one day / a card's last 4) vs the same
                      SELECT … LIMIT 200 fetched raw;
  bytes per sale      the file (with its WAL) / sales;
  verify              Journal.verify_chain() (open excluded) and ``pos-app-journal verify`` (all of it);
  one sale's writes   record_sale_intent + record_sale_result on a fresh journal vs two bare commits;
  tabs usable         the app (unfrozen, probe "ready") on the big journal vs an empty data folder;
  close in start-up   the app told to quit 2 s into start-up on the big journal: quit → process gone.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from build_scripts.bench import big_journal
from build_scripts.bench.common import BareCommits, median_of, timed
from build_scripts.bench.figures import Figure

SALES = 1_000_000
QUICK_SALES = 3_000
PAGE = 200
CLOSE_AFTER_MS = 2_000


class SchemaChanged(RuntimeError):
    """The hand-written reference query no longer fits the journal's tables."""


class _Reference:
    """Hand-written SQL on a read-only connection, for the same answers the Journal API gives."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        self.tables = {
            name: {row[1] for row in self.conn.execute(f"PRAGMA table_info({name})")}
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        self.indexes: dict[str, list[tuple[str, str]]] = {}  # table → [(index, first column)]
        for name, table in self.conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"):
            first = self.conn.execute(f"PRAGMA index_info({name})").fetchone()
            if first is not None:
                self.indexes.setdefault(table, []).append((name, first[2]))

    def _need(self, table: str, *columns: str) -> None:
        missing = [c for c in columns if c not in self.tables.get(table, set())]
        if missing:
            raise SchemaChanged(f"the reference query needs {table}({', '.join(missing)}); update _Reference")

    def _index_on(self, table: str, column: str) -> str:
        for name, first in self.indexes.get(table, []):
            if first == column:
                return f'INDEXED BY "{name}"'
        return ""  # no index: the reference is then as slow as it must be

    def day_totals(self, start: float, end: float, taken: list[str], done: list[str]) -> tuple[int, int]:
        """(payments counted, net amount) of the day, as the Z report totals them."""
        self._need("sales", "paid_at", "paid_amount", "outcome", "merchant_uid")
        self._need("cancels", "cancelled_at", "cancelled_amount", "outcome", "merchant_uid")
        marks = ", ".join("?" * len(taken))
        paid = self.conn.execute(
            f"SELECT count(*), coalesce(sum(paid_amount), 0) FROM sales {self._index_on('sales', 'paid_at')} "  # noqa: S608
            f"WHERE paid_at >= ? AND paid_at < ? AND outcome IN ({marks})",
            [start, end, *taken],
        ).fetchone()
        by_time = self._index_on("cancels", "cancelled_at")
        cancelled = self.conn.execute(
            f"SELECT coalesce(sum(cancelled_amount), 0) FROM cancels {by_time} "  # noqa: S608
            f"WHERE cancelled_at >= ? AND cancelled_at < ? AND outcome IN ({', '.join('?' * len(done))})",
            [start, end, *done],
        ).fetchone()
        if "receipts" in self.tables and "applied_at" in self.tables["receipts"]:
            self.conn.execute(
                f"SELECT count(*), coalesce(sum(amount), 0) FROM receipts "  # noqa: S608
                f"{self._index_on('receipts', 'applied_at')} WHERE applied_at >= ? AND applied_at < ?",
                [start, end],
            ).fetchone()
        return int(paid[0]), int(paid[1]) - int(cancelled[0])

    def page(self, where: str, params: list[Any]) -> int:
        self._need("sales", "created_at")
        rows = self.conn.execute(
            f"SELECT * FROM sales {where} ORDER BY created_at DESC, rowid DESC LIMIT {PAGE}",  # noqa: S608
            params,
        ).fetchall()
        return len(rows)

    def close(self) -> None:
        self.conn.close()


def _local_midnight(day: date) -> float:
    return datetime.combine(day, datetime.min.time()).astimezone().timestamp()


def _journal_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def _cli_verify(path: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pos_app.journal", "--journal", str(path), "verify"],
        capture_output=True, text=True, timeout=3600, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"pos-app-journal verify failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed


def _one_sale_writes(rounds: int, samples: int) -> tuple[list[float], list[float]]:
    from pos_app.domain.outcomes import Outcome
    from pos_app.domain.uids import mint_merchant_uid
    from pos_app.journal import Journal, PaymentFacts, SaleIntent

    ours: list[float] = []
    ref: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pos_app-bench-writes-") as tmp:
        journal = Journal.open(Path(tmp) / "journal.sqlite3", counter_id="BENCH1", operator="bench")
        bare = BareCommits(Path(tmp))
        try:
            for _ in range(rounds):
                a: list[float] = []
                b: list[float] = []
                for i in range(samples):
                    uid = mint_merchant_uid("BENCH1", datetime.now().astimezone())
                    intent = SaleIntent(
                        merchant_uid=uid, sale_id=uid, kind="keyin", amount=12_000 + i, tax_free=0,
                        order_name="전화 주문", card_hint="451842******0007", card_company="신한카드",
                        buyer_name="홍길동", buyer_tel="010-1234-5678",
                    )  # fmt: skip
                    payment = PaymentFacts(imp_uid=f"imp_{uid[-8:]}", status="paid", amount=12_000 + i,
                                           card_name="신한카드", paid_at=time.time())  # fmt: skip

                    def write(intent: SaleIntent = intent, payment: PaymentFacts = payment) -> None:
                        journal.record_sale_intent(intent)
                        journal.record_sale_result(
                            intent.merchant_uid, Outcome.APPROVED, payment=payment, message=None
                        )

                    a.append(timed(write))
                    b.append(timed(lambda: (bare.commit(), bare.commit())))
                ours.append(statistics.median(a))
                ref.append(statistics.median(b))
        finally:
            bare.close()
            journal.close()
    return ours, ref


def _app_probe(data_dir: Path, mode: str, env: dict[str, str] | None = None) -> Any:
    from build_scripts.bench import bench_startup

    build = bench_startup._build_module()
    target = bench_startup._targets(build)[0]
    hook = str(bench_startup.BUILD_SCRIPTS / "pyinstaller_hooks" / "rth_bench_probe.py")
    entry = str(bench_startup.BUILD_SCRIPTS / "frozen_entry.py")
    return build.probe(
        target, data_dir.parent, mode,
        command=[sys.executable, "-c", bench_startup.RUN_LIKE_FROZEN, hook, entry],
        extra_args=["--data-dir", str(data_dir)], extra_env=env, timeout_s=3600,
    )  # fmt: skip


def _data_dir_on(journal: Path | None, folder: Path) -> Path:
    """A data folder whose sandbox journal (the app starts on the sandbox without keys) is ``journal``."""
    from pos_app.journal import journal_path

    data = folder / "data"
    target = journal_path(data / "sandbox")
    target.parent.mkdir(parents=True, exist_ok=True)
    if journal is not None:
        target.unlink(missing_ok=True)
        os.symlink(journal, target)
        key = journal.with_name("journal.keys")  # the sealed journal's key travels with it (sandbox key file)
        if key.exists():
            (target.parent / key.name).unlink(missing_ok=True)
            os.symlink(key, target.parent / key.name)
    return data


def measure(rounds: int, quick: bool) -> list[Figure]:
    from pos_app.domain.outcomes import Outcome
    from pos_app.journal import HistoryFilter, Journal
    from pos_app.journal.records import MONEY_TAKEN

    sales = QUICK_SALES if quick else SALES
    samples = 2 if quick else 5  # per round, of the fast reads (their median is the round's value)
    if quick:
        tmp = tempfile.TemporaryDirectory(prefix="pos_app-bench-journal-")
        path = Path(tmp.name) / "journal.sqlite3"
        big_journal.generate(path, sales, progress=False)
    else:
        tmp = None
        path = big_journal.ensure(sales)
    generation = big_journal.stamp(path)
    day = big_journal.day_of(sales)
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    start, end = _local_midnight(day), _local_midnight(date.fromordinal(day.toordinal() + 1))
    taken = sorted(o.value for o in MONEY_TAKEN)
    done = [Outcome.CANCELLED.value, Outcome.PARTIALLY_CANCELLED.value]
    reference = _Reference(path)
    opened_at = time.perf_counter()
    journal = Journal.open(path, counter_id="BENCH1", operator="bench", read_only=True)
    open_s = time.perf_counter() - opened_at
    card = next(big_journal.plans(1)).last4  # a card number's end that the journal holds
    one_day = "WHERE created_at >= ? AND created_at < ?"
    filters = {
        "no filter": (HistoryFilter(), "", []),
        "one day": (HistoryFilter(date_from=day, date_to=day), one_day, [start, end]),
        "card last 4": (HistoryFilter(last4=card), "WHERE card_last4 = ?", [card]),
    }
    z_ours: list[float] = []
    z_ref: list[float] = []
    pages: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in filters}
    verify_api: list[float] = []
    verify_cli: list[float] = []
    usable_big: list[float] = []
    usable_empty: list[float] = []
    close_big: list[float] = []
    try:
        report = journal.day_report(day, tz)
        count, net = reference.day_totals(start, end, taken, done)
        if (count, net) != (report.paid_count, report.net):
            raise RuntimeError(
                f"reference Z report {count, net} ≠ the journal's {report.paid_count, report.net}"
            )
        for flt, where, params in filters.values():  # warm: the pages each side reads are cached
            journal.history(flt, 0, PAGE)
            reference.page(where, params)
        for _ in range(rounds):
            z_ours.append(median_of(lambda: journal.day_report(day, tz), samples))
            z_ref.append(median_of(lambda: reference.day_totals(start, end, taken, done), samples))
            for name, (flt, where, params) in filters.items():
                pages[name][0].append(median_of(lambda flt=flt: journal.history(flt, 0, PAGE), samples))
                pages[name][1].append(
                    median_of(lambda where=where, params=params: reference.page(where, params), samples)
                )
            verify_api.append(timed(journal.verify_chain))
            verify_cli.append(_cli_verify(path))
            with tempfile.TemporaryDirectory(prefix="pos_app-bench-app-") as folder:
                big = _data_dir_on(path, Path(folder) / "big")
                empty = _data_dir_on(None, Path(folder) / "empty")
                usable_big.append(_app_probe(big, "ready").since_spawn("ready_at") or 0.0)
                usable_empty.append(_app_probe(empty, "ready").since_spawn("ready_at") or 0.0)
                closing = _app_probe(big, "startup", {"POS_APP_BENCH_QUIT_AFTER_MS": str(CLOSE_AFTER_MS)})
                close_big.append(closing.until_gone("quit_at") or 0.0)
    finally:
        journal.close()
        reference.close()
        if tmp is not None:
            tmp.cleanup()
    writes_ours, writes_ref = _one_sale_writes(rounds, 5 if quick else 30)
    label = f"{sales:,} sales"
    size = _journal_bytes(path) if tmp is None else generation["bytes"]
    figures = [
        Figure(f"Z report of one day ({label}) vs hand-written indexed SQL", z_ours, z_ref, "s",
               2.0, "≤ 2×", before="400× (0.7 s vs 1.7 ms)"),
        *[Figure(f"history first page, {name} ({label}) vs the same SQL raw", o, r, "s",
                 1.5, "≤ 1.5×", before="2.5–3.1×") for name, (o, r) in pages.items()],
        Figure(f"journal bytes per sale ({label})", [size / sales / 1000] * rounds, None, "KB",
               1.0, "≤ 1 KB", before="2.3 KB",
               extra={"generation_s": float(generation.get("seconds", 0.0))},
               note=f"generated in {generation.get('seconds')} s through {generation.get('how')}"),
        Figure(f"verify_chain ({label}, open excluded)", verify_api, None, "s", 15.0, "≤ 15 s",
               before="49 s", extra={"open_with_checks_s": open_s}),
        Figure(f"pos-app-journal verify ({label}, all of it)", verify_cli, None, "s", 15.0, "≤ 15 s",
               before="97 s"),
        Figure("one sale's journal writes vs two bare commits", writes_ours, writes_ref, "s",
               1.3, "≤ 1.3×", before="2.5× (4.6 vs 1.8 ms)"),
        Figure(f"tabs usable on {label} vs an empty folder (unfrozen)", usable_big, usable_empty, "s",
               1.5, "≤ 1.5×", before="44× (53 s)"),
        Figure(f"close {CLOSE_AFTER_MS / 1000:g} s into start-up on {label}: quit → gone", close_big, None,
               "s", 1.0, "≤ 1 s", before="52 s blocked"),
    ]  # fmt: skip
    return figures
