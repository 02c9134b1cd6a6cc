"""`python -m pos_app.sandbox` as its own process: printed URL, port 0, SIGTERM/Ctrl-C, --state."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
import requests
from sandbox_helpers import SandboxApi, onetime_body
from standalone_process import StandaloneSandbox

from pos_app.sandbox.server import DEMO_CHANNEL_KEY, DEMO_IMP_KEY, DEMO_IMP_SECRET, DEMO_PG


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_prints_its_url_and_demo_keys_and_stops_cleanly(sig: signal.Signals) -> None:
    with StandaloneSandbox() as sandbox:
        print(
            f"standalone sandbox printed its URL {sandbox.start_seconds * 1000:.0f} ms after launch "
            f"(server reports {sandbox.info['started_in_ms']} ms inside the process)"
        )
        assert sandbox.base_url.startswith("http://127.0.0.1:")
        port = int(sandbox.info["port"])
        assert port > 0
        assert sandbox.base_url == f"http://127.0.0.1:{port}"
        assert sandbox.info["imp_key"] == DEMO_IMP_KEY
        assert sandbox.info["imp_secret"] == DEMO_IMP_SECRET
        assert sandbox.info["pg"] == DEMO_PG
        assert sandbox.info["channel_key"] == DEMO_CHANNEL_KEY
        api = SandboxApi(sandbox.base_url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        try:
            assert api.pay()["status"] == "paid"
        finally:
            api.close()
        code, out, err = sandbox.stop(sig)
        assert code == 0, err
        assert "stopped" in out
        assert "Traceback" not in err
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{sandbox.base_url}/payments/find/x", timeout=5)


def test_state_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox-state.json"
    with StandaloneSandbox("--state", str(state)) as first:
        api = SandboxApi(first.base_url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        try:
            paid = api.pay(merchant_uid="survivor-1")
            api.register("survivor-cust")
        finally:
            api.close()
        assert first.stop()[0] == 0
    assert state.exists()
    with StandaloneSandbox("--state", str(state)) as second:
        api = SandboxApi(second.base_url, DEMO_IMP_KEY, DEMO_IMP_SECRET)
        try:
            found = api.get("/payments/find/survivor-1").json()["response"]
            assert found["imp_uid"] == paid["imp_uid"]
            assert found["status"] == "paid"
            assert api.get("/subscribe/customers/survivor-cust").status_code == 200
            assert api.post("/subscribe/payments/onetime", onetime_body("survivor-1")).json()["code"] == 1
            ledger = requests.get(
                f"{second.base_url}/__sandbox__/ledger", params={"merchant_uid": "survivor-1"}, timeout=10
            ).json()["response"]
            assert ledger["posts_for"] == 2
        finally:
            api.close()
        assert second.stop()[0] == 0


def test_a_busy_port_is_an_error_not_a_hang() -> None:
    with StandaloneSandbox() as first:
        port = first.info["port"]
        second = StandaloneSandbox()
        second.args[second.args.index("0")] = port
        with pytest.raises(RuntimeError, match="exited early"), second:
            pass
        assert first.stop()[0] == 0
