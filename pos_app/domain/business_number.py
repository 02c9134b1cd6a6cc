"""Korean business registration numbers (사업자등록번호): 10 digits, the last one a check digit.

The National Tax Service check: weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus the tens of
(9th digit × 5); the check digit is (10 - sum mod 10) mod 10. Used for corporate-card "birth" input and
for cash receipts issued to a business.
"""

from __future__ import annotations

from pos_app.domain.typed_input import is_ascii_digits

BUSINESS_NUMBER_DIGITS = 10
_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_number_check_digit(first9: str) -> str:
    """The check digit for the first nine digits of a business registration number."""
    digits = [int(ch) for ch in first9]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return str((10 - total % 10) % 10)


def is_valid_business_number(digits: str) -> bool:
    """True for 10 ASCII digits whose last digit is the NTS check digit."""
    if len(digits) != BUSINESS_NUMBER_DIGITS or not is_ascii_digits(digits):
        return False
    return business_number_check_digit(digits[:9]) == digits[9]
