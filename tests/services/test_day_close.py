"""Closing the day: the Z report equals what the sandbox holds, and every injected difference is listed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from sandbox_support import seed_onetime, seed_sale_intent
from services_support import COUNTER, FakeClock, keyed_order, make_services

from pos_app.domain import Outcome, mint_merchant_uid
from pos_app.journal import ActivityFilter, DayReport, Journal, PaymentFacts
from pos_app.portone.client import PortOneClient
from pos_app.portone.models import CancelRequest
from pos_app.sandbox.cards import (
    APPROVE_BC,
    APPROVE_CHECK,
    APPROVE_CREDIT,
    APPROVE_HANA,
    APPROVE_SAMSUNG,
    DECLINE_LIMIT,
)
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices, ServiceError

KST = timezone(timedelta(hours=9))


def kst_services(
    sandbox: SandboxServer, journal: Journal, session: requests.Session, clock: FakeClock
) -> CounterServices:
    return make_services(sandbox, journal, session, clock, timezone=KST)


def today_kst(clock: FakeClock) -> date:
    return datetime.fromtimestamp(clock(), KST).date()


def seed_day(services: CounterServices) -> None:
    a = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 12_000))
    services.charge_keyed_card(keyed_order(APPROVE_CHECK, 8_800))
    b = services.charge_keyed_card(keyed_order(APPROVE_SAMSUNG, 55_000, tax_free="5000"))
    services.charge_keyed_card(keyed_order(APPROVE_BC, 23_450))
    services.charge_keyed_card(keyed_order(DECLINE_LIMIT, 99_000))
    c = services.charge_keyed_card(keyed_order(APPROVE_HANA, 7_000))
    assert services.cancel(b.merchant_uid, 10_000, "부분 반품").outcome is Outcome.PARTIALLY_CANCELLED
    assert services.cancel(c.merchant_uid, None, "전액 취소").outcome is Outcome.CANCELLED
    assert services.cancel(a.merchant_uid, 2_000, "일부").outcome is Outcome.PARTIALLY_CANCELLED


def expected_from_sandbox(client: PortOneClient, day: date) -> dict[str, object]:
    start = int(datetime.combine(day, datetime.min.time(), KST).timestamp())
    payments = client.list_payments_by_status("all", start, start + 86_399)
    companies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for payment in payments:
        if payment.status not in ("paid", "cancelled"):
            continue
        name = payment.card_name or "?"
        companies[name][0] += 1
        companies[name][1] += payment.amount
        for entry in payment.cancel_history:
            companies[name][2] += 1
            companies[name][3] += entry.amount
    return {
        "by_company": {name: tuple(v) for name, v in companies.items()},
        "paid_count": sum(v[0] for v in companies.values()),
        "paid_sum": sum(v[1] for v in companies.values()),
        "cancel_count": sum(v[2] for v in companies.values()),
        "cancel_sum": sum(v[3] for v in companies.values()),
    }


def as_expected(report: DayReport) -> dict[str, object]:
    return {
        "by_company": {
            c.card_company: (c.paid_count, c.paid_sum, c.cancel_count, c.cancel_sum)
            for c in report.by_company
        },
        "paid_count": report.paid_count,
        "paid_sum": report.paid_sum,
        "cancel_count": report.cancel_count,
        "cancel_sum": report.cancel_sum,
    }


def test_z_report_equals_the_sandbox_and_the_diff_is_empty(
    sandbox: SandboxServer,
    journal: Journal,
    http_session: requests.Session,
    clock: FakeClock,
    client: PortOneClient,
) -> None:
    services = kst_services(sandbox, journal, http_session, clock)
    seed_day(services)
    day = today_kst(clock)

    report = services.close_day(day)

    assert as_expected(report) == expected_from_sandbox(client, day)
    assert report.net == report.paid_sum - report.cancel_sum
    assert report.paid_count == 5  # the decline is not in it
    # the partial cancel of 10,000 from the 55,000 sale (5,000 tax-free) took its share: round(10,000 × 5/55)
    assert report.tax_free_sum == 5_000 - 909
    assert services.diff_day_with_portone(day) == []


def test_each_injected_difference_is_listed(
    sandbox: SandboxServer,
    journal: Journal,
    http_session: requests.Session,
    clock: FakeClock,
    client: PortOneClient,
) -> None:
    services = kst_services(sandbox, journal, http_session, clock)
    seed_day(services)
    day = today_kst(clock)
    now = datetime.fromtimestamp(clock(), KST)

    # local only: the journal says paid, PortOne never heard of it
    ghost = mint_merchant_uid(COUNTER, now, "ghost")
    journal.record_sale_intent(seed_sale_intent(ghost, 4_000))
    journal.record_sale_result(
        ghost,
        Outcome.APPROVED,
        payment=PaymentFacts("imp_000000000001", "paid", 4_000, paid_at=clock()),
        message=None,
    )
    # remote only: charged at PortOne by someone else (not a counter of this shop), not in the journal
    stranger = "web-order-000123"
    client.pay_onetime(seed_onetime(stranger, 6_000, name="직접 결제", buyer_name="외부"))
    # another counter of the same shop: its merchant_uid says so; listed as its sale, not a difference
    neighbour = mint_merchant_uid("C02", now, "nghbr")
    client.pay_onetime(seed_onetime(neighbour, 7_000, name="2번 계산대", buyer_name="이웃"))
    # a refund made in the console, unknown to the journal: PortOne's record wins, the journal follows it
    # (a cancel row, the sale partly cancelled) and so it is no difference left for the owner to settle
    refunded = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 30_000))
    assert refunded.sale is not None
    client.cancel_payment(CancelRequest(refunded.sale.imp_uid, None, 3_000, 0, 30_000, "콘솔"))
    # status: the journal still has it open, PortOne has it paid
    open_one = mint_merchant_uid(COUNTER, now, "open")
    journal.record_sale_intent(seed_sale_intent(open_one, 9_000))
    client.pay_onetime(seed_onetime(open_one, 9_000))

    differences = services.diff_day_with_portone(day)

    assert sorted((d.kind, d.merchant_uid) for d in differences) == sorted(
        [
            ("local_only", ghost),
            ("remote_only", stranger),
            ("other_counter", neighbour),
            ("status", open_one),
        ]
    )
    followed = journal.sale(refunded.merchant_uid)
    assert followed is not None
    assert followed.cancel_amount == 3_000
    assert followed.outcome is Outcome.PARTIALLY_CANCELLED
    assert [row.amount for row in journal.cancels_of(refunded.merchant_uid)] == [3_000]
    by_kind = {d.kind: d for d in differences}
    assert by_kind["local_only"].remote is None
    assert by_kind["remote_only"].local is None


def test_exports_write_utf8_bom_csv(services: CounterServices, clock: FakeClock, tmp_path: Path) -> None:
    services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 12_000))
    day = date.fromtimestamp(clock())

    rows = services.export_activity(ActivityFilter(date_from=day, date_to=day), tmp_path / "history.csv")
    document = services.day_report_document(day, "행복한 꽃집")
    services.export_day_report(document, tmp_path / "z.csv")

    assert rows == 1
    assert document.report.paid_sum == 12_000
    assert document.card_and_cash_total == 12_000
    assert document.printed_at == datetime.fromtimestamp(clock()).replace(microsecond=0)
    for name in ("history.csv", "z.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_export_name_without_a_known_suffix_is_refused(services: CounterServices, tmp_path: Path) -> None:
    with pytest.raises(ServiceError) as info:
        services.export_activity(ActivityFilter(), tmp_path / "history.txt")
    assert info.value.params == {"name": "history.txt"}
    assert not (tmp_path / "history.txt").exists()
