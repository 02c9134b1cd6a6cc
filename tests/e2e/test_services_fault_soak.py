"""Every fault the sandbox can inject, on approving and declining cards: never two paid charges for one
sale, no request without its intent, and after reconciliation the journal agrees with PortOne.

Each charge meets one fault. Replies lost after PortOne processed the request must resolve to the
real outcome by lookup; requests PortOne never processed stay UNKNOWN until the cashier re-sends them
(same merchant_uid) — which this test does — and then agree too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sandbox_support import FakeClock, keyed_order, make_client

from pos_app.domain import KeyedCharge, Outcome
from pos_app.journal import Journal
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import NotFound
from pos_app.sandbox.cards import APPROVE_CHECK, APPROVE_CREDIT, DECLINE_LIMIT
from pos_app.sandbox.faults import FAULT_KINDS, Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings

ONETIME = "/subscribe/payments/onetime"
# expire_token is answered normally after a token refresh; the rest break the reply or the request
KINDS = [kind for kind in FAULT_KINDS if kind != "expire_token"] + ["expire_token"]


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[PortOneClient]:
    with requests.Session() as session:
        yield make_client(sandbox, session)


def order(card: str, amount: int) -> KeyedCharge:
    # number and expiry only: KSNET approves a key-in charge without birth and PIN digits
    return keyed_order(card, amount, birth="", pwd_2digit="")


def test_faults_never_double_charge_and_the_journal_ends_agreeing_with_portone(
    sandbox: SandboxServer, client: PortOneClient, tmp_path: Path
) -> None:
    clock = FakeClock()
    journal = Journal.open(tmp_path / "journal.sqlite3", counter_id="C01", operator="tester")
    try:
        services = CounterServices(
            client,
            journal,
            ServiceSettings(counter_id="C01", reconcile_poll_delays=(1.0, 2.0), not_charged_after_s=180),
            clock=clock,
            sleep=clock.sleep,
            monotonic=clock.monotonic,
        )
        orders: dict[str, KeyedCharge] = {}
        posts_expected: dict[str, int] = {}
        amount = 10_000
        for kind in KINDS:
            for card in (APPROVE_CREDIT, DECLINE_LIMIT, APPROVE_CHECK):
                amount += 100  # distinct amounts: no attempt waits for another's resolution
                delay_ms = {"delay": 100, "hang_after_commit": 3_000}.get(kind, 0)
                fault = Fault(kind=kind, path_prefix=ONETIME, method="POST", delay_ms=delay_ms)
                sandbox.faults.add(fault)
                keyed = order(card, amount)
                result = services.charge_keyed_card(keyed)
                orders[result.merchant_uid] = keyed
                # an unprocessed request is re-sent by the cashier below; an expired token is answered
                # 401 (not processed) and the client refreshes and sends once more by itself
                posts_expected[result.merchant_uid] = 1 if fault.commits and kind != "expire_token" else 2
        assert sandbox.faults.pending() == []  # every charge met its fault

        # once PortOne has had no record for the not-charged window, the cashier re-sends what is still
        # unknown (same merchant_uid), then the day is reconciled
        clock.sleep(200)
        for sale in journal.open_sales():
            services.retry_unknown(sale.merchant_uid, orders[sale.merchant_uid])
        clock.sleep(200)
        report = services.reconcile()
        assert report.still_unknown == []
        assert journal.open_sales() == []

        onetime_posts = [entry.body["merchant_uid"] for entry in sandbox.ledger() if entry.path == ONETIME]
        assert set(onetime_posts) == set(orders)  # no request without an intent row
        for merchant_uid, keyed in orders.items():
            sale = journal.sale(merchant_uid)
            assert sale is not None
            try:
                records = client.find_all_payments(merchant_uid)
            except NotFound:
                records = []
            paid = [p for p in records if p.status in ("paid", "cancelled")]
            assert len(paid) <= 1, merchant_uid  # never two paid charges for one sale
            # a processed request is resolved by lookup; only an unprocessed one is sent again
            assert onetime_posts.count(merchant_uid) == posts_expected[merchant_uid], merchant_uid
            if paid:
                assert sale.outcome is Outcome.APPROVED, (merchant_uid, sale.outcome)
                assert sale.imp_uid == paid[0].imp_uid
                assert sale.paid_amount == keyed.amount
            elif records:
                assert sale.outcome is Outcome.DECLINED, (merchant_uid, sale.outcome)
            else:
                assert sale.outcome is Outcome.NOT_CHARGED, (merchant_uid, sale.outcome)
        outcomes = [journal.sale(mu).outcome for mu in orders]  # type: ignore[union-attr]
        assert outcomes.count(Outcome.APPROVED) == 2 * len(KINDS)
        assert outcomes.count(Outcome.DECLINED) == len(KINDS)
    finally:
        journal.close()
