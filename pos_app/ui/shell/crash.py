"""Uncaught exceptions: write a crash report without card data, then tell the cashier plainly.

A bug must not vanish (PySide6 would print the traceback to a console nobody sees on a shop PC) and must
not leak what the cashier typed. The report holds the app and Qt versions and the traceback *without*
local variables; then every run of 6 or more digits (card numbers, birth dates, business numbers,
phone numbers) and every MM/YY-looking pair is masked. Our own merchant_uids are kept readable, since
they are what the owner needs to find the sale, and they contain no card data.
Reports go to ``<data dir>/crash`` as ``crash-YYYYmmdd-HHMMSS-<pid>.txt``.

The hook is re-entrancy safe: an exception raised while the crash dialog is open is only written down.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pos_app

# merchant_uid / customer_uid as minted by domain.uids: counter-[cust-1234-]YYYYMMDDTHHMMSSmmm-nonce
_OWN_UID = re.compile(r"\b[A-Za-z0-9_]{1,12}-(?:cust-[0-9]{0,4}-)?[0-9]{8}T[0-9]{9}-[A-Za-z0-9_]{1,8}\b")
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){5,}(?![0-9])")
_MONTH_YEAR = re.compile(r"(?<![0-9])(?:0[1-9]|1[0-2]) ?/ ?[0-9]{2}(?![0-9])")

ShowCrash = Callable[[str, Path | None], None]


def redact(text: str) -> str:
    """Mask digit runs of 6+ (separators allowed) and MM/YY pairs, keeping our own uids readable."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    protected = _OWN_UID.sub(keep, text)
    masked = _DIGIT_RUN.sub(lambda m: re.sub(r"[0-9]", "#", m.group(0)), protected)
    masked = _MONTH_YEAR.sub("##/##", masked)
    return re.sub(r"\x00([0-9]+)\x00", lambda m: kept[int(m.group(1))], masked)


def format_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, *, thread_name: str
) -> str:
    """The report text, already redacted; the header is added afterwards so its dates stay readable."""
    body = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        from PySide6 import __version__ as pyside_version
    except ImportError:  # pragma: no cover - the app always has PySide6
        pyside_version = "?"
    header = (
        f"pos_app {pos_app.__version__} crash report\n"
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
        f"python: {platform.python_version()}  PySide6: {pyside_version}  os: {platform.platform()}\n"
        f"thread: {thread_name}\n\n"
    )
    return header + redact(body)


def write_report(report_dir: Path, text: str) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = report_dir / f"crash-{stamp}-{os.getpid()}.txt"
    n = 1
    while path.exists():
        n += 1
        path = report_dir / f"crash-{stamp}-{os.getpid()}-{n}.txt"
    path.write_text(text, encoding="utf-8")
    return path


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook) by the composition root."""

    def __init__(self, report_dir: Path, show: ShowCrash | None = None) -> None:
        self.report_dir = report_dir
        self._show = show
        self._handling = False
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[..., object] | None = None
        self.last_report: Path | None = None

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self._record(args.exc_type, args.exc_value, args.exc_traceback, name)  # no dialog off the GUI thread

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        path = self._record(exc_type, exc, tb, threading.current_thread().name)
        if self._show is None or self._handling:
            return
        self._handling = True
        try:
            self._show(redact(f"{exc_type.__name__}: {exc}"), path)
        finally:
            self._handling = False

    def _record(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, thread: str
    ) -> Path | None:
        text = format_report(exc_type, exc, tb, thread_name=thread)
        try:
            self.last_report = write_report(self.report_dir, text)
        except OSError:
            self.last_report = None
        # stderr is the developer's console; it gets the same redacted text
        print(text, file=sys.stderr)
        return self.last_report


def show_crash_dialog(summary: str, report: Path | None) -> None:
    """The crash dialog: plain words for the cashier, the redacted error and report path as details."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from pos_app.ui.shell import dialogs

    details = summary
    if report is not None:
        details += "\n" + QCoreApplication.translate("Crash", "오류 보고서: {path}").format(path=str(report))
    dialogs.show_error(
        QApplication.activeWindow(),
        QCoreApplication.translate(
            "Crash",
            "프로그램 오류가 발생했습니다. 진행 중이던 결제가 있었다면 거래내역에서 결과를 확인한 뒤 다시 결제하세요.",  # noqa: E501
        ),
        title=QCoreApplication.translate("Crash", "프로그램 오류"),
        details=details,
    )
