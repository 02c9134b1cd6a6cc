"""Helpers for the services tests: fake time, a client on the sandbox, validated orders.

Time: the services get a ``FakeClock`` whose ``sleep`` only moves the clock, so polling with backoff
costs no wall time while "404 for long enough" still needs the clock to pass ``not_charged_after_s``.
The clock starts at the real time so it stays comparable with the journal's own timestamps.
"""

from __future__ import annotations

import socket
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests

from pos_app.domain import BillingCharge, Buyer, KeyedCharge, validate_keyed_charge
from pos_app.portone.client import ChannelConfig, PortOneClient, Timeouts
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer
from pos_app.services.counter import ServiceSettings

COUNTER = "C01"
# short enough that a hung reply turns into UNKNOWN quickly, long enough for a loaded CI machine
MONEY_READ_S = 0.6


@dataclass
class FakeClock:
    now_s: float = field(default_factory=time.time)
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now_s

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now_s += seconds

    def advance(self, seconds: float) -> None:
        self.now_s += seconds


def make_client(
    server: SandboxServer, session: requests.Session, *, money_read: float = MONEY_READ_S
) -> PortOneClient:
    return PortOneClient(
        session,
        server.base_url,
        server.imp_key,
        server.imp_secret,
        channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
        timeouts=Timeouts(connect=2.0, money_read=money_read, lookup_read=5.0),
        sleep=lambda _s: None,
        lookup_retries=1,
        backoff_s=0.0,
    )


def make_settings(**overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "counter_id": COUNTER,
        "reconcile_poll_delays": (1.0, 2.0, 4.0),
        "not_charged_after_s": 180.0,
    }
    values.update(overrides)
    return ServiceSettings(**values)


def keyed_form(card_number: str, amount: int = 12_000, **extra: str) -> dict[str, str]:
    form = {
        "amount": f"{amount}",
        "tax_free": "0",
        "order_name": "전화 주문",
        "buyer_name": "홍길동",
        "buyer_tel": "010-1234-5678",
        "buyer_email": "",
        "buyer_postcode": "",
        "card_number": card_number,
        "expiry": "12/30",
        "birth": "900101",
        "pwd_2digit": "12",
        "card_quota": "0",
        "product_type": "real",
    }
    form.update(extra)
    return form


def keyed_order(card_number: str, amount: int = 12_000, **extra: str) -> KeyedCharge:
    return validate_keyed_charge(keyed_form(card_number, amount, **extra), date.today())


def billing_charge(customer_uid: str, amount: int = 30_000) -> BillingCharge:
    return BillingCharge(
        customer_uid=customer_uid,
        amount=amount,
        tax_free=0,
        order_name="정기 주문",
        buyer=Buyer(name="홍길동", tel="010-1234-5678"),
        card_quota=0,
        product_type="real",
    )


def money_posts(server: SandboxServer) -> list[tuple[str, Mapping[str, Any]]]:
    return [
        (entry.path, entry.body)
        for entry in server.ledger()
        if entry.method == "POST" and not entry.path.startswith("/users/getToken")
    ]


def committed_outcome(journal_path: Path, table: str, column: str, value: str) -> str | None:
    """The outcome another process would read right now (a fresh read-only connection)."""
    connection = sqlite3.connect(f"file:{journal_path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            f"SELECT outcome FROM {table} WHERE {column} = ? ORDER BY created_at DESC LIMIT 1",  # noqa: S608
            [value],
        ).fetchone()
    finally:
        connection.close()
    return None if row is None else str(row[0])


class WriteAheadWitness:
    """An on_request hook: at the moment each state-changing request arrives, the journal must
    already hold a committed PENDING row for it (read from a separate connection)."""

    def __init__(self, journal_path: Path) -> None:
        self.journal_path = journal_path
        self.seen: list[tuple[str, str, str | None]] = []  # (path, key, outcome read)

    def __call__(self, method: str, path: str, body: Mapping[str, Any]) -> None:
        if method != "POST" or path == "/users/getToken" or path.startswith("/__sandbox__"):
            return
        table, column, key = self._row_for(path, body)
        self.seen.append((path, key, committed_outcome(self.journal_path, table, column, key)))

    @staticmethod
    def _row_for(path: str, body: Mapping[str, Any]) -> tuple[str, str, str]:
        if path in ("/subscribe/payments/onetime", "/subscribe/payments/again"):
            return "sales", "merchant_uid", str(body["merchant_uid"])
        if path == "/payments/cancel":
            return "cancels", "imp_uid", str(body["imp_uid"])
        if path.startswith("/subscribe/customers/"):
            return "customers", "customer_uid", path.rsplit("/", 1)[1]
        if path.startswith("/receipts/external/"):
            return "receipts", "merchant_uid", path.rsplit("/", 1)[1]
        if path.startswith("/receipts/"):
            return "receipts", "imp_uid", path.rsplit("/", 1)[1]
        raise AssertionError(f"unexpected state-changing request {path}")

    def not_pending(self) -> list[tuple[str, str, str | None]]:
        return [seen for seen in self.seen if seen[2] != "pending"]


def unused_port() -> int:
    """A loopback port nothing listens on (connection refused → NotSent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
