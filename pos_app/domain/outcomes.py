"""What became of a money call: the outcome vocabulary shared by the client, journal, services and UI."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """Final and non-final states of a sale attempt (DESIGN.md, the charge path, step 5 and 6)."""

    PENDING = "pending"  # intent written, request not yet answered (crash window)
    APPROVED = "approved"  # code 0, status paid, amount equals the intent
    DECLINED = "declined"  # status failed, or a definite business error (code != 0 with a message)
    MISMATCH = "mismatch"  # paid, but not the amount we intended: never shown as success
    UNKNOWN = "unknown"  # sent, but the reply was lost or unreadable: reconcile by lookup
    NOT_CHARGED = "not_charged"  # nothing reached PortOne, or lookups proved no payment exists
    CANCELLED = "cancelled"  # fully refunded
    PARTIALLY_CANCELLED = "partially_cancelled"  # some of it refunded, a balance remains
    # a live shop's payment (or saved card) that PortOne made through a *test* channel: no money moved,
    # so it is never shown as 승인 and never counted as income
    TEST_PAYMENT = "test_payment"

    @property
    def is_final(self) -> bool:
        return self not in (Outcome.PENDING, Outcome.UNKNOWN)


def classify_payment(status: str, paid_amount: int, cancel_amount: int, intended_amount: int) -> Outcome:
    """Decide what a Payment object PortOne returned means for the sale we intended.

    PortOne reports ``cancelled`` after a partial cancel too, so the amounts decide between full and
    partial. A payment that is (or was) paid with another amount than intended is a MISMATCH, which is
    never shown as success.
    """
    if status == "paid":
        return Outcome.APPROVED if paid_amount == intended_amount else Outcome.MISMATCH
    if status == "failed":
        return Outcome.DECLINED
    if status == "cancelled":
        if paid_amount != intended_amount:
            return Outcome.MISMATCH
        if cancel_amount >= paid_amount:
            return Outcome.CANCELLED
        return Outcome.PARTIALLY_CANCELLED if cancel_amount > 0 else Outcome.CANCELLED
    # "ready" or a status this version does not know: not final, look it up again later
    return Outcome.UNKNOWN
