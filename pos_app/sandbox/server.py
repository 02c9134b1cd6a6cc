"""A PortOne-V1-compatible HTTP server on loopback: demo mode, every test, and fault injection.

`SandboxServer` runs the standard library's threading HTTP server (HTTP/1.1 keep-alive, one daemon
thread per connection, handler.py) in a background thread. `stop()` stops accepting, wakes every open
connection (keep-alive clients, held replies) and joins every thread it started, so no thread outlives it.

Every request except the admin paths under `/__sandbox__/` is written to the ledger (method, path,
redacted query and body, sandbox time) and shown to the `on_request` hooks before it is processed, so
a test can look at the app's journal at the moment a POST arrives. Hook exceptions do not change the
reply; they are collected in `hook_errors` and raised by `stop()` so the test fails. A handler that
crashes (a sandbox bug) answers 500 and is raised by `stop()` as `SandboxInternalError` too.

What the world does, in Python here and over HTTP under `/__sandbox__/` (admin.py lists the paths):
the sandbox clock (`advance_clock`, `set_clock`; by default it follows real time), refunds made in the
PortOne console (`console_cancel`), late approvals after a PG timeout (`late_approvals`,
`resolve_late_approval`), the channel's test/live mode (`channel.test_channel`), getToken's HTTP
status (`token_http_status`), faults (`faults`), bank-transfer payments (`make_transfer_payment`).
Work that falls due as the clock moves (late approvals, schedules) runs before every request and after
every clock change (timeline.py).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pos_app.sandbox import late
from pos_app.sandbox.admin import handle_admin
from pos_app.sandbox.context import Channel, LateApprovals, SandboxContext
from pos_app.sandbox.faults import Fault, FaultPlan
from pos_app.sandbox.handler import SandboxHTTPServer
from pos_app.sandbox.payments import apply_cancel, make_transfer_payment, payment_json
from pos_app.sandbox.routes import absolute_urls, dispatch
from pos_app.sandbox.store import LedgerEntry, SandboxStore
from pos_app.sandbox.timeline import run_due
from pos_app.sandbox.wire import Params, Refusal, Reply, envelope, redact

__all__ = [
    "DEMO_CHANNEL_KEY",
    "DEMO_IMP_KEY",
    "DEMO_IMP_SECRET",
    "DEMO_PG",
    "Channel",
    "Fault",
    "FaultPlan",
    "LateApprovals",
    "LedgerEntry",
    "Refusal",
    "SandboxHookError",
    "SandboxInternalError",
    "SandboxServer",
]

DEMO_IMP_KEY = "sandbox_imp_key"
DEMO_IMP_SECRET = "sandbox_imp_secret"  # noqa: S105 - public demo value, the sandbox only
DEMO_PG = "ksnet.2999199999"
DEMO_CHANNEL_KEY = "channel-key-sandbox-ksnet"
CONSOLE_CANCEL_REASON = "관리자 콘솔 취소"
RequestHook = Callable[[str, str, Mapping[str, Any]], None]
_log = logging.getLogger(__name__)


class SandboxHookError(AssertionError):
    """An on_request hook raised; stop() re-raises the first one so the test that set it fails."""


class SandboxInternalError(AssertionError):
    """A handler crashed (a sandbox bug): the client got a 500, and stop() raises this."""


class SandboxServer:
    """``live_channel=True``: the one channel is a live one (``sandbox: false`` on the channel and its
    payments), for a "real shop" pointed at a standalone sandbox; the default is a PortOne test
    channel, which is what the embedded demo honestly is."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: Path | None = None,
        clock: Callable[[], float] | None = None,
        *,
        live_channel: bool = False,
        token_http_status: int = 200,
    ) -> None:
        self.host = host
        self.port = port
        self.imp_key = DEMO_IMP_KEY
        self.imp_secret = DEMO_IMP_SECRET
        self.pg = DEMO_PG
        self.channel_key = DEMO_CHANNEL_KEY
        self.faults = FaultPlan()
        self.hook_errors: list[BaseException] = []
        self.internal_errors: list[BaseException] = []
        self._store = SandboxStore(clock=clock, state_file=state_file)
        self._hooks: list[RequestHook] = []
        self._httpd: SandboxHTTPServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._ctx = SandboxContext(
            self._store,
            "",
            self.imp_key,
            self.imp_secret,
            Channel(DEMO_CHANNEL_KEY, test_channel=not live_channel),
        )
        self.token_http_status = token_http_status

    # --- lifecycle ------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("sandbox not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> None:
        if self._httpd is not None:
            raise RuntimeError("sandbox already started")
        httpd = SandboxHTTPServer((self.host, self.port), self)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._ctx.base_url = self.base_url
        # The listening socket exists once the constructor returns: clients can connect right away.
        self._serve_thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="sandbox-accept", daemon=True
        )
        self._serve_thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        httpd, thread = self._httpd, self._serve_thread
        if httpd is None or thread is None:
            return
        httpd.stopping.set()
        # shutdown() alone waits for the accept loop's next poll (up to 0.1 s, most of the app's exit
        # time); a connection to ourselves wakes the loop at once (process_request refuses it)
        shutting = threading.Thread(target=httpd.shutdown, name="sandbox-shutdown", daemon=True)
        shutting.start()
        while shutting.is_alive():
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port), timeout=0.5):
                pass
            shutting.join(0.01)
        thread.join(timeout)
        httpd.server_close()
        httpd.wake_and_join(timeout)
        self._store.flush()
        self._httpd = None
        self._serve_thread = None
        if self.hook_errors:
            first = self.hook_errors[0]
            raise SandboxHookError(f"on_request hook failed: {first!r}") from first
        if self.internal_errors:
            first = self.internal_errors[0]
            raise SandboxInternalError(f"sandbox handler crashed: {first!r}") from first

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- settings -----------------------------------------------------------------------------------
    @property
    def channel(self) -> Channel:
        """The KSNET channel; set ``channel.test_channel`` to switch test/live for what is made next."""
        return self._ctx.channel

    @property
    def late_approvals(self) -> LateApprovals:
        """``delay_s`` (None: only when resolved) and ``visible_before`` ("absent" | "ready")."""
        return self._ctx.late

    @property
    def token_http_status(self) -> int:
        return self._ctx.token_http_status

    @token_http_status.setter
    def token_http_status(self, status: int) -> None:
        if status not in (200, 201):
            raise ValueError("getToken answers 200 or 201")
        self._ctx.token_http_status = status

    # --- test and demo API ------------------------------------------------------------------------
    def ledger(self) -> list[LedgerEntry]:
        return self._store.ledger()

    def posts_for(self, merchant_uid: str) -> int:
        """Money requests (charges, cancels, receipts, schedule changes) that carried this merchant_uid."""
        return sum(1 for entry in self._store.ledger() if _is_money_request_for(entry, merchant_uid))

    def on_request(self, hook: RequestHook) -> None:
        self._hooks.append(hook)

    def clear_request_hooks(self) -> None:
        self._hooks.clear()

    def now(self) -> float:
        return self._store.now()

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox clock forward (ValueError for a negative step), then run what fell due."""
        self._store.advance_clock(seconds)
        self.run_due()

    def set_clock(self, unix: float) -> None:
        """Put the sandbox clock at ``unix`` (not before its current time), then run what fell due."""
        self._store.set_clock(unix)
        self.run_due()

    def run_due(self) -> int:
        """Land due late approvals and run due schedules now; how many. Requests do this by themselves."""
        done = run_due(self._ctx)
        self._store.flush()
        return done

    def console_cancel(
        self, imp_uid: str, amount: int | None = None, tax_free: int = 0, reason: str = CONSOLE_CANCEL_REASON
    ) -> dict[str, Any]:
        """Cancel all (``amount`` None) or part of a payment as if in the PortOne console: same rules and
        the same ``cancel_history`` entry as an API cancel; nothing in the ledger. Returns the payment
        as lookups show it; raises ``Refusal`` (status, code, message) when PortOne would refuse."""
        self.run_due()
        with self._store.changing():
            payment = self._store.payments.get(imp_uid)
            if payment is None or payment["status"] not in {"paid", "cancelled"}:
                raise Refusal(404, -1, "존재하지 않는 결제정보입니다.")
            params = Params({"amount": amount or 0, "tax_free": tax_free, "reason": reason})
            cancelled = payment_json(apply_cancel(self._context(), payment, params))
        self._store.flush()
        return _absolute(cancelled, self.base_url)

    def pending_late_approvals(self) -> list[dict[str, Any]]:
        """The PG-timeout charges whose truth has not landed: merchant_uid, imp_uid, outcome, due_at …"""
        self.run_due()
        return late.pending(self._ctx)

    def resolve_late_approval(self, merchant_uid: str, *, approve: bool | None = None) -> list[str]:
        """Land now what the card company decided for this merchant_uid's pending PG-timeout charges
        (``approve`` None: each card's own truth; True/False forces paid / not charged). The imp_uids."""
        self.run_due()
        touched = late.resolve(self._ctx, merchant_uid, approve=approve)
        self._store.flush()
        return touched

    def make_transfer_payment(
        self, merchant_uid: str, amount: int, buyer_name: str, tax_free: int = 0
    ) -> str:
        imp_uid = make_transfer_payment(self._context(), merchant_uid, amount, buyer_name, tax_free)
        self._store.flush()
        return imp_uid

    def reset(self) -> None:
        self._store.reset()
        self.faults.clear()
        self._store.flush()

    def _context(self) -> SandboxContext:
        if self._httpd is None:
            raise RuntimeError("sandbox not started")
        return self._ctx

    # --- one request ------------------------------------------------------------------------------
    def _run_hooks(self, method: str, path: str, body: Mapping[str, Any]) -> None:
        for hook in list(self._hooks):
            try:
                hook(method, path, body)
            except Exception as error:  # reported by stop(), never alters the reply
                self.hook_errors.append(error)

    def _admin(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any]) -> Reply | str:
        try:
            return handle_admin(self, self._store, method, path, query, body)
        except Exception as error:
            return self._crashed(method, path, error)

    def handle(
        self, method: str, path: str, query: dict[str, Any], body: dict[str, Any], headers: Mapping[str, str]
    ) -> Reply:
        try:
            return dispatch(self._context(), method, path, headers, Params({**query, **body}))
        except Exception as error:
            return self._crashed(method, path, error)

    def _crashed(self, method: str, path: str, error: Exception) -> Reply:
        _log.error("sandbox: %s %s crashed: %r", method, path, error)
        self.internal_errors.append(error)
        return Reply(500, envelope(None, code=-1, message="sandbox internal error"))

    def record(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        safe_query, safe_body = redact(query), redact(body)
        self._store.record(LedgerEntry(method, path, safe_query, safe_body, self._store.now()))
        seen = {**safe_query, **safe_body}
        self._run_hooks(method, path, seen)
        return seen


def _absolute(payment: dict[str, Any], base_url: str) -> dict[str, Any]:
    result: dict[str, Any] = absolute_urls(payment, base_url)
    return result


_SCHEDULE_PREFIX = "/subscribe/payments/schedule/"


def _is_money_request_for(entry: LedgerEntry, merchant_uid: str) -> bool:
    if entry.method not in {"POST", "PUT"} or entry.path == "/users/getToken":
        return False
    carried = entry.body.get("merchant_uid")
    if carried == merchant_uid or entry.query.get("merchant_uid") == merchant_uid:
        return True
    if isinstance(carried, list) and merchant_uid in carried:  # unschedule
        return True
    schedules = entry.body.get("schedules")
    if isinstance(schedules, list) and any(
        isinstance(item, Mapping) and item.get("merchant_uid") == merchant_uid for item in schedules
    ):
        return True
    if entry.path.startswith(_SCHEDULE_PREFIX):
        rest = entry.path[len(_SCHEDULE_PREFIX) :]
        return rest.split("/", 1)[0] == merchant_uid
    return entry.path == f"/receipts/external/{merchant_uid}"
