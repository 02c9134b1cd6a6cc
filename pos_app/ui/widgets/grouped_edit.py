"""Line edits that group digits as the cashier types, keeping the cursor after the same digit.

``AmountEdit`` groups Won amounts the Korean way through QLocale ("1,250,000"). Full-width digits from a
Korean IME are accepted (domain.typed_input.digits_only normalises them). Subclasses decide how a run of
digits is shown; the cursor is put back after as many digits as were left of it before, so typing in
the middle of a number works.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from pos_app.domain.typed_input import digits_only

_KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


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


class AmountEdit(DigitGroupingEdit):
    """A Won amount: digits only, Korean grouping, right aligned; ``value()`` is an int (0 when empty)."""

    max_digits = 12  # 100,000,000,000 is the domain's ceiling
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
