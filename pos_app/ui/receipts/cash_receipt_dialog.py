"""The 현금영수증 form: for a cash or bank-transfer sale taken outside PortOne (external receipt), or for
a PortOne transfer / virtual-account payment (per-payment receipt, found by its order number).

The identifier is a phone number, a business number or a cash-receipt card number; when the customer
gives none the receipt is self-issued to the NTS number 010-000-1234 (소득공제 only, as the NTS rule
says). 지출증빙 is preselected for a business number. The dialog validates with the domain rules and
hands back a ``CashReceiptRequest``; the receipt panel sends it through the services.

The inputs are the counter's one set (ui.widgets): amounts grouped as 12,000, a phone number as
010-1234-5678, a business number as 123-45-67890 (the identifier groups as its kind is written). An empty
number is never taken as self-issue on its own: the cashier ticks "번호를 받지 못함" for that, so a
forgotten number is an error, not a receipt issued to the NTS number. Errors go away the moment their
field is valid (widgets.form_dialog).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cash_receipt import (
    SELF_ISSUE_IDENTIFIER,
    ExternalReceiptOrder,
    IdentifierType,
    ReceiptType,
    parse_identifier,
    validate_external_receipt,
)
from pos_app.domain.errors import QT_TRANSLATE_NOOP, FieldError, FormErrors
from pos_app.domain.forms import ProductType
from pos_app.ui.shell import formatting as fmt
from pos_app.ui.widgets.field_style import set_hint
from pos_app.ui.widgets.form_dialog import FormDialog
from pos_app.ui.widgets.grouped_edit import (
    AmountEdit,
    DigitGroupingEdit,
    counter_limit_error,
    group_digits,
    phone_display,
)

_IDENTIFIER_TYPES: tuple[IdentifierType, ...] = ("phone", "business", "taxcard")
MSG_IDENTIFIER_OR_SELF_ISSUE = QT_TRANSLATE_NOOP(
    "FieldError", "발급 번호를 입력하거나, 번호를 받지 못했으면 '번호를 받지 못함'을 체크하세요."
)
MSG_PAYMENT_UID_REQUIRED = QT_TRANSLATE_NOOP("FieldError", "PortOne 결제의 주문번호를 입력하세요.")


class IdentifierEdit(DigitGroupingEdit):
    """The receipt number grouped as its kind is written: 010-1234-5678, 123-45-67890, 1234-5678-…"""

    max_digits = 19

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind: IdentifierType = "phone"

    def set_kind(self, kind: IdentifierType) -> None:
        self.kind = kind
        self.set_digits(self.digits())

    def display_for(self, digits: str) -> str:
        if self.kind == "phone":
            return phone_display(digits)
        if self.kind == "business":
            return digits if len(digits) <= 3 else group_digits(digits, (3, 2, 5))
        return group_digits(digits, (4, 4, 4, 4, 3))


@dataclass(frozen=True, repr=False)
class CashReceiptRequest:
    """External: ``order`` set. Per-payment: ``merchant_uid`` of the PortOne payment plus the identifier."""

    kind: Literal["external", "payment"]
    merchant_uid: str
    identifier: str
    identifier_type: IdentifierType
    receipt_type: ReceiptType
    order: ExternalReceiptOrder | None = None
    product_type: ProductType = "real"

    def __repr__(self) -> str:  # the identifier is personal data: keep it out of logs
        return f"CashReceiptRequest({self.kind}, {self.merchant_uid}, ***{self.identifier[-4:]})"


class CashReceiptDialog(FormDialog):
    """Collect one cash-receipt request; ``request`` is set when accepted."""

    def __init__(
        self,
        merchant_uid: str,
        parent: QWidget | None = None,
        *,
        amount: int | None = None,
        order_name: str = "",
        default_product_type: str = "real",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cashReceiptDialog")
        self.setWindowTitle(self.tr("현금영수증 발행"))
        self.setMinimumWidth(460)
        self._merchant_uid = merchant_uid
        self.request: CashReceiptRequest | None = None

        self.external_radio = QRadioButton(self.tr("현금·계좌이체 (매장에서 직접 받음)"))
        self.payment_radio = QRadioButton(self.tr("PortOne 계좌이체·가상계좌 결제"))
        group = QButtonGroup(self)
        group.addButton(self.external_radio)
        group.addButton(self.payment_radio)
        self.external_radio.setChecked(True)

        self.payment_uid_edit = QLineEdit()
        self.payment_uid_edit.setObjectName("receiptPaymentUid")
        set_hint(self.payment_uid_edit, self.tr("PortOne 결제의 주문번호 (merchant_uid)"))
        self.amount_edit = AmountEdit()
        self.amount_edit.setObjectName("receiptAmount")
        self.amount_edit.setMaximumWidth(200)
        set_hint(self.amount_edit, self.tr("예: 12,000"))
        if amount is not None:
            self.amount_edit.set_value(amount)
        self.tax_free_edit = AmountEdit()
        self.tax_free_edit.setObjectName("receiptTaxFree")
        self.tax_free_edit.setMaximumWidth(200)
        self.tax_free_edit.show_zero = True
        self.tax_free_edit.set_value(0)
        self.order_name_edit = QLineEdit(order_name)
        self.order_name_edit.setObjectName("receiptOrderName")
        self.order_name_edit.setMaxLength(40)
        set_hint(self.order_name_edit, self.tr("비우면: 현금 판매"))
        self.buyer_edit = QLineEdit()
        set_hint(self.buyer_edit, self.tr("비우면: 현금 고객"))
        self.buyer_edit.setObjectName("receiptBuyer")
        self.buyer_edit.setMaxLength(16)

        self.identifier_type_combo = QComboBox()
        self.identifier_type_combo.setObjectName("receiptIdentifierType")
        for kind in _IDENTIFIER_TYPES:
            self.identifier_type_combo.addItem(fmt.identifier_type_text(kind), kind)
        self.identifier_edit = IdentifierEdit()
        self.identifier_edit.setObjectName("receiptIdentifier")
        self.identifier_edit.setMaximumWidth(240)
        self.self_issue_check = QCheckBox(self.tr("번호를 받지 못함 (국세청 자진발급 010-000-1234)"))
        self.self_issue_check.setObjectName("receiptSelfIssue")

        self.person_radio = QRadioButton(fmt.receipt_type_text("person"))
        self.company_radio = QRadioButton(fmt.receipt_type_text("company"))
        purpose = QButtonGroup(self)
        purpose.addButton(self.person_radio)
        purpose.addButton(self.company_radio)
        self.person_radio.setChecked(True)

        self.product_type_combo = QComboBox()
        self.product_type_combo.setObjectName("receiptProductType")
        for product in ("real", "digital"):
            self.product_type_combo.addItem(fmt.product_type_text(product), product)
        self.product_type_combo.setCurrentIndex(1 if default_product_type == "digital" else 0)

        self.form = QFormLayout()
        self.form.addRow(self.external_radio)
        self.form.addRow(self.payment_radio)
        self.form.addRow(self.tr("결제 주문번호"), self.payment_uid_edit)
        self.form.addRow(self.tr("금액"), self.amount_edit)
        self.form.addRow(self.tr("면세 금액"), self.tax_free_edit)
        self.form.addRow(self.tr("주문명"), self.order_name_edit)
        self.form.addRow(self.tr("구매자"), self.buyer_edit)
        self.form.addRow(self.tr("식별번호 종류"), self.identifier_type_combo)
        self.form.addRow(self.tr("식별번호"), self.identifier_edit)
        self.form.addRow(self.self_issue_check)
        self.form.addRow(self.person_radio, self.company_radio)
        self.form.addRow(self.tr("상품 구분"), self.product_type_combo)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(self.tr("발행"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("receiptSubmit")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("닫기"))
        buttons.accepted.connect(self._on_submit_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.payment_radio.toggled.connect(self._on_kind_toggled)
        self.self_issue_check.toggled.connect(self._on_self_issue_toggled)
        self.identifier_type_combo.currentIndexChanged.connect(self._on_identifier_type_changed)
        for key, widget in (
            ("customer_uid", self.payment_uid_edit),
            ("amount", self.amount_edit),
            ("tax_free", self.tax_free_edit),
            ("order_name", self.order_name_edit),
            ("buyer_name", self.buyer_edit),
            ("identifier", self.identifier_edit),
        ):
            self.bind_field(key, widget)
        self.self_issue_check.toggled.connect(lambda _checked: self._on_field_edited("identifier"))
        self.chain_enter(
            [
                self.payment_uid_edit,
                self.amount_edit,
                self.tax_free_edit,
                self.order_name_edit,
                self.buyer_edit,
                self.identifier_type_combo,
                self.identifier_edit,
            ],
            self._on_submit_clicked,
        )
        self._on_kind_toggled(False)
        self._on_identifier_type_changed(0)
        self.amount_edit.setFocus()

    def _on_kind_toggled(self, per_payment: bool) -> None:
        self.form.setRowVisible(self.payment_uid_edit, per_payment)
        for edit in (self.amount_edit, self.tax_free_edit, self.order_name_edit, self.buyer_edit):
            self.form.setRowVisible(edit, not per_payment)

    def _on_self_issue_toggled(self, checked: bool) -> None:
        self.identifier_edit.setEnabled(not checked)
        self.identifier_type_combo.setEnabled(not checked)
        self.company_radio.setEnabled(not checked)
        if checked:
            self.identifier_type_combo.setCurrentIndex(_IDENTIFIER_TYPES.index("phone"))
            self.person_radio.setChecked(True)

    def _on_identifier_type_changed(self, _index: int) -> None:
        kind = self._identifier_type()
        self.identifier_edit.set_kind(kind)
        hints = {"phone": self.tr("예: 010-1234-5678"), "business": self.tr("예: 123-45-67890")}
        set_hint(self.identifier_edit, hints.get(kind, self.tr("카드 뒷면의 번호")))
        if kind == "business":
            self.company_radio.setChecked(True)

    def _identifier_type(self) -> IdentifierType:
        kind = self.identifier_type_combo.currentData()
        return kind if kind in _IDENTIFIER_TYPES else "phone"

    def _product_type(self) -> ProductType:
        return "digital" if self.product_type_combo.currentData() == "digital" else "real"

    def _build_request(self) -> CashReceiptRequest:
        """The request in the form, or FormErrors / FieldError with every problem (no call is made)."""
        identifier_type = self._identifier_type()
        receipt_type: ReceiptType = "company" if self.company_radio.isChecked() else "person"
        self_issue = self.self_issue_check.isChecked()
        if not self_issue and not self.identifier_edit.digits():
            missing = FieldError("identifier", MSG_IDENTIFIER_OR_SELF_ISSUE)
        else:
            missing = None
        if self.payment_radio.isChecked():
            errors: list[FieldError] = [missing] if missing else []
            identifier = SELF_ISSUE_IDENTIFIER
            if self_issue:
                identifier_type, receipt_type = "phone", "person"
            elif missing is None:
                try:
                    identifier = parse_identifier(self.identifier_edit.text(), identifier_type)
                except FieldError as refused:
                    errors.append(refused)
            payment_uid = self.payment_uid_edit.text().strip()
            if not payment_uid:
                errors.append(FieldError("customer_uid", MSG_PAYMENT_UID_REQUIRED))
            if errors:
                raise FormErrors(errors)
            return CashReceiptRequest(
                "payment",
                payment_uid,
                identifier,
                identifier_type,
                receipt_type,
                product_type=self._product_type(),
            )
        form = {
            "amount": self.amount_edit.text(),
            "tax_free": self.tax_free_edit.text(),
            "order_name": self.order_name_edit.text().strip() or self.tr("현금 판매"),
            "buyer_name": self.buyer_edit.text().strip() or self.tr("현금 고객"),
            "product_type": self._product_type(),
            "identifier": "" if self_issue else self.identifier_edit.text(),
            "identifier_type": identifier_type,
            "receipt_type": receipt_type,
        }
        extra = [
            error for error in (missing, counter_limit_error("amount", self.amount_edit.value())) if error
        ]
        try:
            order = validate_external_receipt(form, self._merchant_uid)
        except FormErrors as refused:
            raise FormErrors([*refused.errors, *extra]) from None
        if extra:
            raise FormErrors(extra)
        return CashReceiptRequest(
            "external", self._merchant_uid, order.identifier, order.identifier_type, order.receipt_type, order
        )

    def validate_form(self) -> BaseException | None:
        try:
            self._build_request()
        except ValueError as problem:
            return problem
        return None

    def _on_submit_clicked(self) -> None:
        try:
            request = self._build_request()
        except ValueError as problem:
            self.request = None
            self.show_form_errors(problem)
            return
        self.request = request
        self.accept()
