"""What became of a money call: the outcome vocabulary shared by the client, journal, services and UI."""

from __future__ import annotations

from enum import Enum


class Outcome(str, Enum):
    """Final and non-final states of a sale attempt (DESIGN.md, the charge path, step 5 and 6)."""

    PENDING = "pending"  # intent written, request not yet answered (crash window)
    APPROVED = "approved"  # code 0, status paid, amount equals the intent
    DECLINED = "declined"  # status failed, or a definite business error (code != 0 with a message)
    MISMATCH = "mismatch"  # paid, but not the amount we intended: never shown as success
    UNKNOWN = "unknown"  # sent, but the reply was lost or unreadable: reconcile by lookup
    NOT_CHARGED = "not_charged"  # nothing reached PortOne, or lookups proved no payment exists
    CANCELLED = "cancelled"  # fully refunded
    PARTIALLY_CANCELLED = "partially_cancelled"  # some of it refunded, a balance remains

    @property
    def is_final(self) -> bool:
        return self not in (Outcome.PENDING, Outcome.UNKNOWN)
