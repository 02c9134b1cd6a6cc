"""The PySide6 emit() reference-count work-around: emitting from Python must not drain ``True``."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import pos_app.workers  # noqa: F401 - applies the fix
from pos_app.workers import pyside_fixes


class _Emitter(QObject):
    changed = Signal(str)
    bare = Signal()


def test_many_emits_keep_the_refcount_of_true(qtbot: object) -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.changed.emit("x")
        emitter.bare.emit()
    assert abs(sys.getrefcount(True) - before) < 50  # untouched, up to unrelated noise
    assert len(received) == 5000


def test_probe_reports_clean_after_the_fix() -> None:
    assert pyside_fixes.apply() in (True, False)
    assert not pyside_fixes.emit_drops_true_reference()
