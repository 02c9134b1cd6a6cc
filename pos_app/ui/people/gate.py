"""The window's people: the sign-in screen over the tabs, who is signed in on the status bar, F12 to hand
the counter to the next person, signing out after the idle minutes, and the 설정 tab for the owner.

``PeopleGate`` is built by the window once its services are there (``MainWindow.attach``) and asked
``start`` / ``refresh`` whenever the configuration (and so maybe the journal and its people) changed:

- nobody set up and ``WindowContext.people_required`` (a real-money counter): the sign-in screen makes the
  owner first; nobody set up otherwise (the sandbox, the tests): the counter works as before, and the
  owner can be added on 설정;
- people set up, nobody signed in: the sign-in screen covers the tabs until someone signs in;
- signed in: the tabs, and the name and role on the status bar. F12 (or the name's menu) signs the person
  out and shows the sign-in screen for the next one: keyboard only, name, PIN, Enter. What was open (a
  charge on its way, a half-typed order) stays as it was: an operation belongs to itself, not to the person
  at the counter, and the services keep its operator.

The signed-in person is entered into the services' session on this (the GUI) thread; the runner carries
it to every call submitted after (``services.permissions``). After the idle minutes without a key or a
click the person is signed out ("idle"); not while a money call is out (then at its end). At every
sign-out the dialogs left open are closed (a form: nothing in it was sent; the audit or the day close: the
next person sees neither).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolButton, QVBoxLayout

from pos_app.domain.people import ROLE_LABELS, Action
from pos_app.ui.people.idle import IdleWatcher
from pos_app.ui.people.people_dialogs import PinDialog
from pos_app.ui.people.people_section import PeopleSection
from pos_app.ui.people.sign_in_page import SignInPage
from pos_app.ui.shell import dialogs

if TYPE_CHECKING:
    from pos_app.config import Settings
    from pos_app.services.counter import CounterServices
    from pos_app.ui.shell.main_window import MainWindow

SWITCH_KEY = "F12"


class PeopleGate(QObject):
    signed_in = Signal(str)  # the name
    signed_out = Signal(str)  # why: "manual", "switch", "idle"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        services = window.services
        central = window.centralWidget()
        assert central is not None
        layout = central.layout()
        assert isinstance(layout, QVBoxLayout)
        self.page = SignInPage(services, window.runner, central)
        self.page.setVisible(False)
        layout.insertWidget(layout.indexOf(window.tabs) + 1, self.page, 1)
        self.page.signed_in.connect(self._on_page_signed_in)

        self.person_button = QToolButton(window.statusBar())
        self.person_button.setObjectName("personButton")
        self.person_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.person_button)
        self.switch_action = self.menu.addAction("")
        self.switch_action.triggered.connect(lambda: self.sign_out("switch"))
        self.sign_out_action = self.menu.addAction("")
        self.sign_out_action.triggered.connect(lambda: self.sign_out("manual"))
        self.pin_action = self.menu.addAction("")
        self.pin_action.triggered.connect(self.change_own_pin)
        self.person_button.setMenu(self.menu)
        window.statusBar().addPermanentWidget(self.person_button)
        self.switch_shortcut = QShortcut(QKeySequence(SWITCH_KEY), window)
        self.switch_shortcut.activated.connect(lambda: self.sign_out("switch"))

        self.section = PeopleSection(services, window.runner)
        self.section.people_changed.connect(self._on_people_changed)
        self.section.owner_signed_in.connect(self._on_page_signed_in)
        window.settings_tab.add_group(self.section)
        window.settings_tab.save_guard = self._settings_refusal
        window.settings_tab.settings_changed.connect(self._on_settings_changed)

        self.idle = IdleWatcher(self._on_idle, check_ms=window.context.idle_check_ms, parent=self)
        self.pin_dialog: PinDialog | None = None
        self.retranslate()

    @property
    def _services(self) -> CounterServices:
        return self._window.services

    # -- state ----------------------------------------------------------------------------------------
    def start(self) -> None:
        """Show what the people set up (or not) call for; after start-up and after settings were applied."""
        self.refresh()
        self.idle.start()

    def refresh(self) -> None:
        people = self._services.people
        person = people.signed_in()
        if people.managed and person is None:
            self._show_page(create_owner=False)
        elif not people.managed and self._window.context.people_required:
            self._show_page(create_owner=True)
        else:
            self._show_tabs()
        self.idle.limit_ms = (
            people.idle_minutes * self._window.context.idle_minute_ms if people.managed else 0
        )
        self._show_person()
        self.section.refresh()

    def showing_sign_in(self) -> bool:
        return self.page.isVisible()

    def _show_page(self, *, create_owner: bool) -> None:
        self._window.tabs.setVisible(False)
        self.page.setVisible(True)
        self.page.show_for(create_owner=create_owner)

    def _show_tabs(self) -> None:
        self.page.setVisible(False)
        self._window.tabs.setVisible(True)

    def _show_person(self) -> None:
        people = self._services.people
        person = people.signed_in()
        self.person_button.setVisible(people.managed)
        if person is None:
            self.person_button.setText(self.tr("로그인 안 됨"))
        else:
            role = QCoreApplication.translate("People", ROLE_LABELS[person.role])
            self.person_button.setText(self.tr("{name} · {role}").format(name=person.name, role=role))
        self.pin_action.setEnabled(person is not None)
        self.sign_out_action.setEnabled(person is not None)
        self.switch_action.setEnabled(person is not None)
        may_set = people.can(Action.SETTINGS)
        self._window.settings_tab.setEnabled(may_set)
        self._window.settings_tab.setToolTip("" if may_set else self.tr("설정은 사장이 로그인해서 바꿉니다."))

    def retranslate(self) -> None:
        self.switch_action.setText(self.tr("다른 사람으로 바꾸기 ({key})").format(key=SWITCH_KEY))
        self.sign_out_action.setText(self.tr("로그아웃"))
        self.pin_action.setText(self.tr("내 PIN 바꾸기…"))
        self.page.retranslate()
        self.section.retranslate()
        self._show_person()

    # -- signing in and out --------------------------------------------------------------------------------
    def _on_page_signed_in(self, signed: Any) -> None:
        people = self._services.people
        people.session.enter(signed)  # on the GUI thread: every call submitted from now on carries it
        self.idle.touch()
        self.refresh()
        person = people.signed_in()
        self._window.keyin_tab.amount_edit.setFocus()
        if person is not None:
            self.signed_in.emit(person.name)

    def sign_out(self, why: str) -> None:
        """The person leaves (why: "manual", "switch", "idle"); the sign-in screen asks for the next."""
        people = self._services.people
        if not people.managed or people.signed_in() is None:
            return
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()  # a form, the audit or the day close left open: the next person sees none
        # recorded on the runner in the context submitted now (the person's), then left on this thread
        self._window.runner.run(
            lambda: people.sign_out(why), lambda _r: None, self._on_sign_out_failed, kind="db"
        )
        people.session.enter(None)
        self.refresh()
        self.signed_out.emit(why)

    def _on_sign_out_failed(self, exc: BaseException) -> None:
        dialogs.report_failure(self._window, exc)

    def _on_idle(self) -> None:
        window = self._window
        if self._services.people.signed_in() is None:
            return
        busy = window.keyin_tab.is_busy() or window.customers_tab.is_busy() or window.receipt_panel.is_busy()
        if busy or window.live_mode.applying:
            self.idle.retry_later()  # a money call is out: sign out when it is over
            return
        self.sign_out("idle")

    def _on_people_changed(self) -> None:
        self.refresh()

    def change_own_pin(self) -> PinDialog | None:
        person = self._services.people.signed_in()
        if person is None:
            return None
        dialog = PinDialog(person.name, self._window, own=True)
        people, person_id = self._services.people, person.id

        def change() -> None:
            pin, current = dialog.pin, dialog.current_pin
            dialog.pin, dialog.current_pin = "", None  # in memory for the call only, not on the dialog
            self._window.runner.run(
                lambda: people.set_pin(person_id, pin, current_pin=current),
                lambda _r: dialogs.show_info(self._window, self.tr("PIN을 바꿨습니다.")),
                lambda exc: dialogs.report_failure(self._window, exc),
                kind="cashier",
            )

        dialog.accepted.connect(change)
        dialog.finished.connect(dialog.deleteLater)
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    # -- settings -------------------------------------------------------------------------------------
    def _settings_refusal(self) -> str | None:
        if self._services.people.can(Action.SETTINGS):
            return None
        return self.tr("설정은 사장이 로그인해서 바꿉니다.")

    def _on_settings_changed(self, old: Settings, new: Settings, keys: bool) -> None:
        changes = settings_changes(old, new)
        if keys:
            # that they changed; never what they are
            changes.update(dict.fromkeys(("imp_key", "imp_secret"), "●"))
        if not changes:
            return
        people = self._services.people
        self._window.runner.run(
            lambda: people.record_settings_change(changes, keys=keys),
            lambda _r: None,
            lambda exc: self._window.settings_tab.show_applied(
                self.tr("설정 변경을 기록하지 못했습니다: {reason}").format(reason=str(exc)), ok=False
            ),
            kind="db",
        )


def settings_changes(old: Settings, new: Settings) -> dict[str, object]:
    """The settings that differ, by name, with their new values (settings hold no secrets)."""
    from dataclasses import fields

    out: dict[str, object] = {}
    for f in fields(new):
        if f.name == "data_dir":
            continue
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before != after:
            out[f.name] = after
    return out
