"""A work-around for a reference-count bug in PySide6's ``SignalInstance.emit`` (seen in 6.12.0).

``emit()`` returns ``True`` without taking a new reference, so every emit from Python code drops one
reference to the ``True`` singleton. Python 3.11 does not make ``True`` immortal: after a few thousand
emits (an afternoon at a counter) its count reaches zero and the interpreter aborts with
"Fatal Python error: bool_dealloc". Signals emitted by Qt's C++ side are not affected.

``apply()`` measures the bug once (emits on a private object and compares ``sys.getrefcount(True)``)
and, only when it is present, wraps ``SignalInstance.emit`` so that the missing reference is added
back. A PySide6 release without the bug measures clean and is left alone. Imported by
``pos_app.workers`` (every Qt-using part of the app goes through it) before any signal is emitted.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_EMITS = 64
_applied = False


class _Probe(QObject):
    fired = Signal()


def emit_drops_true_reference() -> bool:
    """True when emitting a signal from Python loses a reference to ``True``."""
    probe = _Probe()
    emit = SignalInstance.emit
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        emit(probe.fired)
    lost = before - sys.getrefcount(True)
    probe.deleteLater()
    # other threads may touch True meanwhile; the bug loses one per emit, so half is a clear signal
    return lost >= _PROBE_EMITS // 2


def apply() -> bool:
    """Install the compensation when the bug is present; True when installed (idempotent)."""
    global _applied
    if _applied:
        return True
    if not emit_drops_true_reference():
        return False
    original: Callable[..., Any] = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:
            incref(result)  # the reference emit() should have returned with
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _applied = True
    return True
