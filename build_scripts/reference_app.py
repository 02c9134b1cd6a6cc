"""A bare PySide6 window, frozen the same way as pos_app, so sizes and timings can be compared honestly.

The packaging budgets (onedir size, start-up time, idle memory) are ratios against this program built with
the same Qt slimming rules (build_scripts/bundle_policy.py) and the same PyInstaller version.  It uses only
QtCore, QtGui and QtWidgets and shows one ordinary window: the floor any PySide6 widget application pays.

    reference_app             show the window until it is closed
    reference_app --self-test show the window, let the event loop paint it once, exit 0
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget


def build_window() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("PySide6 reference")
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.addWidget(QLabel("PySide6 reference window"))
    layout.addWidget(QLineEdit())
    window.setCentralWidget(body)
    window.resize(480, 320)
    return window


def main(argv: list[str]) -> int:
    self_test = "--self-test" in argv
    app = QApplication([sys.argv[0], *[a for a in argv if a != "--self-test"]])
    window = build_window()
    window.show()
    if not self_test:
        return app.exec()
    shown: list[bool] = []

    def check_and_quit() -> None:
        # Runs inside the event loop, so the window has really been laid out by now; grab() paints it.
        shown.append(window.isVisible() and not window.grab().isNull())
        app.quit()

    QTimer.singleShot(0, check_and_quit)
    code = app.exec()
    if code != 0 or shown != [True]:
        print("self-test: the window was not shown", file=sys.stderr)
        return 1
    print("self-test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
