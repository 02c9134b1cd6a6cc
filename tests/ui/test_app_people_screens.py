"""People screens through the window, beyond signing in: the PIN checked on a worker thread (never the GUI
thread), the idle sign-out on a fake clock that waits for a money call, the owner tightening the role
table, the audit filtered by kind, and every people screen readable at 1024×768 in Korean and English.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError as QtTimeout
from test_app_people import CASHIER, MANAGER, OWNER, PINS, paid_sale, set_up_people, sign_in
from test_counter_screens_fit import SIZE, clipped

from pos_app.app import AppParts
from pos_app.domain.people import Action, Role
from pos_app.services import people as people_service
from pos_app.services.counter import AuditFilter
from pos_app.services.permissions import AccessRefused
from pos_app.ui.people.approval import ApprovalDialog, with_approval
from pos_app.ui.people.idle import IdleWatcher
from pos_app.ui.people.people_dialogs import RulesDialog
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def app_parts(app_parts: AppParts) -> AppParts:
    set_up_people(app_parts.services)
    return app_parts


def test_the_pin_is_checked_off_the_gui_thread(
    qtbot: Any, main_window: MainWindow, cashier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_check = people_service.check_pin

    def watched(pin: str, stored: str) -> bool:
        threads.append(threading.current_thread())
        return real_check(pin, stored)

    monkeypatch.setattr(people_service, "check_pin", watched)
    sign_in(qtbot, cashier, main_window, CASHIER)
    assert threads
    assert threading.main_thread() not in threads


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_idle_watcher_counts_on_its_clock_and_any_key_starts_it_again(qtbot: Any) -> None:
    clock = FakeMonotonic()
    fired: list[float] = []
    watcher = IdleWatcher(lambda: fired.append(clock.now), check_ms=5, monotonic=clock)
    watcher.limit_ms = 60_000
    watcher.start()
    try:
        clock.now += 59.0
        qtbot.wait(30)  # several checks of the timer: not yet
        assert fired == []
        QApplication.sendEvent(QApplication.instance(), _key_press())  # a key anywhere: counted again
        clock.now += 59.0
        qtbot.wait(30)
        assert fired == []
        clock.now += 1.0
        qtbot.waitUntil(lambda: fired == [clock.now], timeout=2_000)
        clock.now += 600.0
        qtbot.wait(30)
        assert len(fired) == 1  # once, until the next input
    finally:
        watcher.stop()


def _key_press() -> Any:
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")


def test_idle_waits_for_a_money_call_to_end_before_signing_out(
    qtbot: Any, main_window: MainWindow, cashier: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER)
    gate = main_window.people_gate
    busy = [True]
    monkeypatch.setattr(main_window.keyin_tab, "is_busy", lambda: busy[0])
    left: list[str] = []
    gate.signed_out.connect(left.append)
    gate._on_idle()  # the idle minutes are over while a charge is out
    assert left == []
    assert main_window.services.people.signed_in() is not None
    busy[0] = False
    gate._on_idle()  # the next check, the charge over
    assert left == ["idle"]
    assert gate.showing_sign_in()
    people = main_window.services.people
    people.sign_in(OWNER, PINS[OWNER])  # the owner reads why the cashier left
    qtbot.waitUntil(
        lambda: any(
            r.kind == "sign_out" and r.person == CASHIER
            for r in main_window.services.audit(AuditFilter(kinds=frozenset({"sign_out"})))
        ),
        timeout=10_000,
    )
    [out] = main_window.services.audit(AuditFilter(kinds=frozenset({"sign_out"}), person=CASHIER))
    assert "idle" in out.detail


def test_the_owner_tightens_refunds_to_the_owner_and_then_a_manager_needs_the_owners_pin(
    qtbot: Any, main_window: MainWindow, cashier: Any
) -> None:
    sign_in(qtbot, cashier, main_window, OWNER)
    section = main_window.people_gate.section
    qtbot.mouseClick(section.rules_button, Qt.MouseButton.LeftButton)
    rules = section.open_dialog
    assert isinstance(rules, RulesDialog)
    refund = rules.combos[Action.REFUND]
    assert [refund.itemData(i) for i in range(refund.count())] == ["manager", "owner"]  # never below
    assert not rules.combos[Action.SETTINGS].isEnabled()  # the owner's work stays the owner's
    refund.setCurrentIndex(refund.findData("owner"))
    with qtbot.waitSignal(section.people_changed, timeout=10_000):
        qtbot.mouseClick(rules.ok_button, Qt.MouseButton.LeftButton)
    services = main_window.services
    assert services.people.rules.required(Action.REFUND) is Role.OWNER

    main_window.people_gate.sign_out("switch")  # F12 (test_app_people)
    back_to(qtbot, main_window)
    sign_in(qtbot, cashier, main_window, MANAGER)
    uid = paid_sale(services)
    with pytest.raises(AccessRefused) as refused:
        services.cancel(uid, None, "고객 요청")  # the service refuses, whatever the window shows
    assert refused.value.kind == "approval_needed"
    sent: list[Any] = []
    dialog = with_approval(main_window, services, main_window.runner, Action.REFUND, uid, "환불", sent.append)
    assert isinstance(dialog, ApprovalDialog)
    assert dialog.name_edit.completer().model().stringList() == [OWNER]  # only who may approve
    dialog.reject()


def test_the_audit_is_filtered_by_kind(qtbot: Any, main_window: MainWindow, cashier: Any) -> None:
    sign_in(qtbot, cashier, main_window, CASHIER, "99124578", succeed=False)  # a wrong PIN
    page = main_window.people_gate.page
    qtbot.waitUntil(lambda: page.error_label.isVisible() and page.submit_button.isEnabled(), timeout=10_000)
    page.name_edit.clear()
    sign_in(qtbot, cashier, main_window, OWNER)
    audit = main_window.people_gate.section.open_audit()
    qtbot.waitUntil(lambda: audit.table.rowCount() > 0, timeout=10_000)
    audit.kind_combo.setCurrentIndex(audit.kind_combo.findData("pin_failed"))
    with qtbot.waitSignal(audit.rows_shown, timeout=10_000):
        audit.load()
    assert audit.table.rowCount() == 1
    assert audit.table.item(0, 1).text() == "PIN 틀림"
    assert [r.person for r in audit.rows] == [CASHIER]
    audit.close()


def back_to(qtbot: Any, window: MainWindow) -> None:
    """The window active again after a dialog (a window manager does it; the offscreen platform not)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def fits(qtbot: Any, widget: Any) -> None:
    """Nothing cut off once the layout has settled (a language switch lays out over two passes)."""
    with contextlib.suppress(QtTimeout):  # said below, with what is cut off
        qtbot.waitUntil(lambda: clipped(widget) == [], timeout=2_000)
    assert clipped(widget) == []


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_people_screen_fits_1024_by_768(
    qtbot: Any, main_window: MainWindow, cashier: Any, translations: Any, language: str
) -> None:
    translations.switch(language)
    main_window.resize(*SIZE)
    qtbot.waitUntil(lambda: main_window.size().toTuple() == SIZE, timeout=5000)
    gate = main_window.people_gate
    fits(qtbot, gate.page)
    sign_in(qtbot, cashier, main_window, CASHIER, "99124578", succeed=False)
    qtbot.waitUntil(
        lambda: gate.page.error_label.isVisible() and gate.page.submit_button.isEnabled(), timeout=10_000
    )
    fits(qtbot, gate.page)  # with the wrong PIN said under the fields
    gate.page.name_edit.clear()
    sign_in(qtbot, cashier, main_window, CASHIER)

    services = main_window.services
    uid = paid_sale(services)
    dialog = with_approval(
        main_window, services, main_window.runner, Action.REFUND, uid, uid, lambda _a: None
    )
    assert isinstance(dialog, ApprovalDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    fits(qtbot, dialog)
    cashier.type(dialog.name_edit, MANAGER)
    cashier.type(dialog.pin_edit, "99124578")
    with qtbot.waitSignal(dialog.approval_refused, timeout=10_000):
        cashier.enter(dialog.pin_edit)
    fits(qtbot, dialog)
    dialog.reject()

    gate.sign_out("switch")
    back_to(qtbot, main_window)
    sign_in(qtbot, cashier, main_window, OWNER)
    main_window.tabs.setCurrentWidget(main_window.settings_tab)
    section = gate.section
    fits(qtbot, section)
    qtbot.mouseClick(section.rules_button, Qt.MouseButton.LeftButton)
    rules = section.open_dialog
    qtbot.waitUntil(rules.isVisible, timeout=5_000)
    fits(qtbot, rules)
    assert rules.frameGeometry().height() <= SIZE[1]
    rules.reject()
    audit = section.open_audit()
    qtbot.waitUntil(lambda: audit.table.rowCount() > 0, timeout=10_000)
    fits(qtbot, audit)
    assert audit.frameGeometry().width() <= SIZE[0]
    assert audit.frameGeometry().height() <= SIZE[1]
    audit.close()


def _files_under(folder: Any) -> dict[str, bytes]:
    import zipfile

    found: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found[str(path)] = path.read_bytes()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{path}!{member}"] = archive.read(member)
    return found


def test_no_pin_typed_into_the_window_lands_in_a_file_or_a_log(
    qtbot: Any, main_window: MainWindow, cashier: Any, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The canary scan of services/test_people_pins_never_written, over the window's own path: typed
    sign-ins (wrong and right), an approval typed into a refund's confirmation, a PIN changed in the
    window, the audit exported — then every file under the test's folder and every log record."""
    import logging

    caplog.set_level(logging.DEBUG)
    wrong = "99124578"
    sign_in(qtbot, cashier, main_window, CASHIER, wrong, succeed=False)
    page = main_window.people_gate.page
    qtbot.waitUntil(lambda: page.error_label.isVisible() and page.submit_button.isEnabled(), timeout=10_000)
    page.name_edit.clear()
    sign_in(qtbot, cashier, main_window, CASHIER)
    services = main_window.services
    uid = paid_sale(services)
    sent: list[Any] = []
    dialog = with_approval(main_window, services, main_window.runner, Action.REFUND, uid, uid, sent.append)
    assert dialog is not None
    cashier.type(dialog.name_edit, MANAGER)
    cashier.type(dialog.pin_edit, wrong)
    with qtbot.waitSignal(dialog.approval_refused, timeout=10_000):
        cashier.enter(dialog.pin_edit)
    cashier.type(dialog.pin_edit, PINS[MANAGER])
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        cashier.enter(dialog.pin_edit)
    [approval] = sent
    services.cancel(uid, None, "고객 요청", approval=approval)

    new_pin = "83620174"
    pin_dialog = main_window.people_gate.change_own_pin()
    assert pin_dialog is not None
    cashier.type(pin_dialog.current_edit, PINS[CASHIER])
    cashier.type(pin_dialog.pin_edit, new_pin)
    cashier.type(pin_dialog.pin_again_edit, new_pin)
    told: list[str] = []
    dialogs.answer_next(True, seen=told)  # PIN을 바꿨습니다.
    qtbot.mouseClick(pin_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: told != [], timeout=10_000)
    assert (pin_dialog.pin, pin_dialog.current_pin) == ("", None)  # not kept on the dialog after the call

    main_window.people_gate.sign_out("switch")
    back_to(qtbot, main_window)
    sign_in(qtbot, cashier, main_window, CASHIER, new_pin)  # the new PIN works
    main_window.people_gate.sign_out("switch")
    back_to(qtbot, main_window)
    sign_in(qtbot, cashier, main_window, OWNER)
    audit = main_window.people_gate.section.open_audit()
    target = tmp_path / "audit.xlsx"
    with qtbot.waitSignal(audit.exported, timeout=10_000):
        audit.export(target)
    audit.close()

    files = _files_under(tmp_path)
    assert any(name.endswith("-wal") for name in files)  # the open journal's WAL is searched too
    files["log"] = "\n".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
    ).encode()
    pins = [*PINS.values(), wrong, new_pin]
    found = [
        (name, pin)
        for name, data in files.items()
        for pin in pins
        if any(form in data for form in (pin.encode(), pin.encode("utf-16-le"), pin.encode("utf-16-be")))
    ]
    assert found == []
