"""Qt's own dialogs speak the window's language: no English label, button or file type in Korean mode.

The save dialog the exports open is Qt's widget dialog where the platform has no native one (Linux
without a desktop theme, the offscreen self-test); Windows shows its own, already in the PC's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QTreeView,
    QWidget,
)

from pos_app.ui.shell.i18n import Translations

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# not language: the file type filter the app itself names, and the folder shown
_ALLOWED = re.compile(r"\*\.\w+|CSV|Excel|xlsx|/tmp\S*|pytest\S*")


@pytest.fixture
def korean() -> Iterator[Translations]:
    app = QApplication.instance()
    assert isinstance(app, QCoreApplication)
    translations = Translations(app)
    translations.switch("ko")
    try:
        yield translations
    finally:
        for translator in translations._installed:  # leave the application as the other tests expect it
            app.removeTranslator(translator)


def _english_texts(dialog: QWidget) -> list[str]:
    found = []
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts: list[str] = []
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts = [widget.text(), widget.toolTip()]
        elif isinstance(widget, QComboBox):
            texts = [widget.itemText(i) for i in range(widget.count())]
        elif widget.toolTip():
            texts = [widget.toolTip()]
        for text in texts:
            if _ENGLISH_WORD.search(_ALLOWED.sub("", text)):
                found.append(f"{type(widget).__name__} {widget.objectName()}: {text!r}")
    return found


def test_the_save_dialog_is_korean(qtbot: Any, korean: Translations, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "history.csv").write_text("x", encoding="utf-8")
    dialog = QFileDialog(None, "거래내역 내보내기", str(tmp_path), "Excel 파일 (*.xlsx);;CSV 파일 (*.csv)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    assert korean.missing == []
    view = dialog.findChild(QTreeView)
    assert view is not None
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) >= 1, timeout=5000)
    assert _english_texts(dialog) == []
    model = view.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["이름", "크기", "형식", "수정한 날짜"]
    root: QModelIndex = view.rootIndex()
    types = {model.index(row, 2, root).data() for row in range(model.rowCount(root))}
    assert "폴더" in types
    assert not {t for t in types if t and _ENGLISH_WORD.search(_ALLOWED.sub("", t))}
