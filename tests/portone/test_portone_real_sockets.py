"""The client over real loopback sockets, so the failure classification meets genuine ``requests`` and
``urllib3`` exceptions: a refused port, a server that never answers, one that resets after reading the
request, one that truncates its body. A tiny ``http.server`` in a thread plays PortOne; every test joins it.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import requests

from pos_app.portone.client import PortOneClient, Timeouts
from pos_app.portone.errors import NotSent, OutcomeUnknown
from pos_app.portone.models import OnetimeRequest

ORDER = OnetimeRequest("C01-m1", 12000, 0, "주문", "4518-4200-0000-0007", "2028-03", None, None, "김하나")
TOKEN = {"code": 0, "message": None, "response": {"access_token": "t1", "now": 1000, "expired_at": 2800}}


class Behaviour:
    """What the fake does with the money POST; shared with the handler thread."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.money_posts = 0
        self.release = threading.Event()  # lets a hanging handler finish once the client gave up


class _Server(HTTPServer):
    behaviour: Behaviour

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and half-written replies are the point of these tests


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send_json(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/users/getToken":
            self._send_json(TOKEN)
            return
        behaviour = self.server.behaviour
        behaviour.money_posts += 1
        if behaviour.kind == "hang":
            behaviour.release.wait(timeout=30)
            self.close_connection = True
        elif behaviour.kind == "reset":
            # SO_LINGER 0: close() sends RST, as a crashed proxy would, after the request was read.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif behaviour.kind == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", "400")
            self.end_headers()
            self.wfile.write(b'{"code":0,"message":null,"response":{"imp_uid":"imp_1"')
            self.wfile.flush()
            self.close_connection = True
        elif behaviour.kind == "html502":
            body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True


@pytest.fixture
def serve() -> Iterator[Any]:
    started: list[tuple[_Server, threading.Thread, Behaviour]] = []

    def start(kind: str) -> tuple[str, Behaviour]:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.behaviour = Behaviour(kind)
        thread = threading.Thread(target=server.serve_forever, name=f"fake-portone-{kind}")
        thread.start()
        started.append((server, thread, server.behaviour))
        return f"http://127.0.0.1:{server.server_address[1]}", server.behaviour

    yield start
    for server, thread, behaviour in started:
        behaviour.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


def _client(session: requests.Session, base_url: str) -> PortOneClient:
    fast = Timeouts(connect=2.0, money_read=0.5, lookup_read=0.5)
    return PortOneClient(session, base_url, "k", "s", timeouts=fast, sleep=lambda _s: None)


def test_a_refused_port_is_not_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections to it are refused
        with requests.Session() as session:
            client = _client(session, f"http://127.0.0.1:{port}")
            with pytest.raises(NotSent):
                client.check_connection()
            with pytest.raises(NotSent):
                client.pay_onetime(ORDER)


@pytest.mark.parametrize(
    ("kind", "status"),
    [("hang", None), ("reset", None), ("truncate", None), ("html502", 502)],
)
def test_trouble_after_the_request_was_read_is_unknown_and_not_resent(
    serve: Any, kind: str, status: int | None
) -> None:
    base_url, behaviour = serve(kind)
    with requests.Session() as session:
        client = _client(session, base_url)
        with pytest.raises(OutcomeUnknown) as caught:
            client.pay_onetime(ORDER)
        behaviour.release.set()
    assert type(caught.value) is OutcomeUnknown or caught.value.http_status == status
    assert caught.value.http_status == status
    assert behaviour.money_posts == 1
