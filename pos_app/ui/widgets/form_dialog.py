"""The base of the counter's form dialogs (card registration, charge again, cancel, cash receipt).

Enter, the same in every form (README, keyboard): in a field it moves to the next field, and in the last
one it does the form's next step (submit, or the read-back); on a focused button it presses that button;
on a check box or radio button it moves on and never ticks it — a customer's consent is ticked only by a
deliberate Space or click. A held-down (auto-repeated) Enter does nothing, so it cannot run through a
form. QDialogButtonBox would make its first accept button the default and submit on Enter anywhere; the
Enter handling here replaces that.

Errors: the form shows every refused field at once, one line per field in form order under the fields,
and frames each refused field red. A line goes away the moment its field becomes valid: after every edit
of a refused field the form is validated again (pure domain code, no call) and the fields that now pass
lose their error. So what the error area says is always about what is in the form now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from pos_app.domain.errors import FIELD_LABELS
from pos_app.ui.shell.formatting import describe_error
from pos_app.ui.widgets.field_style import COUNTER_STYLE, ERROR_RED, mark_error

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NAVIGATION_BLOCKING = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def is_plain_enter(event: QEvent) -> bool:
    """A key press of Enter/Return without Ctrl or Alt."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in _ENTER_KEYS
        and not event.modifiers() & _NAVIGATION_BLOCKING
    )


def field_errors_of(exc: BaseException) -> list[tuple[str, str]]:
    """(field key, text for the cashier) of each problem in ``exc``; field "" for a form-wide one."""
    errors = getattr(exc, "errors", None)
    if errors:
        found: list[tuple[str, str]] = []
        for error in errors:
            found.extend(field_errors_of(error))
        return found
    text = describe_error(exc) or str(exc)
    field = getattr(exc, "field", None)
    return [(field if isinstance(field, str) else "", text)]


class FormDialog(QDialog):
    """Enter that belongs to the fields, and errors that belong to what is in the form now."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setStyleSheet(COUNTER_STYLE)
        self.error_label = QLabel()
        self.error_label.setObjectName("formErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_RED};")
        self.error_label.setVisible(False)
        self._enter_steps: dict[QObject, Callable[[], None]] = {}
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, str] = {}  # field key ("" = the whole form) → the line shown

    # -- Enter --------------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        # A push button that is "auto default" presses itself on Enter, auto-repeat included; here Enter
        # reaches keyPressEvent instead, which presses the focused button once and ignores a held key.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled() and not event.isAutoRepeat():
                focused.click()
            elif isinstance(focused, (QCheckBox, QRadioButton)):
                self.focusNextChild()  # moving on never ticks it
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        step = self._enter_steps.get(watched)
        if step is not None and is_plain_enter(event):
            assert isinstance(event, QKeyEvent)
            if not event.isAutoRepeat():
                step()
            return True  # consumed: the field never passes Enter on to the dialog's buttons
        return super().eventFilter(watched, event)

    def chain_enter(self, widgets: Sequence[QWidget], last_step: Callable[[], None]) -> None:
        """Enter in ``widgets[i]`` focuses the next enabled, visible one; in the last, ``last_step``."""
        for index, widget in enumerate(widgets):
            self.set_enter_step(
                widget, partial(self._focus_first_usable, list(widgets[index + 1 :]), last_step)
            )

    def set_enter_step(self, widget: QWidget, step: Callable[[], None]) -> None:
        self._enter_steps[widget] = step
        widget.installEventFilter(self)

    def _focus_first_usable(self, candidates: list[QWidget], otherwise: Callable[[], None]) -> None:
        for candidate in candidates:
            if candidate.isEnabled() and candidate.isVisibleTo(self):
                candidate.setFocus(Qt.FocusReason.TabFocusReason)
                return
        otherwise()

    # -- errors ---------------------------------------------------------------------------------------
    def bind_field(self, key: str, widget: QWidget) -> None:
        """``widget`` is where field ``key``'s error is framed; editing it re-checks a shown error."""
        self._fields[key] = widget
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, key=key: self._on_field_edited(key))
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _index, key=key: self._on_field_edited(key))
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(lambda _checked, key=key: self._on_field_edited(key))

    def validate_form(self) -> BaseException | None:
        """The form's problems now (pure validation, no call), or None; forms override it."""
        return None

    def show_form_errors(self, exc: BaseException) -> None:
        """Every problem of ``exc`` at its field (framed) and in the error lines; the first field gets
        the focus."""
        self._errors = {}
        for key, text in field_errors_of(exc):
            key = key if key in self._fields else ""
            line = self._line_for(key, text)
            self._errors[key] = line if key not in self._errors else self._errors[key] + "\n" + line
        self._render_errors()
        for key in self._fields:
            if key in self._errors:
                self._fields[key].setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def show_form_message(self, text: str, field: str = "") -> None:
        """One line of its own (a missing consent, a refusal of the services)."""
        self._errors = {field if field in self._fields else "": text}
        self._render_errors()

    def clear_form_errors(self) -> None:
        self._errors = {}
        self._render_errors()

    def error_fields(self) -> tuple[str, ...]:
        """The field keys whose error is shown now."""
        return tuple(key for key in self._errors if key)

    def _line_for(self, key: str, text: str) -> str:
        label = FIELD_LABELS.get(key)
        if not label or text.startswith(QCoreApplication.translate("FieldLabel", label)):
            return text
        return QCoreApplication.translate("FieldLabel", label) + ": " + text

    def _on_field_edited(self, key: str) -> None:
        if key not in self._errors:
            return
        problem = self.validate_form()
        still = {field for field, _text in field_errors_of(problem)} if problem is not None else set()
        for field in [field for field in self._errors if field and field not in still]:
            del self._errors[field]  # fixed now; a form-wide line ("") stays until the next submit
        self._render_errors()

    def _render_errors(self) -> None:
        order = [*self._fields, ""]
        lines = [self._errors[key] for key in order if key in self._errors]
        self.error_label.setText("\n".join(lines))
        self.error_label.setVisible(bool(lines))
        for key, widget in self._fields.items():
            mark_error(widget, key in self._errors)
        self.grow_to_fit()

    def grow_to_fit(self) -> None:
        """Grow the dialog when new lines (errors, a page) need more room than it has; a wrapping label's
        height does not enter a top-level window's minimum, so without this the fields were squeezed."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        hint = self.sizeHint()
        if self.width() < hint.width() or self.height() < hint.height():
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))
