"""Cancels: full and partial with checksum and tax-free share, KSNET limits refused locally, lost replies."""

from __future__ import annotations

from pathlib import Path

import pytest
from services_support import FakeClock, WriteAheadWitness, keyed_order

from pos_app.domain import FieldError, Outcome
from pos_app.portone.client import PortOneClient
from pos_app.sandbox.cards import APPROVE_BC, APPROVE_CREDIT, DECLINE_LIMIT
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError
from pos_app.services.results import SaleOutcome

CANCEL = "/payments/cancel"


def paid_sale(services: CounterServices, amount: int = 50_000, **extra: str) -> SaleOutcome:
    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, amount, **extra))
    assert result.outcome is Outcome.APPROVED
    return result


def cancel_bodies(sandbox: SandboxServer) -> list[dict[str, object]]:
    return [dict(entry.body) for entry in sandbox.ledger() if entry.path == CANCEL]


def test_partial_then_full_cancel_sends_the_believed_balance_as_checksum(
    services: CounterServices, sandbox: SandboxServer, client: PortOneClient, journal_path: Path
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)
    sale = paid_sale(services, 50_000)

    partial = services.cancel(sale.merchant_uid, 20_000, "일부 반품")
    full = services.cancel(sale.merchant_uid, None, "나머지 취소")

    assert partial.outcome is Outcome.PARTIALLY_CANCELLED
    assert partial.sale is not None
    assert partial.sale.cancel_amount == 20_000
    assert full.outcome is Outcome.CANCELLED
    assert full.amount == 30_000
    assert full.sale is not None
    assert full.sale.outcome is Outcome.CANCELLED
    bodies = cancel_bodies(sandbox)
    assert [(b["amount"], b["checksum"]) for b in bodies] == [(20_000, 50_000), (30_000, 30_000)]
    assert all(b["reason"] for b in bodies)
    payment = client.find_payment(sale.merchant_uid)
    assert payment.cancel_amount == 50_000
    assert witness.not_pending() == []
    assert [row.outcome for row in services.cancels_of(sale.merchant_uid)] == [
        Outcome.PARTIALLY_CANCELLED,
        Outcome.CANCELLED,
    ]


def test_tax_free_share_is_sent_and_checked(services: CounterServices, sandbox: SandboxServer) -> None:
    sale = paid_sale(services, 30_000, tax_free="10000")

    with pytest.raises(FieldError) as too_much:
        services.cancel(sale.merchant_uid, 5_000, "면세 초과", tax_free=6_000)
    assert too_much.value.field == "tax_free"

    services.cancel(sale.merchant_uid, 5_000, "면세 상품 반품", tax_free=5_000)
    services.cancel(sale.merchant_uid, None, "전체 취소")

    assert [(b["amount"], b["tax_free"]) for b in cancel_bodies(sandbox)] == [(5_000, 5_000), (25_000, 5_000)]


def test_partial_cancel_without_a_share_takes_the_tax_free_part_in_proportion(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    mixed = paid_sale(services, 30_000, tax_free="10000")
    services.cancel(mixed.merchant_uid, 6_000, "일부 반품")  # a third of the sale: a third tax-free
    exempt = paid_sale(services, 20_000, tax_free="20000")
    services.cancel(exempt.merchant_uid, 5_000, "면세 상품 일부 반품")  # nothing taxable to take from
    taxable = paid_sale(services, 40_000)
    services.cancel(taxable.merchant_uid, 7_000, "과세 상품 일부 반품")

    assert [(b["amount"], b["tax_free"]) for b in cancel_bodies(sandbox)] == [
        (6_000, 2_000),
        (5_000, 5_000),
        (7_000, 0),
    ]


def test_more_than_the_balance_is_refused_locally(services: CounterServices, sandbox: SandboxServer) -> None:
    sale = paid_sale(services, 10_000)

    with pytest.raises(FieldError) as refused:
        services.cancel(sale.merchant_uid, 10_001, "초과")

    assert refused.value.field == "amount"
    assert cancel_bodies(sandbox) == []
    assert services.cancels_of(sale.merchant_uid) == []


def test_tenth_partial_cancel_is_refused_locally(services: CounterServices, sandbox: SandboxServer) -> None:
    sale = paid_sale(services, 100_000)
    for n in range(9):
        done = services.cancel(sale.merchant_uid, 1_000, f"부분 취소 {n + 1}")
        assert done.outcome is Outcome.PARTIALLY_CANCELLED

    with pytest.raises(FieldError) as refused:
        services.cancel(sale.merchant_uid, 1_000, "열 번째")

    assert refused.value.field == "amount"
    # the rest is a partial cancel too, as far as KSNET counts
    with pytest.raises(FieldError):
        services.cancel(sale.merchant_uid, None, "나머지 전액")
    assert len(cancel_bodies(sandbox)) == 9


def test_older_than_six_months_is_refused_locally(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sale = paid_sale(services, 10_000)
    clock.advance(181 * 24 * 3600)

    with pytest.raises(FieldError):
        services.cancel(sale.merchant_uid, None, "너무 늦음")

    assert cancel_bodies(sandbox) == []


def test_declined_or_unknown_sales_cannot_be_cancelled(services: CounterServices) -> None:
    declined = services.charge_keyed_card(keyed_order(DECLINE_LIMIT))

    with pytest.raises(ServiceError) as refused:
        services.cancel(declined.merchant_uid, None, "취소")

    assert refused.value.reason == "not_allowed"


@pytest.mark.parametrize("kind", ["hang_after_commit", "reset_after", "http_504"])
def test_lost_cancel_reply_is_resolved_by_rereading_cancel_amount(
    services: CounterServices, sandbox: SandboxServer, kind: str
) -> None:
    sale = paid_sale(services, 40_000)
    sandbox.faults.add(Fault(kind=kind, path_prefix=CANCEL, method="POST", delay_ms=3_000))

    result = services.cancel(sale.merchant_uid, 15_000, "부분 환불")

    assert result.outcome is Outcome.PARTIALLY_CANCELLED
    assert result.sale is not None
    assert result.sale.cancel_amount == 15_000
    assert len(cancel_bodies(sandbox)) == 1


def test_cancel_that_never_happened_is_not_done_after_long_enough(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sale = paid_sale(services, 40_000)
    sandbox.faults.add(Fault(kind="http_502", path_prefix=CANCEL, method="POST"))

    result = services.cancel(sale.merchant_uid, 15_000, "부분 환불")
    assert result.outcome is Outcome.UNKNOWN
    with pytest.raises(ServiceError) as busy:
        services.cancel(sale.merchant_uid, 1_000, "다른 취소")
    assert busy.value.reason == "in_progress"

    clock.advance(200)
    report = services.reconcile()

    assert [(item.kind, item.outcome) for item in report.resolved] == [("cancel", Outcome.NOT_CHARGED)]
    after = services.sale(sale.merchant_uid)
    assert after is not None
    assert after.outcome is Outcome.APPROVED
    assert after.cancel_amount == 0
    # now it may be cancelled again, with the same believed balance
    again = services.cancel(sale.merchant_uid, 15_000, "부분 환불 재시도")
    assert again.outcome is Outcome.PARTIALLY_CANCELLED
    assert [b["checksum"] for b in cancel_bodies(sandbox)] == [40_000, 40_000]


def test_checksum_guards_against_a_refund_made_elsewhere(
    services: CounterServices, sandbox: SandboxServer, client: PortOneClient
) -> None:
    from pos_app.portone.models import CancelRequest

    sale = paid_sale(services, 20_000)
    assert sale.sale is not None
    # another counter (or the console) refunds 5,000 without this journal knowing
    client.cancel_payment(CancelRequest(sale.sale.imp_uid, None, 5_000, 0, 20_000, "콘솔 환불"))

    result = services.cancel(sale.merchant_uid, None, "전액 취소")

    assert result.outcome is Outcome.DECLINED  # PortOne refuses: the balance is not what we believed
    payment = client.find_payment(sale.merchant_uid)
    assert payment.cancel_amount == 5_000


def test_other_card_sale_cancel_full(services: CounterServices) -> None:
    sale = services.charge_keyed_card(keyed_order(APPROVE_BC, 9_900))
    result = services.cancel(sale.merchant_uid, 9_900, "전액")
    assert result.outcome is Outcome.CANCELLED
