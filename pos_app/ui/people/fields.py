"""The two fields of every sign-in and approval: a name (completed from the people set up) and a PIN.

``PersonPinEdit`` is a sealed field like the card fields (``widgets.secret_edits``: no copy, cut, drag or
context menu, input methods told not to learn it), echoes dots, takes only digits up to eight, and is
wiped (``take``) the moment its PIN is read for a check: the PIN lives in memory for the call only.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRegularExpression, QStringListModel, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from pos_app.domain.people import NAME_MAX, PIN_MAX
from pos_app.ui.widgets.secret_edits import SecretLineEdit


class PersonPinEdit(SecretLineEdit):
    """A person's PIN (4–8 digits), echoed as dots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personPin")
        self.setMaxLength(PIN_MAX)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(self.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(rf"[0-9]{{0,{PIN_MAX}}}"), self))

    def take(self) -> str:
        """The PIN typed, and the field empty again (no undo brings it back)."""
        pin = self.text()
        self.wipe()
        return pin


class PersonNameEdit(QLineEdit):
    """A name, completed in place from ``set_names`` as its first letters are typed (any case)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personName")
        self.setMaxLength(NAME_MAX)
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.setCompleter(completer)

    def set_names(self, names: Iterable[str]) -> None:
        self._names.setStringList(sorted(names))
