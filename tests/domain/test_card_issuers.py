"""guess_card_company: the sandbox test cards under their names, Korean BINs, brands, unknowns."""

from __future__ import annotations

import pytest

from pos_app.domain.card_issuers import ISSUER_BINS, guess_card_company
from pos_app.sandbox import cards
from pos_app.sandbox.cards import TEST_CARDS


@pytest.mark.parametrize("card", TEST_CARDS, ids=lambda c: f"{c.card_name}-{c.number[-4:]}")
def test_knows_every_sandbox_card_by_its_name(card: cards.TestCard) -> None:
    number, name = card.number, card.card_name
    assert guess_card_company(number) == name
    assert guess_card_company(number[:6]) == name  # a BIN alone is enough
    assert guess_card_company(f"{number[:4]}-{number[4:6]}") == name  # as typed, with a dash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5365100000000000", "카카오뱅크"),
        ("949099", "카카오뱅크"),
        ("378282246310005", "AMEX"),
        ("34", "AMEX"),
        ("3530111333300000", "JCB"),
        ("30569309025904", "Diners Club"),
        ("36", "Diners Club"),
        ("6250941006528599", "UnionPay"),
        ("5105105105105100", "Mastercard"),
        ("2221000000000009", "Mastercard"),
        ("2720990000000007", "Mastercard"),
        ("4111111111111111", "VISA"),
        ("4518", "VISA"),  # not yet a whole BIN: the brand only
    ],
)
def test_brand_and_issuer_guesses(text: str, expected: str) -> None:
    assert guess_card_company(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "9", "9410000000000000", "1234567890123", "2220", "2721", "7"])
def test_unknown_is_none(text: str) -> None:
    assert guess_card_company(text) is None


def test_issuer_table_is_bins_of_six_digits() -> None:
    for prefix, company in ISSUER_BINS.items():
        assert len(prefix) == 6
        assert prefix.isdigit()
        assert company
