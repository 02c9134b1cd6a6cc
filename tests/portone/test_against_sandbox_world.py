"""The new client API against the embedded sandbox: PG settings and the test-channel flag, PortOne's clock,
scheduled payments run by the sandbox clock, a late approval after a PG timeout, a console refund, and
the channel-key refusal that sends nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from sandbox_support import dashed, make_client, seed_onetime

from pos_app.domain.outcomes import Outcome
from pos_app.portone.client import ChannelConfig, PortOneClient
from pos_app.portone.errors import ApiError, ConfigurationError, NotFound
from pos_app.portone.models import AgainRequest, BillingKeyRequest, CancelRequest, ScheduledCharge
from pos_app.portone.outcome import charge_outcome
from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer


@pytest.fixture
def server(sandbox: object) -> SandboxServer:
    assert isinstance(sandbox, SandboxServer)
    return sandbox


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


@pytest.fixture
def client(server: SandboxServer, session: requests.Session) -> PortOneClient:
    return make_client(server, session)


def _card(number: str = cards.APPROVE_CREDIT) -> BillingKeyRequest:
    return BillingKeyRequest(dashed(number), "2031-07", "880101", "12", "김하나", "010-1234-5678")


def test_pg_settings_say_test_channel_and_so_do_its_payments(client: PortOneClient) -> None:
    (channel,) = client.list_pg_settings()
    assert (channel.pg_provider, channel.pg_id, channel.is_key_in, channel.sandbox) == (
        "ksnet",
        "2999199999",
        True,
        True,
    )
    assert client.pay_onetime(seed_onetime("W-pg-1", 12000)).sandbox is True


def test_a_live_channel_is_live_through_the_client(session: requests.Session) -> None:
    with SandboxServer(live_channel=True) as live:
        client = make_client(live, session)
        assert [setting.sandbox for setting in client.list_pg_settings()] == [False]
        paid = client.pay_onetime(seed_onetime("W-live-1", 12000))
        assert paid.sandbox is False
        assert client.get_payment(paid.imp_uid, include_sandbox=False).imp_uid == paid.imp_uid
        assert client.issue_billing_key("W-live-c", _card()).sandbox is False


def test_portone_now_follows_the_sandbox_clock_after_each_token(
    client: PortOneClient, server: SandboxServer
) -> None:
    assert client.portone_now() is None
    client.check_connection()
    now = client.portone_now()
    assert now is not None
    assert abs(now - server.now()) < 2
    server.advance_clock(3 * 3600)  # PortOne's clock jumps; the next token re-anchors ours
    client.check_connection()
    later = client.portone_now()
    assert later is not None
    assert abs(later - server.now()) < 2


def test_a_schedule_runs_when_the_sandbox_clock_passes_it(
    client: PortOneClient, server: SandboxServer
) -> None:
    client.issue_billing_key("W-sched-c", _card())
    now = int(server.now())
    (made,) = client.schedule_payments(
        "W-sched-c", [ScheduledCharge("W-sched-1", now + 3600, 30000, 3000, "정기 배송", "김하나")]
    )
    assert (made.schedule_status, made.imp_uid) == ("scheduled", None)
    assert [s.merchant_uid for s in client.list_customer_schedules("W-sched-c", now, now + 86400)] == [
        "W-sched-1"
    ]
    server.advance_clock(3600)  # also past the token's life: the client refreshes it on the 401
    ran = client.get_schedule("W-sched-1")
    assert (ran.schedule_status, ran.payment_status, ran.executed_at) == ("executed", "paid", now + 3600)
    payment = client.find_payment("W-sched-1")
    assert (payment.imp_uid, payment.customer_uid_usage, payment.paid_at) == (
        ran.imp_uid,
        "payment.scheduled",
        now + 3600,
    )
    assert [s.merchant_uid for s in client.list_schedules(now, now + 7200, "executed")] == ["W-sched-1"]


def test_a_declined_schedule_is_retried_rescheduled_or_revoked(
    client: PortOneClient, server: SandboxServer
) -> None:
    client.issue_billing_key("W-limit-c", _card(cards.DECLINE_LIMIT))
    now = int(server.now())
    client.schedule_payments(
        "W-limit-c",
        [
            ScheduledCharge("W-limit-1", now + 60, 30000, 0, "정기", "김하나"),
            ScheduledCharge("W-limit-2", now + 600, 30000, 0, "정기", "김하나"),
        ],
    )
    server.advance_clock(60)
    failed = client.get_schedule("W-limit-1")
    assert (failed.payment_status, failed.fail_reason) == (
        "failed",
        "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
    )
    result = charge_outcome(lambda: client.retry_schedule("W-limit-1"), 30000)
    assert result.outcome is Outcome.DECLINED
    assert client.reschedule("W-limit-1", now + 900).schedule_status == "scheduled"
    moved = client.update_schedule("W-limit-2", now + 1200)
    assert moved.schedule_at == now + 1200
    revoked = client.unschedule("W-limit-c")
    assert {s.merchant_uid for s in revoked} == {"W-limit-1", "W-limit-2"}
    with pytest.raises(ApiError):
        client.unschedule("W-limit-c")  # nothing left to revoke


def test_a_pg_timeout_refusal_can_turn_out_paid(client: PortOneClient, server: SandboxServer) -> None:
    result = charge_outcome(
        lambda: client.pay_onetime(seed_onetime("W-late-1", 12000, cards.LATE_APPROVAL)), 12000
    )
    assert (result.outcome, result.pg_timeout, result.code) == (Outcome.DECLINED, True, -1)
    with pytest.raises(NotFound):
        client.find_payment("W-late-1")
    assert client.find_all_payments("W-late-1") == []
    server.advance_clock(server.late_approvals.delay_s or 0)
    late = client.find_payment("W-late-1")
    assert (late.status, late.amount) == ("paid", 12000)
    ordinary = charge_outcome(
        lambda: client.pay_onetime(seed_onetime("W-late-2", 12000, cards.DECLINE_LIMIT)), 12000
    )
    assert (ordinary.outcome, ordinary.pg_timeout) == (Outcome.DECLINED, False)


def test_a_console_refund_shows_in_the_payment_and_guards_the_next_cancel(
    client: PortOneClient, server: SandboxServer
) -> None:
    client.issue_billing_key("W-console-c", _card())
    paid = client.pay_again(AgainRequest("W-console-c", "W-console-1", 50000, 0, "정기", "김하나"))
    server.console_cancel(paid.imp_uid, 20000, reason="콘솔에서 환불")
    seen = client.get_payment(paid.imp_uid)
    assert (seen.cancel_amount, seen.remaining, seen.status) == (20000, 30000, "cancelled")
    (entry,) = seen.cancel_history
    assert (entry.amount, entry.reason) == (20000, "콘솔에서 환불")
    assert entry.pg_tid is not None
    assert entry.cancellation_id is not None
    assert entry.cancelled_at is not None
    with pytest.raises(ApiError, match="checksum"):
        client.cancel_payment(CancelRequest(imp_uid=paid.imp_uid, amount=10000, checksum=50000))


def test_without_a_channel_key_nothing_is_sent_for_a_card_registration(
    server: SandboxServer, session: requests.Session
) -> None:
    client = PortOneClient(
        session, server.base_url, server.imp_key, server.imp_secret, channel=ChannelConfig(pg=server.pg)
    )
    before = len(server.ledger())
    with pytest.raises(ConfigurationError):
        client.issue_billing_key("W-nokey", _card())
    assert len(server.ledger()) == before
