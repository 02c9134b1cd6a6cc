"""The settlement engine's parts on their own: the refusal table, the clocks, and what the settler shows."""

from __future__ import annotations

import pytest
from services_support import FakeClock, keyed_order, make_settings

from pos_app.domain import Outcome
from pos_app.journal import Journal
from pos_app.sandbox.cards import APPROVE_CREDIT, DECLINE_LIMIT, DECLINE_LOST
from pos_app.sandbox.faults import Fault
from pos_app.sandbox.server import SandboxServer
from pos_app.services.counter import CounterServices
from pos_app.services.settlement import Verdict, judge, texts, verdict_of
from pos_app.services.settlement.refusals import RULES
from pos_app.services.settlement.timing import Clocks, elapsed_s


# --- the refusal table -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "message", "verdict"),
    [
        ("sale", "결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)", Verdict.LOOK_UP_FIRST),
        ("sale", "카드사 통신장애로 승인 결과를 확인할 수 없습니다", Verdict.LOOK_UP_FIRST),
        ("sale", "PG사 시스템 오류입니다. 잠시 후 다시 시도하세요", Verdict.LOOK_UP_FIRST),
        ("sale", "이미 결제된 주문번호입니다", Verdict.LOOK_UP_FIRST),
        ("sale", "등록되지 않은 구매자입니다.", Verdict.KEY_GONE),
        ("sale", "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과", Verdict.DEFINITE),
        ("sale", "결제승인에 실패하였습니다. [7001]분실/도난 신고된 카드입니다.", Verdict.DEFINITE),
        ("sale", "유효하지않은 카드번호를 입력하셨습니다.", Verdict.DEFINITE),
        ("cancel", "checksum이 일치하지 않습니다", Verdict.BALANCE_CHANGED),
        ("cancel", "이미 전액취소된 주문입니다.", Verdict.BALANCE_CHANGED),
        ("cancel", "취소할 결제건이 존재하지 않습니다.", Verdict.DEFINITE),
        ("cancel", "카드사 응답시간 초과", Verdict.LOOK_UP_FIRST),
        ("receipt_issue", "통신 오류로 발급 결과를 알 수 없습니다", Verdict.LOOK_UP_FIRST),
        ("billing_key_issue", "카드정보 인증 및 빌키 발급에 실패하였습니다.", Verdict.DEFINITE),
        ("billing_key_delete", "등록되지 않은 구매자입니다.", Verdict.DEFINITE),  # KEY_GONE is for charges
        ("sale", None, Verdict.DEFINITE),
    ],
)
def test_refusals_are_judged_by_one_table(kind: str, message: str | None, verdict: Verdict) -> None:
    assert verdict_of(kind, message) is verdict  # type: ignore[arg-type]


def test_every_rule_says_why_it_exists() -> None:
    for rule in RULES:
        assert len(rule.why) > 40
    assert judge("sale", "[9981]") is RULES[2]


# --- the clocks --------------------------------------------------------------------------------------------
def test_elapsed_is_the_largest_trusted_measure_and_ignores_the_pc_clock() -> None:
    mono = [100.0]
    portone: list[float | None] = [None]
    clocks = Clocks(monotonic=lambda: mono[0], portone_now=lambda: portone[0])
    # sent in this run: exact monotonic time since the send
    assert elapsed_s(clocks, seen_mono=90.0, sent_mono=95.0, portone_at=None) == 10.0
    # written by an earlier run: only a lower bound from this run until PortOne's clock is known
    assert elapsed_s(clocks, seen_mono=90.0, sent_mono=None, portone_at=1_000.0) == 10.0
    portone[0] = 1_500.0
    assert elapsed_s(clocks, seen_mono=90.0, sent_mono=None, portone_at=1_000.0) == 500.0
    # never negative, whatever an estimate says
    assert elapsed_s(clocks, seen_mono=200.0, sent_mono=None, portone_at=2_000.0) == 0.0


# --- what the settler shows ---------------------------------------------------------------------------
def test_an_open_operation_is_listed_with_what_the_app_is_doing(
    services: CounterServices, sandbox: SandboxServer, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault(kind="reset_before", path_prefix="/subscribe/payments/onetime", method="POST"))
    lost = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 15_000))
    assert lost.outcome is Outcome.UNKNOWN

    [op] = services.open_operations()
    assert (op.op_id, op.kind, op.state, op.amount) == (lost.merchant_uid, "sale", Outcome.UNKNOWN, 15_000)
    assert "홍길동" in op.label
    assert "*" in op.label  # a masked card, never the digits
    assert op.doing == texts.DOING_WAITING_FOR_RECORD
    seconds = op.doing_params["seconds"]
    assert isinstance(seconds, int)
    assert 0 < seconds <= 180
    assert op.next_check_in_s is not None
    assert op.checks >= 1
    age_before = op.age_s
    clock.advance(30)
    later = services.open_operations()[0]
    assert later.age_s == pytest.approx(age_before + 30)
    assert later.doing_params["seconds"] == seconds - 30  # the window counts down between looks
    # nothing due yet: a pass looks at nothing and the journal does not grow
    events_before = len(services._ctx.journal.events())
    services.settle_due()
    assert len(services._ctx.journal.events()) == events_before


def test_final_answers_never_reach_the_settler(services: CounterServices) -> None:
    assert services.charge_keyed_card(keyed_order(APPROVE_CREDIT)).outcome is Outcome.APPROVED
    assert services.charge_keyed_card(keyed_order(DECLINE_LIMIT)).outcome is Outcome.DECLINED
    assert services.charge_keyed_card(keyed_order(DECLINE_LOST)).outcome is Outcome.DECLINED
    assert services.open_operations() == []
    assert services.take_announcements() == []


def test_settle_due_offline_does_nothing(journal: Journal) -> None:
    offline = CounterServices(None, journal, make_settings())
    assert offline.settle_due() == []
    assert offline.open_operations() == []


# --- what goes out to PortOne ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "reason", ["카드 4532 9178 6014 9255", "4532-9178-6014-9255 환불", "４５３２９１７８６０１４９２５５"]
)
def test_a_card_number_in_a_refund_reason_is_a_field_error_and_nothing_is_sent(
    services: CounterServices, sandbox: SandboxServer, reason: str
) -> None:
    from pos_app.domain import FieldError

    sale = services.charge_keyed_card(keyed_order(APPROVE_CREDIT, 20_000))
    with pytest.raises(FieldError) as refused:
        services.cancel(sale.merchant_uid, 5_000, reason)
    assert refused.value.field == "reason"
    assert not [e for e in sandbox.ledger() if e.path == "/payments/cancel"]
    assert services.cancels_of(sale.merchant_uid) == []
