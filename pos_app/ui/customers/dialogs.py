"""The two forms of the 단골 고객 tab: register a customer's card (billing key) and charge it again.

Both use the counter's one set of inputs (ui.widgets): the card number grouped 4518-4200-0000-0007 with
the company beside it, the expiry as MM/YY, a birth date or business number, the PIN as dots, the phone
as 010-1234-5678 and amounts as 12,000 — the same as on the key-in tab. Card number, expiry, birth /
business number and PIN digits exist only in those sealed fields and in the ``CardSecrets`` handed to
the services for one call; every card field is wiped when the dialog closes, whatever the outcome, and
after a minute without typing.

Registering needs the customer's consent to keep the card on file; the consent box is ticked only by a
deliberate Space or click (Enter moves past it, never ticks it: widgets.form_dialog), and the exact
consent sentence shown is what the services record with the billing key. KSNET needs birth (or business
number) and PIN to issue a billing key, so both are marked (필수) and refused when empty.

Charging again reads the order back (customer, card, amount, 할부) before the dialog hands the charge on;
Enter in that read-back sends, as in every read-back of the counter (README, keyboard).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.buyer import Buyer
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors
from pos_app.domain.forms import (
    BillingCharge,
    CardSecrets,
    validate_billing_charge,
    validate_card_registration,
)
from pos_app.domain.ksnet import MAX_QUOTA, QUOTA_MIN_AMOUNT
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import FOCUS_BLUE, set_hint
from pos_app.ui.widgets.form_dialog import FormDialog
from pos_app.ui.widgets.grouped_edit import AmountEdit, PhoneEdit, counter_limit_error
from pos_app.ui.widgets.secret_edits import BirthEdit, CardNumberEdit, ExpiryEdit, PinEdit

if TYPE_CHECKING:
    from pos_app.services.counter import CustomerRow

IDLE_CLEAR_MS = 60_000

CONSENT_TEXT = QT_TRANSLATE_NOOP(
    "RegisterCardDialog",
    "본인은 다음 결제부터 카드 정보를 다시 말하지 않도록 이 카드를 매장의 결제대행사(PortOne, KSNET)에 "
    "등록하는 것에 동의합니다. 매장은 카드번호를 보관하지 않으며, 요청하면 언제든 삭제됩니다.",
)
_NOTE_STYLE = "color: #616161; font-size: 12px;"


class RegisterCardDialog(FormDialog):
    """New billing key: customer, card, expiry, birth or business number, PIN, consent."""

    def __init__(
        self, parent: QWidget | None = None, *, today: date | None = None, idle_clear_ms: int = IDLE_CLEAR_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registerCardDialog")
        self.setWindowTitle(self.tr("카드 등록 (단골 고객)"))
        self.setMinimumWidth(520)
        self._today = today or date.today()
        self.card: CardSecrets | None = None
        self.buyer: Buyer | None = None
        self.consent_text = ""

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("customerName")
        self.name_edit.setMaxLength(16)
        set_hint(self.name_edit, self.tr("예: 홍길동"))
        self.tel_edit = PhoneEdit()
        self.tel_edit.setObjectName("customerTel")
        self.tel_edit.setMaximumWidth(200)
        set_hint(self.tel_edit, self.tr("예: 010-1234-5678"))
        self.card_edit = CardNumberEdit()
        self.card_edit.setObjectName("cardNumber")
        self.card_edit.setMinimumWidth(230)
        set_hint(self.card_edit, self.tr("숫자만 (- 자동)"))
        self.company_label = QLabel()
        self.company_label.setMinimumWidth(90)
        self.company_label.setObjectName("cardCompany")
        self.company_label.setStyleSheet(f"font-weight: bold; color: {FOCUS_BLUE};")
        self.expiry_edit = ExpiryEdit()
        self.expiry_edit.setObjectName("cardExpiry")
        self.expiry_edit.setMaximumWidth(90)
        set_hint(self.expiry_edit, self.tr("예: 03/29"))
        self.person_radio = QRadioButton(self.tr("개인카드 (생년월일)"))
        self.corporate_radio = QRadioButton(self.tr("법인카드 (사업자번호)"))
        kind = QButtonGroup(self)
        kind.addButton(self.person_radio)
        kind.addButton(self.corporate_radio)
        self.person_radio.setChecked(True)
        self.birth_edit = BirthEdit()
        self.birth_edit.setObjectName("cardBirth")
        self.birth_edit.setMaximumWidth(150)
        self.pwd_edit = PinEdit()
        self.pwd_edit.setObjectName("cardPwd")
        self.pwd_edit.setFixedWidth(60)
        self.consent_label = QLabel(QCoreApplication.translate("RegisterCardDialog", CONSENT_TEXT))
        self.consent_label.setObjectName("consentText")
        self.consent_label.setWordWrap(True)
        self.consent_check = QCheckBox(self.tr("고객이 위 내용에 동의했습니다 (구두 동의 확인)"))
        self.consent_check.setObjectName("consentCheck")
        self.consent_hint = QLabel(
            self.tr("고객이 동의하면 Space 키나 마우스로 체크하세요. Enter로는 체크되지 않습니다.")
        )
        self.consent_hint.setObjectName("consentHint")
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setStyleSheet(_NOTE_STYLE)

        form = QFormLayout()
        form.addRow(self.tr("고객 이름"), self.name_edit)
        form.addRow(self.tr("전화번호"), self.tel_edit)
        card_row = QHBoxLayout()
        card_row.addWidget(self.card_edit, 1)
        card_row.addWidget(self.company_label)
        form.addRow(self.tr("카드번호"), card_row)
        form.addRow(self.tr("유효기간 (MM/YY)"), self.expiry_edit)
        form.addRow(self.person_radio, self.corporate_radio)
        self.birth_label = QLabel()
        form.addRow(self.birth_label, self.birth_edit)
        form.addRow(self.tr("비밀번호 앞 2자리 (필수)"), self.pwd_edit)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = buttons.addButton(self.tr("카드 등록"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("registerSubmit")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        buttons.accepted.connect(self._on_submit_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.consent_label)
        layout.addWidget(self.consent_check)
        layout.addWidget(self.consent_hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        for key, widget in (
            ("buyer_name", self.name_edit),
            ("buyer_tel", self.tel_edit),
            ("card_number", self.card_edit),
            ("expiry", self.expiry_edit),
            ("birth", self.birth_edit),
            ("pwd_2digit", self.pwd_edit),
            ("consent", self.consent_check),
        ):
            self.bind_field(key, widget)
        self.card_edit.card_company_changed.connect(self.company_label.setText)
        # Card data left on screen is wiped after a minute without typing (customer hung up, cashier
        # walked away); any edit restarts the clock.
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(idle_clear_ms)
        self._idle_timer.timeout.connect(self._on_idle_timeout)
        for edit in self._secret_edits():
            edit.textEdited.connect(self._idle_timer.start)
        self.corporate_radio.toggled.connect(self._on_corporate_toggled)
        self._on_corporate_toggled(False)
        self.chain_enter(
            [self.name_edit, self.tel_edit, self.card_edit, self.expiry_edit, self.birth_edit, self.pwd_edit],
            lambda: self.consent_check.setFocus(),
        )
        # Enter on the consent box is the next step only once it is ticked; it never ticks it
        self.set_enter_step(self.consent_check, self._on_enter_at_consent)
        self.name_edit.setFocus()

    def _secret_edits(self) -> tuple[QLineEdit, ...]:
        return (self.card_edit, self.expiry_edit, self.birth_edit, self.pwd_edit)

    def _on_idle_timeout(self) -> None:
        if any(edit.text() for edit in self._secret_edits()):
            for edit in (self.card_edit, self.expiry_edit, self.birth_edit):
                edit.wipe()
            self.pwd_edit.wipe()
            self.show_form_message(self.tr("입력이 없어 카드 정보를 지웠습니다. 다시 입력하세요."))

    def _on_corporate_toggled(self, corporate: bool) -> None:
        if corporate:
            self.birth_label.setText(self.tr("사업자번호 10자리 (필수)"))
            set_hint(self.birth_edit, self.tr("예: 123-45-67890"))
        else:
            self.birth_label.setText(self.tr("생년월일 YYMMDD (필수)"))
            set_hint(self.birth_edit, self.tr("예: 880101"))
        self.birth_edit.wipe()

    def _on_enter_at_consent(self) -> None:
        if self.consent_check.isChecked():
            self._on_submit_clicked()
        else:
            self.show_form_message(self._consent_missing(), "consent")

    def _consent_missing(self) -> str:
        return self.tr("고객의 카드 등록 동의를 받고 Space 키로 체크하세요.")

    def _form(self) -> dict[str, str]:
        return {
            "buyer_name": self.name_edit.text(),
            "buyer_tel": self.tel_edit.text(),
            "card_number": self.card_edit.text(),
            "expiry": self.expiry_edit.text(),
            "birth": self.birth_edit.text(),
            "pwd_2digit": self.pwd_edit.text(),
        }

    def validate_form(self) -> BaseException | None:
        form = self._form()
        errors: list[FieldError] = []
        try:
            validate_card_registration(form, self._today)
        except FormErrors as refused:
            errors.extend(refused.errors)
        finally:
            form.clear()
        digits = self.birth_edit.digits()
        if digits and self.corporate_radio.isChecked() != (len(digits) == 10):
            errors.append(FieldError("birth", _BIRTH_KIND_MISMATCH))
        return FormErrors(errors) if errors else None

    def _on_submit_clicked(self) -> None:
        problem = self.validate_form()
        if problem is not None:
            self.show_form_errors(problem)
            return
        if not self.consent_check.isChecked():
            self.show_form_message(self._consent_missing(), "consent")
            self.consent_check.setFocus()
            return
        form = self._form()
        try:
            self.card, self.buyer = validate_card_registration(form, self._today)
        finally:
            form.clear()
        self.consent_text = self.consent_label.text()
        self.accept()

    def take_card(self) -> CardSecrets | None:
        """Hand the secrets over once; the dialog keeps no reference."""
        card, self.card = self.card, None
        return card

    def done(self, result: int) -> None:
        self._idle_timer.stop()
        for edit in (self.card_edit, self.expiry_edit, self.birth_edit):
            edit.wipe()
        self.pwd_edit.wipe()
        super().done(result)


_BIRTH_KIND_MISMATCH = QT_TRANSLATE_NOOP(
    "FieldError", "개인카드는 생년월일 6자리, 법인카드는 사업자번호 10자리입니다. 카드 종류를 확인하세요."
)


class ChargeAgainDialog(FormDialog):
    """Charge a saved card: amount, tax-free, order name, 할부 (from 50,000 won), product type."""

    def __init__(
        self, customer: CustomerRow, parent: QWidget | None = None, *, default_product_type: str = "real"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chargeAgainDialog")
        self.setWindowTitle(self.tr("등록 카드로 결제"))
        self.setMinimumWidth(520)
        self._customer = customer
        self.charge: BillingCharge | None = None

        self.customer_label = QLabel(
            self.tr("{name} · {tel} · {card} {number}").format(
                name=customer.customer_name,
                tel=customer.customer_tel,
                card=_card_name(customer),
                number=fmt.masked_card(customer.card_hint),
            )
        )
        self.customer_label.setObjectName("chargeCustomer")
        self.customer_label.setStyleSheet("font-weight: bold;")
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("chargeAmount")
        self.amount_edit.setMaximumWidth(200)
        self.amount_edit.setStyleSheet("font-size: 16px;")
        set_hint(self.amount_edit, self.tr("예: 12,000"))
        self.amount_label = QLabel()
        self.amount_label.setMinimumWidth(110)
        self.amount_label.setObjectName("chargeAmountWords")
        self.tax_free_edit = AmountEdit()
        self.tax_free_edit.setObjectName("chargeTaxFree")
        self.tax_free_edit.setMaximumWidth(200)
        self.tax_free_edit.show_zero = True
        self.tax_free_edit.set_value(0)
        self.order_name_edit = QLineEdit()
        self.order_name_edit.setObjectName("chargeOrderName")
        self.order_name_edit.setMaxLength(40)
        set_hint(self.order_name_edit, self.tr("예: 정기 꽃 배송"))
        self.quota_combo = QComboBox()
        self.quota_combo.setObjectName("chargeQuota")
        self.quota_combo.addItem(fmt.quota_text(0), 0)
        for months in range(2, MAX_QUOTA + 1):
            self.quota_combo.addItem(fmt.quota_text(months), months)
        self.quota_combo.setEnabled(False)
        self.quota_note = QLabel()
        self.quota_note.setObjectName("chargeQuotaNote")
        self.quota_note.setStyleSheet(_NOTE_STYLE)
        self._quota_reset_from = 0
        self.product_type_combo = QComboBox()
        self.product_type_combo.setObjectName("chargeProductType")
        for kind in ("real", "digital"):
            self.product_type_combo.addItem(fmt.product_type_text(kind), kind)
        self.product_type_combo.setCurrentIndex(1 if default_product_type == "digital" else 0)

        form = QFormLayout()
        form.addRow(self.tr("고객"), self.customer_label)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_edit)
        amount_row.addWidget(self.amount_label, 1)
        form.addRow(self.tr("금액"), amount_row)
        form.addRow(self.tr("면세 금액"), self.tax_free_edit)
        form.addRow(self.tr("주문명"), self.order_name_edit)
        quota_row = QHBoxLayout()
        quota_row.addWidget(self.quota_combo)
        quota_row.addWidget(self.quota_note, 1)
        form.addRow(self.tr("할부"), quota_row)
        form.addRow(self.tr("상품 구분"), self.product_type_combo)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = buttons.addButton(self.tr("결제"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit_button.setObjectName("chargeSubmit")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        buttons.accepted.connect(self._on_submit_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        for key, widget in (
            ("amount", self.amount_edit),
            ("tax_free", self.tax_free_edit),
            ("order_name", self.order_name_edit),
            ("card_quota", self.quota_combo),
        ):
            self.bind_field(key, widget)
        self.amount_edit.digits_changed.connect(self._on_amount_changed)
        self.quota_combo.activated.connect(self._on_quota_chosen)
        self.chain_enter(
            [self.amount_edit, self.tax_free_edit, self.order_name_edit, self.quota_combo],
            self._on_submit_clicked,
        )
        self._on_amount_changed("")
        self.amount_edit.setFocus()

    def _on_amount_changed(self, _digits: str) -> None:
        amount = self.amount_edit.value()
        self.amount_label.setText(fmt.won(amount) if amount else "")
        allowed = amount >= QUOTA_MIN_AMOUNT
        chosen = int(self.quota_combo.currentData() or 0)
        if not allowed and chosen:
            self.quota_combo.setCurrentIndex(0)
            self._quota_reset_from = chosen
        self.quota_combo.setEnabled(allowed)
        self._update_quota_note()

    def _on_quota_chosen(self, _index: int) -> None:
        self._quota_reset_from = 0
        self._update_quota_note()

    def _update_quota_note(self) -> None:
        if self._quota_reset_from:
            text = self.tr("금액이 {min} 미만이 되어 {quota} 할부를 일시불로 바꿨습니다.").format(
                min=fmt.won(QUOTA_MIN_AMOUNT), quota=fmt.quota_text(self._quota_reset_from)
            )
        elif not self.quota_combo.isEnabled():
            text = self.tr("{min}부터 할부 가능").format(min=fmt.won(QUOTA_MIN_AMOUNT))
        else:
            text = ""
        self.quota_note.setText(text)

    def _form(self) -> dict[str, str]:
        return {
            "amount": self.amount_edit.text(),
            "tax_free": self.tax_free_edit.text(),
            "order_name": self.order_name_edit.text(),
            "card_quota": str(self.quota_combo.currentData()),
            "product_type": str(self.product_type_combo.currentData()),
            "buyer_name": self._customer.customer_name,
            "buyer_tel": self._customer.customer_tel,
            "buyer_email": self._customer.customer_email or "",
        }

    def validate_form(self) -> BaseException | None:
        errors: list[FieldError] = []
        try:
            validate_billing_charge(self._form(), self._customer.customer_uid)
        except FormErrors as refused:
            errors.extend(refused.errors)
        limit = counter_limit_error("amount", self.amount_edit.value())
        if limit is not None:
            errors.append(limit)
        return FormErrors(errors) if errors else None

    def _on_submit_clicked(self) -> None:
        problem = self.validate_form()
        if problem is not None:
            self.show_form_errors(problem)
            return
        charge = validate_billing_charge(self._form(), self._customer.customer_uid)
        self.clear_form_errors()
        # Read-back before money moves, as on the key-in form: the right customer, card and amount.
        customer = self._customer
        read_back = self.tr(
            "{name} 고객의 {card} {number} 카드로\n{amount} {quota} 결제합니다.\n"
            "고객에게 읽어 드리고 확인을 받으셨나요?"
        ).format(
            name=customer.customer_name,
            card=_card_name(customer),
            number=fmt.masked_card(customer.card_hint),
            amount=fmt.won(charge.amount),
            quota=fmt.quota_text(charge.card_quota),
        )
        if not dialogs.confirm(
            self,
            self.tr("결제 확인"),
            read_back,
            yes_text=self.tr("결제 요청"),
            no_text=self.tr("돌아가기"),
            default_yes=True,
        ):
            return
        self.charge = charge
        self.accept()


def _card_name(customer: CustomerRow) -> str:
    return customer.card_name or customer.card_company or ""
