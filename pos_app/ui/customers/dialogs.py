"""The two forms of the 단골 고객 tab: register a customer's card (billing key) and charge it again.

Card number, expiry, birth / business number and PIN digits exist only in these line edits and in the
``CardSecrets`` handed to the services for one call: the edits refuse copy, cut, drag and the context
menu, the PIN echoes as dots, and every field is wiped when the dialog closes, whatever the outcome.
Registering needs the customer's consent to keep the card on file; the exact consent sentence shown
is what the services record with the billing key, so the journal holds what the customer agreed to.
Errors from the domain validators show inline, one line per field, in form order.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
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
from pos_app.domain.card import group_sizes
from pos_app.domain.card_issuers import guess_card_company
from pos_app.domain.forms import (
    BillingCharge,
    CardSecrets,
    validate_billing_charge,
    validate_card_registration,
)
from pos_app.domain.ksnet import MAX_QUOTA, QUOTA_MIN_AMOUNT
from pos_app.domain.money import parse_won
from pos_app.ui.shell import dialogs
from pos_app.ui.shell import formatting as fmt

IDLE_CLEAR_MS = 60_000

CONSENT_TEXT = QT_TRANSLATE_NOOP(
    "RegisterCardDialog",
    "본인은 다음 결제부터 카드 정보를 다시 말하지 않도록 이 카드를 매장의 결제대행사(PortOne, KSNET)에 "
    "등록하는 것에 동의합니다. 매장은 카드번호를 보관하지 않으며, 요청하면 언제든 삭제됩니다.",
)


class SecretLineEdit(QLineEdit):
    """A line edit whose text never leaves it: no copy, cut, drag or context menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.Cut):
            event.accept()
            return
        super().keyPressEvent(event)

    def wipe(self) -> None:
        self.clear()
        self.setModified(False)


def group_card_digits(text: str) -> str:
    """``4518420000000007`` → ``4518 4200 0000 0007`` while typing (AMEX 4-6-5)."""
    digits = "".join(ch for ch in text if ch.isdigit())[:19]
    sizes = group_sizes(15 if digits[:2] in ("34", "37") else max(len(digits), 16))
    groups, start = [], 0
    for size in sizes:
        if start >= len(digits):
            break
        groups.append(digits[start : start + size])
        start += size
    return " ".join(groups)


class FormDialog(QDialog):
    """Base of the panels' forms: an inline error label, and Enter that belongs to the fields.

    QDialogButtonBox makes its first accept button the dialog's default when shown, so a plain QDialog
    would submit on Enter in any field. Here Enter in a field does what that field's ``returnPressed``
    says (move on, or submit from the last field); on a focused button it presses that button.
    """

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.error_label = QLabel()
        self.error_label.setObjectName("formErrors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color:#b00020")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isEnabled():
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _show_errors(self, exc: ValueError) -> None:
        self.error_label.setText(fmt.describe_error(exc) or str(exc))

    def _chain_enter(self, edits: list[QLineEdit], submit: Any) -> None:
        for current, following in itertools.pairwise(edits):
            current.returnPressed.connect(lambda nxt=following: nxt.setFocus())
        edits[-1].returnPressed.connect(submit)


class RegisterCardDialog(FormDialog):
    """New billing key: card, expiry, birth or business number, PIN, customer, consent."""

    def __init__(
        self, parent: QWidget | None = None, *, today: date | None = None, idle_clear_ms: int = IDLE_CLEAR_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registerCardDialog")
        self.setWindowTitle(self.tr("카드 등록 (단골 고객)"))
        self.setMinimumWidth(480)
        self._today = today or date.today()
        self.card: CardSecrets | None = None
        self.buyer: Buyer | None = None
        self.consent_text = ""

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("customerName")
        self.name_edit.setMaxLength(16)
        self.tel_edit = QLineEdit()
        self.tel_edit.setObjectName("customerTel")
        self.tel_edit.setPlaceholderText("010-1234-5678")
        self.card_edit = SecretLineEdit()
        self.card_edit.setObjectName("cardNumber")
        self.card_edit.setPlaceholderText("0000 0000 0000 0000")
        self.card_edit.setMaxLength(23)
        self.company_label = QLabel()
        self.company_label.setMinimumWidth(90)
        self.company_label.setObjectName("cardCompany")
        self.expiry_edit = SecretLineEdit()
        self.expiry_edit.setObjectName("cardExpiry")
        self.expiry_edit.setPlaceholderText(self.tr("MM/YY"))
        self.expiry_edit.setMaxLength(7)
        self.person_radio = QRadioButton(self.tr("개인카드 (생년월일)"))
        self.corporate_radio = QRadioButton(self.tr("법인카드 (사업자번호)"))
        kind = QButtonGroup(self)
        kind.addButton(self.person_radio)
        kind.addButton(self.corporate_radio)
        self.person_radio.setChecked(True)
        self.birth_edit = SecretLineEdit()
        self.birth_edit.setObjectName("cardBirth")
        self.birth_edit.setMaxLength(12)
        self.pwd_edit = SecretLineEdit()
        self.pwd_edit.setObjectName("cardPwd")
        self.pwd_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pwd_edit.setMaxLength(2)
        self.pwd_edit.setFixedWidth(60)
        self.consent_label = QLabel(QCoreApplication.translate("RegisterCardDialog", CONSENT_TEXT))
        self.consent_label.setObjectName("consentText")
        self.consent_label.setWordWrap(True)
        self.consent_check = QCheckBox(self.tr("고객이 위 내용에 동의했습니다 (구두 동의 확인)"))
        self.consent_check.setObjectName("consentCheck")

        form = QFormLayout()
        form.addRow(self.tr("고객 이름"), self.name_edit)
        form.addRow(self.tr("전화번호"), self.tel_edit)
        card_row = QHBoxLayout()
        card_row.addWidget(self.card_edit, 1)
        card_row.addWidget(self.company_label)
        form.addRow(self.tr("카드번호"), card_row)
        form.addRow(self.tr("유효기간"), self.expiry_edit)
        form.addRow(self.person_radio, self.corporate_radio)
        self.birth_label = QLabel()
        form.addRow(self.birth_label, self.birth_edit)
        form.addRow(self.tr("비밀번호 앞 2자리"), self.pwd_edit)

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
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.card_edit.textEdited.connect(self._on_card_edited)
        # Card data left on screen is wiped after a minute without typing (customer hung up, cashier
        # walked away); any edit restarts the clock.
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(idle_clear_ms)
        self._idle_timer.timeout.connect(self._on_idle_timeout)
        for edit in (self.card_edit, self.expiry_edit, self.birth_edit, self.pwd_edit):
            edit.textEdited.connect(self._idle_timer.start)
        self.corporate_radio.toggled.connect(self._on_corporate_toggled)
        self._on_corporate_toggled(False)
        edits = [
            self.name_edit,
            self.tel_edit,
            self.card_edit,
            self.expiry_edit,
            self.birth_edit,
            self.pwd_edit,
        ]
        self._chain_enter(edits, self.consent_check.setFocus)
        self.name_edit.setFocus()

    def _on_card_edited(self, text: str) -> None:
        grouped = group_card_digits(text)
        if grouped != text:
            at_end = self.card_edit.cursorPosition() >= len(text)
            self.card_edit.setText(grouped)
            if at_end:
                self.card_edit.setCursorPosition(len(grouped))
        digits = grouped.replace(" ", "")
        company = guess_card_company(digits[:6]) if len(digits) >= 6 else None
        self.company_label.setText(company or "")

    def _on_idle_timeout(self) -> None:
        secrets = (self.card_edit, self.expiry_edit, self.birth_edit, self.pwd_edit)
        if any(edit.text() for edit in secrets):
            for edit in secrets:
                edit.wipe()
            self.company_label.clear()
            self.error_label.setText(self.tr("입력이 없어 카드 정보를 지웠습니다. 다시 입력하세요."))

    def _on_corporate_toggled(self, corporate: bool) -> None:
        if corporate:
            self.birth_label.setText(self.tr("사업자번호 (10자리)"))
            self.birth_edit.setPlaceholderText("123-45-67890")
        else:
            self.birth_label.setText(self.tr("생년월일 (YYMMDD)"))
            self.birth_edit.setPlaceholderText("880101")
        self.birth_edit.wipe()

    def _on_submit_clicked(self) -> None:
        if not self.consent_check.isChecked():
            self.error_label.setText(self.tr("고객의 카드 등록 동의를 받고 체크하세요."))
            self.consent_check.setFocus()
            return
        form = {
            "buyer_name": self.name_edit.text(),
            "buyer_tel": self.tel_edit.text(),
            "card_number": self.card_edit.text(),
            "expiry": self.expiry_edit.text(),
            "birth": self.birth_edit.text(),
            "pwd_2digit": self.pwd_edit.text(),
        }
        try:
            self.card, self.buyer = validate_card_registration(form, self._today)
        except ValueError as exc:
            self._show_errors(exc)
            return
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
        for edit in (self.card_edit, self.expiry_edit, self.birth_edit, self.pwd_edit):
            edit.wipe()
        super().done(result)


class ChargeAgainDialog(FormDialog):
    """Charge a saved card: amount, tax-free, order name, 할부 (from 50,000 won), product type."""

    def __init__(
        self, customer: Any, parent: QWidget | None = None, *, default_product_type: str = "real"
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chargeAgainDialog")
        self.setWindowTitle(self.tr("등록 카드로 결제"))
        self.setMinimumWidth(480)
        self._customer = customer
        self.charge: BillingCharge | None = None

        card = customer.card_name or customer.card_company or ""
        self.customer_label = QLabel(
            self.tr("{name} · {tel} · {card} {number}").format(
                name=customer.customer_name, tel=customer.customer_tel, card=card, number=customer.card_hint
            )
        )
        self.customer_label.setObjectName("chargeCustomer")
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("chargeAmount")
        self.amount_edit.setPlaceholderText(self.tr("예: 12,000"))
        self.amount_label = QLabel()
        self.amount_label.setMinimumWidth(110)
        self.amount_label.setObjectName("chargeAmountWords")
        self.tax_free_edit = QLineEdit()
        self.tax_free_edit.setObjectName("chargeTaxFree")
        self.tax_free_edit.setPlaceholderText("0")
        self.order_name_edit = QLineEdit()
        self.order_name_edit.setObjectName("chargeOrderName")
        self.order_name_edit.setMaxLength(40)
        self.quota_combo = QComboBox()
        self.quota_combo.setObjectName("chargeQuota")
        self.quota_combo.addItem(fmt.quota_text(0), 0)
        for months in range(2, MAX_QUOTA + 1):
            self.quota_combo.addItem(fmt.quota_text(months), months)
        self.quota_combo.setEnabled(False)
        self.quota_combo.setToolTip(self.tr("할부는 50,000원 이상부터 가능합니다."))
        self.product_type_combo = QComboBox()
        self.product_type_combo.setObjectName("chargeProductType")
        for kind in ("real", "digital"):
            self.product_type_combo.addItem(fmt.product_type_text(kind), kind)
        self.product_type_combo.setCurrentIndex(1 if default_product_type == "digital" else 0)

        form = QFormLayout()
        form.addRow(self.tr("고객"), self.customer_label)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_edit, 1)
        amount_row.addWidget(self.amount_label)
        form.addRow(self.tr("금액"), amount_row)
        form.addRow(self.tr("면세 금액"), self.tax_free_edit)
        form.addRow(self.tr("주문명"), self.order_name_edit)
        form.addRow(self.tr("할부"), self.quota_combo)
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

        self.amount_edit.textChanged.connect(self._on_amount_changed)
        self._chain_enter(
            [self.amount_edit, self.tax_free_edit, self.order_name_edit], self._on_submit_clicked
        )
        self.amount_edit.setFocus()

    def _on_amount_changed(self, text: str) -> None:
        try:
            amount = parse_won(text) if text.strip() else 0
        except ValueError:
            amount = 0
        self.amount_label.setText(fmt.won(amount) if amount else "")
        allowed = amount >= QUOTA_MIN_AMOUNT
        self.quota_combo.setEnabled(allowed)
        if not allowed:
            self.quota_combo.setCurrentIndex(0)

    def _on_submit_clicked(self) -> None:
        form = {
            "amount": self.amount_edit.text(),
            "tax_free": self.tax_free_edit.text(),
            "order_name": self.order_name_edit.text(),
            "card_quota": str(self.quota_combo.currentData()),
            "product_type": self.product_type_combo.currentData(),
            "buyer_name": self._customer.customer_name,
            "buyer_tel": self._customer.customer_tel,
            "buyer_email": getattr(self._customer, "customer_email", "") or "",
        }
        try:
            charge = validate_billing_charge(form, self._customer.customer_uid)
        except ValueError as exc:
            self._show_errors(exc)
            return
        # Read-back before money moves, as on the key-in form: the right customer, card and amount.
        customer = self._customer
        read_back = self.tr(
            "{name} 고객의 {card} {number}(으)로\n{amount} {quota} 결제합니다.\n"
            "고객에게 읽어 드리고 확인을 받으셨나요?"
        ).format(
            name=customer.customer_name,
            card=customer.card_name or getattr(customer, "card_company", None) or "",
            number=fmt.masked_card(customer.card_hint),
            amount=fmt.won(charge.amount),
            quota=fmt.quota_text(charge.card_quota),
        )
        if not dialogs.confirm(self, self.tr("결제 확인"), read_back):
            return
        self.charge = charge
        self.accept()
