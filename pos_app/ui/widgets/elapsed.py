"""A seconds counter for a call that is out: started when the request leaves, ticking once a second.

The clock is a plain callable (``time.monotonic`` by default) so tests move time on with a fake clock and
call ``tick`` instead of waiting; the on-screen text is built by the owner from ``seconds()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


class ElapsedClock(QObject):
    ticked = Signal(float)  # seconds since start, once a second while running

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self._started: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Count from now (a running count starts again)."""
        self._started = self.clock()
        self._timer.start()
        self.tick()

    def resume(self) -> None:
        """Keep counting from the first start (the same call went on, e.g. a resend of that sale)."""
        if self._started is None:
            self.start()
            return
        self._timer.start()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self._timer.stop()
        self._started = None

    def is_running(self) -> bool:
        return self._timer.isActive()

    def seconds(self) -> float:
        return 0.0 if self._started is None else max(0.0, self.clock() - self._started)

    def tick(self) -> None:
        self.ticked.emit(self.seconds())
