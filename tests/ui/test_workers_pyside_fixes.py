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


def test_connect_and_disconnect_keep_the_refcount_of_true(qtbot: object) -> None:
    emitter = _Emitter()

    def slot(_: str) -> None:
        pass

    before = sys.getrefcount(True)
    for _ in range(5000):
        emitter.changed.connect(slot)
        emitter.changed.disconnect(slot)
    assert abs(sys.getrefcount(True) - before) < 50


def test_probes_report_clean_after_the_fix() -> None:
    pyside_fixes.apply()
    assert not pyside_fixes.drops_true_reference("emit")
    assert not pyside_fixes.drops_true_reference("disconnect")


def test_true_false_and_none_have_a_reserve_against_unknown_binding_bugs() -> None:
    if sys.version_info >= (3, 12):
        return  # immortal there; nothing to reserve
    for singleton in (True, False, None):
        assert sys.getrefcount(singleton) > 1 << 29
