"""Turning what ``requests`` reports into what it means for the money.

Two questions are answered here, and both lean towards "unknown" whenever they cannot be sure:

* A request failed: did any byte reach PortOne? Only a refused connection, a DNS failure, a connect
  timeout, or a URL ``requests`` could not even prepare mean "no": they become ``NotSent``. Everything
  else (read timeout, reset after sending, broken chunked body, an exception we do not recognise) may
  have been processed and becomes ``OutcomeUnknown``.
* A reply came back: is it a definite answer? Only a PortOne JSON envelope is. HTML pages, empty or
  truncated bodies, 5xx and unexpected statuses are ``OutcomeUnknown``; a 404 without a PortOne
  envelope is too, because a proxy's 404 must never make reconciliation conclude "no payment exists".
  Which 2xx statuses count as "the answer" is the caller's choice: getToken and lookups take any 2xx
  with an envelope (``ANY_2XX``: a public V1 test server answers getToken with 201), money calls only
  200, so a money reply in an unexpected status is never read as a result.

Also here: the guards around a request (ids escaped into one path segment, sessions that retry by
themselves refused) and reading the ``response`` object into a typed result that must be about the id
asked for. Messages are built from fixed text and HTTP facts only; the request body is never read.
"""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter

from pos_app.portone.errors import (
    ApiError,
    MalformedField,
    MalformedReply,
    NotFound,
    NotSent,
    OutcomeUnknown,
    PortOneError,
    Unauthorized,
)
from pos_app.portone.json_fields import as_object

T = TypeVar("T")

ANY_2XX: tuple[int, ...] = tuple(range(200, 300))

_NEVER_CONNECTED = (
    urllib3.exceptions.NewConnectionError,  # refused, unreachable (NameResolutionError is a subclass)
    urllib3.exceptions.NameResolutionError,
    urllib3.exceptions.ConnectTimeoutError,  # raised only while the TCP connection is being made
    ConnectionRefusedError,
    socket.gaierror,
)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps: ``__cause__``, ``__context__``, args, ``.reason``."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked: list[object] = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked.extend(current.args)
        stack.extend(item for item in linked if isinstance(item, BaseException))


def classify_send_error(exc: requests.RequestException, method: str, path: str) -> PortOneError:
    """``NotSent`` when nothing can have reached the server, else ``OutcomeUnknown``."""
    where = f"{method} {path}"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return NotSent(f"PortOne 서버에 연결하지 못했습니다 (연결 시간 초과): {where}")
    if isinstance(
        exc,
        (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidHeader,
        ),
    ):
        return NotSent(f"요청을 만들 수 없습니다 (주소 설정 확인): {where}")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return OutcomeUnknown(f"응답 대기 시간이 지났습니다 (처리되었을 수 있음): {where}")
    if isinstance(exc, requests.exceptions.ConnectionError):
        if any(isinstance(cause, ssl.SSLCertVerificationError) for cause in _causes(exc)):
            # the certificate is checked in the TLS handshake, before a byte of the request is written
            return NotSent(
                "PortOne 서버의 인증서를 확인할 수 없어 연결하지 않았습니다 "
                f"(보안 연결 실패: 네트워크나 프록시, PC 시계를 확인하세요): {where}"
            )
        if any(isinstance(cause, _NEVER_CONNECTED) for cause in _causes(exc)):
            return NotSent(f"PortOne 서버에 연결하지 못했습니다 (연결 거부 또는 주소 확인 실패): {where}")
        return OutcomeUnknown(f"보낸 뒤 연결이 끊겼습니다 (처리되었을 수 있음): {where}")
    return OutcomeUnknown(f"통신 오류 ({type(exc).__name__}, 처리되었을 수 있음): {where}")


def _envelope(body: bytes) -> Mapping[str, Any] | None:
    """PortOne's ``{code, message, response}`` object, or None when the body is not one."""
    if not body.strip():
        return None
    try:
        parsed = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError alike
        return None
    if isinstance(parsed, dict) and ("code" in parsed or "message" in parsed):
        return parsed
    return None


def _code_of(envelope: Mapping[str, Any]) -> int | None:
    value = envelope.get("code")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    return None


def _message_of(envelope: Mapping[str, Any]) -> str | None:
    """PortOne's message as the cashier can read it: control characters (a NUL, a stray escape) become
    blanks, blanks are folded; None when nothing readable is left, so the caller's own wording is used
    instead of an empty refusal box."""
    value = envelope.get("message")
    if not isinstance(value, str):
        return None
    readable = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return readable or None


def read_reply(resp: requests.Response, ok_statuses: tuple[int, ...], method: str, path: str) -> Any:
    """Return the ``response`` part of a successful envelope, or raise what the reply means."""
    status = resp.status_code
    where = f"{method} {path}"
    try:
        body = resp.content
    except requests.RequestException as exc:  # body broke off while being read
        raise OutcomeUnknown(f"응답 본문을 끝까지 받지 못했습니다: {where}", status) from exc
    envelope = _envelope(body)
    code = _code_of(envelope) if envelope is not None else None
    message = _message_of(envelope) if envelope is not None else None

    if status == 401:
        # A 401 is answered before anything is processed, envelope or not.
        raise Unauthorized(401, code, message or "Unauthorized")
    if status == 404:
        # Only PortOne's own envelope (with its non-zero integer code) proves "no such record": a gateway's
        # or proxy's 404 ({"message": "Not Found"}) must never let reconciliation conclude "not charged".
        if envelope is None or code is None or code == 0:
            raise OutcomeUnknown(f"PortOne 형식이 아닌 404 응답: {where}", status)
        raise NotFound(404, code, message or "찾을 수 없습니다")
    if status >= 500:
        extra = f" ({message})" if message else ""
        raise OutcomeUnknown(f"PortOne 서버 오류{extra}: {where}", status)
    if status in ok_statuses:
        if envelope is None:
            raise MalformedReply(f"읽을 수 없는 응답 본문 (JSON 아님/잘림/비어 있음): {where}", status)
        if code is None:
            raise MalformedReply(f"응답의 code 필드가 없거나 정수가 아닙니다: {where}", status)
        if code != 0:
            raise ApiError(status, code, message or f"PortOne이 요청을 거절했습니다 (code {code})")
        return envelope.get("response")
    if 400 <= status < 500 and envelope is not None:
        raise ApiError(status, code, message or f"PortOne이 요청을 거절했습니다 (HTTP {status})")
    raise OutcomeUnknown(f"예상하지 못한 응답: {where}", status)


def path_segment(value: str) -> str:
    """One path segment: an id must never be able to change the path it is put into."""
    if not value:
        raise ValueError("empty identifier in a PortOne path")
    return quote(value, safe="")


def check_session(session: requests.Session) -> None:
    for prefix, adapter in session.adapters.items():
        if isinstance(adapter, HTTPAdapter):
            total = adapter.max_retries.total
            if total not in (0, False):
                raise ValueError(
                    f"the session adapter for {prefix!r} retries by itself; PortOne money calls must "
                    "go out at most once (use max_retries=0)"
                )


def parse_object(parser: Callable[[Mapping[str, Any]], T], data: Any, what: str, status: int) -> T:
    """Parse one object; a shape problem becomes MalformedReply carrying the HTTP status."""
    try:
        return parser(as_object(data, what))
    except MalformedField as exc:
        raise MalformedField(exc.field, exc.expected, status) from None
    except MalformedReply as exc:
        raise MalformedReply(exc.detail, status) from None


def response_parser(
    parser: Callable[[Mapping[str, Any]], T], about: tuple[str, str] | None = None
) -> Callable[[Any, int], T]:
    """Parse the ``response`` object; with ``about=(field, value)`` also insist it is about our id."""

    def parse(data: Any, status: int) -> T:
        parsed = parse_object(parser, data, "response", status)
        if about is not None:
            insist_about(parsed, about, status)
        return parsed

    return parse


def insist_about(parsed: object, about: tuple[str, str], status: int) -> None:
    """A reply about another order/customer/receipt tells us nothing about ours: treat it as unreadable."""
    field, expected = about
    if getattr(parsed, field) != expected:
        raise MalformedReply(f"응답이 요청한 것과 다른 {field}에 대한 것입니다", status)
