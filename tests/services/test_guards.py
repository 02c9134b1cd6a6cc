"""Refusals before any request: offline, a journal that cannot write; and a journal failing mid-call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import requests
from services_support import FakeClock, keyed_order, make_services, make_settings

from pos_app.domain import Outcome
from pos_app.journal import Journal, JournalHealth
from pos_app.portone.client import PortOneClient
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.errors import ServiceError


def test_offline_money_calls_raise_and_nothing_is_queued(journal: Journal, clock: FakeClock) -> None:
    services = CounterServices(
        None, journal, make_settings(), clock=clock, sleep=clock.sleep, monotonic=clock.monotonic
    )

    assert not services.is_online
    with pytest.raises(ServiceError) as refused:
        services.charge_keyed_card(keyed_order(APPROVE_CREDIT))
    assert refused.value.reason == "offline"
    with pytest.raises(ServiceError):
        services.reconcile()
    assert journal.open_sales() == []
    assert journal.events() == []
    # reading still works offline
    assert services.close_day(date.fromtimestamp(clock())).paid_count == 0


def test_unhealthy_journal_refuses_with_its_own_problem_text(
    tmp_path: Path, sandbox: SandboxServer, http_session: requests.Session, clock: FakeClock
) -> None:
    broken_path = tmp_path / "broken.sqlite3"
    broken_path.write_bytes(b"this is not a database file at all" * 200)
    broken = Journal.open(broken_path, counter_id="C01", operator="tester")
    try:
        assert not broken.health.ok
        services = make_services(sandbox, broken, http_session, clock)

        with pytest.raises(ServiceError) as refused:
            services.charge_keyed_card(keyed_order(APPROVE_CREDIT))

        assert refused.value.reason == "journal"
        assert broken.health.problems[0] in str(refused.value)
        assert [e for e in sandbox.ledger() if e.method == "POST" and e.path != "/users/getToken"] == []
    finally:
        broken.close()


def test_journal_failing_during_the_request_still_tells_the_cashier_the_outcome(
    services: CounterServices,
    sandbox: SandboxServer,
    client: PortOneClient,
    journal: Journal,
    journal_path: Path,
    clock: FakeClock,
) -> None:
    def disk_goes_read_only(method: str, path: str, _body: object) -> None:
        if method == "POST" and path == "/subscribe/payments/onetime":
            journal.health = JournalHealth(ok=False, problems=("디스크에 쓸 수 없습니다 (테스트).",))

    sandbox.on_request(disk_goes_read_only)

    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT))

    assert result.outcome is Outcome.APPROVED  # the money moved: the cashier must know
    assert result.journal_error is not None
    assert result.sale is not None
    assert result.sale.outcome is Outcome.PENDING  # completed by reconciliation after restart
    journal.close()

    reopened = Journal.open(journal_path, counter_id="C01", operator="tester")
    try:
        assert reopened.health.ok
        after_restart = CounterServices(
            services._ctx.client,
            reopened,
            make_settings(),
            clock=clock,
            sleep=clock.sleep,
            monotonic=clock.monotonic,
        )
        report = after_restart.reconcile()
        assert [(i.key, i.outcome) for i in report.resolved] == [(result.merchant_uid, Outcome.APPROVED)]
    finally:
        reopened.close()
