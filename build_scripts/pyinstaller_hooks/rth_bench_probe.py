"""PyInstaller runtime hook: lets build.py measure start-up time and idle memory of a frozen binary.

Inert unless POS_APP_BENCH_PROBE is set; then nothing is imported and nothing changes.  build.py sets:
  POS_APP_BENCH_PROBE=startup  quit once the event loop has run after the main window was shown, so the
                               process wall time (spawn to exit) is the start-up time (or
                               POS_APP_BENCH_QUIT_AFTER_MS later: closing during a long start-up);
  POS_APP_BENCH_PROBE=ready    wait until the window is usable, record ready_at, then quit;
  POS_APP_BENCH_PROBE=idle     wait until the window is usable, stay in the event loop
                               POS_APP_BENCH_IDLE_MS (default 2000) more, then record VmRSS from
                               /proc/self/status and quit.
"Usable": a visible top-level widget with an ``is_ready()`` method (pos_app's MainWindow: the tabs are
built on the services) says True; a program whose windows have no such method (the bare reference) is
usable once its event loop runs. The probe polls every 2 ms on the GUI thread.
Results go to the file named by POS_APP_BENCH_PROBE_OUT (a windowed Windows exe has no stdout), as
key=value lines of wall-clock times (time.time()): hook_at when the interpreter reached this hook,
exec_at when the program entered the event loop (its window is on screen), ready_at when it was usable,
quit_at when the probe told the event loop to quit; build.py takes the process's end from its own clock,
so "quit → process gone" is the program's whole exit path (closing the window, joining its threads,
tearing down).

Why a runtime hook: pos_app and the bare reference window must be measured at exactly the same point,
without either program knowing about benchmarks.  The hook wraps QApplication.exec, the one call both make.
Qt's quit() closes the windows as a person would, so the app's normal shutdown path runs.
"""

import os

_keep: list[object] = []  # the poll timer must outlive the call that made it


def _install_probe(
    mode: str, out_path: str | None, idle_ms: int, hook_at: float, quit_after_ms: int = 0
) -> None:
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def _report(line: str) -> None:
        if out_path:
            with open(out_path, "a", encoding="utf-8") as out:
                out.write(line + "\n")

    def _quit() -> None:
        _report(f"quit_at={time.time():.6f}")
        QApplication.quit()

    def _record_rss_and_quit() -> None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                rss = next((ln.split()[1] for ln in status if ln.startswith("VmRSS:")), "")
        except OSError:
            rss = ""  # not Linux: build.py reports idle memory as unavailable
        _report(f"rss_kb={rss}")
        _quit()

    def _usable() -> bool:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        gated = [w for w in windows if callable(getattr(w, "is_ready", None))]
        return bool(windows) and all(w.is_ready() for w in gated)

    def _when_usable(then: object) -> None:
        timer = QTimer()
        timer.setInterval(2)

        def check() -> None:
            if _usable():
                timer.stop()
                _report(f"ready_at={time.time():.6f}")
                then()  # type: ignore[operator]

        timer.timeout.connect(check)
        timer.start()
        _keep.append(timer)

    def exec_with_probe() -> int:
        _report(f"exec_at={time.time():.6f}")
        if mode == "startup":
            QTimer.singleShot(quit_after_ms, _quit)
        elif mode == "ready":
            _when_usable(_quit)
        elif mode == "idle":
            _when_usable(lambda: QTimer.singleShot(idle_ms, _record_rss_and_quit))
        return original_exec()

    QApplication.exec = staticmethod(exec_with_probe)  # type: ignore[method-assign]
    _report(f"probe={mode}")
    _report(f"hook_at={hook_at:.6f}")


_mode = os.environ.get("POS_APP_BENCH_PROBE")
if _mode in ("startup", "ready", "idle"):
    import time as _time

    _hook_at = _time.time()  # before PySide6 is imported below: the interpreter's own start-up ends here
    _install_probe(
        _mode,
        os.environ.get("POS_APP_BENCH_PROBE_OUT"),
        int(os.environ.get("POS_APP_BENCH_IDLE_MS", "2000")),
        _hook_at,
        int(os.environ.get("POS_APP_BENCH_QUIT_AFTER_MS", "0")),
    )
