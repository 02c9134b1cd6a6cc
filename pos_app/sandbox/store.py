"""The sandbox's memory: tokens, payments, billing keys, receipts, schedules, late approvals, the ledger.

One lock guards everything (handlers are short). Records are kept as the JSON objects PortOne returns,
with private bookkeeping under keys starting with "_" that `public()` drops. No record ever holds a
full card number, expiry, birth date or PIN digits: billing keys keep only the card's behaviour, mask
and company. With a state file the whole store is written atomically (temp file, fsync, rename) after
every request that changed it (before the reply is sent), so a restarted server remembers what it
charged; it keeps the last PERSISTED_LEDGER_ENTRIES requests of the ledger.

The sandbox clock is the real clock plus an offset that the admin API moves (never backwards: what
already happened by the clock — a token's expiry, an executed schedule — must stay in the past). The
offset is part of the state file, so a restarted sandbox keeps its notion of "now".
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TOKEN_LIFETIME_S = 30 * 60
TOKEN_EXTEND_WITHIN_S = 60
TOKEN_EXTENSION_S = 5 * 60
_STATE_VERSION = 2
_READABLE_VERSIONS = (1, 2)  # version 1 had no schedules and no late approvals
# The state file keeps the most recent requests only, so a long demo does not rewrite an ever-growing
# file on every request; counting POSTs per merchant_uid across a restart needs far fewer.
PERSISTED_LEDGER_ENTRIES = 10_000


@dataclass(frozen=True)
class LedgerEntry:
    method: str
    path: str
    query: dict[str, Any]
    body: dict[str, Any]  # redacted
    time: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def public(record: dict[str, Any]) -> dict[str, Any]:
    """The record as PortOne shows it: bookkeeping keys dropped, nested lists copied."""
    return {
        key: (list(value) if isinstance(value, list) else value)
        for key, value in record.items()
        if not key.startswith("_")
    }


class SandboxStore:
    def __init__(self, clock: Callable[[], float] | None = None, state_file: Path | None = None) -> None:
        self.lock = threading.RLock()
        self._clock = clock or time.time
        self._offset = 0.0
        self._state_file = state_file
        self._dirty = False
        self.tokens: dict[str, int] = {}  # access_token → expired_at
        self.current_token: str | None = None
        self.payments: dict[str, dict[str, Any]] = {}  # imp_uid → Payment
        self._by_merchant_uid: dict[str, list[dict[str, Any]]] = {}  # in the order they were made
        self.customers: dict[str, dict[str, Any]] = {}  # customer_uid → Customer
        self.receipts: dict[str, dict[str, Any]] = {}  # imp_uid → Receipt
        self.external_receipts: dict[str, dict[str, Any]] = {}  # merchant_uid → ExternalReceipt
        self.schedules: dict[str, dict[str, Any]] = {}  # merchant_uid → schedule, in the order made
        # PG-timeout charges whose truth is still to come (late.py); hidden ones are in no other table
        self.late: list[dict[str, Any]] = []
        self.entries: list[LedgerEntry] = []
        self._serial = 0
        if state_file is not None and state_file.exists():
            self._load(state_file)

    # --- time ---------------------------------------------------------------------------------
    def now(self) -> float:
        return self._clock() + self._offset

    def now_s(self) -> int:
        return int(self.now())

    def advance_clock(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the sandbox clock does not go backwards")
        with self.lock:
            self._offset += seconds
            self._dirty = True

    def set_clock(self, unix: float) -> None:
        with self.lock:
            if unix < self.now():
                raise ValueError("the sandbox clock does not go backwards")
            self._offset = unix - self._clock()
            self._dirty = True

    @property
    def clock_offset(self) -> float:
        return self._offset

    # --- ids ----------------------------------------------------------------------------------
    def next_serial(self) -> int:
        self._serial += 1
        self._dirty = True
        return self._serial

    def new_imp_uid(self) -> str:
        # imp_ + 12 digits like real ones; serial in the low digits keeps them unique across restarts.
        return f"imp_{secrets.randbelow(900) + 100:03d}{self.next_serial():09d}"

    def new_digits(self, width: int) -> str:
        return f"{secrets.randbelow(10**width):0{width}d}"

    # --- tokens -------------------------------------------------------------------------------
    def issue_token(self) -> tuple[str, int, int]:
        """PortOne's rule: same token until expiry, +5 min when asked in its last minute."""
        with self.lock:
            now = self.now_s()
            token = self.current_token
            if token is not None and self.tokens.get(token, 0) > now:
                expired_at = self.tokens[token]
                if expired_at - now <= TOKEN_EXTEND_WITHIN_S:
                    expired_at += TOKEN_EXTENSION_S
                    self.tokens[token] = expired_at
                    self._dirty = True
                return token, expired_at, now
            token = secrets.token_hex(20)
            # Forget expired tokens so the table does not grow without bound.
            self.tokens = {t: exp for t, exp in self.tokens.items() if exp > now}
            self.tokens[token] = now + TOKEN_LIFETIME_S
            self.current_token = token
            self._dirty = True
            return token, now + TOKEN_LIFETIME_S, now

    def token_valid(self, token: str) -> bool:
        with self.lock:
            expired_at = self.tokens.get(token)
            return expired_at is not None and expired_at > self.now_s()

    def expire_tokens(self) -> None:
        with self.lock:
            now = self.now_s()
            self.tokens = {token: min(exp, now) for token, exp in self.tokens.items()}
            self._dirty = True

    # --- payments -------------------------------------------------------------------------------
    def add_payment(self, payment: dict[str, Any]) -> None:
        with self.lock:
            self.payments[payment["imp_uid"]] = payment
            self._by_merchant_uid.setdefault(payment["merchant_uid"], []).append(payment)
            self._dirty = True

    def withdraw_payment(self, payment: dict[str, Any]) -> None:
        """Take a payment out of every lookup (a PG-timeout attempt PortOne has not recorded yet)."""
        with self.lock:
            self.payments.pop(payment["imp_uid"], None)
            attempts = self._by_merchant_uid.get(payment["merchant_uid"], [])
            self._by_merchant_uid[payment["merchant_uid"]] = [p for p in attempts if p is not payment]
            self._dirty = True

    def payments_of(self, merchant_uid: str) -> list[dict[str, Any]]:
        """Every attempt with this merchant_uid, oldest first."""
        with self.lock:
            return list(self._by_merchant_uid.get(merchant_uid, ()))

    def _index(self) -> None:
        self._by_merchant_uid = {}
        for payment in self.payments.values():
            self._by_merchant_uid.setdefault(payment["merchant_uid"], []).append(payment)

    # --- ledger -------------------------------------------------------------------------------
    def record(self, entry: LedgerEntry) -> None:
        with self.lock:
            self.entries.append(entry)
            self._dirty = True

    def ledger(self) -> list[LedgerEntry]:
        with self.lock:
            return list(self.entries)

    # --- mutation and persistence ---------------------------------------------------------------
    @contextmanager
    def changing(self) -> Iterator[None]:
        with self.lock:
            self._dirty = True
            yield

    def mark_changed(self) -> None:
        """Something changed under the lock: write the state file at the next flush."""
        self._dirty = True

    def reset(self) -> None:
        with self.lock:
            self.tokens.clear()
            self.current_token = None
            self.payments.clear()
            self._by_merchant_uid.clear()
            self.customers.clear()
            self.receipts.clear()
            self.external_receipts.clear()
            self.schedules.clear()
            self.late.clear()
            self.entries.clear()
            self._dirty = True

    def flush(self) -> None:
        """Write the state file if anything changed since the last flush."""
        if self._state_file is None:
            return
        with self.lock:
            if not self._dirty:
                return
            data = {
                "version": _STATE_VERSION,
                "clock_offset": self._offset,
                "serial": self._serial,
                "tokens": self.tokens,
                "current_token": self.current_token,
                "payments": self.payments,
                "customers": self.customers,
                "receipts": self.receipts,
                "external_receipts": self.external_receipts,
                "schedules": self.schedules,
                "late": self.late,
                "ledger": [entry.to_json() for entry in self.entries[-PERSISTED_LEDGER_ENTRIES:]],
            }
            _write_atomically(self._state_file, json.dumps(data, ensure_ascii=False))
            self._dirty = False

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") not in _READABLE_VERSIONS:
            raise ValueError(f"{path}: unknown sandbox state version {data.get('version')!r}")
        self._offset = float(data.get("clock_offset", 0.0))
        self._serial = int(data.get("serial", 0))
        self.tokens = {str(k): int(v) for k, v in data.get("tokens", {}).items()}
        self.current_token = data.get("current_token")
        self.payments = dict(data.get("payments", {}))
        self._index()
        self.customers = dict(data.get("customers", {}))
        self.receipts = dict(data.get("receipts", {}))
        self.external_receipts = dict(data.get("external_receipts", {}))
        self.schedules = dict(data.get("schedules", {}))
        self.late = list(data.get("late", []))
        # a visible late payment is the same object in the payments table and in its late entry
        for entry in self.late:
            shown = self.payments.get(entry["payment"]["imp_uid"])
            if shown is not None:
                entry["payment"] = shown
        self.entries = [LedgerEntry(**entry) for entry in data.get("ledger", [])]


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
