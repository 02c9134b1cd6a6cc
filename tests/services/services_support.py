"""Helpers for the services tests: settings, saved-card charges, what reached the sandbox.

Fake time, the client on the sandbox and validated key-in orders are shared with the e2e tests and
live in ``tests/sandbox_support.py``; they are re-exported here so the services tests import one place.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from sandbox_support import FakeClock, keyed_form, keyed_order, make_client

from pos_app.domain import BillingCharge, Buyer
from pos_app.journal import Journal
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings

__all__ = [
    "COUNTER",
    "FakeClock",
    "WriteAheadWitness",
    "billing_charge",
    "committed_outcome",
    "keyed_form",
    "keyed_order",
    "make_client",
    "make_services",
    "make_settings",
    "money_posts",
    "unused_port",
]

COUNTER = "C01"


def make_settings(**overrides: Any) -> ServiceSettings:
    values: dict[str, Any] = {
        "counter_id": COUNTER,
        "reconcile_poll_delays": (1.0, 2.0, 4.0),
        "not_charged_after_s": 180.0,
    }
    values.update(overrides)
    return ServiceSettings(**values)


def make_services(
    sandbox: SandboxServer,
    journal: Journal,
    session: requests.Session,
    clock: FakeClock,
    **settings: Any,
) -> CounterServices:
    """Services on the sandbox with a fresh client, fake time and ``make_settings(**settings)``."""
    return CounterServices(
        make_client(sandbox, session),
        journal,
        make_settings(**settings),
        clock=clock,
        sleep=clock.sleep,
        monotonic=clock.monotonic,
    )


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
