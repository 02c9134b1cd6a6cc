"""The widgets and layout of the key-in form, and the plumbing that is only about fields.

KeyInTab (tab.py) adds the charge flow on top. Here: the fields in the order a cashier fills them (the
Enter order follows the screen: the order column top to bottom, the buyer, then the card), collecting the
form as the domain's field keys, inline errors at each field (FieldError translated in the "FieldError"
context) that go away the moment the field is valid, the corporate-card switch, which parts are editable
(``set_form_mode``) and wiping the card fields.

Birth date and PIN digits are optional for a key-in charge (KSNET approves on number and expiry and does
not check them) but required to save the card (billing-key issue). The form says for each whether it was
entered, and marks both "(필수)" while "이 카드 저장" is ticked, so an empty field is never a guess.
할부 is offered from 50,000원; the note beside it says so, and says when a chosen 할부 had to go back to
일시불 because the amount dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError
from pos_app.domain.ksnet import MAX_QUOTA, QUOTA_MIN_AMOUNT
from pos_app.domain.typed_input import digits_only
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.charge_result import ChargeResultBox
from pos_app.ui.widgets.field_style import COUNTER_STYLE, ERROR_RED, FOCUS_BLUE, mark_error, set_hint
from pos_app.ui.widgets.grouped_edit import AmountEdit, PhoneEdit
from pos_app.ui.widgets.secret_edits import BirthEdit, CardNumberEdit, ExpiryEdit, PinEdit

MSG_CORPORATE_NEEDS_BUSINESS_NO = QT_TRANSLATE_NOOP(
    "FieldError", "법인카드는 사업자등록번호 10자리를 입력하세요."
)
MSG_PERSONAL_NEEDS_BIRTH = QT_TRANSLATE_NOOP(
    "FieldError", "개인카드는 생년월일 6자리(YYMMDD)를 입력하세요. 법인카드라면 '법인카드'를 켜세요."
)
_NOTE_STYLE = "color: #616161; font-size: 12px;"
_WARN_STYLE = "color: #8a4b00; font-size: 12px; font-weight: bold;"
_APPROVE_STYLE = (
    "QPushButton#ApproveButton { font-size: 20px; font-weight: bold; color: white; background: #1565c0;"
    " border: 2px solid #0d47a1; border-radius: 6px; padding: 6px 18px; }"
    "QPushButton#ApproveButton:hover { background: #1976d2; }"
    "QPushButton#ApproveButton:focus { border: 4px solid #ff8f00; padding: 4px 16px; }"
    "QPushButton#ApproveButton:disabled { background: #b0bec5; border-color: #90a4ae; color: #eceff1; }"
)


class KeyInForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyInTab")
        self.setStyleSheet(COUNTER_STYLE)
        self._error_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._card_auth_required = False
        self.quota_reset_from = 0  # 할부 months that went back to 일시불 when the amount dropped

        self.amount_edit = AmountEdit()
        self.amount_edit.setMaximumWidth(220)
        self.tax_free_edit = AmountEdit()
        self.tax_free_edit.setMaximumWidth(220)
        self.tax_free_edit.show_zero = True
        self.vat_label = QLabel()
        self.order_name_edit = QLineEdit()
        self.order_name_edit.setMaxLength(40)
        self.buyer_name_edit = QLineEdit()
        self.buyer_name_edit.setMaxLength(16)
        self.buyer_tel_edit = PhoneEdit()
        self.buyer_tel_edit.setMaximumWidth(220)
        self.buyer_email_edit = QLineEdit()
        self.buyer_email_edit.setMaxLength(64)
        self.buyer_email_edit.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.card_number_edit = CardNumberEdit()
        self.card_number_edit.setMinimumWidth(230)
        self.card_number_edit.setMaximumWidth(260)
        self.card_company_label = QLabel()
        self.card_company_label.setStyleSheet(f"font-weight: bold; color: {FOCUS_BLUE};")
        self.expiry_edit = ExpiryEdit()
        self.expiry_edit.setMaximumWidth(120)  # "e.g. 03/29" in the counter font fits in English too
        self.corporate_check = QCheckBox()
        self.birth_edit = BirthEdit()
        self.birth_edit.setMaximumWidth(150)
        self.birth_state_label = QLabel()
        self.birth_state_label.setObjectName("birthState")
        self.pwd_edit = PinEdit()
        self.pwd_edit.setMaximumWidth(60)
        self.pwd_state_label = QLabel()
        self.pwd_state_label.setObjectName("pwdState")
        self.quota_combo = QComboBox()
        self.quota_combo.setMaximumWidth(160)
        self.quota_note = QLabel()
        self.quota_note.setObjectName("quotaNote")
        self.quota_note.setWordWrap(True)
        self.product_combo = QComboBox()
        self.product_combo.setMaximumWidth(160)
        self.product_combo.addItem("", "real")
        self.product_combo.addItem("", "digital")
        self.save_card_check = QCheckBox()

        self.approve_button = QPushButton()
        self.approve_button.setObjectName("ApproveButton")
        self.approve_button.setMinimumHeight(48)
        self.approve_button.setMinimumWidth(180)
        self.approve_button.setStyleSheet(_APPROVE_STYLE)
        self.clear_button = QPushButton()
        self.blocked_label = QLabel()
        self.blocked_label.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        self.blocked_label.setWordWrap(True)
        self.result_box = ChargeResultBox()

        self.card_number_edit.card_company_changed.connect(self.card_company_label.setText)
        self.corporate_check.toggled.connect(self._on_corporate_toggled)
        self.birth_edit.textChanged.connect(lambda _text: self.update_card_auth_states())
        self.pwd_edit.textChanged.connect(lambda _text: self.update_card_auth_states())
        self.save_card_check.toggled.connect(self._on_save_card_toggled)

        for edit in (self.amount_edit, self.tax_free_edit, self.card_number_edit, self.expiry_edit):
            edit.setStyleSheet("font-size: 16px;")
        self._build_layout()
        self.retranslate()

    # -- layout -----------------------------------------------------------------------------------------
    def _field(self, key: str, widget: QWidget, *extras: QWidget, note: QLabel | None = None) -> QWidget:
        """A field with its inline error label (and an optional note) under it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        fixed_width = widget.maximumWidth() < 10_000
        row.addWidget(widget, 0 if (extras or fixed_width) else 1)
        for extra in extras:
            row.addWidget(extra)
        if extras or fixed_width:
            row.addStretch(1)  # keep short fields next to their label, not floating mid-row
        column.addLayout(row)
        if note is not None:
            column.addWidget(note)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(f"color: {ERROR_RED};")
        error.setWordWrap(True)
        error.setVisible(False)
        column.addWidget(error)
        self._error_labels[key] = error
        self._field_widgets[key] = widget
        return box

    def _add(
        self, form: QFormLayout, key: str, widget: QWidget, *extras: QWidget, note: QLabel | None = None
    ) -> None:
        label = QLabel()
        label.setBuddy(widget)
        # level with the input, not with the error line under it
        label.setFixedHeight(widget.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._labels[key] = label
        form.addRow(label, self._field(key, widget, *extras, note=note))

    def _build_layout(self) -> None:
        self.form_frame = QFrame()
        grid = QGridLayout(self.form_frame)
        grid.setContentsMargins(0, 0, 0, 0)

        self.order_group = QGroupBox()
        order = QFormLayout(self.order_group)
        order.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._add(order, "amount", self.amount_edit)
        self._add(order, "tax_free", self.tax_free_edit, self.vat_label)
        self._add(order, "order_name", self.order_name_edit)
        self._add(order, "card_quota", self.quota_combo, note=self.quota_note)
        self._add(order, "product_type", self.product_combo)

        self.buyer_group = QGroupBox()
        buyer = QFormLayout(self.buyer_group)
        buyer.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._add(buyer, "buyer_name", self.buyer_name_edit)
        self._add(buyer, "buyer_tel", self.buyer_tel_edit)
        self._add(buyer, "buyer_email", self.buyer_email_edit)

        self.card_group = QGroupBox()
        card = QFormLayout(self.card_group)
        card.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._add(card, "card_number", self.card_number_edit, self.card_company_label)
        self._add(card, "expiry", self.expiry_edit)
        card.addRow("", self.corporate_check)
        self._add(card, "birth", self.birth_edit, self.birth_state_label)
        self._add(card, "pwd_2digit", self.pwd_edit, self.pwd_state_label)
        card.addRow("", self.save_card_check)

        grid.addWidget(self.order_group, 0, 0)
        grid.addWidget(self.buyer_group, 1, 0)
        grid.addWidget(self.card_group, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        actions = QHBoxLayout()
        actions.addWidget(self.blocked_label, 1)
        actions.addStretch(0)
        actions.addWidget(self.clear_button)
        actions.addWidget(self.approve_button)

        # the form keeps its height; the result box below takes what is left (never the other way round)
        self.form_frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        outer = QVBoxLayout(self)
        outer.addWidget(self.form_frame)
        outer.addLayout(actions)
        outer.addWidget(self.result_box)
        outer.addStretch(1)

    def retranslate(self) -> None:
        labels = {
            "amount": self.tr("결제 금액"),
            "tax_free": self.tr("면세 금액"),
            "order_name": self.tr("주문명"),
            "card_quota": self.tr("할부"),
            "product_type": self.tr("상품 유형"),
            "buyer_name": self.tr("구매자 이름"),
            "buyer_tel": self.tr("전화번호"),
            "buyer_email": self.tr("이메일"),
            "card_number": self.tr("카드번호"),
            "expiry": self.tr("유효기간 (MM/YY)"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
        self._on_save_card_toggled(self.save_card_check.isChecked())  # birth and PIN labels
        self.order_group.setTitle(self.tr("주문"))
        self.buyer_group.setTitle(self.tr("구매자"))
        self.card_group.setTitle(self.tr("카드 (고객이 불러 주는 대로)"))
        set_hint(self.amount_edit, self.tr("예: 12,000"))
        set_hint(self.order_name_edit, self.tr("예: 꽃다발 배송"))
        set_hint(self.buyer_name_edit, self.tr("예: 홍길동"))
        set_hint(self.buyer_tel_edit, self.tr("예: 010-1234-5678"))
        set_hint(self.buyer_email_edit, self.tr("선택"))
        set_hint(self.card_number_edit, self.tr("숫자만 (- 자동)"))
        set_hint(self.expiry_edit, self.tr("예: 03/29"))
        self.corporate_check.setText(self.tr("법인카드 (사업자번호로 인증)"))
        self.save_card_check.setText(self.tr("이 카드 저장 (고객 동의 필요)"))
        self.approve_button.setText(self.tr("승인"))
        self.clear_button.setText(self.tr("카드 정보 지우기"))
        current_quota = self.quota_combo.currentIndex()
        self.quota_combo.clear()
        self.quota_combo.addItem(self.tr("일시불"), 0)
        for months in range(2, MAX_QUOTA + 1):
            self.quota_combo.addItem(self.tr("{months}개월").format(months=months), months)
        self.quota_combo.setCurrentIndex(max(0, current_quota))
        self.product_combo.setItemText(0, self.tr("실물"))
        self.product_combo.setItemText(1, self.tr("디지털"))
        self.update_quota_note()
        self._fit_birth_label()

    def _birth_label_texts(self, required: bool | None = None) -> tuple[str, str]:
        required = self._card_auth_required if required is None else required
        mark = self.tr(" (필수)") if required else ""
        return self.tr("생년월일 (YYMMDD)") + mark, self.tr("사업자등록번호") + mark

    def _fit_birth_label(self) -> None:
        # the label column must not change width when 법인카드 or 이 카드 저장 switches the texts (the
        # card column moved under the cashier's eyes): it is as wide as the widest variant from the start
        metrics = QFontMetrics(self._labels["birth"].font())
        variants = [*self._birth_label_texts(True), self.tr("비밀번호 앞 2자리") + self.tr(" (필수)")]
        widest = max(metrics.horizontalAdvance(text) for text in variants)
        for key in ("card_number", "expiry", "birth", "pwd_2digit"):
            self._labels[key].setMinimumWidth(widest + 4)

    def _on_corporate_toggled(self, corporate: bool) -> None:
        birth, business = self._birth_label_texts()
        if corporate:
            self._labels["birth"].setText(business)
            set_hint(self.birth_edit, self.tr("예: 123-45-67890"))
        else:
            self._labels["birth"].setText(birth)
            set_hint(self.birth_edit, self.tr("예: 900101"))
        self.update_card_auth_states()

    def _on_save_card_toggled(self, save: bool) -> None:
        self._card_auth_required = save
        self._labels["pwd_2digit"].setText(
            self.tr("비밀번호 앞 2자리") + (self.tr(" (필수)") if save else "")
        )
        self._on_corporate_toggled(self.corporate_check.isChecked())

    def update_card_auth_states(self) -> None:
        """Say for birth/business number and PIN whether they were entered (digits are never shown)."""
        for edit, label, full in (
            (self.birth_edit, self.birth_state_label, 10 if self.corporate_check.isChecked() else 6),
            (self.pwd_edit, self.pwd_state_label, 2),
        ):
            count = len(digits_only(edit.text()))
            if count == 0 and self._card_auth_required:
                label.setText(self.tr("카드 저장에 필요"))
                label.setStyleSheet(_WARN_STYLE)
            elif count == 0:
                label.setText(self.tr("입력 안 함 (키인은 선택)"))
                label.setStyleSheet(_NOTE_STYLE)
            elif count < full:
                label.setText(self.tr("{count}/{full}자리").format(count=count, full=full))
                label.setStyleSheet(_WARN_STYLE)
            else:
                label.setText(self.tr("입력됨 ✓"))
                label.setStyleSheet("color: #2e7d32; font-size: 12px; font-weight: bold;")

    def update_quota_note(self) -> None:
        """Why 할부 is greyed (below 50,000원), or that a chosen 할부 went back to 일시불."""
        reset_from = self.quota_reset_from
        if reset_from:
            self.quota_note.setText(
                self.tr("금액이 {min} 미만이 되어 {quota} 할부를 일시불로 바꿨습니다.").format(
                    min=fmt.won(QUOTA_MIN_AMOUNT), quota=fmt.quota_text(reset_from)
                )
            )
            self.quota_note.setStyleSheet(_WARN_STYLE)
        elif not self.quota_combo.isEnabled():
            self.quota_note.setText(self.tr("{min}부터 할부 가능").format(min=fmt.won(QUOTA_MIN_AMOUNT)))
            self.quota_note.setStyleSheet(_NOTE_STYLE)
        else:
            self.quota_note.setText("")
        self.quota_note.setVisible(bool(self.quota_note.text()))

    # -- fields -----------------------------------------------------------------------------------------
    def input_widgets(self) -> list[QWidget]:
        """Every input in Enter order: as they stand on the screen, the order column, buyer, then card."""
        return [
            self.amount_edit,
            self.tax_free_edit,
            self.order_name_edit,
            self.quota_combo,
            self.product_combo,
            self.buyer_name_edit,
            self.buyer_tel_edit,
            self.buyer_email_edit,
            self.card_number_edit,
            self.expiry_edit,
            self.birth_edit,
            self.pwd_edit,
        ]

    def typing_edits(self) -> list[QLineEdit]:
        return [w for w in self.input_widgets() if isinstance(w, QLineEdit)]

    def next_input_after(self, widget: QWidget) -> QWidget | None:
        """The next enabled, visible input in Enter order; None after the last one."""
        order = self.input_widgets()
        if widget not in order:
            return None
        for candidate in order[order.index(widget) + 1 :]:
            if candidate.isEnabled() and candidate.isVisibleTo(self):
                return candidate
        return None

    def set_product_type(self, product_type: str) -> None:
        index = self.product_combo.findData(product_type)
        self.product_combo.setCurrentIndex(max(0, index))

    def collect_form(self) -> dict[str, str]:
        """The form as the domain's field keys, strings as typed."""
        return {
            "amount": self.amount_edit.text(),
            "tax_free": self.tax_free_edit.text() or "0",
            "order_name": self.order_name_edit.text(),
            "buyer_name": self.buyer_name_edit.text(),
            "buyer_tel": self.buyer_tel_edit.text(),
            "buyer_email": self.buyer_email_edit.text(),
            "card_number": self.card_number_edit.text(),
            "expiry": self.expiry_edit.text(),
            "birth": self.birth_edit.text(),
            "pwd_2digit": self.pwd_edit.text(),
            "card_quota": str(self.quota_combo.currentData() or 0),
            "product_type": str(self.product_combo.currentData()),
        }

    def corporate_switch_errors(self) -> list[FieldError]:
        """The birth field must match the switch: 10 digits for a corporate card, 6 otherwise."""
        digits = digits_only(self.birth_edit.text())
        if not digits:
            return []
        if self.corporate_check.isChecked() and len(digits) != 10:
            return [FieldError("birth", MSG_CORPORATE_NEEDS_BUSINESS_NO)]
        if not self.corporate_check.isChecked() and len(digits) == 10:
            return [FieldError("birth", MSG_PERSONAL_NEEDS_BIRTH)]
        return []

    def has_field(self, key: str) -> bool:
        return key in self._error_labels

    def error_text(self, key: str) -> str:
        label = self._error_labels[key]
        return label.text() if not label.isHidden() else ""

    def shown_error_fields(self) -> list[str]:
        return [key for key, label in self._error_labels.items() if not label.isHidden()]

    def show_field_errors(self, errors: Iterable[FieldError]) -> None:
        self.show_error_texts((error.field, error.render(QCoreApplication.translate)) for error in errors)

    def show_error_texts(self, errors: Iterable[tuple[str, str]]) -> None:
        """Already translated texts at their fields (a ServiceError naming a field is translated in
        its own context, not "FieldError"); the first field in Enter order gets the focus."""
        first: QWidget | None = None
        shown: dict[str, list[str]] = {}
        for field, text in errors:
            # a field this form lacks is shown at the top rather than lost
            error_field = field if field in self._error_labels else "amount"
            if text not in shown.setdefault(error_field, []):
                shown[error_field].append(text)
        order = self.input_widgets()
        for key, texts in shown.items():
            label = self._error_labels[key]
            label.setText("\n".join(texts))
            label.setVisible(True)
            widget = self._field_widgets[key]
            mark_error(widget, True)
            if first is None or order.index(widget) < order.index(first):
                first = widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_error(self, key: str) -> None:
        label = self._error_labels[key]
        label.setText("")
        label.setVisible(False)
        mark_error(self._field_widgets[key], False)

    def clear_errors(self) -> None:
        for key in self._error_labels:
            self.clear_error(key)

    def set_form_mode(self, mode: str) -> None:
        """Which inputs take typing: ``open`` all; ``card_only`` just the card (an UNKNOWN sale keeps its
        recorded order and buyer, while its card may be typed again for a resend; no card saving then);
        ``locked`` none, while a call is out."""
        self.form_frame.setEnabled(mode != "locked")
        self.order_group.setEnabled(mode == "open")
        self.buyer_group.setEnabled(mode == "open")
        self.card_group.setEnabled(mode in ("open", "card_only"))
        self.save_card_check.setEnabled(mode == "open")

    def has_card_data(self) -> bool:
        return any(w.text() for w in self.card_edits())

    def card_edits(self) -> list[QLineEdit]:
        return [self.card_number_edit, self.expiry_edit, self.birth_edit, self.pwd_edit]

    def wipe_card_fields(self) -> None:
        self.card_number_edit.wipe()
        self.expiry_edit.wipe()
        self.birth_edit.wipe()
        self.pwd_edit.wipe()
        self.corporate_check.setChecked(False)
        self.save_card_check.setChecked(False)
        for key in ("card_number", "expiry", "birth", "pwd_2digit"):
            self.clear_error(key)  # an error about digits that are gone is about nothing on screen

    def reset_order_fields(self) -> None:
        """After an approval the next order starts from an empty form."""
        self.quota_combo.setCurrentIndex(0)  # first, so emptying the amount resets no chosen 할부
        self.quota_reset_from = 0
        self.amount_edit.set_value(0)
        self.tax_free_edit.set_value(0)
        for edit in (self.order_name_edit, self.buyer_name_edit, self.buyer_tel_edit, self.buyer_email_edit):
            edit.setText("")
        self.clear_errors()
        self.update_quota_note()
