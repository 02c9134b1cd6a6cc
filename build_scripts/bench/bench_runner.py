"""The window's runner: lanes under load, and the GUI thread's responsiveness while charges are out.

Figures (one BackgroundRunner per round, offscreen Qt, the real services on the sandbox):
  cashier start while 8 lookups hang   8 background jobs block on an event (four run, four queue); the
                                       time from run(kind="cashier") to the call starting, in ms;
  20 held charges finish               20 key-in charges on the cashier lane while the sandbox holds
                                       each POST ``hold`` seconds, against one such charge: 1× means
                                       all ran at once (before the lanes: 4 threads, 5×);
  GUI timer max gap                    the largest gap between ticks of a 16 ms QTimer while those 20
                                       charges are in flight, against the same timer with nothing
                                       running for as long.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from build_scripts.bench.common import keyed_order, latency, sandbox_stack
from build_scripts.bench.figures import Figure

TICK_MS = 16


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["pos_app-bench"])


def _spin_until(done: Any, timeout_s: float) -> None:
    """Run the Qt event loop until ``done()`` or the timeout."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the benchmark's work did not finish in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def cashier_start_ms(hung: int = 8) -> float:
    from pos_app.workers import BackgroundRunner

    _app()
    runner = BackgroundRunner()
    release = threading.Event()
    started = threading.Event()
    done: list[object] = []
    try:
        for _ in range(hung):
            runner.run(lambda: release.wait(30), done.append, done.append, kind="background")
        submitted = time.perf_counter()
        startup: list[float] = []

        def charge() -> None:
            startup.append(time.perf_counter() - submitted)
            started.set()

        runner.run(charge, done.append, done.append, kind="cashier")
        if not started.wait(30):
            raise TimeoutError("the cashier call did not start within 30 s")
        return 1000 * startup[0]
    finally:
        release.set()
        _spin_until(lambda: len(done) == hung + 1, 60)
        runner.shutdown(30_000)


class _TickGaps:
    """The largest gap between ticks of a 16 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.largest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.largest = max(self.largest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        return self.largest


def _charges(stack: Any, count: int, hold_s: float) -> tuple[float, float]:
    """(seconds until ``count`` held charges all ended, largest GUI timer gap meanwhile)."""
    from pos_app.domain.outcomes import Outcome
    from pos_app.workers import BackgroundRunner

    runner = BackgroundRunner()
    outcomes: list[Any] = []
    orders = [keyed_order(amount=10_000 + 100 * i) for i in range(count)]  # no two alike: no duplicate claim
    try:
        with latency(stack.server, int(hold_s * 1000), path_prefix="/subscribe/payments/onetime"):
            gaps = _TickGaps()
            started = time.perf_counter()
            for order in orders:
                runner.run(
                    lambda o=order: stack.services.charge_keyed_card(o),
                    outcomes.append,
                    outcomes.append,
                    kind="cashier",
                )
            _spin_until(lambda: len(outcomes) == count, 120)
            elapsed = time.perf_counter() - started
            largest = gaps.stop()
    finally:
        runner.shutdown(60_000)
    bad = [o for o in outcomes if getattr(o, "outcome", None) is not Outcome.APPROVED]
    if bad:
        raise RuntimeError(f"{len(bad)} benchmark charges did not approve: {bad[0]!r}")
    return elapsed, largest


def _idle_gap(seconds: float) -> float:
    gaps = _TickGaps()
    end = time.perf_counter() + seconds
    _spin_until(lambda: time.perf_counter() >= end, seconds + 5)
    return gaps.stop()


def measure(rounds: int, quick: bool) -> list[Figure]:
    _app()
    hold_s = 0.2 if quick else 2.0
    count = 20
    starts: list[float] = []
    many: list[float] = []
    one: list[float] = []
    busy_gap: list[float] = []
    idle_gap: list[float] = []
    with sandbox_stack() as stack:
        stack.services.charge_keyed_card(keyed_order(amount=999))  # warm: token, connections
        for _ in range(rounds):
            starts.append(cashier_start_ms())
            elapsed, gap = _charges(stack, count, hold_s)
            many.append(elapsed)
            busy_gap.append(gap)
            one.append(_charges(stack, 1, hold_s)[0])
            idle_gap.append(_idle_gap(elapsed))
    return [
        Figure(
            name="cashier call starts while 8 background lookups hang",
            ours=starts,
            reference=None,
            unit="ms",
            goal=50.0,
            goal_text="starts at once (≤ 50 ms)",
            before="queued behind them",
        ),
        Figure(
            name=f"{count} held charges finish, vs one (held {hold_s:g} s each)",
            ours=many,
            reference=one,
            unit="s",
            goal=1.5,
            goal_text="≤ 1.5× (all at once)",
            before="10 s for 2 s holds (5×)",
        ),
        Figure(
            name=f"GUI timer max gap, {count} charges in flight",
            ours=busy_gap,
            reference=idle_gap,
            unit="s",
            goal=2.0,
            goal_text="≤ 2× (keep)",
            before="1.2×",
        ),
    ]
