"""Two things at once on one sale: a second click, and reconciliation running beside an in-flight charge.

The sandbox's ``on_request`` hook runs in its connection thread while the charge's request is held
there — before PortOne processed it — so the second call happens exactly inside the window that
matters, without sleeps or timing luck.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests
from services_support import FakeClock, keyed_order, make_services

from pos_app.domain import Outcome
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError
from pos_app.services.results import ReconcileReport

ONETIME = "/subscribe/payments/onetime"


def test_second_charge_of_the_same_card_and_amount_while_one_is_in_flight_is_refused(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    order = keyed_order(APPROVE_CREDIT, 21_000)
    refused: list[BaseException] = []

    def second_click(method: str, path: str, _body: Mapping[str, Any]) -> None:
        if method == "POST" and path == ONETIME and not refused:
            try:
                services.charge_keyed_card(order)
            except ServiceError as exc:
                refused.append(exc)

    sandbox.on_request(second_click)

    result = services.charge_keyed_card(order)

    assert result.outcome is Outcome.APPROVED
    assert len(refused) == 1
    assert isinstance(refused[0], ServiceError)
    assert refused[0].reason == "in_progress"
    assert len([entry for entry in sandbox.ledger() if entry.path == ONETIME]) == 1


def test_reconcile_beside_an_in_flight_charge_leaves_it_alone(
    sandbox: SandboxServer, journal: Journal, http_session: requests.Session, clock: FakeClock
) -> None:
    # not_charged_after_s=0: without the in-flight guard, the 404 seen before PortOne processed the
    # request would be recorded NOT_CHARGED and the charge that follows would be lost
    services = make_services(sandbox, journal, http_session, clock, not_charged_after_s=0.0)
    reports: list[ReconcileReport] = []

    def reconcile_now(method: str, path: str, _body: Mapping[str, Any]) -> None:
        if method == "POST" and path == ONETIME and not reports:
            reports.append(services.reconcile())

    sandbox.on_request(reconcile_now)

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 22_000))

    assert result.outcome is Outcome.APPROVED
    assert len(reports) == 1
    assert reports[0].resolved == []
    assert [item.key for item in reports[0].still_unknown] == [result.merchant_uid]


def test_check_unknown_looks_once_and_never_resends(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    from pos_app.sandbox.faults import Fault

    sandbox.faults.add(Fault(kind="http_502", path_prefix=ONETIME, method="POST"))
    first = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 23_000))
    assert first.outcome is Outcome.UNKNOWN

    still = services.check_unknown(first.merchant_uid)
    assert still.outcome is Outcome.UNKNOWN
    clock.advance(200)
    resolved = services.check_unknown(first.merchant_uid)

    assert resolved.outcome is Outcome.NOT_CHARGED
    assert sandbox.posts_for(first.merchant_uid) == 1
