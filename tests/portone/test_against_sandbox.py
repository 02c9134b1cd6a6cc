"""The client against the real embedded sandbox (pos_app.sandbox): the happy paths end to end, and the
sandbox's fault injection proving the at-most-once and UNKNOWN rules over genuine sockets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from sandbox_support import dashed, make_client

from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import ApiError, NotFound, OutcomeUnknown, Unauthorized
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    OnetimeRequest,
)
from pos_app.portone.outcome import charge_outcome
from pos_app.sandbox.cards import APPROVE_CREDIT, DECLINE_LIMIT, DECLINE_SUSPENDED
from pos_app.sandbox.server import Fault, SandboxServer


def _order(merchant_uid: str, card: str = APPROVE_CREDIT, amount: int = 12000) -> OnetimeRequest:
    return OnetimeRequest(merchant_uid, amount, 0, "꽃다발", dashed(card), "2030-12", None, None, "김하나")


@pytest.fixture
def server(sandbox: object) -> SandboxServer:
    assert isinstance(sandbox, SandboxServer)
    return sandbox


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


@pytest.fixture
def client(server: SandboxServer, session: requests.Session) -> PortOneClient:
    # the client's default lookup retries and backoff (2, 0.5 s), not the quick ones make_client defaults to
    return make_client(server, session, money_read=2.0, lookup_read=2.0, lookup_retries=2, backoff_s=0.5)


def test_key_in_charge_is_approved_and_can_be_looked_up(client: PortOneClient, server: SandboxServer) -> None:
    result = charge_outcome(lambda: client.pay_onetime(_order("C01-sbx-1")), 12000)
    assert result.outcome is Outcome.APPROVED
    assert result.payment is not None
    assert result.payment.card_name == "신한카드"
    assert result.payment.card_number is not None
    assert APPROVE_CREDIT not in result.payment.card_number
    assert server.posts_for("C01-sbx-1") == 1
    assert client.get_payment(result.payment.imp_uid).merchant_uid == "C01-sbx-1"
    assert client.find_payment("C01-sbx-1").status == "paid"
    assert [p.imp_uid for p in client.find_all_payments("C01-sbx-1")] == [result.payment.imp_uid]


@pytest.mark.parametrize("card", [DECLINE_LIMIT, DECLINE_SUSPENDED])
def test_declines_in_both_shapes_are_declined(client: PortOneClient, card: str) -> None:
    result = charge_outcome(lambda: client.pay_onetime(_order("C01-sbx-d", card)), 12000)
    assert result.outcome is Outcome.DECLINED
    assert result.message


def test_unknown_merchant_uid_is_not_found(client: PortOneClient) -> None:
    with pytest.raises(NotFound):
        client.find_payment("C01-never-sent")


def test_wrong_credentials_are_unauthorized(server: SandboxServer, session: requests.Session) -> None:
    wrong = PortOneClient(session, server.base_url, server.imp_key, "not-the-secret", sleep=lambda _s: None)
    with pytest.raises(Unauthorized):
        wrong.check_connection()


@pytest.mark.parametrize("kind", ["reset_after", "reset_before", "http_502", "http_504", "truncated", "html"])
def test_faults_after_sending_are_unknown_and_the_charge_is_sent_once(
    client: PortOneClient, server: SandboxServer, kind: str
) -> None:
    client.check_connection()
    server.faults.add(Fault(kind=kind, path_prefix="/subscribe/payments/onetime", method="POST"))
    result = charge_outcome(lambda: client.pay_onetime(_order("C01-sbx-f")), 12000)
    assert result.outcome is Outcome.UNKNOWN
    assert server.posts_for("C01-sbx-f") == 1


def test_a_reply_that_never_comes_is_unknown_and_reconciles_to_paid(
    client: PortOneClient, server: SandboxServer
) -> None:
    client.check_connection()
    server.faults.add(
        Fault(
            kind="hang_after_commit",
            path_prefix="/subscribe/payments/onetime",
            method="POST",
            delay_ms=20_000,
        )
    )
    result = charge_outcome(lambda: client.pay_onetime(_order("C01-sbx-h")), 12000)
    assert result.outcome is Outcome.UNKNOWN
    assert server.posts_for("C01-sbx-h") == 1
    assert client.find_payment("C01-sbx-h").status == "paid"  # the lookup, not a resend, settles it


def test_an_expired_token_is_refreshed_once(client: PortOneClient, server: SandboxServer) -> None:
    client.check_connection()
    server.advance_clock(3600)  # the server's token expired; the client's local clock did not move
    payment = client.pay_onetime(_order("C01-sbx-t"))
    assert payment.status == "paid"
    # the first POST was refused with 401 before processing; one refresh, one repeat
    assert server.posts_for("C01-sbx-t") == 2
    assert [e.path for e in server.ledger()].count("/users/getToken") == 2
    assert len(client.find_all_payments("C01-sbx-t")) == 1
    assert client.find_payment("C01-sbx-t").imp_uid == payment.imp_uid


def test_billing_key_charge_cancel_and_delete(client: PortOneClient) -> None:
    uid = "C01-01012345678-sbx"
    card = BillingKeyRequest(dashed(APPROVE_CREDIT), "2030-12", "880101", "12", "김하나", "010-1234-5678")
    customer = client.issue_billing_key(uid, card)
    assert customer.customer_uid == uid
    assert client.get_billing_key(uid).card_name == customer.card_name
    assert [c.customer_uid for c in client.get_billing_keys([uid])] == [uid]

    paid = client.pay_again(AgainRequest(uid, "C01-sbx-again", 60000, 0, "정기", "김하나", card_quota=3))
    assert (paid.status, paid.amount, paid.customer_uid) == ("paid", 60000, uid)

    partial = client.cancel_payment(
        CancelRequest(imp_uid=paid.imp_uid, amount=10000, tax_free=0, checksum=60000, reason="일부")
    )
    assert (partial.cancel_amount, partial.remaining) == (10000, 50000)
    with pytest.raises(ApiError):  # the balance is no longer 60000: checksum refuses a double refund
        client.cancel_payment(
            CancelRequest(imp_uid=paid.imp_uid, amount=10000, checksum=60000, reason="중복")
        )

    deleted = client.delete_billing_key(uid, "해지")
    assert deleted.customer_uid == uid
    with pytest.raises(NotFound):
        client.get_billing_key(uid)


def test_external_cash_receipt_round_trip(client: PortOneClient) -> None:
    uid = "C01-sbx-cash"
    req = ExternalReceiptRequest("현금 판매", 33000, "01012345678", "phone", "person", "real", "김하나")
    issued = client.issue_external_receipt(uid, req)
    assert (issued.merchant_uid, issued.amount, issued.vat) == (uid, 33000, 3000)
    with pytest.raises(ApiError):  # the merchant_uid guards against a second receipt
        client.issue_external_receipt(uid, req)
    assert client.get_external_receipt(uid).apply_num == issued.apply_num
    assert client.cancel_external_receipt(uid).is_cancelled


def test_listing_by_status_sees_the_new_payment(client: PortOneClient, server: SandboxServer) -> None:
    payment = client.pay_onetime(_order("C01-sbx-list"))
    now = int(server.now())
    listed = client.list_payments_by_status("paid", now - 3600, now + 60)
    assert payment.imp_uid in {p.imp_uid for p in listed}
    assert {p.imp_uid for p in client.get_payments(imp_uids=[payment.imp_uid])} == {payment.imp_uid}


def test_unexpected_lookup_trouble_is_retried(client: PortOneClient, server: SandboxServer) -> None:
    payment = client.pay_onetime(_order("C01-sbx-r"))
    server.faults.add(Fault(kind="http_502", path_prefix="/payments/find/", method="GET", count=2))
    assert client.find_payment("C01-sbx-r").imp_uid == payment.imp_uid
    server.faults.add(Fault(kind="http_502", path_prefix="/payments/find/", method="GET", count=3))
    with pytest.raises(OutcomeUnknown):
        client.find_payment("C01-sbx-r")
