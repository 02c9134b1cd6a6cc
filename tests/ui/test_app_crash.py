"""Uncaught exceptions: a report without card data, a dialog for the cashier, re-entrancy safe."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from pos_app.sandbox.cards import APPROVE_CREDIT
from pos_app.ui.shell import crash
from pos_app.ui.shell.crash import CrashHandler, redact


def _raise_with_card_data() -> None:
    card = APPROVE_CREDIT
    birth = "900101"
    raise RuntimeError(f"card {card[:4]}-{card[4:8]}-{card[8:12]}-{card[12:]} birth {birth} exp 12/29 pwd 12")


def _exc_info() -> tuple[type[BaseException], BaseException, Any]:
    try:
        _raise_with_card_data()
    except RuntimeError:
        return sys.exc_info()  # type: ignore[return-value]
    raise AssertionError("unreachable")


def test_report_has_no_card_data_and_a_dialog_is_shown(tmp_path: Path, capsys: Any) -> None:
    shown: list[tuple[str, Path | None]] = []
    handler = CrashHandler(tmp_path / "crash", show=lambda summary, path: shown.append((summary, path)))
    handler.handle(*_exc_info())
    reports = list((tmp_path / "crash").glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError" in text
    assert "_raise_with_card_data" in text  # the traceback is there
    for secret in (APPROVE_CREDIT, APPROVE_CREDIT[:6], APPROVE_CREDIT[-4:] + "\n", "900101", "12/29"):
        assert secret not in text.replace("-", "")
    assert "####" in text
    assert len(shown) == 1
    assert APPROVE_CREDIT[:6] not in shown[0][0].replace("-", "")
    assert shown[0][1] == reports[0]
    assert APPROVE_CREDIT not in capsys.readouterr().err.replace("-", "")


def test_own_merchant_uids_stay_readable() -> None:
    uid = "C01-20261126T143205123-k3f9x0a2"
    assert redact(f"sale {uid} card 4518420000000007") == f"sale {uid} card ################"


def test_exception_while_the_dialog_is_open_is_only_written(tmp_path: Path) -> None:
    shown: list[str] = []
    handler = CrashHandler(
        tmp_path, show=lambda summary, path: (shown.append(summary), handler.handle(*_exc_info()))
    )
    handler.handle(*_exc_info())
    assert len(shown) == 1
    assert len(list(tmp_path.glob("crash-*.txt"))) == 2


def test_install_routes_sys_and_thread_hooks(tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path, show=None)
    handler.install()
    try:
        assert sys.excepthook == handler.handle
        thread = threading.Thread(target=_raise_with_card_data, name="worker-x")
        thread.start()
        thread.join()
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler.handle
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1
    assert "thread: worker-x" in reports[0].read_text(encoding="utf-8")


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_crash_dialog_goes_through_the_dialogs_module(qtbot: Any, tmp_path: Path) -> None:
    from pos_app.ui.shell import dialogs

    seen: list[str] = []
    dialogs.answer_next(True, seen=seen)
    crash.show_crash_dialog("RuntimeError: boom", tmp_path / "crash-1.txt")
    assert len(seen) == 1
    assert "프로그램 오류" in seen[0]
    assert "crash-1.txt" in seen[0]
