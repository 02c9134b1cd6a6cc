"""Order ids we mint: ``merchant_uid`` per payment attempt and ``customer_uid`` per registered card.

merchant_uid format, 40 characters at most (PortOne's limit), only ``[A-Za-z0-9_-]``::

    {counter_id}-{YYYYMMDD}T{HHMMSS}{mmm}-{nonce}     e.g. C01-20261126T143205123-k3f9x0a2

* counter id first (1–:data:`COUNTER_ID_MAX` of ``[A-Za-z0-9_]``, no dash so the parts split cleanly),
  so the PortOne console shows which counter charged;
* then the UTC time to the millisecond in fixed width, so the ids of one counter sort by time as
  strings (across counters, sort by :func:`merchant_uid_time`);
* then :data:`NONCE_LENGTH` random base-36 characters from ``secrets``, so two attempts in the same
  millisecond — or two PCs misconfigured with the same counter id — still get different ids
  (36^8 ≈ 2.8·10^12 per millisecond).

customer_uid (80 at most)::

    {counter_id}-cust-{last 4 digits of the phone}-{YYYYMMDD}T{HHMMSS}{mmm}-{nonce}

minted anew for each card registration, so it is unique per customer *and* card (PortOne replaces the
mapping when a customer_uid is reused, API-NOTES §4.1). Only the last 4 phone digits appear: the id is
visible in the PortOne console and in logs.

A naive ``now`` is taken as local time (``datetime.astimezone`` semantics) and converted to UTC.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from pos_app.domain.typed_input import digits_only

MERCHANT_UID_MAX = 40
CUSTOMER_UID_MAX = 80
COUNTER_ID_MAX = 12
NONCE_LENGTH = 8
NONCE_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"

_UID_CHARS = re.compile(r"[A-Za-z0-9_-]+")
_COUNTER_ID = re.compile(rf"[A-Za-z0-9_]{{1,{COUNTER_ID_MAX}}}")
_NONCE = re.compile(rf"[A-Za-z0-9_]{{1,{NONCE_LENGTH}}}")
_TIME_FORMAT = "%Y%m%dT%H%M%S"
_MINTED = re.compile(
    r"(?P<counter>[A-Za-z0-9_]{1,12})-(?:cust-[0-9]{0,4}-)?"
    r"(?P<time>[0-9]{8}T[0-9]{6})(?P<ms>[0-9]{3})-(?P<nonce>[A-Za-z0-9_]{1,8})"
)


def is_valid_counter_id(counter_id: str) -> bool:
    """A counter id usable inside uids: 1–12 of ``[A-Za-z0-9_]`` (settings must enforce this)."""
    return _COUNTER_ID.fullmatch(counter_id) is not None


def is_valid_merchant_uid(s: str) -> bool:
    """Any merchant_uid we may send: 1–40 characters of ``[A-Za-z0-9_-]``."""
    return len(s) <= MERCHANT_UID_MAX and _UID_CHARS.fullmatch(s) is not None


def is_valid_customer_uid(s: str) -> bool:
    """Any customer_uid we may send: 1–80 characters of ``[A-Za-z0-9_-]``."""
    return len(s) <= CUSTOMER_UID_MAX and _UID_CHARS.fullmatch(s) is not None


def _time_part(now: datetime) -> str:
    utc = now.astimezone(UTC)
    if utc.year < 1000:  # keep the time part fixed-width so ids sort as strings
        raise ValueError("uid time before year 1000")
    return f"{utc.strftime(_TIME_FORMAT)}{utc.microsecond // 1000:03d}"


def _check_parts(counter_id: str, nonce: str | None) -> str:
    if not is_valid_counter_id(counter_id):
        raise ValueError(f"counter id must be 1-{COUNTER_ID_MAX} of [A-Za-z0-9_]: {counter_id!r}")
    if nonce is None:
        return "".join(secrets.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))
    if _NONCE.fullmatch(nonce) is None:
        raise ValueError(f"nonce must be 1-{NONCE_LENGTH} of [A-Za-z0-9_]: {nonce!r}")
    return nonce


def mint_merchant_uid(counter_id: str, now: datetime, nonce: str | None = None) -> str:
    """A new merchant_uid for one payment attempt (format in the module docstring).

    ``nonce`` is for tests that need a reproducible id; production code leaves it None.
    """
    nonce = _check_parts(counter_id, nonce)
    uid = f"{counter_id}-{_time_part(now)}-{nonce}"
    assert is_valid_merchant_uid(uid)  # guaranteed by the part limits: 12 + 1 + 18 + 1 + 8 = 40
    return uid


def mint_customer_uid(counter_id: str, tel: str, now: datetime, nonce: str | None = None) -> str:
    """A new customer_uid for one card registration (format in the module docstring)."""
    nonce = _check_parts(counter_id, nonce)
    uid = f"{counter_id}-cust-{digits_only(tel)[-4:]}-{_time_part(now)}-{nonce}"
    assert is_valid_customer_uid(uid)
    return uid


def merchant_uid_time(uid: str) -> datetime | None:
    """The UTC minting time of a uid made by this module (merchant or customer); None for others."""
    match = _MINTED.fullmatch(uid)
    if match is None:
        return None
    try:
        stamp = datetime.strptime(match["time"], _TIME_FORMAT)
    except ValueError:
        return None
    return stamp.replace(microsecond=int(match["ms"]) * 1000, tzinfo=UTC)


def merchant_uid_counter(uid: str) -> str | None:
    """The counter id inside a uid made by this module; None for others."""
    match = _MINTED.fullmatch(uid)
    return match["counter"] if match is not None else None
