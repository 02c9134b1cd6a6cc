"""The sign-in screen that covers the tabs: name, PIN, Enter — and, on a new counter, making the owner.

Keyboard only: Enter in the name moves to the PIN, Enter in the PIN signs in (making the owner: the PIN
again, then Enter). The PIN is checked by the services on the runner's cashier lane (scrypt, ~60 ms, never
on the GUI thread) and the PIN field is wiped as it is read. What went wrong is said under the fields —
a wrong PIN with the tries left, a lockout with its end — and the focus goes where the fix is typed. On
success ``signed_in`` carries the ``SignedIn`` the window enters on its GUI thread (``permissions``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos_app.domain.people import Role
from pos_app.ui.people.fields import PersonNameEdit, PersonPinEdit
from pos_app.ui.shell.formatting import describe_error
from pos_app.ui.widgets.field_style import COUNTER_STYLE, ERROR_RED
from pos_app.ui.widgets.form_dialog import is_plain_enter

if TYPE_CHECKING:
    from pos_app.services.counter import CounterServices
    from pos_app.workers import BackgroundRunner


class SignInPage(QWidget):
    signed_in = Signal(object)  # SignedIn
    sign_in_failed = Signal(str)  # what the person was told

    def __init__(
        self, services: CounterServices, runner: BackgroundRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self._services = services
        self._runner = runner
        self._creating = False
        self._checking = False

        self.title = QLabel()
        self.title.setObjectName("signInTitle")
        self.title.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name_edit = PersonNameEdit()
        self.pin_edit = PersonPinEdit()
        self.pin_again_edit = PersonPinEdit()
        self.pin_again_edit.setObjectName("personPinAgain")
        self.name_label, self.pin_label, self.pin_again_label = QLabel(), QLabel(), QLabel()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("signInSubmit")
        self.error_label = QLabel()
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        self.error_label.setVisible(False)

        box = QFrame()
        box.setObjectName("signInBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        # one width whatever is said under the fields (the box must not jump as a message comes and goes),
        # counter-sized fields with the focus frame of every counter form: read from a step away
        box.setFixedWidth(440)
        box.setStyleSheet(
            COUNTER_STYLE
            + "QLineEdit { font-size: 18px; }"
            + "QLabel { font-size: 15px; }"
            + "QPushButton#signInSubmit { font-size: 16px; }"
        )
        # sizes as widget minimums, not style sheet ones: the form lays its rows out from these before the
        # style sheet is polished in (a style sheet min-height let the three rows of 사장 만들기 overlap)
        for edit in (self.name_edit, self.pin_edit, self.pin_again_edit):
            edit.setMinimumHeight(40)
        for label in (self.name_label, self.pin_label, self.pin_again_label):
            label.setMinimumHeight(40)  # level with its field
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.submit_button.setMinimumHeight(42)
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow(self.pin_label, self.pin_edit)
        form.addRow(self.pin_again_label, self.pin_again_edit)
        form.setVerticalSpacing(10)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.submit_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        # centred by stretches, not by an alignment: an aligned item gets its size hint, which counts the
        # wrapped hint on a wider line than the box has and let the 사장 만들기 rows overlap
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        for edit in (self.name_edit, self.pin_edit, self.pin_again_edit):
            edit.installEventFilter(self)
            edit.textEdited.connect(self._on_edited)
        self.submit_button.clicked.connect(self.submit)
        self.retranslate()

    # -- mode -----------------------------------------------------------------------------------------
    @property
    def creating_owner(self) -> bool:
        return self._creating

    def show_for(self, *, create_owner: bool) -> None:
        """Ready for the next person (or for making the owner of a new counter): fields empty, focus on
        the name."""
        self._creating = create_owner
        self.name_edit.set_names(p.name for p in self._services.people.people() if p.active)
        self.name_edit.clear()
        self.pin_edit.wipe()
        self.pin_again_edit.wipe()
        self.pin_again_label.setVisible(create_owner)
        self.pin_again_edit.setVisible(create_owner)
        self._show_error("")
        self._set_checking(False)
        self.retranslate()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("이름"))
        self.pin_label.setText(self.tr("PIN"))
        self.pin_again_label.setText(self.tr("PIN 한 번 더"))
        if self._creating:
            self.title.setText(self.tr("처음 설정: 사장 만들기"))
            self.hint.setText(
                self.tr(
                    "이 계산대의 사장을 만듭니다. 사장은 직원을 추가하고 권한 표와 설정을 바꿉니다. "
                    "PIN은 숫자 4–8자리이며, 6자리 이상을 권합니다."
                )
            )
            self.submit_button.setText(self.tr("사장 만들기"))
        else:
            self.title.setText(self.tr("로그인"))
            self.hint.setText(self.tr("이름과 PIN을 입력하고 Enter를 누르세요."))
            self.submit_button.setText(self.tr("로그인"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- keyboard ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_plain_enter(event):
            assert isinstance(event, QKeyEvent)
            if not event.isAutoRepeat():
                self._on_enter(watched)
            return True
        return super().eventFilter(watched, event)

    def _on_enter(self, field: QObject) -> None:
        if field is self.name_edit:
            if self.name_edit.text().strip():
                self.pin_edit.setFocus(Qt.FocusReason.TabFocusReason)
        elif field is self.pin_edit and self._creating:
            self.pin_again_edit.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.submit()

    def _on_edited(self, _text: str) -> None:
        if self.error_label.isVisible():
            self._show_error("")

    # -- the check ----------------------------------------------------------------------------------------
    def submit(self) -> None:
        if self._checking:
            return
        name = self.name_edit.text()
        if not name.strip():
            self._show_error(self.tr("이름을 입력하세요."))
            self.name_edit.setFocus()
            return
        pin = self.pin_edit.take()
        again = self.pin_again_edit.take() if self._creating else None
        if not pin:
            self._show_error(self.tr("PIN을 입력하세요."))
            self.pin_edit.setFocus()
            return
        people = self._services.people
        self._set_checking(True)
        if self._creating:

            def make_owner() -> object:
                people.add_person(name, Role.OWNER, pin, again)
                return people.session.current()  # the owner, signed in in this job's context

            self._runner.run(make_owner, self._on_signed_in, self._on_failed, kind="cashier")
        else:
            self._runner.run(
                lambda: people.sign_in(name, pin), self._on_signed_in, self._on_failed, kind="cashier"
            )

    def _on_signed_in(self, signed: object) -> None:
        self._set_checking(False)
        if signed is None:
            self._show_error(self.tr("로그인하지 못했습니다. 다시 해 보세요."))
            return
        self.signed_in.emit(signed)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_checking(False)
        text = describe_error(exc)
        if text is None:
            raise exc
        self._show_error(text)
        kind = getattr(exc, "kind", "")
        field = getattr(exc, "field", None)
        if kind in ("unknown_person", "first_is_owner") or field == "name":
            self.name_edit.setFocus()
            self.name_edit.selectAll()
        else:
            self.pin_edit.setFocus()
        self.sign_in_failed.emit(text)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for widget in (self.name_edit, self.pin_edit, self.pin_again_edit, self.submit_button):
            widget.setEnabled(not checking)
        if checking:
            self.submit_button.setText(self.tr("확인 중…"))
        else:
            self.retranslate()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
