"""Enter, the same on every counter form: a held-down Enter answers no confirmation, a check box is never
ticked by Enter, a focused button is pressed once (README, keyboard; issue 12, items 3 and 12)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.shell import dialogs
from pos_app.ui.widgets.form_dialog import FormDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _enter(widget: QWidget, *, held: bool = False) -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", held)
    )


def test_a_held_enter_never_answers_a_read_back(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    open_after_held_key: list[bool] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        target = box.focusWidget() or box
        _enter(target, held=True)  # the key still down from the field that opened the box
        open_after_held_key.append(box.isVisible())
        _enter(target)  # a deliberate press

    QTimer.singleShot(0, press)
    assert dialogs.confirm(parent, "결제 내용 확인", "읽어 드리세요", yes_text="승인 요청", default_yes=True)
    assert open_after_held_key == [True]


class _Form(FormDialog):
    def __init__(self) -> None:
        super().__init__(None)
        self.first = QLineEdit()
        self.consent = QCheckBox("동의")
        self.button = QPushButton("등록")
        self.pressed = 0
        self.button.clicked.connect(self._on_pressed)
        layout = QVBoxLayout(self)
        for widget in (self.first, self.consent, self.button):
            layout.addWidget(widget)
        self.chain_enter([self.first], self.consent.setFocus)

    def _on_pressed(self) -> None:
        self.pressed += 1


def test_enter_in_a_form_moves_on_never_ticks_and_presses_a_button_once(qtbot: Any) -> None:
    form = _Form()
    qtbot.addWidget(form)
    form.show()
    form.first.setFocus()
    _enter(form.first)
    assert form.focusWidget() is form.consent
    _enter(form.consent)
    assert not form.consent.isChecked()
    assert form.focusWidget() is form.button
    _enter(form.button, held=True)
    assert form.pressed == 0
    _enter(form.button)
    assert form.pressed == 1
