"""What a set of PortOne records for one merchant_uid means, and how polling spends its delays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pos_app.domain import Outcome
from pos_app.portone.models import Payment
from pos_app.services.errors import ServiceError, journal_error
from pos_app.services.resolution import poll, settle_payments


def payment(status: str, amount: int = 10_000, cancel_amount: int = 0, **extra: Any) -> Payment:
    return Payment(
        imp_uid=f"imp_{status}_{amount}",
        merchant_uid="C01-x",
        amount=amount,
        cancel_amount=cancel_amount,
        currency="KRW",
        status=status,
        sandbox=True,
        **extra,
    )


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([payment("paid")], Outcome.APPROVED),
        ([payment("paid", 11_000)], Outcome.MISMATCH),
        ([payment("failed", fail_reason="한도 초과"), payment("paid")], Outcome.APPROVED),
        ([payment("failed", fail_reason="한도 초과")], Outcome.DECLINED),
        ([payment("cancelled", cancel_amount=10_000)], Outcome.CANCELLED),
        ([payment("cancelled", cancel_amount=4_000)], Outcome.PARTIALLY_CANCELLED),
        # two charges under one merchant_uid are never success
        ([payment("paid", paid_at=1), payment("paid", paid_at=2)], Outcome.MISMATCH),
    ],
)
def test_settled_records(records: list[Payment], expected: Outcome) -> None:
    settled = settle_payments(records, 10_000)
    assert settled is not None
    assert settled.outcome is expected


@pytest.mark.parametrize("records", [[], [payment("ready")], [payment("failed"), payment("ready")]])
def test_not_final_yet(records: list[Payment]) -> None:
    assert settle_payments(records, 10_000) is None


def test_declined_carries_the_fail_reason() -> None:
    settled = settle_payments([payment("failed", fail_reason="[2116]개인 월 한도금액 초과")], 10_000)
    assert settled is not None
    assert settled.message == "[2116]개인 월 한도금액 초과"


def test_poll_looks_once_more_after_each_delay_and_stops_at_an_answer() -> None:
    answers = iter([None, None, "done", "never asked"])
    slept: list[float] = []

    assert poll(lambda: next(answers), (1.0, 2.0, 4.0), _pause_into(slept)) == "done"
    assert slept == [1.0, 2.0]


def _pause_into(slept: list[float]) -> Callable[[float], bool]:
    def pause(seconds: float) -> bool:
        slept.append(seconds)
        return True

    return pause


def test_poll_gives_up_after_the_last_delay() -> None:
    calls: list[int] = []
    slept: list[float] = []

    def attempt() -> str | None:
        calls.append(1)
        return None

    assert poll(attempt, (1.0, 2.0), _pause_into(slept)) is None
    assert len(calls) == 3
    assert slept == [1.0, 2.0]


def test_poll_stops_looking_when_the_app_is_stopping() -> None:
    calls: list[int] = []

    def attempt() -> str | None:
        calls.append(1)
        return None

    assert poll(attempt, (1.0, 2.0, 4.0), lambda _seconds: False) is None
    assert len(calls) == 1  # the row stays open for the next start


def test_service_error_formats_its_params_and_keeps_the_source_text() -> None:
    error = journal_error(("디스크가 가득 찼습니다.", "쓰기 권한이 없습니다."))

    assert error.reason == "journal"
    assert "{problems}" in error.message  # the source text the window translates
    assert str(error).endswith("디스크가 가득 찼습니다.; 쓰기 권한이 없습니다.")
    assert "journal" in repr(error)
    with pytest.raises(ServiceError, match="디스크"):
        raise error
