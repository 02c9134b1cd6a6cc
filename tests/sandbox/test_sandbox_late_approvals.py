"""Late approvals after a PG timeout: the refusal the caller hears, what every lookup shows in between,
and the truth landing when the sandbox clock passes the delay or when told through the admin API."""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_helpers import SandboxApi, again_body, onetime_body

from pos_app.sandbox import cards
from pos_app.sandbox.context import DEFAULT_LATE_APPROVAL_DELAY_S
from pos_app.sandbox.server import SandboxServer

ONETIME = "/subscribe/payments/onetime"
REFUSAL = {
    "code": -1,
    "message": "결제승인에 실패하였습니다. [9981]카드사 응답시간 초과(통신장애)",
    "response": None,
}


def _charge(api: SandboxApi, merchant_uid: str, card: str) -> dict[str, Any]:
    reply = api.post(ONETIME, onetime_body(merchant_uid, card=card))
    assert reply.status_code == 200
    body: dict[str, Any] = reply.json()
    return body


def _listed(api: SandboxApi, status: str = "all") -> set[str]:
    listing = api.get(f"/payments/status/{status}").json()["response"]["list"]
    return {payment["merchant_uid"] for payment in listing}


def test_the_late_card_is_refused_then_absent_then_paid_when_the_clock_passes_the_delay(
    api: SandboxApi, server: SandboxServer
) -> None:
    before = int(server.now())
    assert _charge(api, "L-1", cards.LATE_APPROVAL) == REFUSAL
    (pending,) = server.pending_late_approvals()
    assert pending["merchant_uid"] == "L-1"
    # the sandbox clock follows real time, which a loaded machine may move by a second meanwhile
    started = int(pending["due_at"]) - int(DEFAULT_LATE_APPROVAL_DELAY_S)
    assert before <= started <= int(server.now())
    assert (pending["outcome"], pending["visible"]) == ("paid", False)
    # in between, every lookup says "no such payment"
    server.advance_clock(max(0.0, pending["due_at"] - 5 - server.now()))
    assert api.get("/payments/find/L-1").status_code == 404
    assert api.get("/payments/findAll/L-1").status_code == 404
    assert api.get(f"/payments/{pending['imp_uid']}", params={"include_sandbox": "true"}).status_code == 404
    assert api.get("/payments", params={"merchant_uid[]": ["L-1"]}).status_code == 404
    assert "L-1" not in _listed(api)
    assert api.post("/payments/cancel", {"merchant_uid": "L-1"}).json()["code"] == 1  # nothing to cancel
    server.advance_clock(max(0.0, pending["due_at"] - server.now()))
    payment = api.get("/payments/find/L-1").json()["response"]
    assert payment["imp_uid"] == pending["imp_uid"]
    assert (payment["status"], payment["started_at"], payment["paid_at"]) == (
        "paid",
        started,
        started + int(DEFAULT_LATE_APPROVAL_DELAY_S),
    )
    assert payment["apply_num"]
    assert payment["receipt_url"].endswith(f"/__sandbox__/slips/{payment['imp_uid']}")
    assert (payment["card_name"], payment["amount"]) == ("신한카드", 12_000)
    assert "L-1" in _listed(api, "paid")
    assert server.pending_late_approvals() == []


def test_the_ready_variant_shows_a_ready_payment_until_the_approval_lands(
    api: SandboxApi, server: SandboxServer
) -> None:
    api.admin("late-approvals", {"visible_before": "ready", "delay_s": 60})
    assert _charge(api, "L-2", cards.LATE_APPROVAL) == REFUSAL
    ready = api.get("/payments/find/L-2").json()["response"]
    assert (ready["status"], ready["paid_at"], ready["apply_num"]) == ("ready", 0, "")
    assert "L-2" in _listed(api, "ready")
    assert api.post("/payments/cancel", {"merchant_uid": "L-2"}).json()["code"] == 1
    server.advance_clock(60)
    paid = api.get("/payments/find/L-2").json()["response"]
    assert (paid["imp_uid"], paid["status"], paid["paid_at"]) == (
        ready["imp_uid"],
        "paid",
        ready["started_at"] + 60,
    )
    assert len(api.get("/payments/findAll/L-2").json()["response"]["list"]) == 1


def test_the_plain_timeout_card_stays_not_charged(api: SandboxApi, server: SandboxServer) -> None:
    assert _charge(api, "T-1", cards.PG_TIMEOUT_NOT_CHARGED) == REFUSAL
    assert server.pending_late_approvals()[0]["outcome"] == "not_charged"
    server.advance_clock(DEFAULT_LATE_APPROVAL_DELAY_S * 3)
    api.forget_token()
    assert api.get("/payments/find/T-1").status_code == 404  # never recorded
    assert server.pending_late_approvals() == []
    api.admin("late-approvals", {"visible_before": "ready", "delay_s": 30})
    assert _charge(api, "T-2", cards.PG_TIMEOUT_NOT_CHARGED) == REFUSAL
    assert api.get("/payments/find/T-2").json()["response"]["status"] == "ready"
    server.advance_clock(30)
    failed = api.get("/payments/find/T-2").json()["response"]
    assert (failed["status"], failed["fail_reason"]) == ("failed", REFUSAL["message"])
    assert failed["failed_at"] == failed["started_at"] + 30


def test_without_a_delay_only_the_admin_api_lands_the_truth(api: SandboxApi, server: SandboxServer) -> None:
    settings = api.admin("late-approvals", {"delay_s": None})
    assert (settings["delay_s"], settings["visible_before"]) == (None, "absent")
    _charge(api, "L-3", cards.LATE_APPROVAL)
    _charge(api, "L-4", cards.LATE_APPROVAL)
    _charge(api, "T-3", cards.PG_TIMEOUT_NOT_CHARGED)
    server.advance_clock(24 * 3600)
    api.forget_token()
    assert {p["merchant_uid"] for p in api.admin("late-approvals")["pending"]} == {"L-3", "L-4", "T-3"}
    landed = api.admin("late-approvals/resolve", {"merchant_uid": "L-3"})
    assert len(landed["imp_uids"]) == 1
    assert api.get("/payments/find/L-3").json()["response"]["status"] == "paid"
    api.admin("late-approvals/resolve", {"merchant_uid": "L-4", "outcome": "not_charged"})
    assert api.get("/payments/find/L-4").status_code == 404
    assert server.resolve_late_approval("T-3", approve=True) != []  # forced: the card company charged it
    assert api.get("/payments/find/T-3").json()["response"]["status"] == "paid"
    assert api.admin("late-approvals")["pending"] == []
    assert api.admin("late-approvals/resolve", {"merchant_uid": "L-3"})["imp_uids"] == []


def test_a_resend_during_the_window_can_end_with_two_paid_payments(
    api: SandboxApi, server: SandboxServer
) -> None:
    """The case the settler exists for: "not charged" was concluded too early and the order re-sent."""
    assert _charge(api, "L-5", cards.LATE_APPROVAL) == REFUSAL
    assert api.get("/payments/find/L-5").status_code == 404
    assert _charge(api, "L-5", cards.APPROVE_HANA)["code"] == 0
    server.advance_clock(DEFAULT_LATE_APPROVAL_DELAY_S)
    api.forget_token()
    attempts = api.get("/payments/findAll/L-5").json()["response"]["list"]
    assert sorted(p["status"] for p in attempts) == ["paid", "paid"]
    assert sorted(p["card_name"] for p in attempts) == ["신한카드", "하나카드"]


def test_a_billing_key_on_the_late_card_registers_and_its_charge_lands_late(
    api: SandboxApi, server: SandboxServer
) -> None:
    api.register("late-cust", card=cards.LATE_APPROVAL)
    api.admin("late-approvals", {"delay_s": 90})
    reply = api.post("/subscribe/payments/again", again_body("late-cust", "L-6"))
    assert reply.json() == REFUSAL
    assert api.get("/payments/find/L-6").status_code == 404
    server.advance_clock(90)
    paid = api.get("/payments/find/L-6").json()["response"]
    assert (paid["status"], paid["customer_uid"], paid["customer_uid_usage"]) == (
        "paid",
        "late-cust",
        "payment",
    )


def test_a_schedule_on_the_late_card_reads_failed_until_the_approval_lands(
    api: SandboxApi, server: SandboxServer
) -> None:
    from sandbox_helpers import schedule_item

    api.register("late-sched", card=cards.LATE_APPROVAL)
    api.admin("late-approvals", {"delay_s": 120})
    now = int(server.now())
    api.schedule("late-sched", schedule_item("L-7", now + 60))
    server.advance_clock(60)
    ran = api.get("/subscribe/payments/schedule/L-7").json()["response"]
    assert (ran["schedule_status"], ran["payment_status"], ran["fail_reason"]) == (
        "executed",
        "failed",
        REFUSAL["message"],
    )
    assert api.get("/payments/find/L-7").status_code == 404
    server.advance_clock(120)
    landed = api.get("/subscribe/payments/schedule/L-7").json()["response"]
    assert (landed["payment_status"], landed["fail_reason"]) == ("paid", None)
    assert api.get("/payments/find/L-7").json()["response"]["paid_at"] == now + 180


@pytest.mark.parametrize(
    "body",
    [{"delay_s": -1}, {"delay_s": "soon"}, {"delay_s": True}, {"visible_before": "maybe"}],
)
def test_bad_late_approval_settings_are_refused(server: SandboxServer, body: dict[str, Any]) -> None:
    import requests

    reply = requests.post(f"{server.base_url}/__sandbox__/late-approvals", json=body, timeout=10)
    assert reply.status_code == 400
    assert reply.json()["code"] == 1
    assert server.late_approvals.delay_s == DEFAULT_LATE_APPROVAL_DELAY_S
