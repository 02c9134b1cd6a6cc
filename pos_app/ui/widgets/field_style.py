"""How the counter's inputs look, the same on every screen: a focus you can see, hints that read as hints,
a red frame on a field with an error.

``COUNTER_STYLE`` is set on each counter screen and dialog (children inherit it): every line edit, combo
box, button, check box and radio button shows a 2 px blue frame while it has the keyboard focus, so a
cashier driving the form with Enter always sees where the next key goes. A field whose error is shown
carries the ``fieldError`` property and gets a red frame instead (``mark_error``).

Hints (placeholder texts) start with "예:" and are drawn in a light grey, and they disappear while the
field is disabled: in a form locked during a call a grey "900101" looked exactly like a typed value.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit, QWidget

FOCUS_BLUE = "#1565c0"
ERROR_RED = "#c62828"
HINT_GREY = "#a0a0a0"

# Each rule keeps the same outer size in both states (border + padding), so focus never moves a field.
COUNTER_STYLE = f"""
QLineEdit {{ border: 1px solid #9e9e9e; border-radius: 3px; padding: 3px 5px; background: white; }}
QLineEdit:focus {{ border: 2px solid {FOCUS_BLUE}; padding: 2px 4px; }}
QLineEdit:disabled {{ background: #f2f2f2; color: #616161; }}
QLineEdit[fieldError="true"] {{ border: 2px solid {ERROR_RED}; padding: 2px 4px; }}
QComboBox {{ border: 1px solid #9e9e9e; border-radius: 3px; padding: 3px 6px; background: white; }}
QComboBox:focus {{ border: 2px solid {FOCUS_BLUE}; padding: 2px 5px; }}
QComboBox:disabled {{ background: #f2f2f2; color: #757575; }}
QComboBox[fieldError="true"] {{ border: 2px solid {ERROR_RED}; padding: 2px 5px; }}
QPushButton {{ border: 1px solid #8d8d8d; border-radius: 4px; padding: 5px 12px; background: #fafafa; }}
QPushButton:hover {{ background: #eeeeee; }}
QPushButton:pressed {{ background: #e0e0e0; }}
QPushButton:focus {{ border: 2px solid {FOCUS_BLUE}; padding: 4px 11px; }}
QPushButton:disabled {{ color: #9e9e9e; border-color: #d0d0d0; background: #f5f5f5; }}
QCheckBox, QRadioButton {{ padding: 2px 4px; border: 2px solid transparent; border-radius: 3px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {FOCUS_BLUE}; background: #e3f2fd; }}
"""


def mark_error(widget: QWidget, has_error: bool) -> None:
    """Red frame on (or off) a field; the style sheet reads the property, so the widget is re-polished."""
    if bool(widget.property("fieldError")) == has_error:
        return
    widget.setProperty("fieldError", has_error)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class _HintKeeper(QObject):
    """Shows the hint only while its line edit is enabled."""

    def __init__(self, edit: QLineEdit, text: str) -> None:
        super().__init__(edit)
        self.text = text
        edit.installEventFilter(self)

    def apply(self, edit: QLineEdit) -> None:
        edit.setPlaceholderText(self.text if edit.isEnabled() else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QLineEdit):
            self.apply(watched)
        return False


def set_hint(edit: QLineEdit, text: str) -> None:
    """Give ``edit`` the hint ``text`` (already translated, e.g. "예: 010-1234-5678"), light grey, hidden
    while the edit is disabled. Calling it again (a language change) replaces the text."""
    keeper = edit.findChild(_HintKeeper)
    if keeper is None:
        keeper = _HintKeeper(edit, text)
        palette = edit.palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(HINT_GREY))
        edit.setPalette(palette)
    keeper.text = text
    keeper.apply(edit)


def hint_of(edit: QLineEdit) -> str:
    """The hint given with ``set_hint`` (whether or not it is showing now)."""
    keeper = edit.findChild(_HintKeeper)
    return keeper.text if keeper is not None else edit.placeholderText()
