"""Card input fields that never let the digits out: no copy, no cut, no drag, no context menu.

Card number, expiry, birth/business number and PIN digits are toxic (COMMON.md): the clipboard is
shared with every other program on the shop PC, so these fields refuse Copy/Cut shortcuts, dragging the
selection and the context menu, and ask input methods not to learn or predict what is typed. Clearing
uses setText(""), which also drops the undo history, so Ctrl+Z cannot bring a cleared number back.

One set for every form that takes a card (key-in tab, card registration): ``CardNumberEdit`` groups as
typed (4-4-4-4, AMEX 4-6-5 like domain.card.formatted) and reports the card company guessed from the
BIN; ``ExpiryEdit`` takes MMYY and shows MM/YY; ``BirthEdit`` shows 6 birth digits as typed and a
business number as 123-45-67890; ``PinEdit`` takes 2 digits and echoes dots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from pos_app.domain.card import group_sizes
from pos_app.domain.card_issuers import guess_card_company
from pos_app.ui.widgets.grouped_edit import DigitGroupingEdit, group_digits

_BLOCKED_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)
_SENSITIVE_HINTS = (
    Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhNoAutoUppercase
)


def _seal(edit: QLineEdit) -> None:
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    edit.setDragEnabled(False)
    edit.setInputMethodHints(edit.inputMethodHints() | _SENSITIVE_HINTS)
    edit.setProperty("cardData", True)  # lets the style sheet and tests find every sealed field


def _is_blocked(event: QKeyEvent) -> bool:
    if any(event.matches(key) for key in _BLOCKED_KEYS):
        return True
    # Ctrl+Insert / Shift+Delete are copy/cut on Windows even when matches() misses them
    modifiers = event.modifiers()
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    return (event.key() == Qt.Key.Key_Insert and ctrl) or (event.key() == Qt.Key.Key_Delete and shift)


class SecretLineEdit(QLineEdit):
    """A QLineEdit for card data: typing and pasting in work, nothing gets out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _seal(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_blocked(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def wipe(self) -> None:
        self.setText("")


class _SealedDigits(DigitGroupingEdit):
    """A grouped digit field holding card data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _seal(self)
        self.setInputMethodHints(self.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_blocked(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def wipe(self) -> None:
        self.set_digits("")


class CardNumberEdit(_SealedDigits):
    """Card number grouped as typed; ``card_company_changed`` carries the BIN guess (or "")."""

    card_company_changed = Signal(str)
    max_digits = 19

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._company = ""
        self.digits_changed.connect(self._on_digits_changed)

    def display_for(self, digits: str) -> str:
        if digits[:2] in ("34", "37"):  # AMEX: 4-6-5 from the start, as the slip will show it
            sizes: tuple[int, ...] = (4, 6, 5)
        else:
            sizes = group_sizes(max(len(digits), 16)) if len(digits) <= 16 else group_sizes(len(digits))
        parts, start = [], 0
        for size in sizes:
            if start >= len(digits):
                break
            parts.append(digits[start : start + size])
            start += size
        return "-".join(parts)

    def company(self) -> str:
        return self._company

    def _on_digits_changed(self, digits: str) -> None:
        company = (guess_card_company(digits[:6]) or "") if len(digits) >= 4 else ""
        if company != self._company:
            self._company = company
            self.card_company_changed.emit(company)


class ExpiryEdit(_SealedDigits):
    """Expiry typed as MMYY, shown as MM/YY."""

    max_digits = 4

    def display_for(self, digits: str) -> str:
        return digits if len(digits) <= 2 else f"{digits[:2]}/{digits[2:]}"


class BirthEdit(_SealedDigits):
    """Birth date YYMMDD (6 digits, as typed) or a business number, grouped 123-45-67890 from 7 digits."""

    max_digits = 10

    def display_for(self, digits: str) -> str:
        return digits if len(digits) <= 6 else group_digits(digits, (3, 2, 5))


class PinEdit(SecretLineEdit):
    """The first two PIN digits, echoed as dots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(2)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(self.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
