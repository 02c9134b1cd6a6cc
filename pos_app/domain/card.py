"""The card number a cashier keys in: normalisation, Luhn, the form sent to PortOne, and 6+4 masking.

Grouping (what :meth:`CardNumber.formatted` sends as ``card_number``):

* 16 digits: ``dddd-dddd-dddd-dddd`` (documented PortOne format);
* 15 digits (American Express): ``dddd-dddddd-ddddd``, the grouping embossed on AMEX cards. PortOne does
  not document a 15-digit format (API-NOTES §13 item 5); we send the card's own grouping because the PG
  strips dashes and a cashier comparing the read-back with the card sees the same groups;
* other lengths (13, 14, 17–19): groups of 4 from the left, the last group shorter.

Masking keeps the first 6 (the BIN) and the last 4 digits, the form card slips and PortOne use, and is the
only form of a card number we ever store or show. The full number lives in a :class:`CardNumber` only
for the duration of one call; its repr shows the last 4 digits only.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.typed_input import is_ascii_digits, normalise, without_separators

CARD_MIN_DIGITS = 13
CARD_MAX_DIGITS = 19
MASK_CHAR = "*"
# characters that already stand for a hidden digit in masked numbers from PortOne or a PG
_MASK_INPUT_CHARS = frozenset("*xX#•●")

MSG_CARD_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "카드번호를 입력하세요.")
MSG_CARD_NOT_DIGITS = QT_TRANSLATE_NOOP("FieldError", "카드번호는 숫자만 입력하세요 (공백, - 는 허용).")
MSG_CARD_LENGTH = QT_TRANSLATE_NOOP(
    "FieldError", "카드번호는 {min}~{max}자리여야 합니다 (입력: {length}자리)."
)
MSG_CARD_LUHN = QT_TRANSLATE_NOOP("FieldError", "카드번호가 올바르지 않습니다. 번호를 다시 확인하세요.")


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload`` (ASCII digits)."""
    total = 0
    # the digit next to the check digit is doubled, then every second one going left
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits, at least 2) end with their Luhn check digit."""
    if len(digits) < 2 or not is_ascii_digits(digits):
        return False
    return luhn_check_digit(digits[:-1]) == digits[-1]


def group_sizes(length: int) -> tuple[int, ...]:
    """How a card number of ``length`` digits is split into dash-separated groups."""
    if length == 15:
        return (4, 6, 5)
    sizes = [4] * (length // 4)
    if length % 4:
        sizes.append(length % 4)
    return tuple(sizes)


def _grouped(chars: str) -> str:
    parts = []
    start = 0
    for size in group_sizes(len(chars)):
        parts.append(chars[start : start + size])
        start += size
    return "-".join(parts)


def _mask_positions(chars: str) -> str:
    """Hide every position except the first 6 and last 4 (only the last 4 for short strings)."""
    n = len(chars)
    if n >= CARD_MIN_DIGITS:
        keep_head, keep_tail = 6, 4
    elif n >= 8:
        keep_head, keep_tail = 0, 4  # not a whole card number: 6+4 would reveal nearly everything
    else:
        keep_head, keep_tail = 0, 0
    return "".join(ch if (i < keep_head or i >= n - keep_tail) else MASK_CHAR for i, ch in enumerate(chars))


@dataclass(frozen=True, repr=False)
class CardNumber:
    """A Luhn-valid card number of 13–19 ASCII digits, no separators."""

    digits: str

    def __post_init__(self) -> None:
        if not is_ascii_digits(self.digits):
            raise FieldError("card_number", MSG_CARD_NOT_DIGITS)
        if not CARD_MIN_DIGITS <= len(self.digits) <= CARD_MAX_DIGITS:
            raise FieldError(
                "card_number",
                MSG_CARD_LENGTH,
                min=CARD_MIN_DIGITS,
                max=CARD_MAX_DIGITS,
                length=len(self.digits),
            )
        if not luhn_valid(self.digits):
            raise FieldError("card_number", MSG_CARD_LUHN)

    @classmethod
    def parse(cls, text: str) -> CardNumber:
        """Read a typed card number; spaces and dashes anywhere are ignored."""
        cleaned = without_separators(text)
        if not cleaned:
            raise FieldError("card_number", MSG_CARD_REQUIRED)
        return cls(cleaned)

    def formatted(self) -> str:
        """The form sent to PortOne (see the module docstring for the grouping)."""
        return _grouped(self.digits)

    @property
    def masked(self) -> str:
        """First 6 and last 4 digits visible, the rest ``*``, grouped like :meth:`formatted`."""
        return _grouped(_mask_positions(self.digits))

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    @property
    def bin6(self) -> str:
        return self.digits[:6]

    def __repr__(self) -> str:
        return f"CardNumber(****{self.last4})"

    __str__ = __repr__


def mask_card_number(text: str) -> str:
    """Mask any card-number-like string to the 6+4 form, grouped like a card number.

    Accepts a full number with or without separators and already-masked forms from PortOne
    (``451842******0007``, ``4518-42**-****-0007``). Digits and mask characters count as positions;
    anything else is dropped. Positions 7 to n-4 always come out as ``*``. Strings shorter than a card
    number keep at most their last 4 characters (none below 8 positions). Empty in, empty out.
    """
    positions = "".join(
        ch if ch.isascii() and ch.isdigit() else MASK_CHAR
        for ch in normalise(text)
        if (ch.isascii() and ch.isdigit()) or ch in _MASK_INPUT_CHARS
    )
    if not positions:
        return ""
    return _grouped(_mask_positions(positions))


def display_card_number(*candidates: str | None) -> str:
    """The one shown and exported form of a sale's card: the first known candidate, masked 6+4 and grouped.

    Callers pass PortOne's masked number first and our own hint second (``433028******0001`` and
    ``4330-28**-****-0001`` both come out ``4330-28**-****-0001``), so the screen, the slip and every
    export show a card the same way whichever of the two the journal holds.
    """
    for text in candidates:
        if text:
            masked = mask_card_number(text)
            if masked:
                return masked
    return ""
