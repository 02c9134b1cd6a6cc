"""PyInstaller runtime hook: lets build.py measure start-up time and idle memory of a frozen binary.

Inert unless POS_APP_BENCH_PROBE is set; then nothing is imported and nothing changes.  build.py sets:
  POS_APP_BENCH_PROBE=startup  quit once the event loop has run after the main window was shown, so the
                               process wall time (spawn to exit) is the start-up time;
  POS_APP_BENCH_PROBE=idle     stay in the event loop POS_APP_BENCH_IDLE_MS (default 2000), then record
                               VmRSS from /proc/self/status and quit.
Results go to the file named by POS_APP_BENCH_PROBE_OUT (a windowed Windows exe has no stdout), as
key=value lines; hook_at and exec_at are wall-clock times (time.time()) when the interpreter reached this
hook and when the program entered the event loop, so build.py can split start-up into "bootloader and
Python" and "the program's own imports and set-up".

Why a runtime hook: pos_app and the bare reference window must be measured at exactly the same point,
without either program knowing about benchmarks.  The hook wraps QApplication.exec, the one call both make.
Qt's quit() closes the windows as a person would, so the app's normal shutdown path runs.
"""

import os


def _install_probe(mode: str, out_path: str | None, idle_ms: int, hook_at: float) -> None:
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def _report(line: str) -> None:
        if out_path:
            with open(out_path, "a", encoding="utf-8") as out:
                out.write(line + "\n")

    def _record_rss_and_quit() -> None:
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                rss = next((ln.split()[1] for ln in status if ln.startswith("VmRSS:")), "")
        except OSError:
            rss = ""  # not Linux: build.py reports idle memory as unavailable
        _report(f"rss_kb={rss}")
        QApplication.quit()

    def exec_with_probe() -> int:
        _report(f"exec_at={time.time():.6f}")
        if mode == "startup":
            QTimer.singleShot(0, QApplication.quit)
        elif mode == "idle":
            QTimer.singleShot(idle_ms, _record_rss_and_quit)
        return original_exec()

    QApplication.exec = staticmethod(exec_with_probe)  # type: ignore[method-assign]
    _report(f"probe={mode}")
    _report(f"hook_at={hook_at:.6f}")


_mode = os.environ.get("POS_APP_BENCH_PROBE")
if _mode in ("startup", "idle"):
    import time as _time

    _hook_at = _time.time()  # before PySide6 is imported below: the interpreter's own start-up ends here
    _install_probe(
        _mode,
        os.environ.get("POS_APP_BENCH_PROBE_OUT"),
        int(os.environ.get("POS_APP_BENCH_IDLE_MS", "2000")),
        _hook_at,
    )
