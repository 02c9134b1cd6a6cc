"""`--state` keeps the new parts of the world too: schedules, pending late approvals (hidden and ready),
the channel flag on what was made, and the sandbox clock's offset; an older (version 1) file still loads."""

from __future__ import annotations

import json
from pathlib import Path

from sandbox_helpers import SandboxApi, onetime_body, schedule_item

from pos_app.sandbox import cards
from pos_app.sandbox.server import SandboxServer


def test_schedules_late_approvals_and_the_clock_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.json"
    with SandboxServer(state_file=state) as first:
        first.advance_clock(86400)
        first.late_approvals.delay_s = 120
        api = SandboxApi(first.base_url, first.imp_key, first.imp_secret)
        try:
            now = int(first.now())
            api.register("keep-sched")
            api.schedule("keep-sched", schedule_item("K-S1", now + 60))
            api.post("/subscribe/payments/onetime", onetime_body("K-L1", card=cards.LATE_APPROVAL))
            first.late_approvals.visible_before = "ready"
            api.post("/subscribe/payments/onetime", onetime_body("K-L2", card=cards.LATE_APPROVAL))
        finally:
            api.close()
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["version"] == 2
    assert set(saved["schedules"]) == {"K-S1"}
    assert len(saved["late"]) == 2
    assert cards.LATE_APPROVAL not in state.read_text(encoding="utf-8")

    with SandboxServer(state_file=state) as second:
        assert second.now() >= now  # the offset came back: a day ahead of real time
        api = SandboxApi(second.base_url, second.imp_key, second.imp_secret)
        try:
            assert (
                api.get("/subscribe/payments/schedule/K-S1").json()["response"]["schedule_status"]
                == "scheduled"
            )
            assert api.get("/payments/find/K-L1").status_code == 404
            ready = api.get("/payments/find/K-L2").json()["response"]
            assert ready["status"] == "ready"
            assert {p["merchant_uid"] for p in second.pending_late_approvals()} == {"K-L1", "K-L2"}
            second.advance_clock(120)
            assert api.get("/subscribe/payments/schedule/K-S1").json()["response"]["payment_status"] == "paid"
            assert api.get("/payments/find/K-L1").json()["response"]["status"] == "paid"
            landed = api.get("/payments/find/K-L2").json()["response"]
            # the ready record and the pending entry were one object again after loading
            assert (landed["imp_uid"], landed["status"]) == (ready["imp_uid"], "paid")
            assert len(api.get("/payments/findAll/K-L2").json()["response"]["list"]) == 1
            assert second.pending_late_approvals() == []
        finally:
            api.close()


def test_a_version_1_state_file_still_loads(tmp_path: Path) -> None:
    state = tmp_path / "old.json"
    with SandboxServer(state_file=state) as first:
        api = SandboxApi(first.base_url, first.imp_key, first.imp_secret)
        try:
            paid = api.pay(merchant_uid="old-1")
        finally:
            api.close()
    data = json.loads(state.read_text(encoding="utf-8"))
    data["version"] = 1
    del data["schedules"]
    del data["late"]
    state.write_text(json.dumps(data), encoding="utf-8")
    with SandboxServer(state_file=state) as second:
        api = SandboxApi(second.base_url, second.imp_key, second.imp_secret)
        try:
            assert api.get("/payments/find/old-1").json()["response"]["imp_uid"] == paid["imp_uid"]
            assert api.get("/subscribe/payments/schedule/none").status_code == 404
        finally:
            api.close()
