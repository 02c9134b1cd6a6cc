"""Reading single fields out of PortOne JSON objects, leniently but never wrongly.

PortOne promises to add fields at any time and older replies typed timestamps and ``card_type`` as
strings, so the readers accept numeric strings, integral floats and missing optional keys. What they
never do is guess: a value that cannot be read as the declared type raises ``MalformedField`` naming the
field only (never its value, which could be anything the server echoed).

Three kinds of number, three rules:

* **won amounts** (``opt_won``/``req_won``): ints, integral floats (``1000.0``) and integral numeric
  strings (``"1000"``, ``"1000.0"``); a fractional amount (``1000.5``) or a negative one is malformed —
  money is never rounded.
* **timestamps** (``opt_timestamp``/``req_timestamp``, UNIX seconds): ints, floats and numeric strings,
  whole seconds taken (``1733040000.5`` → ``1733040000``). A *required* timestamp that is garbage is
  malformed. An *optional* one that is garbage is logged (the field name only) and read as absent: a
  payment whose ``started_at`` is unreadable is still a payment, and a descriptive time must never make
  the money facts beside it unreadable. ``strict=True`` is for the optional timestamps a decision rests
  on (a receipt's ``cancelled_at`` is the only way PortOne says it was cancelled): garbage there is
  malformed, like a required one.
* **other integers** (``opt_int``/``req_int``: months, card type, page numbers): integral only.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from typing import Any

from pos_app.portone.errors import MalformedField, MalformedReply

_log = logging.getLogger(__name__)

_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+(?:\.0*)?")
_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?")

_INTEGER = "정수"
_WON = "원 단위 정수"
_TIMESTAMP = "UNIX 시각(초)"


class _Unreadable(Exception):
    """Internal: the value is present but is not of the wanted kind."""


def _integral(value: object) -> int | None:
    """An integer from an int, an integral float or integral text; None for absent; _Unreadable else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Unreadable
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise _Unreadable
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if _INTEGER_TEXT.fullmatch(text):
            return int(text.split(".")[0])
    raise _Unreadable


def _whole_seconds(value: object) -> int | None:
    """UNIX seconds from an int, a float or decimal text, fractions dropped; must not be negative."""
    if value is None:
        return None
    seconds: int
    if isinstance(value, bool):
        raise _Unreadable
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _Unreadable
        seconds = math.floor(value)
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if not _DECIMAL_TEXT.fullmatch(text):
            raise _Unreadable
        if text.startswith("-") and text.strip("-0.") != "":
            raise _Unreadable  # before the epoch, even "-0.5"
        seconds = abs(int(text.split(".")[0]))
    else:
        raise _Unreadable
    if seconds < 0:
        raise _Unreadable
    return seconds


def opt_int(d: Mapping[str, Any], key: str) -> int | None:
    """An integer (months, card type, page numbers); numeric strings and integral floats accepted."""
    try:
        return _integral(d.get(key))
    except _Unreadable:
        raise MalformedField(key, _INTEGER) from None


def req_int(d: Mapping[str, Any], key: str) -> int:
    value = opt_int(d, key)
    if value is None:
        raise MalformedField(key, None)
    return value


def opt_won(d: Mapping[str, Any], key: str) -> int | None:
    """A won amount: whole and not negative, or malformed (never rounded)."""
    try:
        value = _integral(d.get(key))
    except _Unreadable:
        raise MalformedField(key, _WON) from None
    if value is not None and value < 0:
        raise MalformedField(key, _WON)
    return value


def req_won(d: Mapping[str, Any], key: str) -> int:
    value = opt_won(d, key)
    if value is None:
        raise MalformedField(key, None)
    return value


def opt_timestamp(d: Mapping[str, Any], key: str, *, strict: bool = False) -> int | None:
    """UNIX seconds; 0 means "has not happened" and is read as None. Garbage: see the module docstring."""
    try:
        seconds = _whole_seconds(d.get(key))
    except _Unreadable:
        if strict:
            raise MalformedField(key, _TIMESTAMP) from None
        _log.warning("PortOne reply field %r is not a readable timestamp; treated as absent", key)
        return None
    return seconds or None


def req_timestamp(d: Mapping[str, Any], key: str) -> int:
    """UNIX seconds that must be there (token ``now``/``expired_at``, a schedule's ``schedule_at``)."""
    try:
        seconds = _whole_seconds(d.get(key))
    except _Unreadable:
        raise MalformedField(key, _TIMESTAMP) from None
    if seconds is None:
        raise MalformedField(key, None)
    return seconds


def opt_str(d: Mapping[str, Any], key: str) -> str | None:
    """A string; numbers are turned into their text (PortOne has sent approval numbers as numbers)."""
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise MalformedField(key, "문자열")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise MalformedField(key, "문자열")


def req_str(d: Mapping[str, Any], key: str) -> str:
    """An id or a status: only a real, non-empty string will do (a number here means confusion)."""
    value = d.get(key)
    if value is None or value == "":
        raise MalformedField(key, None)
    if not isinstance(value, str):
        raise MalformedField(key, "문자열")
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
    raise MalformedField(key, "참/거짓")


def req_bool(d: Mapping[str, Any], key: str) -> bool:
    value = opt_bool(d, key)
    if value is None:
        raise MalformedField(key, None)
    return value


def opt_list(d: Mapping[str, Any], key: str) -> list[Any]:
    value = d.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedField(key, "배열")
    return value


def as_object(value: object, what: str) -> Mapping[str, Any]:
    """The ``response`` part (or a list item) must be a JSON object."""
    if not isinstance(value, Mapping):
        raise MalformedReply(f"응답의 '{what}'가 객체가 아닙니다")
    return value
