"""The scheduled-payment calls on the scripted PortOne: what they send, how lists are paged and windowed
(both page shapes), and which replies are refused as not about what was asked."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from portone_fakes import BASE_URL, CHANNEL_KEY, FakePortOne, Reply, load_fixture

from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import PortOneClient
from pos_app.portone.errors import ApiError, MalformedReply
from pos_app.portone.models import Schedule, ScheduledCharge
from pos_app.portone.outcome import charge_outcome

CUSTOMER = "C01-01012345678-20261126"
DAY = 86400
CHARGES = [
    ScheduledCharge(
        "C01-sched-202612", 1765000000, 55000, 0, "정기 배송 12월", "김하나", buyer_tel="010-1234-5678"
    ),
    ScheduledCharge(
        "C01-sched-202701", 1767600000, 55000, 5000, "정기 배송 1월", "김하나", product_type="digital"
    ),
]


def _schedules(
    *merchant_uids: str, customer_uid: str = CUSTOMER, at: int = 1765000000
) -> list[dict[str, Any]]:
    template = load_fixture("schedule")["body"]["response"]
    return [
        {**template, "merchant_uid": uid, "customer_uid": customer_uid, "schedule_at": at + n}
        for n, uid in enumerate(merchant_uids)
    ]


def _array(*merchant_uids: str, **kw: Any) -> Reply:
    return Reply.json({"code": 0, "message": None, "response": _schedules(*merchant_uids, **kw)})


def test_schedule_sends_each_charge_with_the_ksnet_fields_once(
    client: PortOneClient, fake: FakePortOne
) -> None:
    fake.on("POST", "/subscribe/payments/schedule", Reply.fixture("schedules"))
    made = client.schedule_payments(CUSTOMER, CHARGES)
    assert [s.merchant_uid for s in made] == ["C01-sched-202612", "C01-sched-202701"]
    assert all(isinstance(s, Schedule) and s.is_pending for s in made)
    (sent,) = fake.calls("POST", "/subscribe/payments/schedule")
    assert sent.timeout == (5.0, 65.0)
    assert sent.body == {
        "customer_uid": CUSTOMER,
        "channel_key": CHANNEL_KEY,
        "schedules": [
            {
                "merchant_uid": "C01-sched-202612",
                "schedule_at": 1765000000,
                "currency": "KRW",
                "amount": 55000,
                "tax_free": 0,
                "name": "정기 배송 12월",
                "buyer_name": "김하나",
                "buyer_tel": "010-1234-5678",
                "card_quota": 0,
                "product_type": "real",
            },
            {
                "merchant_uid": "C01-sched-202701",
                "schedule_at": 1767600000,
                "currency": "KRW",
                "amount": 55000,
                "tax_free": 5000,
                "name": "정기 배송 1월",
                "buyer_name": "김하나",
                "card_quota": 0,
                "product_type": "digital",
            },
        ],
    }


def test_without_a_channel_key_schedule_is_sent_without_one(
    session: requests.Session, fake: FakePortOne
) -> None:
    plain = PortOneClient(session, BASE_URL, "k", "s", sleep=lambda _s: None)
    fake.on("POST", "/subscribe/payments/schedule", Reply.fixture("schedules"))
    plain.schedule_payments(CUSTOMER, CHARGES)
    body = fake.calls("POST", "/subscribe/payments/schedule")[0].body
    assert body is not None
    assert "channel_key" not in body
    assert "pg" not in body


@pytest.mark.parametrize(
    "reply",
    [
        _array("C01-sched-202612"),  # one missing
        _array("C01-sched-202612", "C01-sched-202701", "C01-other"),  # one more
        _array("C01-sched-202612", "C01-sched-202701", customer_uid="C01-someone-else"),
        Reply.json({"code": 0, "message": None, "response": {"merchant_uid": "C01-sched-202612"}}),
    ],
)
def test_a_schedule_reply_that_is_not_what_was_asked_is_unreadable(
    client: PortOneClient, fake: FakePortOne, reply: Reply
) -> None:
    fake.on("POST", "/subscribe/payments/schedule", reply)
    with pytest.raises(MalformedReply):
        client.schedule_payments(CUSTOMER, CHARGES)
    assert fake.count("POST", "/subscribe/payments/schedule") == 1


def test_unschedule_forms_and_nothing_to_revoke(client: PortOneClient, fake: FakePortOne) -> None:
    fake.on(
        "POST",
        "/subscribe/payments/unschedule",
        Reply.fixture("schedules"),
        Reply.fixture("unschedule_nothing"),
    )
    revoked = client.unschedule(CUSTOMER, ["C01-sched-202612", "C01-sched-202701"])
    assert len(revoked) == 2
    assert fake.calls("POST", "/subscribe/payments/unschedule")[0].body == {
        "customer_uid": CUSTOMER,
        "merchant_uid": ["C01-sched-202612", "C01-sched-202701"],
    }
    with pytest.raises(ApiError, match="취소할 예약결제"):
        client.unschedule(merchant_uids=["C01-sched-202612"])
    assert fake.calls("POST", "/subscribe/payments/unschedule")[1].body == {
        "merchant_uid": ["C01-sched-202612"]
    }
    with pytest.raises(ValueError, match="customer_uid or merchant_uids"):
        client.unschedule()
    fake.on("POST", "/subscribe/payments/unschedule", _array("C01-not-asked"))
    with pytest.raises(MalformedReply, match="요청하지 않은"):
        client.unschedule(merchant_uids=["C01-sched-202612"])


def test_move_reschedule_and_read_one(client: PortOneClient, fake: FakePortOne) -> None:
    path = "/subscribe/payments/schedule/C01-sched-202612"
    fake.on("PUT", path, Reply.fixture("schedule"))
    fake.on("POST", path + "/reschedule", Reply.fixture("schedule"))
    fake.on("GET", path, Reply.fixture("schedule_not_found"))
    assert client.update_schedule("C01-sched-202612", 1765100000).merchant_uid == "C01-sched-202612"
    assert fake.calls("PUT", path)[0].body == {"schedule_at": 1765100000}
    assert client.reschedule("C01-sched-202612", 1765200000).schedule_status == "scheduled"
    assert fake.calls("POST", path + "/reschedule")[0].body == {"schedule_at": 1765200000}
    from pos_app.portone.errors import NotFound

    with pytest.raises(NotFound):
        client.get_schedule("C01-sched-202612")


def test_get_schedule_is_retried_like_any_lookup(
    client: PortOneClient, fake: FakePortOne, sleeps: list[float]
) -> None:
    path = "/subscribe/payments/schedule/C01-sched-202612"
    fake.on("GET", path, Reply.html(502), Reply.fixture("schedule"))
    assert client.get_schedule("C01-sched-202612").schedule_at == 1765000000
    assert fake.count("GET", path) == 2
    assert sleeps == [0.5]


def test_retry_is_a_charge_read_like_again(client: PortOneClient, fake: FakePortOne) -> None:
    uid = "C01-20261126T143205123-k3f9"
    path = f"/subscribe/payments/schedule/{uid}/retry"
    fake.on("POST", path, Reply.fixture("payment_failed"))
    result = charge_outcome(lambda: client.retry_schedule(uid), 12000)
    assert result.outcome is Outcome.DECLINED
    (sent,) = fake.calls("POST", path)
    assert sent.body is None
    assert sent.timeout == (5.0, 65.0)


def test_list_schedules_reads_bare_array_pages_until_a_short_one(
    client: PortOneClient, fake: FakePortOne
) -> None:
    path = "/subscribe/payments/schedule"
    fake.on("GET", path, _array("C01-a", "C01-b"), _array("C01-c", at=1765000010))
    found = client.list_schedules(1765000000, 1765000000 + DAY, "executed", limit=2)
    assert [s.merchant_uid for s in found] == ["C01-a", "C01-b", "C01-c"]
    first, second = fake.calls("GET", path)
    assert first.query == {
        "schedule_from": ["1765000000"],
        "schedule_to": [str(1765000000 + DAY)],
        "limit": ["2"],
        "schedule_status": ["executed"],
        "page": ["1"],
    }
    assert second.query["page"] == ["2"]
    assert first.timeout == (5.0, 10.0)


def test_list_schedules_follows_a_paged_object_by_next(client: PortOneClient, fake: FakePortOne) -> None:
    def page(next_page: int, *uids: str) -> Reply:
        response = {"total": 3, "previous": 0, "next": next_page, "list": _schedules(*uids)}
        return Reply.json({"code": 0, "message": None, "response": response})

    fake.on("GET", "/subscribe/payments/schedule", page(2, "C01-a", "C01-b"), page(0, "C01-z"))
    # sorted by schedule_at, then merchant_uid
    assert [s.merchant_uid for s in client.list_schedules(0, DAY)] == ["C01-a", "C01-z", "C01-b"]
    fake.on("GET", "/subscribe/payments/schedule", page(1, "C01-a"))
    with pytest.raises(MalformedReply, match="앞으로"):
        client.list_schedules(0, DAY)


def test_long_ranges_are_asked_in_89_day_windows(client: PortOneClient, fake: FakePortOne) -> None:
    empty = Reply.json({"code": 0, "message": None, "response": []})
    fake.on("GET", "/subscribe/payments/schedule", _array("C01-a"), empty, _array("C01-a"))
    found = client.list_schedules(0, 200 * DAY)
    windows = [
        (int(r.query["schedule_from"][0]), int(r.query["schedule_to"][0]))
        for r in fake.calls("GET", "/subscribe/payments/schedule")
    ]
    assert windows == [(0, 89 * DAY), (89 * DAY, 178 * DAY), (178 * DAY, 200 * DAY)]  # `to` is exclusive
    assert [s.merchant_uid for s in found] == ["C01-a"]  # the same schedule seen twice is one


def test_customer_lists_page_until_empty_with_the_hyphenated_status(
    client: PortOneClient, fake: FakePortOne
) -> None:
    path = f"/subscribe/payments/schedule/customers/{CUSTOMER}"
    empty = Reply.json({"code": 0, "message": None, "response": []})
    fake.on("GET", path, _array(*(f"C01-{n:02d}" for n in range(20))), _array("C01-20"), empty)
    found = client.list_customer_schedules(CUSTOMER, 1765000000, 1765000000 + DAY, "revoked")
    assert len(found) == 21
    calls = fake.calls("GET", path)
    assert [c.query["page"] for c in calls] == [["1"], ["2"], ["3"]]
    assert calls[0].query["schedule-status"] == ["revoked"]
    assert "schedule_status" not in calls[0].query
    fake.on("GET", path, _array("C01-x", customer_uid="C01-other"), empty)
    with pytest.raises(MalformedReply, match="customer_uid"):
        client.list_customer_schedules(CUSTOMER, 0, DAY)


@pytest.mark.parametrize(
    "build",
    [
        lambda: ScheduledCharge("m", 0, 1000, 0, "n", "b"),
        lambda: ScheduledCharge("m", 1765000000, 1000, 0, "n", "b", currency="JPY"),
        lambda: ScheduledCharge("m", 1765000000, 1000, 0, "n", ""),
        lambda: ScheduledCharge("m", 1765000000, 1000, 0, "가" * 41, "b"),
        lambda: ScheduledCharge("m", 1765000000, 1000, 2000, "n", "b"),
        lambda: ScheduledCharge("", 1765000000, 1000, 0, "n", "b"),
    ],
)
def test_impossible_scheduled_charges_are_refused_before_the_wire(build: Any) -> None:
    with pytest.raises(ValueError, match=r"schedule_at|currency|buyer_name|name|tax_free|merchant_uid"):
        build()


def test_an_unknown_status_filter_is_a_programmer_error(client: PortOneClient) -> None:
    with pytest.raises(ValueError, match="schedule status"):
        client.list_schedules(0, DAY, "done")  # type: ignore[arg-type]
