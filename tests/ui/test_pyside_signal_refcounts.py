"""Guard against the PySide6 6.12.0 binding bug that made the counter abort.

In 6.12.0 ``SignalInstance.emit()`` and ``disconnect()`` return ``True`` without a reference of their own,
so every call from Python drains one reference to ``True``; on Python 3.11 the interpreter dies with
"Fatal Python error: bool_dealloc" after a few thousand signals (an afternoon at a counter). pyproject
excludes that release; these tests fail loudly if an installed PySide6 brings the bug back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(str)
    bare = Signal()


def test_many_emits_keep_the_refcount_of_true(qtbot: object) -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.changed.emit("x")
        emitter.bare.emit()
    assert abs(sys.getrefcount(True) - before) < 50  # untouched, up to unrelated noise
    assert len(received) == 2000


def test_connect_and_disconnect_keep_the_refcount_of_true(qtbot: object) -> None:
    emitter = _Emitter()

    def slot(_: str) -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.changed.connect(slot)
        emitter.changed.disconnect(slot)
    assert abs(sys.getrefcount(True) - before) < 50
