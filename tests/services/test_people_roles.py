"""Roles at the services layer: who may charge, refund, delete a card, close the day and run the shop.

Every refusal here comes from the services themselves (``CounterServices`` → ``permissions.decide``),
not from a hidden button: the calls are made directly, as a broken or tampered window could make them.
"""

from __future__ import annotations

import pytest
from people_support import CASHIER, MANAGER, OWNER, PINS, WRONG_PIN, set_up_shop, sign_in
from services_support import FakeClock, keyed_order

from pos_app.domain import Outcome
from pos_app.domain.people import Action, Role
from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.sandbox.server import SandboxServer
from pos_app.services.audit import audit_line
from pos_app.services.counter import AuditFilter, CounterServices
from pos_app.services.permissions import AccessRefused

CANCEL = "/payments/cancel"


def cancel_posts(sandbox: SandboxServer) -> int:
    return sum(1 for entry in sandbox.ledger() if entry.path == CANCEL)


def paid(services: CounterServices, amount: int = 30_000) -> str:
    result = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, amount))
    assert result.outcome is Outcome.APPROVED
    return result.merchant_uid


def test_without_people_every_call_runs_as_the_counters_operator(services: CounterServices) -> None:
    assert not services.people.managed
    uid = paid(services)
    assert services.cancel(uid, None, "반품").outcome is Outcome.CANCELLED
    sale = services.sale(uid)
    assert sale is not None
    assert sale.operator == "tester"


def test_the_first_person_is_the_owner_and_is_signed_in(services: CounterServices) -> None:
    with pytest.raises(AccessRefused) as refused:
        services.people.add_person(CASHIER, Role.CASHIER, PINS[CASHIER])
    assert refused.value.kind == "first_is_owner"
    owner = services.people.add_person(OWNER, Role.OWNER, PINS[OWNER], PINS[OWNER])
    assert services.people.managed
    signed = services.people.signed_in()
    assert signed is not None
    assert (signed.id, signed.role) == (owner.id, Role.OWNER)


def test_a_cashiers_refund_without_approval_is_refused_before_anything_is_written_or_sent(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    uid = paid(services)
    with pytest.raises(AccessRefused) as refused:
        services.cancel(uid, None, "반품")
    assert refused.value.kind == "approval_needed"
    assert cancel_posts(sandbox) == 0
    assert services.cancels_of(uid) == []


def test_an_approval_with_a_wrong_pin_is_refused_and_counted(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    shop = set_up_shop(services)
    sign_in(services, CASHIER)
    uid = paid(services)
    with pytest.raises(AccessRefused) as refused:
        services.people.approve(Action.REFUND, MANAGER, WRONG_PIN, uid)
    assert refused.value.kind == "wrong_pin"
    assert refused.value.params["left"] == 4
    manager = next(p for p in services.people.people() if p.id == shop.manager)
    assert manager.failures == 1
    with pytest.raises(AccessRefused):
        services.cancel(uid, None, "반품")
    assert cancel_posts(sandbox) == 0
    sign_in(services, OWNER)
    failed = [r for r in services.audit(AuditFilter(kinds=frozenset({"pin_failed"})))]
    assert [(r.person, r.operator) for r in failed] == [(MANAGER, CASHIER)]


def test_a_refund_approved_on_the_spot_names_the_cashier_and_the_approver(
    services: CounterServices, sandbox: SandboxServer
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    uid = paid(services, 40_000)
    approval = services.people.approve(Action.REFUND, MANAGER, PINS[MANAGER], uid)
    result = services.cancel(uid, 10_000, "일부 반품", approval=approval)
    assert result.outcome is Outcome.PARTIALLY_CANCELLED
    [cancel] = services.cancels_of(uid)
    assert (cancel.operator, cancel.approver) == (CASHIER, MANAGER)
    # the approval was for one refund: the next one needs its own
    with pytest.raises(AccessRefused) as again:
        services.cancel(uid, 10_000, "또 반품", approval=approval)
    assert again.value.kind == "approval_invalid"
    assert cancel_posts(sandbox) == 1

    sign_in(services, OWNER)
    rows = services.audit(AuditFilter())
    refund = next(r for r in rows if r.kind == "refund")
    assert (refund.operator, refund.approver, refund.amount, refund.ref) == (CASHIER, MANAGER, 10_000, uid)
    charge = next(r for r in rows if r.kind == "charge")
    assert (charge.operator, charge.approver) == (CASHIER, "")
    approved = next(r for r in rows if r.kind == "approved")
    assert (approved.person, approved.operator) == (MANAGER, CASHIER)
    assert audit_line(refund)[2:4] == [CASHIER, MANAGER]


def test_an_approval_is_for_one_action_on_one_sale_and_for_two_minutes(
    services: CounterServices, clock: FakeClock
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    first, second = paid(services), paid(services, 20_000)
    for_first = services.people.approve(Action.REFUND, MANAGER, PINS[MANAGER], first)
    with pytest.raises(AccessRefused):
        services.cancel(second, None, "반품", approval=for_first)
    wrong_action = services.people.approve(Action.DELETE_CARD, MANAGER, PINS[MANAGER], second)
    with pytest.raises(AccessRefused):
        services.cancel(second, None, "반품", approval=wrong_action)
    late = services.people.approve(Action.REFUND, MANAGER, PINS[MANAGER], second)
    clock.advance(121)
    with pytest.raises(AccessRefused) as expired:
        services.cancel(second, None, "반품", approval=late)
    assert expired.value.kind == "approval_invalid"


def test_a_cashier_cannot_approve_and_a_manager_may_refund_alone(services: CounterServices) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    uid = paid(services)
    with pytest.raises(AccessRefused) as refused:
        services.people.approve(Action.REFUND, "최점원", PINS["최점원"], uid)
    assert refused.value.kind == "role_too_low"
    sign_in(services, MANAGER)
    assert services.cancel(uid, None, "반품").outcome is Outcome.CANCELLED
    [cancel] = services.cancels_of(uid)
    assert (cancel.operator, cancel.approver) == (MANAGER, "")


def test_the_owner_can_tighten_the_table_but_not_loosen_it_below_the_default(
    services: CounterServices,
) -> None:
    set_up_shop(services)
    with pytest.raises(ValueError, match="cannot need less"):
        services.people.set_rules({Action.REFUND: Role.CASHIER})
    services.people.set_rules({Action.REFUND: Role.OWNER}, idle_minutes=3)
    assert services.people.rules.required(Action.REFUND) is Role.OWNER
    assert services.people.idle_minutes == 3
    sign_in(services, MANAGER)
    uid = paid(services)
    with pytest.raises(AccessRefused) as refused:
        services.cancel(uid, None, "반품")
    assert refused.value.kind == "approval_needed"
    with pytest.raises(AccessRefused):
        services.people.approve(Action.REFUND, MANAGER, PINS[MANAGER], uid)  # a manager is not enough now
    approval = services.people.approve(Action.REFUND, OWNER, PINS[OWNER], uid)
    assert services.cancel(uid, None, "반품", approval=approval).outcome is Outcome.CANCELLED
    # the table survives a restart: it is in the journal
    services.people.reload()
    assert services.people.rules.required(Action.REFUND) is Role.OWNER


def test_the_owners_work_needs_the_owner_signed_in(services: CounterServices) -> None:
    set_up_shop(services)
    sign_in(services, MANAGER)
    for attempt in (
        lambda: services.people.add_person("새점원", Role.CASHIER, "80264193"),
        lambda: services.people.set_rules({Action.CLOSE_DAY: Role.OWNER}),
        lambda: services.audit(AuditFilter()),
        lambda: services.people.record_settings_change({"shop_name": "꽃집"}),
    ):
        with pytest.raises(AccessRefused) as refused:
            attempt()
        assert refused.value.kind == "owner_only"


def test_there_is_always_an_active_owner(services: CounterServices) -> None:
    shop = set_up_shop(services)
    with pytest.raises(AccessRefused) as refused:
        services.people.change_person(shop.owner, role=Role.MANAGER)
    assert refused.value.kind == "last_owner"
    with pytest.raises(AccessRefused):
        services.people.change_person(shop.owner, active=False)
    services.people.change_person(shop.manager, role=Role.OWNER)
    services.people.change_person(shop.owner, role=Role.MANAGER)  # now there is another owner


def test_a_deactivated_person_is_signed_out_of_every_call(services: CounterServices) -> None:
    shop = set_up_shop(services)
    sign_in(services, CASHIER)
    paid(services)
    sign_in(services, OWNER)
    services.people.change_person(shop.cashier, active=False)
    with pytest.raises(AccessRefused) as refused:
        services.people.sign_in(CASHIER, PINS[CASHIER])
    assert refused.value.kind == "unknown_person"


def test_nobody_signed_in_may_not_charge_once_people_exist(services: CounterServices) -> None:
    set_up_shop(services)
    services.people.sign_out()
    with pytest.raises(AccessRefused) as refused:
        services.charge_keyed_card(keyed_order(APPROVE_CREDIT))
    assert refused.value.kind == "signed_out"


def test_the_day_close_is_a_managers_and_is_split_by_cashier(services: CounterServices) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    first = paid(services, 30_000)
    with pytest.raises(AccessRefused):
        services.day_report_document(services_today(services))
    sign_in(services, "최점원")
    paid(services, 12_000)
    sign_in(services, MANAGER)
    services.cancel(first, 5_000, "일부 반품")
    document = services.day_report_document(services_today(services), "꽃집")
    split = {row.operator: row for row in document.by_cashier}
    assert (split[CASHIER].paid_sum, split["최점원"].paid_sum, split[MANAGER].cancel_sum) == (
        30_000,
        12_000,
        5_000,
    )
    report = document.report
    assert sum(r.paid_sum for r in document.by_cashier) == report.paid_sum
    assert sum(r.cancel_sum for r in document.by_cashier) == report.cancel_sum
    sign_in(services, OWNER)
    [made] = services.audit(AuditFilter(kinds=frozenset({"day_report"})))
    assert made.operator == MANAGER


def test_a_cashier_closes_the_day_with_a_managers_approval_for_the_dialogs_time(
    services: CounterServices, clock: FakeClock
) -> None:
    set_up_shop(services)
    sign_in(services, CASHIER)
    approval = services.people.approve(Action.CLOSE_DAY, MANAGER, PINS[MANAGER])
    today = services_today(services)
    services.day_report_document(today, approval=approval)
    services.day_report_document(today, approval=approval)  # another day in the same dialog
    clock.advance(901)
    with pytest.raises(AccessRefused):
        services.day_report_document(today, approval=approval)


def services_today(services: CounterServices):  # type: ignore[no-untyped-def]
    return services._ctx.now().date()
