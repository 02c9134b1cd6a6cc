"""The settlement engine against the sandbox, with the production polling settings and windows.

Each test is one of the cases where the counter used to lose the truth: a lost reply on any kind of
money operation, a cash receipt retried under a new number, a PC clock step, a refund made elsewhere, a
sale found cancelled, a saved card deleted, a receipt re-issued, a PG timeout refusal. Time is driven by
a fake wall clock and a fake monotonic clock (``FakeClock``): the in-call polling (about a minute) and
the background passes cost no real time, and the PC clock can be stepped alone. Each test ends with the
journal equal to the sandbox's record and the words the cashier is shown.
"""

from __future__ import annotations

from datetime import date

import pytest
from services_support import FakeClock, billing_charge, keyed_order

from pos_app.domain import Buyer, ExternalReceiptOrder, Outcome, validate_card_registration
from pos_app.journal import Journal
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import CancelRequest
from pos_app.sandbox.cards import (
    APPROVE_CREDIT,
    APPROVE_SAMSUNG,
    DECLINE_UNREACHABLE,
    LATE_APPROVAL,
    PG_TIMEOUT_NOT_CHARGED,
)
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceSettings
from pos_app.services.errors import ServiceError
from pos_app.services.results import Announcement
from pos_app.services.settlement import texts

COUNTER = "C01"
WINDOW = ServiceSettings(counter_id=COUNTER).not_charged_after_s  # 180 s: the production window
CONSENT = "고객이 카드 정보 저장과 이후 전화 주문 결제에 동의함"


@pytest.fixture
def production(client: PortOneClient, journal: Journal, clock: FakeClock) -> CounterServices:
    """Services with every setting at its production default (in-call polling ~60 s, window 180 s)."""
    return CounterServices(
        client,
        journal,
        ServiceSettings(counter_id=COUNTER),
        clock=clock,
        sleep=clock.sleep,
        monotonic=clock.monotonic,
    )


def background_until_settled(services: CounterServices, clock: FakeClock, *, up_to_s: float = 900) -> None:
    """Let the background passes run as the window's timer would, a few seconds apart, for a while."""
    waited = 0.0
    while waited < up_to_s and services.open_operations():
        clock.advance(5)
        waited += 5
        services.settle_due()


def announced(services: CounterServices) -> list[Announcement]:
    return services.take_announcements()


def registration() -> tuple[object, Buyer]:
    form = {
        "card_number": APPROVE_SAMSUNG,
        "expiry": "03/31",
        "birth": "900101",
        "pwd_2digit": "12",
        "buyer_name": "김단골",
        "buyer_tel": "010-5555-7777",
        "buyer_email": "",
    }
    return validate_card_registration(form, date.today())


def saved_card(services: CounterServices) -> str:
    card, buyer = registration()
    registered = services.register_card(card, buyer, CONSENT)  # type: ignore[arg-type]
    assert registered.outcome is Outcome.APPROVED
    return registered.customer_uid


def external_order(merchant_uid: str, amount: int = 33_000) -> ExternalReceiptOrder:
    return ExternalReceiptOrder(
        merchant_uid=merchant_uid,
        order_name="현금 판매",
        amount=amount,
        tax_free=0,
        identifier="01022223333",
        identifier_type="phone",
        receipt_type="person",
        product_type="real",
        buyer=Buyer(name="이현금", tel="010-2222-3333"),
    )


# --- 1. every kind of lost reply is settled, during the call, in the background, after a restart ---------
def test_lost_charge_again_is_settled_in_the_background_and_announced(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    customer_uid = saved_card(production)
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/again", method="POST"))

    charged = production.charge_billing_key(billing_charge(customer_uid, 20_000))

    assert charged.outcome is Outcome.UNKNOWN  # ~60 s of in-call lookups found nothing; still in its window
    [open_op] = production.open_operations()
    assert (open_op.kind, open_op.amount, open_op.op_id) == ("sale", 20_000, charged.merchant_uid)
    assert open_op.age_s >= 60
    background_until_settled(production, clock)
    sale = production.sale(charged.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.NOT_CHARGED
    [news] = announced(production)
    assert (news.kind, news.urgent, news.text) == ("not_made", True, texts.SALE_NOT_MADE)
    assert "20000" in str(news) or "20,000" in str(news)
    assert sandbox.posts_for(charged.merchant_uid) == 1  # never re-sent


def test_a_refund_portone_never_processed_is_announced_as_not_made(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sale = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 30_000))
    assert sale.outcome is Outcome.APPROVED
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/payments/cancel", method="POST"))

    refund = production.cancel(sale.merchant_uid, 10_000, "고객 요청")

    assert refund.outcome is Outcome.UNKNOWN
    background_until_settled(production, clock)
    [cancel] = production.cancels_of(sale.merchant_uid)
    assert cancel.outcome is Outcome.NOT_CHARGED
    row = production.sale(sale.merchant_uid)
    assert row is not None
    assert (row.outcome, row.cancel_amount) == (Outcome.APPROVED, 0)  # equals PortOne: nothing refunded
    [news] = announced(production)
    assert (news.kind, news.op_kind, news.text) == ("not_made", "cancel", texts.REFUND_NOT_MADE)


def test_a_refund_that_went_through_is_settled_during_the_call(
    production: CounterServices, sandbox: SandboxServer
) -> None:
    sale = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 30_000))
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/payments/cancel", method="POST"))

    refund = production.cancel(sale.merchant_uid, 10_000, "고객 요청")

    assert refund.outcome is Outcome.PARTIALLY_CANCELLED
    assert refund.cancel is not None
    assert refund.cancel.portone_id is not None
    assert production.open_operations() == []
    assert announced(production) == []  # the call itself showed it


def test_lost_card_registration_and_receipts_are_settled(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/subscribe/customers/", method="POST"))
    card, buyer = registration()
    registered = production.register_card(card, buyer, CONSENT)  # type: ignore[arg-type]
    assert registered.outcome is Outcome.APPROVED

    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/receipts/external/", method="POST"))
    lost = production.issue_external_cash_receipt(external_order(production.mint_external_merchant_uid()))
    assert lost.outcome is Outcome.UNKNOWN
    background_until_settled(production, clock)
    [news] = announced(production)
    assert (news.kind, news.op_kind, news.text) == ("not_made", "receipt_issue", texts.RECEIPT_NOT_MADE)

    transfer = sandbox.make_transfer_payment("transfer-1", 25_000, "박이체")
    assert transfer
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/receipts/", method="POST"))
    issued = production.issue_cash_receipt("transfer-1", "01098765432", "phone", "person")
    assert issued.outcome is Outcome.APPROVED
    assert issued.receipt is not None
    assert issued.receipt.apply_num


def test_open_operations_of_a_crashed_run_are_settled_after_restart_and_then_in_the_background(
    client: PortOneClient, journal: Journal, sandbox: SandboxServer, clock: FakeClock
) -> None:
    first_run = CounterServices(
        client,
        journal,
        ServiceSettings(counter_id=COUNTER, reconcile_poll_delays=()),
        clock=clock,
        sleep=clock.sleep,
        monotonic=clock.monotonic,
    )
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    lost = first_run.charge_keyed_card(keyed_order(APPROVE_CREDIT, 11_000))
    assert lost.outcome is Outcome.UNKNOWN
    # the app is restarted 10 s later (a new process: a new monotonic clock, the same PortOne)
    clock.advance(10)
    restarted_clock = FakeClock(now_s=clock.now_s, mono_s=0.0)
    second_run = CounterServices(
        client,
        journal,
        ServiceSettings(counter_id=COUNTER),
        clock=restarted_clock,
        sleep=restarted_clock.sleep,
        monotonic=restarted_clock.monotonic,
    )
    report = second_run.reconcile()
    assert [(item.key, item.outcome) for item in report.still_unknown] == [
        (lost.merchant_uid, Outcome.UNKNOWN)
    ]
    # still open after the start-up pass: looked at again that day without anyone asking
    background_until_settled(second_run, restarted_clock)
    sale = second_run.sale(lost.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.NOT_CHARGED
    assert [a.kind for a in announced(second_run)] == ["not_made"]


def test_check_now_looks_up_at_once(
    production: CounterServices, sandbox: SandboxServer, client: PortOneClient
) -> None:
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    lost = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 12_000))
    assert lost.outcome is Outcome.UNKNOWN
    still = production.check_operation(lost.merchant_uid)
    assert still is not None
    assert still.doing == texts.DOING_WAITING_FOR_RECORD
    # the first request lands after all (it was on its way): the next look finds it
    from sandbox_support import seed_onetime

    client.pay_onetime(seed_onetime(lost.merchant_uid, 12_000))
    assert production.check_operation(lost.merchant_uid) is None
    sale = production.sale(lost.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    [news] = announced(production)
    assert news.kind == "made"


# --- 2. one cash sale, one receipt -----------------------------------------------------------------------
def test_an_open_external_receipt_blocks_a_new_one_and_is_reissued_under_its_own_number(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    merchant_uid = production.mint_external_merchant_uid()
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/receipts/external/", method="POST"))
    lost = production.issue_external_cash_receipt(external_order(merchant_uid))
    assert lost.outcome is Outcome.UNKNOWN

    with pytest.raises(ServiceError) as refused:
        production.issue_external_cash_receipt(external_order(production.mint_external_merchant_uid()))
    assert refused.value.reason == "in_progress"
    with pytest.raises(ServiceError):
        production.issue_external_cash_receipt(external_order(merchant_uid))

    background_until_settled(production, clock)
    again = production.issue_external_cash_receipt(external_order(merchant_uid))
    assert again.outcome is Outcome.APPROVED
    live = [
        e for e in sandbox.ledger() if e.path == f"/receipts/external/{merchant_uid}" and e.method == "POST"
    ]
    assert len(live) == 2  # the same number both times: PortOne can only ever hold one receipt for it


# --- 3. the PC clock jumps while a charge is unknown -------------------------------------------------------
def test_a_forward_clock_step_does_not_end_the_window(
    production: CounterServices, sandbox: SandboxServer, client: PortOneClient, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    first = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 25_000))
    assert first.outcome is Outcome.UNKNOWN

    clock.step_wall(3600)  # Windows time sync moves the PC clock an hour; real time did not pass
    production.settle_due()
    clock.advance(20)
    production.settle_due()
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.UNKNOWN
    with pytest.raises(ServiceError) as refused:
        production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 25_000))
    assert refused.value.reason == "in_progress"

    from sandbox_support import seed_onetime

    client.pay_onetime(seed_onetime(first.merchant_uid, 25_000))  # the first request lands
    background_until_settled(production, clock)
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    assert len([p for p in client.find_all_payments(first.merchant_uid) if p.status == "paid"]) == 1


def test_a_late_payment_after_not_charged_is_found_before_the_next_attempt(
    production: CounterServices, sandbox: SandboxServer, client: PortOneClient, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    first = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 26_000))
    background_until_settled(production, clock)
    assert (production.sale(first.merchant_uid) or first.sale).outcome is Outcome.NOT_CHARGED  # type: ignore[union-attr]
    announced(production)

    from sandbox_support import seed_onetime

    client.pay_onetime(seed_onetime(first.merchant_uid, 26_000))  # it landed after all, very late
    with pytest.raises(ServiceError) as refused:
        production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 26_000))  # the cashier charges again
    assert refused.value.reason == "not_allowed"
    assert first.merchant_uid in str(refused.value)
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
    [news] = announced(production)
    assert (news.kind, news.text) == ("made_late", texts.SALE_MADE_LATE)
    assert len([e for e in sandbox.ledger() if e.path == "/subscribe/payments/onetime"]) == 2  # ours + landed


# --- 4. a refund made elsewhere ---------------------------------------------------------------------------
def test_a_refund_made_in_the_console_is_followed_and_the_real_balance_shown(
    production: CounterServices, client: PortOneClient
) -> None:
    sale = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 30_000))
    assert sale.sale is not None
    assert sale.sale.imp_uid
    client.cancel_payment(CancelRequest(sale.sale.imp_uid, None, 3_000, 0, 30_000, "콘솔 환불"))

    refused = production.cancel(sale.merchant_uid, 5_000, "고객 요청")

    assert refused.outcome is Outcome.DECLINED
    assert refused.message is not None
    assert "27,000" in refused.message
    assert refused.sale is not None
    assert (refused.sale.cancel_amount, refused.sale.remaining) == (3_000, 27_000)
    console = [c for c in production.cancels_of(sale.merchant_uid) if c.origin == "portone"]
    assert [(c.cancelled_amount, c.reason) for c in console] == [(3_000, "콘솔 환불")]
    assert [a.kind for a in announced(production)] == ["refund_elsewhere"]
    # the next refund, against the real balance, goes through
    done = production.cancel(sale.merchant_uid, 5_000, "고객 요청")
    assert done.outcome is Outcome.PARTIALLY_CANCELLED
    row = production.sale(sale.merchant_uid)
    assert row is not None
    assert (row.cancel_amount, row.remaining) == (8_000, 22_000)


def test_a_lost_refund_is_settled_from_the_cancel_history_next_to_a_console_refund(
    production: CounterServices, sandbox: SandboxServer, client: PortOneClient
) -> None:
    sale = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 30_000))
    assert sale.sale is not None
    assert sale.sale.imp_uid
    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/payments/cancel", method="POST"))
    refund = production.cancel(sale.merchant_uid, 7_000, "고객 요청")
    assert refund.outcome is Outcome.PARTIALLY_CANCELLED
    client.cancel_payment(CancelRequest(sale.sale.imp_uid, None, 4_000, 0, 23_000, "콘솔 환불"))
    row = production.refresh_sale(sale.merchant_uid)
    assert (row.cancel_amount, row.remaining) == (11_000, 19_000)
    rows = sorted((c.origin, c.cancelled_amount) for c in production.cancels_of(sale.merchant_uid))
    assert rows == [("counter", 7_000), ("portone", 4_000)]


# --- 5. a sale found cancelled by a lookup ---------------------------------------------------------------
def test_a_sale_found_cancelled_writes_its_cancel_rows_and_the_z_report_follows(
    production: CounterServices, journal: Journal, client: PortOneClient, clock: FakeClock
) -> None:
    from sandbox_support import seed_onetime, seed_sale_intent

    merchant_uid = "C01-20261201T010203004-crash001"
    journal.record_sale_intent(seed_sale_intent(merchant_uid, 17_000))  # a crash after the request left
    paid = client.pay_onetime(seed_onetime(merchant_uid, 17_000))
    client.cancel_payment(CancelRequest(paid.imp_uid, None, None, 0, 17_000, "콘솔 환불"))

    production.reconcile()

    sale = production.sale(merchant_uid)
    assert sale is not None
    assert (sale.outcome, sale.paid_amount, sale.cancel_amount) == (Outcome.CANCELLED, 17_000, 17_000)
    [cancel] = production.cancels_of(merchant_uid)
    assert (cancel.origin, cancel.cancelled_amount, cancel.outcome) == ("portone", 17_000, Outcome.CANCELLED)
    report = production.close_day(date.fromtimestamp(sale.paid_at or clock()))
    assert (report.paid_sum, report.cancel_sum, report.net) == (17_000, 17_000, 0)


# --- 6. deleting a saved card ------------------------------------------------------------------------------
def test_a_lost_delete_is_written_ahead_and_settled(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock, journal: Journal
) -> None:
    customer_uid = saved_card(production)
    seen: list[str] = []
    sandbox.on_request(
        lambda method, path, _body: (
            seen.append(
                (journal.open_operations() or [None])[0].kind  # type: ignore[union-attr]
            )
            if method == "DELETE"
            else None
        )
    )
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/customers/", method="DELETE"))

    with pytest.raises(ServiceError) as unresolved:
        production.delete_billing_key(customer_uid, "고객 요청")
    assert unresolved.value.reason == "unresolved"
    assert seen == ["billing_key_delete"]  # the intent was committed before the DELETE arrived
    with pytest.raises(ServiceError) as busy:
        production.charge_billing_key(billing_charge(customer_uid, 10_000))
    assert busy.value.reason == "in_progress"

    background_until_settled(production, clock)
    customer = production.customer(customer_uid)
    assert customer is not None
    assert customer.active  # PortOne still has it: not deleted, and the cashier is told
    [news] = announced(production)
    assert (news.kind, news.text) == ("not_made", texts.DELETE_NOT_MADE)

    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/subscribe/customers/", method="DELETE"))
    deleted = production.delete_billing_key(customer_uid, "고객 요청")
    assert deleted.outcome is Outcome.APPROVED
    customer = production.customer(customer_uid)
    assert customer is not None
    assert not customer.active


def test_charging_a_card_deleted_elsewhere_marks_it_gone_not_declined(
    production: CounterServices, client: PortOneClient
) -> None:
    customer_uid = saved_card(production)
    client.delete_billing_key(customer_uid, "콘솔에서 삭제")

    charged = production.charge_billing_key(billing_charge(customer_uid, 10_000))

    assert charged.outcome is Outcome.NOT_CHARGED
    assert charged.key_gone
    assert charged.message is not None
    assert "다시 등록" in charged.message
    customer = production.customer(customer_uid)
    assert customer is not None
    assert not customer.active
    assert customer.gone_at is not None


# --- 7. a receipt cancelled and re-issued, reply lost ------------------------------------------------------
def test_a_reissued_receipt_is_not_settled_from_the_old_cancelled_one(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sandbox.make_transfer_payment("transfer-7", 25_000, "박이체")
    first = production.issue_cash_receipt("transfer-7", "01098765432", "phone", "person")
    assert first.outcome is Outcome.APPROVED
    assert first.receipt is not None
    old_apply = first.receipt.apply_num
    cancelled = production.cancel_cash_receipt(first.receipt_id)
    assert cancelled.outcome is Outcome.CANCELLED

    sandbox.faults.add(Fault(kind="reset_after", path_prefix="/receipts/", method="POST"))
    again = production.issue_cash_receipt("transfer-7", "01098765432", "phone", "person")

    assert again.outcome is Outcome.APPROVED
    assert again.receipt is not None
    assert again.receipt.receipt_id != first.receipt_id
    assert again.receipt.apply_num
    assert again.receipt.apply_num != old_apply
    assert again.receipt.outcome is Outcome.APPROVED


def test_a_lost_reissue_never_takes_the_old_receipts_number(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sandbox.make_transfer_payment("transfer-8", 25_000, "박이체")
    first = production.issue_cash_receipt("transfer-8", "01098765432", "phone", "person")
    assert first.receipt is not None
    production.cancel_cash_receipt(first.receipt_id)
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/receipts/", method="POST"))

    lost = production.issue_cash_receipt("transfer-8", "01098765432", "phone", "person")

    assert lost.outcome is Outcome.UNKNOWN
    background_until_settled(production, clock)
    rows = production.receipts_of("transfer-8")
    assert [(r.receipt_id == first.receipt_id, r.outcome) for r in rows] == [
        (True, Outcome.CANCELLED),
        (False, Outcome.NOT_CHARGED),
    ]


# --- 9. a PG timeout refusal ------------------------------------------------------------------------------
def test_a_pg_timeout_refusal_is_looked_up_before_anything_else(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    first = production.charge_keyed_card(keyed_order(DECLINE_UNREACHABLE, 40_000))

    assert first.outcome is Outcome.UNKNOWN  # not a final decline: the issuer may have approved
    assert first.message is not None
    assert "9981" in first.message
    with pytest.raises(ServiceError) as refused:
        production.charge_keyed_card(keyed_order(DECLINE_UNREACHABLE, 40_000))
    assert refused.value.reason == "in_progress"
    [open_op] = production.open_operations()
    assert open_op.last_answer is None or "9981" in (open_op.last_answer or "")
    background_until_settled(production, clock)
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome in (Outcome.NOT_CHARGED, Outcome.DECLINED)


def test_a_late_approval_after_a_pg_timeout_becomes_the_sale_it_is(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    # the sandbox approves 300 s later; longer than the plain window, inside the PG-timeout window
    first = production.charge_keyed_card(keyed_order(LATE_APPROVAL, 45_000))
    assert first.outcome is Outcome.UNKNOWN
    [op] = production.open_operations()
    assert op.doing == texts.DOING_PG_TIMEOUT
    while production.open_operations():
        clock.advance(10)
        sandbox.advance_clock(10)  # PortOne's clock moves with real time
        production.settle_due()
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert (sale.outcome, sale.paid_amount) == (Outcome.APPROVED, 45_000)
    [news] = announced(production)
    assert (news.kind, news.text) == ("made", texts.SALE_MADE)
    assert sandbox.posts_for(first.merchant_uid) == 1


def test_a_pg_timeout_that_never_charged_is_closed_after_the_longer_window(
    production: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    first = production.charge_keyed_card(keyed_order(PG_TIMEOUT_NOT_CHARGED, 46_000))
    assert first.outcome is Outcome.UNKNOWN
    waited = 0.0
    while production.open_operations():
        clock.advance(10)
        sandbox.advance_clock(10)
        waited += 10
        production.settle_due()
    assert waited >= ServiceSettings(counter_id=COUNTER).pg_timeout_window_s - 70  # ~60 s were in the call
    sale = production.sale(first.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.NOT_CHARGED
    assert [a.kind for a in announced(production)] == ["not_made"]


def test_check_now_beside_a_background_look_that_closes_the_operation_answers_at_once(
    production: CounterServices, sandbox: SandboxServer, client: PortOneClient, clock: FakeClock
) -> None:
    """지금 확인 pressed while the background's look is out: it waits for that look, not for its 40 s."""
    import threading

    from sandbox_support import seed_onetime

    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    lost = production.charge_keyed_card(keyed_order(APPROVE_CREDIT, 14_000))
    assert lost.outcome is Outcome.UNKNOWN
    looking, release = threading.Event(), threading.Event()

    def hold_the_background_look(method: str, path: str, _body: object) -> None:
        if method == "GET" and lost.merchant_uid in path and not looking.is_set():
            looking.set()
            release.wait(10)

    sandbox.on_request(hold_the_background_look)

    def background_passes() -> None:  # the window's timer: a pass every few seconds until one looks
        for _ in range(200):
            clock.advance(5)
            production.settle_due()
            if looking.is_set():
                return

    background = threading.Thread(target=background_passes)
    background.start()
    assert looking.wait(10)
    client.pay_onetime(seed_onetime(lost.merchant_uid, 14_000))  # the request landed after all
    answers: list[object] = []
    check = threading.Thread(target=lambda: answers.append(production.check_operation(lost.merchant_uid)))
    check.start()
    check.join(0.3)
    assert check.is_alive()  # waiting for the background look (it holds the sale)
    release.set()
    background.join(10)
    check.join(10)  # far below the 40 s it used to wait when the look closed the operation under it
    assert not check.is_alive()
    assert answers == [None]  # final: the look it waited for found the payment
    sale = production.sale(lost.merchant_uid)
    assert sale is not None
    assert sale.outcome is Outcome.APPROVED
