"""HTTP-level behaviour: body limits, malformed headers, keep-alive, trailing slashes, JSON charset."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from sandbox_helpers import SandboxApi

from pos_app.sandbox.handler import MAX_BODY_BYTES
from pos_app.sandbox.server import SandboxServer


def _connection(server: SandboxServer) -> http.client.HTTPConnection:
    url = urlsplit(server.base_url)
    assert url.hostname is not None
    return http.client.HTTPConnection(url.hostname, url.port, timeout=10)


def test_oversized_and_malformed_bodies_are_refused(server: SandboxServer) -> None:
    conn = _connection(server)
    try:
        conn.putrequest("POST", "/users/getToken")
        conn.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
        conn.endheaders()
        reply = conn.getresponse()
        assert reply.status == 413
        assert json.loads(reply.read())["code"] == 1
    finally:
        conn.close()
    conn = _connection(server)
    try:
        conn.putrequest("POST", "/users/getToken")
        conn.putheader("Content-Length", "many")
        conn.endheaders()
        reply = conn.getresponse()
        assert reply.status == 400
        assert reply.getheader("Connection") == "close"
        reply.read()
    finally:
        conn.close()


def test_keep_alive_serves_many_requests_on_one_connection(api: SandboxApi, server: SandboxServer) -> None:
    conn = _connection(server)
    try:
        for _ in range(3):
            conn.request("GET", "/payments/find/x", headers={"Authorization": api.token})
            reply = conn.getresponse()
            assert reply.status == 404
            assert reply.getheader("Content-Type") == "application/json; charset=utf-8"
            body = reply.read()
            assert json.loads(body.decode("utf-8"))["message"] == "존재하지 않는 결제정보입니다."
    finally:
        conn.close()


def test_trailing_slash_and_percent_encoded_ids(api: SandboxApi) -> None:
    api.register("고객 1")
    assert (
        api.get("/subscribe/customers/%EA%B3%A0%EA%B0%9D%201/").json()["response"]["customer_uid"] == "고객 1"
    )
