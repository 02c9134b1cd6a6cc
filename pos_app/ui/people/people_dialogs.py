"""The small forms of people management: a person (add, or change name and role), a PIN, the role table.

Each form checks what it can in the domain (name and PIN rules) before it is accepted, and hands what
was typed to the caller (``PeopleSection``), which runs the change through the services off the GUI
thread and shows the services' refusal at the field when there is one. PIN fields are wiped as they are
read (``PersonPinEdit.take``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import FieldError
from pos_app.domain.people import (
    ACTION_LABELS,
    DEFAULT_RULES,
    IDLE_MINUTES_RANGE,
    MSG_PIN_MISMATCH,
    NAME_MAX,
    OWNER_WORK,
    ROLE_LABELS,
    ROLES,
    Action,
    Role,
    RoleRules,
    check_pin_rules,
    clean_name,
)
from pos_app.ui.people.fields import PersonPinEdit
from pos_app.ui.widgets.form_dialog import FormDialog


def role_text(role: Role) -> str:
    return QCoreApplication.translate("People", ROLE_LABELS[role])


def _buttons(dialog: FormDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox()
    ok = QPushButton(ok_text)
    ok.setObjectName("peopleFormSubmit")
    cancel = QPushButton(QCoreApplication.translate("People", "닫기"))
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    box.addButton(ok, QDialogButtonBox.ButtonRole.ActionRole)
    cancel.clicked.connect(dialog.reject)
    return box, ok


class PersonDialog(FormDialog):
    """A new person (name, role, PIN twice) or the name and role of one (``editing``)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "",
        role: Role = Role.CASHIER,
        editing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setMinimumWidth(380)
        self._editing = editing
        self.setWindowTitle(self.tr("사람 정보 바꾸기") if editing else self.tr("사람 추가"))
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("personName")
        self.name_edit.setMaxLength(NAME_MAX)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("personRole")
        for each in ROLES:
            self.role_combo.addItem(role_text(each), each.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))
        self.pin_edit = PersonPinEdit()
        self.pin_again_edit = PersonPinEdit()
        self.pin_again_edit.setObjectName("personPinAgain")
        form = QFormLayout()
        form.addRow(self.tr("이름"), self.name_edit)
        form.addRow(self.tr("역할"), self.role_combo)
        if not editing:
            form.addRow(self.tr("PIN (숫자 4–8자리)"), self.pin_edit)
            form.addRow(self.tr("PIN 한 번 더"), self.pin_again_edit)
        box, self.ok_button = _buttons(self, self.tr("저장") if editing else self.tr("추가"))
        self.ok_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(box)
        self.bind_field("name", self.name_edit)
        self.bind_field("pin", self.pin_edit)
        self.bind_field("pin_again", self.pin_again_edit)
        fields: list[QWidget] = [self.name_edit, self.role_combo]
        if not editing:
            fields += [self.pin_edit, self.pin_again_edit]
        self.chain_enter(fields, self.submit)
        self.name = ""
        self.role = role
        self.pin = ""
        self.name_edit.setFocus()

    def submit(self) -> None:
        try:
            name = clean_name(self.name_edit.text())
            pin = ""
            if not self._editing:
                pin = check_pin_rules(self.pin_edit.text())
                if self.pin_again_edit.text() != pin:
                    raise FieldError("pin_again", MSG_PIN_MISMATCH)
        except FieldError as error:
            self.pin_edit.wipe()
            self.pin_again_edit.wipe()
            self.show_form_errors(error)
            return
        self.pin_edit.wipe()
        self.pin_again_edit.wipe()
        self.name, self.role, self.pin = name, Role(self.role_combo.currentData()), pin
        self.accept()


class PinDialog(FormDialog):
    """A new PIN twice — and, for one's own, the PIN one has now (``own``)."""

    def __init__(self, person: str, parent: QWidget | None = None, *, own: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setMinimumWidth(360)
        self.setWindowTitle(self.tr("{name}님의 PIN 바꾸기").format(name=person))
        self._own = own
        self.current_edit = PersonPinEdit()
        self.current_edit.setObjectName("personPinNow")
        self.pin_edit = PersonPinEdit()
        self.pin_again_edit = PersonPinEdit()
        self.pin_again_edit.setObjectName("personPinAgain")
        form = QFormLayout()
        if own:
            form.addRow(self.tr("지금 PIN"), self.current_edit)
        form.addRow(self.tr("새 PIN (숫자 4–8자리)"), self.pin_edit)
        form.addRow(self.tr("새 PIN 한 번 더"), self.pin_again_edit)
        note = QLabel("" if own else self.tr("새 PIN을 정하면 PIN을 여러 번 틀려 잠긴 것도 풀립니다."))
        note.setWordWrap(True)
        note.setVisible(not own)
        box, self.ok_button = _buttons(self, self.tr("PIN 바꾸기"))
        self.ok_button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(box)
        self.bind_field("current_pin", self.current_edit)
        self.bind_field("pin", self.pin_edit)
        self.bind_field("pin_again", self.pin_again_edit)
        self.chain_enter(
            [*([self.current_edit] if own else []), self.pin_edit, self.pin_again_edit], self.submit
        )
        self.current_pin: str | None = None
        self.pin = ""
        (self.current_edit if own else self.pin_edit).setFocus()

    def submit(self) -> None:
        current = self.current_edit.take() if self._own else None
        pin, again = self.pin_edit.take(), self.pin_again_edit.take()
        try:
            check_pin_rules(pin)
            if again != pin:
                raise FieldError("pin_again", MSG_PIN_MISMATCH)
        except FieldError as error:
            self.show_form_errors(error)
            return
        self.current_pin, self.pin = current, pin
        self.accept()


class RulesDialog(FormDialog):
    """The role table: each action's least role, never below the default; and the idle minutes."""

    def __init__(self, rules: RoleRules, idle_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle(self.tr("권한 표"))
        self.setMinimumWidth(520)  # the note in three lines, not six
        note = QLabel(
            self.tr(
                "각 작업을 할 수 있는 가장 낮은 역할입니다. 기본보다 엄하게만 바꿀 수 있습니다. 그 역할보다 "
                "낮은 사람은 그 자리에서 승인을 받아 할 수 있습니다(설정·키·사람·감사 기록은 사장만)."
            )
        )
        note.setWordWrap(True)
        self.combos: dict[Action, QComboBox] = {}
        form = QFormLayout()
        for action in Action:
            combo = QComboBox()
            combo.setObjectName(f"rule_{action.value}")
            for role in ROLES:
                if role.at_least(DEFAULT_RULES[action]):
                    combo.addItem(role_text(role), role.value)
            combo.setCurrentIndex(combo.findData(rules.required(action).value))
            combo.setEnabled(action not in OWNER_WORK)
            self.combos[action] = combo
            form.addRow(QCoreApplication.translate("People", ACTION_LABELS[action]), combo)
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setRange(*IDLE_MINUTES_RANGE)
        self.idle_spin.setValue(idle_minutes)
        self.idle_spin.setSuffix(self.tr("분"))
        # the counter style frames every QLineEdit, the spin box's own inner one too: there it only
        # squeezed the number; the spin box keeps its frame, as tall as the role boxes above
        self.idle_spin.setStyleSheet("QLineEdit { border: none; padding: 0px; background: transparent; }")
        self.idle_spin.setMinimumHeight(next(iter(self.combos.values())).sizeHint().height())
        form.addRow(self.tr("이만큼 아무 입력이 없으면 로그아웃"), self.idle_spin)
        box, self.ok_button = _buttons(self, self.tr("저장"))
        self.ok_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignRight)

    def changes(self) -> dict[Action, Role]:
        return {action: Role(combo.currentData()) for action, combo in self.combos.items()}
