"""Run by test_app_window_fit in a child process on a screen of a given size (offscreen ``configfile``).

Opens the real window as the app does (``show_fitted``) on the sandbox, waits for start-up, then for
each tab and for the 일일 마감 dialog reports, as one JSON line: where the window is, whether 승인 and
the status bar lie inside the screen's available area, and every visible text that does not fit its
widget (a clipped label or button, an elided tab, a header section narrower than its text).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QTabBar,
    QWidget,
)


def _pump(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _global_rect(widget: QWidget) -> QRect:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return QRect(top_left, widget.size())


def clipped_texts(root: QWidget) -> list[str]:
    """Visible texts narrower than they need: what a cashier would see cut off."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            if widget.width() + 1 < widget.sizeHint().width():
                found.append(f"label {name} {widget.text()!r}: {widget.width()}px")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.width() + 1 < widget.sizeHint().width():
                found.append(f"button {name} {widget.text()!r}: {widget.width()}px")
        elif isinstance(widget, QComboBox) and widget.currentText():
            if widget.width() + 1 < widget.minimumSizeHint().width():
                found.append(f"combo {name} {widget.currentText()!r}")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.tabRect(index).width() + 1 < widget.tabSizeHint(index).width():
                    found.append(f"tab {widget.tabText(index)!r}")
        elif isinstance(widget, QHeaderView) and widget.orientation().name == "Horizontal":
            model = widget.model()
            for section in range(widget.count()):
                if widget.isSectionHidden(section) or model is None:
                    continue
                title = str(model.headerData(section, widget.orientation()))
                needed = widget.sectionSizeHint(section)  # what Qt itself needs to show it unelided
                if widget.sectionSize(section) < needed:
                    found.append(f"header {title!r}: {widget.sectionSize(section)} < {needed}")
    return found


def main(language: str) -> int:
    from pos_app.app import _window_context, build_parts
    from pos_app.config import SecretStore, Settings
    from pos_app.ui.shell.i18n import Translations
    from pos_app.ui.shell.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    translations = Translations(app)
    translations.switch("en" if language == "en" else "ko")
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pos_app-fit-") as tmp:
        settings = Settings.load(Path(tmp)).with_changes(language=language, shop_name="행복한 꽃집")
        parts = build_parts(settings, SecretStore(), force_sandbox=True)
        window = MainWindow(_window_context(parts, translations))
        try:
            window.show_fitted()
            window.start()
            loop = QEventLoop()
            window.reconciliation_finished.connect(loop.quit)
            QTimer.singleShot(20_000, loop.quit)
            loop.exec()
            _pump(400)
            screen = window.screen().availableGeometry()
            report["screen"] = [screen.width(), screen.height()]
            report["window"] = [window.frameGeometry().width(), window.frameGeometry().height()]
            report["maximised"] = window.isMaximized()
            approve = _global_rect(window.keyin_tab.approve_button)
            visible = window.keyin_tab.approve_button.isVisible()
            report["approve_on_screen"] = screen.contains(approve) and visible
            status = [
                window.open_operations_label,
                window.server_label,
                window.connection_label,
                window.journal_label,
            ]
            report["status_on_screen"] = all(
                screen.contains(_global_rect(label)) and label.isVisible() for label in status
            )
            clipped: dict[str, list[str]] = {}
            tabs = (
                (window.keyin_tab, "keyin"),
                (window.customers_tab, "customers"),
                (window.history_tab, "history"),
                (window.recurring_tab, "recurring"),
            )
            for tab, key in tabs:
                window.tabs.setCurrentWidget(tab)
                _pump(400)
                clipped[key] = clipped_texts(window)
            dialog = window.history_tab.open_day_close()
            _pump(600)
            clipped["day_close"] = clipped_texts(dialog)
            report["dialog_on_screen"] = screen.contains(dialog.frameGeometry())
            dialog.close()
            report["clipped"] = clipped
        finally:
            window.close()
            parts.close()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
