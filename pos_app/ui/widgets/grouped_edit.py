"""Line edits that group digits as the cashier types, keeping the cursor after the same digit.

``AmountEdit`` groups Won amounts the Korean way through QLocale ("1,250,000"); ``PhoneEdit`` groups a
Korean phone number as it is written (010-1234-5678, 02-123-4567, 031-1234-5678, 1588-1234). Full-width
digits from a Korean IME are accepted (domain.typed_input.digits_only normalises them). Subclasses decide
how a run of digits is shown; the cursor is put back after as many digits as were left of it before, so
typing in the middle of a number works.

Every counter form uses these same widgets (key-in tab, card registration, charge again, cancel, cash
receipt), so an amount or a phone number looks and types the same wherever it is asked for.

``COUNTER_MAX_AMOUNT`` is the largest amount a counter form takes in one go. PortOne and KSNET publish no
per-payment ceiling (a merchant's key-in limit is set in its KSNET contract, typically a few million won),
and the domain's own ceiling (1000억 원) only catches a finger resting on a key. 10,000,000원 is far
above any phone order at a shop counter, yet refuses the phone digits that once ran on into the amount
field (1,098,765,432원) with a clear error instead of sending them.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.typed_input import digits_only
from pos_app.ui.shell.formatting import won

_KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)

COUNTER_MAX_AMOUNT = 10_000_000
MSG_ABOVE_COUNTER_LIMIT = QT_TRANSLATE_NOOP(
    "FieldError",
    "금액이 너무 큽니다 ({amount}). 한 번에 {limit}까지 받을 수 있습니다. 금액을 다시 확인하세요.",
)


class DigitGroupingEdit(QLineEdit):
    """A QLineEdit whose text is reformatted from its digits after every edit."""

    digits_changed = Signal(str)

    max_digits = 19

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.connect(self._on_text_edited)

    def display_for(self, digits: str) -> str:  # overridden
        return digits

    def digits(self) -> str:
        return digits_only(self.text())

    def set_digits(self, digits: str) -> None:
        digits = digits_only(digits)[: self.max_digits]
        self.setText(self.display_for(digits))  # setText also drops the undo history
        self.digits_changed.emit(digits)

    def _on_text_edited(self, text: str) -> None:
        digits_left = len(digits_only(text[: self.cursorPosition()]))
        digits = self._normalise_digits(digits_only(text))[: self.max_digits]
        shown = self.display_for(digits)
        if shown != text:
            self.setText(shown)
            self.setCursorPosition(_position_after_digits(shown, min(digits_left, len(digits))))
        self.digits_changed.emit(digits)

    def _normalise_digits(self, digits: str) -> str:
        return digits


def _position_after_digits(text: str, count: int) -> int:
    if count == 0:
        return 0
    seen = 0
    for index, char in enumerate(text):
        if char.isdigit():
            seen += 1
            if seen == count:
                return index + 1
    return len(text)


def group_digits(digits: str, sizes: tuple[int, ...]) -> str:
    """``digits`` cut into dash-separated groups of ``sizes`` (the last group takes the rest)."""
    parts, start = [], 0
    for index, size in enumerate(sizes):
        if start >= len(digits):
            break
        end = len(digits) if index == len(sizes) - 1 else start + size
        parts.append(digits[start:end])
        start = end
    return "-".join(parts)


class AmountEdit(DigitGroupingEdit):
    """A Won amount: digits only, Korean grouping, right aligned; ``value()`` is an int (0 when empty)."""

    max_digits = 12  # typing on past the counter limit is refused with an error, never cut silently
    show_zero = False  # the tax-free field shows "0" rather than looking forgotten

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

    def _normalise_digits(self, digits: str) -> str:
        return digits.lstrip("0") or ("0" if digits else "")

    def display_for(self, digits: str) -> str:
        return _KOREAN.toString(int(digits)) if digits else ""

    def value(self) -> int:
        digits = self.digits()
        return int(digits) if digits else 0

    def set_value(self, amount: int) -> None:
        self.set_digits(str(amount) if amount or self.show_zero else "")


def counter_limit_error(field: str, amount: int) -> FieldError | None:
    """FieldError(``field``) when ``amount`` is above what a counter form takes (COUNTER_MAX_AMOUNT)."""
    if amount <= COUNTER_MAX_AMOUNT:
        return None
    return FieldError(field, MSG_ABOVE_COUNTER_LIMIT, amount=won(amount), limit=won(COUNTER_MAX_AMOUNT))


def phone_display(digits: str) -> str:
    """A Korean phone number grouped as written, also while it is typed: 010-1234-5678, 011-123-4567,
    02-123-4567, 02-1234-5678, 031-123-4567, 0505-123-4567, 1588-1234; other numbers as digits."""
    if not digits:
        return ""
    if digits[0] == "1":
        return group_digits(digits, (4, 4)) if digits[:2] in ("15", "16", "18") else digits
    if digits[0] != "0":
        return digits
    area = 2 if digits.startswith("02") else 4 if digits.startswith("050") else 3
    rest = digits[area:]
    if not rest:
        return digits
    if len(rest) <= 4:
        return f"{digits[:area]}-{rest}"
    middle = 3 if len(rest) <= 7 else 4
    return f"{digits[:area]}-{rest[:middle]}-{rest[middle:]}"


class PhoneEdit(DigitGroupingEdit):
    """A phone number grouped as typed (see ``phone_display``); text as shown, e.g. 010-1234-5678."""

    max_digits = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)

    def display_for(self, digits: str) -> str:
        return phone_display(digits)
