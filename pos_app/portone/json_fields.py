"""Reading single fields out of PortOne JSON objects, leniently but never wrongly.

PortOne promises to add fields at any time and older replies typed timestamps and ``card_type`` as
strings, so the readers accept numeric strings, integral floats and missing optional keys. What they
never do is guess: a value that cannot be read as the declared type (a word where an amount should be,
a fractional won amount, an object where a string should be) raises ``MalformedReply`` naming the field
only (never its value, which could be anything the server echoed).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from pos_app.portone.errors import MalformedReply

_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+(?:\.0*)?")


def _wrong(key: str, expected: str) -> MalformedReply:
    return MalformedReply(f"응답 필드 '{key}'의 형식이 잘못되었습니다 ({expected} 기대)")


def _missing(key: str) -> MalformedReply:
    return MalformedReply(f"응답에 필수 필드 '{key}'가 없습니다")


def opt_int(d: Mapping[str, Any], key: str) -> int | None:
    """An integer (won, UNIX seconds, months); numeric strings and integral floats accepted."""
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise _wrong(key, "정수")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise _wrong(key, "정수")
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if _INTEGER_TEXT.fullmatch(text):
            return int(text.split(".")[0])
        raise _wrong(key, "정수")
    raise _wrong(key, "정수")


def req_int(d: Mapping[str, Any], key: str) -> int:
    value = opt_int(d, key)
    if value is None:
        raise _missing(key)
    return value


def opt_str(d: Mapping[str, Any], key: str) -> str | None:
    """A string; numbers are turned into their text (PortOne has sent approval numbers as numbers)."""
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _wrong(key, "문자열")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise _wrong(key, "문자열")


def req_str(d: Mapping[str, Any], key: str) -> str:
    """An id or a status: only a real, non-empty string will do (a number here means confusion)."""
    value = d.get(key)
    if value is None or value == "":
        raise _missing(key)
    if not isinstance(value, str):
        raise _wrong(key, "문자열")
    return value


def opt_bool(d: Mapping[str, Any], key: str) -> bool | None:
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    raise _wrong(key, "참/거짓")


def opt_list(d: Mapping[str, Any], key: str) -> list[Any]:
    value = d.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(key, "배열")
    return value


def as_object(value: object, what: str) -> Mapping[str, Any]:
    """The ``response`` part (or a list item) must be a JSON object."""
    if not isinstance(value, Mapping):
        raise MalformedReply(f"응답의 '{what}'가 객체가 아닙니다")
    return value
