"""How the sandbox reads requests and writes replies the way PortOne V1 does.

Bodies arrive as JSON or form-encoded; query strings and form bodies use the `name[]=a&name[]=b` form
for arrays and `extra[requester]=x` for nested keys. Every reply is the V1 envelope
`{code, message, response}`. Handlers refuse with `Refusal`, carrying the HTTP status, the envelope
code and the Korean message. `redact` strips card data and secrets before anything is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from pos_app.sandbox.cards import mask_number


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]


class Refusal(Exception):
    """A definite answer that is not a success: HTTP status, envelope code, Korean message."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def reply(self) -> Reply:
        return Reply(self.status, envelope(None, code=self.code, message=self.message))


def envelope(response: Any, *, code: int = 0, message: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "response": response}


def ok(response: Any, status: int = 200) -> Reply:
    return Reply(status, envelope(response))


def bad_request(message: str) -> Refusal:
    return Refusal(400, 1, message)


def parse_pairs(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Form/query pairs → dict: `a[]` collects a list under `a`, `a[b]` nests, plain keys keep the last."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key.endswith("[]"):
            result.setdefault(key[:-2], [])
            if isinstance(result[key[:-2]], list):
                result[key[:-2]].append(value)
        elif "[" in key and key.endswith("]"):
            outer, inner = key[:-1].split("[", 1)
            nested = result.setdefault(outer, {})
            if isinstance(nested, dict):
                nested[inner] = value
        else:
            result[key] = value
    return result


def parse_query(query: str) -> dict[str, Any]:
    return parse_pairs(parse_qsl(query, keep_blank_values=True))


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """JSON object or form-encoded body; an empty body is an empty dict."""
    if not raw.strip():
        return {}
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        return parse_pairs(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        if media != "application/json":
            # Old clients sometimes send form bodies without the content type.
            return parse_pairs(parse_qsl(raw.decode("utf-8", errors="replace"), keep_blank_values=True))
        raise bad_request("요청 본문(JSON)을 해석할 수 없습니다.") from None
    if not isinstance(data, dict):
        raise bad_request("요청 본문은 JSON 객체여야 합니다.")
    return data


class Params:
    """Typed access to one request's parameters; wrong or missing values become 400 refusals."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values

    def has(self, name: str) -> bool:
        value = self.values.get(name)
        return value is not None and value != ""

    def text(self, name: str, *, required: bool = False, max_len: int | None = None) -> str | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} 파라메터가 누락되었습니다.")
            return None
        if isinstance(value, (dict, list)):
            raise bad_request(f"{name} 파라메터의 형식이 올바르지 않습니다.")
        text = str(value).strip()
        if max_len is not None and len(text) > max_len:
            raise bad_request(f"{name} 파라메터는 최대 {max_len}자까지 입력할 수 있습니다.")
        return text

    def required_text(self, name: str, *, max_len: int | None = None) -> str:
        value = self.text(name, required=True, max_len=max_len)
        assert value is not None
        return value

    def integer(self, name: str, *, default: int | None = None, required: bool = False) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise bad_request(f"{name} 파라메터가 누락되었습니다.")
            return default
        number: float
        if isinstance(value, bool):
            raise bad_request(f"{name} 파라메터는 숫자여야 합니다.")
        if isinstance(value, (int, float)):
            number = value
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                raise bad_request(f"{name} 파라메터는 숫자여야 합니다.") from None
        if number != int(number):
            raise bad_request(f"{name} 파라메터는 원 단위 정수여야 합니다.")
        return int(number)

    def won(self, name: str, *, required: bool = False, default: int = 0) -> int:
        value = self.integer(name, required=required, default=default)
        assert value is not None
        if value < 0:
            raise bad_request(f"{name} 파라메터는 0 이상이어야 합니다.")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"1", "true", "yes", "on"}

    def strings(self, name: str) -> list[str]:
        value = self.values.get(name)
        if value is None or value == "":
            return []
        if isinstance(value, list):
            return [str(item) for item in value if str(item) != ""]
        return [str(value)]


_SECRET_FIELDS = frozenset({"expiry", "birth", "pwd_2digit", "cvc", "imp_secret", "card_password"})


def redact(values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy safe to record: card numbers masked, other card data and secrets replaced."""
    safe: dict[str, Any] = {}
    for key, value in values.items():
        if key == "card_number" and value is not None:
            digits = "".join(ch for ch in str(value) if ch.isdigit())
            safe[key] = mask_number(digits)
        elif key in _SECRET_FIELDS and value not in (None, ""):
            safe[key] = "***"
        elif key == "identifier" and value not in (None, ""):
            text = str(value)
            safe[key] = "*" * max(len(text) - 4, 0) + text[-4:]
        elif isinstance(value, Mapping):
            safe[key] = redact(value)
        elif isinstance(value, list):
            safe[key] = [redact(item) if isinstance(item, Mapping) else item for item in value]
        else:
            safe[key] = value
    return safe
