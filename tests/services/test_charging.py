"""The key-in charge path against the sandbox: approve, decline, lost replies, never a second charge."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import requests
from services_support import (
    FakeClock,
    WriteAheadWitness,
    keyed_order,
    make_client,
    make_services,
    make_settings,
    unused_port,
)

from pos_app.domain import Outcome
from pos_app.journal import Journal
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import OnetimeRequest, Payment
from pos_app.sandbox.cards import APPROVE_CHECK, APPROVE_CREDIT, DECLINE_LIMIT, DECLINE_LOST
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError

ONETIME = "/subscribe/payments/onetime"


def paid_records(client: PortOneClient, merchant_uid: str) -> list[Payment]:
    return [p for p in client.find_all_payments(merchant_uid) if p.status == "paid"]


def test_approved_charge_is_recorded_with_portone_facts(
    services: CounterServices, sandbox: SandboxServer, journal_path: Path
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 12_000))

    assert result.outcome is Outcome.APPROVED
    assert result.sale is not None
    assert result.sale.outcome is Outcome.APPROVED
    assert result.sale.imp_uid
    assert result.sale.apply_num
    assert result.sale.paid_amount == 12_000
    assert result.sale.card_hint.endswith("0007")
    assert "0000" not in result.sale.card_hint[:14].replace("*", "")
    assert sandbox.posts_for(result.merchant_uid) == 1
    assert witness.seen
    assert witness.not_pending() == []


def test_decline_is_final_with_the_issuer_message(services: CounterServices, sandbox: SandboxServer) -> None:
    result = services.charge_keyed_card(keyed_order(DECLINE_LIMIT))

    assert result.outcome is Outcome.DECLINED
    assert result.message  # the issuer's text, shown to the cashier
    assert result.sale is not None
    assert result.sale.outcome is Outcome.DECLINED
    assert sandbox.posts_for(result.merchant_uid) == 1
    assert services.open_sales() == []


@pytest.mark.parametrize("kind", ["hang_after_commit", "reset_after", "truncated", "http_504"])
def test_lost_reply_of_a_committed_charge_resolves_to_approved_without_resending(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock, kind: str
) -> None:
    sandbox.faults.add(Fault(kind=kind, path_prefix=ONETIME, method="POST", delay_ms=3_000))

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))

    assert result.outcome is Outcome.APPROVED
    assert result.sale is not None
    assert result.sale.imp_uid
    assert sandbox.posts_for(result.merchant_uid) == 1  # resolved by lookup, never re-sent
    assert services.open_sales() == []


def test_lost_request_stays_unknown_then_manual_retry_reuses_the_merchant_uid(
    services: CounterServices,
    sandbox: SandboxServer,
    client: PortOneClient,
    journal_path: Path,
    clock: FakeClock,
) -> None:
    witness = WriteAheadWitness(journal_path)
    sandbox.on_request(witness)
    order = keyed_order(APPROVE_CHECK, 33_000)
    sandbox.faults.add(Fault(kind="http_502", path_prefix=ONETIME, method="POST"))  # not processed

    first = services.charge_keyed_card(order)

    assert first.outcome is Outcome.UNKNOWN  # 404 so far, but not for long enough to say "not charged"
    assert [row.merchant_uid for row in services.open_sales()] == [first.merchant_uid]
    # while it is UNKNOWN, the same card and amount cannot start a new attempt (no new merchant_uid)
    with pytest.raises(ServiceError) as refused:
        services.charge_keyed_card(order)
    assert refused.value.reason == "in_progress"
    # "absent" right after the lost reply proves nothing yet: no second POST while the first may run
    early = services.retry_unknown(first.merchant_uid, order)
    assert early.outcome is Outcome.UNKNOWN
    assert early.merchant_uid == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 1

    clock.advance(180)  # absent for the whole not-charged window since the last send
    # a resend of a key-in charge needs the card typed again
    with pytest.raises(ServiceError) as needs_card:
        services.retry_unknown(first.merchant_uid)
    assert needs_card.value.reason == "needs_card"
    retried = services.retry_unknown(first.merchant_uid, order)

    assert retried.outcome is Outcome.APPROVED
    assert retried.merchant_uid == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 2
    assert len(paid_records(client, first.merchant_uid)) == 1
    onetime_uids = {entry.body["merchant_uid"] for entry in sandbox.ledger() if entry.path == ONETIME}
    assert onetime_uids == {first.merchant_uid}
    assert witness.not_pending() == []


def test_manual_retry_finds_the_payment_instead_of_resending(
    sandbox: SandboxServer, journal: Journal, http_session: requests.Session, clock: FakeClock
) -> None:
    # no polling during the charge: the lost reply leaves the attempt UNKNOWN for the cashier
    services = make_services(sandbox, journal, http_session, clock, reconcile_poll_delays=())
    order = keyed_order(APPROVE_CREDIT)
    sandbox.faults.add(Fault(kind="http_504", path_prefix=ONETIME, method="POST"))  # committed
    # and the immediate lookup fails too (the client tries twice)
    sandbox.faults.add(Fault(kind="http_502", path_prefix="/payments/findAll", method="GET", count=2))

    first = services.charge_keyed_card(order)
    assert first.outcome is Outcome.UNKNOWN
    retried = services.retry_unknown(first.merchant_uid, order)

    assert retried.outcome is Outcome.APPROVED
    assert sandbox.posts_for(first.merchant_uid) == 1


def test_absent_long_enough_becomes_not_charged(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault(kind="reset_before", path_prefix=ONETIME, method="POST"))
    first = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))
    assert first.outcome is Outcome.UNKNOWN

    clock.advance(200)
    report = services.reconcile()

    assert [(item.key, item.outcome) for item in report.resolved] == [
        (first.merchant_uid, Outcome.NOT_CHARGED)
    ]
    sale = services.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.NOT_CHARGED
    # the sale is final now: charging it again re-sends the attempt under its own merchant_uid, so that
    # should the first request still land, PortOne refuses the duplicate instead of charging twice
    second = services.charge_keyed_card(keyed_order(APPROVE_CREDIT), retry_of=first.merchant_uid)
    assert second.outcome is Outcome.APPROVED
    assert second.merchant_uid == first.merchant_uid
    assert second.sale is not None
    assert second.sale.sale_id == first.merchant_uid
    assert sandbox.posts_for(first.merchant_uid) == 2


def test_new_attempt_of_a_paid_sale_is_refused(services: CounterServices, sandbox: SandboxServer) -> None:
    paid = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))
    assert paid.outcome is Outcome.APPROVED
    posts_before = len(sandbox.ledger())

    with pytest.raises(ServiceError) as refused:
        services.charge_keyed_card(keyed_order(APPROVE_CREDIT), retry_of=paid.merchant_uid)

    assert refused.value.reason == "not_allowed"
    assert len(sandbox.ledger()) == posts_before


def test_declined_sale_may_be_tried_again_under_the_same_sale(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    declined = services.charge_keyed_card(keyed_order(DECLINE_LOST))
    assert declined.outcome is Outcome.DECLINED

    second = services.charge_keyed_card(keyed_order(APPROVE_CHECK), retry_of=declined.merchant_uid)

    assert second.outcome is Outcome.APPROVED
    assert second.sale is not None
    assert second.sale.sale_id == declined.merchant_uid


def test_paid_with_another_amount_is_a_mismatch_never_success(
    sandbox: SandboxServer, journal: Journal, http_session: requests.Session, clock: FakeClock
) -> None:
    class OverchargingClient(PortOneClient):
        """A stand-in for a PG that charged another amount than asked (사후 검증 must catch it)."""

        def pay_onetime(self, req: OnetimeRequest) -> Payment:
            return super().pay_onetime(replace(req, amount=req.amount + 1_000))

    real = make_client(sandbox, http_session)
    client = OverchargingClient(
        http_session,
        real.base_url,
        sandbox.imp_key,
        sandbox.imp_secret,
        channel=real.channel,
        timeouts=real.timeouts,
    )
    services = CounterServices(
        client, journal, make_settings(), clock=clock, sleep=clock.sleep, monotonic=clock.monotonic
    )

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 20_000))

    assert result.outcome is Outcome.MISMATCH
    assert result.needs_cancel
    assert not result.approved
    assert result.sale is not None
    assert result.sale.paid_amount == 21_000
    # the offered cancel refunds what was really taken
    cancelled = services.cancel(result.merchant_uid, None, "금액 불일치")
    assert cancelled.outcome is Outcome.CANCELLED
    assert cancelled.amount == 21_000


def test_refused_connection_is_not_charged_and_tried_once_more(
    journal: Journal, http_session: requests.Session, clock: FakeClock
) -> None:
    client = PortOneClient(
        http_session,
        f"http://127.0.0.1:{unused_port()}",
        "key",
        "secret",
        sleep=lambda _s: None,
    )
    services = CounterServices(
        client, journal, make_settings(), clock=clock, sleep=clock.sleep, monotonic=clock.monotonic
    )

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))

    assert result.outcome is Outcome.NOT_CHARGED
    assert result.sale is not None
    assert result.sale.outcome is Outcome.NOT_CHARGED
    events = [event.kind for event in journal.events()]
    assert events.index("sale_intent") < events.index("sale_result")


def test_duplicate_warning_same_masked_card_and_amount_within_window(
    services: CounterServices, clock: FakeClock
) -> None:
    first = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 15_000))
    assert first.outcome is Outcome.APPROVED

    assert [row.merchant_uid for row in services.check_duplicate(keyed_order(APPROVE_CREDIT, 15_000))] == [
        first.merchant_uid
    ]
    assert services.check_duplicate(keyed_order(APPROVE_CREDIT, 15_001)) == []
    assert services.check_duplicate(keyed_order(APPROVE_CHECK, 15_000)) == []
    # it only warns: the cashier may confirm and charge again (a new sale)
    again = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 15_000))
    assert again.outcome is Outcome.APPROVED
    clock.advance(601)
    assert services.check_duplicate(keyed_order(APPROVE_CREDIT, 15_000)) == []


def test_declines_do_not_count_as_duplicates(services: CounterServices) -> None:
    services.charge_keyed_card(keyed_order(DECLINE_LIMIT, 15_000))
    assert services.check_duplicate(keyed_order(DECLINE_LIMIT, 15_000)) == []


def test_an_older_declined_attempt_cannot_reopen_a_sale_that_was_paid_since(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    declined = services.charge_keyed_card(keyed_order(DECLINE_LOST))
    paid = services.charge_keyed_card(keyed_order(APPROVE_CHECK), retry_of=declined.merchant_uid)
    assert paid.outcome is Outcome.APPROVED
    onetime_posts = len([e for e in sandbox.ledger() if e.path == ONETIME])

    with pytest.raises(ServiceError) as refused:
        services.charge_keyed_card(keyed_order(APPROVE_CREDIT), retry_of=declined.merchant_uid)

    assert refused.value.reason == "not_allowed"
    assert len([e for e in sandbox.ledger() if e.path == ONETIME]) == onetime_posts
