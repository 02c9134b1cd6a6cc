"""Won amounts and the tax split of a sale: integers only, VAT inside the taxable part as PortOne computes.

KRW has no minor unit, so every amount is a Python ``int`` of whole won. :func:`parse_won` reads what a
cashier types ("12,000", "12000", "12,000원", full-width digits) and refuses negatives, fractions,
non-numbers, badly grouped commas and absurd sizes (above :data:`MAX_WON`, far beyond any counter sale,
which catches a finger resting on the 0 key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.typed_input import normalise

MAX_WON = 100_000_000_000

MSG_AMOUNT_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "금액을 입력하세요.")
MSG_AMOUNT_NOT_NUMBER = QT_TRANSLATE_NOOP("FieldError", "금액은 숫자로만 입력하세요 (예: 12,000).")
MSG_AMOUNT_NEGATIVE = QT_TRANSLATE_NOOP("FieldError", "금액은 0보다 작을 수 없습니다.")
MSG_AMOUNT_FRACTION = QT_TRANSLATE_NOOP("FieldError", "금액은 원 단위 정수로 입력하세요 (소수점 불가).")
MSG_AMOUNT_ZERO = QT_TRANSLATE_NOOP("FieldError", "금액은 1원 이상이어야 합니다.")
MSG_AMOUNT_TOO_LARGE = QT_TRANSLATE_NOOP("FieldError", "금액이 너무 큽니다 (최대 {max:,}원).")
MSG_TAX_FREE_RANGE = QT_TRANSLATE_NOOP(
    "FieldError", "면세 금액은 0원 이상, 결제 금액({amount:,}원) 이하여야 합니다."
)

# "12000", "12,000" (commas only as thousands separators); an optional 원 / ₩ around it
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def parse_won(text: str | int, field: str = "amount", *, allow_zero: bool = False) -> int:
    """Whole won from typed text or an int; raises FieldError(field) with the reason."""
    if isinstance(text, bool):  # bool is an int subclass; True is not an amount
        raise FieldError(field, MSG_AMOUNT_NOT_NUMBER)
    value = text if isinstance(text, int) else _parse_won_text(text, field)
    if value < 0:
        raise FieldError(field, MSG_AMOUNT_NEGATIVE)
    if value == 0 and not allow_zero:
        raise FieldError(field, MSG_AMOUNT_ZERO)
    if value > MAX_WON:
        raise FieldError(field, MSG_AMOUNT_TOO_LARGE, max=MAX_WON)
    return value


def _parse_won_text(text: str, field: str) -> int:
    cleaned = normalise(text).replace(" ", "")
    if cleaned.endswith("원"):
        cleaned = cleaned[:-1]
    if cleaned.startswith(("₩", "\\")):  # NFKC keeps ₩; a Korean keyboard's \ key prints ₩
        cleaned = cleaned[1:]
    if not cleaned:
        raise FieldError(field, MSG_AMOUNT_REQUIRED)
    negative = cleaned.startswith("-")
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    if "." in body:
        whole, _, fraction = body.partition(".")
        if _is_number(whole) and fraction.isascii() and fraction.isdigit():
            raise FieldError(field, MSG_AMOUNT_NEGATIVE if negative else MSG_AMOUNT_FRACTION)
        raise FieldError(field, MSG_AMOUNT_NOT_NUMBER)
    if not _is_number(body):
        raise FieldError(field, MSG_AMOUNT_NOT_NUMBER)
    if negative:
        raise FieldError(field, MSG_AMOUNT_NEGATIVE)
    if len(body) > 20:  # int() of a huge string is slow and the value is absurd anyway
        raise FieldError(field, MSG_AMOUNT_TOO_LARGE, max=MAX_WON)
    return int(body.replace(",", ""))


def _is_number(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None or _GROUPED.fullmatch(text) is not None


def vat_of(amount: int, tax_free: int) -> int:
    """VAT inside the taxable part: round((amount - tax_free) / 11), as PortOne computes it.

    Integer arithmetic; ties cannot occur because 11 is odd, so the rounding mode does not matter.
    """
    taxable = amount - tax_free
    return (2 * taxable + 11) // 22


@dataclass(frozen=True)
class TaxSplit:
    """A sale amount split into tax-free part, VAT and supply value (공급가액)."""

    amount: int
    tax_free: int = 0

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise FieldError("amount", MSG_AMOUNT_NEGATIVE)
        if not 0 <= self.tax_free <= self.amount:
            raise FieldError("tax_free", MSG_TAX_FREE_RANGE, amount=self.amount)

    @property
    def taxable(self) -> int:
        return self.amount - self.tax_free

    @property
    def vat(self) -> int:
        return vat_of(self.amount, self.tax_free)

    @property
    def supply(self) -> int:
        """Supply value of the taxable part (amount - tax_free - vat)."""
        return self.amount - self.tax_free - self.vat
