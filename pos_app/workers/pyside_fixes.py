"""A work-around for reference-count bugs in PySide6's ``SignalInstance`` (seen in 6.12.0).

``emit()`` and ``disconnect()`` return ``True`` without taking a new reference, so every call from
Python drops one reference to the ``True`` singleton. Python 3.11 does not make ``True`` immortal: after
a few thousand signals (an afternoon at a counter, or one test session, since pytest-qt disconnects
after every wait) its count reaches zero and the interpreter aborts with "Fatal Python error:
bool_dealloc". Signals emitted by Qt's C++ side are not affected.

As a safety net for bugs of the same kind not found yet, ``apply()`` also gives ``True``, ``False`` and
``None`` a large reserve of references on Pythons before 3.12 (3.12 makes them immortal anyway): a
counter PC must never abort mid-charge because some binding forgot an incref.

``apply()`` measures each method once (calls it on a private object and compares
``sys.getrefcount(True)``) and, only where the bug shows, wraps the method so that the missing
reference is added back. A PySide6 release without the bug measures clean and is left alone. Imported
by ``pos_app.workers`` (every Qt-using part of the app goes through it) before any signal is used.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_CALLS = 8
_patched: set[str] = set()


class _Probe(QObject):
    fired = Signal()


def _receiver() -> None:
    """A slot for the disconnect probe."""


def _probe_emit(method: Callable[..., Any], probe: _Probe) -> Any:
    return method(probe.fired)


def _probe_disconnect(method: Callable[..., Any], probe: _Probe) -> Any:
    probe.fired.connect(_receiver)
    return method(probe.fired, _receiver)


_PROBES: dict[str, Callable[[Callable[..., Any], _Probe], Any]] = {
    "emit": _probe_emit,
    "disconnect": _probe_disconnect,
}


def _incref_true() -> None:
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    incref(True)


def drops_true_reference(name: str) -> bool:
    """True when ``SignalInstance.<name>`` hands back ``True`` without a reference of its own.

    Measured without harm: while the returned value is held, a correct method shows one more reference
    than before the call; a buggy one shows none. The missing reference is added before the value is
    dropped, so probing never costs the process a reference.
    """
    probe = _Probe()
    method = getattr(SignalInstance, name)
    buggy = 0
    for _ in range(_PROBE_CALLS):
        before = sys.getrefcount(True)
        result = _PROBES[name](method, probe)
        held = sys.getrefcount(True) - before
        if result is True and held <= 0:
            buggy += 1
            _incref_true()
        del result
    probe.deleteLater()
    # other threads may touch True meanwhile; a majority is a clear answer
    return buggy > _PROBE_CALLS // 2


def emit_drops_true_reference() -> bool:
    return drops_true_reference("emit")


def _wrap(name: str) -> None:
    original: Callable[..., Any] = getattr(SignalInstance, name)
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def compensated(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:
            incref(result)  # the reference the method should have returned with
        return result

    compensated.__name__ = name
    compensated.__doc__ = original.__doc__
    setattr(SignalInstance, name, compensated)


_RESERVE = 1 << 30
_reserved = False


def _reserve_singleton_references() -> None:
    """Add a reserve to the reference counts of True, False and None (CPython < 3.12 only).

    ob_refcnt is the first field of every CPython object, at the address id() returns; the GIL is held.
    """
    global _reserved
    if _reserved or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (True, False, None):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _reserved = True


def apply() -> set[str]:
    """Wrap every method that shows the bug (idempotent); returns the names wrapped so far."""
    _reserve_singleton_references()
    for name in _PROBES:
        if name not in _patched and drops_true_reference(name):
            _wrap(name)
            _patched.add(name)
    return set(_patched)
