"""What several benchmarks share: the sandbox with injected latency, the services on it, timing helpers.

Everything here goes through the program's public pieces (SandboxServer, PortOneClient, Journal.open,
CounterServices), so the benchmarks keep measuring the real path when the internals change. Latency is
injected on the server side with the sandbox's own ``delay`` fault, so ours and the reference requests
wait exactly alike.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

# A benchmark never reads the shop's keyring nor shows a window.
os.environ.setdefault("POS_APP_NO_KEYRING", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE_DIR = Path(os.environ.get("POS_APP_BENCH_CACHE", Path.home() / ".cache" / "pos_app-bench"))


@dataclass
class Stack:
    """A sandbox, a client and the services on a fresh journal: the charge path as the app builds it."""

    server: Any  # SandboxServer
    session: Any  # requests.Session
    client: Any  # PortOneClient
    journal: Any  # Journal
    services: Any  # CounterServices
    folder: Path


@contextlib.contextmanager
def sandbox_stack(counter_id: str = "BENCH1") -> Iterator[Stack]:
    import requests

    from pos_app.journal import Journal
    from pos_app.portone.client import ChannelConfig, PortOneClient
    from pos_app.sandbox.server import SandboxServer
    from pos_app.services.counter import CounterServices, ServiceSettings

    with tempfile.TemporaryDirectory(prefix="pos_app-bench-") as tmp:
        folder = Path(tmp)
        server = SandboxServer(host="127.0.0.1", port=0, state_file=folder / "sandbox-state.json")
        server.start()
        session = requests.Session()
        journal = Journal.open(folder / "journal.sqlite3", counter_id=counter_id, operator="bench")
        try:
            client = PortOneClient(
                session,
                server.base_url,
                server.imp_key,
                server.imp_secret,
                channel=ChannelConfig(pg=server.pg, channel_key=server.channel_key),
            )
            # duplicate warnings would refuse the second identical charge of a round
            services = CounterServices(
                client, journal, ServiceSettings(counter_id=counter_id, duplicate_window_s=0)
            )
            yield Stack(server, session, client, journal, services, folder)
        finally:
            journal.close()
            session.close()
            server.stop()


@contextlib.contextmanager
def latency(server: Any, delay_ms: int, path_prefix: str = "/") -> Iterator[None]:
    """Every request to ``server`` under ``path_prefix`` waits ``delay_ms`` before it is answered."""
    from pos_app.sandbox.faults import Fault

    if delay_ms <= 0:
        yield
        return
    server.faults.add(Fault("delay", path_prefix=path_prefix, count=10**9, delay_ms=delay_ms))
    try:
        yield
    finally:
        server.faults.clear()


def keyed_order(amount: int = 12_000, card_number: str | None = None) -> Any:
    """A validated key-in order on the sandbox's always-approved credit card."""
    from pos_app.domain import validate_keyed_charge
    from pos_app.sandbox.cards import APPROVE_CREDIT

    form = {
        "amount": str(amount),
        "tax_free": "0",
        "order_name": "전화 주문",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "buyer_postcode": "",
        "card_number": card_number or APPROVE_CREDIT,
        "expiry": f"12/{(date.today().year + 3) % 100:02d}",
        "birth": "900101",
        "pwd_2digit": "12",
        "card_quota": "0",
        "product_type": "real",
    }
    return validate_keyed_charge(form, date.today())


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of ``fn`` took."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def median_of(fn: Callable[[], object], samples: int) -> float:
    return statistics.median(timed(fn) for _ in range(samples))


class BareCommits:
    """The floor of a durable write: a WAL file with synchronous=FULL, one INSERT + COMMIT per call.

    The row is about the size of a sale's journal row, so the figure compares like with like."""

    def __init__(self, folder: Path) -> None:
        self._conn = sqlite3.connect(folder / "bare-commits.sqlite3", isolation_level=None)
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        self._body = "x" * 600

    def commit(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")
        self._conn.execute("INSERT INTO t (body) VALUES (?)", [self._body])
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
