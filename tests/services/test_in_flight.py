"""The in-flight guard: a cashier's call and a background reconciliation never work on one row at once."""

from __future__ import annotations

import threading

import pytest
import requests
from services_support import keyed_order, make_client, make_settings

from pos_app.domain import Outcome
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.context import InFlight
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError
from pos_app.services.results import ReconcileReport


def test_claim_if_free_skips_a_held_key_and_claims_a_free_one() -> None:
    guard = InFlight(look_wait_s=0.05)
    with guard.claim("sale:A"):
        with guard.claim_if_free("sale:A") as free:
            assert not free  # held by the cashier's call: skipped, not failed
        with guard.claim_if_free("sale:B") as free:
            assert free
            with guard.claim_if_free("sale:B") as again:
                assert not again  # one look at a time
            with pytest.raises(ServiceError), guard.claim("sale:B"):  # a look that never ends: busy
                pass
    with guard.claim_if_free("sale:A") as free:
        assert free  # released when the cashier's call ended
    with guard.claim("sale:A", "sale:B"):
        pass  # nothing left behind


def test_a_skipped_claim_does_not_release_the_holder() -> None:
    guard = InFlight()
    with guard.claim("sale:A"):
        with guard.claim_if_free("sale:A") as free:
            assert not free
        with pytest.raises(ServiceError), guard.claim("sale:A"):
            pass


def test_a_call_is_refused_at_once_by_another_call_on_the_same_key() -> None:
    guard = InFlight(look_wait_s=30)
    with guard.claim("sale:A"), pytest.raises(ServiceError) as refused, guard.claim("sale:A"):
        pass
    assert refused.value.reason == "in_progress"
    # the refusal did not wait for the look allowance (30 s): the test would have taken that long
    with guard.claim("sale:A"):
        pass


def test_a_call_waits_for_a_background_look_at_the_same_key_instead_of_failing() -> None:
    guard = InFlight(look_wait_s=30)
    looking, release = threading.Event(), threading.Event()
    order: list[str] = []
    lock = threading.Lock()

    def look() -> None:
        with guard.claim_if_free("sale:A") as free:
            assert free
            looking.set()
            release.wait(10)
            with lock:
                order.append("look ended")

    def cashier() -> None:
        try:
            with guard.claim("sale:A"), lock:
                order.append("call claimed")
        except ServiceError as exc:  # the old behaviour: "busy" because the background looked
            with lock:
                order.append(f"refused {exc.reason}")

    looker = threading.Thread(target=look)
    looker.start()
    assert looking.wait(10)
    call = threading.Thread(target=cashier)
    call.start()
    call.join(0.3)
    assert call.is_alive()  # waiting for the look, not refused
    release.set()
    call.join(10)
    looker.join(10)
    assert order == ["look ended", "call claimed"]


def test_closing_the_app_ends_a_long_reconciliation_at_once(
    sandbox: SandboxServer, journal: Journal, http_session: requests.Session
) -> None:
    client = make_client(sandbox, http_session)
    quick = CounterServices(client, journal, make_settings(reconcile_poll_delays=()))
    sandbox.faults.add(Fault(kind="http_502", path_prefix="/subscribe/payments/onetime", method="POST"))
    open_sale = quick.charge_keyed_card(keyed_order(APPROVE_CREDIT))
    assert open_sale.outcome is Outcome.UNKNOWN

    # the real default wait, with start-up's long delays: a minute of polling for an absent payment
    services = CounterServices(client, journal, make_settings(reconcile_poll_delays=(30.0, 30.0)))
    reports: list[ReconcileReport] = []
    worker = threading.Thread(target=lambda: reports.append(services.reconcile()), name="reconcile")
    worker.start()
    services.stop_waiting()
    worker.join(timeout=20)  # far below the 60 s it would otherwise wait

    assert not worker.is_alive()
    assert [item.key for item in reports[0].still_unknown] == [open_sale.merchant_uid]
    assert journal.sale(open_sale.merchant_uid).outcome is Outcome.UNKNOWN  # left for the next start
