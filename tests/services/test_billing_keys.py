"""Saved cards: register (KSNET needs birth and PIN), register-then-charge, charge, delete, refresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from services_support import FakeClock, WriteAheadWitness, billing_charge

from pos_app.domain import Buyer, CardSecrets, Outcome, validate_card_registration
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import NotFound
from pos_app.sandbox.cards import APPROVE_HYUNDAI, APPROVE_SAMSUNG, DECLINE_INVALID
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError

CONSENT = "고객이 카드 정보 저장과 이후 전화 주문 결제에 동의함"


def registration(card_number: str) -> tuple[CardSecrets, Buyer]:
    form = {
        "card_number": card_number,
        "expiry": "03/31",
        "birth": "900101",
        "pwd_2digit": "12",
        "buyer_name": "김단골",
        "buyer_tel": "010-5555-7777",
        "buyer_email": "",
    }
    return validate_card_registration(form, date.today())


def test_register_then_charge_the_saved_card(
    services: CounterServices, sandbox: SandboxServer, journal_path: Path
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)
    card, buyer = registration(APPROVE_SAMSUNG)

    registered = services.register_card(card, buyer, CONSENT)

    assert registered.outcome is Outcome.APPROVED
    assert registered.customer is not None
    assert registered.customer.outcome is Outcome.APPROVED
    assert registered.customer.card_hint.endswith("0004")
    assert [row.customer_uid for row in services.find_customers("5555")] == [registered.customer_uid]

    charged = services.charge_billing_key(billing_charge(registered.customer_uid, 30_000))

    assert charged.outcome is Outcome.APPROVED
    assert charged.sale is not None
    assert charged.sale.kind == "billing"
    assert charged.sale.customer_uid == registered.customer_uid
    assert charged.sale.card_hint == registered.customer.card_hint
    assert sandbox.posts_for(charged.merchant_uid) == 1
    assert [path.split("/")[2] for path, _key, _o in witness.seen] == ["customers", "payments"]
    assert witness.not_pending() == []


def test_registration_needs_birth_and_pin_for_ksnet(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    card, buyer = registration(APPROVE_SAMSUNG)
    without_pin = CardSecrets(card.number, card.expiry, card.birth, None)

    with pytest.raises(ServiceError) as refused:
        services.register_card(without_pin, buyer, CONSENT)

    assert refused.value.field == "pwd_2digit"
    assert not [entry for entry in sandbox.ledger() if entry.path.startswith("/subscribe/customers")]


def test_declined_registration_is_final_and_charges_nothing(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    card, buyer = registration(DECLINE_INVALID)

    registration_result, sale = services.register_and_charge(
        card, buyer, CONSENT, billing_charge("placeholder", 10_000)
    )

    assert registration_result.outcome is Outcome.DECLINED
    assert registration_result.message
    assert sale is None
    assert not [entry for entry in sandbox.ledger() if entry.path == "/subscribe/payments/again"]


def test_register_and_charge_uses_the_new_key(services: CounterServices, sandbox: SandboxServer) -> None:
    card, buyer = registration(APPROVE_HYUNDAI)

    registered, sale = services.register_and_charge(
        card, buyer, CONSENT, billing_charge("placeholder", 55_000)
    )

    assert registered.outcome is Outcome.APPROVED
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    again = [entry.body for entry in sandbox.ledger() if entry.path == "/subscribe/payments/again"]
    assert [body["customer_uid"] for body in again] == [registered.customer_uid]


def test_lost_registration_reply_is_resolved_by_reading_the_key_back(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/subscribe/customers/", method="POST"))
    card, buyer = registration(APPROVE_SAMSUNG)

    registered = services.register_card(card, buyer, CONSENT)

    assert registered.outcome is Outcome.APPROVED
    assert registered.customer is not None
    assert registered.customer.card_name


def test_delete_and_refresh(services: CounterServices, sandbox: SandboxServer, client: PortOneClient) -> None:
    card, buyer = registration(APPROVE_SAMSUNG)
    registered = services.register_card(card, buyer, CONSENT)

    refreshed = services.refresh_billing_key(registered.customer_uid)
    assert refreshed.outcome is Outcome.APPROVED

    services.delete_billing_key(registered.customer_uid, "고객 요청")

    customer = services.customer(registered.customer_uid)
    assert customer is not None
    assert customer.deleted_at is not None
    assert services.find_customers("5555") == []
    with pytest.raises(NotFound):
        client.get_billing_key(registered.customer_uid)
    with pytest.raises(ServiceError) as refused:
        services.charge_billing_key(billing_charge(registered.customer_uid))
    assert refused.value.reason == "not_found"


def test_unknown_billing_charge_blocks_a_second_attempt_for_the_customer(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    card, buyer = registration(APPROVE_SAMSUNG)
    registered = services.register_card(card, buyer, CONSENT)
    sandbox.faults.add(Fault(kind="http_502", path_prefix="/subscribe/payments/again", method="POST"))

    first = services.charge_billing_key(billing_charge(registered.customer_uid, 20_000))
    assert first.outcome is Outcome.UNKNOWN
    with pytest.raises(ServiceError) as refused:
        services.charge_billing_key(billing_charge(registered.customer_uid, 20_000))
    assert refused.value.reason == "in_progress"

    # a billing resend needs no card: the key is on file; it goes once PortOne has had no record of the
    # first request for the whole not-charged window
    clock.advance(180)
    retried = services.retry_unknown(first.merchant_uid)
    assert retried.outcome is Outcome.APPROVED
    assert retried.merchant_uid == first.merchant_uid


def test_delete_whose_reply_was_lost_is_confirmed_by_reading_back(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    card, buyer = registration(APPROVE_SAMSUNG)
    registered = services.register_card(card, buyer, CONSENT)
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/subscribe/customers/", method="DELETE"))

    services.delete_billing_key(registered.customer_uid, "고객 요청")

    customer = services.customer(registered.customer_uid)
    assert customer is not None
    assert customer.deleted_at is not None


def test_delete_that_never_happened_is_reported_not_recorded(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    card, buyer = registration(APPROVE_SAMSUNG)
    registered = services.register_card(card, buyer, CONSENT)
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/customers/", method="DELETE"))

    with pytest.raises(ServiceError) as unresolved:
        services.delete_billing_key(registered.customer_uid, "고객 요청")

    assert unresolved.value.reason == "unresolved"
    customer = services.customer(registered.customer_uid)
    assert customer is not None
    assert customer.deleted_at is None
