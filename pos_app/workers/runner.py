"""BackgroundRunner: the only way widgets get work done off the GUI thread.

Modelled on Anki's QueryOp: ``run(fn, on_done, on_error, kind=...)``. ``fn`` runs on a worker thread;
``on_done``/``on_error`` always run on the GUI thread, delivered by a queued signal from a relay object
that lives there. Widgets never see a thread.

Lanes (``kind=``), so no kind of work ever waits behind another:

``"cashier"``
    The cashier's own calls, a person waiting at the counter: charge, charge again / resend, cancel and
    partial cancel, cash receipt issue/cancel, card (billing key) register/delete. Never queued: each job
    starts at once on an idle thread of its own pool, which grows by one thread when all are busy
    (cashier work is paced by a person, so the pool stays small; idle threads expire after 30 s).
``"background"``
    Everything nobody is standing at the counter for: start-up reconciliation, UNKNOWN and settlement
    lookups, connection probes, history exports, the start-up build. A bounded pool
    (``max_background_threads``, default 4): when lookups hang until their timeout, further background
    work queues, and cashier work is not affected.
``"db"``
    Journal-only work (history pages, day close): in submission order on one QThread, so SQLite sees one
    writer from this window at a time and a page never waits for the network.
``"network"``
    The old name, kept so existing callers work unchanged: it is ``"background"``. Route a cashier's
    money call to ``"cashier"`` explicitly.

Each job runs in a copy of the ``contextvars`` context it was submitted from (as an asyncio task does):
what the GUI thread's context holds when the cashier presses a button — who is signed in
(``services.permissions.Session``) — is what the job sees, whatever changes on the GUI thread meanwhile.

Exceptions from ``fn`` go to ``on_error``. An exception raised by ``on_done``/``on_error`` themselves is a
bug and is re-raised on the GUI thread, where the crash hook reports it.

``shutdown`` stops accepting work, waits for everything queued or running in every lane (the journal
must see the end of a charge that already left), and joins the QThread and the pools; the window calls
it from closeEvent. Callbacks of work that finishes during shutdown are still delivered when the event
loop runs again, but never after the relay is gone: they are dropped with the relay.

Python's ``threading`` module registers a ``_DummyThread`` the first time code on a Qt-created thread
asks for ``threading.current_thread()`` (logging does). On Python 3.11 those entries stay in
``threading._active`` forever and look like leaked threads; each job removes its own entry when it ends,
so ``threading.enumerate()`` keeps showing only real leaks.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
WorkKind = Literal["cashier", "background", "db", "network"]
Lane = Literal["cashier", "background", "db"]
LANE_OF_KIND: dict[str, Lane] = {
    "cashier": "cashier",
    "background": "background",
    "network": "background",  # the name before lanes existed: background work
    "db": "db",
}
# idle threads of a pool end after this; a burst of cashier calls does not keep threads for ever
_POOL_EXPIRY_MS = 30_000


class RunnerShutDown(RuntimeError):
    """Work was submitted after shutdown() started."""


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    lane: Lane
    context: contextvars.Context  # the submitter's, copied at submission
    orphaned: bool = False  # its owner (a dialog) was deleted: nothing is delivered to it


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit ``job_ended`` and Qt queues the call to it."""

    job_ended = Signal(object, object, object)  # job, result, error


def _forget_dummy_thread() -> None:
    current = threading.current_thread()
    if isinstance(current, threading._DummyThread):
        # private API on purpose (see the module docstring); Python 3.12+ does this by itself
        lock = getattr(threading, "_active_limbo_lock", None)
        active = getattr(threading, "_active", None)
        if lock is not None and isinstance(active, dict):
            with lock:
                active.pop(threading.get_ident(), None)


def _execute(job: _Job, relay: _Relay) -> None:
    result: object = None
    error: BaseException | None = None
    try:
        result = job.context.run(job.fn)
    except BaseException as exc:
        error = exc
    # before the emit: once the GUI thread has the result, nothing of this job may look alive
    _forget_dummy_thread()
    relay.job_ended.emit(job, result, error)


class _SerialThread(QThread):
    """One thread draining a FIFO queue; a ``None`` item ends it."""

    def __init__(self, relay: _Relay, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pos_app-db")
        self._relay = relay
        self.jobs: queue.Queue[_Job | None] = queue.Queue()

    def run(self) -> None:
        try:
            while True:
                job = self.jobs.get()
                if job is None:
                    return
                _execute(job, self._relay)
        finally:
            _forget_dummy_thread()


class _PoolTask(QRunnable):
    def __init__(self, job: _Job, relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        _execute(self._job, self._relay)


class BackgroundRunner(QObject):
    """One per window: a serial QThread for journal work, a bounded pool for background work and a
    never-queueing pool for the cashier's own calls (see the module docstring for the lanes)."""

    work_finished = Signal()  # after every on_done/on_error ran on the GUI thread

    def __init__(
        self, parent: QObject | None = None, *, max_background_threads: int = 4, cashier_threads: int = 2
    ) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        # Qt's automatic connection queues every emit from another thread, and every emit comes from a
        # worker thread (_execute), so the callbacks run on the GUI thread. Not spelt
        # Qt.ConnectionType.QueuedConnection: touching the Qt namespace builds its 93 enums (~20 ms),
        # and the runner is made before the window is on screen.
        self._relay.job_ended.connect(self._on_job_ended)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_background_threads)
        self._pool.setExpiryTimeout(_POOL_EXPIRY_MS)
        # the starting size only; _start_cashier grows it whenever every cashier thread is busy
        self._cashier_pool = QThreadPool(self)
        self._cashier_pool.setMaxThreadCount(max(1, cashier_threads))
        self._cashier_pool.setExpiryTimeout(_POOL_EXPIRY_MS)
        self._serial = _SerialThread(self._relay)
        self._serial.start()
        self._pending = 0  # submitted and not yet delivered on the GUI thread
        self._accepting = True

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        *,
        kind: WorkKind = "network",
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` off the GUI thread in the lane ``kind`` names; deliver its result or exception on
        the GUI thread. Call from the GUI thread.

        ``owner``: the widget the callbacks act on when it can go away before the work ends (a dialog
        closed, or rejected by a sign-out, and deleted): once it is destroyed nothing is delivered,
        instead of a callback touching a deleted widget. The work itself still runs to its end."""
        if not self._accepting:
            raise RunnerShutDown("the background runner is shutting down")
        lane = LANE_OF_KIND.get(kind)
        if lane is None:
            raise ValueError(f"unknown work kind {kind!r}")
        job = _Job(fn, on_done, on_error, lane, contextvars.copy_context())
        if owner is not None:
            owner.destroyed.connect(lambda *_args, job=job: setattr(job, "orphaned", True))
        self._pending += 1
        if lane == "db":
            self._serial.jobs.put(job)
        elif lane == "cashier":
            self._start_cashier(_PoolTask(job, self._relay))
        else:
            self._pool.start(_PoolTask(job, self._relay))

    def _start_cashier(self, task: _PoolTask) -> None:
        # tryStart takes an idle or new thread within the limit, or refuses instead of queueing; then
        # one more thread is allowed and the task starts on it at once
        if not self._cashier_pool.tryStart(task):
            self._cashier_pool.setMaxThreadCount(self._cashier_pool.maxThreadCount() + 1)
            if not self._cashier_pool.tryStart(task):  # pragma: no cover - Qt refused a new thread
                self._cashier_pool.start(task)

    def busy_count(self) -> int:
        """Jobs submitted whose callbacks have not run yet."""
        return self._pending

    def is_accepting(self) -> bool:
        return self._accepting

    @Slot(object, object, object)
    def _on_job_ended(self, job: _Job, result: object, error: BaseException | None) -> None:
        self._pending -= 1
        try:
            if job.orphaned:
                if error is not None and not isinstance(error, Exception):
                    raise error  # KeyboardInterrupt / SystemExit still go to the crash hook
                # said by type only: the closed dialog can no longer show it, and no value reaches the log
                log.info("work of a closed dialog ended: %s", type(error).__name__ if error else "done")
            elif error is not None:
                job.on_error(error)
            else:
                job.on_done(result)
        finally:
            self.work_finished.emit()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Refuse new work, wait for queued and running work, join the threads. True when all ended.

        QThreadPool.waitForDone also ends the pool's idle threads, so nothing outlives the window.
        """
        self._accepting = False
        end = time.monotonic() + timeout_ms / 1000

        def remaining_ms() -> int:
            return max(0, int((end - time.monotonic()) * 1000))

        if self._serial.isRunning():
            self._serial.jobs.put(None)
            serial_done = self._serial.wait(remaining_ms())
        else:
            serial_done = True
        cashier_done = self._cashier_pool.waitForDone(remaining_ms())
        pool_done = self._pool.waitForDone(remaining_ms())
        return bool(serial_done and cashier_done and pool_done)
