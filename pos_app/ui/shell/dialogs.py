"""The one module through which the window talks to the cashier in message boxes.

Three kinds of message (Electrum's split): a refusal meant for the user (``show_error``: plain words, the
app goes on), a question (``confirm``: 예/아니오, the safe answer is the default), and information
(``show_info``). Bugs do not come here: they go to the crash hook (``pos_app.ui.shell.crash``).

Every box is a window-modal QMessageBox built here, so tests and the self-test can answer them through
``answer_next`` without monkeypatching call sites, and so every button text goes through translation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

# Set by answer_next(): consulted once by the next box instead of showing it (tests, --self-test).
_scripted_answers: list[Callable[[QMessageBox], bool]] = []


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str | None
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


class _HeldEnterGuard(QObject):
    """Swallows auto-repeated Enter: a key still held from the form must not answer the box it opened."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.isAutoRepeat()
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )


def _exec(box: QMessageBox) -> bool:
    """Show the box; True when the accepting button was pressed."""
    try:
        if _scripted_answers:
            return _scripted_answers.pop(0)(box)
        guard = _HeldEnterGuard(box)
        for widget in (box, *box.findChildren(QWidget)):
            widget.installEventFilter(guard)
        box.exec()
        clicked = box.clickedButton()
        return clicked is not None and box.buttonRole(clicked) in (
            QMessageBox.ButtonRole.AcceptRole,
            QMessageBox.ButtonRole.YesRole,
        )
    finally:
        box.deleteLater()


def show_error(
    parent: QWidget | None, text: str, *, title: str | None = None, details: str | None = None
) -> None:
    """A refusal or failure the cashier must read (declined card, offline, journal read-only …)."""
    heading = title or QCoreApplication.translate("Dialogs", "오류")
    _tell(parent, QMessageBox.Icon.Warning, heading, text, details)


def report_failure(parent: QWidget | None, exc: BaseException) -> None:
    """on_error for runner calls: refusals are shown; anything else is a bug and goes to the crash hook."""
    from pos_app.ui.shell.formatting import describe_error

    text = describe_error(exc)
    if text is None:
        raise exc
    show_error(parent, text)


def show_info(
    parent: QWidget | None, text: str, *, title: str | None = None, details: str | None = None
) -> None:
    heading = title or QCoreApplication.translate("Dialogs", "알림")
    _tell(parent, QMessageBox.Icon.Information, heading, text, details)


def _tell(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str | None) -> None:
    box = _box(parent, icon, title, text, details)
    box.addButton(QCoreApplication.translate("Dialogs", "확인"), QMessageBox.ButtonRole.AcceptRole)
    _exec(box)


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    details: str | None = None,
    yes_text: str | None = None,
    no_text: str | None = None,
    default_yes: bool = False,
) -> bool:
    """A question; True only when the cashier presses the yes button (Esc and closing mean no)."""
    box = _box(parent, QMessageBox.Icon.Question, title, text, details)
    yes = box.addButton(
        yes_text or QCoreApplication.translate("Dialogs", "예"), QMessageBox.ButtonRole.YesRole
    )
    no = box.addButton(
        no_text or QCoreApplication.translate("Dialogs", "아니오"), QMessageBox.ButtonRole.NoRole
    )
    box.setEscapeButton(no)
    box.setDefaultButton(yes if default_yes else no)
    return _exec(box)


def answer_next(accept: bool, *, seen: list[str] | None = None) -> None:
    """Answer the next message box without showing it (tests and the offscreen self-test).

    ``seen`` collects the box's text and details so a test can assert what the cashier would have read.
    """

    def answer(box: QMessageBox) -> bool:
        if seen is not None:
            seen.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
        return accept

    _scripted_answers.append(answer)


def clear_scripted_answers() -> list[str]:
    """Drop unused scripted answers (a test fixture calls this); returns a description of any left."""
    left = [repr(a) for a in _scripted_answers]
    _scripted_answers.clear()
    return left


def press_in_active_box(button_text: str, *, attempts: int = 50, interval_ms: int = 20) -> None:
    """Click a button of the message box that is about to open (drives the real box in a test)."""

    def try_press(remaining: int) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            for button in box.buttons():
                if button.text() == button_text:
                    button.click()
                    return
        if remaining > 0:
            QTimer.singleShot(interval_ms, lambda: try_press(remaining - 1))

    QTimer.singleShot(0, lambda: try_press(attempts))
