"""A manager's or owner's approval on the spot, in the confirmation of a refund, a cash receipt cancel, a
card deletion or the day close — and ``with_approval``, the one way the money screens ask for it.

``with_approval(parent, services, runner, action, subject, summary, then)`` calls ``then(None)`` at once
when the person signed in may do ``action`` (or nobody is set up), opens ``ApprovalDialog`` when a
manager's or owner's approval can stand in, and otherwise also calls ``then(None)``: the service refuses
the call and says why (signed out, the owner's work), so the reason is the services' own, shown the way
every refusal is. The dialog checks the approver's PIN on the cashier lane (the PIN field wiped as it is
read); a wrong PIN is said in the dialog, which stays open, and counts toward the approver's lockout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.people import ACTION_LABELS, ROLE_LABELS, Action
from pos_app.ui.people.fields import PersonNameEdit, PersonPinEdit
from pos_app.ui.shell.formatting import describe_error
from pos_app.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from pos_app.services.counter import Approval, CounterServices
    from pos_app.workers import BackgroundRunner


class ApprovalDialog(FormDialog):
    """Name and PIN of the manager or owner standing beside the cashier, for one action on one thing."""

    approval_refused = Signal(str)  # what the dialog said (wrong PIN, locked, not allowed)

    def __init__(
        self,
        services: CounterServices,
        runner: BackgroundRunner,
        action: Action,
        subject: str,
        summary: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setMinimumWidth(420)
        self._services = services
        self._runner = runner
        self._action = action
        self._subject = subject
        self._checking = False
        self._closed = False
        self.approval: Approval | None = None
        people = services.people
        self._required = people.rules.required(action)

        self.heading = QLabel()
        self.heading.setObjectName("approvalHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.summary = QLabel(summary)
        self.summary.setObjectName("approvalSummary")
        self.summary.setWordWrap(True)
        self.name_edit = PersonNameEdit()
        self.name_edit.set_names(
            p.name for p in people.people() if p.active and p.role.at_least(self._required)
        )
        self.pin_edit = PersonPinEdit()
        self.name_label, self.pin_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.pin_label, self.pin_edit)
        self.approve_button = QPushButton()
        self.approve_button.setObjectName("approvalSubmit")
        self.back_button = QPushButton()
        self.back_button.setObjectName("approvalBack")
        buttons = QDialogButtonBox()
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.approve_button.clicked.connect(self.submit)
        self.back_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.bind_field("name", self.name_edit)
        self.bind_field("pin", self.pin_edit)
        self.chain_enter([self.name_edit, self.pin_edit], self.submit)
        self.retranslate()
        self.name_edit.setFocus()

    def retranslate(self) -> None:
        action = QCoreApplication.translate("People", ACTION_LABELS[self._action])
        role = QCoreApplication.translate("People", ROLE_LABELS[self._required])
        self.setWindowTitle(self.tr("{role} 승인").format(role=role))
        self.heading.setText(
            self.tr(
                "{action}은(는) {role} 이상이 합니다. {role} 이상이 이름과 PIN을 입력해 승인하세요."
            ).format(action=action, role=role)
        )
        self.name_label.setText(self.tr("승인하는 사람"))
        self.pin_label.setText(self.tr("PIN"))
        self.approve_button.setText(self.tr("승인") if not self._checking else self.tr("확인 중…"))
        self.back_button.setText(self.tr("돌아가기"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        if self._checking:
            return
        name = self.name_edit.text()
        if not name.strip():
            self.show_form_message(self.tr("승인하는 사람의 이름을 입력하세요."), "name")
            self.name_edit.setFocus()
            return
        pin = self.pin_edit.take()
        if not pin:
            self.show_form_message(self.tr("PIN을 입력하세요."), "pin")
            self.pin_edit.setFocus()
            return
        people, action, subject = self._services.people, self._action, self._subject
        self._set_checking(True)
        self._runner.run(
            lambda: people.approve(action, name, pin, subject),
            self._on_approved,
            self._on_refused,
            kind="cashier",
            owner=self,
        )

    def done(self, result: int) -> None:
        self._closed = True  # closed (the cashier went back, or a sign-out): a PIN check's answer is ignored
        super().done(result)

    def _on_approved(self, approval: Approval) -> None:
        if self._closed:
            return  # approved after the dialog was closed: nothing is done in its name
        self._set_checking(False)
        self.approval = approval
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        text = describe_error(exc)
        if text is None:
            raise exc
        if self._closed:
            return
        self._set_checking(False)
        self.show_form_message(text, "name" if getattr(exc, "kind", "") == "unknown_person" else "pin")
        (
            self.name_edit
            if getattr(exc, "kind", "") in ("unknown_person", "role_too_low")
            else self.pin_edit
        ).setFocus(Qt.FocusReason.OtherFocusReason)
        self.approval_refused.emit(text)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for widget in (self.name_edit, self.pin_edit, self.approve_button):
            widget.setEnabled(not checking)
        self.retranslate()


def with_approval(
    parent: QWidget,
    services: CounterServices,
    runner: BackgroundRunner,
    action: Action,
    subject: str,
    summary: str,
    then: Callable[[Approval | None], None],
) -> ApprovalDialog | None:
    """Run ``then`` with the approval ``action`` needs from whoever is signed in (see the module
    docstring); returns the dialog when one was opened (tests drive it)."""
    people = services.people
    if people.can(action) or not people.needs_approval(action):
        then(None)
        return None
    dialog = ApprovalDialog(services, runner, action, subject, summary, parent)
    dialog.accepted.connect(lambda: then(dialog.approval))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
