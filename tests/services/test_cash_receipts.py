"""Cash receipts: per payment (transfer / virtual account only) and external, one per sale."""

from __future__ import annotations

from pathlib import Path

import pytest
from services_support import WriteAheadWitness, keyed_order

from pos_app.domain import Buyer, ExternalReceiptOrder, FieldError, Outcome
from pos_app.portone.client import PortOneClient
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError


def receipt_posts(sandbox: SandboxServer) -> list[str]:
    return [
        entry.path
        for entry in sandbox.ledger()
        if entry.method == "POST" and entry.path.startswith("/receipts")
    ]


def external_order(
    services: CounterServices, identifier: str = "", receipt_type: str = "person"
) -> ExternalReceiptOrder:
    return ExternalReceiptOrder(
        merchant_uid=services.mint_external_merchant_uid(),
        order_name="현금 판매",
        amount=33_000,
        tax_free=0,
        identifier=identifier,
        identifier_type="phone",
        receipt_type="company" if receipt_type == "company" else "person",
        product_type="real",
        buyer=Buyer(name="이현금", tel="010-2222-3333"),
    )


def test_receipt_for_a_transfer_payment_once_only(
    services: CounterServices, sandbox: SandboxServer, journal_path: Path, client: PortOneClient
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)
    imp_uid = sandbox.make_transfer_payment("transfer-0001", 25_000, "박이체")

    issued = services.issue_cash_receipt("transfer-0001", "010-9876-5432", "phone", "person")

    assert issued.outcome is Outcome.APPROVED
    assert issued.receipt is not None
    assert issued.receipt.apply_num
    assert issued.receipt.identifier_hint == "*******5432"
    assert issued.receipt.imp_uid == imp_uid
    assert client.get_receipt(imp_uid).apply_num == issued.receipt.apply_num
    with pytest.raises(ServiceError) as second:
        services.issue_cash_receipt("transfer-0001", "010-9876-5432", "phone", "person")
    assert second.value.reason == "duplicate_receipt"
    assert receipt_posts(sandbox) == [f"/receipts/{imp_uid}"]
    assert witness.not_pending() == []

    cancelled = services.cancel_cash_receipt(issued.receipt_id)
    assert cancelled.outcome is Outcome.CANCELLED
    assert cancelled.receipt is not None
    assert cancelled.receipt.cancelled_at is not None
    assert client.get_receipt(imp_uid).cancelled_at


def test_card_payments_get_no_cash_receipt(services: CounterServices, sandbox: SandboxServer) -> None:
    sale = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))

    with pytest.raises(ServiceError) as refused:
        services.issue_cash_receipt(sale.merchant_uid, "01098765432", "phone", "person")

    assert refused.value.reason == "ksnet_limit"
    assert receipt_posts(sandbox) == []


def test_external_receipt_self_issue_when_no_identifier(
    services: CounterServices, sandbox: SandboxServer, client: PortOneClient, journal_path: Path
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)
    order = external_order(services)

    issued = services.issue_external_cash_receipt(order)

    assert issued.outcome is Outcome.APPROVED
    assert issued.receipt is not None
    assert issued.receipt.identifier_hint.endswith("1234")
    assert issued.receipt.identifier_type == "phone"
    body = next(e.body for e in sandbox.ledger() if e.path == f"/receipts/external/{order.merchant_uid}")
    assert body["identifier_type"] == "phone"
    assert str(body["identifier"]).endswith("1234")
    assert client.get_external_receipt(order.merchant_uid).amount == 33_000
    assert witness.not_pending() == []

    with pytest.raises(ServiceError) as second:
        services.issue_external_cash_receipt(order)
    assert second.value.reason == "duplicate_receipt"
    assert len(receipt_posts(sandbox)) == 1

    cancelled = services.cancel_external_cash_receipt(order.merchant_uid)
    assert cancelled.outcome is Outcome.CANCELLED
    assert client.get_external_receipt(order.merchant_uid).cancelled_at


def test_expense_proof_needs_an_identifier(services: CounterServices, sandbox: SandboxServer) -> None:
    with pytest.raises(FieldError) as refused:
        services.issue_external_cash_receipt(external_order(services, receipt_type="company"))
    assert refused.value.field == "identifier"
    assert receipt_posts(sandbox) == []


def test_lost_external_receipt_reply_is_resolved_by_reading_it_back(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    sandbox.faults.add(Fault(kind="truncated", path_prefix="/receipts/external/", method="POST"))
    order = external_order(services, identifier="010-4444-5555")

    issued = services.issue_external_cash_receipt(order)

    assert issued.outcome is Outcome.APPROVED
    assert issued.receipt is not None
    assert issued.receipt.apply_num
    assert len(receipt_posts(sandbox)) == 1


def test_unknown_receipt_blocks_a_second_one(services: CounterServices, sandbox: SandboxServer) -> None:
    sandbox.faults.add(Fault(kind="http_502", path_prefix="/receipts/external/", method="POST"))
    order = external_order(services, identifier="010-4444-5555")

    first = services.issue_external_cash_receipt(order)
    assert first.outcome is Outcome.UNKNOWN

    with pytest.raises(ServiceError) as refused:
        services.issue_external_cash_receipt(order)
    assert refused.value.reason == "duplicate_receipt"


def test_lost_payment_receipt_reply_is_resolved_and_cancel_survives_a_reset(
    services: CounterServices, sandbox: SandboxServer, client: PortOneClient
) -> None:
    imp_uid = sandbox.make_transfer_payment("transfer-0002", 40_000, "최이체")
    sandbox.faults.add(Fault(kind="reset_after", path_prefix=f"/receipts/{imp_uid}", method="POST"))

    issued = services.issue_cash_receipt("transfer-0002", "", "phone", "person")  # self-issue

    assert issued.outcome is Outcome.APPROVED
    assert issued.receipt is not None
    assert issued.receipt.amount == 40_000
    sandbox.faults.add(Fault(kind="reset_after", path_prefix=f"/receipts/{imp_uid}", method="DELETE"))

    cancelled = services.cancel_cash_receipt("transfer-0002")

    assert cancelled.outcome is Outcome.CANCELLED
    assert client.get_receipt(imp_uid).cancelled_at
    # after a cancel the sale may get a new receipt (e.g. re-issued for a new amount)
    again = services.issue_cash_receipt("transfer-0002", "010-9876-5432", "phone", "person")
    assert again.outcome is Outcome.APPROVED
    assert again.receipt_id != issued.receipt_id
