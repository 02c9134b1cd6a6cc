"""Signing in: wrong PINs, the lockout and its end on a fake clock, a restart, who writes on which thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import requests
from people_support import CASHIER, CASHIER_2, MANAGER, OWNER, PINS, WRONG_PIN, set_up_shop, sign_in
from services_support import FakeClock, keyed_order, make_services

from pos_app.domain import Outcome
from pos_app.domain.people import LOCKOUT_S, MAX_FAILURES
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_BC, APPROVE_CREDIT
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import AuditFilter, CounterServices
from pos_app.services.permissions import AccessRefused


def wrong_pins(services: CounterServices, name: str, times: int) -> list[AccessRefused]:
    refusals = []
    for _ in range(times):
        with pytest.raises(AccessRefused) as refused:
            services.people.sign_in(name, WRONG_PIN)
        refusals.append(refused.value)
    return refusals


def test_five_wrong_pins_lock_the_person_out_until_the_time_has_passed(
    services: CounterServices, clock: FakeClock
) -> None:
    set_up_shop(services)
    refusals = wrong_pins(services, CASHIER, MAX_FAILURES)
    assert [r.kind for r in refusals] == ["wrong_pin"] * 4 + ["locked"]
    assert [r.params.get("left") for r in refusals[:4]] == [4, 3, 2, 1]
    # locked: even the right PIN is refused, and other people are not affected
    with pytest.raises(AccessRefused) as locked:
        services.people.sign_in(CASHIER, PINS[CASHIER])
    assert locked.value.kind == "locked"
    sign_in(services, CASHIER_2)
    clock.advance(LOCKOUT_S - 1)
    with pytest.raises(AccessRefused):
        services.people.sign_in(CASHIER, PINS[CASHIER])
    clock.advance(2)
    sign_in(services, CASHIER)
    person = services.people.signed_in()
    assert person is not None
    assert person.name == CASHIER
    assert person.failures == 0


def test_moving_the_pc_clock_forward_does_not_end_a_lockout_early(
    services: CounterServices, clock: FakeClock
) -> None:
    set_up_shop(services)
    wrong_pins(services, CASHIER, MAX_FAILURES)
    clock.step_wall(3600)  # the wall clock alone, as a Windows time sync (or a cashier) would move it
    with pytest.raises(AccessRefused) as refused:
        services.people.sign_in(CASHIER, PINS[CASHIER])
    assert refused.value.kind == "locked"


def test_a_lockout_survives_a_restart_and_the_owner_can_end_it(
    sandbox: SandboxServer, journal_path: Path, http_session: requests.Session, clock: FakeClock
) -> None:
    journal = Journal.open(journal_path, counter_id="C01", operator="", clock=clock)
    try:
        services = make_services(sandbox, journal, http_session, clock)
        shop = set_up_shop(services)
        wrong_pins(services, CASHIER, MAX_FAILURES)
    finally:
        journal.close()
    reopened = Journal.open(journal_path, counter_id="C01", operator="", clock=clock)
    try:
        assert reopened.health.ok, reopened.health.problems
        services = make_services(sandbox, reopened, http_session, clock)
        with pytest.raises(AccessRefused) as refused:
            services.people.sign_in(CASHIER, PINS[CASHIER])
        assert refused.value.kind == "locked"
        sign_in(services, OWNER)
        services.people.set_pin(shop.cashier, "60293818")  # a new PIN from the owner unlocks
        services.people.sign_in(CASHIER, "60293818")
        assert reopened.verify().ok, reopened.verify().problems
        sign_in(services, OWNER)
        kinds = [r.kind for r in services.audit(AuditFilter(person=CASHIER))]
        assert kinds.count("pin_failed") == MAX_FAILURES
        assert kinds.count("locked_out") == 1
        assert "pin_set" in kinds
    finally:
        reopened.close()


def test_a_person_changes_their_own_pin_with_the_one_they_have(services: CounterServices) -> None:
    shop = set_up_shop(services)
    sign_in(services, CASHIER)
    with pytest.raises(AccessRefused) as refused:
        services.people.set_pin(shop.cashier, "70481926", current_pin=WRONG_PIN)
    assert refused.value.kind == "wrong_pin"
    services.people.set_pin(shop.cashier, "70481926", "70481926", current_pin=PINS[CASHIER])
    services.people.sign_in(CASHIER, "70481926")
    with pytest.raises(AccessRefused):  # another's PIN is the owner's to set
        services.people.set_pin(shop.cashier_2, "70481927")


def test_each_call_writes_as_the_person_of_its_own_context(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    """Two cashier-lane calls at once on two threads, each in the context of another person."""
    set_up_shop(services)
    sign_in(services, CASHIER)
    results: dict[str, str] = {}
    started = threading.Barrier(2)

    def charge(name: str, card: str) -> None:
        sign_in(services, name)  # in this thread's own context
        started.wait()
        results[name] = services.charge_keyed_card(keyed_order(card, 11_000)).merchant_uid

    threads = [
        threading.Thread(target=charge, args=(CASHIER, APPROVE_CREDIT)),
        threading.Thread(target=charge, args=(CASHIER_2, APPROVE_BC)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, uid in results.items():
        sale = services.sale(uid)
        assert sale is not None
        assert (sale.operator, sale.outcome) == (name, Outcome.APPROVED)
        assert {e.operator for e in services._ctx.journal.events() if e.ref == uid} == {name}


def test_an_open_operation_settled_later_keeps_its_own_operator(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/subscribe/payments/onetime", count=1))
    sandbox.faults.add(Fault(kind="http_500", path_prefix="/payments/find", count=50))
    lost = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 13_000))
    assert lost.outcome is Outcome.UNKNOWN
    sandbox.faults.clear()
    sign_in(services, MANAGER)  # another shift at the counter when the background finds the answer
    clock.advance(60)
    services.settle_due()
    sale = services.sale(lost.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    assert sale.operator == CASHIER
    events = [e for e in services._ctx.journal.events() if e.ref == lost.merchant_uid]
    assert {e.operator for e in events} == {CASHIER}
    assert events[-1].kind == "sale_result"


def test_a_switch_of_person_is_recorded_as_one_signing_out_and_the_other_in(
    services: CounterServices,
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    sign_in(services, CASHIER_2)
    services.people.sign_out("idle")
    sign_in(services, OWNER)
    rows = services.audit(AuditFilter(kinds=frozenset({"sign_in", "sign_out"})))
    in_order = [(r.kind, r.person, r.detail) for r in reversed(rows)][-5:]
    assert in_order == [
        ("sign_in", CASHIER, ""),
        ("sign_out", CASHIER, '{"w":"switch"}'),
        ("sign_in", CASHIER_2, ""),
        ("sign_out", CASHIER_2, '{"w":"idle"}'),
        ("sign_in", OWNER, ""),
    ]


def test_names_and_pins_follow_the_rules(services: CounterServices) -> None:
    from pos_app.domain import FieldError
    from pos_app.domain.people import Role

    set_up_shop(services)
    for name, pin in (("새점원", "1234"), ("새점원", "0000"), ("새점원", "123"), ("새점원", "12345678a")):
        with pytest.raises(FieldError):
            services.people.add_person(name, Role.CASHIER, pin)
    with pytest.raises(FieldError):
        services.people.add_person("60293817", Role.CASHIER, "80264193")  # a PIN typed as a name
    with pytest.raises(ValueError, match="taken"):
        services.people.add_person("김 점원".replace(" ", ""), Role.CASHIER, "80264193")
