"""How long nobody has touched the counter: any key, click or wheel anywhere in the program counts.

``IdleWatcher`` filters the application's input events (it only looks, never eats one) and checks on a
timer whether ``limit_ms`` passed since the last; then it calls ``on_idle`` once, until the next input.
Time is the monotonic clock: moving the PC's clock does not sign anyone out, or keep them in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    def __init__(
        self,
        on_idle: Callable[[], None],
        *,
        check_ms: int = 1_000,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        self._monotonic = monotonic
        self._last = monotonic()
        self._fired = False
        self.limit_ms = 0  # 0: never
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self.touch()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def touch(self) -> None:
        self._last = self._monotonic()
        self._fired = False

    def idle_ms(self) -> float:
        return (self._monotonic() - self._last) * 1000

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.touch()
        return False

    def _check(self) -> None:
        if self.limit_ms > 0 and not self._fired and self.idle_ms() >= self.limit_ms:
            self._fired = True
            self._on_idle()

    def retry_later(self) -> None:
        """``on_idle`` could not act now (a money call is out): ask again at the next check."""
        self._fired = False
