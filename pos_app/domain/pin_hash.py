"""PIN hashes: ``hashlib.scrypt`` with a salt of its own per person; the PIN itself is never kept.

A stored hash is one ASCII string, ``scrypt$<log2 n>$<r>$<p>$<salt hex>$<hash hex>``, so the cost can be
raised later and old hashes still check. The parameters (n = 2^14, r = 8, p = 1: 16 MiB and a few tens of
milliseconds on a counter PC, measured by ``build_scripts/bench/bench_pin.py``) make each guess cost that
much; a 4-digit PIN still falls to someone who has the journal file and ten thousand guesses' time, which is
why the counter locks a person out after five wrong PINs and the README asks managers and the owner for
6–8 digits. ``check_pin`` compares with ``hmac.compare_digest``; it runs once per sign-in or approval, off
the GUI thread.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

LOG2_N = 14
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_PREFIX = "scrypt"


def _derive(pin: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 1 << log2_n
    # scrypt needs 128 * n * r bytes; OpenSSL's default cap is 32 MiB, so allow what the cost asks for
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=HASH_BYTES)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The string to keep for ``pin`` (a fresh random salt unless one is given, for tests)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _derive(pin, salt, LOG2_N, R, P)
    return f"{_PREFIX}${LOG2_N}${R}${P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` is the PIN ``stored`` was made from; False for anything else, also a broken hash."""
    try:
        prefix, log2_n, r, p, salt_hex, digest_hex = stored.split("$")
        if prefix != _PREFIX:
            return False
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        cost = int(log2_n), int(r), int(p)
    except ValueError:
        return False
    if not (10 <= cost[0] <= 20 and 1 <= cost[1] <= 32 and 1 <= cost[2] <= 16) or not pin.isascii():
        return False
    return hmac.compare_digest(_derive(pin, salt, *cost), expected)


def is_pin_hash(text: object) -> bool:
    """The shape of a stored hash (the journal refuses anything else where a hash belongs)."""
    if not isinstance(text, str):
        return False
    parts = text.split("$")
    return (
        len(parts) == 6
        and parts[0] == _PREFIX
        and all(part.isdigit() for part in parts[1:4])
        and _is_hex(parts[4], SALT_BYTES)
        and _is_hex(parts[5], HASH_BYTES)
    )


def _is_hex(text: str, size: int) -> bool:
    try:
        return len(bytes.fromhex(text)) == size
    except ValueError:
        return False
