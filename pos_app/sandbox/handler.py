"""The HTTP side of the sandbox: a threading HTTP/1.1 server that tracks its connections, and the handler.

The handler reads one request, runs the work that has fallen due (timeline.py) so the reply sees the
world as of now, answers the admin paths under `/__sandbox__/` itself, writes every other request to
the ledger and then either serves it or applies the fault the plan holds for it (faults.py). Replies
leave in one write with `Content-Type: application/json; charset=utf-8` (`http.server` sends no charset).
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
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pos_app.sandbox.faults import Fault
from pos_app.sandbox.wire import Refusal, Reply, envelope, parse_body, parse_query

if TYPE_CHECKING:
    from pos_app.sandbox.server import SandboxServer

MAX_BODY_BYTES = 1_000_000
_log = logging.getLogger(__name__)


class SandboxHTTPServer(ThreadingHTTPServer):
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
        super().__init__(address, SandboxHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"sandbox-conn-{client_address[1]}",
            daemon=True,
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


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PortOneV1Sandbox/1.0"
    timeout = 120  # idle keep-alive connections close after this
    # Small replies must not wait for the client's delayed ACK (~40 ms per request on Linux).
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

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
        sandbox.run_due()  # late approvals and schedules whose time has come, before anything is read
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

    def _serve_with_fault(
        self, fault: Fault, method: str, path: str, query: dict[str, Any], body: dict[str, Any]
    ) -> None:
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
        elif fault.kind == "http_201":
            answer = reply or sandbox.handle(method, path, query, body, self._auth_headers())
            self._send_reply(Reply(201, answer.body))
        elif fault.kind in ("reset_before", "reset_after"):
            self._reset()
        elif fault.kind == "hang_after_commit":
            if self._hold(fault.hold_seconds):
                self._send_reply(reply or sandbox.handle(method, path, query, body, self._auth_headers()))
            else:
                self._reset()
        elif fault.kind == "http_500":
            self._send(
                500,
                _json_bytes(envelope(None, code=-1, message="Internal Server Error")),
                "application/json; charset=utf-8",
            )
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
        return {
            name: value
            for name in ("Authorization", "X-ImpTokenHeader")
            if (value := self.headers.get(name)) is not None
        }

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
