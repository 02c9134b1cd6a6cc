"""BackgroundRunner: results arrive on the GUI thread, db work is serial, shutdown joins everything."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread

from pos_app.workers import BackgroundRunner, RunnerShutDown


@pytest.fixture
def runner(qtbot: object) -> Iterator[BackgroundRunner]:
    r = BackgroundRunner()
    yield r
    assert r.shutdown(10_000)


def test_result_is_delivered_on_the_gui_thread(qtbot, runner: BackgroundRunner) -> None:
    gui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_is_gui"] = QThread.currentThread() is gui_thread
        return 41 + 1

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_is_gui"] = QThread.currentThread() is gui_thread

    with qtbot.waitSignal(runner.work_finished, timeout=5000):
        runner.run(work, done, pytest.fail, kind="network")
    assert seen == {"worker_is_gui": False, "value": 42, "callback_is_gui": True}
    assert runner.busy_count() == 0


def test_exceptions_reach_on_error_not_on_done(qtbot, runner: BackgroundRunner) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("boom")

    with qtbot.waitSignal(runner.work_finished, timeout=5000):
        runner.run(work, lambda _: pytest.fail("on_done called"), errors.append, kind="db")
    assert len(errors) == 1
    assert isinstance(errors[0], ValueError)
    assert str(errors[0]) == "boom"


def test_nothing_is_delivered_to_an_owner_deleted_while_its_work_ran(qtbot, runner: BackgroundRunner) -> None:
    from PySide6.QtCore import QObject

    owner, other = QObject(), QObject()
    release = threading.Event()
    delivered: list[str] = []
    for who, name in ((owner, "deleted owner"), (other, "live owner")):
        runner.run(
            lambda: release.wait(10),
            lambda _r, name=name: delivered.append(name),
            lambda _e, name=name: delivered.append(name),
            kind="background",
            owner=who,
        )
    with qtbot.waitSignal(owner.destroyed, timeout=5000):
        owner.deleteLater()  # a dialog closed and deleted while its work is out
    release.set()
    qtbot.waitUntil(lambda: runner.busy_count() == 0, timeout=5000)
    assert delivered == ["live owner"]


def test_db_work_runs_serially_in_submission_order(qtbot, runner: BackgroundRunner) -> None:
    order: list[int] = []
    running = 0
    overlap = False
    lock = threading.Lock()
    release = threading.Event()

    def make(i: int):
        def work() -> int:
            nonlocal running, overlap
            with lock:
                running += 1
                overlap = overlap or running > 1
            if i == 0:
                # the first job blocks until the test has queued the others behind it
                release.wait(5)
            with lock:
                running -= 1
            return i

        return work

    for i in range(5):
        runner.run(make(i), order.append, pytest.fail, kind="db")
    release.set()
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]
    assert not overlap


def test_network_work_runs_in_parallel(qtbot, runner: BackgroundRunner) -> None:
    both_started = threading.Barrier(2, timeout=5)
    results: list[str] = []

    def work(name: str):
        def fn() -> str:
            both_started.wait()  # deadlocks (BrokenBarrierError) unless two run at once
            return name

        return fn

    runner.run(work("a"), results.append, pytest.fail)
    runner.run(work("b"), results.append, pytest.fail)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=8000)
    assert sorted(results) == ["a", "b"]


def test_gui_keeps_running_while_work_blocks(qtbot, runner: BackgroundRunner) -> None:
    release = threading.Event()
    done: list[bool] = []
    runner.run(lambda: release.wait(5), done.append, pytest.fail)
    assert runner.busy_count() == 1
    qtbot.wait(50)  # the event loop is free: the GUI thread is not waiting for the job
    assert done == []
    release.set()
    qtbot.waitUntil(lambda: done == [True], timeout=5000)


def test_shutdown_waits_for_running_work_and_refuses_new(qtbot) -> None:
    runner = BackgroundRunner()
    finished = threading.Event()
    started = threading.Event()

    def slow() -> None:
        started.set()
        finished.wait(0.3)  # bounded: shutdown must wait for this job either way
        finished.set()

    runner.run(slow, lambda _: None, pytest.fail, kind="db")
    runner.run(slow, lambda _: None, pytest.fail, kind="network")
    assert started.wait(5)
    assert runner.shutdown(10_000)
    assert finished.is_set()
    with pytest.raises(RunnerShutDown):
        runner.run(lambda: None, lambda _: None, pytest.fail)


def test_worker_threads_do_not_leave_dummy_threads(qtbot, runner: BackgroundRunner) -> None:
    before = set(threading.enumerate())
    names: list[str] = []
    with qtbot.waitSignal(runner.work_finished, timeout=5000):
        runner.run(lambda: threading.current_thread().name, names.append, pytest.fail)
    assert len(names) == 1
    assert names[0]
    assert set(threading.enumerate()) - before == set()


def test_unknown_kind_is_refused(runner: BackgroundRunner) -> None:
    with pytest.raises(ValueError, match="unknown work kind"):
        runner.run(lambda: None, lambda _: None, pytest.fail, kind="disk")  # type: ignore[arg-type]


# -- lanes --------------------------------------------------------------------------------------------
def _blocked(started: threading.Semaphore, release: threading.Event, name: str):
    def fn() -> str:
        started.release()
        release.wait(20)  # bounded; the test sets it
        return name

    return fn


def test_a_cashier_call_starts_at_once_while_eight_background_lookups_hang(qtbot) -> None:
    runner = BackgroundRunner(max_background_threads=4)
    release = threading.Event()
    background_started = threading.Semaphore(0)
    results: list[str] = []
    try:
        for i in range(8):  # four run and hang, four queue behind them: the pool is exhausted
            runner.run(
                _blocked(background_started, release, f"lookup{i}"),
                results.append,
                pytest.fail,
                kind="background",
            )
        for _ in range(4):
            assert background_started.acquire(timeout=5)
        cashier_started = threading.Event()

        def charge() -> str:
            cashier_started.set()
            return "charge"

        runner.run(charge, results.append, pytest.fail, kind="cashier")
        assert cashier_started.wait(5), "the cashier's call waited behind the background lookups"
        qtbot.waitUntil(lambda: results == ["charge"], timeout=5000)
        # the lookups still hang: the charge did not get there by the background lane freeing up
        assert not background_started.acquire(blocking=False)
    finally:
        release.set()
    qtbot.waitUntil(lambda: len(results) == 9, timeout=10_000)
    assert sorted(results[1:]) == sorted(f"lookup{i}" for i in range(8))
    assert runner.shutdown(10_000)


def test_cashier_lane_never_queues_even_when_its_own_calls_hang(qtbot) -> None:
    runner = BackgroundRunner(cashier_threads=1)
    release = threading.Event()
    started = threading.Semaphore(0)
    results: list[str] = []
    try:
        for i in range(3):  # more than the starting size of the cashier pool
            runner.run(_blocked(started, release, f"call{i}"), results.append, pytest.fail, kind="cashier")
        for _ in range(3):
            assert started.acquire(timeout=5), "a cashier call was queued"
    finally:
        release.set()
    qtbot.waitUntil(lambda: len(results) == 3, timeout=10_000)
    assert runner.shutdown(10_000)


def test_network_is_the_background_lane(qtbot) -> None:
    """The old name keeps today's behaviour: a bounded pool shared with background work."""
    runner = BackgroundRunner(max_background_threads=1)
    release = threading.Event()
    started = threading.Semaphore(0)
    results: list[str] = []
    try:
        runner.run(_blocked(started, release, "lookup"), results.append, pytest.fail, kind="background")
        assert started.acquire(timeout=5)
        runner.run(_blocked(started, release, "network"), results.append, pytest.fail, kind="network")
        qtbot.wait(100)  # a negative check: nothing may start while the only background thread hangs
        assert not started.acquire(blocking=False)
    finally:
        release.set()
    qtbot.waitUntil(lambda: sorted(results) == ["lookup", "network"], timeout=10_000)
    assert runner.shutdown(10_000)


def test_shutdown_waits_for_the_cashier_lane(qtbot) -> None:
    runner = BackgroundRunner()
    started = threading.Event()
    finished = threading.Event()

    def charge() -> None:
        started.set()
        finished.wait(0.3)  # bounded: shutdown must wait for the money call either way
        finished.set()

    runner.run(charge, lambda _: None, pytest.fail, kind="cashier")
    assert started.wait(5)
    assert runner.shutdown(10_000)
    assert finished.is_set()
