"""A scripted PortOne for client tests: a requests transport adapter that answers from recorded replies.

Mounted on a real ``requests.Session``, so the client's own code runs unchanged up to the socket. Every
request is recorded (method, path, query, JSON body, headers, timeout) so tests can count what reached
"the server". Replies are scripted per (method, path): a recorded fixture, raw bytes, an exception to
raise in place of the network, or a callable. getToken answers by itself from a fake server clock
unless a test scripts it.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import urllib3.exceptions
from portone_schema import schema_available, validate
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

FIXTURES = Path(__file__).parent / "fixtures"
BASE_URL = "https://api.iamport.test"


PG = "ksnet.2999199999"
CHANNEL_KEY = "channel-key-test-ksnet"


class FakeClock:
    """A clock the client reads (its monotonic clock, or the PC's wall clock); deliberately far from the
    fake server's clock."""

    def __init__(self, start: float = 2_000_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def load_fixture(name: str) -> dict[str, Any]:
    """A recorded reply: {"definition": schema name, "status": HTTP status, "body": JSON envelope}.

    Every load is checked against the official schema when it is present beside the repo, so no test
    can talk to the client in a shape PortOne does not document (tests break fields after loading).
    """
    data: dict[str, Any] = json.loads(_validated_text(name))
    return data


@cache
def _validated_text(name: str) -> str:
    text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    if schema_available():
        data = json.loads(text)
        validate(data["definition"], data["body"])
    return text


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "application/json; charset=utf-8"}
    )

    @classmethod
    def json(cls, envelope: Any, status: int = 200) -> Reply:
        return cls(status, json.dumps(envelope, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def fixture(cls, name: str, **overrides: Any) -> Reply:
        data = load_fixture(name)
        body = data["body"]
        if overrides and isinstance(body.get("response"), dict):
            body["response"].update(overrides)
        return cls.json(body, data["status"])

    @classmethod
    def html(cls, status: int, text: str = "<html><body><h1>502 Bad Gateway</h1></body></html>") -> Reply:
        return cls(status, text.encode("utf-8"), {"Content-Type": "text/html"})


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    body: dict[str, Any] | None
    headers: Mapping[str, str]
    timeout: Any


Answer = Reply | BaseException | Callable[[SeenRequest], "Reply | BaseException"]


def refused() -> requests.ConnectionError:
    """What requests raises for a refused TCP connection (urllib3 2.x wraps it the same way)."""
    reason = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111]")  # type: ignore[arg-type]
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason))  # type: ignore[arg-type]


def name_not_resolved() -> requests.ConnectionError:
    reason = urllib3.exceptions.NameResolutionError("api.iamport.test", None, OSError("no such host"))  # type: ignore[arg-type]
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", reason))  # type: ignore[arg-type]


def reset_after_send() -> requests.ConnectionError:
    """The connection dropped after the request went out (``Connection aborted``)."""
    return requests.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset by peer"))
    )


def read_timeout() -> requests.ReadTimeout:
    return requests.ReadTimeout("HTTPSConnectionPool: Read timed out. (read timeout=65)")


def truncated_body() -> requests.exceptions.ChunkedEncodingError:
    return requests.exceptions.ChunkedEncodingError(
        urllib3.exceptions.ProtocolError("Response ended prematurely")
    )


class FakePortOne(BaseAdapter):
    """Answers like PortOne from a script; counts everything it was sent."""

    def __init__(self, server_now: int = 1_764_000_000, token_life: int = 1800) -> None:
        super().__init__()
        self.server_now = server_now
        self.token_life = token_life
        self.seen: list[SeenRequest] = []
        self._script: dict[tuple[str, str], deque[Answer]] = {}
        self._tokens_issued = 0
        self.valid_tokens: set[str] = set()

    # --- scripting
    def on(self, method: str, path: str, *answers: Answer) -> FakePortOne:
        self._script.setdefault((method, path), deque()).extend(answers)
        return self

    def count(self, method: str, path: str) -> int:
        return sum(1 for r in self.seen if r.method == method and r.path == path)

    def calls(self, method: str, path: str) -> list[SeenRequest]:
        return [r for r in self.seen if r.method == method and r.path == path]

    def issue_token(self) -> Reply:
        self._tokens_issued += 1
        token = f"token-{self._tokens_issued:03d}"
        self.valid_tokens.add(token)
        return Reply.json(
            {
                "code": 0,
                "message": None,
                "response": {
                    "access_token": token,
                    "now": self.server_now,
                    "expired_at": self.server_now + self.token_life,
                },
            }
        )

    # --- the adapter protocol
    def send(  # type: ignore[override]
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        url = urlsplit(request.url or "")
        raw_body = request.body
        if isinstance(raw_body, bytes):
            raw_body = raw_body.decode("utf-8")
        seen = SeenRequest(
            method=request.method or "",
            path=url.path,
            query=parse_qs(url.query),
            body=json.loads(raw_body) if raw_body else None,
            headers=dict(request.headers),
            timeout=timeout,
        )
        self.seen.append(seen)
        queue = self._script.get((seen.method, seen.path))
        answer: Answer
        if queue:
            answer = queue.popleft()
        elif (seen.method, seen.path) == ("POST", "/users/getToken"):
            answer = self.issue_token()
        else:
            raise AssertionError(f"unscripted request {seen.method} {seen.path}")
        if callable(answer) and not isinstance(answer, BaseException):
            answer = answer(seen)
        if isinstance(answer, BaseException):
            raise answer
        return self._response(request, answer)

    @staticmethod
    def _response(request: requests.PreparedRequest, reply: Reply) -> requests.Response:
        resp = requests.Response()
        resp.status_code = reply.status
        resp._content = reply.body
        resp.headers = CaseInsensitiveDict(reply.headers)
        resp.url = request.url or ""
        resp.request = request
        resp.encoding = "utf-8"
        return resp

    def close(self) -> None:
        pass


def make_session(fake: FakePortOne) -> requests.Session:
    session = requests.Session()
    session.mount("https://", fake)
    session.mount("http://", fake)
    return session
