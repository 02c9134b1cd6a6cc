"""사람과 권한, the owner's group on the 설정 tab: who can sign in, with which role, and the buttons to add,
change, give a new PIN, stop or restore a person, change the role table, and read the 감사 기록.

Every change goes through ``services.people`` on the runner (the PIN hash takes ~60 ms); the services
refuse what the person signed in may not do, and the refusal is shown here. The list is refreshed from
the services' memory after each change (``refresh``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.people.people_dialogs import PersonDialog, PinDialog, RulesDialog, role_text
from pos_app.ui.shell import dialogs
from pos_app.ui.shell.formatting import describe_error

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices
    from pos_app.services.people import Person
    from pos_app.ui.people.audit_dialog import AuditDialog
    from pos_app.workers import BackgroundRunner


class PeopleSection(QGroupBox):
    people_changed = Signal()
    owner_signed_in = Signal(object)  # SignedIn: the first person (the owner) was made here

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("peopleSection")
        self._services = services
        self._runner = runner
        self._people: list[Person] = []
        self.audit_dialog: AuditDialog | None = None
        self.open_dialog: Any = None  # the form open now (tests drive it)
        self.state_label = QLabel()
        self.state_label.setObjectName("peopleState")
        self.state_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("peopleTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton()
        self.add_button.setObjectName("peopleAdd")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("peopleEdit")
        self.pin_button = QPushButton()
        self.pin_button.setObjectName("peoplePin")
        self.active_button = QPushButton()
        self.active_button.setObjectName("peopleActive")
        self.rules_button = QPushButton()
        self.rules_button.setObjectName("peopleRules")
        self.audit_button = QPushButton()
        self.audit_button.setObjectName("peopleAudit")
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.pin_button, self.active_button):
            row.addWidget(button)
        row.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.rules_button)
        second.addWidget(self.audit_button)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addLayout(second)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.pin_button.clicked.connect(self._on_pin_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.rules_button.clicked.connect(self._on_rules_clicked)
        self.audit_button.clicked.connect(self.open_audit)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate()
        self.refresh()

    # -- showing ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(self.tr("사람과 권한"))
        self.table.setHorizontalHeaderLabels([self.tr("이름"), self.tr("역할"), self.tr("상태")])
        self.add_button.setText(self.tr("사람 추가…"))
        self.edit_button.setText(self.tr("이름·역할…"))
        self.pin_button.setText(self.tr("새 PIN…"))
        self.rules_button.setText(self.tr("권한 표…"))
        self.audit_button.setText(self.tr("감사 기록…"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        people = self._services.people
        self._people = sorted(people.people(), key=lambda p: (not p.active, -p.role.rank, p.name))
        if not people.managed:
            self.state_label.setText(
                self.tr(
                    "아직 사람이 없습니다: 누구나 모든 것을 할 수 있습니다. 사장을 먼저 추가하면 그때부터 "
                    "이름과 PIN으로 로그인합니다."
                )
            )
        else:
            self.state_label.setText(
                self.tr(
                    "{minutes}분 동안 입력이 없으면 로그아웃합니다. 무엇을 누가 할 수 있는지는 권한 표에서 "
                    "정합니다."
                ).format(minutes=people.idle_minutes)
            )
        self.table.setRowCount(len(self._people))
        for index, person in enumerate(self._people):
            for column, text in enumerate((person.name, role_text(person.role), self._state_text(person))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                self.table.setItem(index, column, item)
        self._update_buttons()

    def _state_text(self, person: Person) -> str:
        if not person.active:
            return self.tr("사용 중지")
        if person.locked_until and person.locked_until > datetime.now().timestamp():
            until = datetime.fromtimestamp(person.locked_until).strftime("%H:%M")
            return self.tr("{until}까지 잠김").format(until=until)
        return self.tr("사용 중")

    def selected(self) -> Person | None:
        rows = self.table.selectionModel().selectedRows()
        return self._people[rows[0].row()] if rows else None

    def select(self, name: str) -> None:
        for index, person in enumerate(self._people):
            if person.name == name:
                self.table.selectRow(index)

    def _update_buttons(self) -> None:
        person = self.selected()
        managed = self._services.people.managed
        for button in (self.edit_button, self.pin_button, self.active_button):
            button.setEnabled(person is not None)
        self.rules_button.setEnabled(managed)
        self.active_button.setText(
            self.tr("다시 사용") if person is not None and not person.active else self.tr("사용 중지")
        )

    # -- changes --------------------------------------------------------------------------------------
    def _run(
        self, work: Callable[[], object], done: str, then: Callable[[object], None] | None = None
    ) -> None:
        def finished(result: object) -> None:
            if then is not None:
                then(result)
            self.refresh()
            self.people_changed.emit()
            self.state_label.setText(done)

        self._runner.run(work, finished, self._on_failed, kind="cashier")

    def _on_failed(self, exc: BaseException) -> None:
        text = describe_error(exc)
        if text is None:
            raise exc
        self.refresh()
        dialogs.show_error(self, text)

    def _open(self, dialog: Any, accepted: Callable[[], None]) -> None:
        self.open_dialog = dialog
        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_add_clicked(self) -> None:
        from pos_app.domain.people import Role

        first = not self._services.people.managed
        dialog = PersonDialog(self, role=Role.OWNER if first else Role.CASHIER)
        people = self._services.people

        def add() -> None:
            name, role, pin = dialog.name, dialog.role, dialog.pin
            dialog.pin = ""  # in memory for the call only, not on the dialog

            def work() -> object:
                people.add_person(name, role, pin)
                return people.session.current()  # the first owner is signed in, in this job's context

            def owner_made(signed: object) -> None:
                if first and signed is not None:
                    self.owner_signed_in.emit(signed)  # the window enters them on its own thread

            self._run(work, self.tr("{name}님을 추가했습니다.").format(name=name), owner_made)

        self._open(dialog, add)

    def _on_edit_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        dialog = PersonDialog(self, name=person.name, role=person.role, editing=True)
        people, person_id = self._services.people, person.id

        def change() -> None:
            name, role = dialog.name, dialog.role
            self._run(lambda: people.change_person(person_id, name=name, role=role), self.tr("바꿨습니다."))

        self._open(dialog, change)

    def _on_pin_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        dialog = PinDialog(person.name, self)
        people, person_id = self._services.people, person.id

        def set_pin() -> None:
            pin = dialog.pin
            dialog.pin = ""
            self._run(lambda: people.set_pin(person_id, pin), self.tr("새 PIN을 정했습니다."))

        self._open(dialog, set_pin)

    def _on_active_clicked(self) -> None:
        person = self.selected()
        if person is None:
            return
        active = not person.active
        if not active and not dialogs.confirm(
            self,
            self.tr("사용 중지"),
            self.tr("{name}님이 더 이상 로그인하지 못하게 할까요? 기록은 그대로 남습니다.").format(
                name=person.name
            ),
        ):
            return
        people, person_id = self._services.people, person.id
        self._run(lambda: people.change_person(person_id, active=active), self.tr("바꿨습니다."))

    def _on_rules_clicked(self) -> None:
        people = self._services.people
        dialog = RulesDialog(people.rules, people.idle_minutes, self)

        def save() -> None:
            changes, idle = dialog.changes(), dialog.idle_spin.value()
            self._run(lambda: people.set_rules(changes, idle), self.tr("권한 표를 저장했습니다."))

        self._open(dialog, save)

    def open_audit(self) -> AuditDialog:
        from pos_app.ui.people.audit_dialog import AuditDialog

        if self.audit_dialog is not None:
            self.audit_dialog.close()
        self.audit_dialog = AuditDialog(self._services, self._runner, self.window())
        self.audit_dialog.show()
        self.audit_dialog.load()
        return self.audit_dialog
