"""Crash recovery: every non-final row a crashed counter left in its journal reaches the right final
state after a restart and one reconciliation against the sandbox.

The journal is seeded directly (as the services would have left it at the moment of a crash: intent
committed, request maybe sent, no result), the sandbox is given the matching truth (paid, failed,
cancelled, issued — or nothing), the journal is closed, reopened as after a restart, and
``CounterServices.reconcile`` runs once. Every intent carries PortOne's clock at the write-ahead, as
the services write it, so the not-charged window is measured on PortOne's clock across the restart: rows
seeded an hour ago whose payment is absent become NOT_CHARGED; a row seeded just now stays open (its
request may still be in flight at the PG). A row of an older journal without PortOne's clock waits the
whole window from the restart (``test_a_row_without_portones_clock_waits_the_window_after_restart``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from sandbox_support import dashed, make_client, seed_onetime, seed_sale_intent

from pos_app.domain import Outcome, mint_customer_uid, mint_merchant_uid
from pos_app.journal import (
    BillingKeyIntent,
    CancelIntent,
    Journal,
    PaymentFacts,
    ReceiptIntent,
)
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import ApiError
from pos_app.portone.models import (
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    Payment,
    ReceiptRequest,
)
from pos_app.sandbox.cards import APPROVE_SAMSUNG, DECLINE_LIMIT
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.services.facts import payment_facts

T = TypeVar("T", bound=Any)
COUNTER = "C01"
HOUR = 3600.0


@dataclass
class SeedClock:
    """The journal's clock while seeding: an hour ago for the old rows, now for the recent one."""

    offset: float = -HOUR

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[PortOneClient]:
    # the client's default lookup retries and backoff (2, 0.5 s), not the quick ones make_client defaults to
    with requests.Session() as session:
        yield make_client(sandbox, session, money_read=5.0, lookup_retries=2, backoff_s=0.5)


def ahead(intent: T, clock: SeedClock) -> T:
    """The intent as the services commit it: with PortOne's clock (the sandbox follows real time)."""
    return replace(intent, portone_at=clock())  # type: ignore[type-var]


def uid(tag: str, seconds_ago: float) -> str:
    return mint_merchant_uid(COUNTER, datetime.fromtimestamp(time.time() - seconds_ago, UTC), tag)


def test_every_non_final_row_is_resolved_after_restart(
    sandbox: SandboxServer, client: PortOneClient, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite3"
    seed_clock = SeedClock()
    journal = Journal.open(path, counter_id=COUNTER, operator="tester", clock=seed_clock)
    expected: dict[tuple[str, str], Outcome] = {}

    def seed_ahead(intent: T) -> T:
        return ahead(intent, seed_clock)

    # --- sales ---------------------------------------------------------------------------------
    pending_paid = uid("pp", HOUR)  # crashed after sending; PortOne charged it
    journal.record_sale_intent(seed_ahead(seed_sale_intent(pending_paid, 10_000)))
    client.pay_onetime(seed_onetime(pending_paid, 10_000))
    expected["sale", pending_paid] = Outcome.APPROVED

    unknown_paid = uid("up", HOUR)  # reply lost, recorded UNKNOWN; PortOne charged it
    journal.record_sale_intent(seed_ahead(seed_sale_intent(unknown_paid, 11_000)))
    journal.record_sale_result(unknown_paid, Outcome.UNKNOWN, payment=None, message="timeout")
    client.pay_onetime(seed_onetime(unknown_paid, 11_000))
    expected["sale", unknown_paid] = Outcome.APPROVED

    pending_failed = uid("pf", HOUR)  # the issuer refused it
    journal.record_sale_intent(seed_ahead(seed_sale_intent(pending_failed, 12_000)))
    with pytest.raises(ApiError):
        client.pay_onetime(seed_onetime(pending_failed, 12_000, DECLINE_LIMIT))
    expected["sale", pending_failed] = Outcome.DECLINED

    unknown_absent = uid("ua", HOUR)  # never reached PortOne, an hour ago
    journal.record_sale_intent(seed_ahead(seed_sale_intent(unknown_absent, 13_000)))
    journal.record_sale_result(unknown_absent, Outcome.UNKNOWN, payment=None, message="reset")
    expected["sale", unknown_absent] = Outcome.NOT_CHARGED

    pending_absent_old = uid("pa", HOUR)
    journal.record_sale_intent(seed_ahead(seed_sale_intent(pending_absent_old, 14_000)))
    expected["sale", pending_absent_old] = Outcome.NOT_CHARGED

    unknown_other_amount = uid("um", HOUR)  # PortOne took another amount: never success
    journal.record_sale_intent(seed_ahead(seed_sale_intent(unknown_other_amount, 15_000)))
    journal.record_sale_result(unknown_other_amount, Outcome.UNKNOWN, payment=None, message="timeout")
    client.pay_onetime(seed_onetime(unknown_other_amount, 16_000))
    expected["sale", unknown_other_amount] = Outcome.MISMATCH

    unknown_cancelled = uid("uc", HOUR)  # charged, then refunded in the console before restart
    journal.record_sale_intent(seed_ahead(seed_sale_intent(unknown_cancelled, 17_000)))
    journal.record_sale_result(unknown_cancelled, Outcome.UNKNOWN, payment=None, message="timeout")
    paid = client.pay_onetime(seed_onetime(unknown_cancelled, 17_000))
    client.cancel_payment(CancelRequest(paid.imp_uid, None, None, 0, 17_000, "콘솔 환불"))
    expected["sale", unknown_cancelled] = Outcome.CANCELLED

    # --- cancels -------------------------------------------------------------------------------
    approved = uid("ap", HOUR)
    journal.record_sale_intent(seed_ahead(seed_sale_intent(approved, 30_000)))
    paid_for_cancel = client.pay_onetime(seed_onetime(approved, 30_000))
    journal.record_sale_result(approved, Outcome.APPROVED, payment=facts(paid_for_cancel), message=None)
    journal.record_cancel_intent(
        seed_ahead(
            CancelIntent(f"{approved}-c1", approved, paid_for_cancel.imp_uid, 5_000, 0, 30_000, "부분 반품")
        )
    )
    client.cancel_payment(CancelRequest(paid_for_cancel.imp_uid, None, 5_000, 0, 30_000, "부분 반품"))
    expected["cancel", f"{approved}-c1"] = Outcome.PARTIALLY_CANCELLED

    approved2 = uid("a2", HOUR)
    journal.record_sale_intent(seed_ahead(seed_sale_intent(approved2, 20_000)))
    paid2 = client.pay_onetime(seed_onetime(approved2, 20_000))
    journal.record_sale_result(approved2, Outcome.APPROVED, payment=facts(paid2), message=None)
    journal.record_cancel_intent(
        seed_ahead(CancelIntent(f"{approved2}-c1", approved2, paid2.imp_uid, 20_000, 0, 20_000, "취소"))
    )
    journal.record_cancel_result(f"{approved2}-c1", Outcome.UNKNOWN, payment=None, message="timeout")
    expected["cancel", f"{approved2}-c1"] = Outcome.NOT_CHARGED  # PortOne's balance never moved

    # --- billing keys --------------------------------------------------------------------------
    an_hour_ago = datetime.fromtimestamp(time.time() - HOUR, UTC)
    issued_key = mint_customer_uid(COUNTER, "010-5555-7777", an_hour_ago, "issued")
    journal.record_billing_key_intent(seed_ahead(key_intent(issued_key)))
    client.issue_billing_key(issued_key, key_request())
    expected["billing_key", issued_key] = Outcome.APPROVED

    absent_key = mint_customer_uid(COUNTER, "010-5555-8888", an_hour_ago, "absent")
    journal.record_billing_key_intent(seed_ahead(key_intent(absent_key)))
    expected["billing_key", absent_key] = Outcome.NOT_CHARGED

    # --- cash receipts -------------------------------------------------------------------------
    cash_sale = uid("cash", HOUR)
    journal.record_receipt_intent(seed_ahead(receipt_intent("R-issued", "external", cash_sale, None)))
    client.issue_external_receipt(cash_sale, external_request())
    expected["receipt", "R-issued"] = Outcome.APPROVED

    cash_sale2 = uid("cash2", HOUR)
    journal.record_receipt_intent(seed_ahead(receipt_intent("R-absent", "external", cash_sale2, None)))
    journal.record_receipt_result("R-absent", Outcome.UNKNOWN, facts=None, message="timeout")
    expected["receipt", "R-absent"] = Outcome.NOT_CHARGED

    cash_sale3 = uid("cash3", HOUR)  # issued, then cancelled in the console before the restart
    journal.record_receipt_intent(seed_ahead(receipt_intent("R-cancelled", "external", cash_sale3, None)))
    client.issue_external_receipt(cash_sale3, external_request())
    client.cancel_external_receipt(cash_sale3)
    expected["receipt", "R-cancelled"] = Outcome.CANCELLED

    approved3 = uid("a3", HOUR)  # a full cancel went through, the reply was lost
    journal.record_sale_intent(seed_ahead(seed_sale_intent(approved3, 9_000)))
    paid3 = client.pay_onetime(seed_onetime(approved3, 9_000))
    journal.record_sale_result(approved3, Outcome.APPROVED, payment=facts(paid3), message=None)
    journal.record_cancel_intent(
        seed_ahead(CancelIntent(f"{approved3}-c1", approved3, paid3.imp_uid, 9_000, 0, 9_000, "취소"))
    )
    journal.record_cancel_result(f"{approved3}-c1", Outcome.UNKNOWN, payment=None, message="reset")
    client.cancel_payment(CancelRequest(paid3.imp_uid, None, 9_000, 0, 9_000, "취소"))
    expected["cancel", f"{approved3}-c1"] = Outcome.CANCELLED

    transfer_imp = sandbox.make_transfer_payment("transfer-77", 25_000, "박이체")
    journal.record_receipt_intent(
        seed_ahead(receipt_intent("R-transfer", "payment", "transfer-77", transfer_imp))
    )
    client.issue_receipt(
        transfer_imp, ReceiptRequest("01098765432", "phone", "person", "real", "박이체", "", "", 0)
    )
    expected["receipt", "R-transfer"] = Outcome.APPROVED

    # --- one recent row whose request may still be in flight ----------------------------------
    seed_clock.offset = 0.0
    recent_absent = uid("ra", 0)
    journal.record_sale_intent(seed_ahead(seed_sale_intent(recent_absent, 18_000)))

    assert len(journal.open_sales()) == 8
    journal.close()  # the crash; then a restart:

    reopened = Journal.open(path, counter_id=COUNTER, operator="tester")
    slept: list[float] = []
    try:
        services = CounterServices(
            client,
            reopened,
            ServiceSettings(counter_id=COUNTER, reconcile_poll_delays=(0.0, 0.0), not_charged_after_s=180),
            sleep=slept.append,
        )
        progress: list[str] = []
        report = services.reconcile(progress.append)

        assert {(item.kind, item.key): item.outcome for item in report.resolved} == expected
        assert [(item.kind, item.key) for item in report.still_unknown] == [("sale", recent_absent)]
        assert slept == []  # one look each at start-up; the open row is the background's from here
        assert progress
        for (kind, key), outcome in expected.items():
            assert final_state(reopened, kind, key) is outcome, (kind, key)
        assert [row.merchant_uid for row in reopened.open_sales()] == [recent_absent]
        assert reopened.open_cancels() == []
        assert reopened.open_billing_keys() == []
        assert reopened.open_receipts() == []
        fully_cancelled = reopened.sale(approved3)
        assert fully_cancelled is not None
        assert fully_cancelled.outcome is Outcome.CANCELLED
        assert fully_cancelled.cancel_amount == 9_000
        mismatch = reopened.sale(unknown_other_amount)
        assert mismatch is not None
        assert mismatch.paid_amount == 16_000
        assert reopened.verify_chain().ok
    finally:
        with contextlib.suppress(Exception):
            reopened.close()


def test_a_row_without_portones_clock_waits_the_window_after_restart(
    sandbox: SandboxServer, client: PortOneClient, tmp_path: Path
) -> None:
    """A journal of an older version has no PortOne clock on its rows: its PC times are not trusted (the
    PC clock may have been stepped), so an absent payment is given the whole window from the restart."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path, counter_id=COUNTER, operator="tester", clock=SeedClock())
    old = uid("old", HOUR)
    journal.record_sale_intent(seed_sale_intent(old, 13_000))
    journal.close()
    reopened = Journal.open(path, counter_id=COUNTER, operator="tester")
    mono = [0.0]
    try:
        services = CounterServices(
            client,
            reopened,
            ServiceSettings(counter_id=COUNTER),
            monotonic=lambda: mono[0],
            sleep=lambda s: None,
        )
        report = services.reconcile()
        assert [item.key for item in report.still_unknown] == [old]
        mono[0] = 170.0
        services.settle_due()
        assert [row.merchant_uid for row in reopened.open_sales()] == [old]
        mono[0] = 181.0
        services.settle_due()
        sale = reopened.sale(old)
        assert sale is not None
        assert sale.outcome is Outcome.NOT_CHARGED
    finally:
        reopened.close()


def final_state(journal: Journal, kind: str, key: str) -> Outcome | None:
    if kind == "sale":
        sale = journal.sale(key)
        return sale.outcome if sale else None
    if kind == "cancel":
        merchant_uid = key.rsplit("-c", 1)[0]
        return next((c.outcome for c in journal.cancels_of(merchant_uid) if c.cancel_id == key), None)
    if kind == "billing_key":
        customer = journal.customer(key)
        return customer.outcome if customer else None
    receipt = journal.receipt_for(key)
    return receipt.outcome if receipt else None


def facts(payment: Payment) -> PaymentFacts:
    return payment_facts(payment)


def key_intent(customer_uid: str) -> BillingKeyIntent:
    return BillingKeyIntent(
        customer_uid=customer_uid,
        customer_name="김단골",
        customer_tel="010-5555-7777",
        customer_email="",
        card_hint="449914******0004",
        card_company="삼성카드",
        consent_text="저장 동의",
        consent_at=time.time(),
    )


def key_request() -> BillingKeyRequest:
    return BillingKeyRequest(
        dashed(APPROVE_SAMSUNG), "2031-07", "900101", "12", "김단골", "010-5555-7777", ""
    )


def receipt_intent(receipt_id: str, kind: str, merchant_uid: str, imp_uid: str | None) -> ReceiptIntent:
    return ReceiptIntent(
        receipt_id=receipt_id,
        kind="payment" if kind == "payment" else "external",
        merchant_uid=merchant_uid,
        imp_uid=imp_uid,
        order_name="현금 판매",
        amount=25_000,
        tax_free=0,
        identifier_hint="*******5432",
        identifier_type="phone",
        receipt_type="person",
        product_type="real",
        buyer_name="박이체",
    )


def external_request() -> ExternalReceiptRequest:
    return ExternalReceiptRequest(
        "현금 판매", 25_000, "01098765432", "phone", "person", "real", "박이체", "", "", 0
    )
