"""The world the reliability suites run the counter in: one clock for everything, counters that restart
and crash, and the sandbox as the oracle.

``WorldClock`` is the true time of the world. The sandbox (PortOne) follows it exactly; the counter's
monotonic clock follows it too; the counter's *PC clock* is true time plus a skew that the world can step
(Windows time sync), so a window measured on the PC clock would show. ``sleep`` advances true time, so a
minute of the services' polling costs no wall time. Only the HTTP client's socket timeouts run on real
time: a held reply costs its timeout (kept short here).

``Counter`` is one shop PC: its data folder, its journal (with a key store that survives restarts, like
the OS keyring), its client and its ``CounterServices``. ``restart()`` closes everything cleanly and starts
again; ``crash()`` drops everything without closing (no anchor, no settle), as a killed process does.

The oracle functions read the sandbox's own record (its store, under its lock): what PortOne really
holds, never what the counter believes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import requests
from rel_transport import crash_point_session

from pos_app.domain import Outcome
from pos_app.journal import Journal, KeyStore, MemoryKeyStore
from pos_app.journal.records import MONEY_TAKEN, HistoryFilter
from pos_app.portone.client import ChannelConfig, PortOneClient, Timeouts
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings

# short: a reply held past the client's timeout costs this much real time
MONEY_READ_S = 0.25
LOOKUP_READ_S = 0.5
NOT_CHARGED_S = 180.0
PG_TIMEOUT_WINDOW_S = 600.0
# long enough for every window, every background re-check and the sandbox's late approvals to be over
SETTLE_TIME_S = PG_TIMEOUT_WINDOW_S + 120


class WorldClock:
    """True time (the sandbox's clock), the counter's monotonic clock and its steppable PC clock."""

    def __init__(self, start: float | None = None) -> None:
        self._lock = threading.Lock()
        self.true_s = time.time() if start is None else start
        self._origin = self.true_s
        self.pc_skew = 0.0

    def __call__(self) -> float:
        return self.true_s

    def pc(self) -> float:
        return self.true_s + self.pc_skew

    def monotonic(self) -> float:
        return 50_000.0 + (self.true_s - self._origin)

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.true_s += max(0.0, seconds)

    advance = sleep

    def step_pc(self, seconds: float) -> None:
        self.pc_skew += seconds


def service_settings(counter_id: str, **overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "counter_id": counter_id,
        "reconcile_poll_delays": (1.0, 2.0, 4.0, 8.0, 15.0, 30.0),
        "not_charged_after_s": NOT_CHARGED_S,
        "pg_timeout_window_s": PG_TIMEOUT_WINDOW_S,
        "background_delays": (10.0, 20.0, 30.0, 60.0),
        "recheck_delays": (300.0, 900.0),
    }
    values.update(overrides)
    return ServiceSettings(**values)


def make_client(
    server: SandboxServer | str,
    session: requests.Session,
    clock: WorldClock | None,
    *,
    money_read: float = MONEY_READ_S,
    lookup_read: float = LOOKUP_READ_S,
) -> PortOneClient:
    base_url = server if isinstance(server, str) else server.base_url
    return PortOneClient(
        session,
        base_url,
        "sandbox_imp_key",
        "sandbox_imp_secret",
        channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
        timeouts=Timeouts(connect=2.0, money_read=money_read, lookup_read=lookup_read),
        monotonic=clock.monotonic if clock is not None else time.monotonic,
        wall_clock=clock.pc if clock is not None else time.time,
        sleep=lambda _s: None,
        lookup_retries=1,
        backoff_s=0.0,
    )


@dataclass
class Counter:
    """One counter PC on the shared PortOne account."""

    counter_id: str
    folder: Path
    server: SandboxServer | str  # in-process, or a standalone sandbox's base URL
    clock: WorldClock | None  # None: real time (a standalone sandbox follows it)
    keys: KeyStore = field(default_factory=MemoryKeyStore)
    settings_overrides: dict[str, Any] = field(default_factory=dict)
    journal: Journal | None = None
    services: CounterServices | None = None
    session: requests.Session | None = None
    restarts: int = 0
    crashes: int = 0

    @property
    def path(self) -> Path:
        return self.folder / "journal.sqlite3"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.journal = self.open_journal()
        assert self.journal.health.ok, self.journal.health.problems
        self.session = crash_point_session()
        client = make_client(self.server, self.session, self.clock)
        clock = self.clock
        self.services = CounterServices(
            client,
            self.journal,
            service_settings(self.counter_id, **self.settings_overrides),
            clock=clock.pc if clock is not None else time.time,
            sleep=clock.sleep if clock is not None else None,
            monotonic=clock.monotonic if clock is not None else time.monotonic,
        )
        self.services.reconcile()

    def open_journal(self) -> Journal:
        clock = self.clock.pc if self.clock is not None else time.time
        return Journal.open(
            self.path, counter_id=self.counter_id, operator="점원", clock=clock, keys=self.keys
        )

    @property
    def svc(self) -> CounterServices:
        assert self.services is not None
        return self.services

    @property
    def jr(self) -> Journal:
        assert self.journal is not None
        return self.journal

    def stop(self) -> None:
        if self.services is not None:
            self.services.stop_waiting()
        if self.journal is not None:
            self.journal.close()
        if self.session is not None:
            self.session.close()
        self.journal = self.services = self.session = None

    def restart(self) -> None:
        self.stop()
        self.restarts += 1
        self.start()

    def crash(self) -> None:
        """The process is gone: no clean close (no anchor), connections dropped as the OS drops them."""
        journal = self.journal
        if journal is not None:
            for db in list(journal._connections):
                db.conn.close()
            journal._connections.clear()
            journal._closed = True
        if self.session is not None:
            self.session.close()
        self.journal = self.services = self.session = None
        self.crashes += 1

    # --- what the journal holds --------------------------------------------------------------------
    def ids(self, table: str, column: str) -> list[str]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            rows = connection.execute(f"SELECT {column} FROM {table} ORDER BY rowid").fetchall()  # noqa: S608
        finally:
            connection.close()
        return [str(row[0]) for row in rows if row[0] is not None]


# --- the oracle: the sandbox's own record ------------------------------------------------------------
class Oracle:
    """What PortOne holds: the in-process sandbox's store (under its lock), or a standalone sandbox's
    state file (written atomically after every change, before the reply leaves)."""

    def __init__(self, server: SandboxServer | None = None, state_file: Path | None = None) -> None:
        self.server = server
        self.state_file = state_file

    def _state(self) -> dict[str, Any]:
        if self.server is not None:
            data = self.server._store
            with data.lock:
                return {
                    "payments": {
                        k: dict(v, cancel_history=list(v["cancel_history"])) for k, v in data.payments.items()
                    },
                    "customers": dict(data.customers),
                    "receipts": {k: dict(v) for k, v in data.receipts.items()},
                    "external_receipts": {k: dict(v) for k, v in data.external_receipts.items()},
                    "late": list(data.late),
                }
        assert self.state_file is not None
        if not self.state_file.exists():
            return {"payments": {}, "customers": {}, "receipts": {}, "external_receipts": {}, "late": []}
        loaded: dict[str, Any] = json.loads(self.state_file.read_text(encoding="utf-8"))
        return loaded

    def all_payments(self) -> list[dict[str, Any]]:
        return list(self._state()["payments"].values())

    def charged_payments(self, merchant_uid: str) -> list[dict[str, Any]]:
        """PortOne's charged records (paid, or paid then cancelled) under one merchant_uid, oldest first."""
        found = [
            p
            for p in self.all_payments()
            if p["merchant_uid"] == merchant_uid and p["status"] in ("paid", "cancelled")
        ]
        return sorted(found, key=lambda p: (p.get("started_at") or 0, p["imp_uid"]))

    def billing_keys(self) -> set[str]:
        return set(self._state()["customers"])

    def billing_key_exists(self, customer_uid: str) -> bool:
        return customer_uid in self.billing_keys()

    def receipt(self, kind: str, key: str) -> dict[str, Any] | None:
        table = self._state()["external_receipts" if kind == "external" else "receipts"]
        found = table.get(key)
        return dict(found) if found is not None else None

    def external_receipts(self) -> dict[str, dict[str, Any]]:
        return dict(self._state()["external_receipts"])

    def pending_late(self) -> list[str]:
        return [str(entry["payment"]["merchant_uid"]) for entry in self._state()["late"]]


def charged_payments(server: SandboxServer, merchant_uid: str) -> list[dict[str, Any]]:
    return Oracle(server).charged_payments(merchant_uid)


def all_payments(server: SandboxServer) -> list[dict[str, Any]]:
    return Oracle(server).all_payments()


def pending_late(server: SandboxServer) -> list[str]:
    return Oracle(server).pending_late()


# --- the invariants -----------------------------------------------------------------------------------
def double_charges(server: SandboxServer | Oracle, counters: Iterable[Counter]) -> list[str]:
    """Two charged PortOne records for one intent: one merchant_uid, or one sale's attempts."""
    oracle = server if isinstance(server, Oracle) else Oracle(server)
    problems = []
    by_uid: dict[str, int] = {}
    for payment in oracle.all_payments():
        if payment["status"] in ("paid", "cancelled"):
            by_uid[payment["merchant_uid"]] = by_uid.get(payment["merchant_uid"], 0) + 1
    problems += [f"{uid}: {n} charged records" for uid, n in by_uid.items() if n > 1]
    for counter in counters:
        sales: dict[str, int] = {}
        connection = sqlite3.connect(f"file:{counter.path}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT merchant_uid, coalesce(sale_id, merchant_uid) FROM sales"
            ).fetchall()
        finally:
            connection.close()
        for merchant_uid, sale_id in rows:
            sales[sale_id] = sales.get(sale_id, 0) + by_uid.get(merchant_uid, 0)
        problems += [f"sale {sid}: {n} charged attempts" for sid, n in sales.items() if n > 1]
    return problems


def disagreements(server: SandboxServer | Oracle, counter: Counter) -> list[str]:
    """Every row of the journal against PortOne's record, and every record of this counter at PortOne
    against the journal (call once settled)."""
    oracle = server if isinstance(server, Oracle) else Oracle(server)
    journal = counter.jr
    problems: list[str] = []
    for merchant_uid in counter.ids("sales", "merchant_uid"):
        row = journal.sale(merchant_uid)
        assert row is not None
        charged = oracle.charged_payments(merchant_uid)
        if row.outcome is Outcome.TEST_PAYMENT:
            continue
        if not charged:
            if row.outcome in MONEY_TAKEN or not row.outcome.is_final:
                problems.append(f"sale {merchant_uid}: journal {row.outcome.value}, PortOne has no charge")
            continue
        payment = charged[-1]
        if row.outcome not in MONEY_TAKEN:
            problems.append(f"sale {merchant_uid}: journal {row.outcome.value}, PortOne {payment['status']}")
            continue
        if (row.paid_amount, row.cancel_amount) != (payment["amount"], payment["cancel_amount"]):
            problems.append(
                f"sale {merchant_uid}: journal {row.paid_amount}-{row.cancel_amount}, "
                f"PortOne {payment['amount']}-{payment['cancel_amount']}"
            )
        cancels = journal.cancels_of(merchant_uid)
        done = sum(
            c.cancelled_amount
            for c in cancels
            if c.outcome in (Outcome.CANCELLED, Outcome.PARTIALLY_CANCELLED)
        )
        if done != payment["cancel_amount"]:
            problems.append(
                f"sale {merchant_uid}: cancel rows sum {done}, PortOne {payment['cancel_amount']}"
            )
    for customer_uid in counter.ids("customers", "customer_uid"):
        customer = journal.customer(customer_uid)
        assert customer is not None
        if customer.outcome is Outcome.TEST_PAYMENT:
            continue
        if customer.active != oracle.billing_key_exists(customer_uid):
            problems.append(
                f"card {customer_uid}: journal {customer.outcome.value} "
                f"deleted={customer.deleted_at is not None}, "
                f"PortOne has it: {oracle.billing_key_exists(customer_uid)}"
            )
    for receipt_id in counter.ids("receipts", "receipt_id"):
        rows = [r for r in journal.receipts_of(receipt_id) if r.receipt_id == receipt_id]
        if not rows:
            problems.append(f"receipt {receipt_id}: not readable")
            continue
        row = rows[0]
        key = row.merchant_uid if row.kind == "external" else row.imp_uid
        assert key is not None
        at_portone = oracle.receipt(row.kind, key)
        live_there = at_portone is not None and not at_portone["cancelled_at"]
        if row.outcome is Outcome.APPROVED and not (live_there and at_portone["apply_num"] == row.apply_num):
            problems.append(f"receipt {receipt_id}: journal issued, PortOne {at_portone}")
        if not row.outcome.is_final:
            problems.append(f"receipt {receipt_id}: still {row.outcome.value}")
    for key in {r.merchant_uid if r.kind == "external" else r.imp_uid for r in _receipt_rows(counter)}:
        rows = [
            r
            for r in _receipt_rows(counter)
            if (r.merchant_uid if r.kind == "external" else r.imp_uid) == key
        ]
        kind = rows[0].kind
        at_portone = oracle.receipt(kind, key or "")
        live_there = at_portone is not None and not at_portone["cancelled_at"]
        live_here = [r for r in rows if r.outcome is Outcome.APPROVED]
        if live_there and not live_here:
            problems.append(f"receipt for {key}: PortOne has a valid receipt, the journal none")
    problems += unknown_to_the_journal(oracle, counter)
    return problems


def unknown_to_the_journal(oracle: Oracle, counter: Counter) -> list[str]:
    """PortOne records made by this counter (its id starts their uids) that the journal does not hold."""
    prefix = counter.counter_id + "-"
    sales = set(counter.ids("sales", "merchant_uid"))
    problems = [
        f"PortOne payment {p['merchant_uid']} ({p['status']}) is not in the journal"
        for p in oracle.all_payments()
        if p["merchant_uid"].startswith(prefix)
        and p["merchant_uid"] not in sales
        and p["status"] in ("paid", "cancelled")
    ]
    cards = {uid for uid in counter.ids("customers", "customer_uid")}
    problems += [
        f"PortOne card {uid} is not in the journal"
        for uid in oracle.billing_keys()
        if uid.startswith(prefix) and uid not in cards
    ]
    receipts = {r.merchant_uid for r in _receipt_rows(counter) if r.kind == "external"}
    problems += [
        f"PortOne external receipt {uid} is not in the journal"
        for uid in oracle.external_receipts()
        if uid.startswith(prefix) and uid not in receipts
    ]
    return problems


def _receipt_rows(counter: Counter) -> list[Any]:
    out = []
    for receipt_id in counter.ids("receipts", "receipt_id"):
        out += [r for r in counter.jr.receipts_of(receipt_id) if r.receipt_id == receipt_id]
    return out


def portone_net_by_day(server: SandboxServer | Oracle, counter_id: str, tz: Any) -> dict[date, int]:
    """PortOne's card money per day for one counter: charges by paid_at, refunds by cancelled_at."""
    oracle = server if isinstance(server, Oracle) else Oracle(server)
    net: dict[date, int] = {}
    for payment in oracle.all_payments():
        if not str(payment["merchant_uid"]).startswith(counter_id + "-"):
            continue
        if payment["status"] not in ("paid", "cancelled") or payment.get("pay_method") != "card":
            continue
        day = datetime.fromtimestamp(payment["paid_at"], tz).date()
        net[day] = net.get(day, 0) + int(payment["amount"])
        for entry in payment["cancel_history"]:
            day = datetime.fromtimestamp(entry["cancelled_at"], tz).date()
            net[day] = net.get(day, 0) - int(entry["amount"])
    return net


def z_report_differences(server: SandboxServer | Oracle, counter: Counter) -> list[str]:
    """The Z report of every day PortOne or the journal saw money on, against PortOne's net."""
    services = counter.svc
    tz = services._ctx.tz
    portone = portone_net_by_day(server, counter.counter_id, tz)
    days = set(portone)
    for row in counter.jr.history(HistoryFilter(), 0, 100_000):
        for stamp in [row.paid_at, *[c.cancelled_at for c in counter.jr.cancels_of(row.merchant_uid)]]:
            if stamp:
                days.add(datetime.fromtimestamp(stamp, tz).date())
    problems = []
    for day in sorted(days):
        report = services.close_day(day)
        if report.net != portone.get(day, 0):
            problems.append(
                f"{counter.counter_id} {day}: Z report net {report.net}, PortOne {portone.get(day, 0)}"
            )
    return problems


def days_to_compare(server: SandboxServer | Oracle, counter: Counter) -> list[date]:
    """Every day, in the shop's zone, on which PortOne or this journal filed something."""
    oracle = server if isinstance(server, Oracle) else Oracle(server)
    tz = counter.svc._ctx.tz
    stamps = [row.created_at for row in counter.jr.history(HistoryFilter(), 0, 100_000)]
    for payment in oracle.all_payments():
        stamps += [
            payment[k] for k in ("started_at", "paid_at", "cancelled_at", "failed_at") if payment.get(k)
        ]
    # the days themselves, not the range between the first and the last: the model's clock jumps a
    # month at a time to the next scheduled payment, and a day with no record has nothing to compare
    return sorted({datetime.fromtimestamp(stamp, tz).date() for stamp in stamps})
