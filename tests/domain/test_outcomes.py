"""classify_payment: every status, amounts deciding full/partial cancel and mismatches."""

from __future__ import annotations

import pytest

from pos_app.domain.outcomes import Outcome, classify_payment


@pytest.mark.parametrize(
    ("status", "paid", "cancelled", "intended", "outcome"),
    [
        ("paid", 10_000, 0, 10_000, Outcome.APPROVED),
        ("paid", 9_000, 0, 10_000, Outcome.MISMATCH),
        ("paid", 11_000, 0, 10_000, Outcome.MISMATCH),
        ("failed", 10_000, 0, 10_000, Outcome.DECLINED),
        ("ready", 10_000, 0, 10_000, Outcome.UNKNOWN),
        ("something_new", 10_000, 0, 10_000, Outcome.UNKNOWN),
        ("cancelled", 10_000, 10_000, 10_000, Outcome.CANCELLED),
        ("cancelled", 10_000, 4_000, 10_000, Outcome.PARTIALLY_CANCELLED),
        ("cancelled", 9_000, 9_000, 10_000, Outcome.MISMATCH),
    ],
)
def test_classify(status: str, paid: int, cancelled: int, intended: int, outcome: Outcome) -> None:
    assert classify_payment(status, paid, cancelled, intended) is outcome


def test_final_states() -> None:
    assert {o for o in Outcome if not o.is_final} == {Outcome.PENDING, Outcome.UNKNOWN}
