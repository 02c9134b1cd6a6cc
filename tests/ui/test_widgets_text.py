"""Words of the counter screens: the particle after a number or a name, times without a raised colon,
elapsed seconds, server texts without the request line, phone grouping (issue 12, items 1, 5, 12, 13)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QLocale

from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.grouped_edit import COUNTER_MAX_AMOUNT, counter_limit_error, phone_display


@pytest.fixture
def korean() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("word", "object_form", "direction_form"),
    [
        ("0001", "0001을", "0001로"),  # 일: ㄹ takes 로
        ("0002", "0002를", "0002로"),  # 이
        ("0003", "0003을", "0003으로"),  # 삼
        ("0006", "0006을", "0006으로"),  # 육
        ("0007", "0007을", "0007로"),  # 칠
        ("0009", "0009를", "0009로"),  # 구
        ("4518-42**-****-0000", "4518-42**-****-0000을", "4518-42**-****-0000으로"),  # 영
        ("카드", "카드를", "카드로"),
        ("홍길동", "홍길동을", "홍길동으로"),
        ("서울", "서울을", "서울로"),
        ("'4000'", "'4000'을", "'4000'으로"),  # 천 … 영: read past the quotes
    ],
)
def test_the_particle_follows_how_the_word_is_read(
    korean: None, word: str, object_form: str, direction_form: str
) -> None:
    assert fmt.with_particle(word, "을/를") == object_form
    assert fmt.with_particle(word, "으로/로") == direction_form


def test_no_particle_in_english(english: None) -> None:
    assert fmt.with_particle("0001", "을/를") == "0001"


def test_korean_times_have_no_colon(korean: None) -> None:
    moment = datetime(2026, 12, 1, 19, 42, 5).timestamp()
    assert fmt.clock_time(moment) == "19시 42분"
    assert fmt.clock_time(moment, seconds=True) == "19시 42분 05초"
    assert fmt.day_and_time(moment) == "2026-12-01 19시 42분"
    assert ":" not in fmt.day_and_time(moment, seconds=True)


def test_elapsed_seconds() -> None:
    assert fmt.elapsed_text(0.4) == "0초"
    assert fmt.elapsed_text(35.9) == "35초"
    assert fmt.elapsed_text(125) == "2분 05초"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "응답 대기 시간이 지났습니다 (처리되었을 수 있음): POST /subscribe/payments/onetime",
            "응답 대기 시간이 지났습니다 (처리되었을 수 있음)",
        ),
        (
            "HTTP 504: 응답 본문을 끝까지 받지 못했습니다: GET /payments/find/C01-1",
            "HTTP 504: 응답 본문을 끝까지 받지 못했습니다",
        ),
        (
            "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
            "결제승인에 실패하였습니다. [2116]개인 월 한도금액 초과",
        ),
        (None, ""),
    ],
)
def test_cashier_message_drops_the_request_line(text: str | None, shown: str) -> None:
    assert fmt.cashier_message(text) == shown


def test_describe_error_of_a_transport_failure_has_no_request_line() -> None:
    from pos_app.portone.errors import OutcomeUnknown

    text = fmt.describe_error(
        OutcomeUnknown("보낸 뒤 연결이 끊겼습니다 (처리되었을 수 있음): POST /payments/cancel")
    )
    assert text == "보낸 뒤 연결이 끊겼습니다 (처리되었을 수 있음)"


@pytest.mark.parametrize(
    ("digits", "shown"),
    [
        ("010", "010"),
        ("0101", "010-1"),
        ("0101234", "010-1234"),
        ("01012345", "010-123-45"),
        ("01012345678", "010-1234-5678"),
        ("0111234567", "011-123-4567"),
        ("021234567", "02-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("05051234567", "0505-123-4567"),
        ("15881234", "1588-1234"),
    ],
)
def test_phone_numbers_group_as_typed(digits: str, shown: str) -> None:
    assert phone_display(digits) == shown


def test_the_counter_limit() -> None:
    assert counter_limit_error("amount", COUNTER_MAX_AMOUNT) is None
    error = counter_limit_error("amount", 1_098_765_432)
    assert error is not None
    assert error.field == "amount"
    assert "1,098,765,432원" in str(error)
