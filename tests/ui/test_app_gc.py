"""Cyclic garbage is freed on the GUI thread only: a Qt object in a cycle is never deleted by a worker."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject

from pos_app.app import GuiThreadCollector


class _Holder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.me = self  # a cycle through a Qt object, like a dialog whose slot refers to it
        self.deleted_on: list[bool] = []
        self.destroyed.connect(lambda *_: None)

    def __del__(self) -> None:
        self.deleted_on.append(threading.current_thread() is threading.main_thread())


def test_cycles_are_collected_by_the_gui_thread_timer_and_not_on_allocation(qtbot: Any) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()  # no collection wherever a thread happens to allocate
        holder = _Holder()
        seen = holder.deleted_on
        ref = weakref.ref(holder)
        del holder
        # a worker allocating plenty of objects does not trigger a collection any more
        worker = threading.Thread(target=lambda: [[object()] for _ in range(200_000)])
        worker.start()
        worker.join()
        assert ref() is not None
        qtbot.waitUntil(lambda: ref() is None, timeout=5_000)
        assert seen == [True]
    finally:
        collector.stop()
        if was_enabled:
            gc.enable()
