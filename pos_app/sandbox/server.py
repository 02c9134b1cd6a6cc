"""A PortOne-V1-compatible HTTP server on loopback: demo mode, every test, and fault injection.

`SandboxServer` runs the standard library's threading HTTP server (HTTP/1.1 keep-alive, one daemon
thread per connection) in a background thread. `stop()` stops accepting, wakes every open connection
(keep-alive clients, held replies) and joins every thread it started, so no thread outlives it.

Every request except the admin paths under `/__sandbox__/` is written to the ledger (method, path,
redacted query and body, sandbox time) and shown to the `on_request` hooks before it is processed, so
a test can look at the app's journal at the moment a POST arrives. Hook exceptions do not change the
reply; they are collected in `hook_errors` and raised by `stop()` so the test fails. A handler that
crashes (a sandbox bug) answers 500 and is raised by `stop()` as `SandboxInternalError` too.

Admin paths (no token, loopback use): `POST|GET|DELETE /__sandbox__/faults`, `GET /__sandbox__/ledger`
(`?merchant_uid=` adds `posts_for`), `POST /__sandbox__/reset`, `POST /__sandbox__/clock`
(`{"advance": seconds}`), `POST /__sandbox__/transfer-payments` (`{merchant_uid, amount, buyer_name,
tax_free?}` → imp_uid), and the HTML slips behind `receipt_url`.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pos_app.sandbox.admin import handle_admin
from pos_app.sandbox.context import SandboxContext
from pos_app.sandbox.faults import Fault, FaultPlan
from pos_app.sandbox.payments import make_transfer_payment
from pos_app.sandbox.routes import dispatch
from pos_app.sandbox.store import LedgerEntry, SandboxStore
from pos_app.sandbox.wire import Params, Refusal, Reply, envelope, parse_body, parse_query, redact

__all__ = [
    "DEMO_CHANNEL_KEY", "DEMO_IMP_KEY", "DEMO_IMP_SECRET", "DEMO_PG", "Fault", "FaultPlan", "LedgerEntry",
    "SandboxHookError", "SandboxInternalError", "SandboxServer",
]

DEMO_IMP_KEY = "sandbox_imp_key"
DEMO_IMP_SECRET = "sandbox_imp_secret"  # noqa: S105 - public demo value, the sandbox only
DEMO_PG = "ksnet.2999199999"
DEMO_CHANNEL_KEY = "channel-key-sandbox-ksnet"
MAX_BODY_BYTES = 1_000_000
RequestHook = Callable[[str, str, Mapping[str, Any]], None]
_log = logging.getLogger(__name__)


class SandboxHookError(AssertionError):
    """An on_request hook raised; stop() re-raises the first one so the test that set it fails."""


class SandboxInternalError(AssertionError):
    """A handler crashed (a sandbox bug): the client got a 500, and stop() raises this."""


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # we track and join our own threads (daemon threads are not tracked)

    def __init__(self, address: tuple[str, int], sandbox: SandboxServer) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.sandbox = sandbox
        self.stopping = threading.Event()
        self._guard = threading.Lock()
        self._conn_threads: set[threading.Thread] = set()
        self._connections: set[socket.socket] = set()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection, args=(request, client_address),
            name=f"sandbox-conn-{client_address[1]}", daemon=True,
        )
        with self._guard:
            if self.stopping.is_set():
                self.shutdown_request(request)
                return
            self._conn_threads.add(thread)
            self._connections.add(request)
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._guard:
                self._connections.discard(request)
                self._conn_threads.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client going away mid-reply is normal here (timeouts, resets); anything else is a bug.
        _log.exception("sandbox: error while serving %s", client_address)

    def wake_and_join(self, timeout: float) -> None:
        with self._guard:
            connections = list(self._connections)
            threads = list(self._conn_threads)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(timeout)


class SandboxServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, state_file: Path | None = None,
                 clock: Callable[[], float] | None = None) -> None:
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
        self._httpd: _HTTPServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._ctx: SandboxContext | None = None

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
        httpd = _HTTPServer((self.host, self.port), self)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._ctx = SandboxContext(
            self._store, self.base_url, self.imp_key, self.imp_secret, self.channel_key
        )
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
            with contextlib.suppress(OSError), socket.create_connection(
                httpd.server_address[:2], timeout=0.5
            ):
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

    # --- test and demo API ------------------------------------------------------------------------
    def ledger(self) -> list[LedgerEntry]:
        return self._store.ledger()

    def posts_for(self, merchant_uid: str) -> int:
        """Money POSTs (charges, cancels, receipts) that carried this merchant_uid."""
        return sum(1 for entry in self._store.ledger() if _is_money_post_for(entry, merchant_uid))

    def on_request(self, hook: RequestHook) -> None:
        self._hooks.append(hook)

    def clear_request_hooks(self) -> None:
        self._hooks.clear()

    def advance_clock(self, seconds: float) -> None:
        self._store.advance_clock(seconds)

    def now(self) -> float:
        return self._store.now()

    def make_transfer_payment(self, merchant_uid: str, amount: int, buyer_name: str,
                              tax_free: int = 0) -> str:
        imp_uid = make_transfer_payment(self._context(), merchant_uid, amount, buyer_name, tax_free)
        self._store.flush()
        return imp_uid

    def reset(self) -> None:
        self._store.reset()
        self.faults.clear()
        self._store.flush()

    def _context(self) -> SandboxContext:
        if self._ctx is None:
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

    def handle(self, method: str, path: str, query: dict[str, Any], body: dict[str, Any],
               headers: Mapping[str, str]) -> Reply:
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


def _is_money_post_for(entry: LedgerEntry, merchant_uid: str) -> bool:
    if entry.method != "POST" or entry.path == "/users/getToken":
        return False
    if entry.body.get("merchant_uid") == merchant_uid or entry.query.get("merchant_uid") == merchant_uid:
        return True
    return entry.path == f"/receipts/external/{merchant_uid}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PortOneV1Sandbox/1.0"
    timeout = 120  # idle keep-alive connections close after this
    # Small replies must not wait for the client's delayed ACK (~40 ms per request on Linux).
    disable_nagle_algorithm = True
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("sandbox %s - %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        sandbox = self.server.sandbox
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        query = parse_query(url.query)
        try:
            body = self._read_body()
        except Refusal as refusal:
            self._send_reply(refusal.reply())
            return
        if path.startswith("/__sandbox__/"):
            answer = sandbox._admin(method, path, query, body)
            if isinstance(answer, str):
                self._send(200, answer.encode("utf-8"), "text/html; charset=utf-8")
            else:
                self._send_reply(answer)
            return
        sandbox.record(method, path, query, body)
        fault = sandbox.faults.take(method, path)
        if fault is None:
            reply = sandbox.handle(method, path, query, body, self._auth_headers())
            sandbox._store.flush()  # on disk before the client hears about it
            self._send_reply(reply)
            return
        self._serve_with_fault(fault, method, path, query, body)

    def _serve_with_fault(self, fault: Fault, method: str, path: str, query: dict[str, Any],
                          body: dict[str, Any]) -> None:
        sandbox = self.server.sandbox
        if fault.kind == "expire_token":
            sandbox._store.expire_tokens()
        if fault.kind == "delay" and self.server.stopping.wait(fault.delay_ms / 1000):
            self._reset()
            return
        reply = None
        if fault.commits:
            reply = sandbox.handle(method, path, query, body, self._auth_headers())
            sandbox._store.flush()
        if fault.kind in ("delay", "expire_token"):
            self._send_reply(reply or sandbox.handle(method, path, query, body, self._auth_headers()))
        elif fault.kind in ("reset_before", "reset_after"):
            self._reset()
        elif fault.kind == "hang_after_commit":
            if self._hold(fault.hold_seconds):
                self._send_reply(reply or sandbox.handle(method, path, query, body, self._auth_headers()))
            else:
                self._reset()
        elif fault.kind == "http_500":
            self._send(500, _json_bytes(envelope(None, code=-1, message="Internal Server Error")),
                       "application/json; charset=utf-8")
        elif fault.kind in ("http_502", "http_504"):
            status = 502 if fault.kind == "http_502" else 504
            title = "502 Bad Gateway" if status == 502 else "504 Gateway Time-out"
            self._send(status, _html_page(title).encode("utf-8"), "text/html")
        elif fault.kind == "html":
            self._send(200, _html_page("Service Temporarily Unavailable").encode("utf-8"), "text/html")
        elif fault.kind == "truncated":
            full = _json_bytes((reply or Reply(200, envelope(None))).body)
            self.close_connection = True
            status = reply.status if reply else 200
            self._send(status, full[: len(full) // 2], "application/json; charset=utf-8")

    def _auth_headers(self) -> dict[str, str]:
        return {name: value for name in ("Authorization", "X-ImpTokenHeader")
                if (value := self.headers.get(name)) is not None}

    def _hold(self, seconds: float) -> bool:
        """Wait until the client hangs up (False) or the hold time passes (True)."""
        deadline = time.monotonic() + seconds
        while not self.server.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return True
            readable, _, _ = select.select([self.connection], [], [], min(remaining, 0.05))
            if readable:
                # Readable with no data means the client closed its end (gave up waiting).
                try:
                    return bool(self.connection.recv(1, socket.MSG_PEEK))
                except OSError:
                    return False
        return False

    def _reset(self) -> None:
        """Close with a TCP reset and no reply, as a crashed proxy would."""
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _read_body(self) -> dict[str, Any]:
        length_header = self.headers.get("Content-Length")
        if not length_header:
            return {}
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            raise Refusal(400, 1, "Content-Length 헤더가 올바르지 않습니다.") from None
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            raise Refusal(413, 1, "요청 본문이 너무 큽니다.")
        raw = self.rfile.read(length)
        return parse_body(raw, self.headers.get("Content-Type", ""))

    def _send_reply(self, reply: Reply) -> None:
        self._send(reply.status, _json_bytes(reply.body), "application/json; charset=utf-8")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        # Status line, headers and body leave in one write: one syscall, and no segment left
        # waiting for the client's ACK.
        self.log_request(status)
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        lines = [
            f"{self.protocol_version} {status} {reason}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(payload)}",
        ]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        try:
            self.wfile.write(head + payload)
        except OSError:
            # The client gave up (timeout, reset): the request was handled all the same.
            self.close_connection = True


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _html_page(title: str) -> str:
    safe = html.escape(title)
    return f"<html><head><title>{safe}</title></head><body><center><h1>{safe}</h1></center></body></html>"

