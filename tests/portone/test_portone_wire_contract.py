"""Contract tests for what the client sends: every request body and query, from every public client
method, validated against the parameters the official schema declares for that endpoint (required
fields present, no field the endpoint does not define, types, enums, maxLength).

The requests are captured twice: on the scripted fake transport (every method, every option) and over
real sockets against the embedded sandbox (a working day's flow). Skipped, with the reason, only when
../shared/portone/v1.openapi.json is not beside the repo.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from portone_fakes import BASE_URL, FakePortOne, Reply, SeenRequest
from portone_schema import SCHEMA_PATH, endpoint, request_problems, schema_available
from requests.adapters import HTTPAdapter
from sandbox_support import dashed

from pos_app.portone.client import ChannelConfig, PortOneClient, Timeouts
from pos_app.portone.models import (
    AgainRequest,
    BillingKeyRequest,
    CancelRequest,
    ExternalReceiptRequest,
    OnetimeRequest,
    ReceiptRequest,
    ScheduledCharge,
)
from pos_app.sandbox import cards
from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_PG, SandboxServer

pytestmark = pytest.mark.skipif(
    not schema_available(), reason=f"official PortOne schema not found at {SCHEMA_PATH}"
)

CUSTOMER = "C01-01012345678-20261126"
ORDER = "C01-20261126T143205123-k3f9"
SCHEDULED = ("C01-sched-202612", "C01-sched-202701")
LONG_NAME = "가" * 40  # the schema's maxLength for order names: the limit itself must pass

ONETIME = OnetimeRequest(
    ORDER,
    12000,
    2000,
    LONG_NAME,
    "4518-4200-0000-0007",
    "2028-03",
    "880101",
    "12",
    "김하나" * 5 + "김",
    buyer_tel="010-1234-5678",
    buyer_email="hana@example.com",
    card_quota=0,
    product_type="real",
)
AGAIN = AgainRequest(CUSTOMER, ORDER, 55000, 0, "정기 배송", "김하나", card_quota=3, product_type="digital")
CARD = BillingKeyRequest(
    "4518-4200-0000-0007", "2028-03", "880101", "12", "김하나", "010-1234-5678", "a@b.kr"
)
CHARGES = [
    ScheduledCharge(
        SCHEDULED[0], 1765000000, 55000, 0, "정기 배송 12월", "김하나", buyer_tel="010-1234-5678"
    ),
    ScheduledCharge(SCHEDULED[1], 1767600000, 55000, 5000, "정기 배송 1월", "김하나", product_type="digital"),
]


# method name → (the call, the replies to script for it) — one entry per public client method
CALLS: dict[str, list[tuple[Callable[[PortOneClient], object], list[tuple[str, str, Reply]]]]] = {
    "pay_onetime": [
        (
            lambda c: c.pay_onetime(ONETIME),
            [("POST", "/subscribe/payments/onetime", Reply.fixture("payment_paid"))],
        )
    ],
    "pay_again": [
        (
            lambda c: c.pay_again(AGAIN),
            [("POST", "/subscribe/payments/again", Reply.fixture("payment_paid", merchant_uid=ORDER))],
        )
    ],
    "issue_billing_key": [
        (
            lambda c: c.issue_billing_key(CUSTOMER, CARD),
            [("POST", f"/subscribe/customers/{CUSTOMER}", Reply.fixture("customer"))],
        )
    ],
    "delete_billing_key": [
        (
            lambda c: c.delete_billing_key(CUSTOMER, "고객 요청"),
            [("DELETE", f"/subscribe/customers/{CUSTOMER}", Reply.fixture("customer"))],
        ),
        (
            lambda c: c.delete_billing_key(CUSTOMER),
            [("DELETE", f"/subscribe/customers/{CUSTOMER}", Reply.fixture("customer"))],
        ),
    ],
    "cancel_payment": [
        (
            lambda c: c.cancel_payment(
                CancelRequest(
                    imp_uid="imp_123456789012", amount=5000, tax_free=0, checksum=12000, reason="일부"
                )
            ),
            [("POST", "/payments/cancel", Reply.fixture("payment_cancelled_partial"))],
        ),
        (
            lambda c: c.cancel_payment(CancelRequest(merchant_uid=ORDER)),
            [("POST", "/payments/cancel", Reply.fixture("payment_paid"))],
        ),
    ],
    "issue_receipt": [
        (
            lambda c: c.issue_receipt(
                "imp_998877665544",
                ReceiptRequest(
                    "01012345678",
                    "phone",
                    "person",
                    "real",
                    "김하나",
                    buyer_tel="010-1234-5678",
                    tax_free=3000,
                ),
            ),
            [("POST", "/receipts/imp_998877665544", Reply.fixture("receipt"))],
        )
    ],
    "cancel_receipt": [
        (
            lambda c: c.cancel_receipt("imp_998877665544"),
            [("DELETE", "/receipts/imp_998877665544", Reply.fixture("receipt_cancelled"))],
        )
    ],
    "issue_external_receipt": [
        (
            lambda c: c.issue_external_receipt(
                "C01-cash",
                ExternalReceiptRequest(
                    "현금 판매",
                    55000,
                    "1234567891",
                    "business",
                    "company",
                    "real",
                    "주식회사 하나",
                    buyer_email="a@b.kr",
                ),
            ),
            [
                (
                    "POST",
                    "/receipts/external/C01-cash",
                    Reply.fixture("external_receipt", merchant_uid="C01-cash"),
                )
            ],
        )
    ],
    "cancel_external_receipt": [
        (
            lambda c: c.cancel_external_receipt("C01-cash"),
            [
                (
                    "DELETE",
                    "/receipts/external/C01-cash",
                    Reply.fixture("external_receipt", merchant_uid="C01-cash"),
                )
            ],
        )
    ],
    "get_billing_key": [
        (
            lambda c: c.get_billing_key(CUSTOMER),
            [("GET", f"/subscribe/customers/{CUSTOMER}", Reply.fixture("customer"))],
        )
    ],
    "get_billing_keys": [
        (
            lambda c: c.get_billing_keys([CUSTOMER, "C01-other"]),
            [("GET", "/subscribe/customers", Reply.fixture("customers_partial"))],
        )
    ],
    "get_payment": [
        (
            lambda c: c.get_payment("imp_123456789012"),
            [("GET", "/payments/imp_123456789012", Reply.fixture("payment_paid"))],
        ),
        (
            lambda c: c.get_payment("imp_123456789012", include_sandbox=False),
            [("GET", "/payments/imp_123456789012", Reply.fixture("payment_paid"))],
        ),
    ],
    "find_payment": [
        (
            lambda c: c.find_payment(ORDER),
            [("GET", f"/payments/find/{ORDER}", Reply.fixture("payment_paid"))],
        ),
        (
            lambda c: c.find_payment(ORDER, "paid"),
            [("GET", f"/payments/find/{ORDER}/paid", Reply.fixture("payment_paid"))],
        ),
    ],
    "find_all_payments": [
        (
            lambda c: c.find_all_payments(ORDER, "failed"),
            [("GET", f"/payments/findAll/{ORDER}/failed", Reply.fixture("payment_not_found"))],
        )
    ],
    "get_payments": [
        (
            lambda c: c.get_payments(["imp_1"], [ORDER]),
            [("GET", "/payments", Reply.fixture("payments_multi"))],
        )
    ],
    "list_payments_by_status": [
        (
            lambda c: c.list_payments_by_status("paid", 1764100000, 1764200000),
            [("GET", "/payments/status/paid", Reply.fixture("payments_page2"))],
        )
    ],
    "get_receipt": [
        (
            lambda c: c.get_receipt("imp_998877665544"),
            [("GET", "/receipts/imp_998877665544", Reply.fixture("receipt"))],
        )
    ],
    "get_external_receipt": [
        (
            lambda c: c.get_external_receipt("C01-cash"),
            [
                (
                    "GET",
                    "/receipts/external/C01-cash",
                    Reply.fixture("external_receipt", merchant_uid="C01-cash"),
                )
            ],
        )
    ],
    "list_pg_settings": [
        (lambda c: c.list_pg_settings(), [("GET", "/users/pg", Reply.fixture("pg_settings"))])
    ],
    "schedule_payments": [
        (
            lambda c: c.schedule_payments(CUSTOMER, CHARGES),
            [("POST", "/subscribe/payments/schedule", Reply.fixture("schedules"))],
        )
    ],
    "unschedule": [
        (
            lambda c: c.unschedule(CUSTOMER),
            [("POST", "/subscribe/payments/unschedule", Reply.fixture("schedules"))],
        ),
        (
            lambda c: c.unschedule(merchant_uids=SCHEDULED),
            [("POST", "/subscribe/payments/unschedule", Reply.fixture("schedules"))],
        ),
    ],
    "get_schedule": [
        (
            lambda c: c.get_schedule(SCHEDULED[0]),
            [("GET", f"/subscribe/payments/schedule/{SCHEDULED[0]}", Reply.fixture("schedule"))],
        )
    ],
    "update_schedule": [
        (
            lambda c: c.update_schedule(SCHEDULED[0], 1765100000),
            [("PUT", f"/subscribe/payments/schedule/{SCHEDULED[0]}", Reply.fixture("schedule"))],
        )
    ],
    "reschedule": [
        (
            lambda c: c.reschedule(SCHEDULED[0], 1765100000),
            [("POST", f"/subscribe/payments/schedule/{SCHEDULED[0]}/reschedule", Reply.fixture("schedule"))],
        )
    ],
    "retry_schedule": [
        (
            lambda c: c.retry_schedule(ORDER),
            [("POST", f"/subscribe/payments/schedule/{ORDER}/retry", Reply.fixture("payment_paid"))],
        )
    ],
    "list_schedules": [
        (
            lambda c: c.list_schedules(1764000000, 1766000000, "scheduled", limit=50),
            [("GET", "/subscribe/payments/schedule", Reply.fixture("schedules"))],
        )
    ],
    "list_customer_schedules": [
        (
            lambda c: c.list_customer_schedules(CUSTOMER, 1764000000, 1766000000, "executed"),
            [
                ("GET", f"/subscribe/payments/schedule/customers/{CUSTOMER}", Reply.fixture("schedules")),
                (
                    "GET",
                    f"/subscribe/payments/schedule/customers/{CUSTOMER}",
                    Reply.json({"code": 0, "message": None, "response": []}),
                ),
            ],
        )
    ],
    "token": [(lambda c: c.token(), [])],
    "check_connection": [(lambda c: c.check_connection(), [])],
}
NOT_CALLS = {"portone_now", "portone_clock_offset"}  # no request: PortOne's clock from the last token


def _problems(seen: list[SeenRequest]) -> list[str]:
    found = []
    for request in seen:
        for problem in request_problems(request.method, request.path, request.query, request.body):
            found.append(f"{request.method} {request.path}: {problem}")
    return found


def test_every_public_client_method_is_in_the_contract_test() -> None:
    public = {
        name for name, _ in inspect.getmembers(PortOneClient, inspect.isfunction) if not name.startswith("_")
    }
    assert public - NOT_CALLS == set(CALLS)


@pytest.mark.parametrize("method_name", sorted(CALLS))
def test_what_each_method_sends_fits_the_schema(
    client: PortOneClient, fake: FakePortOne, method_name: str
) -> None:
    for call, replies in CALLS[method_name]:
        for method, path, reply in replies:
            fake.on(method, path, reply)
        call(client)
    assert fake.seen, "nothing was sent"
    assert _problems(fake.seen) == []


def test_the_contract_covers_every_endpoint_the_client_speaks(
    client: PortOneClient, fake: FakePortOne
) -> None:
    for entries in CALLS.values():
        for call, replies in entries:
            for method, path, reply in replies:
                fake.on(method, path, reply)
            call(client)
    spoken = {(r.method, endpoint(r.method, r.path)) for r in fake.seen}
    assert spoken == {
        ("POST", "/users/getToken"),
        ("GET", "/users/pg"),
        ("POST", "/subscribe/payments/onetime"),
        ("POST", "/subscribe/payments/again"),
        ("POST", "/subscribe/customers/{customer_uid}"),
        ("GET", "/subscribe/customers/{customer_uid}"),
        ("DELETE", "/subscribe/customers/{customer_uid}"),
        ("GET", "/subscribe/customers"),
        ("POST", "/payments/cancel"),
        ("GET", "/payments/{imp_uid}"),
        ("GET", "/payments"),
        ("GET", "/payments/find/{merchant_uid}/{payment_status}"),
        ("GET", "/payments/findAll/{merchant_uid}/{payment_status}"),
        ("GET", "/payments/status/{payment_status}"),
        ("POST", "/receipts/{imp_uid}"),
        ("GET", "/receipts/{imp_uid}"),
        ("DELETE", "/receipts/{imp_uid}"),
        ("POST", "/receipts/external/{merchant_uid}"),
        ("GET", "/receipts/external/{merchant_uid}"),
        ("DELETE", "/receipts/external/{merchant_uid}"),
        ("POST", "/subscribe/payments/schedule"),
        ("GET", "/subscribe/payments/schedule"),
        ("POST", "/subscribe/payments/unschedule"),
        ("GET", "/subscribe/payments/schedule/{merchant_uid}"),
        ("PUT", "/subscribe/payments/schedule/{merchant_uid}"),
        ("POST", "/subscribe/payments/schedule/{merchant_uid}/reschedule"),
        ("POST", "/subscribe/payments/schedule/{merchant_uid}/retry"),
        ("GET", "/subscribe/payments/schedule/customers/{customer_uid}"),
    }


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "fragment"),
    [
        # pg is not a field of again (the old client sent it)
        ("POST", "/subscribe/payments/again", {}, {**AGAIN.body(), "pg": "ksnet.1"}, "'pg' is not defined"),
        # channel_key is not a field of onetime
        ("POST", "/subscribe/payments/onetime", {}, {**ONETIME.body(), "channel_key": "k"}, "'channel_key'"),
        # billing-key issue requires channel_key since the 2026 schema
        ("POST", f"/subscribe/customers/{CUSTOMER}", {}, CARD.body(), "required body field 'channel_key'"),
        ("POST", "/receipts/external/m", {}, {"name": "n", "amount": 1, "identifier": "1"}, "'channel_key'"),
        ("POST", "/subscribe/payments/onetime", {}, {**ONETIME.body(), "amount": "12000"}, "not a number"),
        ("POST", "/subscribe/payments/onetime", {}, {**ONETIME.body(), "card_quota": 1.5}, "not an integer"),
        ("POST", "/subscribe/payments/onetime", {}, {**ONETIME.body(), "product_type": "physical"}, "one of"),
        (
            "POST",
            "/subscribe/payments/onetime",
            {},
            {**ONETIME.body(), "buyer_name": "가" * 17},
            "at most 16",
        ),
        ("POST", "/subscribe/payments/onetime", {}, {**ONETIME.body(), "tax_free": None}, "null"),
        ("GET", "/payments/status/paid", {"form": ["1"]}, None, "'form' is not defined"),
        ("GET", "/payments/status/paid", {"limit": ["twenty"]}, None, "not an integer"),
        ("GET", "/payments/imp_1", {"include_sandbox": ["yes"]}, None, "true/false"),
        ("GET", "/subscribe/payments/schedule", {"schedule_from": ["1"]}, None, "'schedule_to' missing"),
        (
            "GET",
            f"/subscribe/payments/schedule/customers/{CUSTOMER}",
            {"from": ["1"], "to": ["2"], "schedule_status": ["executed"]},
            None,
            "'schedule_status' is not defined",
        ),
        (
            "POST",
            "/subscribe/payments/schedule",
            {},
            {"customer_uid": CUSTOMER, "schedules": [{**CHARGES[0].body(), "tax_frees": 0}]},
            "schedules[0]",
        ),
        (
            "POST",
            "/subscribe/payments/schedule",
            {},
            {"customer_uid": CUSTOMER, "schedules": [{"merchant_uid": "m", "amount": 1}]},
            "schedule_at",
        ),
        ("DELETE", f"/subscribe/customers/{CUSTOMER}", {}, {"reason": "r"}, "'reason' is not defined"),
        ("POST", f"/subscribe/customers/{'c' * 81}", {}, {**CARD.body(), "channel_key": "k"}, "at most 80"),
    ],
)
def test_the_request_validator_is_not_vacuous(
    method: str, path: str, query: dict[str, list[str]], body: dict[str, Any] | None, fragment: str
) -> None:
    problems = request_problems(method, path, query, body)
    assert any(fragment in problem for problem in problems), problems


# ------------------------------------------------------------------------- over real sockets


class RecordingAdapter(HTTPAdapter):
    """A plain adapter (no retries) that keeps what went over the wire, as the fake transport does."""

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self.seen: list[SeenRequest] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        import json
        from urllib.parse import parse_qs, urlsplit

        url = urlsplit(request.url or "")
        raw = request.body.decode("utf-8") if isinstance(request.body, bytes) else request.body
        self.seen.append(
            SeenRequest(
                request.method or "",
                url.path,
                parse_qs(url.query),
                json.loads(raw) if raw else None,
                dict(request.headers),
                None,
            )
        )
        return super().send(request, *args, **kwargs)


@pytest.fixture
def recorded(sandbox: object) -> Iterator[tuple[PortOneClient, RecordingAdapter, SandboxServer]]:
    assert isinstance(sandbox, SandboxServer)
    adapter = RecordingAdapter()
    with requests.Session() as session:
        session.mount("http://", adapter)
        client = PortOneClient(
            session,
            sandbox.base_url,
            sandbox.imp_key,
            sandbox.imp_secret,
            channel=ChannelConfig(pg=DEMO_PG, channel_key=DEMO_CHANNEL_KEY),
            timeouts=Timeouts(connect=2.0, money_read=5.0, lookup_read=5.0),
            sleep=lambda _s: None,
        )
        yield client, adapter, sandbox


def test_a_working_day_against_the_sandbox_sends_only_what_the_schema_defines(
    recorded: tuple[PortOneClient, RecordingAdapter, SandboxServer],
) -> None:
    client, adapter, server = recorded
    card = dashed(cards.APPROVE_CREDIT)
    paid = client.pay_onetime(
        OnetimeRequest(
            "C01-day-1",
            33000,
            3000,
            "꽃다발",
            card,
            "2031-07",
            None,
            None,
            "김하나",
            buyer_tel="010-1234-5678",
        )
    )
    client.cancel_payment(
        CancelRequest(imp_uid=paid.imp_uid, amount=3000, tax_free=0, checksum=33000, reason="일부")
    )
    client.issue_billing_key("C01-day-cust", BillingKeyRequest(card, "2031-07", "880101", "12", "김하나"))
    client.pay_again(AgainRequest("C01-day-cust", "C01-day-2", 20000, 0, "정기", "김하나"))
    now = int(server.now())
    client.schedule_payments(
        "C01-day-cust", [ScheduledCharge("C01-day-3", now + 3600, 20000, 0, "다음 달", "김하나")]
    )
    client.update_schedule("C01-day-3", now + 7200)
    client.list_schedules(now, now + 86400)
    client.list_customer_schedules("C01-day-cust", now, now + 86400, "scheduled")
    client.unschedule(merchant_uids=["C01-day-3"])
    client.reschedule("C01-day-3", now + 9000)
    client.get_schedule("C01-day-3")
    transfer = server.make_transfer_payment("C01-day-4", 10000, "이체고객")
    client.issue_receipt(transfer, ReceiptRequest("01012345678", "phone", "person", "real", "이체고객"))
    client.cancel_receipt(transfer)
    client.issue_external_receipt(
        "C01-day-5", ExternalReceiptRequest("현금", 5000, "01012345678", "phone", "person", "real", "김하나")
    )
    client.get_external_receipt("C01-day-5")
    client.cancel_external_receipt("C01-day-5")
    client.find_all_payments("C01-day-1")
    client.get_payments(imp_uids=[paid.imp_uid])
    client.list_payments_by_status("all", now - 60, now + 60)
    client.list_pg_settings()
    client.delete_billing_key("C01-day-cust", "해지")
    assert len(adapter.seen) > 20
    assert _problems(adapter.seen) == []


def test_without_a_configured_channel_key_the_requests_that_need_one_are_not_built(
    session: requests.Session, fake: FakePortOne
) -> None:
    plain = PortOneClient(session, BASE_URL, "k", "s", channel=ChannelConfig(pg="ksnet.2999199999"))
    from pos_app.portone.errors import ConfigurationError, NotSent

    for call in (
        lambda: plain.issue_billing_key(CUSTOMER, CARD),
        lambda: plain.issue_external_receipt(
            "C01-cash",
            ExternalReceiptRequest("현금", 1000, "01012345678", "phone", "person", "real", "김하나"),
        ),
    ):
        with pytest.raises(ConfigurationError) as caught:
            call()
        assert isinstance(caught.value, NotSent)  # nothing left this computer
        assert caught.value.setting == "channel_key"
        assert "채널 키(channel_key)" in str(caught.value)
    assert fake.seen == []  # not even a token was asked for
