"""A guess of the card company from the first digits of a card number, for display only.

Shown next to the card number while the cashier types and stored as a hint with the intent; the real
card company is what PortOne returns (``card_name``/``card_code``) after the charge. The guess is the
longest matching prefix in :data:`ISSUER_BINS` (Korean issuers whose BINs are public knowledge, and the
BINs of the sandbox test cards in ``pos_app/sandbox/cards.py``, under the same names as there), else the
international brand from the ISO/IEC 7812 ranges, else ``None``. Numbers starting with 9 are Korean
domestic-only cards of any issuer: without a known BIN there is no brand to show.

The table is deliberately small: a wrong company name on screen is worse than none.
"""

from __future__ import annotations

from collections.abc import Mapping

from pos_app.domain.typed_input import digits_only

# BIN (6 digits) -> card company, as PortOne's card_name spells it for KSNET
ISSUER_BINS: Mapping[str, str] = {
    # the sandbox test cards (pos_app/sandbox/cards.py, TEST_CARDS)
    "451842": "신한카드",
    "457973": "KB국민카드",
    "449914": "삼성카드",
    "433028": "현대카드",
    "943003": "BC카드",
    "467009": "롯데카드",
    "546112": "NH농협카드",
    "404825": "하나카드",
    "515594": "우리카드",
    # KakaoBank check cards (published by the bank): Mastercard and domestic-only
    "536510": "카카오뱅크",
    "949099": "카카오뱅크",
}

# International brands by prefix range (ISO/IEC 7812 registrations), checked after the issuer table.
_BRAND_RANGES: tuple[tuple[int, int, int, str], ...] = (
    # (prefix length, low, high, brand)
    (2, 34, 34, "AMEX"),
    (2, 37, 37, "AMEX"),
    (4, 3528, 3589, "JCB"),
    (3, 300, 305, "Diners Club"),
    (2, 36, 36, "Diners Club"),
    (2, 38, 39, "Diners Club"),
    (4, 3095, 3095, "Diners Club"),
    (2, 62, 62, "UnionPay"),
    (2, 81, 81, "UnionPay"),
    (2, 51, 55, "Mastercard"),
    (4, 2221, 2720, "Mastercard"),
    (1, 4, 4, "VISA"),
)


def guess_card_company(digits_or_prefix: str) -> str | None:
    """Company (or brand) name for a card number or its first digits; None when unknown."""
    digits = digits_only(digits_or_prefix)
    if not digits:
        return None
    best: str | None = None
    best_len = 0
    for prefix, company in ISSUER_BINS.items():
        if digits.startswith(prefix) and len(prefix) > best_len:
            best, best_len = company, len(prefix)
    if best is not None:
        return best
    return _brand_of(digits)


def _brand_of(digits: str) -> str | None:
    matches: list[tuple[int, str]] = []
    for length, low, high, brand in _BRAND_RANGES:
        if len(digits) >= length and low <= int(digits[:length]) <= high:
            matches.append((length, brand))
    if not matches:
        return None
    return max(matches)[1]  # the most specific range wins
