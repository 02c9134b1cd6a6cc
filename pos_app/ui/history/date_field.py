"""A date the cashier types (1120, 11/20, 2026-11-20 …) or picks from a calendar, for the history filters.

The text is read by ``domain.typed_dates.parse_typed_date`` against today's date (a callable, so tests
fix "today"); leaving the field rewrites it as ``2026-11-20`` so the cashier sees which day was
understood. Enter emits ``returnPressed`` like any line edit (the tab searches on it). A text that is
not a date stays as typed and ``date()`` raises its ``FieldError``, which the tab shows inline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from pos_app.domain.errors import FieldError
from pos_app.domain.typed_dates import parse_typed_date


def _today() -> date:
    return date.today()


class DateField(QWidget):
    """A line edit for a typed date with a calendar button beside it."""

    returnPressed = Signal()
    date_changed = Signal()

    def __init__(self, today: Callable[[], date] = _today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(20)
        self.edit.setClearButtonEnabled(False)
        # wide enough for 2026-11-20 in any UI font, not more: the filter row must fit 1024 px
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2026-11-20") + 16)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("2026-11-20 ") * 2)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu = QMenu(self.calendar_button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        picker = QWidgetAction(menu)
        picker.setDefaultWidget(self.calendar)
        menu.addAction(picker)
        menu.aboutToShow.connect(self._on_calendar_opening)
        self.calendar.clicked.connect(lambda picked: self._on_calendar_picked(menu, picked))
        self.calendar_button.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.calendar_button)
        self.setFocusProxy(self.edit)
        self.edit.returnPressed.connect(self._on_return_pressed)
        self.edit.editingFinished.connect(self._tidy)

    def set_date(self, day: date | None) -> None:
        self.edit.setText("" if day is None else day.isoformat())
        self.date_changed.emit()

    def date(self) -> date | None:
        """The day typed (None when empty); raises FieldError for text that is not a date."""
        return parse_typed_date(self.edit.text(), self._today())

    def text(self) -> str:
        return self.edit.text()

    def _tidy(self) -> None:
        try:
            day = self.date()
        except FieldError:
            return  # left as typed; the search shows why
        tidy = "" if day is None else day.isoformat()
        if tidy != self.edit.text():
            self.edit.setText(tidy)

    def _on_return_pressed(self) -> None:
        self._tidy()
        self.returnPressed.emit()

    def _on_calendar_opening(self) -> None:
        try:
            day = self.date() or self._today()
        except FieldError:
            day = self._today()
        self.calendar.setLocale(QLocale())
        today = self._today()
        self.calendar.setMaximumDate(QDate(today.year, today.month, today.day))
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _on_calendar_picked(self, menu: QMenu, picked: QDate) -> None:
        menu.close()
        day = picked.toPython()
        assert isinstance(day, date)  # PySide6 types QDate.toPython as object
        self.set_date(day)
        self.returnPressed.emit()
