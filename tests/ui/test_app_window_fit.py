"""The window fits the counter PC's screen: 승인 and the status bar on screen, no text cut off.

Each case starts the real app in a child process whose offscreen screen has the given available area
(Qt's offscreen ``configfile``), so ``show_fitted`` meets a real small screen. 1024×738 is a 1024×768
screen less a window title bar (the offscreen platform draws 2 px frames only).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableWidget, QWidget
from window_fit_probe import clipped_texts

from pos_app.ui.shell.main_window import COMFORTABLE_SIZE, fitted_geometry

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _probe(tmp_path: Path, width: int, height: int, language: str) -> dict[str, Any]:
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {
        "name": "counter",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, str(HERE / "window_fit_probe.py"), language],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(("width", "height"), [(1024, 738), (1280, 800)])
def test_window_fits_the_screen_with_every_action_and_the_status(
    tmp_path: Path, width: int, height: int, language: str
) -> None:
    report = _probe(tmp_path, width, height, language)
    assert report["screen"] == [width, height]
    assert report["maximised"]  # neither screen holds 1280×800 plus a frame
    assert report["window"] == [width, height]
    assert report["approve_on_screen"]
    assert report["status_on_screen"]
    assert report["dialog_on_screen"]
    assert report["clipped"] == {
        "keyin": [],
        "customers": [],
        "history": [],
        "recurring": [],
        "day_close": [],
    }


def test_a_big_screen_gets_the_comfortable_size_centred() -> None:
    frame = QSize(2, 30)
    assert fitted_geometry(QRect(0, 0, 1920, 1040), frame) == QRect(319, 105, 1280, 800)
    assert fitted_geometry(QRect(0, 0, 1024, 768), frame) is None
    assert fitted_geometry(QRect(0, 0, 1280, 800), frame) is None  # the title bar would push it off
    assert fitted_geometry(QRect(0, 0, 1282, 830), frame) == QRect(0, 0, *COMFORTABLE_SIZE.toTuple())


def test_the_clipping_check_sees_cut_text(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    label = QLabel("카드 끝 4자리를 입력하세요")
    label.setMinimumWidth(10)
    label.setMaximumWidth(40)
    table = QTableWidget(1, 1)
    table.setHorizontalHeaderLabels(["Cancelled (amount)"])
    table.horizontalHeader().resizeSection(0, 30)
    row.addWidget(label)
    row.addWidget(table)
    root.show()
    found = clipped_texts(root)
    assert any(text.startswith("label") for text in found)
    assert any(text.startswith("header 'Cancelled (amount)'") for text in found)
