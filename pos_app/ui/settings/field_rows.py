"""One settings row: a label (the field's buddy), the field with its buttons, and its error line below.

Every field of 설정 and of the first-run setup is laid out the same way, so an error appears under its
own field in both, and each screen keeps ``labels`` and ``errors`` by field name to translate and fill.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

ERROR_COLOR = "#c62828"
ERROR_STYLE = f"color: {ERROR_COLOR};"


def add_field_row(
    form: QFormLayout,
    key: str,
    widget: QWidget,
    *extras: QWidget,
    labels: dict[str, QLabel],
    errors: dict[str, QLabel],
) -> None:
    """Add the row of field ``key`` to ``form``; its label and (hidden) error line go into the dicts."""
    label = QLabel()
    label.setBuddy(widget)
    labels[key] = label
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(widget, 1)
    for extra in extras:
        row.addWidget(extra)
    column.addLayout(row)
    error = QLabel()
    error.setObjectName(f"{key}Error")
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.setVisible(False)
    column.addWidget(error)
    errors[key] = error
    form.addRow(label, box)
